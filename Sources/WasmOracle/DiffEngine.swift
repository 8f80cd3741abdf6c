import WasmCore
import WasmSmith

/// Settings of one differential execution that every engine must apply the same way.
public struct RunOptions: Hashable, Sendable {
    /// When set, epoch interruption is on and the store's deadline is this many ticks ahead.
    /// The module's imported `host.tick` advances the engine's epoch by one.
    public var epochDeadline: UInt64?
    /// When set, fuel is on with this budget (given once, before instantiation).
    public var fuel: UInt64?

    public init(epochDeadline: UInt64? = nil, fuel: UInt64? = nil) {
        self.epochDeadline = epochDeadline
        self.fuel = fuel
    }
}

/// A call an instance made to one of the oracle's host functions, in order.
public struct HostCall: Hashable, Sendable, CustomStringConvertible {
    public var module: String
    public var name: String
    public var arguments: [DiffValue]

    public var description: String { "\(module).\(name)(\(arguments.map(\.description).joined(separator: ", ")))" }

    /// Equality under the NaN rule.
    public func matches(_ other: HostCall) -> Bool {
        module == other.module && name == other.name && arguments.matches(other.arguments)
    }
}

/// What the oracle compares after every call: the state a module exposes through its exports.
/// Memory contents are compared in place through `DiffInstance.withMemories`, not copied here.
public struct StateSnapshot: Hashable, Sendable {
    /// Copies of the exported memories, from engines that cannot lend them in place (the default
    /// `withMemories` lends these); empty for engines that can.
    public var memories: [String: [UInt8]] = [:]
    public var globals: [String: DiffValue] = [:]
    /// Table contents; `nil` for an engine that cannot read its tables (it sits out of that part).
    public var tables: [String: [DiffValue]]?
    /// Remaining fuel, when fuel is on and the engine meters it.
    public var fuel: UInt64?
    public var hostCalls: [HostCall] = []

    public init() {}
}

/// One engine behind the oracle (as wasmtime's `DiffEngine`): it instantiates a module with the
/// oracle's deterministic host imports and runs calls.
public protocol DiffEngine: AnyObject {
    var name: String { get }
    /// Whether `DiffInstance.interrupt()` stops a running call (engines that cannot be interrupted
    /// sit out the rest of a run that has used half its watchdog budget).
    var isInterruptible: Bool { get }
    /// Why this engine cannot take part in a run with these options, or nil when it can.
    func unsupportedReason(for options: RunOptions) -> String?
    /// Instantiates `bytes`; `.returned([])` on success, otherwise the failure outcome.
    func instantiate(_ bytes: [UInt8], module: ModuleDefinition, options: RunOptions) -> (CallOutcome, (any DiffInstance)?)
}

/// An instantiated module on one engine.
public protocol DiffInstance: AnyObject {
    /// Calls the exported function `name`.
    func call(_ name: String, _ arguments: [DiffValue]) -> CallOutcome
    /// The state visible through the exports, plus host calls so far and remaining fuel.
    func snapshot() -> StateSnapshot
    /// Calls `body` with the bytes of every exported memory, by export name: in place where the
    /// engine allows (memories can be gigabytes after `memory.grow`), valid only during `body`.
    /// By default the copies in `snapshot().memories` are lent.
    func withMemories<R>(_ body: ([String: UnsafeRawBufferPointer]) -> R) -> R
    /// Makes a running call end with the interrupt trap soon (the oracle's watchdog); safe from
    /// another thread, harmless when nothing runs. By default advances the epoch.
    func interrupt()
    /// Where the last trap happened (function and module offset), when the engine knows.
    var lastTrapLocation: String? { get }
    /// Advances the engine's epoch; must be safe to call from another thread while a call runs.
    func incrementEpoch()
}

extension DiffEngine {
    public var isInterruptible: Bool { true }
}

extension DiffInstance {
    public func withMemories<R>(_ body: ([String: UnsafeRawBufferPointer]) -> R) -> R {
        lendMemories(snapshot().memories.sorted { $0.key < $1.key }[...], [:], body)
    }

    public func interrupt() { incrementEpoch() }
}

