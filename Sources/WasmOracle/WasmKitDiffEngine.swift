import WasmCore
@_spi(Fuzzing) import WasmKit
import WasmTypes

/// WasmKit 0.4.2 as an in-process third opinion. It has no epoch interruption and meters fuel by
/// its own rule, so it sits out runs that use either; it cannot report a table's current size, so
/// it sits out table comparison. It cannot be interrupted either: the oracle's watchdog makes it
/// sit out the rest of a run that is already slow, and growing a memory past
/// `WasmKitDiffEngine.memoryLimit` makes it sit out (it would allocate and zero the bytes).
/// Tables grow no further than ours (`Table.maximumElements`), so a `table.grow` past that limit
/// returns -1 on every engine.
public final class WasmKitDiffEngine: DiffEngine {
    public let name = "wasmkit"
    public var isInterruptible: Bool { false }
    /// Largest memory WasmKit may grow to in a run, in bytes.
    public static let memoryLimit = 1 << 30
    /// One engine and one execution stack for every run (allocating them per call was a large
    /// part of a differential execution).
    private let engine = WasmKit.Engine(configuration: EngineConfiguration(features: [.referenceTypes]))
    private let stack: StackBox

    public init() {
        stack = StackBox(ExecutionStack(engine: engine))
    }

    public func unsupportedReason(for options: RunOptions) -> String? {
        if options.epochDeadline != nil { return "WasmKit has no epoch interruption" }
        if options.fuel != nil { return "WasmKit meters fuel by a different rule" }
        return nil
    }

    public func instantiate(_ bytes: [UInt8], module: ModuleDefinition, options: RunOptions) -> (CallOutcome, (any DiffInstance)?) {
        if let reason = unsupportedReason(for: options) { return (.unsupported(reason), nil) }
        let store = WasmKit.Store(engine: engine)
        store.resourceLimiter = MemoryLimiter()
        let instance = WasmKitDiffInstance(stack: stack)
        let parsed: WasmKit.Module
        do {
            parsed = try parseWasm(bytes: bytes, features: [.referenceTypes])
        } catch {
            return (.rejected("\(error)"), nil)
        }
        var imports = Imports()
        do {
            guard let plan = HostImports.plan(for: module) else { return (.rejected("unknown type"), nil) }
            for entry in plan {
                imports.define(module: entry.module, name: entry.name, try instance.makeImport(entry.item, module: entry.module, name: entry.name, store: store))
            }
            instance.instance = try parsed.instantiate(store: store, imports: imports)
        } catch {
            return (WasmKitDiffInstance.outcome(of: error), nil)
        }
        return (.returned([]), instance)
    }
}

/// An execution stack WasmKit reuses from call to call (one per engine wrapper, whose runs are
/// sequential).
final class StackBox {
    var stack: ExecutionStack
    init(_ stack: consuming ExecutionStack) { self.stack = stack }
}

final class WasmKitDiffInstance: DiffInstance {
    var instance: WasmKit.Instance?
    var hostCalls: [HostCall] = []
    let lastTrapLocation: String? = nil
    let stack: StackBox

    init(stack: StackBox) { self.stack = stack }

    func makeImport(_ item: HostImports.Item, module: String, name: String, store: WasmKit.Store) throws -> ExternalValue {
        switch item {
        case .function(let type):
            let function = WasmKit.Function(store: store, parameters: type.params.map(Self.kitType), results: type.results.map(Self.kitType)) { [weak self] _, args in
                self?.hostCalls.append(HostCall(module: module, name: name, arguments: args.map(Self.diffValue)))
                return type.results.map { Self.kitValue(.zero($0)) }
            }
            return .function(function)
        case .memory(let type):
            return .memory(try WasmKit.Memory(store: store, type: Limits(min: type.limits.min, max: type.limits.max)))
        case .table(let type):
            let kitType = WasmKit.TableType(elementType: type.elementType == .funcref ? .funcRef : .externRef,
                                            limits: Limits(min: type.limits.min, max: type.limits.max))
            return .table(try WasmKit.Table(store: store, type: kitType))
        case .global(let type, let value):
            let kitType = WasmKit.GlobalType(mutability: type.isMutable ? .variable : .constant, valueType: Self.kitType(type.valueType))
            return .global(try WasmKit.Global(store: store, type: kitType, value: Self.kitValue(value)))
        }
    }

    /// WasmKit has no epochs (it sits out every epoch run).
    func incrementEpoch() {}

    func call(_ name: String, _ arguments: [DiffValue]) -> CallOutcome {
        guard let function = instance?.exports[function: name] else { return .unsupported("no exported function \(name)") }
        do {
            return .returned(try function.invoke(arguments.map(Self.kitValue), on: &stack.stack).map(Self.diffValue))
        } catch {
            return Self.outcome(of: error)
        }
    }

    func snapshot() -> StateSnapshot {
        var state = StateSnapshot()
        state.tables = nil
        guard let instance else { return state }
        for (name, value) in instance.exports {
            if case .global(let global) = value { state.globals[name] = Self.diffValue(global.value) }
        }
        state.hostCalls = hostCalls
        return state
    }

