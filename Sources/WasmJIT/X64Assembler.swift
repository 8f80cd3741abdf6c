/// An x86-64 machine code assembler for the single-pass JIT.
///
/// ## Forms
/// Integer (`X64Assembler+Integer.swift`), `Width` picks 32/64-bit, `OperandSize` picks 8...64-bit:
/// - `mov` reg←reg, reg←mem, mem←reg (8/16/32/64), mem←imm32, reg←imm (shortest of
///   `mov r32, imm32` / `mov r64, simm32` / `movabs`), `movabs` (always 10 bytes, patchable);
///   `movzx`/`movsx` from 8/16 bits to 32/64, `movsxd` (`movsx(.qword, _, _, from: .dword)`), `lea`;
/// - `add sub and or xor cmp` (and `adc sbb` through `alu`) reg-reg, reg-imm, reg-mem, mem-reg,
///   mem-imm; `test` reg-reg, reg-imm; `imul` two- and three-operand; `mul div idiv neg not` with
///   `cdq`/`cqo`; `shl shr sar rol ror` by `cl` and by imm8; `lzcnt tzcnt popcnt` (and `bsr bsf`
///   for CPUs without them, see `CPUFeatures`); `setcc`, `cmovcc`; `push pop`; `xchg`.
///
/// Control (`X64Assembler+Control.swift`): labels with forward and backward references, `jmp`/`jcc`
/// rel8 or rel32 (`BranchForm`), `jmp`/`call` through a register or memory, `call` rel32 to a label,
/// `ret ud2 int3 nop`, multi-byte `nop` padding and `align`, raw data for constant pools, and jump
/// tables of rel32 entries (relative to the table start: position independent, no relocations)
/// (`jumpTable(_:_:)`) with `tableJump` for `br_table`.
///
/// Frames (`X64Assembler+Frame.swift`): `prologue(localSlots:)` / `epilogue()` implementing the
/// conventions below, `localSlot(_:)` addresses. Traps (`TrapExit.swift`): `trap(code:trapSlot:)`
/// leaves generated code for the `CodeMemory.invokeCatchingTraps` call that entered it.
///
/// SSE (`X64Assembler+SSE.swift`), `FloatWidth` picks the `ss` (f32) or `sd` (f64) form:
/// `movss/movsd` (reg, load, store), `movaps`, `movd/movq` (GPR↔XMM), `movdqu` (for v128 later),
/// `addss/sd subss/sd mulss/sd divss/sd sqrtss/sd minss/sd maxss/sd`, `ucomiss/sd`,
/// `cvtsi2ss/sd` (from 32/64-bit), `cvttss2si/cvttsd2si` (to 32/64-bit), `cvtss2sd cvtsd2ss`,
/// `roundss/roundsd` (SSE4.1, `RoundingMode`), `andps andpd andnps andnpd orps orpd xorps xorpd`.
///
/// ## Proposed register conventions for the compiler
/// Generated functions follow the System V ABI at their boundary, so they can call into C and Swift
/// helpers (traps, `memory.grow`, host functions) without glue:
/// - `rdi` = context pointer, `rsi` = argument/result buffer at entry (`cwasmjit_invoke`);
/// - `r15` = context (VM context: instance, tables, globals, fuel) pinned for the whole function;
/// - `r14` = linear memory 0 base, `r13` = its current byte length (for bounds checks);
///   reloaded from the context after any call that may grow memory;
///   these three are callee-saved, so they survive calls into helpers;
/// - `rbp` = frame pointer, `rsp` = stack (16-byte aligned at calls), locals and spilled
///   operand stack slots live in the frame at `[rbp - n]`; the prologue saves `rbx r12-r15`
///   and copies `rdi` into `r15`;
/// - `rax`, `rcx`, `rdx`: scratch with fixed roles (`rdx:rax` for `div/idiv`, `cl` for shift
///   counts, `rax` for return values); `r11`, `r10`: scratch for address computation and
///   calls through a register; `rbx`, `r12`, `r8`, `r9`, `rsi`, `rdi`: allocatable for values;
/// - `xmm0`...`xmm13`: float values (all caller-saved in System V), `xmm14`, `xmm15`: scratch;
///   they are full 128-bit registers so `v128` can use the same allocator later.
///
/// Mistakes of the code generator that depend on layout (an unbound label, a short branch out of
/// range) are reported by `finish()`; fixed-operand misuse (e.g. `rsp` as an index) is a
/// precondition failure.
public struct X64Assembler: Sendable {
    /// The code emitted so far. Label references are patched only in `finish()`'s result.
    public internal(set) var bytes: [UInt8] = []

