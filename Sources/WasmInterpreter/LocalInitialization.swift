import WasmCore

/// Which declared locals a call must zero: only those a `local.get` may read before any
/// `local.set` / `local.tee` wrote them (wasm zero-initializes locals, but compiled C code
/// usually writes a local before reading it, and zeroing it at every call is wasted work).
///
/// A forward scan with the definitely-assigned set of structured control flow: a write counts
/// from its position to the end of the innermost construct holding it (later instructions of that
/// construct run only after it), and a `loop`'s writes also after the loop (its `end` is reached
/// only by falling through its body). After a `block` or `if` only what held at its start counts
/// (a branch may leave it early), and an `else` arm starts from what held before the `if`. Reads
/// at a loop's start on a later iteration are earlier in the scan than the writes of the previous
/// iteration, so they are checked against what held on entry. Dead code only adds writes that
/// the `end` closing it drops again (or, after a loop, that no live code follows).
enum LocalInitialization {
    /// The index among the declared locals (0 ..< `localCount`) of the first local that may be
    /// read before written (`localCount` when none is): a call zeroes locals from there on.
    static func firstLocalToZero(_ instructions: [Instruction], paramCount: Int, localCount: Int) -> Int {
        guard localCount > 0 else { return 0 }
        var assigned = [Bool](repeating: false, count: localCount)
        // For each open construct: whether it is a loop, and the set when it started.
        var open: [(isLoop: Bool, atStart: [Bool])] = []
        var first = localCount
        func declared(_ x: UInt32) -> Int? {
            let k = Int(x) - paramCount
            return k >= 0 && k < localCount ? k : nil
        }
        for ins in instructions {
            switch ins {
            case .localGet(let x):
                if let k = declared(x), !assigned[k], k < first { first = k }
            case .localSet(let x), .localTee(let x):
                if let k = declared(x) { assigned[k] = true }
            case .block, .if:
                open.append((false, assigned))
            case .loop:
                open.append((true, assigned))
            case .else:
                if let c = open.last { assigned = c.atStart }
            case .end:
                if let c = open.popLast(), !c.isLoop { assigned = c.atStart }
            default:
                break
            }
            if first == 0 { return 0 }
        }
        return first
    }
}
