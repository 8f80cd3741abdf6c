/// Integer instructions of `X64Assembler`: moves, ALU, multiply/divide, shifts, bit counts,
/// conditional set/move, stack.

/// The eight classic two-operand ALU operations; the raw value is the opcode extension (/digit).
public enum ALUOp: UInt8, Sendable {
    case add = 0, or = 1, adc = 2, sbb = 3, and = 4, sub = 5, xor = 6, cmp = 7
}

/// Shift and rotate operations; the raw value is the opcode extension (/digit).
public enum ShiftOp: UInt8, Sendable {
    case rol = 0, ror = 1, shl = 4, shr = 5, sar = 7
}

extension X64Assembler {
    // MARK: - mov

    /// `mov dst, src` (register copy; a 32-bit copy zeroes the upper half).
    public mutating func mov(_ w: Width, _ dst: GPR, _ src: GPR) {
        encode(rexW: w.rexW, opcode: 0x89, reg: src.rawValue, rm: .reg(dst.rawValue))
    }

    /// `mov dst, [src]`: a load of 8/16/32/64 bits (8- and 16-bit loads keep the upper bits;
    /// use `movzx`/`movsx` to extend).
    public mutating func mov(_ size: OperandSize, _ dst: GPR, _ src: Mem) {
        encode(operandSize16: size == .word, rexW: size == .qword, byteReg: size == .byte,
               opcode: size == .byte ? 0x8A : 0x8B, reg: dst.rawValue, rm: .mem(src))
    }

    /// `mov [dst], src`: a store of the low 8/16/32/64 bits of `src`.
    public mutating func mov(_ size: OperandSize, _ dst: Mem, _ src: GPR) {
        encode(operandSize16: size == .word, rexW: size == .qword, byteReg: size == .byte,
               opcode: size == .byte ? 0x88 : 0x89, reg: src.rawValue, rm: .mem(dst))
    }

    /// `mov [dst], imm`: stores an 8/16/32-bit immediate, or a sign-extended imm32 for `.qword`.
    public mutating func mov(_ size: OperandSize, _ dst: Mem, imm: Int32) {
        let immBytes = Swift.min(size.bytes, 4)
        encode(operandSize16: size == .word, rexW: size == .qword,
               opcode: size == .byte ? 0xC6 : 0xC7, reg: 0, rm: .mem(dst), immBytes: immBytes)
        emitImm(imm, count: immBytes)
    }

    /// Loads a constant into a register with the shortest encoding: for `.dword` the low 32 bits of
    /// `imm`; for `.qword` `mov r32, imm32` (zero-extends), `mov r64, simm32` or `movabs`.
    public mutating func mov(_ w: Width, _ dst: GPR, imm: Int64) {
        if w == .dword || UInt32(exactly: imm) != nil {
            encodeOpcodeReg(rexW: false, opcode: 0xB8, reg: dst)
            emit32(UInt32(truncatingIfNeeded: imm))
        } else if let s = Int32(exactly: imm) {
            encode(rexW: true, opcode: 0xC7, reg: 0, rm: .reg(dst.rawValue), immBytes: 4)
            emit32(UInt32(bitPattern: s))
        } else {
            movabs(dst, imm: UInt64(bitPattern: imm))
        }
    }

    /// `movabs dst, imm64`: always the 10-byte form, so the constant can be patched in place.
    public mutating func movabs(_ dst: GPR, imm: UInt64) {
        encodeOpcodeReg(rexW: true, opcode: 0xB8, reg: dst)
        emit64(imm)
    }

    /// `movzx dst, src`: zero-extends the low 8 or 16 bits of `src`.
    public mutating func movzx(_ w: Width, _ dst: GPR, _ src: GPR, from: OperandSize) {
        precondition(from == .byte || from == .word, "movzx extends 8 or 16 bits")
        encode(rexW: w.rexW, byteRM: from == .byte, escape: .x0F, opcode: from == .byte ? 0xB6 : 0xB7,
               reg: dst.rawValue, rm: .reg(src.rawValue))
    }