    func withMemories<R>(_ body: ([String: UnsafeRawBufferPointer]) -> R) -> R {
        var memories: [(String, WasmKit.Memory)] = []
        if let instance {
            for (name, value) in instance.exports {
                if case .memory(let memory) = value { memories.append((name, memory)) }
            }
        }
        return Self.lend(memories[...], [:], body)
    }

    private static func lend<R>(_ items: ArraySlice<(String, WasmKit.Memory)>, _ lent: [String: UnsafeRawBufferPointer],
                                _ body: ([String: UnsafeRawBufferPointer]) -> R) -> R {
        guard let (name, memory) = items.first else { return body(lent) }
        let count = memory.byteCount
        guard count > 0 else {
            var lent = lent
            lent[name] = UnsafeRawBufferPointer(start: nil, count: 0)
            return lend(items.dropFirst(), lent, body)
        }
        return memory.withUnsafeBufferPointer(offset: 0, count: count) { bytes in
            var lent = lent
            lent[name] = bytes
            return lend(items.dropFirst(), lent, body)
        }
    }

    /// Maps WasmKit's trap wording onto trap classes (its reasons are not public API, so this reads
    /// the description; unknown wordings become `.other` and show up as divergences).
    static func outcome(of error: Error) -> CallOutcome {
        let text = "\(error)"
        if error is MemoryLimitExceeded { return .unsupported(text) }
        if let issue = knownIssues.first(where: { text.contains($0.needle) }) {
            return .unsupported("known WasmKit 0.4.2 issue: \(issue.explanation)")
        }
        guard let trap = error as? WasmKit.Trap else { return .rejected(text) }
        let table: [(String, TrapClass)] = [
            ("call stack exhausted", .other),
            ("integer divide by zero", .integerDivideByZero),
            ("integer overflow", .integerOverflow),
            ("invalid conversion to integer", .invalidConversionToInteger),
            ("out of bounds memory access", .outOfBoundsMemoryAccess),
            ("out of bounds table access", .tableBounds),
            ("uninitialized element", .uninitializedElement),
            ("indirect call type mismatch", .indirectCallTypeMismatch),
            ("unreachable", .unreachable),
        ]
        if text.contains("call stack exhausted") { return .stackExhausted }
        for (needle, kind) in table where text.contains(needle) {
            return .trapped(kind, message: text)
        }
        return .trapped(.other, message: text)
    }

    static func kitType(_ type: WasmCore.ValueType) -> WasmTypes.ValueType {
        switch type {
        case .i32: return .i32
        case .i64: return .i64
        case .f32: return .f32
        case .f64: return .f64
        case .v128: return .v128
        case .ref(.funcref): return .ref(.funcRef)
        case .ref(.externref): return .ref(.externRef)
        }
    }

    static func kitValue(_ value: DiffValue) -> WasmTypes.Value {
        switch value {
        case .i32(let v): return .i32(v)
        case .i64(let v): return .i64(v)
        case .f32(let v): return .f32(v)
        case .f64(let v): return .f64(v)
        case .funcref: return .ref(.function(nil))
        case .externref(let v): return .ref(.extern(v.map { Int(truncatingIfNeeded: $0) }))
        }
    }

    static func diffValue(_ value: WasmTypes.Value) -> DiffValue {
        switch value {
        case .i32(let v): return .i32(v)
        case .i64(let v): return .i64(v)
        case .f32(let v): return .f32(v)
        case .f64(let v): return .f64(v)
        case .v128: return .externref(nil)
        case .ref(.function(let f)): return .funcref(isNull: f == nil)
        case .ref(.extern(let e)): return .externref(e.map { UInt64(truncatingIfNeeded: $0) })
        case .ref: return .externref(nil)
        }
    }
}

/// WasmKit behaviours that contradict the spec, checked against the spec text and suite; a
/// module that meets one makes WasmKit sit out (counted) instead of reporting a divergence.
let knownIssues: [(needle: String, explanation: String)] = [
    // Spec 2.0 §3.4.10: C.refs holds the function indices occurring in elements, globals *and
    // exports*; WasmKit only collects them from evaluated constant expressions.
    ("is not declared but referenced as a function reference", "an exported function does not count as declared for ref.func"),
]

/// Refuses (by throwing, so WasmKit sits out instead of diverging) to grow a memory past
/// `WasmKitDiffEngine.memoryLimit`; fails (`table.grow` gives -1) to grow a table past our
/// engine's limit, as our backends do.
final class MemoryLimiter: ResourceLimiter {
    func limitMemoryGrowth(to desired: Int) throws -> Bool {
        if desired > WasmKitDiffEngine.memoryLimit { throw MemoryLimitExceeded(bytes: desired) }
        return true
    }

    func limitTableGrowth(to desired: Int) throws -> Bool {
        desired >= 0 && UInt64(desired) <= ourTableLimit
    }
}

struct MemoryLimitExceeded: Error, CustomStringConvertible {
    var bytes: Int
    var description: String { "memory growth to \(bytes) bytes exceeds the oracle's WasmKit limit" }
}

struct WasmKitOracleError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
