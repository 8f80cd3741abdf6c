/// Memory operands and labels for `X64Assembler`.

/// Scale factor of an index register in a memory operand.
public enum Scale: UInt8, Sendable {
    case x1 = 0, x2 = 1, x4 = 2, x8 = 3

    /// The multiplier (1, 2, 4 or 8).
    public var factor: Int { 1 << Int(rawValue) }
}

/// A position in the code being assembled. Create with `X64Assembler.newLabel()`, place with
/// `bind(_:)`; jumps, calls, RIP-relative operands and jump tables may refer to it before or after
/// it is bound.
public struct Label: Hashable, Sendable {
    /// Index into the assembler's label table.
    public let id: Int
}

/// A memory operand: `[base + index*scale + disp]`, `[rip + disp]`, `[rip + label]` or `[disp]`.
public struct Mem: Sendable {
    enum Base: Sendable {
        case none
        case gpr(GPR)
        case rip
    }

    var base: Base
    var index: GPR?
    var scale: Scale
    var disp: Int32
    /// For RIP-relative operands that refer to a label: the displacement is filled in by the assembler.
    var label: Label?

    /// `[base + disp]`.
    public static func base(_ base: GPR, _ disp: Int32 = 0) -> Mem {
        Mem(base: .gpr(base), index: nil, scale: .x1, disp: disp, label: nil)
    }

    /// `[base + index*scale + disp]`. `index` must not be `rsp` (the encoding has no such form).
    public static func sib(_ base: GPR, _ index: GPR, _ scale: Scale = .x1, _ disp: Int32 = 0) -> Mem {
        precondition(index != .rsp, "rsp cannot be an index register")
        return Mem(base: .gpr(base), index: index, scale: scale, disp: disp, label: nil)
    }

    /// `[index*scale + disp]` without a base register.
    public static func index(_ index: GPR, _ scale: Scale, _ disp: Int32 = 0) -> Mem {
        precondition(index != .rsp, "rsp cannot be an index register")
        return Mem(base: .none, index: index, scale: scale, disp: disp, label: nil)
    }

    /// `[disp32]`: an absolute address in the low 2 GiB (sign-extended).
    public static func absolute(_ disp: Int32) -> Mem {
        Mem(base: .none, index: nil, scale: .x1, disp: disp, label: nil)
    }

    /// `[rip + disp]`, relative to the end of the instruction.
    public static func rip(_ disp: Int32) -> Mem {
        Mem(base: .rip, index: nil, scale: .x1, disp: disp, label: nil)
    }

    /// `[rip + label]`: the address of a label (for `lea` of a jump table or a constant pool entry).
    public static func rip(_ label: Label) -> Mem {
        Mem(base: .rip, index: nil, scale: .x1, disp: 0, label: label)
    }
}

/// Errors of `X64Assembler.finish()`: mistakes of the code generator, reported rather than trapped.
public enum AssemblerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A jump, call, RIP-relative operand or jump table entry refers to a label that was never bound.
    case unboundLabel(Label)
    /// A short (rel8) branch cannot reach its target.
    case branchOutOfRange(Label, distance: Int)
    /// The code grew beyond the 2 GiB that rel32 displacements can span.
    case codeTooLarge(Int)
    /// A frame with this many local slots cannot be addressed with 32-bit displacements.
    case frameTooLarge(Int)

    public var description: String {
        switch self {
        case .unboundLabel(let l): return "label \(l.id) is referenced but never bound"
        case .branchOutOfRange(let l, let d): return "short branch to label \(l.id) out of range (distance \(d))"
        case .codeTooLarge(let n): return "code too large (\(n) bytes)"
        case .frameTooLarge(let n): return "frame too large (\(n) local slots)"
        }
    }
}
