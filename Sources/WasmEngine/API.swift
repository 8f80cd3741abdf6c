// THE PUBLIC API CONTRACT (stub). Signatures here are the contract between the engine
// implementation and its users (CLI, spec runner, fuzzing harness). Bodies marked
// `fatalError("unimplemented")` are filled in by the engine work; signatures may gain members
// but existing ones are not changed without updating every user.

@_exported import WasmCore

/// Which backend executes wasm code.
public enum Strategy: String, Sendable, CaseIterable {
    /// The JIT where the host supports it (x86-64), the interpreter elsewhere.
    case auto
    case interpreter
    case jit
}

/// Engine settings, validated by `Engine.init(_:)`.
public struct Config: Hashable, Sendable {
    public var strategy: Strategy = .auto
    public var features: Features = .wasm2
    /// Insert epoch checks at function entries and loop headers.
    public var epochInterruption: Bool = false
    /// Charge fuel for executed instructions (see FUEL.md / the engine docs for the exact rule).
    public var consumeFuel: Bool = false
    /// Largest wasm stack in bytes; deeper recursion traps with "call stack exhausted".
    public var maxWasmStack: Int = 512 * 1024
    /// Reserved for async support (a later issue); `Engine.init` rejects `true` until then.
    public var asyncSupport: Bool = false

    public init() {}
}

/// Errors of engine configuration (`Engine.init`) and of API misuse (wrong store, wrong value type).
public struct EngineError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An opaque host reference carried by `externref` values.
public typealias ExternRef = UInt64

/// A wasm value. Floats are kept as bit patterns so NaN payloads survive.
public enum Value: Hashable, Sendable, CustomStringConvertible {
    case i32(Int32)
    case i64(Int64)
    case f32(UInt32)
    case f64(UInt64)
    case funcref(Func?)
    case externref(ExternRef?)

    public static func float32(_ v: Float) -> Value { .f32(v.bitPattern) }
    public static func float64(_ v: Double) -> Value { .f64(v.bitPattern) }

    public var type: ValueType {
        switch self {
        case .i32: return .i32
        case .i64: return .i64
        case .f32: return .f32
        case .f64: return .f64
        case .funcref: return .funcref
        case .externref: return .externref
        }
    }

    public var description: String {
        switch self {
        case .i32(let v): return "i32:\(v)"
        case .i64(let v): return "i64:\(v)"
        case .f32(let b): return "f32:\(Float(bitPattern: b))"
        case .f64(let b): return "f64:\(Double(bitPattern: b))"
        case .funcref(let f): return f == nil ? "funcref:null" : "funcref"
        case .externref(let e): return e.map { "externref:\($0)" } ?? "externref:null"
        }
    }
}

/// The wasmtime-like action taken when an epoch deadline is reached and a callback is installed.
public enum EpochDeadlineAction: Hashable, Sendable {
    /// Keep running with a new deadline `delta` ticks after the current epoch.
    case continueWith(delta: UInt64)
    /// Trap with `TrapKind.interrupt`.
    case trap
}

/// A shared engine handle: copies refer to the same engine.
public struct Engine: @unchecked Sendable {
    public init(_ config: Config = Config()) throws { fatalError("unimplemented") }
    /// A process-wide engine with the default configuration.
    public static var `default`: Engine { fatalError("unimplemented") }
    public var config: Config { fatalError("unimplemented") }
    public var isInterpreter: Bool { fatalError("unimplemented") }
    public var isAsync: Bool { fatalError("unimplemented") }
    /// Whether two handles refer to the same engine.
    public static func same(_ a: Engine, _ b: Engine) -> Bool { fatalError("unimplemented") }
    public func weak() -> WeakEngine { fatalError("unimplemented") }
    /// Atomically advances the epoch; safe from any thread or a signal handler.
    public func incrementEpoch() { fatalError("unimplemented") }
    /// The current epoch.
    public var currentEpoch: UInt64 { fatalError("unimplemented") }
    public func tlsEagerInitialize() { fatalError("unimplemented") }
    public func unloadProcessHandlers() throws { fatalError("unimplemented") }
}

/// A weak reference to an engine.
public struct WeakEngine: @unchecked Sendable {
    public func upgrade() -> Engine? { fatalError("unimplemented") }
}

/// A compiled (decoded, validated, lowered) module, shareable across stores of its engine.
public struct Module: @unchecked Sendable {
    public init(_ engine: Engine, bytes: [UInt8]) throws { fatalError("unimplemented") }
    /// Compiles a module from the text format (through WasmKit's `wat2wasm`).
    public init(_ engine: Engine, wat: String) throws { fatalError("unimplemented") }
    /// Decodes and validates without compiling.
    public static func validate(_ engine: Engine, bytes: [UInt8]) throws { fatalError("unimplemented") }
    public var engine: Engine { fatalError("unimplemented") }
    /// The decoded module.
    public var decoded: ModuleDefinition { fatalError("unimplemented") }
    public var name: String? { fatalError("unimplemented") }
    public var imports: [Import] { fatalError("unimplemented") }
    public var exports: [Export] { fatalError("unimplemented") }
}

