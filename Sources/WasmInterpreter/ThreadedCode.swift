import WasmCore
import WasmRuntime

/// An op of threaded code: the lowered op and the handler that runs it.
///
/// Threaded code gives each op its own indirect branch: a handler runs its op, then calls the
/// next op's handler in tail position (release builds turn that call into a `jmp`), instead of
/// every op going back through the one `switch` of `Machine.run` (a single, badly predicted
/// indirect branch). Handlers are generated from that `switch` (Utilities/gen-threaded-handlers.py,
/// ThreadedHandlers.swift) for ops that only touch slots, memory 0, globals and branch targets;
/// calls of defined functions, `call_indirect` (ThreadedIndirectCall.swift) and returns within
/// one instance have hand-written handlers;
/// the other ops (other calls, fuel, epoch checks, tables, bulk memory...) have `threaded`
/// false and run in the `switch`, which then enters the threaded code again.
///
/// Protocol: a handler returns the pc at which the threaded run stopped: an op that is not
/// threaded or that a handler leaves to the `switch` (such a handler returns its own pc), or,
/// after a trap, the pc following the
/// trapping op with the trap kind in the context; every exit records the frame pointer in the
/// context (calls and returns change it). Debug builds do not turn tail calls into jumps,
/// so there every handler returns after its op (`next` returns the pc) and the loop in
/// `Machine.runThreaded` dispatches: the same handlers, one native frame at a time.
///
/// Accumulator: handlers pass a 64-bit value along the chain (a register throughout). A handler
/// whose op writes one slot as its last action (most arithmetic, loads, copies, constants)
/// writes the slot as always and also passes the value on as the accumulator; other handlers
/// pass on the one they received. Slots stay exact, so the `switch`, traps and backtraces
/// never look at the accumulator. An op that reads the slot the accumulator is known to hold
/// (the last produced one, also across branches when every way in agrees: see
/// ThreadedAccumulatorFlow.swift; at a return point, the call's first result) gets a handler
/// variant that takes that operand from the accumulator instead (no store-to-load round trip
/// on the chain of dependent ops). `accumulatorSlot` records the slot the variant reads, so a
/// run (re)entered at that op loads the accumulator from it. A second, float accumulator (a
/// `Double`, in xmm0) carries the results of float operators the same way
/// (ThreadedFloatAccumulator.swift; `floatAccumulatorSlot`).
struct ThreadedOp {
    var handler: ThreadedHandler
    /// The payload of `op` as plain words (`ThreadedOp.operands(of:)`, generated), so handlers
    /// read their operands without matching the enum case.
    var operands: (UInt32, UInt32, UInt32, UInt32)
    var op: Op
    /// Whether `handler` runs the op (false: the execution loop's `switch` does).
    var threaded: Bool
    /// The slot `handler` reads from the accumulator, or `ThreadedOp.noAccumulator`.
    var accumulatorSlot: Slot
    /// The slot `handler` reads from the float accumulator, or `ThreadedOp.noAccumulator`.
    var floatAccumulatorSlot: Slot

    static let noAccumulator = Slot.max

    init(_ op: Op) {
        self.op = op
        operands = ThreadedOp.operands(of: op)
        accumulatorSlot = ThreadedOp.noAccumulator
        floatAccumulatorSlot = ThreadedOp.noAccumulator
        if let h = ThreadedOp.callHandler(for: op) ?? ThreadedOp.handler(for: op) {
            handler = h
            threaded = true
        } else {
            handler = t_leave
            threaded = false
        }
    }

    /// The accumulator a run entering at this op passes to its handler.
    @inline(__always)
    func entryAccumulator(_ fp: UnsafeMutablePointer<UInt64>) -> UInt64 {
        accumulatorSlot == ThreadedOp.noAccumulator ? 0 : fp[Int(accumulatorSlot)]
    }

    /// The float accumulator a run entering at this op passes to its handler.
    @inline(__always)
    func entryFloatAccumulator(_ fp: UnsafeMutablePointer<UInt64>) -> Double {
        floatAccumulatorSlot == ThreadedOp.noAccumulator ? 0 : Double(bitPattern: fp[Int(floatAccumulatorSlot)])
    }

