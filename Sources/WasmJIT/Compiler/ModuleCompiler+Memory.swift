import WasmCore

/// Loads, stores, memory and table instructions.
extension ModuleCompiler {
    /// Computes the effective address of an access into `rax` and traps unless
    /// `address + width <= r13` (the memory length). All arithmetic is 64-bit: it cannot overflow.
    mutating func effectiveAddress(_ e: Operand, _ d: Int, offset: UInt64, width: Int) {
        switch e {
        case .const(let v): asm.mov(.qword, .rax, imm: Int64(UInt32(truncatingIfNeeded: v)))
        case .slot: asm.mov(.dword, .rax, stackMem(d))
        }
        if offset != 0 {
            if let o = Int32(exactly: offset) {
                asm.add(.qword, .rax, imm: o)
            } else {
                asm.mov(.qword, .rcx, imm: Int64(offset))
                asm.add(.qword, .rax, .rcx)
            }
        }
        asm.lea(.qword, .rcx, .base(.rax, Int32(width)))
        asm.cmp(.qword, .rcx, .r13)
        trapIf(.a, .outOfBoundsMemoryAccess)
    }

    mutating func memoryLoad(_ op: LoadOp, _ m: MemArg) {
        let (a, d) = pop()
        effectiveAddress(a, d, offset: m.offset, width: op.byteWidth)
        let src = Mem.sib(.r14, .rax)
        switch op {
        case .i32Load, .f32Load, .i64Load32U: asm.mov(.dword, .rax, src)
        case .i64Load, .f64Load: asm.mov(.qword, .rax, src)
        case .i32Load8S: asm.movsx(.dword, .rax, src, from: .byte)
        case .i32Load8U, .i64Load8U: asm.movzx(.dword, .rax, src, from: .byte)
        case .i32Load16S: asm.movsx(.dword, .rax, src, from: .word)
        case .i32Load16U, .i64Load16U: asm.movzx(.dword, .rax, src, from: .word)
        case .i64Load8S: asm.movsx(.qword, .rax, src, from: .byte)
        case .i64Load16S: asm.movsx(.qword, .rax, src, from: .word)
        case .i64Load32S: asm.movsx(.qword, .rax, src, from: .dword)
        }
        pushReg(.rax)
    }

    mutating func memoryStore(_ op: StoreOp, _ m: MemArg) {
        let (v, vd) = pop()
        let (a, ad) = pop()
        effectiveAddress(a, ad, offset: m.offset, width: op.byteWidth)
        load(.rdx, v, vd)
        let size: OperandSize
        switch op.byteWidth {
        case 1: size = .byte
        case 2: size = .word
        case 4: size = .dword
        default: size = .qword
        }
        asm.mov(size, .sib(.r14, .rax), .rdx)
    }

    /// Loads popped operands into the System V argument registers after `rdi` (= context) and
    /// `immediates` (in order), bottom operand first.
    mutating func helperArguments(immediates: [UInt32], operands: Int) {
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
            asm.mov(.qword, .rax, .r13)
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
