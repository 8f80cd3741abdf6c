#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmCore
import WasmRuntime

/// The execution loop state. Object references are `unowned(unsafe)`: everything they point
/// to is kept alive by the store for the whole call, and this avoids reference counting in
/// the loop.
struct Machine {
    unowned(unsafe) let store: StoreState
    unowned(unsafe) let stack: ExecutionStack
    var pc: ThreadedPC
    var fp: UnsafeMutablePointer<UInt64>
    /// The running function, unretained (reading it through `_withUnsafeGuaranteedRef` keeps
    /// calls and returns free of reference counting).
    var fn: Unmanaged<CompiledFunction>
    unowned(unsafe) var inst: ModuleInstance
    var functions: UnsafeMutablePointer<Unmanaged<CompiledFunction>>
    var globals: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    var mem: UnsafeMutablePointer<MemoryContext>
    /// Table 0 of `inst` (the table of almost every `call_indirect`), unretained.
    var table0: Unmanaged<TableInstance>?
    /// Frame count when this activation started; `ret` at this depth leaves the loop.
    let baseDepth: Int
    /// Live frames; mirrored into `stack.frameCount` around host calls (which may re-enter).
    var frameCount: Int
    let frames: UnsafeMutablePointer<Frame>
    /// `stack.stackLimit`.
    let stackLimit: Int
    let cx: ThreadedContextPointer

    init(store: StoreState, stack: ExecutionStack, function: CompiledFunction, instance: ModuleInstance, fp: UnsafeMutablePointer<UInt64>) {
        self.store = store
        self.stack = stack
        self.fn = .passUnretained(function)
        self.inst = instance
        self.pc = function.code
        self.fp = fp
        let cm = unsafeDowncast(instance.code, to: CompiledModule.self)
        functions = cm.functionTable
        globals = instance.globalCells
        mem = instance.memories.first?.context ?? emptyMemoryContext
        table0 = instance.tables.first.map { .passUnretained($0) }
        baseDepth = stack.frameCount
        frameCount = stack.frameCount
        frames = stack.frames
        stackLimit = stack.stackLimit
        cx = stack.threadedContext
    }

    @inline(__always)
    private mutating func switchInstance(_ i: ModuleInstance) {
        inst = i
        functions = unsafeDowncast(i.code, to: CompiledModule.self).functionTable
        globals = i.globalCells
        mem = i.memories.first?.context ?? emptyMemoryContext
        table0 = i.tables.first.map { .passUnretained($0) }
    }

    // MARK: Traps and backtraces

    private func frameInfo(_ f: CompiledFunction, _ i: ModuleInstance, pc: ThreadedPC) -> FrameInfo {
        let m = i.module
        let defined = Int(f.functionIndex) - m.importedFunctions.count
        var offset: Int?
        let k = pc - f.code
        if k >= 0, k < f.sourceIndex.count, defined >= 0, defined < m.codes.count {
            let src = Int(f.sourceIndex[k])
            let offs = m.codes[defined].offsets
            if src < offs.count { offset = offs[src] }
        }
        return FrameInfo(functionIndex: f.functionIndex, functionName: m.names?.functionNames[f.functionIndex],
                         moduleName: i.name, moduleOffset: offset)
    }

    /// The wasm frames of this activation, innermost first (`pc` has already advanced past the current op).
    func backtrace(_ pc: ThreadedPC) -> [FrameInfo] {
        var result = [frameInfo(fn.takeUnretainedValue(), inst, pc: pc - 1)]
        var d = frameCount - 1
        // A frame names its caller's instance only when the call switched instances.
        var instance = inst
        while d >= baseDepth {
            let f = frames[d]
            if f.switchedInstance, let i = f.instance { instance = i.takeUnretainedValue() }
            result.append(frameInfo(CompiledFunction.owner(of: f.code).takeUnretainedValue(), instance, pc: f.returnPC - 1))
            d -= 1
        }
        return result
    }

    func trap(_ kind: TrapKind, _ pc: ThreadedPC) -> Trap { Trap(kind, backtrace: backtrace(pc)) }

    /// Converts an error from a host function, nested call or callback into a trap with our frames appended.
    func wrap(_ error: Error, _ pc: ThreadedPC) -> Trap {
        if var t = error as? Trap {
            t.backtrace += backtrace(pc)
            return t
        }
        return Trap(.hostError, message: "\(error)", backtrace: backtrace(pc))
    }

    // MARK: Calls

    /// Pushes the current frame and enters `callee` with its frame at `argBase` (`switching`:
    /// the callee runs in another instance, which the caller then switches to).
    @inline(__always)
    private mutating func enter(_ callee: Unmanaged<CompiledFunction>, argBase: Slot, switching: Bool = false) throws {
        let newFp = fp + Int(argBase)
        let fits: Bool = callee._withUnsafeGuaranteedRef { c in
            guard ExecutionStack.fits(newFp, frameBytes: c.frameBytes, depth: frameCount, limit: stackLimit) else { return false }
            c.initializeSlots(newFp)
            return true
        }
        guard fits else { throw trap(.callStackExhausted, pc) }
        Frame.push(frames + frameCount, returnPC: pc, fp: fp, code: code)
        if switching {
            frames[frameCount].returnPoint |= Frame.switchesInstance
            frames[frameCount].instance = .passUnretained(inst)
        }
        frameCount &+= 1
        fp = newFp
        fn = callee
        pc = callee._withUnsafeGuaranteedRef { $0.code }
    }

    /// The code of the running function.
    @inline(__always)
    private var code: ThreadedPC { fn._withUnsafeGuaranteedRef { $0.code } }

    /// Calls a function instance of any kind (imported, from a table).
    private mutating func call(_ callee: FunctionInstance, argBase: Slot) throws {
        switch callee.kind {
        case .wasm(let ci, let di):
            let cf = unsafeDowncast(ci.code, to: CompiledModule.self).functionTable[di]
            let switching = ci !== inst
            try enter(cf, argBase: argBase, switching: switching)
            if switching { switchInstance(ci) }
        case .host(let h):
            let base = fp + Int(argBase)
            let args = Array(UnsafeBufferPointer(start: base, count: h.type.params.count))
            let savedTop = stack.top
            stack.top = fp + fn._withUnsafeGuaranteedRef { $0.frameSize }
            stack.frameCount = frameCount
            defer { stack.top = savedTop }
            let results: [UInt64]
            do { results = try h.body(inst, args) } catch { throw wrap(error, pc) }
            guard results.count == h.type.results.count else {
                throw Trap(.hostError, message: "host function returned \(results.count) values, expected \(h.type.results.count)", backtrace: backtrace(pc))
            }
            for (k, r) in results.enumerated() { base[k] = r }
        }
    }

    /// `call_indirect`: reads the table element, then calls through the store's cache of
    /// resolved targets (filled on the first call of each (caller, type, element)).
    private mutating func callIndirect(typeIndex ti: UInt32, table t: UInt32, index i: UInt32, argBase: Slot) throws {
        let table: Unmanaged<TableInstance>
        if t == 0, let t0 = table0 { table = t0 } else { table = .passUnretained(inst.tables[Int(t)]) }
        guard let r = IndirectCallCache.element(i, of: table) else { throw trap(.undefinedElement, pc) }
        let caller = Unmanaged.passUnretained(inst).toOpaque()
        let e = stack.indirectCalls.entry(r, ti)
        if e.pointee.resolves(r, ti, from: caller), let f = e.pointee.function, let ci = e.pointee.instance {
            // Compared as pointers: taking the instance as a reference would retain it.
            let switching = ci != UnsafeMutableRawPointer(Unmanaged.passUnretained(inst).toOpaque())
            try enter(Unmanaged<CompiledFunction>.fromOpaque(f), argBase: argBase, switching: switching)
            if switching {
                switchInstance(Unmanaged<ModuleInstance>.fromOpaque(ci).takeUnretainedValue())
            }
            return
        }
        guard let addr = store.functionAddress(r) else {
            throw Trap(.uninitializedElement, message: "uninitialized element \(i)", backtrace: backtrace(pc))
        }
        let callee = store.functions[addr]
        guard callee.typeID == inst.typeIDs[Int(ti)] else { throw trap(.indirectCallTypeMismatch, pc) }
        if case .wasm(let ci, let di) = callee.kind {
            let cf = unsafeDowncast(ci.code, to: CompiledModule.self).functionTable[di]
            e.pointee = IndirectCallCache.Entry(caller: caller, typeIndex: ti, ref: r, function: cf.toOpaque(),
                                                instance: Unmanaged.passUnretained(ci).toOpaque())
            cf._withUnsafeGuaranteedRef { c in
                guard c.entryChunkBytes == 0 else { return }
                e.pointee.code = c.code
                e.pointee.frameBytes = c.frameBytes
            }
        }
        try call(callee, argBase: argBase)
    }

