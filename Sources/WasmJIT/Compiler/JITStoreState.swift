import CWasmJIT
import WasmCore
import WasmRuntime

/// The JIT's per-store state (kept in `StoreState.executionState`): the store context, one
/// instance context per instance that has run, one function entry per function address.
final class JITStoreState {
    unowned(unsafe) let store: StoreState
    let context: UnsafeMutablePointer<StoreContext>
    private var instanceContexts: [ObjectIdentifier: UnsafeMutablePointer<InstanceContext>] = [:]
    /// Buffers owned by the instance contexts (function, table and type id arrays).
    private var allocations: [UnsafeMutableRawPointer] = []
    /// Each instance context's function array with the store addresses it points to (rewritten
    /// when the entry table moves).
    private var functionArrays: [(UnsafeMutablePointer<UnsafeMutablePointer<FunctionEntry>>, [Int])] = []
    /// `FunctionEntry.typeID` of an entry table slot whose entry is not created yet.
    static let absentTypeID = UInt64.max
    /// Compiled modules whose code may be on the stack (for backtraces).
    private(set) var modules: [JITModule] = []
    /// An error a helper caught (host error, nested trap, epoch verdict), rethrown by `invoke`.
    var pendingError: Error?
    /// Memory context of instances without a memory.
    let emptyMemory: UnsafeMutablePointer<MemoryContext>
    private let emptyMemoryBytes = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 8)
    /// Table context of instances without a table (count 0).
    private let emptyTable: UnsafeMutablePointer<TableContext>
    /// The dedicated stack wasm runs on (nil if it could not be mapped: then the calling thread's
    /// stack is used with a conservative limit).
    private(set) lazy var wasmStack: WasmStack? = WasmStack(maxWasmStack: store.engine.maxWasmStack)

    init(store: StoreState) {
        self.store = store
        context = .allocate(capacity: 1)
        context.initialize(to: StoreContext())
        context.pointee.epochCounter = UnsafeMutableRawPointer(store.engine.epochAddress)
        emptyMemory = .allocate(capacity: 1)
        emptyMemory.initialize(to: MemoryContext(base: emptyMemoryBytes, size: 0))
        emptyTable = .allocate(capacity: 1)
        emptyTable.initialize(to: TableContext(base: emptyMemoryBytes.assumingMemoryBound(to: UInt64.self), count: 0))
        context.pointee.owner = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        for (_, c) in instanceContexts { c.deallocate() }
        context.pointee.entries?.deallocate()
        for a in allocations { a.deallocate() }
        context.deallocate()
        emptyMemory.deallocate()
        emptyTable.deallocate()
        emptyMemoryBytes.deallocate()
    }

    /// The JIT state of `store`, created on first use.
    static func of(_ store: StoreState) -> JITStoreState {
        if let s = store.executionState as? JITStoreState { return s }
        let s = JITStoreState(store: store)
        store.executionState = s
        return s
    }

    /// The state behind an instance context pointer (from generated code).
    static func from(_ ctx: UnsafeMutableRawPointer) -> (JITStoreState, ModuleInstance, UnsafeMutablePointer<InstanceContext>) {
        let ic = ctx.assumingMemoryBound(to: InstanceContext.self)
        let owner = ic.pointee.store.pointee.owner.unsafelyUnwrapped
        let st = Unmanaged<JITStoreState>.fromOpaque(owner).takeUnretainedValue()
        let inst = Unmanaged<ModuleInstance>.fromOpaque(ic.pointee.instance).takeUnretainedValue()
        return (st, inst, ic)
    }

    /// The instance context of `inst`, created on first use.
    func instanceContext(_ inst: ModuleInstance) -> UnsafeMutablePointer<InstanceContext> {
        if let c = instanceContexts[ObjectIdentifier(inst)] { return c }
        let count = inst.functionAddresses.count
        let funcs = UnsafeMutablePointer<UnsafeMutablePointer<FunctionEntry>>.allocate(capacity: Swift.max(count, 1))
        let tables = UnsafeMutablePointer<UnsafeMutablePointer<TableContext>>.allocate(capacity: Swift.max(inst.tables.count, 1))
        for (i, t) in inst.tables.enumerated() { (tables + i).initialize(to: t.context) }
        let typeIDs = UnsafeMutablePointer<UInt64>.allocate(capacity: Swift.max(inst.typeIDs.count, 1))
        for (i, id) in inst.typeIDs.enumerated() { (typeIDs + i).initialize(to: UInt64(truncatingIfNeeded: id)) }
        allocations += [UnsafeMutableRawPointer(funcs), UnsafeMutableRawPointer(tables), UnsafeMutableRawPointer(typeIDs)]
        functionArrays.append((funcs, inst.functionAddresses))
        let c = UnsafeMutablePointer<InstanceContext>.allocate(capacity: 1)
        c.initialize(to: InstanceContext(
            store: context, memory: inst.memories.first?.context ?? emptyMemory, globals: inst.globalCells,
            functions: funcs, instance: Unmanaged.passUnretained(inst).toOpaque(), tables: tables, typeIDs: typeIDs,
            table0: inst.tables.first?.context ?? emptyTable, stackLimit: context.pointee.stackLimit))
        instanceContexts[ObjectIdentifier(inst)] = c
        if let m = inst.code as? JITModule, !modules.contains(where: { $0 === m }) { modules.append(m) }
        for (i, addr) in inst.functionAddresses.enumerated() { (funcs + i).initialize(to: entry(addr)) }
        return c
    }

    /// The call entry of the function at store address `address`, created on first use. The
    /// pointer is valid until the next entry is created (the table may move).
    func entry(_ address: Int) -> UnsafeMutablePointer<FunctionEntry> {
        if address < Int(context.pointee.entryCount), let base = context.pointee.entries,
           base[address].typeID != Self.absentTypeID { return base + address }
        let f = store.functions[address]
        if address >= Int(context.pointee.entryCount) { growEntries(toHold: address) }
        var value = FunctionEntry(code: nil, context: nil, address: UInt64(address), typeID: UInt64(f.typeID))
        if case .wasm(let inst, let di) = f.kind, let m = inst.code as? JITModule {
            // May create other entries (and move the table): the slot is found again below.
            value.context = instanceContext(inst)
            value.code = m.code.address(at: m.entryOffsets[di])
        }
        let base = context.pointee.entries.unsafelyUnwrapped
        base[address] = value
        return base + address
    }

    /// Sets the stack limit in the store context and in every instance context.
    func setStackLimit(_ limit: UInt64) {
        guard context.pointee.stackLimit != limit else { return }
        context.pointee.stackLimit = limit
        for (_, c) in instanceContexts { c.pointee.stackLimit = limit }
    }

    /// Reallocates the entry table (`StoreContext.entries`, entries stored inline) so it has a
    /// slot for `address`, and repoints the instance contexts' function arrays into it.
    private func growEntries(toHold address: Int) {
        let old = Int(context.pointee.entryCount)
        let capacity = Swift.max(address + 1, old * 2, 16)
        let buffer = UnsafeMutablePointer<FunctionEntry>.allocate(capacity: capacity)
        if let entries = context.pointee.entries {
            buffer.moveInitialize(from: entries, count: old)
            entries.deallocate()
        }
        for i in old..<capacity {
            (buffer + i).initialize(to: FunctionEntry(code: nil, context: nil, address: UInt64(i), typeID: Self.absentTypeID))
        }
        context.pointee.entries = buffer
        context.pointee.entryCount = UInt64(capacity)
        for (funcs, addresses) in functionArrays {
            for (i, a) in addresses.enumerated() { funcs[i] = buffer + a }
        }
    }

    // MARK: Traps

    /// The trap for a nonzero code returned by `cwasmjit_invoke_catching`.
    func makeTrap(_ code: Int32) -> Trap {
        let frames = capturedBacktrace
        capturedBacktrace = []
        if code == TrapCode.pendingError {
            let error = pendingError
            pendingError = nil
            if var t = error as? Trap {
                t.backtrace += frames
                return t
            }
            return Trap(.hostError, message: error.map { "\($0)" } ?? "host error", backtrace: frames)
        }
        return Trap(TrapCode.kind(code) ?? .unreachable, backtrace: frames)
    }

    private func module(containing address: UInt64) -> JITModule? {
        modules.first { $0.contains(address) }
    }

    private func frameInfo(_ site: CodeSite, context: UInt64) -> FrameInfo {
        var info = FrameInfo(functionIndex: site.functionIndex, moduleOffset: site.wasmOffset)
        if let raw = UnsafeMutableRawPointer(bitPattern: UInt(context)) {
            let inst = Unmanaged<ModuleInstance>.fromOpaque(raw.assumingMemoryBound(to: InstanceContext.self).pointee.instance)
                .takeUnretainedValue()
            info.functionName = inst.module.names?.functionNames[site.functionIndex]
            info.moduleName = inst.name
        }
        return info
    }

    /// The backtrace `captureBacktrace` recorded for the trap being raised.
    var capturedBacktrace: [FrameInfo] = []

    /// Walks the generated-code frames from the trap site outwards (innermost first), following
    /// saved `rbp`s while return addresses lie in compiled code. Called by the trap stub while the
    /// frames are still live (before `cwasmjit_trap` unwinds them).
    func captureBacktrace() {
        capturedBacktrace = backtrace()
    }

    private func backtrace() -> [FrameInfo] {
        var result: [FrameInfo] = []
        var pc = context.pointee.trapPC
        var fp = context.pointee.trapFP
        var ctx = context.pointee.trapContext
        var steps = 0
        while steps < 100_000, let m = module(containing: pc), fp != 0 {
            steps += 1
            if let s = m.site(returnAddress: pc), !s.skip || steps > 1 { result.append(frameInfo(s, context: ctx)) }
            guard let frame = UnsafePointer<UInt64>(bitPattern: UInt(fp)) else { break }
            let ret = frame[1]
            guard module(containing: ret) != nil, let caller = UnsafePointer<UInt64>(bitPattern: UInt(frame[0])) else { break }
            ctx = (caller - 1).pointee  // the caller's context, pushed by its prologue (`contextSlot`)
            fp = frame[0]
            pc = ret
        }
        return result
    }

    // MARK: Stack limit

    /// Margin kept below the lowest wasm frame for helpers, host functions and the trap path.
    static let hostMargin: UInt64 = 256 * 1024

    /// The lowest `rsp` wasm frames may use on this thread: `maxWasmStack` below the current
    /// stack pointer, but never closer than `hostMargin` to the end of the thread's stack.
    func computeStackLimit(maxWasmStack: Int) -> UInt64 {
        var marker: UInt8 = 0
        let sp = withUnsafeMutablePointer(to: &marker) { UInt64(UInt(bitPattern: $0)) }
        var limit = sp > UInt64(maxWasmStack) ? sp - UInt64(maxWasmStack) : 0
        var low: UnsafeMutableRawPointer?
        var size = 0
        if cwasmjit_thread_stack(&low, &size) == 0, let l = low {
            limit = Swift.max(limit, UInt64(UInt(bitPattern: l)) + Self.hostMargin)
        } else {
            limit = Swift.max(limit, sp - Swift.min(sp, 256 * 1024))
        }
        return limit
    }
}
