import WasmCore

/// Loads, stores, memory and table instructions.
extension ModuleCompiler {
    /// Bounds-checks an access of `width` bytes at address operand `e` + `offset` against memory 0's
    /// length and returns the memory operand to access (relative to `r14`). Clobbers `rax` and `rcx`.
    /// The check is `address + offset > length - width` (signed, so a memory shorter than `width`
    /// has a negative limit), against the limit slot of that width: for a zero offset one `cmp`.
    /// All arithmetic is 64-bit: it cannot overflow.
    mutating func effectiveAddress(_ e: Operand, _ d: Int, offset: UInt64, width: Int) -> Mem {
        if case .const(let v) = e {
            // A constant address: one compare of the limit of this width with the first byte accessed.
            let first = UInt64(UInt32(truncatingIfNeeded: v)) + offset
            if let firstImm = Int32(exactly: first), Self.limitWidths.contains(width) {
                asm.cmp(.qword, memoryLimitSlot(width), imm: firstImm)
                trapIf(.l, .outOfBoundsMemoryAccess)
                return .base(.r14, firstImm)
            }
        }
        switch e {
        case .slot: asm.mov(.dword, .rax, stackMem(d))
        default:
            let r = register(e, d, scratch: .rax)
            asm.mov(.dword, .rax, r)
        }
        // Compare `rax + offset + extra` with `limit`.
        let hasSlot = Self.limitWidths.contains(width)
        let limit = memoryLimitSlot(hasSlot ? width : 1)
        let extra = hasSlot ? 0 : width - 1
        if let disp = Int32(exactly: offset + UInt64(extra)) {
            if disp == 0 {
                asm.cmp(.qword, .rax, limit)
            } else {
                asm.lea(.qword, .rcx, .base(.rax, disp))
                asm.cmp(.qword, .rcx, limit)
            }
            trapIf(.g, .outOfBoundsMemoryAccess)
            return .sib(.r14, .rax, .x1, disp - Int32(extra))
        }
        asm.mov(.qword, .rcx, imm: Int64(bitPattern: offset))
        asm.add(.qword, .rax, .rcx)
        if extra == 0 {
            asm.cmp(.qword, .rax, limit)
        } else {
            asm.lea(.qword, .rcx, .base(.rax, Int32(extra)))
            asm.cmp(.qword, .rcx, limit)
        }
        trapIf(.g, .outOfBoundsMemoryAccess)
        return .sib(.r14, .rax)
    }

    mutating func memoryLoad(_ op: LoadOp, _ m: MemArg) {
        let (a, d) = pop()
        let src = effectiveAddress(a, d, offset: m.offset, width: op.byteWidth)
        switch op {
        case .f32Load, .f64Load:
            let x = resultXMM()
            asm.movs(op == .f32Load ? .single : .double, x, src)
            push(.xmm(x))
            return
        default: break
        }
        let r = resultGPR()
        switch op {
        case .i32Load, .f32Load, .i64Load32U: asm.mov(.dword, r, src)
        case .i64Load, .f64Load: asm.mov(.qword, r, src)
        case .i32Load8S: asm.movsx(.dword, r, src, from: .byte)
        case .i32Load8U, .i64Load8U: asm.movzx(.dword, r, src, from: .byte)
        case .i32Load16S: asm.movsx(.dword, r, src, from: .word)
        case .i32Load16U, .i64Load16U: asm.movzx(.dword, r, src, from: .word)
        case .i64Load8S: asm.movsx(.qword, r, src, from: .byte)
        case .i64Load16S: asm.movsx(.qword, r, src, from: .word)
        case .i64Load32S: asm.movsx(.qword, r, src, from: .dword)
        }
        push(.gpr(r))
    }

