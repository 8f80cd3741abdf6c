/// Function frames following the proposed JIT register conventions (see `X64Assembler`).
///
/// Frame layout after `prologue`, growing down:
/// ```
/// [rbp + 8]            return address
/// [rbp]                caller's rbp
/// [rbp - 8 ... - 40]   saved rbx, r12, r13, r14, r15
/// [rbp - 48 ...]       local slots: slot i at `X64Assembler.localSlot(i)`
/// rsp                  16-byte aligned
/// ```

extension X64Assembler {
    /// Callee-saved registers a JIT frame saves, in push order (rbp is saved separately).
    public static let savedRegisters: [GPR] = [.rbx, .r12, .r13, .r14, .r15]

    /// Bytes between `rbp` and the first local slot (the saved registers).
    public static let savedRegisterBytes = 8 * savedRegisters.count

    /// The most local slots a frame may have: the frame stays within 1 GiB, so every slot's
    /// displacement fits 32 bits.
    public static let maxLocalSlots = 0x0800_0000

    /// The address of the 8-byte local slot `index` (0-based) in a frame set up by `prologue`;
    /// `index` must be below the `localSlots` the prologue reserved.
    public static func localSlot(_ index: Int) -> Mem {
        precondition(index >= 0 && index < maxLocalSlots, "local slot \(index) outside any frame")
        return .base(.rbp, Int32(-savedRegisterBytes - 8 - 8 * index))
    }

    /// Emits `push rbp; mov rbp, rsp; push rbx, r12-r15; sub rsp, n; mov r15, rdi`, reserving
    /// `localSlots` 8-byte slots and leaving `rsp` 16-byte aligned for calls.
    /// Throws `frameTooLarge` when the frame would not fit a 32-bit displacement.
    public mutating func prologue(localSlots: Int) throws(AssemblerError) {
        // At entry rsp = 8 (mod 16); after rbp and five pushes it is 0 (mod 16).
        guard localSlots >= 0, localSlots <= Self.maxLocalSlots else { throw .frameTooLarge(localSlots) }
        let frame = (localSlots * 8 + 15) & ~15
        push(.rbp)
        mov(.qword, .rbp, .rsp)
        for r in Self.savedRegisters { push(r) }
        // After the pushes rsp = 8 (mod 16): one more slot re-aligns it.
        let adjust = frame + 8
        sub(.qword, .rsp, imm: Int32(adjust))
        mov(.qword, .r15, .rdi)
    }

    /// Emits the matching epilogue: restores the saved registers and `rbp`, then `ret`.
    public mutating func epilogue() {
        lea(.qword, .rsp, .base(.rbp, -Int32(Self.savedRegisterBytes)))
        for r in Self.savedRegisters.reversed() { pop(r) }
        pop(.rbp)
        ret()
    }
}
