import WasmCore
import WasmRuntime

/// The interpreter's numeric semantics on 64-bit slots, exported so other backends (the JIT's
/// out-of-line helpers) compute exactly the same results and traps.
public enum NumericSemantics {
    /// Evaluates a one-operand numeric instruction; returns the result or the trap it raises.
    public static func unary(_ op: NumericOp, _ x: UInt64) -> (value: UInt64, trap: TrapKind?) {
        var t: TrapKind?
        let v = evalUnary(op, x, &t)
        return (v, t)
    }

    /// Evaluates a two-operand numeric instruction; returns the result or the trap it raises.
    public static func binary(_ op: NumericOp, _ a: UInt64, _ b: UInt64) -> (value: UInt64, trap: TrapKind?) {
        var t: TrapKind?
        let v = evalBinary(op, a, b, &t)
        return (v, t)
    }
}