    // MARK: The loop

    /// Runs threaded code from `pc` until an op that is not threaded or a trap (kind in the
    /// context; `pc` then follows the trapping op), with the activation's state handed to the
    /// handlers and read back.
    @inline(__always)
    private mutating func runThreaded(_ pc: inout ThreadedPC, _ fp: inout UnsafeMutablePointer<UInt64>, _ code: inout ThreadedPC) {
        cx.initialize(to: ThreadedContext(
            code: code, globals: globals, trap: nil, fp: fp, inst: .passUnretained(inst),
            functions: functions, frameTop: frames + frameCount, baseFrameTop: frames + baseDepth,
            frameStackLimit: stackLimit &+ Int(bitPattern: frames), table0: table0?._withUnsafeGuaranteedRef { $0.context }, indirectCalls: stack.indirectCalls.entries,
            memorySize: mem.pointee.size, accumulatorFor: nil, accumulator: 0))
        let memoryBase = mem.pointee.base
        repeat {
            var acc = pc.pointee.entryAccumulator(fp)
            var fa = pc.pointee.entryFloatAccumulator(fp)
            #if DEBUG
            ExecutedOpCount.count &+= 1
            // The accumulators the previous handler passed on must equal the slots this op's
            // handler reads them for (ThreadedOp.thread chose that variant).
            if cx.pointee.accumulatorFor == pc {
                assert(pc.pointee.accumulatorSlot == ThreadedOp.noAccumulator || cx.pointee.accumulator == acc,
                       "stale threaded accumulator at op \(pc - cx.pointee.code) \(pc.pointee.op)")
                assert(pc.pointee.floatAccumulatorSlot == ThreadedOp.noAccumulator
                       || cx.pointee.floatAccumulator.bitPattern == fa.bitPattern,
                       "stale threaded float accumulator at op \(pc - cx.pointee.code) \(pc.pointee.op)")
                acc = cx.pointee.accumulator
                fa = cx.pointee.floatAccumulator
            }
            #endif
            let stop = ThreadedPC(pc.pointee.handler(OpaquePointer(pc), fp, OpaquePointer(cx), acc, memoryBase, fa))
            fp = cx.pointee.fp
            // A handler that returns its own pc leaves that op to the `switch` (a `ret` to the
            // host, a call that does not fit...).
            if stop == pc { break }
            pc = stop
        } while cx.pointee.trap == nil && pc.pointee.threaded
        frameCount = cx.pointee.frameTop - frames
        code = cx.pointee.code
        fn = CompiledFunction.owner(of: code)
    }

