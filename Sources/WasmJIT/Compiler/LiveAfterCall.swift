import WasmCore

/// Which locals a call must preserve: those whose value may still be read after it.
///
/// A forward scan of the straight-line code after the call: a local read (`local.get`) before
/// any write is live; one written first (`local.set`/`local.tee`) is dead, as is every local
/// when the function returns (`return`, `unreachable`, the body's final `end`). The scan gives
/// up (everything not decided yet is live) at the first instruction that may jump (`br`,
/// `br_if`, `br_table`, `if`, `else`) or after `scanLimit` instructions, so its cost per call is
/// bounded. Entering a block or a loop and leaving one by its `end` keep the code straight.
enum LiveAfterCall {
    /// Instructions looked at after a call at most.
    static let scanLimit = 256

    /// The subset of `candidates` that may be read after instruction `call` of `instructions`.
    static func live(_ candidates: [Int], after call: Int, in instructions: [Instruction]) -> [Int] {
        var undecided = candidates
        var live: [Int] = []
        var i = call + 1
        let end = Swift.min(instructions.count, call + 1 + scanLimit)
        while i < end, !undecided.isEmpty {
            switch instructions[i] {
            case .localGet(let l):
                if let k = undecided.firstIndex(of: Int(l)) { live.append(undecided.remove(at: k)) }
            case .localSet(let l), .localTee(let l):
                if let k = undecided.firstIndex(of: Int(l)) { undecided.remove(at: k) }
            case .return, .unreachable:
                return live
            case .br, .brIf, .brTable, .if, .else:
                return live + undecided
            default:
                break
            }
            i += 1
        }
        // Ran off the body (past its final `end`): the function has returned.
        if i >= instructions.count { return live }
        return live + undecided
    }
}
