import WasmCore
import WasmRuntime

/// Instruction dispatch and structured control flow.
extension ModuleCompiler {
    func blockSignature(_ bt: BlockType) throws -> (params: Int, results: Int) {
        switch bt {
        case .empty: return (0, 0)
        case .value: return (0, 1)
        case .typeIndex(let i):
            guard Int(i) < module.types.count else { throw JITCompileError(message: "unknown type \(i)") }
            return (module.types[Int(i)].params.count, module.types[Int(i)].results.count)
        }
    }

    mutating func compile(_ ins: Instruction) throws {
        if !isLive {
            // Dead code: only track nesting until the current block's `else` or `end`.
            switch ins {
            case .block, .loop, .if: deadDepth += 1
            case .end:
                if deadDepth > 0 { deadDepth -= 1 } else { try end() }
            case .else:
                if deadDepth == 0 { elseBranch() }
            default: break
            }
            return
        }
        if case .flags = stack.last, !Self.consumesFlags(ins) { materializeFlags() }
        switch ins {
        case .unreachable:
            trapNow(.unreachable)
            markUnreachable()
        case .nop: break
        case .block(let bt):
            let (p, r) = try blockSignature(bt)
            spillAll()
            controls.append(Control(kind: .block, label: asm.newLabel(), height: stack.count - p, params: p, results: r))
        case .loop(let bt):
            let (p, r) = try blockSignature(bt)
            spillAll()
            let l = asm.newLabel()
            asm.bind(l)
            controls.append(Control(kind: .loop, label: l, height: stack.count - p, params: p, results: r))
            if engine.epochInterruption { epochCheck() }
        case .if(let bt):
            let (p, r) = try blockSignature(bt)
            let (c, cd) = pop()
            spillAll()
            var ctl = Control(kind: .ifThen, label: asm.newLabel(), elseLabel: asm.newLabel(),
                              height: stack.count - p, params: p, results: r)
            ctl.saveSlot = nextSave
            nextSave += p
            // Plain moves only: the condition may still be in the flags.
            for k in 0..<p {
                asm.mov(.qword, .rax, stackMem(ctl.height + k))
                asm.mov(.qword, Self.slotMem(ctl.saveSlot + k), .rax)
            }
            if case .const(let v) = c {
                if UInt32(truncatingIfNeeded: v) == 0 { asm.jmp(ctl.elseLabel!, .near) }
            } else {
                asm.jcc(testCondition(c, cd).negated, ctl.elseLabel!, .near)
            }
            controls.append(ctl)
        case .else:
            elseBranch()
        case .end:
            try end()
        case .br(let l):
            branch(to: Int(l))
            markUnreachable()
        case .brIf(let l):
            brIf(Int(l))
        case .brTable(let targets, let def):
            brTable(targets.elements(in: lists).map(Int.init), Int(def))
            markUnreachable()
        case .return:
            emitReturn()
            markUnreachable()
        case .call(let f):
            try call(f)
        case .callIndirect(let t, let table):
            try callIndirect(typeIndex: t, table: table)

        case .refNull: pushConst(0)
        case .refIsNull:
            let (a, d) = pop()
            let r = register(a, d, scratch: .rax)
            asm.test(.qword, r, r)
            push(.flags(.e))
        case .refFunc(let f):
            asm.mov(.qword, .rax, .base(.r15, Offsets.functions))
            asm.mov(.qword, .rax, .base(.rax, Int32(truncatingIfNeeded: 8 * Int(f))))
            asm.mov(.qword, .rax, .base(.rax, Offsets.entryAddress))
            asm.add(.qword, .rax, imm: 1)
            pushReg(.rax)

        case .drop:
            _ = pop()
        case .select, .selectTyped:
            select()

        case .localGet(let i):
            localGet(Int(i))
        case .localSet(let i):
            let (a, d) = pop()
            storeLocal(Int(i), a, d)
        case .localTee(let i):
            let d = stack.count - 1
            storeLocal(Int(i), stack[d], d)
        case .globalGet(let g):
            asm.mov(.qword, .rax, .base(.r15, Offsets.globals))
            asm.mov(.qword, .rax, .base(.rax, Int32(truncatingIfNeeded: 8 * Int(g))))
            let r = resultGPR()
            asm.mov(.qword, r, .base(.rax, 0))
            push(.gpr(r))
        case .globalSet(let g):
            let (a, d) = pop()
            let r = register(a, d, scratch: .rcx)
            asm.mov(.qword, .rax, .base(.r15, Offsets.globals))
            asm.mov(.qword, .rax, .base(.rax, Int32(truncatingIfNeeded: 8 * Int(g))))
            asm.mov(.qword, .base(.rax, 0), r)

        case .tableGet, .tableSet, .tableInit, .elemDrop, .tableCopy, .tableGrow, .tableSize, .tableFill:
            tableInstruction(ins)
        case .load(let op, let m):
            memoryLoad(op, m)
        case .store(let op, let m):
            memoryStore(op, m)
        case .memorySize, .memoryGrow, .memoryInit, .dataDrop, .memoryCopy, .memoryFill:
            bulkMemory(ins)

        case .i32Const(let v): pushConst(UInt64(UInt32(bitPattern: v)))
        case .i64Const(let v): pushConst(UInt64(bitPattern: v))
        case .f32Const(let v): pushConst(UInt64(v))
        case .f64Const(let v): pushConst(v)
        case .numeric(let op):
            numeric(op)
        }
    }

