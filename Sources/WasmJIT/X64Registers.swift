/// x86-64 registers, operand sizes and condition codes used by `X64Assembler`.

/// A general-purpose register. The raw value is the hardware register number (0...15);
/// the low three bits go into ModRM/SIB/opcode, bit 3 into a REX prefix bit.
public enum GPR: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    case rax = 0, rcx, rdx, rbx, rsp, rbp, rsi, rdi
    case r8, r9, r10, r11, r12, r13, r14, r15

    /// The low three bits of the register number.
    @inlinable var low3: UInt8 { rawValue & 7 }
    /// Whether the register needs a REX extension bit (r8...r15).
    @inlinable var isExtended: Bool { rawValue >= 8 }

    /// The 64-bit name, e.g. `rax` or `r9`.
    public var description: String { name(.qword) }

    /// The register's name at the given operand size (Intel syntax), e.g. `eax`, `r9d`, `sil`.
    public func name(_ size: OperandSize) -> String {
        let legacy = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"]
        if isExtended {
            let base = "r\(rawValue)"
            switch size {
            case .byte: return base + "b"
            case .word: return base + "w"
            case .dword: return base + "d"
            case .qword: return base
            }
        }
        let stem = legacy[Int(rawValue)]
        switch size {
        case .byte:
            return rawValue < 4 ? String(stem.prefix(1)) + "l" : stem + "l"
        case .word: return stem
        case .dword: return "e" + stem
        case .qword: return "r" + stem
        }
    }
}

/// An SSE register. The raw value is the hardware register number (0...15).
/// All sixteen are 128 bits wide, so the same registers can later hold `v128` values.
public enum XMM: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    case xmm0 = 0, xmm1, xmm2, xmm3, xmm4, xmm5, xmm6, xmm7
    case xmm8, xmm9, xmm10, xmm11, xmm12, xmm13, xmm14, xmm15

    @inlinable var low3: UInt8 { rawValue & 7 }
    @inlinable var isExtended: Bool { rawValue >= 8 }

    public var description: String { "xmm\(rawValue)" }
}

/// The width of an integer operand.
public enum OperandSize: Int, Sendable, CustomStringConvertible {
    case byte = 1, word = 2, dword = 4, qword = 8

    /// Number of bytes.
    public var bytes: Int { rawValue }

    public var description: String {
        switch self {
        case .byte: return "byte"
        case .word: return "word"
        case .dword: return "dword"
        case .qword: return "qword"
        }
    }
}

/// The width of an integer ALU operation: the compiler only needs 32-bit (i32) and 64-bit (i64) forms.
/// 32-bit operations zero the upper half of the destination register.
public enum Width: Sendable {
    case dword, qword

    /// The same width as an `OperandSize`.
    public var size: OperandSize { self == .dword ? .dword : .qword }
    /// Whether REX.W must be set.
    var rexW: Bool { self == .qword }
}

/// The width of a scalar floating-point operation.
public enum FloatWidth: Sendable {
    /// f32 (`...ss` forms).
    case single
    /// f64 (`...sd` forms).
    case double
}

/// An x86 condition code (the low nibble of `Jcc`, `SETcc` and `CMOVcc` opcodes).
public enum Condition: UInt8, CaseIterable, Sendable {
    /// Overflow (OF=1).
    case o = 0x0
    /// No overflow.
    case no = 0x1
    /// Below, unsigned < (CF=1). Also "carry".
    case b = 0x2
    /// Above or equal, unsigned >= (CF=0).
    case ae = 0x3
    /// Equal / zero (ZF=1).
    case e = 0x4
    /// Not equal / not zero.
    case ne = 0x5
    /// Below or equal, unsigned <=.
    case be = 0x6
    /// Above, unsigned >.
    case a = 0x7
    /// Sign (SF=1).
    case s = 0x8
    /// No sign.
    case ns = 0x9
    /// Parity even (PF=1): after `ucomiss`/`ucomisd`, "unordered" (a NaN operand).
    case p = 0xA
    /// Parity odd (PF=0): after `ucomiss`/`ucomisd`, "ordered".
    case np = 0xB
    /// Less, signed <.
    case l = 0xC
    /// Greater or equal, signed >=.
    case ge = 0xD
    /// Less or equal, signed <=.
    case le = 0xE
    /// Greater, signed >.
    case g = 0xF

    /// The condition that holds exactly when this one does not.
    public var negated: Condition {
        // Condition codes come in pairs differing only in the lowest bit.
        Condition(rawValue: rawValue ^ 1) ?? self
    }
}

/// Rounding mode immediates of SSE4.1 `roundss`/`roundsd` (bits 1:0), with bit 3 set
/// to suppress the precision exception, as wasm's `nearest`, `floor`, `ceil` and `trunc` need.
public enum RoundingMode: UInt8, Sendable {
    /// Round to nearest, ties to even (`f32.nearest`).
    case nearest = 0x8
    /// Round toward negative infinity (`floor`).
    case down = 0x9
    /// Round toward positive infinity (`ceil`).
    case up = 0xA
    /// Round toward zero (`trunc`).
    case towardZero = 0xB
}