    /// `movzx dst, byte/word [src]`: a zero-extending 8- or 16-bit load.
    public mutating func movzx(_ w: Width, _ dst: GPR, _ src: Mem, from: OperandSize) {
        precondition(from == .byte || from == .word, "movzx extends 8 or 16 bits")
        encode(rexW: w.rexW, escape: .x0F, opcode: from == .byte ? 0xB6 : 0xB7,
               reg: dst.rawValue, rm: .mem(src))
    }

    /// `movsx dst, src` (8/16 bits) or `movsxd dst, src` (32 bits, `w` must be `.qword`).
    public mutating func movsx(_ w: Width, _ dst: GPR, _ src: GPR, from: OperandSize) {
        movsx(w, dst, .reg(src.rawValue), from: from)
    }

    /// `movsx`/`movsxd` from memory: a sign-extending 8/16/32-bit load.
    public mutating func movsx(_ w: Width, _ dst: GPR, _ src: Mem, from: OperandSize) {
        movsx(w, dst, .mem(src), from: from)
    }

    private mutating func movsx(_ w: Width, _ dst: GPR, _ src: RM, from: OperandSize) {
        switch from {
        case .byte:
            encode(rexW: w.rexW, byteRM: true, escape: .x0F, opcode: 0xBE, reg: dst.rawValue, rm: src)
        case .word:
            encode(rexW: w.rexW, escape: .x0F, opcode: 0xBF, reg: dst.rawValue, rm: src)
        case .dword:
            precondition(w == .qword, "movsxd extends to 64 bits")
            encode(rexW: true, opcode: 0x63, reg: dst.rawValue, rm: src)
        case .qword:
            preconditionFailure("movsx cannot extend 64 bits")
        }
    }

    /// `lea dst, [src]`: computes an address (no memory access, no flags).
    public mutating func lea(_ w: Width, _ dst: GPR, _ src: Mem) {
        encode(rexW: w.rexW, opcode: 0x8D, reg: dst.rawValue, rm: .mem(src))
    }

    /// `xchg a, b`.
    public mutating func xchg(_ w: Width, _ a: GPR, _ b: GPR) {
        encode(rexW: w.rexW, opcode: 0x87, reg: b.rawValue, rm: .reg(a.rawValue))
    }

    // MARK: - ALU

    /// `op dst, src` for reg-reg.
    public mutating func alu(_ op: ALUOp, _ w: Width, _ dst: GPR, _ src: GPR) {
        encode(rexW: w.rexW, opcode: op.rawValue << 3 | 0x01, reg: src.rawValue, rm: .reg(dst.rawValue))
    }

    /// `op dst, [src]`.
    public mutating func alu(_ op: ALUOp, _ w: Width, _ dst: GPR, _ src: Mem) {
        encode(rexW: w.rexW, opcode: op.rawValue << 3 | 0x03, reg: dst.rawValue, rm: .mem(src))
    }

    /// `op [dst], src`.
    public mutating func alu(_ op: ALUOp, _ w: Width, _ dst: Mem, _ src: GPR) {
        encode(rexW: w.rexW, opcode: op.rawValue << 3 | 0x01, reg: src.rawValue, rm: .mem(dst))
    }

    /// `op dst, imm` (imm8 form when it fits; sign-extended to 64 bits for `.qword`).
    public mutating func alu(_ op: ALUOp, _ w: Width, _ dst: GPR, imm: Int32) {
        aluImm(op, w, .reg(dst.rawValue), imm)
    }

    /// `op [dst], imm`.
    public mutating func alu(_ op: ALUOp, _ w: Width, _ dst: Mem, imm: Int32) {
        aluImm(op, w, .mem(dst), imm)
    }

    private mutating func aluImm(_ op: ALUOp, _ w: Width, _ rm: RM, _ imm: Int32) {
        if let i8 = Int8(exactly: imm) {
            encode(rexW: w.rexW, opcode: 0x83, reg: op.rawValue, rm: rm, immBytes: 1)
            emit(UInt8(bitPattern: i8))
        } else {
            encode(rexW: w.rexW, opcode: 0x81, reg: op.rawValue, rm: rm, immBytes: 4)
            emit32(UInt32(bitPattern: imm))
        }
    }