    /// Whether `ins` reads a `.flags` entry at the top of the stack directly.
    static func consumesFlags(_ ins: Instruction) -> Bool {
        switch ins {
        case .brIf, .if, .select, .selectTyped, .numeric(.i32Eqz), .numeric(.i64Eqz): return true
        default: return false
        }
    }

    /// Sets the flags so that `.ne` holds exactly when the (non-constant) i32 condition `c` is
    /// nonzero; returns the condition to branch on for "true".
    mutating func testCondition(_ c: Operand, _ d: Int) -> Condition {
        switch c {
        case .flags(let cond):
            return cond
        case .slot:
            asm.cmp(.dword, stackMem(d), imm: 0)
            return .ne
        default:
            let r = register(c, d, scratch: .rax)
            asm.test(.dword, r, r)
            return .ne
        }
    }

    /// Pushes 1 if `cond` holds (flags already set), else 0, into a fresh register.
    mutating func setFlagResult(_ cond: Condition) {
        push(.flags(cond))
        materializeFlags()
    }

    mutating func markUnreachable() {
        controls[controls.count - 1].unreachable = true
    }

    /// Copies the top `arity` values to the target's slots and jumps there (or returns).
    mutating func branch(to depth: Int) {
        spillAll()
        let ti = controls.count - 1 - depth
        if controls[ti].kind == .function {
            emitReturn()
            return
        }
        moveBranchValues(ti)
        controls[ti].branchedTo = true
        asm.jmp(controls[ti].label, .near)
    }

    /// Copies the branch values of target `ti` into place (stack must be spilled).
    mutating func moveBranchValues(_ ti: Int) {
        let arity = controls[ti].arity
        let src = stack.count - arity, dst = controls[ti].height
        guard src != dst else { return }
        for k in 0..<arity {
            asm.mov(.qword, .rax, stackMem(src + k))
            asm.mov(.qword, stackMem(dst + k), .rax)
        }
    }

    mutating func brIf(_ depth: Int) {
        let (c, cd) = pop()
        // Plain moves only: the condition may still be in the flags.
        spillAll()
        if case .const(let v) = c {
            if UInt32(truncatingIfNeeded: v) != 0 {
                branch(to: depth)
                markUnreachable()
            }
            return
        }
        let cond = testCondition(c, cd)
        let ti = controls.count - 1 - depth
        let arity = controls[ti].arity
        if controls[ti].kind != .function && (arity == 0 || stack.count - arity == controls[ti].height) {
            controls[ti].branchedTo = true
            asm.jcc(cond, controls[ti].label, .near)
        } else {
            let skip = asm.newLabel()
            asm.jcc(cond.negated, skip, .near)
            branch(to: depth)
            asm.bind(skip)
        }
    }

    mutating func brTable(_ targets: [Int], _ def: Int) {
        let (c, cd) = pop()
        spillAll()
        load(.rax, c, cd)
        asm.mov(.dword, .rax, .rax)
        asm.mov(.dword, .rcx, imm: Int64(targets.count))
        asm.cmp(.dword, .rax, .rcx)
        asm.cmov(.a, .dword, .rax, .rcx)
        let table = asm.newLabel()
        asm.tableJump(index: .rax, table: table, scratch: .rcx)
        var stubs: [Int: Label] = [:]
        var entries: [Label] = []
        for t in targets + [def] {
            if let l = stubs[t] {
                entries.append(l)
            } else {
                let l = asm.newLabel()
                stubs[t] = l
                entries.append(l)
            }
        }
        for (t, l) in stubs.sorted(by: { $0.key < $1.key }) {
            asm.bind(l)
            branch(to: t)
        }
        pendingTables.append((table, entries))
    }

    mutating func elseBranch() {
        let ci = controls.count - 1
        if isLive {
            spillAll()
            asm.jmp(controls[ci].label, .near)
            controls[ci].branchedTo = true
        }
        deadDepth = 0
        let c = controls[ci]
        if let e = c.elseLabel { asm.bind(e) }
        truncateStack(to: c.height)
        for k in 0..<c.params {
            asm.mov(.qword, .rax, Self.slotMem(c.saveSlot + k))
            asm.mov(.qword, stackMem(c.height + k), .rax)
            pushSlot()
        }
        controls[ci].kind = .elseBranch
        controls[ci].elseLabel = nil
        controls[ci].unreachable = false
    }

    mutating func end() throws {
        let c = controls[controls.count - 1]
        let fallsThrough = isLive
        // The function's end returns straight from the operands (no merge to spill for).
        if fallsThrough, c.kind != .function { spillAll() }
        deadDepth = 0
        if c.kind == .function {
            if fallsThrough { emitReturn() }
            controls.removeLast()
            return
        }
        controls.removeLast()
        var reachable = fallsThrough || c.branchedTo
        if c.kind != .loop { asm.bind(c.label) }
        if let e = c.elseLabel {
            // `if` without `else`: the false path arrives here with the parameters in place.
            asm.bind(e)
            reachable = true
        }
        truncateStack(to: c.height)
        for _ in 0..<c.results { pushSlot() }
        if c.kind == .loop { reachable = fallsThrough }
        if !reachable { markUnreachable() }
    }
}
