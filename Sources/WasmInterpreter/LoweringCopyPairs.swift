import WasmCore

// imem8: two local-to-local copies in a row (`local.get a; local.set x; local.get b; local.set
// y`, as compilers move loop-carried variables at the end of a body) lowered to one `copyPair`.
extension Lowering {
    /// `copy(x <- s)` merged with the op before it when that op (after the last label) is a
    /// copy into a local and all four slots fit `Slot16`: the pair, to replace that op (it
    /// keeps the first copy's source index; copies do not trap). nil otherwise.
    func copyPair(to x: UInt32, from s: Slot) -> Op? {
        guard ops.count > barrier, case .copy(let d, let s1)? = ops.last, Int(d) < localEnd,
              let d16 = Slot16(exactly: d), let s16 = Slot16(exactly: s1),
              let x16 = Slot16(exactly: x), let t16 = Slot16(exactly: s) else { return nil }
        return .copyPair(dst: d16, src: s16, dst2: x16, src2: t16)
    }
}
