import WasmCore
import WasmRuntime

/// An internal lowering failure: only reachable for modules the validator should have rejected.
struct LoweringError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Lowers one validated function body into register-style `Op`s (see `Op`).
struct Lowering {
    enum Kind { case block, loop, `if`, `else`, function }
    struct Control {
        var kind: Kind
        /// Slot where the block's operands start (height after popping its parameters).
        var base: Int
        var params: Int
        var results: Int
        /// Loop start (branch target of a loop label).
        var loopPC: Int = 0
        /// Ops branching to the end of this block, patched when the end is reached.
        var fixups: [Int] = []
        /// The `brIfNot` of an `if`, patched at `else` or `end`.
        var elseFixup: Int?
        var unreachable = false
        var labelArity: Int { kind == .loop ? params : results }
    }

    let module: ModuleDefinition
    let engine: EngineShared
    var ops: [Op] = []
    var sourceIndices: [Int32] = []
    var targets: [PC] = []
    /// The variable-length immediates of the body being lowered (`FunctionBody.lists`).
    var lists: [UInt32] = []
    /// icalls: the instructions of the body being lowered (`currentSource` indexes them).
    var instructions: [Instruction] = []
    var ctls: [Control] = []
    var height = 0
    var maxHeight = 0
    /// Where the value at each operand position currently lives: its own slot, or a local
    /// whose `local.get` has not been copied yet (operand folding).
    var sources: [Int] = []
    /// Ops before this index may not be rewritten (a branch target may follow them).
    var barrier = 0
    var currentSource: Int32 = 0
    /// The constant pool: values living in slots `localEnd ..< localEnd + constants.count`.
    var constants: [UInt64] = []
    var constantSlots: [UInt64: Int] = [:]
    /// Parameters plus declared locals: where the constant pool starts.
    var localEnd = 0
    /// At most this many distinct constants get a pool slot (they are written at every call).
    static let maxPooledConstants = 32

    /// Signature of each function of the module's index space.
    let signatures: [FuncType]
    let importedFunctions: Int

    init(module: ModuleDefinition, engine: EngineShared, signatures: [FuncType], importedFunctions: Int) {
        self.module = module
        self.engine = engine
        self.signatures = signatures
        self.importedFunctions = importedFunctions
    }

    func blockSignature(_ bt: BlockType) throws -> (Int, Int) {
        switch bt {
        case .empty: return (0, 0)
        case .value: return (0, 1)
        case .typeIndex(let i):
            guard Int(i) < module.types.count else { throw LoweringError(message: "unknown type \(i)") }
            return (module.types[Int(i)].params.count, module.types[Int(i)].results.count)
        }
    }

    func slot(_ i: Int) -> Slot { Slot(truncatingIfNeeded: i) }

    mutating func emit(_ op: Op) {
        ops.append(op)
        sourceIndices.append(currentSource)
    }

    mutating func push(_ n: Int = 1) {
        for _ in 0..<n {
            setSource(height, height)
            height += 1
        }
        if height > maxHeight { maxHeight = height }
    }

    mutating func setSource(_ position: Int, _ source: Int) {
        while sources.count <= position { sources.append(sources.count) }
        sources[position] = source
    }

    /// The slot holding the operand at `position`.
    func src(_ position: Int) -> Slot { slot(position < sources.count ? sources[position] : position) }

    /// Copies every pending `local.get` operand (or only those reading `local`) into its own slot.
    mutating func materialize(local: Int? = nil) {
        let lo = ctls.first?.base ?? 0
        guard height > lo else { return }
        for p in lo..<height where p < sources.count && sources[p] != p {
            if let l = local, sources[p] != l { continue }
            emit(.copy(dst: slot(p), src: slot(sources[p])))
            sources[p] = p
        }
    }

