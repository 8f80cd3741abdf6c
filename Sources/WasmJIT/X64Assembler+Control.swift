/// Control flow of `X64Assembler`: labels, jumps, calls, jump tables, padding and data.

/// How a jump to a label is encoded.
public enum BranchForm: Sendable {
    /// rel8 if the label is already bound and within reach, rel32 otherwise.
    case auto
    /// Always rel8; `finish()` reports `branchOutOfRange` if the target is too far.
    case short
    /// Always rel32 (5 bytes for `jmp`, 6 for `jcc`): patchable and never out of range.
    case near
}

extension X64Assembler {
    // MARK: - Labels

    /// Creates a label that is not bound yet.
    public mutating func newLabel() -> Label {
        labelOffsets.append(nil)
        return Label(id: labelOffsets.count - 1)
    }

    /// Binds `label` to the current offset. A label is bound once.
    public mutating func bind(_ label: Label) {
        precondition(label.id >= 0 && label.id < labelOffsets.count, "label from another assembler")
        precondition(labelOffsets[label.id] == nil, "label \(label.id) bound twice")
        labelOffsets[label.id] = offset
    }

    /// Whether a `.auto` branch of `instructionLength` bytes (with rel8) reaches a bound label.
    private func fitsShort(_ label: Label, instructionLength: Int) -> Bool {
        guard let target = labelOffset(label) else { return false }
        return Int8(exactly: target - (offset + instructionLength)) != nil
    }

    /// Emits a displacement to `label` of the given kind, relative to the end of the displacement.
    private mutating func emitBranchDisplacement(to label: Label, short: Bool) {
        if short {
            fixups.append(Fixup(at: offset, label: label, kind: .rel8, origin: offset + 1))
            emit(0)
        } else {
            fixups.append(Fixup(at: offset, label: label, kind: .rel32, origin: offset + 4))
            emit32(0)
        }
    }

    // MARK: - Jumps and calls

    /// `jmp label`.
    public mutating func jmp(_ label: Label, _ form: BranchForm = .auto) {
        let short = form == .short || (form == .auto && fitsShort(label, instructionLength: 2))
        emit(short ? 0xEB : 0xE9)
        emitBranchDisplacement(to: label, short: short)
    }

    /// `jcc label`: jumps if `cond` holds.
    public mutating func jcc(_ cond: Condition, _ label: Label, _ form: BranchForm = .auto) {
        let short = form == .short || (form == .auto && fitsShort(label, instructionLength: 2))
        if short {
            emit(0x70 | cond.rawValue)
        } else {
            emit(0x0F)
            emit(0x80 | cond.rawValue)
        }
        emitBranchDisplacement(to: label, short: short)
    }

    /// `jmp r`: an indirect jump to the address in `r`.
    public mutating func jmp(_ r: GPR) {
        encode(rexW: false, opcode: 0xFF, reg: 4, rm: .reg(r.rawValue))
    }

    /// `jmp [m]`: an indirect jump through memory.
    public mutating func jmp(_ m: Mem) {
        encode(rexW: false, opcode: 0xFF, reg: 4, rm: .mem(m))
    }

    /// `call label` (rel32): a direct call to code in the same buffer.
    public mutating func call(_ label: Label) {
        emit(0xE8)
        emitBranchDisplacement(to: label, short: false)
    }

    /// `call r`: an indirect call to the address in `r`.
    public mutating func call(_ r: GPR) {
        encode(rexW: false, opcode: 0xFF, reg: 2, rm: .reg(r.rawValue))
    }

    /// `call [m]`: an indirect call through memory (e.g. a function table entry).
    public mutating func call(_ m: Mem) {
        encode(rexW: false, opcode: 0xFF, reg: 2, rm: .mem(m))
    }

    /// `movabs scratch, address; call scratch`: calls a host function at an absolute address.
    public mutating func call(absolute address: UInt64, scratch: GPR = .r11) {
        movabs(scratch, imm: address)
        call(scratch)
    }

    /// `ret`.
    public mutating func ret() { emit(0xC3) }

    /// `ud2`: raises #UD (an invalid-opcode trap), e.g. for `unreachable`.
    public mutating func ud2() { emit(0x0F); emit(0x0B) }

    /// `int3`: a breakpoint.
    public mutating func int3() { emit(0xCC) }

    /// `nop` (one byte).
    public mutating func nop() { emit(0x90) }

    /// Emits `count` bytes of padding as the fewest recommended multi-byte `nop`s.
    public mutating func nop(count: Int) {
        // Intel SDM "Recommended Multi-Byte Sequence of NOP Instruction", 1 to 9 bytes.
        let forms: [[UInt8]] = [
            [0x90],
            [0x66, 0x90],
            [0x0F, 0x1F, 0x00],
            [0x0F, 0x1F, 0x40, 0x00],
            [0x0F, 0x1F, 0x44, 0x00, 0x00],
            [0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00],
            [0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00],
            [0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
            [0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
        ]
        var left = count
        while left > 0 {
            let n = Swift.min(left, forms.count)
            bytes.append(contentsOf: forms[n - 1])
            left -= n
        }
    }

    /// Pads with `nop`s until the offset is a multiple of `alignment` (a power of two).
    public mutating func align(_ alignment: Int, withNops: Bool = true) {
        precondition(alignment > 0 && alignment & (alignment - 1) == 0, "alignment must be a power of two")
        let pad = (alignment - offset % alignment) % alignment
        if withNops {
            nop(count: pad)
        } else {
            bytes.append(contentsOf: repeatElement(0, count: pad))
        }
    }

    // MARK: - Data and jump tables

    /// Appends raw bytes (constant pools, tables). Keep data out of the instruction stream's path.
    public mutating func data(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }

    /// Appends a little-endian 32-bit value.
    public mutating func data32(_ v: UInt32) { emit32(v) }

    /// Appends a little-endian 64-bit value.
    public mutating func data64(_ v: UInt64) { emit64(v) }

    /// Appends a jump table, 4-byte aligned, and binds `table` to its start: entry `i` is the rel32
    /// distance from the table start to `targets[i]`. `tableJump` may refer to `table` before the
    /// table is emitted. Place the table where it is never executed (after a `jmp` or `ret`).
    public mutating func jumpTable(_ table: Label, _ targets: [Label]) {
        align(4, withNops: false)
        bind(table)
        let start = offset
        for t in targets {
            fixups.append(Fixup(at: offset, label: t, kind: .rel32, origin: start))
            emit32(0)
        }
    }

    /// Jumps to entry `index` of a `jumpTable`:
    /// `lea scratch, [rip+table]; movsxd index, [scratch+index*4]; add scratch, index; jmp scratch`.
    /// `index` must hold a zero-extended in-range index (the caller clamps it, as `br_table` does to
    /// its default); it is clobbered, as is `scratch`.
    public mutating func tableJump(index: GPR, table: Label, scratch: GPR) {
        precondition(index != scratch && index != .rsp, "index and scratch must differ; rsp cannot index")
        lea(.qword, scratch, .rip(table))
        movsx(.qword, index, .sib(scratch, index, .x4), from: .dword)
        add(.qword, scratch, index)
        jmp(scratch)
    }
}
