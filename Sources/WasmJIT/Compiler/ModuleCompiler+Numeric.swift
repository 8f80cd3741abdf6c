import WasmCore

/// Numeric instructions: integer and simple float operations inline, the rest through the
/// shared semantics helper.
extension ModuleCompiler {
    mutating func numeric(_ op: NumericOp) {
        switch op {
        // i32 / i64 ALU
        case .i32Add: alu(.add, .dword)
        case .i32Sub: alu(.sub, .dword)
        case .i32And: alu(.and, .dword)
        case .i32Or: alu(.or, .dword)
        case .i32Xor: alu(.xor, .dword)
        case .i64Add: alu(.add, .qword)
        case .i64Sub: alu(.sub, .qword)
        case .i64And: alu(.and, .qword)
        case .i64Or: alu(.or, .qword)
        case .i64Xor: alu(.xor, .qword)
        case .i32Mul: mul(.dword)
        case .i64Mul: mul(.qword)
        case .i32DivS: divide(.dword, signed: true, remainder: false)
        case .i32DivU: divide(.dword, signed: false, remainder: false)
        case .i32RemS: divide(.dword, signed: true, remainder: true)
        case .i32RemU: divide(.dword, signed: false, remainder: true)
        case .i64DivS: divide(.qword, signed: true, remainder: false)
        case .i64DivU: divide(.qword, signed: false, remainder: false)
        case .i64RemS: divide(.qword, signed: true, remainder: true)
        case .i64RemU: divide(.qword, signed: false, remainder: true)
        case .i32Shl: shift(.shl, .dword)
        case .i32ShrS: shift(.sar, .dword)
        case .i32ShrU: shift(.shr, .dword)
        case .i32Rotl: shift(.rol, .dword)
        case .i32Rotr: shift(.ror, .dword)
        case .i64Shl: shift(.shl, .qword)
        case .i64ShrS: shift(.sar, .qword)
        case .i64ShrU: shift(.shr, .qword)
        case .i64Rotl: shift(.rol, .qword)
        case .i64Rotr: shift(.ror, .qword)

        // Integer comparisons
        case .i32Eqz: eqz(.dword)
        case .i64Eqz: eqz(.qword)
        case .i32Eq: compare(.dword, .e)
        case .i32Ne: compare(.dword, .ne)
        case .i32LtS: compare(.dword, .l)
        case .i32LtU: compare(.dword, .b)
        case .i32GtS: compare(.dword, .g)
        case .i32GtU: compare(.dword, .a)
        case .i32LeS: compare(.dword, .le)
        case .i32LeU: compare(.dword, .be)
        case .i32GeS: compare(.dword, .ge)
        case .i32GeU: compare(.dword, .ae)
        case .i64Eq: compare(.qword, .e)
        case .i64Ne: compare(.qword, .ne)
        case .i64LtS: compare(.qword, .l)
        case .i64LtU: compare(.qword, .b)
        case .i64GtS: compare(.qword, .g)
        case .i64GtU: compare(.qword, .a)
        case .i64LeS: compare(.qword, .le)
        case .i64LeU: compare(.qword, .be)
        case .i64GeS: compare(.qword, .ge)
        case .i64GeU: compare(.qword, .ae)

        // Bit counting
        case .i32Clz where cpu.lzcnt: bitCount(op, .dword)
        case .i64Clz where cpu.lzcnt: bitCount(op, .qword)
        case .i32Ctz where cpu.bmi1: bitCount(op, .dword)
        case .i64Ctz where cpu.bmi1: bitCount(op, .qword)
        case .i32Popcnt where cpu.popcnt: bitCount(op, .dword)
        case .i64Popcnt where cpu.popcnt: bitCount(op, .qword)

        // Width changes (values in slots are zero-extended)
        case .i32WrapI64, .i64ExtendI32U:
            let (a, d) = pop()
            let r = resultGPR(reusing: a)
            let src = register(a, d, scratch: .rax)
            asm.mov(.dword, r, src)
            push(.gpr(r))
        case .i64ExtendI32S, .i64Extend32S:
            extend(.qword, from: .dword)
        case .i32Extend8S: extend(.dword, from: .byte)
        case .i32Extend16S: extend(.dword, from: .word)
        case .i64Extend8S: extend(.qword, from: .byte)
        case .i64Extend16S: extend(.qword, from: .word)
        case .i32ReinterpretF32, .f32ReinterpretI32, .i64ReinterpretF64, .f64ReinterpretI64:
            break  // same bits

        // Floats
        case .f32Add: floatArith(.add, .single)
        case .f32Sub: floatArith(.sub, .single)
        case .f32Mul: floatArith(.mul, .single)
        case .f32Div: floatArith(.div, .single)
        case .f64Add: floatArith(.add, .double)
        case .f64Sub: floatArith(.sub, .double)
        case .f64Mul: floatArith(.mul, .double)
        case .f64Div: floatArith(.div, .double)
        case .f32Sqrt: floatUnary(.single) { $0.sqrt(.single, .xmm0, .xmm0) }
        case .f64Sqrt: floatUnary(.double) { $0.sqrt(.double, .xmm0, .xmm0) }
        case .f32Ceil where cpu.sse41: floatUnary(.single) { $0.round(.single, .xmm0, .xmm0, .up) }
        case .f32Floor where cpu.sse41: floatUnary(.single) { $0.round(.single, .xmm0, .xmm0, .down) }
        case .f32Trunc where cpu.sse41: floatUnary(.single) { $0.round(.single, .xmm0, .xmm0, .towardZero) }
        case .f32Nearest where cpu.sse41: floatUnary(.single) { $0.round(.single, .xmm0, .xmm0, .nearest) }
        case .f64Ceil where cpu.sse41: floatUnary(.double) { $0.round(.double, .xmm0, .xmm0, .up) }
        case .f64Floor where cpu.sse41: floatUnary(.double) { $0.round(.double, .xmm0, .xmm0, .down) }
        case .f64Trunc where cpu.sse41: floatUnary(.double) { $0.round(.double, .xmm0, .xmm0, .towardZero) }
        case .f64Nearest where cpu.sse41: floatUnary(.double) { $0.round(.double, .xmm0, .xmm0, .nearest) }
        case .f32Abs: bitMask(and: 0x7FFF_FFFF, xor: 0)
        case .f32Neg: bitMask(and: 0xFFFF_FFFF, xor: 0x8000_0000)
        case .f64Abs: bitMask(and: 0x7FFF_FFFF_FFFF_FFFF, xor: 0)
        case .f64Neg: bitMask(and: ~0, xor: 0x8000_0000_0000_0000)
        case .f32Copysign: copysign(signBit: 0x8000_0000)
        case .f64Copysign: copysign(signBit: 0x8000_0000_0000_0000)
        case .f32Eq: floatCompare(.single, .eq)
        case .f32Ne: floatCompare(.single, .ne)
        case .f32Lt: floatCompare(.single, .lt)
        case .f32Gt: floatCompare(.single, .gt)
        case .f32Le: floatCompare(.single, .le)
        case .f32Ge: floatCompare(.single, .ge)
        case .f64Eq: floatCompare(.double, .eq)
        case .f64Ne: floatCompare(.double, .ne)
        case .f64Lt: floatCompare(.double, .lt)
        case .f64Gt: floatCompare(.double, .gt)
        case .f64Le: floatCompare(.double, .le)
        case .f64Ge: floatCompare(.double, .ge)

        // Conversions the hardware performs exactly as wasm does (the i64-unsigned and trapping
        // ones go through the helper).
        case .f32ConvertI32S: convertInteger(.single, from: .dword, unsigned: false)
        case .f32ConvertI32U: convertInteger(.single, from: .dword, unsigned: true)
        case .f32ConvertI64S: convertInteger(.single, from: .qword, unsigned: false)
        case .f64ConvertI32S: convertInteger(.double, from: .dword, unsigned: false)
        case .f64ConvertI32U: convertInteger(.double, from: .dword, unsigned: true)
        case .f64ConvertI64S: convertInteger(.double, from: .qword, unsigned: false)
        case .f64PromoteF32: convertFloat(promote: true)
        case .f32DemoteF64: convertFloat(promote: false)

        default:
            viaHelper(op)
        }
    }