    mutating func run() throws {
        // pc, fp and the code base live in locals (registers) and are written back to `self`
        // only around calls and returns.
        var pc = self.pc
        var fp = self.fp
        var code = self.code
        while true {
            if pc.pointee.threaded {
                runThreaded(&pc, &fp, &code)
                if let k = cx.pointee.trap { throw trap(k, pc) }
            }
            let op = pc.pointee.op
            pc += 1
            #if DEBUG
            ExecutedOpCount.count &+= 1
            #endif
            switch op {
            case .trap(let k):
                throw trap(k, pc)
            case .br(let t):
                pc = code + Int(t)
            case .brIf(let c, let t):
                if fp[Int(c)] != 0 { pc = code + Int(t) }
            case .brIfNot(let c, let t):
                if fp[Int(c)] == 0 { pc = code + Int(t) }
            case .brTable(let index, let start, let count):
                let i = UInt32(truncatingIfNeeded: fp[Int(index)])
                let targets = fn._withUnsafeGuaranteedRef { $0.tableTargets }
                pc = code + Int(targets[Int(start) + Int(min(i, count))])
            case .ret:
                if frameCount == baseDepth { return }
                frameCount -= 1
                let f = frames[frameCount]
                pc = f.returnPC
                fp = f.fp
                code = f.code
                fn = CompiledFunction.owner(of: code)
                if f.switchedInstance, let i = f.instance {
                    switchInstance(i.takeUnretainedValue())
                }
            case .callDefined(let f, let argBase):
                self.pc = pc; self.fp = fp
                try enter(functions[Int(f)], argBase: argBase)
                pc = self.pc; fp = self.fp; code = self.code
            case .callAny(let f, let argBase):
                self.pc = pc; self.fp = fp
                try call(store.functions[inst.functionAddresses[Int(f)]], argBase: argBase)
                pc = self.pc; fp = self.fp; code = self.code
            case .callIndirect(let ti, let t, let index, let argBase):
                let i = UInt32(truncatingIfNeeded: fp[Int(index)])
                self.pc = pc; self.fp = fp
                try callIndirect(typeIndex: ti, table: t, index: i, argBase: argBase)
                pc = self.pc; fp = self.fp; code = self.code
            case .epochCheck:
                do { try store.epochCheck() } catch { throw wrap(error, pc) }
            case .fuel(let cost):
                guard store.fuel >= UInt64(cost) else { throw trap(.outOfFuel, pc) }
                store.fuel -= UInt64(cost)

            case .copy(let d, let s):
                fp[Int(d)] = fp[Int(s)]
            case .const32(let d, let v):
                fp[Int(d)] = UInt64(v)
            case .const64(let d, let v):
                fp[Int(d)] = v
            case .select(let d, let l, let r, let c):
                // Both arms read first: a conditional move, not a branch (C compilers emit
                // `select` where the condition is unpredictable).
                let a = fp.selectArm(Int(l)), b = fp.selectArm(Int(r))
                fp[Int(d)] = fp[Int(c)] != 0 ? a : b
            case .globalGet(let d, let i):
                fp[Int(d)] = globals[Int(i)].pointee
            case .globalSet(let s, let i):
                globals[Int(i)].pointee = fp[Int(s)]
            case .refFunc(let d, let f):
                fp[Int(d)] = UInt64(inst.functionAddresses[Int(f)]) + 1
            case .refIsNull(let d, let s):
                fp[Int(d)] = fp[Int(s)] == 0 ? 1 : 0

            case .unary(let o, let d, let s):
                var t: TrapKind?
                let r = evalUnary(o, fp[Int(s)], &t)
                if let t { throw trap(t, pc) }
                fp[Int(d)] = r
            case .binary(let o, let d, let l, let r):
                var t: TrapKind?
                let v = evalBinary(o, fp[Int(l)], fp[Int(r)], &t)
                if let t { throw trap(t, pc) }
                fp[Int(d)] = v
            // BEGIN GENERATED machine (Utilities/gen-interpreter-ops.py)
            case .i32Add(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(i32(a) &+ i32(b))
            case .i32Sub(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(i32(a) &- i32(b))
            case .i32Mul(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(i32(a) &* i32(b))
            case .i32And(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = a & b
            case .i32Or(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = a | b
            case .i32Xor(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = a ^ b
            case .i32Shl(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(i32(a) << (i32(b) & 31))
            case .i32ShrU(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(i32(a) >> (i32(b) & 31))
            case .i32ShrS(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(s32(a) >> (s32(b) & 31))
            case .i32Eq(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(a == b)
            case .i32Ne(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(a != b)
            case .i32LtS(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(s32(a) < s32(b))
            case .i32LtU(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(a < b)
            case .i32GtS(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(s32(a) > s32(b))
            case .i32GtU(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(a > b)
            case .i32LeS(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(s32(a) <= s32(b))
            case .i32LeU(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(a <= b)
            case .i32GeS(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(s32(a) >= s32(b))
            case .i32GeU(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(a >= b)
            case .i32DivS(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                if i32(b) == 0 { throw trap(.integerDivideByZero, pc) }
                if s32(a) == Int32.min && s32(b) == -1 { throw trap(.integerOverflow, pc) }
                fp[Int(d)] = w(s32(a) / s32(b))
            case .i32DivU(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                if i32(b) == 0 { throw trap(.integerDivideByZero, pc) }
                fp[Int(d)] = w(i32(a) / i32(b))
            case .i32RemS(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                if i32(b) == 0 { throw trap(.integerDivideByZero, pc) }
                fp[Int(d)] = s32(b) == -1 ? 0 : w(s32(a) % s32(b))
            case .i32RemU(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                if i32(b) == 0 { throw trap(.integerDivideByZero, pc) }
                fp[Int(d)] = w(i32(a) % i32(b))
            case .i64Add(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = a &+ b
            case .i64Sub(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = a &- b
            case .i64Mul(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = a &* b
            case .i64And(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = a & b
            case .i64Or(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = a | b
            case .i64Xor(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = a ^ b
            case .i64Shl(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = a << (b & 63)
            case .i64ShrU(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = a >> (b & 63)
            case .i64ShrS(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = UInt64(bitPattern: s64(a) >> (b & 63))
            case .i64Eq(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(a == b)
            case .i64Ne(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(a != b)
            case .i64LtS(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(s64(a) < s64(b))
            case .i64LtU(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(a < b)
            case .i64GtS(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(s64(a) > s64(b))
            case .i64GtU(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(a > b)
            case .i64LeS(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(s64(a) <= s64(b))
            case .i64LeU(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(a <= b)
            case .i64GeS(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(s64(a) >= s64(b))
            case .i64GeU(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(a >= b)
            case .i64DivS(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                if b == 0 { throw trap(.integerDivideByZero, pc) }
                if s64(a) == Int64.min && s64(b) == -1 { throw trap(.integerOverflow, pc) }
                fp[Int(d)] = UInt64(bitPattern: s64(a) / s64(b))
            case .i64DivU(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                if b == 0 { throw trap(.integerDivideByZero, pc) }
                fp[Int(d)] = a / b
            case .i64RemS(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                if b == 0 { throw trap(.integerDivideByZero, pc) }
                fp[Int(d)] = s64(b) == -1 ? 0 : UInt64(bitPattern: s64(a) % s64(b))
            case .i64RemU(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                if b == 0 { throw trap(.integerDivideByZero, pc) }
                fp[Int(d)] = a % b
            case .i32Rotl(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w((i32(a) &<< i32(b)) | (i32(a) &>> (32 &- i32(b))))
            case .i32Rotr(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w((i32(a) &>> i32(b)) | (i32(a) &<< (32 &- i32(b))))
            case .i64Rotl(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = (a &<< b) | (a &>> (64 &- b))
            case .i64Rotr(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = (a &>> b) | (a &<< (64 &- b))
            case .f32Add(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f32(a) + f32(b))
            case .f32Sub(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f32(a) - f32(b))
            case .f32Mul(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f32(a) * f32(b))
            case .f32Div(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f32(a) / f32(b))
            case .f32Eq(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f32(a) == f32(b))
            case .f32Ne(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f32(a) != f32(b))
            case .f32Lt(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f32(a) < f32(b))
            case .f32Gt(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f32(a) > f32(b))
            case .f32Le(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f32(a) <= f32(b))
            case .f32Ge(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f32(a) >= f32(b))
            case .f64Add(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f64(a) + f64(b))
            case .f64Sub(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f64(a) - f64(b))
            case .f64Mul(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f64(a) * f64(b))
            case .f64Div(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f64(a) / f64(b))
            case .f64Eq(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f64(a) == f64(b))
            case .f64Ne(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f64(a) != f64(b))
            case .f64Lt(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f64(a) < f64(b))
            case .f64Gt(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f64(a) > f64(b))
            case .f64Le(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f64(a) <= f64(b))
            case .f64Ge(let d, let l, let r):
                let a = fp[Int(l)], b = fp[Int(r)]
                fp[Int(d)] = w(f64(a) >= f64(b))
            case .i32Eqz(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = w(x == 0)
            case .i32WrapI64(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = x & 0xFFFF_FFFF
            case .i64ExtendI32S(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = UInt64(bitPattern: Int64(s32(x)))
            case .i32Extend8S(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = w(Int32(Int8(truncatingIfNeeded: x)))
            case .i32Extend16S(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = w(Int32(Int16(truncatingIfNeeded: x)))
            case .i64Extend8S(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: x)))
            case .i64Extend16S(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: x)))
            case .i64Extend32S(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = UInt64(bitPattern: Int64(s32(x)))
            case .f32ConvertI32S(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = w(Float(s32(x)))
            case .f32ConvertI32U(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = w(Float(i32(x)))
            case .f64ConvertI32S(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = w(Double(s32(x)))
            case .f64ConvertI32U(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = w(Double(i32(x)))
            case .f64ConvertI64S(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = w(Double(s64(x)))
            case .f32DemoteF64(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = w(Float(f64(x)))
            case .f64PromoteF32(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = w(Double(f32(x)))
            case .f32Neg(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = (x ^ 0x8000_0000) & 0xFFFF_FFFF
            case .f64Neg(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = x ^ 0x8000_0000_0000_0000
            case .f32Abs(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = x & 0x7FFF_FFFF
            case .f64Abs(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = x & 0x7FFF_FFFF_FFFF_FFFF
            case .f32Sqrt(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = w(f32(x).squareRoot())
            case .f64Sqrt(let d, let s):
                let x = fp[Int(s)]
                fp[Int(d)] = w(f64(x).squareRoot())
            case .i32MulImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = w(i32(a) &* imm)
            case .i32AndImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = a & UInt64(imm)
            case .i32OrImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = a | UInt64(imm)
            case .i32XorImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = a ^ UInt64(imm)
            case .i32ShlImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = w(i32(a) &<< imm)
            case .i32ShrUImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = w(i32(a) &>> imm)
            case .i32ShrSImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = w(s32(a) &>> Int32(truncatingIfNeeded: imm))
            case .i32RotlImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = w((i32(a) &<< imm) | (i32(a) &>> (32 &- imm)))
            case .i64AddImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = a &+ imm
            case .i64MulImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = a &* imm
            case .i64AndImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = a & imm
            case .i64OrImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = a | imm
            case .i64XorImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = a ^ imm
            case .i64ShlImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = a &<< imm
            case .i64ShrUImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = a &>> imm
            case .i64ShrSImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = UInt64(bitPattern: s64(a) &>> s64(imm))
            case .i64RotlImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = (a &<< imm) | (a &>> (64 &- imm))
            case .i32EqImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = w(i32(a) == imm)
            case .i32NeImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = w(i32(a) != imm)
            case .i32LtSImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = w(s32(a) < Int32(bitPattern: imm))
            case .i32LtUImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = w(i32(a) < imm)
            case .i32GtSImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = w(s32(a) > Int32(bitPattern: imm))
            case .i32GtUImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = w(i32(a) > imm)
            case .i32LeSImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = w(s32(a) <= Int32(bitPattern: imm))
            case .i32LeUImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = w(i32(a) <= imm)
            case .i32GeSImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = w(s32(a) >= Int32(bitPattern: imm))
            case .i32GeUImm(let d, let s, let imm):
                let a = fp[Int(s)]
                fp[Int(d)] = w(i32(a) >= imm)
            // END GENERATED
            case .i32AddImm(let d, let s, let imm):
                fp[Int(d)] = UInt64(UInt32(truncatingIfNeeded: fp[Int(s)]) &+ imm)
            case .brIfEqz(let c, let t):
                if fp[Int(c)] == 0 { pc = code + Int(t) }
            case .brIfAddImm(let c, let imm, let t):
                let v = UInt32(truncatingIfNeeded: fp[Int(c)]) &+ imm
                fp[Int(c)] = UInt64(v)
                if v != 0 { pc = code + Int(t) }
            // 32-bit values are zero-extended: unsigned and equality tests compare whole slots.
            case .brI32Eq(let l, let r, let t), .brI64Eq(let l, let r, let t):
                if fp[Int(l)] == fp[Int(r)] { pc = code + Int(t) }
            case .brI32Ne(let l, let r, let t), .brI64Ne(let l, let r, let t):
                if fp[Int(l)] != fp[Int(r)] { pc = code + Int(t) }
            case .brI32LtU(let l, let r, let t), .brI64LtU(let l, let r, let t):
                if fp[Int(l)] < fp[Int(r)] { pc = code + Int(t) }
            case .brI32LeU(let l, let r, let t), .brI64LeU(let l, let r, let t):
                if fp[Int(l)] <= fp[Int(r)] { pc = code + Int(t) }
            case .brI32LtS(let l, let r, let t):
                if s32(fp[Int(l)]) < s32(fp[Int(r)]) { pc = code + Int(t) }
            case .brI32LeS(let l, let r, let t):
                if s32(fp[Int(l)]) <= s32(fp[Int(r)]) { pc = code + Int(t) }
            case .brI64LtS(let l, let r, let t):
                if s64(fp[Int(l)]) < s64(fp[Int(r)]) { pc = code + Int(t) }
            case .brI64LeS(let l, let r, let t):
                if s64(fp[Int(l)]) <= s64(fp[Int(r)]) { pc = code + Int(t) }
            case .brF32Eq(let l, let r, let t):
                if f32(fp[Int(l)]) == f32(fp[Int(r)]) { pc = code + Int(t) }
            case .brF32Ne(let l, let r, let t):
                if f32(fp[Int(l)]) != f32(fp[Int(r)]) { pc = code + Int(t) }
            case .brF32Lt(let l, let r, let t):
                if f32(fp[Int(l)]) < f32(fp[Int(r)]) { pc = code + Int(t) }
            case .brF32Le(let l, let r, let t):
                if f32(fp[Int(l)]) <= f32(fp[Int(r)]) { pc = code + Int(t) }
            case .brF32NotLt(let l, let r, let t):
                if !(f32(fp[Int(l)]) < f32(fp[Int(r)])) { pc = code + Int(t) }
            case .brF32NotLe(let l, let r, let t):
                if !(f32(fp[Int(l)]) <= f32(fp[Int(r)])) { pc = code + Int(t) }
            case .brF64Eq(let l, let r, let t):
                if f64(fp[Int(l)]) == f64(fp[Int(r)]) { pc = code + Int(t) }
            case .brF64Ne(let l, let r, let t):
                if f64(fp[Int(l)]) != f64(fp[Int(r)]) { pc = code + Int(t) }
            case .brF64Lt(let l, let r, let t):
                if f64(fp[Int(l)]) < f64(fp[Int(r)]) { pc = code + Int(t) }
            case .brF64Le(let l, let r, let t):
                if f64(fp[Int(l)]) <= f64(fp[Int(r)]) { pc = code + Int(t) }
            case .brF64NotLt(let l, let r, let t):
                if !(f64(fp[Int(l)]) < f64(fp[Int(r)])) { pc = code + Int(t) }
            case .brF64NotLe(let l, let r, let t):
                if !(f64(fp[Int(l)]) <= f64(fp[Int(r)])) { pc = code + Int(t) }
            case .brI32EqImm(let l, let imm, let t):
                if fp[Int(l)] == UInt64(imm) { pc = code + Int(t) }
            case .brI32NeImm(let l, let imm, let t):
                if fp[Int(l)] != UInt64(imm) { pc = code + Int(t) }
            case .brI32LtSImm(let l, let imm, let t):
                if s32(fp[Int(l)]) < Int32(bitPattern: imm) { pc = code + Int(t) }
            case .brI32LtUImm(let l, let imm, let t):
                if fp[Int(l)] < UInt64(imm) { pc = code + Int(t) }
            case .brI32LeSImm(let l, let imm, let t):
                if s32(fp[Int(l)]) <= Int32(bitPattern: imm) { pc = code + Int(t) }
            case .brI32LeUImm(let l, let imm, let t):
                if fp[Int(l)] <= UInt64(imm) { pc = code + Int(t) }
            case .brI32GtSImm(let l, let imm, let t):
                if s32(fp[Int(l)]) > Int32(bitPattern: imm) { pc = code + Int(t) }
            case .brI32GtUImm(let l, let imm, let t):
                if fp[Int(l)] > UInt64(imm) { pc = code + Int(t) }
            case .brI32GeSImm(let l, let imm, let t):
                if s32(fp[Int(l)]) >= Int32(bitPattern: imm) { pc = code + Int(t) }
            case .brI32GeUImm(let l, let imm, let t):
                if fp[Int(l)] >= UInt64(imm) { pc = code + Int(t) }
            case .brI64EqImm(let l, let imm, let t):
                if fp[Int(l)] == UInt64(bitPattern: Int64(Int32(bitPattern: imm))) { pc = code + Int(t) }
            case .brI64NeImm(let l, let imm, let t):
                if fp[Int(l)] != UInt64(bitPattern: Int64(Int32(bitPattern: imm))) { pc = code + Int(t) }
            case .brI64LtSImm(let l, let imm, let t):
                if s64(fp[Int(l)]) < Int64(Int32(bitPattern: imm)) { pc = code + Int(t) }
            case .brI64LtUImm(let l, let imm, let t):
                if fp[Int(l)] < UInt64(bitPattern: Int64(Int32(bitPattern: imm))) { pc = code + Int(t) }
            case .brI64LeSImm(let l, let imm, let t):
                if s64(fp[Int(l)]) <= Int64(Int32(bitPattern: imm)) { pc = code + Int(t) }
            case .brI64LeUImm(let l, let imm, let t):
                if fp[Int(l)] <= UInt64(bitPattern: Int64(Int32(bitPattern: imm))) { pc = code + Int(t) }
            case .brI64GtSImm(let l, let imm, let t):
                if s64(fp[Int(l)]) > Int64(Int32(bitPattern: imm)) { pc = code + Int(t) }
            case .brI64GtUImm(let l, let imm, let t):
                if fp[Int(l)] > UInt64(bitPattern: Int64(Int32(bitPattern: imm))) { pc = code + Int(t) }
            case .brI64GeSImm(let l, let imm, let t):
                if s64(fp[Int(l)]) >= Int64(Int32(bitPattern: imm)) { pc = code + Int(t) }
            case .brI64GeUImm(let l, let imm, let t):
                if fp[Int(l)] >= UInt64(bitPattern: Int64(Int32(bitPattern: imm))) { pc = code + Int(t) }
            case .i32XorShlImm(let d, let s, let imm):
                let x = i32(fp[Int(s)])
                fp[Int(d)] = w(x ^ (x &<< imm))
            case .i32XorShrUImm(let d, let s, let imm):
                let x = i32(fp[Int(s)])
                fp[Int(d)] = w(x ^ (x &>> imm))
            // calls/memory/arith
            case .brAddImmI32Ne(let c, let imm, let l, let t):
                let v = UInt64(UInt32(truncatingIfNeeded: fp[Int(c)]) &+ imm)
                fp[Int(c)] = v
                if v != fp[Int(l)] { pc = code + Int(t) }
            case .brAddImmI32LtS(let c, let imm, let l, let t):
                let v = UInt32(truncatingIfNeeded: fp[Int(c)]) &+ imm
                fp[Int(c)] = UInt64(v)
                if Int32(bitPattern: v) < s32(fp[Int(l)]) { pc = code + Int(t) }
            case .brAddImmI32LtU(let c, let imm, let l, let t):
                let v = UInt64(UInt32(truncatingIfNeeded: fp[Int(c)]) &+ imm)
                fp[Int(c)] = v
                if v < fp[Int(l)] { pc = code + Int(t) }
            case .brAddImmI32NeImm(let c, let imm, let limit, let t):
                let v = UInt32(truncatingIfNeeded: fp[Int(c)]) &+ imm
                fp[Int(c)] = UInt64(v)
                if v != limit { pc = code + Int(t) }
            case .brAddImmI32LtSImm(let c, let imm, let limit, let t):
                let v = UInt32(truncatingIfNeeded: fp[Int(c)]) &+ imm
                fp[Int(c)] = UInt64(v)
                if Int32(bitPattern: v) < Int32(bitPattern: limit) { pc = code + Int(t) }
            case .brAddImmI32LtUImm(let c, let imm, let limit, let t):
                let v = UInt32(truncatingIfNeeded: fp[Int(c)]) &+ imm
                fp[Int(c)] = UInt64(v)
                if v < limit { pc = code + Int(t) }
            case .i32AddImmTee(let d, let c, let s, let imm):
                let v = UInt64(UInt32(truncatingIfNeeded: fp[Int(s)]) &+ imm)
                fp[Int(d)] = v
                fp[Int(c)] = v
            case .i32DivUImm(let d, let s, let magic):
                fp[Int(d)] = magic.multipliedFullWidth(by: fp[Int(s)] & 0xffff_ffff).high
            case .i32Load(let d, let a, let offset):
                guard let v = checkedLoad(UInt32.self, at: UInt32(truncatingIfNeeded: fp[Int(a)]), offset: offset, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                fp[Int(d)] = UInt64(v)
            case .i64Load(let d, let a, let offset):
                guard let v = checkedLoad(UInt64.self, at: UInt32(truncatingIfNeeded: fp[Int(a)]), offset: offset, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                fp[Int(d)] = v
            case .load8U(let d, let a, let offset):
                guard let v = checkedLoad(UInt8.self, at: UInt32(truncatingIfNeeded: fp[Int(a)]), offset: offset, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                fp[Int(d)] = UInt64(v)
            case .store8(let a, let v, let offset):
                guard checkedStore(at: UInt32(truncatingIfNeeded: fp[Int(a)]), offset: offset, UInt8(truncatingIfNeeded: fp[Int(v)]), in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
            case .i32Store(let a, let v, let offset):
                guard checkedStore(at: UInt32(truncatingIfNeeded: fp[Int(a)]), offset: offset, UInt32(truncatingIfNeeded: fp[Int(v)]), in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
            case .i64Store(let a, let v, let offset):
                guard checkedStore(at: UInt32(truncatingIfNeeded: fp[Int(a)]), offset: offset, fp[Int(v)], in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
            case .i32LoadAdd(let d, let a, let imm, let offset):
                guard let v = checkedLoad(UInt32.self, at: UInt32(truncatingIfNeeded: fp[Int(a)]) &+ imm, offset: offset, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                fp[Int(d)] = UInt64(v)
            case .i64LoadAdd(let d, let a, let imm, let offset):
                guard let v = checkedLoad(UInt64.self, at: UInt32(truncatingIfNeeded: fp[Int(a)]) &+ imm, offset: offset, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                fp[Int(d)] = v
            case .i32LoadBump(let d, let a, let imm, let offset):
                let p = UInt32(truncatingIfNeeded: fp[Int(a)]) &+ imm
                fp[Int(a)] = UInt64(p)
                guard let v = checkedLoad(UInt32.self, at: p, offset: offset, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                fp[Int(d)] = UInt64(v)
            case .i32StoreAdd(let a, let v, let imm, let offset):
                guard checkedStore(at: UInt32(truncatingIfNeeded: fp[Int(a)]) &+ imm, offset: offset, UInt32(truncatingIfNeeded: fp[Int(v)]), in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
            case .i64StoreAdd(let a, let v, let imm, let offset):
                guard checkedStore(at: UInt32(truncatingIfNeeded: fp[Int(a)]) &+ imm, offset: offset, fp[Int(v)], in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
            case .i32MulAddImm(let d, let l, let r, let imm):
                fp[Int(d)] = w(i32(fp[Int(l)]) &* i32(fp[Int(r)]) &+ imm)
            case .i32MulImmAddImm(let d, let s, let factor, let imm):
                fp[Int(d)] = w(i32(fp[Int(s)]) &* factor &+ imm)
            case .i32MulImmAdd(let d, let s, let factor, let c):
                fp[Int(d)] = w(i32(fp[Int(s)]) &* factor &+ i32(fp[Int(c)]))
            case .i64MulImmAddImm(let d, let s, let factor, let imm):
                let f = UInt64(bitPattern: Int64(Int32(bitPattern: factor))), c = UInt64(bitPattern: Int64(Int32(bitPattern: imm)))
                fp[Int(d)] = fp[Int(s)] &* f &+ c
            case .i64MulAdd(let d, let l, let r, let c):
                fp[Int(d)] = fp[Int(l)] &* fp[Int(r)] &+ fp[Int(c)]
            case .f32MulAdd(let d, let l, let r, let c):
                let product = f32(fp[Int(l)]) * f32(fp[Int(r)])
                fp[Int(d)] = w(product + f32(fp[Int(c)]))
            case .f64MulAdd(let d, let l, let r, let c):
                let product = f64(fp[Int(l)]) * f64(fp[Int(r)])
                fp[Int(d)] = w(product + f64(fp[Int(c)]))
            // icalls
            case .i32XorRotlImm(let d, let l, let r, let imm):
                let x = i32(fp[Int(l)]) ^ i32(fp[Int(r)])
                fp[Int(d)] = w((x &<< imm) | (x &>> (32 &- imm)))
            case .i32XorAndImm(let d, let l, let s, let imm):
                fp[Int(d)] = w(i32(fp[Int(l)]) ^ (i32(fp[Int(s)]) & imm))
            case .i32AddAndImm(let d, let l, let s, let imm):
                fp[Int(d)] = w(i32(fp[Int(l)]) &+ (i32(fp[Int(s)]) & imm))
            // loops/floats
            case .selectAndImm(let d, let l, let r, let c, let imm):
                let a = fp.selectArm(Int(l)), b = fp.selectArm(Int(r))
                fp[Int(d)] = fp[Int(c)] & UInt64(imm) != 0 ? a : b
            case .f32AddSub(let d, let c, let l, let r):
                let difference = f32(fp[Int(l)]) - f32(fp[Int(r)])
                fp[Int(d)] = w(f32(fp[Int(c)]) + difference)
            case .f64AddSub(let d, let c, let l, let r):
                let difference = f64(fp[Int(l)]) - f64(fp[Int(r)])
                fp[Int(d)] = w(f64(fp[Int(c)]) + difference)
            case .f32SubAdd(let d, let l, let r, let c):
                let difference = f32(fp[Int(l)]) - f32(fp[Int(r)])
                fp[Int(d)] = w(difference + f32(fp[Int(c)]))
            case .f64SubAdd(let d, let l, let r, let c):
                let difference = f64(fp[Int(l)]) - f64(fp[Int(r)])
                fp[Int(d)] = w(difference + f64(fp[Int(c)]))
            // ifloats
            case .brF32AddLt(let l, let r, let k, let t):
                if f32(fp[Int(l)]) + f32(fp[Int(r)]) < f32(fp[Int(k)]) { pc = code + Int(t) }
            case .brF32AddNotLt(let l, let r, let k, let t):
                if !(f32(fp[Int(l)]) + f32(fp[Int(r)]) < f32(fp[Int(k)])) { pc = code + Int(t) }
            case .brF64AddLt(let l, let r, let k, let t):
                if f64(fp[Int(l)]) + f64(fp[Int(r)]) < f64(fp[Int(k)]) { pc = code + Int(t) }
            case .brF64AddNotLt(let l, let r, let k, let t):
                if !(f64(fp[Int(l)]) + f64(fp[Int(r)]) < f64(fp[Int(k)])) { pc = code + Int(t) }
            case .f32AddMulAdd(let d, let l, let r, let f, let c):
                let product = (f32(fp[Int(l)]) + f32(fp[Int(r)])) * f32(fp[Int(f)])
                fp[Int(d)] = w(product + f32(fp[Int(c)]))
            case .f64AddMulAdd(let d, let l, let r, let f, let c):
                let product = (f64(fp[Int(l)]) + f64(fp[Int(r)])) * f64(fp[Int(f)])
                fp[Int(d)] = w(product + f64(fp[Int(c)]))
            case .i32ShlImmAddImm(let d, let s, let shift, let imm):
                fp[Int(d)] = w((i32(fp[Int(s)]) &<< shift) &+ imm)
            case .brLoadBumpI32LtU(let d, let a, let imm, let k, let t):
                let p = UInt32(truncatingIfNeeded: fp[Int(a)]) &+ imm
                fp[Int(a)] = UInt64(p)
                guard let v = checkedLoad(UInt32.self, at: p, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                fp[Int(d)] = UInt64(v)
                if v < i32(fp[Int(k)]) { pc = code + Int(t) }
            case .brLoadBumpI32GtU(let d, let a, let imm, let k, let t):
                let p = UInt32(truncatingIfNeeded: fp[Int(a)]) &+ imm
                fp[Int(a)] = UInt64(p)
                guard let v = checkedLoad(UInt32.self, at: p, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                fp[Int(d)] = UInt64(v)
                if i32(fp[Int(k)]) < v { pc = code + Int(t) }
            case .brLoadBumpI32LtS(let d, let a, let imm, let k, let t):
                let p = UInt32(truncatingIfNeeded: fp[Int(a)]) &+ imm
                fp[Int(a)] = UInt64(p)
                guard let v = checkedLoad(UInt32.self, at: p, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                fp[Int(d)] = UInt64(v)
                if Int32(bitPattern: v) < s32(fp[Int(k)]) { pc = code + Int(t) }
            case .brLoadBumpI32GtS(let d, let a, let imm, let k, let t):
                let p = UInt32(truncatingIfNeeded: fp[Int(a)]) &+ imm
                fp[Int(a)] = UInt64(p)
                guard let v = checkedLoad(UInt32.self, at: p, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                fp[Int(d)] = UInt64(v)
                if s32(fp[Int(k)]) < Int32(bitPattern: v) { pc = code + Int(t) }
            // imem
            case .brLoadStepI32LtU(let d, let a, let c, let k, let imm, let t):
                if code + Int(t) == pc - 1, distinctScanSlots(d, a, c, k) {
                    let bound = fp[Int(k)]
                    guard scanStep(fp, dst: d, addr: a, copy: c, pointer: UInt32(truncatingIfNeeded: fp[Int(a)]), imm: imm, memory: mem.pointee, while: { v in v < i32(bound) }) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                } else {
                    let p = UInt32(truncatingIfNeeded: fp[Int(a)])
                    guard let v = checkedLoad(UInt32.self, at: p, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                    fp[Int(d)] = UInt64(v)
                    fp[Int(a)] = UInt64(p &+ imm)
                    fp[Int(c)] = UInt64(p &+ imm)
                    if v < i32(fp[Int(k)]) { pc = code + Int(t) }
                }
            case .brLoadStepI32GtU(let d, let a, let c, let k, let imm, let t):
                if code + Int(t) == pc - 1, distinctScanSlots(d, a, c, k) {
                    let bound = fp[Int(k)]
                    guard scanStep(fp, dst: d, addr: a, copy: c, pointer: UInt32(truncatingIfNeeded: fp[Int(a)]), imm: imm, memory: mem.pointee, while: { v in i32(bound) < v }) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                } else {
                    let p = UInt32(truncatingIfNeeded: fp[Int(a)])
                    guard let v = checkedLoad(UInt32.self, at: p, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                    fp[Int(d)] = UInt64(v)
                    fp[Int(a)] = UInt64(p &+ imm)
                    fp[Int(c)] = UInt64(p &+ imm)
                    if i32(fp[Int(k)]) < v { pc = code + Int(t) }
                }
            case .brLoadStepI32LtS(let d, let a, let c, let k, let imm, let t):
                if code + Int(t) == pc - 1, distinctScanSlots(d, a, c, k) {
                    let bound = fp[Int(k)]
                    guard scanStep(fp, dst: d, addr: a, copy: c, pointer: UInt32(truncatingIfNeeded: fp[Int(a)]), imm: imm, memory: mem.pointee, while: { v in Int32(bitPattern: v) < s32(bound) }) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                } else {
                    let p = UInt32(truncatingIfNeeded: fp[Int(a)])
                    guard let v = checkedLoad(UInt32.self, at: p, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                    fp[Int(d)] = UInt64(v)
                    fp[Int(a)] = UInt64(p &+ imm)
                    fp[Int(c)] = UInt64(p &+ imm)
                    if Int32(bitPattern: v) < s32(fp[Int(k)]) { pc = code + Int(t) }
                }
            case .brLoadStepI32GtS(let d, let a, let c, let k, let imm, let t):
                if code + Int(t) == pc - 1, distinctScanSlots(d, a, c, k) {
                    let bound = fp[Int(k)]
                    guard scanStep(fp, dst: d, addr: a, copy: c, pointer: UInt32(truncatingIfNeeded: fp[Int(a)]), imm: imm, memory: mem.pointee, while: { v in s32(bound) < Int32(bitPattern: v) }) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                } else {
                    let p = UInt32(truncatingIfNeeded: fp[Int(a)])
                    guard let v = checkedLoad(UInt32.self, at: p, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                    fp[Int(d)] = UInt64(v)
                    fp[Int(a)] = UInt64(p &+ imm)
                    fp[Int(c)] = UInt64(p &+ imm)
                    if s32(fp[Int(k)]) < Int32(bitPattern: v) { pc = code + Int(t) }
                }
            case .brLoadBumpCountI32LtU(let d, let a, let k, let c, let imm, let t):
                if code + Int(t) == pc - 1, distinctScanSlots(d, a, k, c) {
                    let bound = fp[Int(k)]
                    guard scanBumpCount(fp, dst: d, addr: a, counter: c, counter: UInt32(truncatingIfNeeded: fp[Int(c)]), pointer: UInt32(truncatingIfNeeded: fp[Int(a)]), imm: imm, memory: mem.pointee, while: { v in v < i32(bound) }) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                } else {
                    fp[Int(c)] = UInt64(UInt32(truncatingIfNeeded: fp[Int(c)]) &+ counterStep(imm))
                    let p = UInt32(truncatingIfNeeded: fp[Int(a)]) &+ pointerStep(imm)
                    fp[Int(a)] = UInt64(p)
                    guard let v = checkedLoad(UInt32.self, at: p, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                    fp[Int(d)] = UInt64(v)
                    if v < i32(fp[Int(k)]) { pc = code + Int(t) }
                }
            case .brLoadBumpCountI32GtU(let d, let a, let k, let c, let imm, let t):
                if code + Int(t) == pc - 1, distinctScanSlots(d, a, k, c) {
                    let bound = fp[Int(k)]
                    guard scanBumpCount(fp, dst: d, addr: a, counter: c, counter: UInt32(truncatingIfNeeded: fp[Int(c)]), pointer: UInt32(truncatingIfNeeded: fp[Int(a)]), imm: imm, memory: mem.pointee, while: { v in i32(bound) < v }) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                } else {
                    fp[Int(c)] = UInt64(UInt32(truncatingIfNeeded: fp[Int(c)]) &+ counterStep(imm))
                    let p = UInt32(truncatingIfNeeded: fp[Int(a)]) &+ pointerStep(imm)
                    fp[Int(a)] = UInt64(p)
                    guard let v = checkedLoad(UInt32.self, at: p, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                    fp[Int(d)] = UInt64(v)
                    if i32(fp[Int(k)]) < v { pc = code + Int(t) }
                }
            case .brLoadBumpCountI32LtS(let d, let a, let k, let c, let imm, let t):
                if code + Int(t) == pc - 1, distinctScanSlots(d, a, k, c) {
                    let bound = fp[Int(k)]
                    guard scanBumpCount(fp, dst: d, addr: a, counter: c, counter: UInt32(truncatingIfNeeded: fp[Int(c)]), pointer: UInt32(truncatingIfNeeded: fp[Int(a)]), imm: imm, memory: mem.pointee, while: { v in Int32(bitPattern: v) < s32(bound) }) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                } else {
                    fp[Int(c)] = UInt64(UInt32(truncatingIfNeeded: fp[Int(c)]) &+ counterStep(imm))
                    let p = UInt32(truncatingIfNeeded: fp[Int(a)]) &+ pointerStep(imm)
                    fp[Int(a)] = UInt64(p)
                    guard let v = checkedLoad(UInt32.self, at: p, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                    fp[Int(d)] = UInt64(v)
                    if Int32(bitPattern: v) < s32(fp[Int(k)]) { pc = code + Int(t) }
                }
            case .brLoadBumpCountI32GtS(let d, let a, let k, let c, let imm, let t):
                if code + Int(t) == pc - 1, distinctScanSlots(d, a, k, c) {
                    let bound = fp[Int(k)]
                    guard scanBumpCount(fp, dst: d, addr: a, counter: c, counter: UInt32(truncatingIfNeeded: fp[Int(c)]), pointer: UInt32(truncatingIfNeeded: fp[Int(a)]), imm: imm, memory: mem.pointee, while: { v in s32(bound) < Int32(bitPattern: v) }) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                } else {
                    fp[Int(c)] = UInt64(UInt32(truncatingIfNeeded: fp[Int(c)]) &+ counterStep(imm))
                    let p = UInt32(truncatingIfNeeded: fp[Int(a)]) &+ pointerStep(imm)
                    fp[Int(a)] = UInt64(p)
                    guard let v = checkedLoad(UInt32.self, at: p, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                    fp[Int(d)] = UInt64(v)
                    if s32(fp[Int(k)]) < Int32(bitPattern: v) { pc = code + Int(t) }
                }
            case .i32LoadScaled(let d, let s, let shift, let offset):
                guard let v = checkedLoad(UInt32.self, at: i32(fp[Int(s)]) &<< shift, offset: offset, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                fp[Int(d)] = UInt64(v)
            case .i32MemAddImm(let a, let imm, let offset):
                guard let p = checkedPointer(at: UInt32(truncatingIfNeeded: fp[Int(a)]), offset: offset, width: 4, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                p.storeBytes(of: p.loadUnaligned(as: UInt32.self) &+ imm, as: UInt32.self)
            case .brAddImmToI32Ne(let d, let s, let imm, let l, let t):
                let v = UInt32(truncatingIfNeeded: fp[Int(s)]) &+ imm
                fp[Int(d)] = UInt64(v)
                if UInt64(v) != fp[Int(l)] { pc = code + Int(t) }
            case .brAddImmToI32LtS(let d, let s, let imm, let l, let t):
                let v = UInt32(truncatingIfNeeded: fp[Int(s)]) &+ imm
                fp[Int(d)] = UInt64(v)
                if Int32(bitPattern: v) < s32(fp[Int(l)]) { pc = code + Int(t) }
            case .brAddImmToI32LtU(let d, let s, let imm, let l, let t):
                let v = UInt32(truncatingIfNeeded: fp[Int(s)]) &+ imm
                fp[Int(d)] = UInt64(v)
                if v < i32(fp[Int(l)]) { pc = code + Int(t) }
            case .i32ShlImmAddImmCopy(let d, let c, let s, let shift, let imm):
                let x = fp[Int(s)]
                fp[Int(c)] = x
                fp[Int(d)] = w((i32(x) &<< shift) &+ imm)
            // iloops
            case .selectAndImmI64ShrURhs(let d, let l, let s, let c, let shift, let imm):
                let a = fp.selectArm(Int(l)), b = fp[Int(s)] &>> UInt64(shift)
                fp[Int(d)] = fp[Int(c)] & UInt64(imm) != 0 ? a : b
            case .selectAndImmI32ShrURhs(let d, let l, let s, let c, let shift, let imm):
                let a = fp.selectArm(Int(l)), b = w(i32(fp[Int(s)]) &>> shift)
                fp[Int(d)] = fp[Int(c)] & UInt64(imm) != 0 ? a : b
            case .selectAndImmI64ShrULhs(let d, let s, let r, let c, let shift, let imm):
                let a = fp[Int(s)] &>> UInt64(shift), b = fp.selectArm(Int(r))
                fp[Int(d)] = fp[Int(c)] & UInt64(imm) != 0 ? a : b
            case .selectAndImmI32ShrULhs(let d, let s, let r, let c, let shift, let imm):
                let a = w(i32(fp[Int(s)]) &>> shift), b = fp.selectArm(Int(r))
                fp[Int(d)] = fp[Int(c)] & UInt64(imm) != 0 ? a : b
            case .i32AddAndImmPair(let d, let l, let a, let b, let imm):
                fp[Int(d)] = w(i32(fp[Int(l)]) &+ (i32(fp[Int(a)]) & imm) &+ (i32(fp[Int(b)]) & imm))
            case .brI64NeImmStep(let l, let c, let imm, let step, let t):
                let v = fp[Int(l)]
                fp[Int(c)] = w(i32(fp[Int(c)]) &+ step)
                if v != UInt64(bitPattern: Int64(Int32(bitPattern: imm))) { pc = code + Int(t) }
            case .brI32NeImmStep(let l, let c, let imm, let step, let t):
                let v = i32(fp[Int(l)])
                fp[Int(c)] = w(i32(fp[Int(c)]) &+ step)
                if v != imm { pc = code + Int(t) }
            // imem8: a scan loop in one op (LoadScanLoops.swift); the counter's slot written here.
            case .scanLoadStepCountI32LtU(let d, let a, let c, let k, let n, let imm):
                let bound = fp[Int(k)]
                var count: UInt32 = 0
                let loaded = scanStepCount(fp, dst: d, addr: a, copy: c, other: k, counter: n, count: &count, bound: bound, imm: imm, memory: mem.pointee, while: { v, b in v < i32(b) })
                fp[Int(n)] = UInt64(count)
                guard loaded else { throw trap(.outOfBoundsMemoryAccess, pc) }
            case .scanLoadStepCountI32GtU(let d, let a, let c, let k, let n, let imm):
                let bound = fp[Int(k)]
                var count: UInt32 = 0
                let loaded = scanStepCount(fp, dst: d, addr: a, copy: c, other: k, counter: n, count: &count, bound: bound, imm: imm, memory: mem.pointee, while: { v, b in i32(b) < v })
                fp[Int(n)] = UInt64(count)
                guard loaded else { throw trap(.outOfBoundsMemoryAccess, pc) }
            case .scanLoadStepCountI32LtS(let d, let a, let c, let k, let n, let imm):
                let bound = fp[Int(k)]
                var count: UInt32 = 0
                let loaded = scanStepCount(fp, dst: d, addr: a, copy: c, other: k, counter: n, count: &count, bound: bound, imm: imm, memory: mem.pointee, while: { v, b in Int32(bitPattern: v) < s32(b) })
                fp[Int(n)] = UInt64(count)
                guard loaded else { throw trap(.outOfBoundsMemoryAccess, pc) }
            case .scanLoadStepCountI32GtS(let d, let a, let c, let k, let n, let imm):
                let bound = fp[Int(k)]
                var count: UInt32 = 0
                let loaded = scanStepCount(fp, dst: d, addr: a, copy: c, other: k, counter: n, count: &count, bound: bound, imm: imm, memory: mem.pointee, while: { v, b in s32(b) < Int32(bitPattern: v) })
                fp[Int(n)] = UInt64(count)
                guard loaded else { throw trap(.outOfBoundsMemoryAccess, pc) }
            case .copyPair(let d, let s, let d2, let s2):
                fp[Int(d)] = fp[Int(s)]
                fp[Int(d2)] = fp[Int(s2)]
            case .brLoadI32Eqz(let d, let a, let offset, let t):
                guard let v = checkedLoad(UInt32.self, at: i32(fp[Int(a)]), offset: offset, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                fp[Int(d)] = UInt64(v)
                if v == 0 { pc = code + Int(t) }
            case .brLoadI32Nez(let d, let a, let offset, let t):
                guard let v = checkedLoad(UInt32.self, at: i32(fp[Int(a)]), offset: offset, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                fp[Int(d)] = UInt64(v)
                if v != 0 { pc = code + Int(t) }
            // icalls8
            case .brIfI32StepTee(let c, let n, let k, let imm, let t):
                // `cond` is neither stepped slot (Lowering.stepTeeBranch): read first all the same.
                let v = UInt32(truncatingIfNeeded: fp[Int(c)])
                let r = UInt64(UInt32(truncatingIfNeeded: fp[Int(n)]) &+ imm)
                fp[Int(n)] = r
                fp[Int(k)] = r
                if v != 0 { pc = code + Int(t) } // threaded: hands on r
            // ifloats8
            case .brF32SquareAddLt(let d, let s, let o, let k, let t):
                let x = f32(fp[Int(s)])
                let square = x * x, other = f32(fp[Int(o)]), limit = f32(fp[Int(k)])
                fp[Int(d)] = w(square)
                if other + square < limit { pc = code + Int(t) }
            case .brF32SquareAddNotLt(let d, let s, let o, let k, let t):
                let x = f32(fp[Int(s)])
                let square = x * x, other = f32(fp[Int(o)]), limit = f32(fp[Int(k)])
                fp[Int(d)] = w(square)
                if !(other + square < limit) { pc = code + Int(t) }
            case .brF64SquareAddLt(let d, let s, let o, let k, let t):
                let x = f64(fp[Int(s)])
                let square = x * x, other = f64(fp[Int(o)]), limit = f64(fp[Int(k)])
                fp[Int(d)] = w(square)
                if other + square < limit { pc = code + Int(t) }
            case .brF64SquareAddNotLt(let d, let s, let o, let k, let t):
                let x = f64(fp[Int(s)])
                let square = x * x, other = f64(fp[Int(o)]), limit = f64(fp[Int(k)])
                fp[Int(d)] = w(square)
                if !(other + square < limit) { pc = code + Int(t) }
            case .f32MulLoad(let d, let l, let a, let imm, let offset):
                guard let v = checkedLoad(UInt32.self, at: UInt32(truncatingIfNeeded: fp[Int(a)]) &+ imm, offset: offset, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                fp[Int(d)] = w(f32(fp[Int(l)]) * Float(bitPattern: v))
            case .f32MulLoadAdd(let d, let l, let a, let c, let imm, let offset):
                guard let v = checkedLoad(UInt32.self, at: UInt32(truncatingIfNeeded: fp[Int(a)]) &+ imm, offset: offset, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                let product = f32(fp[Int(l)]) * Float(bitPattern: v)
                fp[Int(d)] = w(product + f32(fp[Int(c)]))
            case .f64MulLoad(let d, let l, let a, let imm, let offset):
                guard let v = checkedLoad(UInt64.self, at: UInt32(truncatingIfNeeded: fp[Int(a)]) &+ imm, offset: offset, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                fp[Int(d)] = w(f64(fp[Int(l)]) * Double(bitPattern: v))
            case .f64MulLoadAdd(let d, let l, let a, let c, let imm, let offset):
                guard let v = checkedLoad(UInt64.self, at: UInt32(truncatingIfNeeded: fp[Int(a)]) &+ imm, offset: offset, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                let product = f64(fp[Int(l)]) * Double(bitPattern: v)
                fp[Int(d)] = w(product + f64(fp[Int(c)]))
            // icalls8-r2
            case .brI32GtUImmStepTee(let c, let n, let k, let cmp, let imm, let t):
                let old = UInt32(truncatingIfNeeded: fp[Int(n)])
                let r = UInt64(old &+ imm)
                fp[Int(c)] = old > cmp ? 1 : 0
                fp[Int(n)] = r
                fp[Int(k)] = r
                if old > cmp { pc = code + Int(t) } // threaded: hands on r
            case .brI32GtSImmStepTee(let c, let n, let k, let cmp, let imm, let t):
                let old = UInt32(truncatingIfNeeded: fp[Int(n)])
                let r = UInt64(old &+ imm)
                let taken = Int32(bitPattern: old) > Int32(bitPattern: cmp)
                fp[Int(c)] = taken ? 1 : 0
                fp[Int(n)] = r
                fp[Int(k)] = r
                if taken { pc = code + Int(t) } // threaded: hands on r

            case .brF32SquaresAddLt(let d, let s, let e, let u, let k, let t):
                let x = f32(fp[Int(s)]), y = f32(fp[Int(u)])
                let a = x * x, b = y * y, limit = f32(fp[Int(k)])
                fp[Int(d)] = w(a)
                fp[Int(e)] = w(b)
                if a + b < limit { pc = code + Int(t) }
            case .brF32SquaresAddNotLt(let d, let s, let e, let u, let k, let t):
                let x = f32(fp[Int(s)]), y = f32(fp[Int(u)])
                let a = x * x, b = y * y, limit = f32(fp[Int(k)])
                fp[Int(d)] = w(a)
                fp[Int(e)] = w(b)
                if !(a + b < limit) { pc = code + Int(t) }
            case .brF64SquaresAddLt(let d, let s, let e, let u, let k, let t):
                let x = f64(fp[Int(s)]), y = f64(fp[Int(u)])
                let a = x * x, b = y * y, limit = f64(fp[Int(k)])
                fp[Int(d)] = w(a)
                fp[Int(e)] = w(b)
                if a + b < limit { pc = code + Int(t) }
            case .brF64SquaresAddNotLt(let d, let s, let e, let u, let k, let t):
                let x = f64(fp[Int(s)]), y = f64(fp[Int(u)])
                let a = x * x, b = y * y, limit = f64(fp[Int(k)])
                fp[Int(d)] = w(a)
                fp[Int(e)] = w(b)
                if !(a + b < limit) { pc = code + Int(t) }
            case .load(let o, let d, let a, let offset):
                guard let p = checkedPointer(at: UInt32(truncatingIfNeeded: fp[Int(a)]), offset: offset, width: o.byteWidth, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                fp[Int(d)] = MemoryAccess.load(o, p)
            case .store(let o, let a, let v, let offset):
                guard let p = checkedPointer(at: UInt32(truncatingIfNeeded: fp[Int(a)]), offset: offset, width: o.byteWidth, in: mem.pointee) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                MemoryAccess.store(o, p, fp[Int(v)])
            case .memorySize(let d):
                fp[Int(d)] = mem.pointee.size / MemoryInstance.pageSize
            case .memoryGrow(let d):
                let delta = UInt64(UInt32(truncatingIfNeeded: fp[Int(d)]))
                fp[Int(d)] = inst.memories[0].grow(by: delta).map { UInt64($0) } ?? 0xFFFF_FFFF
            case .memoryFill(let b):
                let d = UInt64(UInt32(truncatingIfNeeded: fp[Int(b)]))
                let v = Int32(UInt8(truncatingIfNeeded: fp[Int(b) + 1]))
                let n = UInt64(UInt32(truncatingIfNeeded: fp[Int(b) + 2]))
                let m = mem.pointee
                guard d + n <= m.size else { throw trap(.outOfBoundsMemoryAccess, pc) }
                if n > 0 { memset(m.base + Int(d), v, Int(n)) }
            case .memoryCopy(let b):
                let d = UInt64(UInt32(truncatingIfNeeded: fp[Int(b)]))
                let s = UInt64(UInt32(truncatingIfNeeded: fp[Int(b) + 1]))
                let n = UInt64(UInt32(truncatingIfNeeded: fp[Int(b) + 2]))
                let m = mem.pointee
                guard d + n <= m.size, s + n <= m.size else { throw trap(.outOfBoundsMemoryAccess, pc) }
                if n > 0 { memmove(m.base + Int(d), m.base + Int(s), Int(n)) }
            case .memoryInit(let seg, let b):
                let d = UInt64(UInt32(truncatingIfNeeded: fp[Int(b)]))
                let s = UInt64(UInt32(truncatingIfNeeded: fp[Int(b) + 1]))
                let n = UInt64(UInt32(truncatingIfNeeded: fp[Int(b) + 2]))
                let m = mem.pointee
                let bytes = inst.dataBytes(Int(seg))
                guard d + n <= m.size, s + n <= UInt64(bytes.count) else { throw trap(.outOfBoundsMemoryAccess, pc) }
                if n > 0 {
                    bytes.withUnsafeBytes { src in
                        (m.base + Int(d)).copyMemory(from: src.baseAddress! + Int(s), byteCount: Int(n))
                    }
                }
            case .dataDrop(let seg):
                inst.droppedData[Int(seg)] = true

            case .tableGet(let t, let d):
                let table = inst.tables[Int(t)]
                let i = UInt32(truncatingIfNeeded: fp[Int(d)])
                guard Int(i) < table.elements.count else { throw trap(.outOfBoundsTableAccess, pc) }
                fp[Int(d)] = table.elements[Int(i)]
            case .tableSet(let t, let b):
                let table = inst.tables[Int(t)]
                let i = UInt32(truncatingIfNeeded: fp[Int(b)])
                guard Int(i) < table.elements.count else { throw trap(.outOfBoundsTableAccess, pc) }
                table.elements[Int(i)] = fp[Int(b) + 1]
            case .tableSize(let t, let d):
                fp[Int(d)] = UInt64(inst.tables[Int(t)].elements.count)
            case .tableGrow(let t, let b):
                let n = UInt64(UInt32(truncatingIfNeeded: fp[Int(b) + 1]))
                fp[Int(b)] = inst.tables[Int(t)].grow(by: n, initial: fp[Int(b)]).map { UInt64($0) } ?? 0xFFFF_FFFF
            case .tableFill(let t, let b):
                let table = inst.tables[Int(t)]
                let i = UInt64(UInt32(truncatingIfNeeded: fp[Int(b)]))
                let v = fp[Int(b) + 1]
                let n = UInt64(UInt32(truncatingIfNeeded: fp[Int(b) + 2]))
                guard table.inBounds(i, n) else { throw trap(.outOfBoundsTableAccess, pc) }
                for k in 0..<Int(n) { table.elements[Int(i) + k] = v }
            case .tableCopy(let dt, let st, let b):
                let dst = inst.tables[Int(dt)], src = inst.tables[Int(st)]
                let d = UInt64(UInt32(truncatingIfNeeded: fp[Int(b)]))
                let s = UInt64(UInt32(truncatingIfNeeded: fp[Int(b) + 1]))
                let n = UInt64(UInt32(truncatingIfNeeded: fp[Int(b) + 2]))
                guard dst.inBounds(d, n), src.inBounds(s, n) else { throw trap(.outOfBoundsTableAccess, pc) }
                if n > 0 {
                    let items = Array(src.elements[Int(s)..<Int(s + n)])
                    dst.elements.replaceSubrange(Int(d)..<Int(d + n), with: items)
                }
            case .tableInit(let e, let t, let b):
                let table = inst.tables[Int(t)]
                let seg = inst.elementSegments[Int(e)]
                let d = UInt64(UInt32(truncatingIfNeeded: fp[Int(b)]))
                let s = UInt64(UInt32(truncatingIfNeeded: fp[Int(b) + 1]))
                let n = UInt64(UInt32(truncatingIfNeeded: fp[Int(b) + 2]))
                guard table.inBounds(d, n), s + n <= UInt64(seg.count) else { throw trap(.outOfBoundsTableAccess, pc) }
                if n > 0 { table.elements.replaceSubrange(Int(d)..<Int(d + n), with: seg[Int(s)..<Int(s + n)]) }
            case .elemDrop(let e):
                inst.elementSegments[Int(e)] = []
            }
        }
    }
}