/// Lends each byte array of `items` in place, then calls `body` with all of them.
func lendMemories<R>(_ items: ArraySlice<(key: String, value: [UInt8])>, _ lent: [String: UnsafeRawBufferPointer],
                     _ body: ([String: UnsafeRawBufferPointer]) -> R) -> R {
    guard let first = items.first else { return body(lent) }
    return first.value.withUnsafeBytes { bytes in
        var lent = lent
        lent[first.key] = bytes
        return lendMemories(items.dropFirst(), lent, body)
    }
}

/// The oracle's host imports: one object per distinct (module, name), the same on every engine.
/// Names of the generator's host environment (`WasmSmith.HostEnvironment`: `host.memory`,
/// `host.table`, `host.g_i32`, ...) get that environment's fixed types and values, so every import
/// the generator declares links; other names get an object of the first import's type with zero
/// values. Function imports return zeros of their result types and log their arguments; `host.tick`
/// additionally advances the engine's epoch by one.
public enum HostImports {
    public static let tickModule = HostEnvironment.moduleName
    public static let tickName = "tick"

    public static func isTick(_ module: String, _ name: String) -> Bool {
        module == tickModule && name == tickName
    }

    /// What to create for one import.
    public enum Item: Hashable, Sendable {
        case function(FuncType)
        case memory(MemoryType)
        case table(TableType)
        case global(GlobalType, DiffValue)
    }

    /// The identity of an import name: its bytes (Swift's String equality is canonical equivalence,
    /// wasm names compare as code points).
    public static func key(_ module: String, _ name: String) -> [UInt8] {
        Array(module.utf8) + [0xFF] + Array(name.utf8)
    }

    /// One entry per distinct (module, name), in first-import order; nil when a function import
    /// names a type that does not exist. A memory or table name imported several times gets the
    /// tightest limits that satisfy every import (when there are such limits).
    public static func plan(for module: ModuleDefinition) -> [(module: String, name: String, item: Item)]? {
        var index: [[UInt8]: Int] = [:]
        var result: [(module: String, name: String, item: Item)] = []
        for entry in module.imports {
            if let i = index[key(entry.module, entry.name)] {
                result[i].item = merged(result[i].item, entry.descriptor)
                continue
            }
            index[key(entry.module, entry.name)] = result.count
            let item: Item
            switch entry.descriptor {
            case .function(let typeIndex):
                guard Int(typeIndex) < module.types.count else { return nil }
                item = .function(module.types[Int(typeIndex)])
            case .memory(let type):
                let fixed = entry.module == HostEnvironment.moduleName && entry.name == HostEnvironment.memory.name
                item = .memory(fixed ? HostEnvironment.memory.type : type)
            case .table(let type):
                let fixed = entry.module == HostEnvironment.moduleName && entry.name == HostEnvironment.table.name
                item = .table(fixed ? HostEnvironment.table.type : type)
            case .global(let type):
                if entry.module == HostEnvironment.moduleName,
                   let host = HostEnvironment.globals.first(where: { $0.name == entry.name }) {
                    item = .global(host.type, constantValue(host.value))
                } else {
                    item = .global(type, .zero(type.valueType))
                }
            }
            result.append((entry.module, entry.name, item))
        }
        return result
    }

    /// Widens a memory or table item so it also satisfies `descriptor` (larger minimum, smaller maximum).
    static func merged(_ item: Item, _ descriptor: ImportDescriptor) -> Item {
        func merge(_ a: Limits, _ b: Limits) -> Limits {
            let max: UInt64? = switch (a.max, b.max) {
            case (nil, nil): nil
            case (let x?, nil), (nil, let x?): x
            case (let x?, let y?): Swift.min(x, y)
            }
            return Limits(min: Swift.max(a.min, b.min), max: max)
        }
        switch (item, descriptor) {
        case (.memory(var t), .memory(let other)):
            t.limits = merge(t.limits, other.limits)
            return .memory(t)
        case (.table(var t), .table(let other)) where t.elementType == other.elementType:
            t.limits = merge(t.limits, other.limits)
            return .table(t)
        default:
            return item
        }
    }

    static func constantValue(_ instruction: Instruction) -> DiffValue {
        switch instruction {
        case .i32Const(let v): return .i32(UInt32(bitPattern: v))
        case .i64Const(let v): return .i64(UInt64(bitPattern: v))
        case .f32Const(let v): return .f32(v)
        case .f64Const(let v): return .f64(v)
        default: return .i32(0)
        }
    }
}