    /// `local.set x` of the value at `position`: writes the producing op straight into the
    /// local when possible, else copies.
    mutating func emitLocalSet(_ x: UInt32, from position: Int) {
        materialize(local: Int(x))
        if sources.count > position, sources[position] == position, ops.count > barrier,
           let last = ops.last, destination(last) == slot(position), let r = retargeted(last, to: x) {
            ops[ops.count - 1] = r
        } else if Int(src(position)) < localEnd, ops.count > barrier, case .i32AddImm(let d, let s, let imm)? = ops.last,
                  d == src(position) {
            // calls/memory/arith: `local.set x` of a local the last op just computed (a `local.tee`
            // of an `i32.add` of a constant) writes both locals in that op.
            ops[ops.count - 1] = .i32AddImmTee(dst: d, copy: x, src: s, imm: imm)
        } else if let fused = indexCopy(to: x, from: src(position)) {
            // imem: the copy folded into the scaled index computed just before.
            ops[ops.count - 1] = fused
        } else if let pair = copyPair(to: x, from: src(position)) { // imem8
            ops[ops.count - 1] = pair
        } else {
            emit(.copy(dst: x, src: src(position)))
        }
    }

    mutating func pop(_ n: Int = 1) throws {
        guard height - n >= (ctls.last?.base ?? 0) else { throw LoweringError(message: "type mismatch") }
        height -= n
    }

    /// Copies `count` values from `src` to `dst` (dst <= src, so ascending order is safe).
    /// A single value just produced by the last op (after the last label) is written straight
    /// to `dst` instead: the moves precede a branch or return, so the old slot is dead.
    mutating func emitCopies(from src: Int, to dst: Int, count: Int) {
        guard src != dst else { return }
        if count == 1, ops.count > barrier, let last = ops.last, destination(last) == slot(src),
           let r = retargeted(last, to: slot(dst)) {
            // calls/memory/arith: a `local.get` copied back into its own slot (`return (local.get 0)`) is dropped.
            if case .copy(let d, let s) = r, d == s {
                ops.removeLast()
                sourceIndices.removeLast()
            } else {
                ops[ops.count - 1] = r
            }
            return
        }
        for k in 0..<count { emit(.copy(dst: slot(dst + k), src: slot(src + k))) }
    }

    /// Emits the moves and the jump of a branch to label `depth`, from operand height `from`.
    mutating func emitBranch(depth: Int, from: Int) throws {
        guard depth < ctls.count else { throw LoweringError(message: "unknown label") }
        let ci = ctls.count - 1 - depth
        let c = ctls[ci]
        let arity = c.labelArity
        if c.kind == .function {
            emitCopies(from: from - arity, to: 0, count: arity)
            emit(.ret)
            return
        }
        emitCopies(from: from - arity, to: c.base, count: arity)
        if c.kind == .loop {
            emit(.br(PC(c.loopPC)))
        } else {
            ctls[ci].fixups.append(ops.count)
            emit(.br(0))
        }
    }

    /// Whether a branch to label `depth` from `from` needs value moves (or is a return).
    func branchIsSimple(depth: Int, from: Int) -> Bool {
        guard depth < ctls.count else { return false }
        let c = ctls[ctls.count - 1 - depth]
        return c.kind != .function && (c.labelArity == 0 || from - c.labelArity == c.base)
    }

    mutating func lower(functionIndex: UInt32, type: FuncType, body: FunctionBody) throws -> CompiledFunction {
        let locals = body.locals.reduce(0) { $0 + Int($1.count) }
        guard locals < 50_000 else { throw LoweringError(message: "too many locals") }
        localEnd = type.params.count + locals
        buildConstantPool(body)
        lists = body.lists
        instructions = body.instructions
        let L = localEnd + constants.count
        height = L
        maxHeight = L
        ctls = [Control(kind: .function, base: L, params: 0, results: type.results.count)]
        if engine.epochInterruption { emit(.epochCheck) }

        var segmentCost: [Int: UInt64] = [:]
        if engine.consumeFuel {
            for s in fuelSegments(of: body) where s.cost > 0 { segmentCost[s.start] = s.cost }
        }

        var skipDepth = 0
        for (i, ins) in body.instructions.enumerated() {
            currentSource = Int32(truncatingIfNeeded: i)
            guard !ctls.isEmpty else { throw LoweringError(message: "operators remaining after end of function") }
            if ctls[ctls.count - 1].unreachable {
                switch ins {
                case .block, .loop, .if: skipDepth += 1; continue
                case .end where skipDepth > 0: skipDepth -= 1; continue
                case .else where skipDepth > 0: continue
                case .end, .else: break
                default: continue
                }
            }
            if let cost = segmentCost[i] { emit(.fuel(UInt32(truncatingIfNeeded: min(cost, UInt64(UInt32.max))))) }
            try lowerInstruction(ins)
        }
        guard ctls.isEmpty else { throw LoweringError(message: "unexpected end") }
        sourceIndices.append(currentSource)
        return CompiledFunction(
            functionIndex: functionIndex, paramCount: type.params.count, resultCount: type.results.count,
            localCount: locals,
            firstZeroedLocal: LocalInitialization.firstLocalToZero(body.instructions, paramCount: type.params.count, localCount: locals),
            constants: constants, frameSize: max(maxHeight, type.results.count) + 1,
            code: ops, tableTargets: targets, sourceIndex: sourceIndices, argumentInAccumulator: true)
    }