    /// Signed i32/i64 and unsigned i32 (as a zero-extended i64) to f32/f64 with `cvtsi2ss/sd`.
    mutating func convertInteger(_ fw: FloatWidth, from w: Width, unsigned: Bool) {
        let (a, d) = pop()
        var src = register(a, d, scratch: .rax)
        if unsigned {
            asm.mov(.dword, .rax, src)
            src = .rax
        }
        let x = allocXMM()
        asm.xorps(x, x)  // cvtsi2s merges into the register: keep the upper bits zero
        asm.cvtsi2s(fw, x, unsigned ? .qword : w, src)
        push(.xmm(x))
    }

    /// `f64.promote_f32` / `f32.demote_f64` with `cvtss2sd` / `cvtsd2ss` (the same instructions the
    /// interpreter's Swift conversions compile to, so NaN payloads agree).
    mutating func convertFloat(promote: Bool) {
        let (a, d) = pop()
        let src: XMM
        if case .xmm(let y) = a {
            src = y
        } else {
            loadXMM(.xmm0, a, d, promote ? .single : .double)
            src = .xmm0
        }
        let x = allocXMM(avoiding: a.xmmMask)
        asm.xorps(x, x)
        if promote { asm.cvtss2sd(x, src) } else { asm.cvtsd2ss(x, src) }
        push(.xmm(x))
    }