    /// Writes the threaded form of a function's ops to `code` (`ops.count` uninitialized
    /// entries), choosing accumulator-reading handler variants where the value is known to be
    /// in the accumulator.
    /// `entryHoldsSlot0`: the function has parameters, so a call enters it with slot 0 (the
    /// first argument) in the accumulator (icalls8: see `entersWithFirstArgument`).
    static func thread(_ ops: [Op], tableTargets: [PC], into code: ThreadedPC, entryHoldsSlot0: Bool = false) {
        for (k, op) in ops.enumerated() { (code + k).initialize(to: ThreadedOp(op)) }
        chooseAccumulatorVariants(ops, tableTargets: tableTargets, in: code, entryHoldsSlot0: entryHoldsSlot0)
        fuseReturns(ops, in: code)
    }

    /// Replaces ops `ks` of `code` (`count` ops, threaded with `tableTargets`) with `op` and
    /// chooses the accumulator variants of the whole code again (what the accumulator holds
    /// can change anywhere after a replaced op).
    static func replace(_ ks: [Int], in code: ThreadedPC, count: Int, tableTargets: [PC], with op: Op,
                        entryHoldsSlot0: Bool = false) {
        var ops = (0..<count).map { code[$0].op }
        for k in ks where k >= 0 && k < count { ops[k] = op }
        for (k, op) in ops.enumerated() { code[k] = ThreadedOp(op) }
        chooseAccumulatorVariants(ops, tableTargets: tableTargets, in: code, entryHoldsSlot0: entryHoldsSlot0)
        fuseReturns(ops, in: code)
    }
}

typealias ThreadedPC = UnsafeMutablePointer<ThreadedOp>
typealias ThreadedContextPointer = UnsafeMutablePointer<ThreadedContext>
/// A handler: (its op, the frame, the context, the accumulator, memory 0's base, the float
/// accumulator) -> where the run stopped. Memory 0 does not change during a threaded run
/// (`memory.grow`, host calls and calls into other instances run in the `switch`), so its base
/// travels in a register like the accumulator; its size, read only by bounds checks, is in the
/// context (`memorySize`). That keeps the sixth integer argument register free: with every
/// argument register pinned, a handler has only %rax, %r10 and %r11 to work in and saves and
/// restores callee-saved registers for anything more.
/// Handlers are `@inline(__always)` so that their body is compiled into the C entry point the
/// code array holds (otherwise that entry is a thunk jumping to the Swift function: one more
/// jump and frame setup per op). The pointers are opaque
/// because a C function pointer is the one kind of function pointer Swift 6 stores without a
/// context (release builds compile the handlers' calls through it into jumps all the same).
typealias ThreadedHandler = @convention(c) (OpaquePointer, UnsafeMutablePointer<UInt64>, OpaquePointer, UInt64,
                                             UnsafeMutableRawPointer, Double) -> OpaquePointer

/// What threaded handlers read besides the frame: the activation's state, written by the
/// execution loop before each run and read back after it (all fields are trivial values).
struct ThreadedContext {
    /// The running function's code (branch targets are relative to it; the function is
    /// `CompiledFunction.owner(of: code)`).
    var code: ThreadedPC
    var globals: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    /// Set by a handler whose op traps.
    var trap: TrapKind?
    /// The frame pointer where the run stopped.
    var fp: UnsafeMutablePointer<UInt64>
    // Calls and returns (see `Machine`).
    var inst: Unmanaged<ModuleInstance>
    var functions: UnsafeMutablePointer<Unmanaged<CompiledFunction>>
    /// The first free frame entry (`frames + frameCount` of the execution loop: a pointer, so
    /// calls and returns need no index arithmetic) and the one this activation started at.
    var frameTop: UnsafeMutablePointer<Frame>
    let baseFrameTop: UnsafeMutablePointer<Frame>
    /// `ExecutionStack.stackLimit` moved by the address of the frame buffer: a frame of
    /// `frameBytes` at `fp` fits when `fp + frameBytes + frameTop <= frameStackLimit` (each live
    /// frame's entry is `frameOverhead` bytes, so `frameTop - frames` in bytes is the frames' share).
    let frameStackLimit: Int
    // `call_indirect` (see `t_callIndirect`): table 0 of the instance and the store's cache.
    var table0: UnsafeMutablePointer<TableContext>?
    let indirectCalls: UnsafeMutablePointer<IndirectCallCache.Entry>
    /// The size in bytes of memory 0 (its base is a handler argument).
    let memorySize: UInt64
    /// Debug builds: the op `next` hands `accumulator` to (the loop in `Machine.runThreaded`
    /// passes it on instead of reloading it from the slot, so the chain is checked there too).
    var accumulatorFor: ThreadedPC?
    var accumulator: UInt64
    var floatAccumulator: Double = 0
}

