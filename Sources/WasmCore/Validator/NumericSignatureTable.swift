/// `NumericOp.signature` flattened into an array indexed by opcode, so the validator's hot path
/// checks a numeric instruction without hashing or touching heap arrays.
struct NumericSignature {
    /// Number of operands (1 or 2).
    var arity: UInt8
    /// The first (bottom-most) operand type, as a `ValueType.byte` code.
    var first: UInt8
    /// The second operand type's code; meaningful only when `arity == 2`.
    var second: UInt8
    /// The result type's code.
    var result: UInt8

    /// One entry per raw value `0 ..< 0x200` (`0xFC`-prefixed ops are `0x100 + sub-opcode`).
    static let table: [NumericSignature] = {
        var table = Array(repeating: NumericSignature(arity: 0, first: 0, second: 0, result: 0), count: 0x200)
        for op in NumericOp.allCases where Int(op.rawValue) < table.count {
            let signature = op.signature
            let operands = signature.operands
            table[Int(op.rawValue)] = NumericSignature(
                arity: UInt8(clamping: operands.count),
                first: (operands.first ?? .i32).byte,
                second: (operands.count > 1 ? operands[1] : .i32).byte,
                result: signature.result.byte)
        }
        return table
    }()
}

extension NumericOp {
    /// The proposal an opcode belongs to, if it is not part of the MVP.
    var requiredFeature: Features? {
        switch rawValue {
        case 0xC0...0xC4: return .signExtension
        case 0x100...0x107: return .saturatingFloatToInt
        default: return nil
        }
    }
}
