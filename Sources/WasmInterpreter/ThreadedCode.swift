import WasmCore
import WasmRuntime

/// An op of threaded code: the lowered op and the handler that runs it.
///
/// Threaded code gives each op its own indirect branch: a handler runs its op, then calls the
/// next op's handler in tail position (release builds turn that call into a `jmp`), instead of
/// every op going back through the one `switch` of `Machine.run` (a single, badly predicted
/// indirect branch). Handlers are generated from that `switch` (Utilities/gen-threaded-handlers.py,
/// ThreadedHandlers.swift) for ops that only touch slots, memory 0, globals and branch targets;
/// calls of defined functions and returns within one instance have hand-written handlers below;
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
struct ThreadedOp {
    var handler: ThreadedHandler
    var op: Op
    /// Whether `handler` runs the op (false: the execution loop's `switch` does).
    var threaded: Bool

    init(_ op: Op) {
        self.op = op
        if let h = ThreadedOp.callHandler(for: op) ?? ThreadedOp.handler(for: op) {
            handler = h
            threaded = true
        } else {
            handler = t_leave
            threaded = false
        }
    }
}

typealias ThreadedPC = UnsafeMutablePointer<ThreadedOp>
typealias ThreadedContextPointer = UnsafeMutablePointer<ThreadedContext>
/// A handler: (its op, the frame, the context) -> where the run stopped. The pointers are opaque
/// because a C function pointer is the one kind of function pointer Swift 6 stores without a
/// context (release builds compile the handlers' calls through it into jumps all the same).
typealias ThreadedHandler = @convention(c) (OpaquePointer, UnsafeMutablePointer<UInt64>, OpaquePointer) -> OpaquePointer

/// What threaded handlers read besides the frame: the activation's state, written by the
/// execution loop before each run and read back after it (all fields are trivial values).
struct ThreadedContext {
    /// The running function's code (branch targets are relative to it).
    var code: ThreadedPC
    var mem: UnsafeMutablePointer<MemoryContext>
    var globals: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    /// Set by a handler whose op traps.
    var trap: TrapKind?
    /// The frame pointer where the run stopped.
    var fp: UnsafeMutablePointer<UInt64>
    // Calls and returns (see `Machine`).
    var fn: Unmanaged<CompiledFunction>
    var inst: Unmanaged<ModuleInstance>
    var functions: UnsafeMutablePointer<Unmanaged<CompiledFunction>>
    var frames: UnsafeMutablePointer<Frame>
    var frameCount: Int
    let baseDepth: Int
    let slotBase: UnsafeMutablePointer<UInt64>
    let maxBytes: Int
    // `call_indirect` (see `t_callIndirect`): table 0 of the instance and the store's cache.
    var table0: Unmanaged<TableInstance>?
    let indirectCalls: UnsafeMutablePointer<IndirectCallCache.Entry>
}

/// Runs the op at `pc` (the tail of every handler).
@inline(__always)
func next(_ pc: ThreadedPC, _ fp: UnsafeMutablePointer<UInt64>, _ cx: ThreadedContextPointer) -> OpaquePointer {
    #if DEBUG
    cx.pointee.fp = fp
    return OpaquePointer(pc)
    #else
    return pc.pointee.handler(OpaquePointer(pc), fp, OpaquePointer(cx))
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
func t_leave(_ at: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ cx: OpaquePointer) -> OpaquePointer {
    leave(ThreadedPC(at), fp, ThreadedContextPointer(cx))
}

extension ThreadedOp {
    /// The hand-written handlers: calls of defined functions and returns.
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
func t_callDefined(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer) -> OpaquePointer {
    let at = ThreadedPC(op), cx = ThreadedContextPointer(context)
    guard case .callDefined(let f, let argBase) = at.pointee.op else { return leave(at, fp, cx) }
    let callee = cx.pointee.functions[Int(f)]
    let newFp = fp + Int(argBase)
    let depth = cx.pointee.frameCount
    let entry: ThreadedPC? = callee._withUnsafeGuaranteedRef { c in
        let used = ((newFp - cx.pointee.slotBase) &+ c.frameSize) &* 8 &+ (depth &+ 1) &* ExecutionStack.frameOverhead
        guard used <= cx.pointee.maxBytes else { return nil }
        c.initializeSlots(newFp)
        return c.code
    }
    guard let code = entry else { return leave(at, fp, cx) }
    cx.pointee.frames[depth] = Frame(returnPC: at + 1, fp: fp, function: cx.pointee.fn, instance: cx.pointee.inst)
    cx.pointee.frameCount = depth &+ 1
    cx.pointee.fn = callee
    cx.pointee.code = code
    return next(code, newFp, cx)
}

/// `ret` to a caller of the same instance in this activation (other returns are left to the
/// `switch`).
func t_ret(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer) -> OpaquePointer {
    let at = ThreadedPC(op), cx = ThreadedContextPointer(context)
    let depth = cx.pointee.frameCount
    guard depth > cx.pointee.baseDepth else { return leave(at, fp, cx) }
    let f = cx.pointee.frames[depth &- 1]
    guard f.instance.toOpaque() == cx.pointee.inst.toOpaque() else { return leave(at, fp, cx) }
    cx.pointee.frameCount = depth &- 1
    cx.pointee.fn = f.function
    cx.pointee.code = f.function._withUnsafeGuaranteedRef { $0.code }
    return next(f.returnPC, f.fp, cx)
}
