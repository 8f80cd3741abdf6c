import WasmCore

// icalls: i32 comparisons with a constant right operand become immediate forms (`i32LtSImm`...)
// when their result is a value, so the constant needs no slot in the per-call constant pool;
// a comparison a branch tests is left to the compare-and-branch fusion instead.
extension Lowering {
    /// Whether `op` is an integer comparison whose result the instruction after the current
    /// one branches on (`br_if` / `if`, also through an `i32.eqz`): the branch fuses it then.
    func comparisonFeedsBranch(_ op: NumericOp) -> Bool {
        guard Lowering.comparisonWidth(op) != nil else { return false }
        var i = Int(currentSource) + 1
        guard i < instructions.count else { return false }
        if case .numeric(.i32Eqz) = instructions[i] {
            i += 1
            guard i < instructions.count else { return false }
        }
        switch instructions[i] {
        case .brIf, .if: return true
        default: return false
        }
    }
}
