import Testing
@testable import WasmCore

/// Every numeric opcode is checked against `NumericOp.signature` (the shared opcode table), which
/// the validator flattens into its own lookup table.
@Suite struct ValidatorNumericTests {
    func constant(_ type: ValueType) -> Instruction {
        switch type {
        case .i32: return .i32Const(0)
        case .i64: return .i64Const(0)
        case .f32: return .f32Const(0)
        default: return .f64Const(0)
        }
    }

    /// A numeric type different from `type`.
    func other(_ type: ValueType) -> ValueType { type == .i32 ? .f64 : .i32 }

    @Test(arguments: NumericOp.allCases)
    func opcodeFollowsItsSignature(op: NumericOp) {
        let signature = op.signature
        let operands = signature.operands.map(constant)
        expectValid(singleFunctionModule(.returning(signature.result), operands + [.numeric(op)]))
        // Wrong result type.
        expectInvalid(singleFunctionModule(.returning(other(signature.result)), operands + [.numeric(op)]), "type mismatch")
        // Each operand of the wrong type.
        for i in signature.operands.indices {
            var wrong = operands
            wrong[i] = constant(other(signature.operands[i]))
            expectInvalid(singleFunctionModule(.returning(signature.result), wrong + [.numeric(op)]), "type mismatch")
        }
        // Missing operand.
        expectInvalid(singleFunctionModule(.returning(signature.result), Array(operands.dropFirst()) + [.numeric(op)]), "type mismatch")
    }
}