/// Runs the op at `pc` with accumulators `acc` and `fa` (the tail of every handler).
@inline(__always)
func next(_ pc: ThreadedPC, _ fp: UnsafeMutablePointer<UInt64>, _ cx: ThreadedContextPointer, _ acc: UInt64,
          _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    #if DEBUG
    cx.pointee.fp = fp
    cx.pointee.accumulatorFor = pc
    cx.pointee.accumulator = acc
    cx.pointee.floatAccumulator = fa
    return OpaquePointer(pc)
    #else
    return pc.pointee.handler(OpaquePointer(pc), fp, OpaquePointer(cx), acc, mb, fa)
    #endif
}

/// Runs the op at `pc`, whose handler is `handler` (known without loading it from `pc`).
@inline(__always)
func next(_ pc: ThreadedPC, via handler: ThreadedHandler, _ fp: UnsafeMutablePointer<UInt64>, _ cx: ThreadedContextPointer,
          _ acc: UInt64, _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    #if DEBUG
    return next(pc, fp, cx, acc, mb, fa)
    #else
    return handler(OpaquePointer(pc), fp, OpaquePointer(cx), acc, mb, fa)
    #endif
}

/// Records a trap of the op before `pc` and stops the threaded run.
@inline(__always)
func trapped(_ kind: TrapKind, _ pc: ThreadedPC, _ fp: UnsafeMutablePointer<UInt64>, _ cx: ThreadedContextPointer) -> OpaquePointer {
    cx.pointee.trap = kind
    cx.pointee.fp = fp
    return OpaquePointer(pc)
}

/// Stops the run at `pc` (an op for the execution loop's `switch`).
@inline(__always)
func leave(_ pc: ThreadedPC, _ fp: UnsafeMutablePointer<UInt64>, _ cx: ThreadedContextPointer) -> OpaquePointer {
    cx.pointee.fp = fp
    return OpaquePointer(pc)
}

/// The handler of ops that are not threaded: stops the run at this op.
@inline(__always)
func t_leave(_ at: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ cx: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    leave(ThreadedPC(at), fp, ThreadedContextPointer(cx))
}

extension ThreadedOp {
    /// The hand-written handlers: calls of defined functions, `call_indirect` and returns.
    static func callHandler(for op: Op) -> ThreadedHandler? {
        switch op {
        case .callDefined: return t_callDefined
        case .ret: return t_ret
        case .callIndirect: return t_callIndirect
        default: return nil
        }
    }
}

/// `callDefined`: pushes the caller's frame and continues at the callee's first op, like
/// `Machine.enter` (a callee whose frame does not fit is left to the `switch`, which traps).
@inline(__always)
func t_callDefined(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let at = ThreadedPC(op), cx = ThreadedContextPointer(context)
    // `callDefined(function, argBase)`: its operand words.
    let f = at.pointee.operands.0, argBase = at.pointee.operands.1
    return enterThreaded(cx.pointee.functions[Int(f)], argBase: argBase, at, fp, cx, acc, mb, fa)
}

/// `callDefined` whose operand words 2 and 3 hold the callee (see `CompiledModule.linkCalls`).
@inline(__always)
func t_callDefinedDirect(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let at = ThreadedPC(op), cx = ThreadedContextPointer(context)
    let argBase = at.pointee.operands.1
    let bits = UInt(at.pointee.operands.2) | UInt(at.pointee.operands.3) << 32
    // Set by `linkCalls` (never 0) to a function its module keeps alive.
    let callee = Unmanaged<CompiledFunction>.fromOpaque(UnsafeRawPointer(bitPattern: bits).unsafelyUnwrapped)
    return enterThreaded(callee, argBase: argBase, at, fp, cx, acc, mb, fa)
}

/// `callDefined` of a function whose calls write no entry slot, with operand word 0 holding the
/// callee's `frameBytes` and words 2 and 3 its code (see `CompiledModule.linkCalls`): the stack
/// check and the jump to the callee's first handler need nothing but the op (`enterThreaded`
/// loads the callee's code from the callee first, then its handler from the code).
@inline(__always)
func t_callDefinedCode(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let argBase = ThreadedPC(op).pointee.operands.1
    return callCodeThreaded(op, fp, context, fp[Int(argBase)], mb, fa)
}

/// `t_callDefinedCode` where the accumulator already holds the first argument (the op before
/// the call computed it): the callee gets it as is.
@inline(__always)
func t_callDefinedCodeAccumulator(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    callCodeThreaded(op, fp, context, acc, mb, fa)
}

