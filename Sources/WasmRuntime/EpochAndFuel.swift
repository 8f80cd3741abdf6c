import WasmCore

/// The epoch and fuel rule, shared by every backend (the JIT must match the interpreter exactly).
///
/// Epoch: when `Config.epochInterruption` is on, a check happens at every function entry and at
/// every `loop` header (each time control reaches the loop's start: on entry and on every branch
/// back). Check: if `engine epoch >= store deadline` then, with a callback installed, call it:
/// `.continueWith(delta)` sets the deadline to current epoch + delta and execution continues;
/// `.trap` (or the callback throwing) traps with `.interrupt`. Without a callback, trap
/// `.interrupt`. The store's deadline starts at 0 (with epoch interruption on and no deadline
/// set, the first check traps). `setEpochDeadline(n)` sets it to current epoch + n.
/// `Engine.incrementEpoch()` is one atomic add.
///
/// Fuel (when `Config.consumeFuel`): every instruction costs 1 except `nop`, `drop`, `block`,
/// `loop`, `unreachable`, `return`, `else`, `end`, which cost 0. Fuel is charged per segment: the
/// body is cut into segments; a segment starts at the function's first instruction and right
/// after each `block`, `loop`, `if`, `else`, `end`, `br`, `br_if`, `br_table`, `return`,
/// `unreachable`, `call`, `call_indirect`. When control enters a segment whose cost is non-zero:
/// if remaining fuel < cost, trap `.outOfFuel` before executing any instruction of the segment
/// (fuel unchanged); else subtract the cost. Order at function entry: stack-limit check, epoch
/// check, fuel; at a loop header: epoch check, then fuel. A store starts with 0 fuel.
///
/// Checks are only compiled in when the engine's config enables them.
public enum EpochAndFuel {
    /// The fuel cost of one instruction.
    public static func cost(of instruction: Instruction) -> UInt64 {
        switch instruction {
        case .nop, .drop, .block, .loop, .unreachable, .return, .else, .end: return 0
        default: return 1
        }
    }

    /// Whether a new fuel segment starts right after `instruction`.
    public static func endsSegment(_ instruction: Instruction) -> Bool {
        switch instruction {
        case .block, .loop, .if, .else, .end, .br, .brIf, .brTable, .return, .unreachable, .call, .callIndirect:
            return true
        default:
            return false
        }
    }
}

/// The fuel segments of a body: `(start instruction index, cost)`, in order, covering every
/// instruction. Segments with cost 0 are included (they charge nothing).
public func fuelSegments(of body: FunctionBody) -> [(start: Int, cost: UInt64)] {
    var result: [(start: Int, cost: UInt64)] = []
    var start = 0
    var cost: UInt64 = 0
    for (i, ins) in body.instructions.enumerated() {
        cost += EpochAndFuel.cost(of: ins)
        if EpochAndFuel.endsSegment(ins) || i == body.instructions.count - 1 {
            result.append((start, cost))
            start = i + 1
            cost = 0
        }
    }
    return result
}