    mutating func markUnreachable() {
        ctls[ctls.count - 1].unreachable = true
    }

    mutating func lowerInstruction(_ ins: Instruction) throws {
        let h = height
        switch ins {
        case .unreachable:
            emit(.trap(.unreachable))
            markUnreachable()
        case .nop:
            break
        case .block(let bt), .loop(let bt):
            materialize()
            let (p, r) = try blockSignature(bt)
            var c = Control(kind: .block, base: h - p, params: p, results: r)
            if case .loop = ins {
                c.kind = .loop
                c.loopPC = ops.count
                label()
                if engine.epochInterruption { emit(.epochCheck) }
            }
            ctls.append(c)
        case .if(let bt):
            let (p, r) = try blockSignature(bt)
            let cond = takeCondition(at: h - 1)
            try pop()
            materialize()
            var c = Control(kind: .if, base: h - 1 - p, params: p, results: r)
            let b = branchOp(cond, whenTrue: false, to: 0)
            let branch = sumBranch(b) ?? b
            c.elseFixup = ops.count
            emit(branch)
            ctls.append(c)
        case .else:
            materialize()
            guard var c = ctls.popLast(), c.kind == .if else { throw LoweringError(message: "else without if") }
            if !c.unreachable {
                c.fixups.append(ops.count)
                emit(.br(0))
            }
            label()
            if let e = c.elseFixup { patch(e, to: ops.count) }
            c.elseFixup = nil
            c.kind = .else
            c.unreachable = false
            height = c.base + c.params
            for p in c.base..<height { setSource(p, p) }
            ctls.append(c)
        case .end:
            materialize()
            guard let c = ctls.popLast() else { throw LoweringError(message: "unexpected end") }
            height = c.base + c.results
            for p in c.base..<height { setSource(p, p) }
            if c.kind == .function {
                emitCopies(from: c.base, to: 0, count: c.results)
                emit(.ret)
                return
            }
            label()
            if let e = c.elseFixup { patch(e, to: ops.count) }
            for f in c.fixups { patch(f, to: ops.count) }
            if height > maxHeight { maxHeight = height }
        case .br(let d):
            materialize()
            try emitBranch(depth: Int(d), from: h)
            markUnreachable()
        case .brIf(let d):
            let cond = takeCondition(at: h - 1)
            try pop()
            materialize()
            let from = h - 1
            let depth = Int(d)
            if branchIsSimple(depth: depth, from: from) {
                let ci = ctls.count - 1 - depth
                let target = ctls[ci].kind == .loop ? PC(ctls[ci].loopPC) : 0
                // Chosen before the fixup is recorded: it may fold the op before it.
                var branch = branchWhenTrue(cond, to: target)
                branch = loadZeroBranch(branch) ?? branch // imem8
                if ctls[ci].kind != .loop { ctls[ci].fixups.append(ops.count) } else { branch = scanStepCountLoop(branch) ?? sinkStep(into: branch) ?? stepTeeBranch(branch) ?? branch } // iloops, imem8, icalls8
                emit(branch)
            } else {
                let b = branchOp(cond, whenTrue: false, to: 0)
                let branch = sumBranch(b) ?? b
                let skip = ops.count
                emit(branch)
                try emitBranch(depth: depth, from: from)
                label()
                patch(skip, to: ops.count)
            }
        case .brTable(let labels, let def):
            let index = src(h - 1)
            try pop()
            materialize()
            let from = h - 1
            let all = labels.elements(in: lists) + [def]
            let start = targets.count
            emit(.brTable(index: index, start: UInt32(start), count: UInt32(all.count - 1)))
            targets.append(contentsOf: repeatElement(0, count: all.count))
            for (k, d) in all.enumerated() {
                targets[start + k] = PC(ops.count)
                try emitBranch(depth: Int(d), from: from)
            }
            markUnreachable()
        case .return:
            materialize()
            try emitBranch(depth: ctls.count - 1, from: h)
            markUnreachable()
        case .call(let f):
            guard Int(f) < signatures.count else { throw LoweringError(message: "unknown function \(f)") }
            let t = signatures[Int(f)]
            materialize()
            try pop(t.params.count)
            let imported = importedFunctions
            if Int(f) >= imported {
                emit(.callDefined(function: f - UInt32(imported), argBase: slot(height)))
            } else {
                emit(.callAny(function: f, argBase: slot(height)))
            }
            push(t.results.count)
        case .callIndirect(let ti, let table):
            guard Int(ti) < module.types.count else { throw LoweringError(message: "unknown type \(ti)") }
            let t = module.types[Int(ti)]
            materialize()
            try pop()
            let idx = height
            try pop(t.params.count)
            emit(.callIndirect(typeIndex: ti, table: table, index: slot(idx), argBase: slot(height)))
            push(t.results.count)
        case .refNull:
            emit(.const64(dst: slot(h), 0)); push()
        case .refIsNull:
            emit(.refIsNull(dst: slot(h - 1), src: src(h - 1)))
            setSource(h - 1, h - 1)
        case .refFunc(let f):
            emit(.refFunc(dst: slot(h), function: f)); push()
        case .drop:
            try pop()
        case .select, .selectTyped:
            var first = src(h - 3), second = src(h - 2)
            // `select` on `eqz(c)` is `select` on `c` with the operands swapped.
            let negated = takeEqz(at: h - 1)
            let cond = negated ?? src(h - 1)
            if negated != nil { swap(&first, &second) }
            let bitTest = cond == slot(h - 1) ? takeBitTest(at: h - 1, arms: first, second) : nil
            try pop(2)
            setSource(h - 3, h - 3)
            if let (s, imm) = bitTest, let l = Slot16(exactly: first), let r = Slot16(exactly: second) {
                let shiftArm = takeShiftArm(dst: slot(h - 3), lhs: l, rhs: r, cond: s, imm: imm, temporaries: slot(h - 3)...slot(h - 2))
                emit(shiftArm ?? .selectAndImm(dst: slot(h - 3), lhs: l, rhs: r, cond: s, imm: imm))
            } else {
                emit(.select(dst: slot(h - 3), lhs: first, rhs: second, cond: cond))
            }
        case .localGet(let x):
            push()
            setSource(h, Int(x))
        case .localSet(let x):
            try pop()
            emitLocalSet(x, from: h - 1)
        case .localTee(let x):
            emitLocalSet(x, from: h - 1)
            setSource(h - 1, Int(x))
        case .globalGet(let x):
            emit(.globalGet(dst: slot(h), index: x)); push()
        case .globalSet(let x):
            let v = src(h - 1)
            try pop()
            emit(.globalSet(src: v, index: x))
        case .tableGet(let t):
            materialize()
            emit(.tableGet(table: t, dst: slot(h - 1)))
        case .tableSet(let t):
            materialize()
            try pop(2)
            emit(.tableSet(table: t, base: slot(h - 2)))
        case .tableInit(let e, let t):
            materialize()
            try pop(3)
            emit(.tableInit(element: e, table: t, base: slot(h - 3)))
        case .elemDrop(let e):
            emit(.elemDrop(e))
        case .tableCopy(let d, let s):
            materialize()
            try pop(3)
            emit(.tableCopy(dst: d, src: s, base: slot(h - 3)))
        case .tableGrow(let t):
            materialize()
            try pop()
            emit(.tableGrow(table: t, base: slot(h - 2)))
        case .tableSize(let t):
            emit(.tableSize(table: t, dst: slot(h))); push()
        case .tableFill(let t):
            materialize()
            try pop(3)
            emit(.tableFill(table: t, base: slot(h - 3)))
        case .load(let op, let m):
            let wide = op == .i64Load || op == .f64Load
            if m.offset <= UInt64(UInt32.max), op == .i32Load || op == .f32Load,
               let bump = lowerLoadBump(at: h - 1, offset: UInt32(m.offset)) {
                emit(bump)
                return
            }
            // The address is a constant added to a value: one op instead of two (taken before the
            // operand's source is reset, which would hide a pending `local.get`).
            if m.offset <= UInt64(UInt32.max), op == .i32Load || op == .f32Load || wide,
               case .i32AddImm(_, let base, let imm)? = takeProducer(at: h - 1, { if case .i32AddImm = $0 { true } else { false } }) {
                let offset = UInt32(m.offset)
                emit(wide ? .i64LoadAdd(dst: slot(h - 1), addr: base, imm: imm, offset: offset)
                          : .i32LoadAdd(dst: slot(h - 1), addr: base, imm: imm, offset: offset))
                return
            }
            // imem: an element of a static array (`a[i]`).
            if m.offset <= UInt64(UInt32.max), op == .i32Load || op == .f32Load, let scaled = lowerScaledLoad(at: h - 1, offset: UInt32(m.offset)) {
                emit(scaled)
                return
            }
            let a = src(h - 1)
            setSource(h - 1, h - 1)
            if m.offset > UInt64(UInt32.max) {
                emit(.trap(.outOfBoundsMemoryAccess))
            } else {
                switch op {
                // f32/f64 loads and stores move the same bits as i32/i64 ones.
                case .i32Load, .f32Load: emit(.i32Load(dst: slot(h - 1), addr: a, offset: UInt32(m.offset)))
                case .i64Load, .f64Load: emit(.i64Load(dst: slot(h - 1), addr: a, offset: UInt32(m.offset)))
                case .i32Load8U, .i64Load8U: emit(.load8U(dst: slot(h - 1), addr: a, offset: UInt32(m.offset)))
                default: emit(.load(op, dst: slot(h - 1), addr: a, offset: UInt32(m.offset)))
                }
            }
        case .store(let op, let m):
            let a = src(h - 2), v = src(h - 1)
            let word = op == .i32Store || op == .f32Store || op == .i64Store32
            // imem: `mem[a] += k` (the load, the add and the store at one address).
            if op == .i32Store, m.offset <= UInt64(UInt32.max), let fused = memoryAddImmediate(address: a, valueAt: h - 1, offset: UInt32(m.offset)) {
                try pop(2)
                emit(fused)
                return
            }
            if m.offset <= UInt64(UInt32.max), word || op == .i64Store || op == .f64Store,
               let (base, imm) = takeAddressAdd(at: h - 2) {
                try pop(2)
                let offset = UInt32(m.offset)
                emit(word ? .i32StoreAdd(addr: base, value: v, imm: imm, offset: offset)
                          : .i64StoreAdd(addr: base, value: v, imm: imm, offset: offset))
                return
            }
            try pop(2)
            if m.offset > UInt64(UInt32.max) {
                emit(.trap(.outOfBoundsMemoryAccess))
            } else {
                switch op {
                case .i32Store, .f32Store, .i64Store32: emit(.i32Store(addr: a, value: v, offset: UInt32(m.offset)))
                case .i64Store, .f64Store: emit(.i64Store(addr: a, value: v, offset: UInt32(m.offset)))
                case .i32Store8, .i64Store8: emit(.store8(addr: a, value: v, offset: UInt32(m.offset)))
                default: emit(.store(op, addr: a, value: v, offset: UInt32(m.offset)))
                }
            }
        case .memorySize:
            emit(.memorySize(dst: slot(h))); push()
        case .memoryGrow:
            materialize()
            emit(.memoryGrow(dst: slot(h - 1)))
        case .memoryInit(let d, _):
            materialize()
            try pop(3)
            emit(.memoryInit(data: d, base: slot(h - 3)))
        case .dataDrop(let d):
            emit(.dataDrop(d))
        case .memoryCopy:
            materialize()
            try pop(3)
            emit(.memoryCopy(base: slot(h - 3)))
        case .memoryFill:
            materialize()
            try pop(3)
            emit(.memoryFill(base: slot(h - 3)))
        case .i32Const(let v):
            pushConstant(UInt64(UInt32(bitPattern: v)), is64: false)
        case .i64Const(let v):
            pushConstant(UInt64(bitPattern: v), is64: true)
        case .f32Const(let v):
            pushConstant(UInt64(v), is64: false)
        case .f64Const(let v):
            pushConstant(v, is64: true)
        case .numeric(let op):
            if op.signature.operands.count == 1 {
                let s = src(h - 1)
                let d = slot(h - 1)
                switch op {
                // No-ops on 64-bit slots: 32-bit values are kept zero-extended.
                case .i32ReinterpretF32, .f32ReinterpretI32, .i64ReinterpretF64, .f64ReinterpretI64, .i64ExtendI32U: return
                default: emit(Lowering.unaryOp(op, dst: d, src: s))
                }
                setSource(h - 1, h - 1)
            } else {
                if op == .i32Add || op == .i32Sub, let imm = takeConst32(at: h - 1) {
                    let add = op == .i32Add ? imm : 0 &- imm
                    // calls/memory/arith: `x + 0` is `x` (i32 slots hold zero-extended values).
                    if add == 0 {
                        try pop()
                        return
                    }
                    switch takeProducer(at: h - 2, { switch $0 { case .i32Mul, .i32MulImm, .i32ShlImm: true; default: false } }) {
                    case .i32Mul(_, let a, let b)?:
                        try pop()
                        emit(.i32MulAddImm(dst: slot(h - 2), lhs: a, rhs: b, imm: add))
                        return
                    case .i32MulImm(_, let a, let factor)?:
                        try pop()
                        emit(.i32MulImmAddImm(dst: slot(h - 2), src: a, factor: factor, imm: add))
                        return
                    case .i32ShlImm(_, let a, let shift)?:
                        // ifloats: a scaled index plus a constant.
                        try pop()
                        emit(.i32ShlImmAddImm(dst: slot(h - 2), src: a, shift: shift, imm: add))
                        return
                    default: break
                    }
                    let l = src(h - 2)
                    try pop()
                    setSource(h - 2, h - 2)
                    emit(.i32AddImm(dst: slot(h - 2), src: l, imm: add))
                    return
                }
                // calls/memory/arith: unsigned division by a constant >= 2.
                if op == .i32DivU, let d = peekConstant(at: h - 1), d > 1, d <= UInt64(UInt32.max), takeConstant(at: h - 1) != nil {
                    let l = src(h - 2)
                    try pop()
                    setSource(h - 2, h - 2)
                    emit(.i32DivUImm(dst: slot(h - 2), src: l, magic: UInt64.max / d &+ 1))
                    return
                }
                if let fused = try lowerImmediate(op, at: h) {
                    emit(fused)
                    return
                }
                if op == .i32Add, let fused = try lowerMulImmAdd(at: h) {
                    emit(fused)
                    return
                }
                if op == .i32Xor, let fused = try lowerXorShift(at: h) {
                    emit(fused)
                    return
                }
                // icalls: `a ^ (b & k)`, `a + (b & k)`.
                if op == .i32Xor || op == .i32Add, let fused = try lowerMaskedOperand(op, at: h) {
                    emit(fused)
                    return
                }
                // ifloats8: a float multiply of a value just loaded, a multiply-add of such a product.
                if try lowerMulLoad(op, at: h) || lowerMulLoadAdd(op, at: h) { return }
                if op == .i64Add || op == .f32Add || op == .f64Add, let fused = try lowerMulAdd(op, at: h) {
                    emit(fused)
                    return
                }
                if op == .f32Add || op == .f64Add, let fused = try lowerAddSub(op, at: h) {
                    emit(fused)
                    return
                }
                let l = src(h - 2), r = src(h - 1)
                try pop()
                let d = slot(h - 2)
                setSource(h - 2, h - 2)
                emit(Lowering.binaryOp(op, dst: d, lhs: l, rhs: r))
            }
        }
    }
}
