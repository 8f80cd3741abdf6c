/// Numeric instructions (core spec §5.4.7): every opcode with no immediate whose operands and
/// result are numbers. The raw value is the opcode byte; `0xFC`-prefixed opcodes are `0x100 + sub-opcode`.
public enum NumericOp: UInt16, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case i32Eqz = 0x45
    case i32Eq = 0x46
    case i32Ne = 0x47
    case i32LtS = 0x48
    case i32LtU = 0x49
    case i32GtS = 0x4A
    case i32GtU = 0x4B
    case i32LeS = 0x4C
    case i32LeU = 0x4D
    case i32GeS = 0x4E
    case i32GeU = 0x4F
    case i64Eqz = 0x50
    case i64Eq = 0x51
    case i64Ne = 0x52
    case i64LtS = 0x53
    case i64LtU = 0x54
    case i64GtS = 0x55
    case i64GtU = 0x56
    case i64LeS = 0x57
    case i64LeU = 0x58
    case i64GeS = 0x59
    case i64GeU = 0x5A
    case f32Eq = 0x5B
    case f32Ne = 0x5C
    case f32Lt = 0x5D
    case f32Gt = 0x5E
    case f32Le = 0x5F
    case f32Ge = 0x60
    case f64Eq = 0x61
    case f64Ne = 0x62
    case f64Lt = 0x63
    case f64Gt = 0x64
    case f64Le = 0x65
    case f64Ge = 0x66
    case i32Clz = 0x67
    case i32Ctz = 0x68
    case i32Popcnt = 0x69
    case i32Add = 0x6A
    case i32Sub = 0x6B
    case i32Mul = 0x6C
    case i32DivS = 0x6D
    case i32DivU = 0x6E
    case i32RemS = 0x6F
    case i32RemU = 0x70
    case i32And = 0x71
    case i32Or = 0x72
    case i32Xor = 0x73
    case i32Shl = 0x74
    case i32ShrS = 0x75
    case i32ShrU = 0x76
    case i32Rotl = 0x77
    case i32Rotr = 0x78
    case i64Clz = 0x79
    case i64Ctz = 0x7A
    case i64Popcnt = 0x7B
    case i64Add = 0x7C
    case i64Sub = 0x7D
    case i64Mul = 0x7E
    case i64DivS = 0x7F
    case i64DivU = 0x80
    case i64RemS = 0x81
    case i64RemU = 0x82
    case i64And = 0x83
    case i64Or = 0x84
    case i64Xor = 0x85
    case i64Shl = 0x86
    case i64ShrS = 0x87
    case i64ShrU = 0x88
    case i64Rotl = 0x89
    case i64Rotr = 0x8A
    case f32Abs = 0x8B
    case f32Neg = 0x8C
    case f32Ceil = 0x8D
    case f32Floor = 0x8E
    case f32Trunc = 0x8F
    case f32Nearest = 0x90
    case f32Sqrt = 0x91
    case f32Add = 0x92
    case f32Sub = 0x93
    case f32Mul = 0x94
    case f32Div = 0x95
    case f32Min = 0x96
    case f32Max = 0x97
    case f32Copysign = 0x98
    case f64Abs = 0x99
    case f64Neg = 0x9A
    case f64Ceil = 0x9B
    case f64Floor = 0x9C
    case f64Trunc = 0x9D
    case f64Nearest = 0x9E
    case f64Sqrt = 0x9F
    case f64Add = 0xA0
    case f64Sub = 0xA1
    case f64Mul = 0xA2
    case f64Div = 0xA3
    case f64Min = 0xA4
    case f64Max = 0xA5
    case f64Copysign = 0xA6
    case i32WrapI64 = 0xA7
    case i32TruncF32S = 0xA8
    case i32TruncF32U = 0xA9
    case i32TruncF64S = 0xAA
    case i32TruncF64U = 0xAB
    case i64ExtendI32S = 0xAC
    case i64ExtendI32U = 0xAD
    case i64TruncF32S = 0xAE
    case i64TruncF32U = 0xAF
    case i64TruncF64S = 0xB0
    case i64TruncF64U = 0xB1
    case f32ConvertI32S = 0xB2
    case f32ConvertI32U = 0xB3
    case f32ConvertI64S = 0xB4
    case f32ConvertI64U = 0xB5
    case f32DemoteF64 = 0xB6
    case f64ConvertI32S = 0xB7
    case f64ConvertI32U = 0xB8
    case f64ConvertI64S = 0xB9
    case f64ConvertI64U = 0xBA
    case f64PromoteF32 = 0xBB
    case i32ReinterpretF32 = 0xBC
    case i64ReinterpretF64 = 0xBD
    case f32ReinterpretI32 = 0xBE
    case f64ReinterpretI64 = 0xBF
    case i32Extend8S = 0xC0
    case i32Extend16S = 0xC1
    case i64Extend8S = 0xC2
    case i64Extend16S = 0xC3
    case i64Extend32S = 0xC4
    case i32TruncSatF32S = 0x100
    case i32TruncSatF32U = 0x101
    case i32TruncSatF64S = 0x102
    case i32TruncSatF64U = 0x103
    case i64TruncSatF32S = 0x104
    case i64TruncSatF32U = 0x105
    case i64TruncSatF64S = 0x106
    case i64TruncSatF64U = 0x107

    /// The text-format mnemonic, e.g. `i32.add`.
    public var name: String { NumericOp.nameTable[denseIndex] }
    public var description: String { name }

    /// Operand types (bottom of the stack first) and the result type.
    public var signature: (operands: [ValueType], result: ValueType) { NumericOp.signatureTable[denseIndex] }

    /// A position in `0..<allCases.count`-sized lookup tables: unprefixed opcodes (0x45...0xC4)
    /// first, then the prefixed ones. Array lookups instead of hashing: the generator and the
    /// validator ask for signatures on every numeric instruction.
    private var denseIndex: Int { rawValue >= 0x100 ? Int(rawValue) - 0x100 + 0x80 : Int(rawValue) - 0x45 }

    private static let nameTable: [String] = table(names)
    private static let signatureTable: [(operands: [ValueType], result: ValueType)] = table(signatures)

    /// `dictionary` laid out by `denseIndex` (every case has an entry: static data, checked once).
    private static func table<T>(_ dictionary: [NumericOp: T]) -> [T] {
        var result = [T?](repeating: nil, count: 0x88)
        for (op, value) in dictionary { result[op.denseIndex] = value }
        return result.map { $0! }
    }

    /// Whether the opcode is written with the `0xFC` prefix.
    public var isPrefixed: Bool { rawValue >= 0x100 }

    private static let names: [NumericOp: String] = [
        .i32Eqz: "i32.eqz",
        .i32Eq: "i32.eq",
        .i32Ne: "i32.ne",
        .i32LtS: "i32.lt_s",
        .i32LtU: "i32.lt_u",
        .i32GtS: "i32.gt_s",
        .i32GtU: "i32.gt_u",
        .i32LeS: "i32.le_s",
        .i32LeU: "i32.le_u",
        .i32GeS: "i32.ge_s",
        .i32GeU: "i32.ge_u",
        .i64Eqz: "i64.eqz",
        .i64Eq: "i64.eq",
        .i64Ne: "i64.ne",
        .i64LtS: "i64.lt_s",
        .i64LtU: "i64.lt_u",
        .i64GtS: "i64.gt_s",
        .i64GtU: "i64.gt_u",
        .i64LeS: "i64.le_s",
        .i64LeU: "i64.le_u",
        .i64GeS: "i64.ge_s",
        .i64GeU: "i64.ge_u",
        .f32Eq: "f32.eq",
        .f32Ne: "f32.ne",
        .f32Lt: "f32.lt",
        .f32Gt: "f32.gt",
        .f32Le: "f32.le",
        .f32Ge: "f32.ge",
        .f64Eq: "f64.eq",
        .f64Ne: "f64.ne",
        .f64Lt: "f64.lt",
        .f64Gt: "f64.gt",
        .f64Le: "f64.le",
        .f64Ge: "f64.ge",
        .i32Clz: "i32.clz",
        .i32Ctz: "i32.ctz",
        .i32Popcnt: "i32.popcnt",
        .i32Add: "i32.add",
        .i32Sub: "i32.sub",
        .i32Mul: "i32.mul",
        .i32DivS: "i32.div_s",
        .i32DivU: "i32.div_u",
        .i32RemS: "i32.rem_s",
        .i32RemU: "i32.rem_u",
        .i32And: "i32.and",
        .i32Or: "i32.or",
        .i32Xor: "i32.xor",
        .i32Shl: "i32.shl",
        .i32ShrS: "i32.shr_s",
        .i32ShrU: "i32.shr_u",
        .i32Rotl: "i32.rotl",
        .i32Rotr: "i32.rotr",
        .i64Clz: "i64.clz",
        .i64Ctz: "i64.ctz",
        .i64Popcnt: "i64.popcnt",
        .i64Add: "i64.add",
        .i64Sub: "i64.sub",
        .i64Mul: "i64.mul",
        .i64DivS: "i64.div_s",
        .i64DivU: "i64.div_u",
        .i64RemS: "i64.rem_s",
        .i64RemU: "i64.rem_u",
        .i64And: "i64.and",
        .i64Or: "i64.or",
        .i64Xor: "i64.xor",
        .i64Shl: "i64.shl",
        .i64ShrS: "i64.shr_s",
        .i64ShrU: "i64.shr_u",
        .i64Rotl: "i64.rotl",
        .i64Rotr: "i64.rotr",
        .f32Abs: "f32.abs",
        .f32Neg: "f32.neg",
        .f32Ceil: "f32.ceil",
        .f32Floor: "f32.floor",
        .f32Trunc: "f32.trunc",
        .f32Nearest: "f32.nearest",
        .f32Sqrt: "f32.sqrt",
        .f32Add: "f32.add",
        .f32Sub: "f32.sub",
        .f32Mul: "f32.mul",
        .f32Div: "f32.div",
        .f32Min: "f32.min",
        .f32Max: "f32.max",
        .f32Copysign: "f32.copysign",
        .f64Abs: "f64.abs",
        .f64Neg: "f64.neg",
        .f64Ceil: "f64.ceil",
        .f64Floor: "f64.floor",
        .f64Trunc: "f64.trunc",
        .f64Nearest: "f64.nearest",
        .f64Sqrt: "f64.sqrt",
        .f64Add: "f64.add",
        .f64Sub: "f64.sub",
        .f64Mul: "f64.mul",
        .f64Div: "f64.div",
        .f64Min: "f64.min",
        .f64Max: "f64.max",
        .f64Copysign: "f64.copysign",
        .i32WrapI64: "i32.wrap_i64",
        .i32TruncF32S: "i32.trunc_f32_s",
        .i32TruncF32U: "i32.trunc_f32_u",
        .i32TruncF64S: "i32.trunc_f64_s",
        .i32TruncF64U: "i32.trunc_f64_u",
        .i64ExtendI32S: "i64.extend_i32_s",
        .i64ExtendI32U: "i64.extend_i32_u",
        .i64TruncF32S: "i64.trunc_f32_s",
        .i64TruncF32U: "i64.trunc_f32_u",
        .i64TruncF64S: "i64.trunc_f64_s",
        .i64TruncF64U: "i64.trunc_f64_u",
        .f32ConvertI32S: "f32.convert_i32_s",
        .f32ConvertI32U: "f32.convert_i32_u",
        .f32ConvertI64S: "f32.convert_i64_s",
        .f32ConvertI64U: "f32.convert_i64_u",
        .f32DemoteF64: "f32.demote_f64",
        .f64ConvertI32S: "f64.convert_i32_s",
        .f64ConvertI32U: "f64.convert_i32_u",
        .f64ConvertI64S: "f64.convert_i64_s",
        .f64ConvertI64U: "f64.convert_i64_u",
        .f64PromoteF32: "f64.promote_f32",
        .i32ReinterpretF32: "i32.reinterpret_f32",
        .i64ReinterpretF64: "i64.reinterpret_f64",
        .f32ReinterpretI32: "f32.reinterpret_i32",
        .f64ReinterpretI64: "f64.reinterpret_i64",
        .i32Extend8S: "i32.extend8_s",
        .i32Extend16S: "i32.extend16_s",
        .i64Extend8S: "i64.extend8_s",
        .i64Extend16S: "i64.extend16_s",
        .i64Extend32S: "i64.extend32_s",
        .i32TruncSatF32S: "i32.trunc_sat_f32_s",
        .i32TruncSatF32U: "i32.trunc_sat_f32_u",
        .i32TruncSatF64S: "i32.trunc_sat_f64_s",
        .i32TruncSatF64U: "i32.trunc_sat_f64_u",
        .i64TruncSatF32S: "i64.trunc_sat_f32_s",
        .i64TruncSatF32U: "i64.trunc_sat_f32_u",
        .i64TruncSatF64S: "i64.trunc_sat_f64_s",
        .i64TruncSatF64U: "i64.trunc_sat_f64_u",
    ]

    private static let signatures: [NumericOp: (operands: [ValueType], result: ValueType)] = [
        .i32Eqz: ([.i32], .i32),
        .i32Eq: ([.i32, .i32], .i32),
        .i32Ne: ([.i32, .i32], .i32),
        .i32LtS: ([.i32, .i32], .i32),
        .i32LtU: ([.i32, .i32], .i32),
        .i32GtS: ([.i32, .i32], .i32),
        .i32GtU: ([.i32, .i32], .i32),
        .i32LeS: ([.i32, .i32], .i32),
        .i32LeU: ([.i32, .i32], .i32),
        .i32GeS: ([.i32, .i32], .i32),
        .i32GeU: ([.i32, .i32], .i32),
        .i64Eqz: ([.i64], .i32),
        .i64Eq: ([.i64, .i64], .i32),
        .i64Ne: ([.i64, .i64], .i32),
        .i64LtS: ([.i64, .i64], .i32),
        .i64LtU: ([.i64, .i64], .i32),
        .i64GtS: ([.i64, .i64], .i32),
        .i64GtU: ([.i64, .i64], .i32),
        .i64LeS: ([.i64, .i64], .i32),
        .i64LeU: ([.i64, .i64], .i32),
        .i64GeS: ([.i64, .i64], .i32),
        .i64GeU: ([.i64, .i64], .i32),
        .f32Eq: ([.f32, .f32], .i32),
        .f32Ne: ([.f32, .f32], .i32),
        .f32Lt: ([.f32, .f32], .i32),
        .f32Gt: ([.f32, .f32], .i32),
        .f32Le: ([.f32, .f32], .i32),
        .f32Ge: ([.f32, .f32], .i32),
        .f64Eq: ([.f64, .f64], .i32),
        .f64Ne: ([.f64, .f64], .i32),
        .f64Lt: ([.f64, .f64], .i32),
        .f64Gt: ([.f64, .f64], .i32),
        .f64Le: ([.f64, .f64], .i32),
        .f64Ge: ([.f64, .f64], .i32),
        .i32Clz: ([.i32], .i32),
        .i32Ctz: ([.i32], .i32),
        .i32Popcnt: ([.i32], .i32),
        .i32Add: ([.i32, .i32], .i32),
        .i32Sub: ([.i32, .i32], .i32),
        .i32Mul: ([.i32, .i32], .i32),
        .i32DivS: ([.i32, .i32], .i32),
        .i32DivU: ([.i32, .i32], .i32),
        .i32RemS: ([.i32, .i32], .i32),
        .i32RemU: ([.i32, .i32], .i32),
        .i32And: ([.i32, .i32], .i32),
        .i32Or: ([.i32, .i32], .i32),
        .i32Xor: ([.i32, .i32], .i32),
        .i32Shl: ([.i32, .i32], .i32),
        .i32ShrS: ([.i32, .i32], .i32),
        .i32ShrU: ([.i32, .i32], .i32),
        .i32Rotl: ([.i32, .i32], .i32),
        .i32Rotr: ([.i32, .i32], .i32),
        .i64Clz: ([.i64], .i64),
        .i64Ctz: ([.i64], .i64),
        .i64Popcnt: ([.i64], .i64),
        .i64Add: ([.i64, .i64], .i64),
        .i64Sub: ([.i64, .i64], .i64),
        .i64Mul: ([.i64, .i64], .i64),
        .i64DivS: ([.i64, .i64], .i64),
        .i64DivU: ([.i64, .i64], .i64),
        .i64RemS: ([.i64, .i64], .i64),
        .i64RemU: ([.i64, .i64], .i64),
        .i64And: ([.i64, .i64], .i64),
        .i64Or: ([.i64, .i64], .i64),
        .i64Xor: ([.i64, .i64], .i64),
        .i64Shl: ([.i64, .i64], .i64),
        .i64ShrS: ([.i64, .i64], .i64),
        .i64ShrU: ([.i64, .i64], .i64),
        .i64Rotl: ([.i64, .i64], .i64),
        .i64Rotr: ([.i64, .i64], .i64),
        .f32Abs: ([.f32], .f32),
        .f32Neg: ([.f32], .f32),
        .f32Ceil: ([.f32], .f32),
        .f32Floor: ([.f32], .f32),
        .f32Trunc: ([.f32], .f32),
        .f32Nearest: ([.f32], .f32),
        .f32Sqrt: ([.f32], .f32),
        .f32Add: ([.f32, .f32], .f32),
        .f32Sub: ([.f32, .f32], .f32),
        .f32Mul: ([.f32, .f32], .f32),
        .f32Div: ([.f32, .f32], .f32),
        .f32Min: ([.f32, .f32], .f32),
        .f32Max: ([.f32, .f32], .f32),
        .f32Copysign: ([.f32, .f32], .f32),
        .f64Abs: ([.f64], .f64),
        .f64Neg: ([.f64], .f64),
        .f64Ceil: ([.f64], .f64),
        .f64Floor: ([.f64], .f64),
        .f64Trunc: ([.f64], .f64),
        .f64Nearest: ([.f64], .f64),
        .f64Sqrt: ([.f64], .f64),
        .f64Add: ([.f64, .f64], .f64),
        .f64Sub: ([.f64, .f64], .f64),
        .f64Mul: ([.f64, .f64], .f64),
        .f64Div: ([.f64, .f64], .f64),
        .f64Min: ([.f64, .f64], .f64),
        .f64Max: ([.f64, .f64], .f64),
        .f64Copysign: ([.f64, .f64], .f64),
        .i32WrapI64: ([.i64], .i32),
        .i32TruncF32S: ([.f32], .i32),
        .i32TruncF32U: ([.f32], .i32),
        .i32TruncF64S: ([.f64], .i32),
        .i32TruncF64U: ([.f64], .i32),
        .i64ExtendI32S: ([.i32], .i64),
        .i64ExtendI32U: ([.i32], .i64),
        .i64TruncF32S: ([.f32], .i64),
        .i64TruncF32U: ([.f32], .i64),
        .i64TruncF64S: ([.f64], .i64),
        .i64TruncF64U: ([.f64], .i64),
        .f32ConvertI32S: ([.i32], .f32),
        .f32ConvertI32U: ([.i32], .f32),
        .f32ConvertI64S: ([.i64], .f32),
        .f32ConvertI64U: ([.i64], .f32),
        .f32DemoteF64: ([.f64], .f32),
        .f64ConvertI32S: ([.i32], .f64),
        .f64ConvertI32U: ([.i32], .f64),
        .f64ConvertI64S: ([.i64], .f64),
        .f64ConvertI64U: ([.i64], .f64),
        .f64PromoteF32: ([.f32], .f64),
        .i32ReinterpretF32: ([.f32], .i32),
        .i64ReinterpretF64: ([.f64], .i64),
        .f32ReinterpretI32: ([.i32], .f32),
        .f64ReinterpretI64: ([.i64], .f64),
        .i32Extend8S: ([.i32], .i32),
        .i32Extend16S: ([.i32], .i32),
        .i64Extend8S: ([.i64], .i64),
        .i64Extend16S: ([.i64], .i64),
        .i64Extend32S: ([.i64], .i64),
        .i32TruncSatF32S: ([.f32], .i32),
        .i32TruncSatF32U: ([.f32], .i32),
        .i32TruncSatF64S: ([.f64], .i32),
        .i32TruncSatF64U: ([.f64], .i32),
        .i64TruncSatF32S: ([.f32], .i64),
        .i64TruncSatF32U: ([.f32], .i64),
        .i64TruncSatF64S: ([.f64], .i64),
        .i64TruncSatF64U: ([.f64], .i64),
    ]
}

extension NumericOp {
    /// Every op at its raw value (`0 ..< 0x200`), nil elsewhere: the decoder's lookup, one table
    /// load instead of a call to the synthesized `init(rawValue:)`.
    static let byRawValue: [NumericOp?] = {
        var table = [NumericOp?](repeating: nil, count: 0x200)
        for op in NumericOp.allCases where Int(op.rawValue) < table.count { table[Int(op.rawValue)] = op }
        return table
    }()

    /// The op with raw value `raw` (as `init(rawValue:)`), through `byRawValue`.
    @inline(__always)
    static func decoding(_ raw: UInt16) -> NumericOp? {
        Int(raw) < byRawValue.count ? byRawValue[Int(raw)] : nil
    }
}