    public mutating func add(_ w: Width, _ dst: GPR, _ src: GPR) { alu(.add, w, dst, src) }
    public mutating func add(_ w: Width, _ dst: GPR, _ src: Mem) { alu(.add, w, dst, src) }
    public mutating func add(_ w: Width, _ dst: GPR, imm: Int32) { alu(.add, w, dst, imm: imm) }
    public mutating func sub(_ w: Width, _ dst: GPR, _ src: GPR) { alu(.sub, w, dst, src) }
    public mutating func sub(_ w: Width, _ dst: GPR, _ src: Mem) { alu(.sub, w, dst, src) }
    public mutating func sub(_ w: Width, _ dst: GPR, imm: Int32) { alu(.sub, w, dst, imm: imm) }
    public mutating func and(_ w: Width, _ dst: GPR, _ src: GPR) { alu(.and, w, dst, src) }
    public mutating func and(_ w: Width, _ dst: GPR, _ src: Mem) { alu(.and, w, dst, src) }
    public mutating func and(_ w: Width, _ dst: GPR, imm: Int32) { alu(.and, w, dst, imm: imm) }
    public mutating func or(_ w: Width, _ dst: GPR, _ src: GPR) { alu(.or, w, dst, src) }
    public mutating func or(_ w: Width, _ dst: GPR, _ src: Mem) { alu(.or, w, dst, src) }
    public mutating func or(_ w: Width, _ dst: GPR, imm: Int32) { alu(.or, w, dst, imm: imm) }
    public mutating func xor(_ w: Width, _ dst: GPR, _ src: GPR) { alu(.xor, w, dst, src) }
    public mutating func xor(_ w: Width, _ dst: GPR, _ src: Mem) { alu(.xor, w, dst, src) }
    public mutating func xor(_ w: Width, _ dst: GPR, imm: Int32) { alu(.xor, w, dst, imm: imm) }
    public mutating func cmp(_ w: Width, _ dst: GPR, _ src: GPR) { alu(.cmp, w, dst, src) }
    public mutating func cmp(_ w: Width, _ dst: GPR, _ src: Mem) { alu(.cmp, w, dst, src) }
    public mutating func cmp(_ w: Width, _ dst: GPR, imm: Int32) { alu(.cmp, w, dst, imm: imm) }
    public mutating func cmp(_ w: Width, _ dst: Mem, imm: Int32) { alu(.cmp, w, dst, imm: imm) }

    /// `test a, b` (sets flags of `a & b`).
    public mutating func test(_ w: Width, _ a: GPR, _ b: GPR) {
        encode(rexW: w.rexW, opcode: 0x85, reg: b.rawValue, rm: .reg(a.rawValue))
    }

    /// `test a, imm32`.
    public mutating func test(_ w: Width, _ a: GPR, imm: Int32) {
        encode(rexW: w.rexW, opcode: 0xF7, reg: 0, rm: .reg(a.rawValue), immBytes: 4)
        emit32(UInt32(bitPattern: imm))
    }

    /// `test [a], b`.
    public mutating func test(_ w: Width, _ a: Mem, _ b: GPR) {
        encode(rexW: w.rexW, opcode: 0x85, reg: b.rawValue, rm: .mem(a))
    }

    /// `test [a], imm32` (`.qword`: sign-extended).
    public mutating func test(_ w: Width, _ a: Mem, imm: Int32) {
        encode(rexW: w.rexW, opcode: 0xF7, reg: 0, rm: .mem(a), immBytes: 4)
        emit32(UInt32(bitPattern: imm))
    }

    // MARK: - Multiply, divide, unary

    /// `imul dst, src` (truncating signed/unsigned multiply).
    public mutating func imul(_ w: Width, _ dst: GPR, _ src: GPR) {
        encode(rexW: w.rexW, escape: .x0F, opcode: 0xAF, reg: dst.rawValue, rm: .reg(src.rawValue))
    }

    /// `imul dst, [src]`.
    public mutating func imul(_ w: Width, _ dst: GPR, _ src: Mem) {
        encode(rexW: w.rexW, escape: .x0F, opcode: 0xAF, reg: dst.rawValue, rm: .mem(src))
    }

