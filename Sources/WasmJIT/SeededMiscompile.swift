/// Deliberate miscompilations, to prove that the fuzzing harness finds a JIT bug (issue 7's
/// seeded-bug check: the differential loop must find it, the minimizer must shrink the repro).
///
/// Only debug builds honour a fault: in a release build `aluOperation` is the identity, so no
/// configuration can make a release JIT miscompile. Faults are off unless an engine's
/// `Config.jitSeededMiscompile` (SPI `Testing`) names one, so other engines in the same process
/// are unaffected.
public enum SeededMiscompile: String, Hashable, Sendable, CaseIterable {
    /// `i32.sub` whose right operand is a negative constant is emitted as `i32.add`
    /// (`x - (-5)` computes `x + (-5)`). The generator's fuel check subtracts +1, so only
    /// generated arithmetic meets it.
    case i32SubNegativeConstant

    /// The ALU operation to emit for `op` at width `width` when the right operand is the
    /// immediate `immediate`: `op` itself unless `fault` (in a debug build) says otherwise.
    @inline(__always)
    static func aluOperation(_ op: ALUOp, _ width: Width, immediate: Int32, fault: SeededMiscompile?) -> ALUOp {
        #if DEBUG
        if fault == .i32SubNegativeConstant, op == .sub, width == .dword, immediate < 0 { return .add }
        #endif
        return op
    }
}