    /// Operations without a fast path: the interpreter's semantics through a helper.
    mutating func viaHelper(_ op: NumericOp) {
        spillRegisters()
        let binary = op.signature.operands.count == 2
        let (b, bd) = pop()
        asm.mov(.qword, .rdi, .r15)
        asm.mov(.dword, .rsi, imm: Int64(op.rawValue))
        if binary {
            let (a, ad) = pop()
            load(.rdx, a, ad)
            load(.rcx, b, bd)
            callHelper(Helpers.binary)
        } else {
            load(.rdx, b, bd)
            callHelper(Helpers.unary)
        }
        if Self.mayTrap(op) { checkHelperTrap() }
        pushReg(.rax)
    }

    static func mayTrap(_ op: NumericOp) -> Bool {
        switch op {
        case .i32TruncF32S, .i32TruncF32U, .i32TruncF64S, .i32TruncF64U,
             .i64TruncF32S, .i64TruncF32U, .i64TruncF64S, .i64TruncF64U,
             .i32DivS, .i32DivU, .i32RemS, .i32RemU, .i64DivS, .i64DivU, .i64RemS, .i64RemU:
            return true
        default:
            return false
        }
    }

    mutating func alu(_ op: ALUOp, _ w: Width) {
        if op == .and, testsNextCondition(w) { return }
        var (b, bd) = pop()
        var (a, ad) = pop()
        // `x = y op x` for a pinned `x`: swapped, it is computed in place as `x op= y`.
        if op != .sub, let r = nextSetPinnedLocalGPR, b == .gpr(r), a != b { swap(&a, &b); swap(&ad, &bd) }
        let dst = resultGPR(reusing: a, avoiding: b.gprMask)
        load(dst, a, ad)
        switch source(b, bd, w, scratch: .rcx) {
        case .imm(let i): asm.alu(SeededMiscompile.aluOperation(op, w, immediate: i, fault: seededMiscompile), w, dst, imm: i)
        case .mem(let m): asm.alu(op, w, dst, m)
        case .reg(let r): asm.alu(op, w, dst, r)
        }
        push(.gpr(dst))
    }

    mutating func mul(_ w: Width) {
        var (b, bd) = pop()
        var (a, ad) = pop()
        if let r = nextSetPinnedLocalGPR, b == .gpr(r), a != b { swap(&a, &b); swap(&ad, &bd) }
        let dst = resultGPR(reusing: a, avoiding: b.gprMask)
        switch source(b, bd, w, scratch: .rcx) {
        case .imm(let i):
            let src = register(a, ad, scratch: .rax)
            multiply(w, dst, src, by: i)
        case .mem(let m):
            load(dst, a, ad)
            asm.imul(w, dst, m)
        case .reg(let r):
            load(dst, a, ad)
            asm.imul(w, dst, r)
        }
        push(.gpr(dst))
    }

    /// `dst = src * k`: `lea` for 3, 5 and 9 (`src + src*2/4/8`), a shift for powers of two, else
    /// `imul` (shorter dependency chains than `imul`'s three cycles).
    mutating func multiply(_ w: Width, _ dst: GPR, _ src: GPR, by k: Int32) {
        switch k {
        case 3: asm.lea(w, dst, .sib(src, src, .x2))
        case 5: asm.lea(w, dst, .sib(src, src, .x4))
        case 9: asm.lea(w, dst, .sib(src, src, .x8))
        case 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024:
            if dst != src { asm.mov(.qword, dst, src) }
            asm.shift(.shl, w, dst, imm: UInt8(k.trailingZeroBitCount))
        default: asm.imul(w, dst, src, imm: k)
        }
    }