    /// `imul dst, src, imm`.
    public mutating func imul(_ w: Width, _ dst: GPR, _ src: GPR, imm: Int32) {
        if let i8 = Int8(exactly: imm) {
            encode(rexW: w.rexW, opcode: 0x6B, reg: dst.rawValue, rm: .reg(src.rawValue), immBytes: 1)
            emit(UInt8(bitPattern: i8))
        } else {
            encode(rexW: w.rexW, opcode: 0x69, reg: dst.rawValue, rm: .reg(src.rawValue), immBytes: 4)
            emit32(UInt32(bitPattern: imm))
        }
    }

    /// The F7 group: /2 not, /3 neg, /4 mul, /6 div, /7 idiv.
    private mutating func groupF7(_ ext: UInt8, _ w: Width, _ rm: RM) {
        encode(rexW: w.rexW, opcode: 0xF7, reg: ext, rm: rm)
    }

    /// `not r`.
    public mutating func not(_ w: Width, _ r: GPR) { groupF7(2, w, .reg(r.rawValue)) }
    /// `neg r`.
    public mutating func neg(_ w: Width, _ r: GPR) { groupF7(3, w, .reg(r.rawValue)) }
    /// `mul r`: unsigned `rdx:rax = rax * r`.
    public mutating func mul(_ w: Width, _ r: GPR) { groupF7(4, w, .reg(r.rawValue)) }
    /// `div r`: unsigned `rdx:rax / r`, quotient in `rax`, remainder in `rdx`; zero `rdx` first.
    public mutating func div(_ w: Width, _ r: GPR) { groupF7(6, w, .reg(r.rawValue)) }
    /// `idiv r`: signed `rdx:rax / r`; sign-extend with `cdq`/`cqo` first.
    /// Traps (#DE) on a zero divisor and on `INT_MIN / -1`: the compiler checks both first.
    public mutating func idiv(_ w: Width, _ r: GPR) { groupF7(7, w, .reg(r.rawValue)) }
    /// `div [m]`.
    public mutating func div(_ w: Width, _ m: Mem) { groupF7(6, w, .mem(m)) }
    /// `idiv [m]`.
    public mutating func idiv(_ w: Width, _ m: Mem) { groupF7(7, w, .mem(m)) }

    /// `cdq` (`.dword`: edx = sign of eax) or `cqo` (`.qword`: rdx = sign of rax).
    public mutating func signExtendAccumulator(_ w: Width) {
        if w == .qword { emit(0x48) }
        emit(0x99)
    }

    /// `cdq`: sign-extends eax into edx.
    public mutating func cdq() { signExtendAccumulator(.dword) }
    /// `cqo`: sign-extends rax into rdx.
    public mutating func cqo() { signExtendAccumulator(.qword) }

    // MARK: - Shifts and rotates

    /// `op r, imm8` (the count is masked to 5 or 6 bits by the CPU, like wasm).
    public mutating func shift(_ op: ShiftOp, _ w: Width, _ r: GPR, imm: UInt8) {
        encode(rexW: w.rexW, opcode: 0xC1, reg: op.rawValue, rm: .reg(r.rawValue), immBytes: 1)
        emit(imm)
    }

    /// `op r, cl`.
    public mutating func shiftByCL(_ op: ShiftOp, _ w: Width, _ r: GPR) {
        encode(rexW: w.rexW, opcode: 0xD3, reg: op.rawValue, rm: .reg(r.rawValue))
    }