/// The call of `t_callDefinedCode`, handing `acc` (the first argument) to the callee.
@inline(__always)
func callCodeThreaded(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let at = ThreadedPC(op)
    let frameBytes = at.pointee.operands.0, argBase = at.pointee.operands.1
    let bits = UInt(at.pointee.operands.2) | UInt(at.pointee.operands.3) << 32
    // Set by `linkCalls` (never 0) to code its module keeps alive.
    let code = ThreadedPC(bitPattern: bits).unsafelyUnwrapped
    return enterCodeThreaded(code, frameBytes: Int(frameBytes), argBase: argBase, at, fp, ThreadedContextPointer(context), acc, mb, fa)
}

/// Pushes the caller's frame and continues at `code`, the first op of a function whose calls
/// write no entry slot and whose frame is `frameBytes` (a callee whose frame does not fit is
/// left to the `switch`, which traps), handing it `acc` (its first argument).
@inline(__always)
func enterCodeThreaded(_ code: ThreadedPC, frameBytes: Int, argBase: Slot, _ at: ThreadedPC, _ fp: UnsafeMutablePointer<UInt64>,
                       _ cx: ThreadedContextPointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let top = cx.pointee.frameTop
    Frame.push(top, returnPC: at + 1, fp: fp, code: cx.pointee.code)
    let newFp = fp + Int(argBase)
    guard Int(bitPattern: newFp) &+ frameBytes &+ Int(bitPattern: top) <= cx.pointee.frameStackLimit else {
        return leave(at, fp, cx)
    }
    cx.pointee.frameTop = top + 1
    cx.pointee.code = code
    return next(code, newFp, cx, acc, mb, fa)
}

/// Pushes the caller's frame and continues at `callee`'s first op, like `Machine.enter`; a
/// callee whose frame does not fit is left to the `switch` (which traps).
@inline(__always)
func enterThreaded(_ callee: Unmanaged<CompiledFunction>, argBase: Slot, _ at: ThreadedPC, _ fp: UnsafeMutablePointer<UInt64>,
                   _ cx: ThreadedContextPointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let top = cx.pointee.frameTop
    // Written before the stack check (fewer values live at once, so fewer registers to save):
    // the entry past the live frames is free, and inside the frame buffer, which holds a
    // frame for every `frameOverhead` bytes of the limit. A call that does not fit leaves it
    // unused.
    Frame.push(top, returnPC: at + 1, fp: fp, code: cx.pointee.code)
    let newFp = fp + Int(argBase)
    let entry: ThreadedPC? = callee._withUnsafeGuaranteedRef { c in
        guard Int(bitPattern: newFp) &+ c.frameBytes &+ Int(bitPattern: top) <= cx.pointee.frameStackLimit else { return nil }
        c.initializeSlots(newFp)
        return c.code
    }
    guard let code = entry else { return leave(at, fp, cx) }
    cx.pointee.frameTop = top + 1
    cx.pointee.code = code
    // The callee starts with its first argument in the accumulator (`entersWithFirstArgument`;
    // slot 0 is a parameter, which `initializeSlots` leaves alone, or unused without one).
    return next(code, newFp, cx, newFp[0], mb, fa)
}

/// `ret` to a caller of the same instance in this activation (other returns are left to the
/// `switch`), handing on slot 0 (the first result; the caller's return point reads it as the
/// accumulator, see ThreadedAccumulatorFlow.swift).
@inline(__always)
func t_ret(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    returnThreaded(op, fp, context, fp[0], mb, fa)
}

/// `t_ret` where the accumulator already holds slot 0.
@inline(__always)
func t_retAccumulator(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    returnThreaded(op, fp, context, acc, mb, fa)
}

/// Pops the frame of a `ret` and continues at the return point with accumulator `acc`.
@inline(__always)
func returnThreaded(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let at = ThreadedPC(op), cx = ThreadedContextPointer(context)
    let top = cx.pointee.frameTop
    guard top != cx.pointee.baseFrameTop else { return leave(at, fp, cx) }
    let f = top - 1
    let rp = f.pointee.returnPoint
    guard rp & Frame.switchesInstance == 0 else { return leave(at, fp, cx) }
    cx.pointee.frameTop = f
    cx.pointee.code = f.pointee.code
    // Untagged: the return point itself (never null), whose handler the frame holds.
    return next(ThreadedPC(bitPattern: rp).unsafelyUnwrapped, via: f.pointee.returnHandler, f.pointee.fp, cx, acc, mb, fa)
}
