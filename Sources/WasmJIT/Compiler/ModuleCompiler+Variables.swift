import WasmCore

/// `local.get`/`local.set`/`local.tee` (frame slots or pinned registers) and `select`.
extension ModuleCompiler {
    /// `select`: a `cmov` on the fused or tested condition.
    mutating func select() {
        let (c, cd) = pop()
        let (b, bd) = pop()
        let (a, ad) = pop()
        if case .const(let cv) = c {
            let (e, d) = UInt32(truncatingIfNeeded: cv) != 0 ? (a, ad) : (b, bd)
            if case .xmm(let x) = e {
                pool.take(x)
                push(e)
                return
            }
            let r = resultGPR(reusing: e)
            load(r, e, d)
            push(.gpr(r))
            return
        }
        let dst = resultGPR(reusing: a, avoiding: b.gprMask | c.gprMask)
        // Only moves until the cmov: the condition may still be in the flags.
        let bSource: Source
        switch b {
        case .slot: bSource = .mem(stackMem(bd))
        case .gpr(let r): bSource = .reg(r)
        default:
            load(.rdx, b, bd)
            bSource = .reg(.rdx)
        }
        load(dst, a, ad)
        let cond = testCondition(c, cd)
        switch bSource {
        case .reg(let r): asm.cmov(cond.negated, .qword, dst, r)
        case .mem(let m): asm.cmov(cond.negated, .qword, dst, m)
        case .imm: break
        }
        push(.gpr(dst))
    }

    /// `local.get`: a pinned local is read lazily (its register is pushed, no code); other float
    /// locals go to an XMM register, the rest to a GPR.
    mutating func localGet(_ i: Int) {
        if let r = pinned.gpr(i) {
            push(.gpr(r))
            return
        }
        if let (x, _) = pinned.xmm(i) {
            push(.xmm(x))
            return
        }
        let mem = localMem(i)
        switch i < localTypes.count ? localTypes[i] : .i64 {
        case .f32:
            let x = allocXMM()
            asm.movs(.single, x, mem)
            push(.xmm(x))
        case .f64:
            let x = allocXMM()
            asm.movs(.double, x, mem)
            push(.xmm(x))
        default:
            let r = allocGPR()
            asm.mov(.qword, r, mem)
            push(.gpr(r))
        }
    }

    /// `local.set`/`local.tee` of entry `e` at depth `d` (for `local.tee` still on the stack: a
    /// non-constant value there becomes a read of the pinned local, freeing its register).
    mutating func storeLocal(_ i: Int, _ e: Operand, _ d: Int) {
        if let r = pinned.gpr(i) {
            spillReferences(to: .gpr(r), below: d)
            load(r, e, d)
            if d < stack.count, stack[d] != .gpr(r), !e.isConstant {
                release(stack[d])
                stack[d] = .gpr(r)
            }
            return
        }
        if let (x, fw) = pinned.xmm(i) {
            spillReferences(to: .xmm(x), below: d)
            loadXMM(x, e, d, fw)
            if d < stack.count, stack[d] != .xmm(x), !e.isConstant {
                release(stack[d])
                stack[d] = .xmm(x)
            }
            return
        }
        let mem = localMem(i)
        switch e {
        case .const(let v) where Int32(exactly: Int64(bitPattern: v)) != nil:
            asm.mov(.qword, mem, imm: Int32(truncatingIfNeeded: Int64(bitPattern: v)))
        case .xmm(let x):
            asm.movs(.double, mem, x)
        default:
            let r = register(e, d, scratch: .rax)
            asm.mov(.qword, mem, r)
        }
    }
}