    mutating func divide(_ w: Width, signed: Bool, remainder: Bool) {
        if divideByConstant(w, signed: signed, remainder: remainder) { return }
        let (b, bd) = pop()
        let (a, ad) = pop()
        load(.rax, a, ad)
        load(.rcx, b, bd)
        if w == .dword { asm.mov(.dword, .rax, .rax) }
        asm.test(w, .rcx, .rcx)
        trapIf(.e, .integerDivideByZero)
        let done = asm.newLabel()
        if signed {
            let normal = asm.newLabel()
            asm.cmp(w, .rcx, imm: -1)
            asm.jcc(.ne, normal, .near)
            if remainder {
                // x rem -1 = 0 (idiv would fault on MIN rem -1).
                asm.xor(.dword, .rdx, .rdx)
                asm.jmp(done, .near)
            } else {
                if w == .dword {
                    asm.cmp(.dword, .rax, imm: Int32.min)
                } else {
                    asm.mov(.qword, .rdx, imm: Int64.min)
                    asm.cmp(.qword, .rax, .rdx)
                }
                trapIf(.e, .integerOverflow)
            }
            asm.bind(normal)
            asm.signExtendAccumulator(w)
            asm.idiv(w, .rcx)
        } else {
            asm.xor(.dword, .rdx, .rdx)
            asm.div(w, .rcx)
        }
        asm.bind(done)
        pushReg(remainder ? .rdx : .rax)
    }

    mutating func shift(_ op: ShiftOp, _ w: Width) {
        let (b, bd) = pop()
        let (a, ad) = pop()
        if case .const(let v) = b {
            let dst = resultGPR(reusing: a)
            load(dst, a, ad)
            asm.shift(op, w, dst, imm: UInt8(truncatingIfNeeded: v) & (w == .dword ? 31 : 63))
            push(.gpr(dst))
        } else {
            load(.rcx, b, bd)
            let dst = resultGPR(reusing: a)
            load(dst, a, ad)
            asm.shiftByCL(op, w, dst)
            push(.gpr(dst))
        }
    }

    /// The pinned register of the local that the next instruction sets, if any.
    var nextSetPinnedLocalGPR: GPR? { nextSetLocal.flatMap { pinned.gpr($0) } }

    /// `x & mask` whose only use is as a condition (the next instruction is `br_if`, `if`,
    /// `select` or an `eqz` of the same width): `test x, mask`, leaving `.flags(.ne)` (which
    /// `eqz` negates). Returns false, emitting nothing, when the pattern does not apply.
    mutating func testsNextCondition(_ w: Width) -> Bool {
        guard stack.count >= 2, let mask = immediate(stack[stack.count - 1], w) else { return false }
        switch nextInstruction {
        case .numeric(.i32Eqz)? where w == .dword: break
        case .numeric(.i64Eqz)? where w == .qword: break
        case .brIf?, .if?, .select?, .selectTyped?: guard w == .dword else { return false }
        default: return false
        }
        _ = pop()
        let (a, ad) = pop()
        switch a {
        case .slot: asm.test(w, stackMem(ad), imm: mask)
        default: asm.test(w, register(a, ad, scratch: .rax), imm: mask)
        }
        push(.flags(.ne))
        return true
    }

    /// `eqz` of a comparison still in the flags (or of an `and` that set them) negates the condition.
    mutating func eqz(_ w: Width) {
        if case .flags(let c)? = stack.last {
            stack[stack.count - 1] = .flags(c.negated)
            return
        }
        let (a, d) = pop()
        let r = register(a, d, scratch: .rax)
        asm.test(w, r, r)
        push(.flags(.e))
    }

    mutating func compare(_ w: Width, _ cond: Condition) {
        let (b, bd) = pop()
        let (a, ad) = pop()
        let r = register(a, ad, scratch: .rax)
        switch source(b, bd, w, scratch: .rcx) {
        case .imm(let i): asm.cmp(w, r, imm: i)
        case .mem(let m): asm.cmp(w, r, m)
        case .reg(let s): asm.cmp(w, r, s)
        }
        push(.flags(cond))
    }

