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

    /// The address of the 8-byte local slot `index` (0-based) in a frame set up by `prologue`.
    public static func localSlot(_ index: Int32) -> Mem {
        .base(.rbp, -Int32(savedRegisterBytes) - 8 - 8 * index)
    }

    /// Emits `push rbp; mov rbp, rsp; push rbx, r12-r15; sub rsp, n; mov r15, rdi`, reserving
    /// `localSlots` 8-byte slots and leaving `rsp` 16-byte aligned for calls.
    /// Throws `frameTooLarge` when the frame would not fit a 32-bit displacement.
    public mutating func prologue(localSlots: Int) throws(AssemblerError) {
        // At entry rsp = 8 (mod 16); after rbp and five pushes it is 0 (mod 16).
        let raw = localSlots.multipliedReportingOverflow(by: 8)
        guard localSlots >= 0, !raw.overflow, raw.partialValue <= 0x4000_0000 else {
            throw .frameTooLarge(localSlots)
        }
        let frame = (raw.partialValue + 15) & ~15
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
