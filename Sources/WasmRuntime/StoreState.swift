import WasmCore

/// The runtime side of a store (core spec §4.2.3): every function, table, memory and global
/// instance of one instantiation graph, addressed by index, plus epoch and fuel state.
///
/// Reference encoding in 64-bit slots: 0 is null; a function reference is its address in
/// `functions` + 1; an extern reference is its index in `externs` + 1 (so every `UInt64`
/// host value round-trips).
public final class StoreState {
    public let engine: EngineShared
    public let backend: Backend
    public internal(set) var functions: [FunctionInstance] = []
    public internal(set) var instances: [ModuleInstance] = []
    public internal(set) var tables: [TableInstance] = []
    public internal(set) var memories: [MemoryInstance] = []
    public internal(set) var globals: [GlobalInstance] = []
    public private(set) var externs: [UInt64] = []
    private var externIndex: [UInt64: Int] = [:]
    private var typeIDTable: [FuncType: Int] = [:]

    /// Epoch deadline (see `EpochAndFuel`); starts at 0.
    public var epochDeadline: UInt64 = 0
    /// Called when the deadline is reached: returns the delta for a new deadline, or nil to trap.
    public var epochCallback: (() throws -> UInt64?)?
    /// When set, reaching the deadline suspends the async call through `asyncYield` and then
    /// sets the deadline this many ticks after the current epoch (the callback is not used).
    public var asyncYieldDelta: UInt64?
    /// Installed by the async call in progress: suspends it until its task resumes it; throws
    /// (a `Trap`) when the call must end instead (the task was cancelled).
    public var asyncYield: (() throws -> Void)?
    /// Remaining fuel; starts at 0.
    public var fuel: UInt64 = 0
    /// Backend-owned execution state (e.g. the interpreter's value and frame stacks).
    public var executionState: AnyObject?
    /// How many host→wasm re-entries are active (bounded to protect the native stack).
    public var nativeDepth = 0
    public static let maxNativeDepth = 100

    public init(engine: EngineShared, backend: Backend) {
        self.engine = engine
        self.backend = backend
    }

    /// The id of `type`: equal for structurally equal function types.
    public func typeID(_ type: FuncType) -> Int {
        if let id = typeIDTable[type] { return id }
        let id = typeIDTable.count
        typeIDTable[type] = id
        return id
    }

    /// Adds a host function; returns its address.
    public func addHostFunction(_ host: HostFunction) -> Int {
        functions.append(FunctionInstance(type: host.type, typeID: typeID(host.type), kind: .host(host)))
        return functions.count - 1
    }

    public func addTable(_ t: TableInstance) { tables.append(t) }
    public func addMemory(_ m: MemoryInstance) { memories.append(m) }
    public func addGlobal(_ g: GlobalInstance) { globals.append(g) }

    func addFunction(_ f: FunctionInstance) -> Int {
        functions.append(f)
        return functions.count - 1
    }

    func addInstance(_ i: ModuleInstance) { instances.append(i) }

    /// The slot encoding of extern reference `value` (interned in this store).
    public func externSlot(_ value: UInt64) -> UInt64 {
        if let i = externIndex[value] { return UInt64(i) + 1 }
        externs.append(value)
        externIndex[value] = externs.count - 1
        return UInt64(externs.count)
    }

    /// The host value of a non-null extern slot, nil for null or an unknown slot.
    public func externValue(_ slot: UInt64) -> UInt64? {
        guard slot != 0, slot <= UInt64(externs.count) else { return nil }
        return externs[Int(slot - 1)]
    }

    /// The function address of a funcref slot, nil for null or an unknown slot.
    public func functionAddress(_ slot: UInt64) -> Int? {
        guard slot != 0, slot <= UInt64(functions.count) else { return nil }
        return Int(slot - 1)
    }

    /// Calls the function at `address` with raw arguments (types already checked by the caller).
    public func invoke(_ address: Int, _ arguments: [UInt64]) throws -> [UInt64] {
        try backend.invoke(self, function: address, arguments: arguments)
    }

    /// Performs an epoch check (see `EpochAndFuel`): returns normally to continue, throws `.interrupt`.
    /// In async-yield mode this is the one suspension point of both backends: the call's fiber
    /// switches out inside `asyncYield` and this returns when the task resumes it.
    public func epochCheck() throws {
        let now = engine.currentEpoch
        guard now >= epochDeadline else { return }
        if let delta = asyncYieldDelta {
            // Outside an async call there is nothing to yield to: trap as without a callback.
            guard let yield = asyncYield else { throw Trap(.interrupt) }
            try yield()
            let (n, o) = engine.currentEpoch.addingReportingOverflow(delta)
            epochDeadline = o ? UInt64.max : n
            return
        }
        guard let cb = epochCallback else { throw Trap(.interrupt) }
        let delta: UInt64?
        do { delta = try cb() } catch { throw Trap(.interrupt) }
        guard let d = delta else { throw Trap(.interrupt) }
        let (n, o) = engine.currentEpoch.addingReportingOverflow(d)
        epochDeadline = o ? UInt64.max : n
    }
}

/// A code generator and executor. The runtime calls `compile` once per module and `invoke`
/// for calls from the host (including start functions).
public protocol Backend: AnyObject {
    /// Compiles a validated module; the result is stored in each `ModuleInstance.code`.
    func compile(_ module: ModuleDefinition, engine: EngineShared) throws -> AnyObject
    /// Runs the function at store address `function` (wasm or host) with raw arguments.
    func invoke(_ store: StoreState, function: Int, arguments: [UInt64]) throws -> [UInt64]
}