/// Holds all wasm objects of one instantiation graph; not thread-safe.
public final class Store {
    public init(_ engine: Engine, data: Any? = nil) { fatalError("unimplemented") }
    public var engine: Engine { fatalError("unimplemented") }
    /// User data for host functions.
    public var data: Any?
    /// Sets the deadline `ticks` epochs after the current one.
    public func setEpochDeadline(_ ticks: UInt64) { fatalError("unimplemented") }
    /// At the deadline, trap (the default).
    public func epochDeadlineTrap() { fatalError("unimplemented") }
    /// At the deadline, call `callback` to decide.
    public func epochDeadlineCallback(_ callback: @escaping (Store) throws -> EpochDeadlineAction) { fatalError("unimplemented") }
    public func setFuel(_ fuel: UInt64) throws { fatalError("unimplemented") }
    public func getFuel() throws -> UInt64 { fatalError("unimplemented") }
}

/// Passed to host functions: the calling instance's context.
public struct Caller {
    public var store: Store { fatalError("unimplemented") }
    /// The calling instance's export of that name, if any (e.g. its memory).
    public func export(_ name: String) -> Extern? { fatalError("unimplemented") }
}

/// A function: a wasm function of an instance, or a host function.
public struct Func: Hashable, @unchecked Sendable {
    /// A host function.
    public init(_ store: Store, type: FuncType, _ body: @escaping (Caller, [Value]) throws -> [Value]) { fatalError("unimplemented") }
    public var type: FuncType { fatalError("unimplemented") }
    /// Calls the function. Throws `Trap` for traps, `EngineError` for wrong arguments.
    public func call(_ args: [Value]) throws -> [Value] { fatalError("unimplemented") }
    public static func == (a: Func, b: Func) -> Bool { fatalError("unimplemented") }
    public func hash(into hasher: inout Hasher) { fatalError("unimplemented") }
}

/// A linear memory.
public struct Memory {
    public init(_ store: Store, type: MemoryType) throws { fatalError("unimplemented") }
    public var type: MemoryType { fatalError("unimplemented") }
    /// Size in 64 KiB pages.
    public var pageCount: UInt64 { fatalError("unimplemented") }
    public var byteCount: Int { fatalError("unimplemented") }
    /// Grows by `pages`; returns the old page count or throws when it cannot grow.
    @discardableResult public func grow(by pages: UInt64) throws -> UInt64 { fatalError("unimplemented") }
    public func read(at offset: Int, count: Int) throws -> [UInt8] { fatalError("unimplemented") }
    public func write(_ bytes: [UInt8], at offset: Int) throws { fatalError("unimplemented") }
}

/// A table of references.
public struct Table {
    public init(_ store: Store, type: TableType, initial: Value) throws { fatalError("unimplemented") }
    public var type: TableType { fatalError("unimplemented") }
    public var size: UInt64 { fatalError("unimplemented") }
    public func get(_ index: UInt64) -> Value? { fatalError("unimplemented") }
    public func set(_ index: UInt64, _ value: Value) throws { fatalError("unimplemented") }
    @discardableResult public func grow(by delta: UInt64, initial: Value) throws -> UInt64 { fatalError("unimplemented") }
}

/// A global variable.
public struct Global {
    public init(_ store: Store, type: GlobalType, value: Value) throws { fatalError("unimplemented") }
    public var type: GlobalType { fatalError("unimplemented") }
    public func get() -> Value { fatalError("unimplemented") }
    public func set(_ value: Value) throws { fatalError("unimplemented") }
}

/// Anything an instance can import or export.
public enum Extern {
    case function(Func)
    case memory(Memory)
    case table(Table)
    case global(Global)
}

/// An instantiated module.
public struct Instance {
    /// Instantiates with imports given in the module's import order.
    public init(_ store: Store, module: Module, imports: [Extern]) throws { fatalError("unimplemented") }
    /// Exports in the module's export order.
    public var exports: [(name: String, value: Extern)] { fatalError("unimplemented") }
    public func export(_ name: String) -> Extern? { fatalError("unimplemented") }
    public func function(_ name: String) -> Func? { fatalError("unimplemented") }
    public func memory(_ name: String) -> Memory? { fatalError("unimplemented") }
    public func table(_ name: String) -> Table? { fatalError("unimplemented") }
    public func global(_ name: String) -> Global? { fatalError("unimplemented") }
}

/// Resolves imports by (module, name).
public final class Linker {
    public init(_ engine: Engine) { fatalError("unimplemented") }
    /// Allow later definitions to replace earlier ones of the same name.
    public var allowShadowing: Bool = false
    public func define(_ module: String, _ name: String, _ item: Extern) throws { fatalError("unimplemented") }
    /// Defines a host function.
    public func defineFunction(_ store: Store, _ module: String, _ name: String, type: FuncType,
                               _ body: @escaping (Caller, [Value]) throws -> [Value]) throws { fatalError("unimplemented") }
    /// Defines every export of `instance` under the module name `module`.
    public func defineInstance(_ module: String, _ instance: Instance) throws { fatalError("unimplemented") }
    public func instantiate(_ store: Store, _ module: Module) throws -> Instance { fatalError("unimplemented") }
}