    mutating func bitCount(_ op: NumericOp, _ w: Width) {
        let (a, d) = pop()
        let src = register(a, d, scratch: .rcx)
        let dst = resultGPR(reusing: a)
        switch op {
        case .i32Clz, .i64Clz: asm.lzcnt(w, dst, src)
        case .i32Ctz, .i64Ctz: asm.tzcnt(w, dst, src)
        default: asm.popcnt(w, dst, src)
        }
        push(.gpr(dst))
    }

    mutating func extend(_ w: Width, from: OperandSize) {
        let (a, d) = pop()
        let src = register(a, d, scratch: .rcx)
        let dst = resultGPR(reusing: a)
        asm.movsx(w, dst, src, from: from)
        push(.gpr(dst))
    }

    mutating func floatArith(_ op: SSEArith, _ fw: FloatWidth) {
        let (b, bd) = pop()
        let (a, ad) = pop()
        let dst = resultXMM(reusing: a, avoiding: b.xmmMask)
        loadXMM(dst, a, ad, fw)
        switch b {
        case .xmm(let y): asm.arith(op, fw, dst, y)
        case .slot: asm.arith(op, fw, dst, stackMem(bd))
        case .const(let v) where v != 0: asm.arith(op, fw, dst, floatConstant(v))
        default:
            loadXMM(.xmm1, b, bd, fw)
            asm.arith(op, fw, dst, .xmm1)
        }
        push(.xmm(dst))
    }

    mutating func floatUnary(_ fw: FloatWidth, _ body: (inout X64Assembler) -> Void) {
        let (a, d) = pop()
        loadXMM(.xmm0, a, d, fw)
        body(&asm)
        pushXMM(.xmm0, fw)
    }

    /// `(x & and) ^ xor` on the bit pattern.
    mutating func bitMask(and: UInt64, xor: UInt64) {
        let (a, d) = pop()
        load(.rax, a, d)
        if and != ~0 {
            asm.mov(.qword, .rcx, imm: Int64(bitPattern: and))
            asm.and(.qword, .rax, .rcx)
        }
        if xor != 0 {
            asm.mov(.qword, .rcx, imm: Int64(bitPattern: xor))
            asm.xor(.qword, .rax, .rcx)
        }
        pushReg(.rax)
    }

    mutating func copysign(signBit: UInt64) {
        let (b, bd) = pop()
        let (a, ad) = pop()
        load(.rax, a, ad)
        load(.rdx, b, bd)
        asm.mov(.qword, .rcx, imm: Int64(bitPattern: signBit))
        asm.and(.qword, .rdx, .rcx)
        asm.not(.qword, .rcx)
        if signBit == 0x8000_0000 {
            asm.mov(.dword, .rcx, .rcx)  // keep the upper half zero for f32
        }
        asm.and(.qword, .rax, .rcx)
        asm.or(.qword, .rax, .rdx)
        pushReg(.rax)
    }

    enum FloatCompare { case eq, ne, lt, gt, le, ge }

    mutating func floatCompare(_ fw: FloatWidth, _ c: FloatCompare) {
        let (b, bd) = pop()
        let (a, ad) = pop()
        // lt/le compare (b, a) so that "unordered" (CF=ZF=PF=1) reads as false with `a`/`ae`.
        let swapped = c == .lt || c == .le
        let (x, xd, y, yd) = swapped ? (b, bd, a, ad) : (a, ad, b, bd)
        let left: XMM
        if case .xmm(let r) = x { left = r } else { loadXMM(.xmm0, x, xd, fw); left = .xmm0 }
        switch y {
        case .xmm(let r): asm.ucomi(fw, left, r)
        case .slot: asm.ucomi(fw, left, stackMem(yd))
        case .const(let v) where v != 0: asm.ucomi(fw, left, floatConstant(v))
        default:
            loadXMM(.xmm1, y, yd, fw)
            asm.ucomi(fw, left, .xmm1)
        }
        switch c {
        case .eq:
            asm.setcc(.np, .rax)
            asm.setcc(.e, .rcx)
            asm.and(.dword, .rax, .rcx)
            asm.movzx(.dword, .rax, .rax, from: .byte)
            pushReg(.rax)
        case .ne:
            asm.setcc(.p, .rax)
            asm.setcc(.ne, .rcx)
            asm.or(.dword, .rax, .rcx)
            asm.movzx(.dword, .rax, .rax, from: .byte)
            pushReg(.rax)
        case .lt, .gt: push(.flags(.a))
        case .le, .ge: push(.flags(.ae))
        }
    }
}
