import WasmCore
import WasmRuntime

/// An op of threaded code: the lowered op and the handler that runs it.
///
/// Threaded code gives each op its own indirect branch: a handler runs its op, then calls the
/// next op's handler in tail position (release builds turn that call into a `jmp`), instead of
/// every op going back through the one `switch` of `Machine.run` (a single, badly predicted
/// indirect branch). Handlers are generated from that `switch` (Utilities/gen-threaded-handlers.py,
/// ThreadedHandlers.swift) for ops that only touch slots, memory 0, globals and branch targets;
/// the other ops (calls, returns, fuel, epoch checks, tables, bulk memory...) have `threaded`
/// false and run in the `switch`, which then enters the threaded code again.
///
/// Protocol: a handler returns the pc at which the threaded run stopped: an op that is not
/// threaded (its handler, `t_leave`, returns its own pc), or, after a trap, the pc following the
/// trapping op with the trap kind in the context. Debug builds do not turn tail calls into jumps,
/// so there every handler returns after its op (`next` returns the pc) and the loop in
/// `Machine.runThreaded` dispatches: the same handlers, one native frame at a time.
struct ThreadedOp {
    var handler: ThreadedHandler
    var op: Op
    /// Whether `handler` runs the op (false: the execution loop's `switch` does).
    var threaded: Bool

    init(_ op: Op) {
        self.op = op
        if let h = ThreadedOp.handler(for: op) {
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

/// What threaded handlers read besides the frame: set by the execution loop before each run.
struct ThreadedContext {
    /// The running function's code (branch targets are relative to it).
    var code: ThreadedPC
    var mem: UnsafeMutablePointer<MemoryContext>
    var globals: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    /// Set by a handler whose op traps.
    var trap: TrapKind?
}

/// Runs the op at `pc` (the tail of every handler).
@inline(__always)
func next(_ pc: ThreadedPC, _ fp: UnsafeMutablePointer<UInt64>, _ cx: ThreadedContextPointer) -> OpaquePointer {
    #if DEBUG
    return OpaquePointer(pc)
    #else
    return pc.pointee.handler(OpaquePointer(pc), fp, OpaquePointer(cx))
    #endif
}

/// Records a trap of the op before `pc` and stops the threaded run.
@inline(__always)
func trapped(_ kind: TrapKind, _ pc: ThreadedPC, _ cx: ThreadedContextPointer) -> OpaquePointer {
    cx.pointee.trap = kind
    return OpaquePointer(pc)
}

/// The handler of ops that are not threaded: stops the run at this op.
func t_leave(_ at: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ cx: OpaquePointer) -> OpaquePointer { at }