    /// Offset of each label, once bound.
    var labelOffsets: [Int?] = []

    /// A reference to a label whose value is written at `finish()`.
    struct Fixup: Sendable {
        enum Kind: Sendable {
            /// 1-byte displacement: target - `origin`.
            case rel8
            /// 4-byte displacement or table entry: target - `origin`.
            case rel32
        }
        /// Where the displacement bytes start.
        var at: Int
        var label: Label
        var kind: Kind
        /// The offset the displacement is relative to (end of instruction, or table start).
        var origin: Int
    }
    var fixups: [Fixup] = []

    public init() {}

    /// The current offset: where the next instruction will go.
    public var offset: Int { bytes.count }

    /// Returns the code with every label reference patched.
    public func finish() throws(AssemblerError) -> [UInt8] {
        var out = bytes
        try patchLabelReferences(in: &out)
        return out
    }

    /// Like `finish()`, but patches the code in place instead of in a copy, and hands it over:
    /// the assembler is left empty.
    public mutating func takeFinishedCode() throws(AssemblerError) -> [UInt8] {
        var out = bytes
        bytes = []  // `out` is now the buffer's only owner: patching it copies nothing.
        try patchLabelReferences(in: &out)
        return out
    }

    /// Writes every label reference (`fixups`) into `code`.
    private func patchLabelReferences(in out: inout [UInt8]) throws(AssemblerError) {
        guard out.count <= Int(Int32.max) else { throw .codeTooLarge(out.count) }
        for f in fixups {
            guard let target = labelOffset(f.label) else { throw .unboundLabel(f.label) }
            let distance = target - f.origin
            switch f.kind {
            case .rel8:
                guard let d = Int8(exactly: distance) else {
                    throw .branchOutOfRange(f.label, distance: distance)
                }
                out[f.at] = UInt8(bitPattern: d)
            case .rel32:
                // Within the size checked above, any distance fits.
                let d = UInt32(bitPattern: Int32(truncatingIfNeeded: distance))
                for i in 0..<4 { out[f.at + i] = UInt8(truncatingIfNeeded: d >> (8 * UInt32(i))) }
            }
        }
    }

    /// The offset a label was bound at, or nil if it is not bound (yet).
    public func labelOffset(_ label: Label) -> Int? {
        guard label.id >= 0, label.id < labelOffsets.count else { return nil }
        return labelOffsets[label.id]
    }

    // MARK: - Raw emission

    mutating func emit(_ b: UInt8) { bytes.append(b) }

    // Multi-byte values are appended in one go (one capacity check, one copy) in little-endian order.