    mutating func memoryStore(_ op: StoreOp, _ m: MemArg) {
        let (v, vd) = pop()
        let (a, ad) = pop()
        let dst = effectiveAddress(a, ad, offset: m.offset, width: op.byteWidth)
        let size: OperandSize
        switch op.byteWidth {
        case 1: size = .byte
        case 2: size = .word
        case 4: size = .dword
        default: size = .qword
        }
        switch v {
        case .xmm(let x) where size == .dword || size == .qword:
            asm.movs(size == .dword ? .single : .double, dst, x)
        case .const(let c) where size != .qword || Int32(exactly: Int64(bitPattern: c)) != nil:
            asm.mov(size, dst, imm: Int32(truncatingIfNeeded: Int64(bitPattern: c)))
        default:
            let r = register(v, vd, scratch: .rdx)
            asm.mov(size, dst, r)
        }
    }

    /// Loads popped operands into the System V argument registers after `rdi` (= context) and
    /// `immediates` (in order), bottom operand first.
    mutating func helperArguments(immediates: [UInt32], operands: Int) {
        spillRegisters()
        let regs: [GPR] = [.rsi, .rdx, .rcx, .r8, .r9]
        var popped: [(Operand, Int)] = []
        for _ in 0..<operands { popped.append(pop()) }
        popped.reverse()
        asm.mov(.qword, .rdi, .r15)
        var k = 0
        for imm in immediates {
            asm.mov(.dword, regs[k], imm: Int64(imm))
            k += 1
        }
        for (e, d) in popped {
            load(regs[k], e, d)
            k += 1
        }
    }

    mutating func bulkMemory(_ ins: Instruction) {
        switch ins {
        case .memorySize:
            asm.mov(.qword, .rax, memoryLimitSlot(1))
            asm.add(.qword, .rax, imm: 1)
            asm.shr(.qword, .rax, imm: 16)
            pushReg(.rax)
        case .memoryGrow:
            helperArguments(immediates: [], operands: 1)
            callHelper(Helpers.memoryGrow)
            pushReg(.rax)
            reloadMemory()
        case .memoryFill:
            helperArguments(immediates: [], operands: 3)
            callHelper(Helpers.memoryFill)
            checkHelperTrap()
        case .memoryCopy:
            helperArguments(immediates: [], operands: 3)
            callHelper(Helpers.memoryCopy)
            checkHelperTrap()
        case .memoryInit(let seg, _):
            helperArguments(immediates: [seg], operands: 3)
            callHelper(Helpers.memoryInit)
            checkHelperTrap()
        case .dataDrop(let seg):
            helperArguments(immediates: [seg], operands: 0)
            callHelper(Helpers.dataDrop)
        default: break
        }
    }

    mutating func tableInstruction(_ ins: Instruction) {
        switch ins {
        case .tableGet(let t):
            helperArguments(immediates: [t], operands: 1)
            callHelper(Helpers.tableGet)
            checkHelperTrap()
            pushReg(.rax)
        case .tableSet(let t):
            helperArguments(immediates: [t], operands: 2)
            callHelper(Helpers.tableSet)
            checkHelperTrap()
        case .tableSize(let t):
            helperArguments(immediates: [t], operands: 0)
            callHelper(Helpers.tableSize)
            pushReg(.rax)
        case .tableGrow(let t):
            helperArguments(immediates: [t], operands: 2)
            callHelper(Helpers.tableGrow)
            pushReg(.rax)
        case .tableFill(let t):
            helperArguments(immediates: [t], operands: 3)
            callHelper(Helpers.tableFill)
            checkHelperTrap()
        case .tableCopy(let dst, let src):
            helperArguments(immediates: [dst, src], operands: 3)
            callHelper(Helpers.tableCopy)
            checkHelperTrap()
        case .tableInit(let e, let t):
            helperArguments(immediates: [e, t], operands: 3)
            callHelper(Helpers.tableInit)
            checkHelperTrap()
        case .elemDrop(let e):
            helperArguments(immediates: [e], operands: 0)
            callHelper(Helpers.elemDrop)
        default: break
        }
    }
}