    public mutating func shl(_ w: Width, _ r: GPR, imm: UInt8) { shift(.shl, w, r, imm: imm) }
    public mutating func shr(_ w: Width, _ r: GPR, imm: UInt8) { shift(.shr, w, r, imm: imm) }
    public mutating func sar(_ w: Width, _ r: GPR, imm: UInt8) { shift(.sar, w, r, imm: imm) }
    public mutating func rol(_ w: Width, _ r: GPR, imm: UInt8) { shift(.rol, w, r, imm: imm) }
    public mutating func ror(_ w: Width, _ r: GPR, imm: UInt8) { shift(.ror, w, r, imm: imm) }
    public mutating func shlCL(_ w: Width, _ r: GPR) { shiftByCL(.shl, w, r) }
    public mutating func shrCL(_ w: Width, _ r: GPR) { shiftByCL(.shr, w, r) }
    public mutating func sarCL(_ w: Width, _ r: GPR) { shiftByCL(.sar, w, r) }
    public mutating func rolCL(_ w: Width, _ r: GPR) { shiftByCL(.rol, w, r) }
    public mutating func rorCL(_ w: Width, _ r: GPR) { shiftByCL(.ror, w, r) }

    // MARK: - Bit counts

    /// `lzcnt dst, src` (needs `CPUFeatures.lzcnt`; on older CPUs the bytes decode as `bsr`).
    public mutating func lzcnt(_ w: Width, _ dst: GPR, _ src: GPR) {
        encode(prefix: 0xF3, rexW: w.rexW, escape: .x0F, opcode: 0xBD, reg: dst.rawValue, rm: .reg(src.rawValue))
    }

    /// `tzcnt dst, src` (needs `CPUFeatures.bmi1`; on older CPUs the bytes decode as `bsf`).
    public mutating func tzcnt(_ w: Width, _ dst: GPR, _ src: GPR) {
        encode(prefix: 0xF3, rexW: w.rexW, escape: .x0F, opcode: 0xBC, reg: dst.rawValue, rm: .reg(src.rawValue))
    }

    /// `popcnt dst, src` (needs `CPUFeatures.popcnt`).
    public mutating func popcnt(_ w: Width, _ dst: GPR, _ src: GPR) {
        encode(prefix: 0xF3, rexW: w.rexW, escape: .x0F, opcode: 0xB8, reg: dst.rawValue, rm: .reg(src.rawValue))
    }

    /// `bsr dst, src`: index of the highest set bit; ZF=1 and `dst` undefined if `src` is 0.
    public mutating func bsr(_ w: Width, _ dst: GPR, _ src: GPR) {
        encode(rexW: w.rexW, escape: .x0F, opcode: 0xBD, reg: dst.rawValue, rm: .reg(src.rawValue))
    }

    /// `bsf dst, src`: index of the lowest set bit; ZF=1 and `dst` undefined if `src` is 0.
    public mutating func bsf(_ w: Width, _ dst: GPR, _ src: GPR) {
        encode(rexW: w.rexW, escape: .x0F, opcode: 0xBC, reg: dst.rawValue, rm: .reg(src.rawValue))
    }

    // MARK: - Conditional set and move

    /// `setcc r8`: writes 0 or 1 to the low byte of `r` (zero-extend with `movzx` afterwards).
    public mutating func setcc(_ cond: Condition, _ r: GPR) {
        encode(rexW: false, byteRM: true, escape: .x0F, opcode: 0x90 | cond.rawValue, reg: 0, rm: .reg(r.rawValue))
    }

    /// `cmovcc dst, src`.
    public mutating func cmov(_ cond: Condition, _ w: Width, _ dst: GPR, _ src: GPR) {
        encode(rexW: w.rexW, escape: .x0F, opcode: 0x40 | cond.rawValue, reg: dst.rawValue, rm: .reg(src.rawValue))
    }

    /// `cmovcc dst, [src]`.
    public mutating func cmov(_ cond: Condition, _ w: Width, _ dst: GPR, _ src: Mem) {
        encode(rexW: w.rexW, escape: .x0F, opcode: 0x40 | cond.rawValue, reg: dst.rawValue, rm: .mem(src))
    }

    // MARK: - Stack

    /// `push r` (64-bit).
    public mutating func push(_ r: GPR) { encodeOpcodeReg(rexW: false, opcode: 0x50, reg: r) }

    /// `pop r` (64-bit).
    public mutating func pop(_ r: GPR) { encodeOpcodeReg(rexW: false, opcode: 0x58, reg: r) }

    /// `push imm32` (sign-extended to 64 bits).
    public mutating func push(imm: Int32) {
        emit(0x68)
        emit32(UInt32(bitPattern: imm))
    }
}
