import WasmCore

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
public struct StateSnapshot: Hashable, Sendable {
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
    /// Where the last trap happened (function and module offset), when the engine knows.
    var lastTrapLocation: String? { get }
}

/// The oracle's host imports: every import is satisfied deterministically from its type alone.
/// Function imports return zeros of their result types and log their arguments; `host.tick`
/// additionally advances the engine's epoch by one.
public enum HostImports {
    public static let tickModule = "host"
    public static let tickName = "tick"

    public static func isTick(_ module: String, _ name: String) -> Bool {
        module == tickModule && name == tickName
    }
}
