import WasmRuntime

/// The runtime structures generated code reads, at offsets taken from `MemoryLayout` (so the
/// compiler and Swift agree by construction).
///
/// Generated code keeps the instance context in `r15`; the store context is one load away.

/// Per-store state shared by every instance context of a store.
struct StoreContext {
    /// The `cwasmjit_invoke_catching` trap slot (see `TrapExit.swift`).
    var trapState: UnsafeMutableRawPointer?
    /// Remaining fuel (mirrors `StoreState.fuel` while wasm runs).
    var fuel: UInt64 = 0
    /// Epoch deadline (mirrors `StoreState.epochDeadline` while wasm runs).
    var epochDeadline: UInt64 = 0
    /// Address of the engine's epoch counter.
    var epochCounter: UnsafeMutableRawPointer?
    /// Lowest `rsp` a wasm frame may reach; below it the prologue traps "call stack exhausted".
    var stackLimit: UInt64 = 0
    /// Trap code set by a helper (0: none); generated code checks it after helpers that may trap.
    var trapCode: UInt64 = 0
    /// Where a trap left generated code: the return address of the trap stub call, the frame
    /// pointer and the instance context of the trapping function.
    var trapPC: UInt64 = 0
    var trapFP: UInt64 = 0
    var trapContext: UInt64 = 0
    /// The owning `JITStoreState` (unretained).
    var owner: UnsafeMutableRawPointer?
    /// Function entries (inline) by store function address, `entryCount` long; one not created
    /// yet has type id `JITStoreState.absentTypeID`. Moves when it grows: generated code reloads
    /// it on every `call_indirect`.
    var entries: UnsafeMutablePointer<FunctionEntry>?
    var entryCount: UInt64 = 0
}

/// Per-instance context: `r15` in generated code.
struct InstanceContext {
    var store: UnsafeMutablePointer<StoreContext>
    /// Memory 0 (or an empty memory of size 0).
    var memory: UnsafeMutablePointer<MemoryContext>
    /// Value cells of the instance's globals (`ModuleInstance.globalCells`).
    var globals: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    /// The callee entry of every function in the module's function index space.
    var functions: UnsafeMutablePointer<UnsafeMutablePointer<FunctionEntry>>
    /// The module instance (unretained: the store keeps it alive).
    var instance: UnsafeMutableRawPointer
    /// The element buffers of the instance's tables (`TableInstance.context`), by table index.
    var tables: UnsafeMutablePointer<UnsafeMutablePointer<TableContext>>
    /// The store-wide type id of each entry of the module's type section.
    var typeIDs: UnsafeMutablePointer<UInt64>
    /// Table 0's element buffer (or an empty one): one load less for the usual `call_indirect`.
    var table0: UnsafeMutablePointer<TableContext>
    /// A copy of `StoreContext.stackLimit` (kept equal by `JITStoreState.setStackLimit`), so the
    /// prologue's check is one load from `r15`.
    var stackLimit: UInt64 = 0
}

/// How to call one function instance of the store.
struct FunctionEntry {
    /// Machine code entry, nil for a host function.
    var code: UnsafeRawPointer?
    /// The callee's instance context (nil for a host function).
    var context: UnsafeMutablePointer<InstanceContext>?
    /// The store address of the function (funcref slot = address + 1).
    var address: UInt64
    /// The store-wide type id (for `call_indirect`).
    var typeID: UInt64
}

/// Field offsets for the code generator.
enum Offsets {
    static let trapState = Int32(MemoryLayout<StoreContext>.offset(of: \StoreContext.trapState)!)
    static let fuel = Int32(MemoryLayout<StoreContext>.offset(of: \StoreContext.fuel)!)
    static let epochDeadline = Int32(MemoryLayout<StoreContext>.offset(of: \StoreContext.epochDeadline)!)
    static let epochCounter = Int32(MemoryLayout<StoreContext>.offset(of: \StoreContext.epochCounter)!)
    static let stackLimit = Int32(MemoryLayout<StoreContext>.offset(of: \StoreContext.stackLimit)!)
    static let trapCode = Int32(MemoryLayout<StoreContext>.offset(of: \StoreContext.trapCode)!)
    static let trapPC = Int32(MemoryLayout<StoreContext>.offset(of: \StoreContext.trapPC)!)
    static let trapFP = Int32(MemoryLayout<StoreContext>.offset(of: \StoreContext.trapFP)!)
    static let trapContext = Int32(MemoryLayout<StoreContext>.offset(of: \StoreContext.trapContext)!)
    static let entries = Int32(MemoryLayout<StoreContext>.offset(of: \StoreContext.entries)!)
    static let entryCount = Int32(MemoryLayout<StoreContext>.offset(of: \StoreContext.entryCount)!)

    static let store = Int32(MemoryLayout<InstanceContext>.offset(of: \InstanceContext.store)!)
    static let memory = Int32(MemoryLayout<InstanceContext>.offset(of: \InstanceContext.memory)!)
    static let globals = Int32(MemoryLayout<InstanceContext>.offset(of: \InstanceContext.globals)!)
    static let functions = Int32(MemoryLayout<InstanceContext>.offset(of: \InstanceContext.functions)!)
    static let tables = Int32(MemoryLayout<InstanceContext>.offset(of: \InstanceContext.tables)!)
    static let typeIDs = Int32(MemoryLayout<InstanceContext>.offset(of: \InstanceContext.typeIDs)!)
    static let table0 = Int32(MemoryLayout<InstanceContext>.offset(of: \InstanceContext.table0)!)
    static let instanceStackLimit = Int32(MemoryLayout<InstanceContext>.offset(of: \InstanceContext.stackLimit)!)

    static let tableBase = Int32(MemoryLayout<TableContext>.offset(of: \TableContext.base)!)
    static let tableCount = Int32(MemoryLayout<TableContext>.offset(of: \TableContext.count)!)

    static let memoryBase = Int32(MemoryLayout<MemoryContext>.offset(of: \MemoryContext.base)!)
    static let memorySize = Int32(MemoryLayout<MemoryContext>.offset(of: \MemoryContext.size)!)

    static let entryCode = Int32(MemoryLayout<FunctionEntry>.offset(of: \FunctionEntry.code)!)
    static let entryContext = Int32(MemoryLayout<FunctionEntry>.offset(of: \FunctionEntry.context)!)
    static let entryAddress = Int32(MemoryLayout<FunctionEntry>.offset(of: \FunctionEntry.address)!)
    static let entryTypeID = Int32(MemoryLayout<FunctionEntry>.offset(of: \FunctionEntry.typeID)!)
    /// log2 of `FunctionEntry`'s stride (32 bytes: four 8-byte fields).
    static let entryStrideShift: UInt8 = {
        let stride = MemoryLayout<FunctionEntry>.stride
        precondition(stride == 32, "FunctionEntry is expected to be 32 bytes")
        return 5
    }()
}

/// Trap codes passed to `cwasmjit_trap`: a `TrapKind`'s position + 1, or `pendingError`.
enum TrapCode {
    /// A helper stored a Swift error (a host error, a nested trap, an epoch callback's verdict)
    /// in `JITStoreState.pendingError`.
    static let pendingError: Int32 = 1000

    static func code(_ kind: TrapKind) -> Int32 {
        Int32((TrapKind.allCases.firstIndex(of: kind) ?? 0) + 1)
    }

    static func kind(_ code: Int32) -> TrapKind? {
        let i = Int(code) - 1
        guard i >= 0, i < TrapKind.allCases.count else { return nil }
        return TrapKind.allCases[i]
    }
}