    mutating func emit16(_ v: UInt16) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func emit32(_ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func emit64(_ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Reserves room for `count` more bytes of code (a hint that saves regrowing the buffer).
    public mutating func reserveCapacity(_ count: Int) {
        bytes.reserveCapacity(bytes.count + Swift.min(Swift.max(count, 0), Int(Int32.max)))
    }

    /// Emits an immediate of `count` bytes (1, 2 or 4) from the low bits of `v`.
    mutating func emitImm(_ v: Int32, count: Int) {
        switch count {
        case 1: emit(UInt8(truncatingIfNeeded: v))
        case 2: emit16(UInt16(truncatingIfNeeded: v))
        default: emit32(UInt32(bitPattern: v))
        }
    }

    // MARK: - Instruction encoding

    /// The r/m operand of a ModRM-encoded instruction: a register number or a memory operand.
    enum RM {
        case reg(UInt8)
        case mem(Mem)
    }

    /// Opcode map escape bytes.
    enum Escape {
        case none, x0F, x0F38, x0F3A
    }

    /// Emits one ModRM-encoded instruction up to (not including) its immediate:
    /// `[66] [mandatory prefix] [REX] [escape] opcode ModRM [SIB] [disp]`.
    /// - Parameters:
    ///   - operandSize16: emit the 0x66 operand-size prefix.
    ///   - prefix: a mandatory SSE prefix (0x66, 0xF2, 0xF3) or 0 for none.
    ///   - byteReg: the ModRM.reg register is 8-bit, so `spl bpl sil dil` need an (empty) REX.
    ///   - byteRM: the ModRM.rm register (if any) is 8-bit.
    ///   - immBytes: size of the immediate that follows, for RIP-relative displacements.
    mutating func encode(
        operandSize16: Bool = false, prefix: UInt8 = 0, rexW: Bool, byteReg: Bool = false, byteRM: Bool = false,
        escape: Escape = .none, opcode: UInt8, reg: UInt8, rm: RM, immBytes: Int = 0
    ) {
        if operandSize16 { emit(0x66) }
        if prefix != 0 { emit(prefix) }

        // REX = 0100WRXB.
        var rex: UInt8 = rexW ? 0x08 : 0
        if reg >= 8 { rex |= 0x04 }
        var forceREX = byteReg && (4...7).contains(reg)
        switch rm {
        case .reg(let r):
            if r >= 8 { rex |= 0x01 }
            if byteRM && (4...7).contains(r) { forceREX = true }
        case .mem(let m):
            if let i = m.index, i.isExtended { rex |= 0x02 }
            if case .gpr(let b) = m.base, b.isExtended { rex |= 0x01 }
        }
        if rex != 0 || forceREX { emit(0x40 | rex) }

        switch escape {
        case .none: break
        case .x0F: emit(0x0F)
        case .x0F38: emit(0x0F); emit(0x38)
        case .x0F3A: emit(0x0F); emit(0x3A)
        }
        emit(opcode)

        let regBits = (reg & 7) << 3
        switch rm {
        case .reg(let r):
            emit(0xC0 | regBits | (r & 7))
        case .mem(let m):
            encodeMemory(m, regBits: regBits, immBytes: immBytes)
        }
    }

    /// Emits ModRM, SIB and displacement for a memory operand.
    private mutating func encodeMemory(_ m: Mem, regBits: UInt8, immBytes: Int) {
        switch m.base {
        case .rip:
            emit(0x05 | regBits)  // mod=00 rm=101: [rip + disp32]
            if let label = m.label {
                fixups.append(Fixup(at: offset, label: label, kind: .rel32, origin: offset + 4 + immBytes))
                emit32(0)
            } else {
                emit32(UInt32(bitPattern: m.disp))
            }
        case .none:
            emit(0x04 | regBits)  // mod=00 rm=100: SIB follows
            let indexBits = m.index.map { $0.low3 } ?? 4  // index 100 without REX.X: no index
            emit((m.scale.rawValue << 6) | (indexBits << 3) | 5)  // base 101 with mod=00: disp32
            emit32(UInt32(bitPattern: m.disp))
        case .gpr(let b):
            // rbp/r13 as base with mod=00 would mean rip/disp32, so they always carry a displacement.
            let mod: UInt8
            if m.disp == 0 && b.low3 != 5 {
                mod = 0
            } else if Int8(exactly: m.disp) != nil {
                mod = 1
            } else {
                mod = 2
            }
            // rsp/r12 as base (rm=100) always need a SIB byte.
            if m.index != nil || b.low3 == 4 {
                emit((mod << 6) | regBits | 4)
                let indexBits = m.index.map { $0.low3 } ?? 4
                emit((m.scale.rawValue << 6) | (indexBits << 3) | b.low3)
            } else {
                emit((mod << 6) | regBits | b.low3)
            }
            if mod == 1 {
                emit(UInt8(bitPattern: Int8(truncatingIfNeeded: m.disp)))
            } else if mod == 2 {
                emit32(UInt32(bitPattern: m.disp))
            }
        }
    }

    /// Emits an instruction whose register is encoded in the low bits of the opcode (`push`, `pop`,
    /// `mov r, imm`, `bswap`): `[REX] opcode+reg`.
    mutating func encodeOpcodeReg(rexW: Bool, opcode: UInt8, reg: GPR) {
        var rex: UInt8 = rexW ? 0x08 : 0
        if reg.isExtended { rex |= 0x01 }
        if rex != 0 { emit(0x40 | rex) }
        emit(opcode | reg.low3)
    }
}
