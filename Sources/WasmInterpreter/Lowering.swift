import WasmCore
import WasmRuntime

/// An internal lowering failure: only reachable for modules the validator should have rejected.
struct LoweringError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Lowers one validated function body into register-style `Op`s (see `Op`).
struct Lowering {
    private enum Kind { case block, loop, `if`, `else`, function }
    private struct Control {
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
    private var ops: [Op] = []
    private var sourceIndices: [Int32] = []
    private var targets: [PC] = []
    private var ctls: [Control] = []
    private var height = 0
    private var maxHeight = 0
    /// Where the value at each operand position currently lives: its own slot, or a local
    /// whose `local.get` has not been copied yet (operand folding).
    private var sources: [Int] = []
    /// Ops before this index may not be rewritten (a branch target may follow them).
    private var barrier = 0
    private var currentSource: Int32 = 0

    /// Signature of each function of the module's index space.
    let signatures: [FuncType]
    let importedFunctions: Int

    init(module: ModuleDefinition, engine: EngineShared, signatures: [FuncType], importedFunctions: Int) {
        self.module = module
        self.engine = engine
        self.signatures = signatures
        self.importedFunctions = importedFunctions
    }

    private func blockSignature(_ bt: BlockType) throws -> (Int, Int) {
        switch bt {
        case .empty: return (0, 0)
        case .value: return (0, 1)
        case .typeIndex(let i):
            guard Int(i) < module.types.count else { throw LoweringError(message: "unknown type \(i)") }
            return (module.types[Int(i)].params.count, module.types[Int(i)].results.count)
        }
    }

    private func slot(_ i: Int) -> Slot { Slot(truncatingIfNeeded: i) }

    private mutating func emit(_ op: Op) {
        ops.append(op)
        sourceIndices.append(currentSource)
    }

    private mutating func push(_ n: Int = 1) {
        for _ in 0..<n {
            setSource(height, height)
            height += 1
        }
        if height > maxHeight { maxHeight = height }
    }

    private mutating func setSource(_ position: Int, _ source: Int) {
        while sources.count <= position { sources.append(sources.count) }
        sources[position] = source
    }

    /// The slot holding the operand at `position`.
    private func src(_ position: Int) -> Slot { slot(position < sources.count ? sources[position] : position) }

    /// Copies every pending `local.get` operand (or only those reading `local`) into its own slot.
    private mutating func materialize(local: Int? = nil) {
        let lo = ctls.first?.base ?? 0
        guard height > lo else { return }
        for p in lo..<height where p < sources.count && sources[p] != p {
            if let l = local, sources[p] != l { continue }
            emit(.copy(dst: slot(p), src: slot(sources[p])))
            sources[p] = p
        }
    }

    /// Removes the last op if it is an `i32.eqz` writing the top operand slot `position` (after
    /// the last label) and returns its operand, so a following branch can test it directly.
    private mutating func takeEqz(at position: Int) -> Slot? {
        guard ops.count > barrier, sources.count > position, sources[position] == position,
              case .i32Eqz(let d, let s)? = ops.last, d == slot(position) else { return nil }
        ops.removeLast()
        sourceIndices.removeLast()
        return s
    }

    /// Removes the last op if it is an `i32.const` into the top operand slot `position` (after
    /// the last label) and returns the constant, for an immediate form.
    private mutating func takeConst32(at position: Int) -> UInt32? {
        guard ops.count > barrier, sources.count > position, sources[position] == position,
              case .const32(let d, let v)? = ops.last, d == slot(position) else { return nil }
        ops.removeLast()
        sourceIndices.removeLast()
        return v
    }

    /// A branch target is about to be placed here: earlier ops must not be rewritten.
    private mutating func label() { barrier = ops.count }

    /// `op` with its destination slot replaced, if it is an op that only writes `dst`.
    private func retargeted(_ op: Op, to d: Slot) -> Op? {
        switch op {
        case .copy(_, let s): return .copy(dst: d, src: s)
        case .const32(_, let v): return .const32(dst: d, v)
        case .const64(_, let v): return .const64(dst: d, v)
        case .globalGet(_, let i): return .globalGet(dst: d, index: i)
        case .refFunc(_, let f): return .refFunc(dst: d, function: f)
        case .refIsNull(_, let s): return .refIsNull(dst: d, src: s)
        case .unary(let o, _, let s): return .unary(o, dst: d, src: s)
        case .binary(let o, _, let l, let r): return .binary(o, dst: d, lhs: l, rhs: r)
        case .i32Add(_, let l, let r): return .i32Add(dst: d, lhs: l, rhs: r)
        case .i32Sub(_, let l, let r): return .i32Sub(dst: d, lhs: l, rhs: r)
        case .i32And(_, let l, let r): return .i32And(dst: d, lhs: l, rhs: r)
        case .i32Eqz(_, let s): return .i32Eqz(dst: d, src: s)
        case .i32LtS(_, let l, let r): return .i32LtS(dst: d, lhs: l, rhs: r)
        case .i32LtU(_, let l, let r): return .i32LtU(dst: d, lhs: l, rhs: r)
        case .i32Eq(_, let l, let r): return .i32Eq(dst: d, lhs: l, rhs: r)
        case .i32Ne(_, let l, let r): return .i32Ne(dst: d, lhs: l, rhs: r)
        case .i64Add(_, let l, let r): return .i64Add(dst: d, lhs: l, rhs: r)
        case .i64Sub(_, let l, let r): return .i64Sub(dst: d, lhs: l, rhs: r)
        case .i32Mul(_, let l, let r): return .i32Mul(dst: d, lhs: l, rhs: r)
        case .i32Or(_, let l, let r): return .i32Or(dst: d, lhs: l, rhs: r)
        case .i32Xor(_, let l, let r): return .i32Xor(dst: d, lhs: l, rhs: r)
        case .i32Shl(_, let l, let r): return .i32Shl(dst: d, lhs: l, rhs: r)
        case .i32ShrU(_, let l, let r): return .i32ShrU(dst: d, lhs: l, rhs: r)
        case .i32ShrS(_, let l, let r): return .i32ShrS(dst: d, lhs: l, rhs: r)
        case .i32GtS(_, let l, let r): return .i32GtS(dst: d, lhs: l, rhs: r)
        case .i32GtU(_, let l, let r): return .i32GtU(dst: d, lhs: l, rhs: r)
        case .i32LeS(_, let l, let r): return .i32LeS(dst: d, lhs: l, rhs: r)
        case .i32LeU(_, let l, let r): return .i32LeU(dst: d, lhs: l, rhs: r)
        case .i32GeS(_, let l, let r): return .i32GeS(dst: d, lhs: l, rhs: r)
        case .i32GeU(_, let l, let r): return .i32GeU(dst: d, lhs: l, rhs: r)
        case .i64Mul(_, let l, let r): return .i64Mul(dst: d, lhs: l, rhs: r)
        case .i64And(_, let l, let r): return .i64And(dst: d, lhs: l, rhs: r)
        case .i64Or(_, let l, let r): return .i64Or(dst: d, lhs: l, rhs: r)
        case .i64Xor(_, let l, let r): return .i64Xor(dst: d, lhs: l, rhs: r)
        case .i64Shl(_, let l, let r): return .i64Shl(dst: d, lhs: l, rhs: r)
        case .i64ShrU(_, let l, let r): return .i64ShrU(dst: d, lhs: l, rhs: r)
        case .i64Eq(_, let l, let r): return .i64Eq(dst: d, lhs: l, rhs: r)
        case .i64Ne(_, let l, let r): return .i64Ne(dst: d, lhs: l, rhs: r)
        case .i64LtS(_, let l, let r): return .i64LtS(dst: d, lhs: l, rhs: r)
        case .i64LtU(_, let l, let r): return .i64LtU(dst: d, lhs: l, rhs: r)
        case .i64GtS(_, let l, let r): return .i64GtS(dst: d, lhs: l, rhs: r)
        case .i64GtU(_, let l, let r): return .i64GtU(dst: d, lhs: l, rhs: r)
        case .i32AddImm(_, let s, let i): return .i32AddImm(dst: d, src: s, imm: i)
        case .i32Load(_, let a, let o): return .i32Load(dst: d, addr: a, offset: o)
        case .i64Load(_, let a, let o): return .i64Load(dst: d, addr: a, offset: o)
        case .load(let o, _, let a, let off): return .load(o, dst: d, addr: a, offset: off)
        default: return nil
        }
    }

    /// The destination slot of `op`, for ops `retargeted` accepts.
    private func destination(_ op: Op) -> Slot? {
        switch op {
        case .copy(let d, _), .const32(let d, _), .const64(let d, _), .globalGet(let d, _), .refFunc(let d, _),
             .refIsNull(let d, _), .unary(_, let d, _), .binary(_, let d, _, _), .i32Add(let d, _, _),
             .i32Sub(let d, _, _), .i32And(let d, _, _), .i32Eqz(let d, _), .i32LtS(let d, _, _),
             .i32LtU(let d, _, _), .i32Eq(let d, _, _), .i32Ne(let d, _, _), .i64Add(let d, _, _),
             .i64Sub(let d, _, _), .load(_, let d, _, _), .i32AddImm(let d, _, _), .i32Load(let d, _, _), .i64Load(let d, _, _),
             .i32Mul(let d, _, _), .i32Or(let d, _, _), .i32Xor(let d, _, _), .i32Shl(let d, _, _), .i32ShrU(let d, _, _), .i32ShrS(let d, _, _), .i32GtS(let d, _, _), .i32GtU(let d, _, _), .i32LeS(let d, _, _), .i32LeU(let d, _, _), .i32GeS(let d, _, _), .i32GeU(let d, _, _), .i64Mul(let d, _, _), .i64And(let d, _, _), .i64Or(let d, _, _), .i64Xor(let d, _, _), .i64Shl(let d, _, _), .i64ShrU(let d, _, _), .i64Eq(let d, _, _), .i64Ne(let d, _, _), .i64LtS(let d, _, _), .i64LtU(let d, _, _), .i64GtS(let d, _, _), .i64GtU(let d, _, _):
            return d
        default:
            return nil
        }
    }

    /// `local.set x` of the value at `position`: writes the producing op straight into the
    /// local when possible, else copies.
    private mutating func emitLocalSet(_ x: UInt32, from position: Int) {
        materialize(local: Int(x))
        if sources.count > position, sources[position] == position, ops.count > barrier,
           let last = ops.last, destination(last) == slot(position), let r = retargeted(last, to: x) {
            ops[ops.count - 1] = r
        } else {
            emit(.copy(dst: x, src: src(position)))
        }
    }

    private mutating func pop(_ n: Int = 1) throws {
        guard height - n >= (ctls.last?.base ?? 0) else { throw LoweringError(message: "type mismatch") }
        height -= n
    }

    private mutating func patch(_ at: Int, to target: Int) {
        let t = PC(target)
        switch ops[at] {
        case .br: ops[at] = .br(t)
        case .brIf(let c, _): ops[at] = .brIf(cond: c, t)
        case .brIfNot(let c, _): ops[at] = .brIfNot(cond: c, t)
        case .brIfEqz(let c, _): ops[at] = .brIfEqz(cond: c, t)
        default: break
        }
    }

    /// Copies `count` values from `src` to `dst` (dst <= src, so ascending order is safe).
    private mutating func emitCopies(from src: Int, to dst: Int, count: Int) {
        guard src != dst else { return }
        for k in 0..<count { emit(.copy(dst: slot(dst + k), src: slot(src + k))) }
    }

    /// Emits the moves and the jump of a branch to label `depth`, from operand height `from`.
    private mutating func emitBranch(depth: Int, from: Int) throws {
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
    private func branchIsSimple(depth: Int, from: Int) -> Bool {
        guard depth < ctls.count else { return false }
        let c = ctls[ctls.count - 1 - depth]
        return c.kind != .function && (c.labelArity == 0 || from - c.labelArity == c.base)
    }

    mutating func lower(functionIndex: UInt32, type: FuncType, body: FunctionBody) throws -> CompiledFunction {
        let locals = body.locals.reduce(0) { $0 + Int($1.count) }
        guard locals < 50_000 else { throw LoweringError(message: "too many locals") }
        let L = type.params.count + locals
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
            localCount: locals, frameSize: max(maxHeight, type.results.count) + 1,
            code: ops, tableTargets: targets, sourceIndex: sourceIndices)
    }

    private mutating func markUnreachable() {
        ctls[ctls.count - 1].unreachable = true
    }

    private mutating func lowerInstruction(_ ins: Instruction) throws {
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
            let negated = takeEqz(at: h - 1)
            let cond = src(h - 1)
            try pop()
            materialize()
            var c = Control(kind: .if, base: h - 1 - p, params: p, results: r)
            c.elseFixup = ops.count
            if let n = negated { emit(.brIf(cond: n, 0)) } else { emit(.brIfNot(cond: cond, 0)) }
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
            let negated = takeEqz(at: h - 1)
            let cond = negated ?? src(h - 1)
            try pop()
            materialize()
            let from = h - 1
            let depth = Int(d)
            if branchIsSimple(depth: depth, from: from) {
                let ci = ctls.count - 1 - depth
                let target = ctls[ci].kind == .loop ? PC(ctls[ci].loopPC) : 0
                if ctls[ci].kind != .loop { ctls[ci].fixups.append(ops.count) }
                emit(negated != nil ? .brIfEqz(cond: cond, target) : .brIf(cond: cond, target))
            } else {
                let skip = ops.count
                emit(negated != nil ? .brIf(cond: cond, 0) : .brIfNot(cond: cond, 0))
                try emitBranch(depth: depth, from: from)
                label()
                patch(skip, to: ops.count)
            }
        case .brTable(let labels, let def):
            let index = src(h - 1)
            try pop()
            materialize()
            let from = h - 1
            let all = labels + [def]
            let start = targets.count
            emit(.brTable(index: index, start: UInt32(start), count: UInt32(labels.count)))
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
            let other = src(h - 2), cond = src(h - 1)
            try pop(2)
            if sources[h - 3] != h - 3 {
                emit(.copy(dst: slot(h - 3), src: src(h - 3)))
                setSource(h - 3, h - 3)
            }
            emit(.select(dst: slot(h - 3), other: other, cond: cond))
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
            let a = src(h - 1)
            setSource(h - 1, h - 1)
            if m.offset > UInt64(UInt32.max) {
                emit(.trap(.outOfBoundsMemoryAccess))
            } else {
                switch op {
                case .i32Load: emit(.i32Load(dst: slot(h - 1), addr: a, offset: UInt32(m.offset)))
                case .i64Load: emit(.i64Load(dst: slot(h - 1), addr: a, offset: UInt32(m.offset)))
                default: emit(.load(op, dst: slot(h - 1), addr: a, offset: UInt32(m.offset)))
                }
            }
        case .store(let op, let m):
            let a = src(h - 2), v = src(h - 1)
            try pop(2)
            if m.offset > UInt64(UInt32.max) {
                emit(.trap(.outOfBoundsMemoryAccess))
            } else {
                switch op {
                case .i32Store: emit(.i32Store(addr: a, value: v, offset: UInt32(m.offset)))
                case .i64Store: emit(.i64Store(addr: a, value: v, offset: UInt32(m.offset)))
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
            emit(.const32(dst: slot(h), UInt32(bitPattern: v))); push()
        case .i64Const(let v):
            emit(.const64(dst: slot(h), UInt64(bitPattern: v))); push()
        case .f32Const(let v):
            emit(.const32(dst: slot(h), v)); push()
        case .f64Const(let v):
            emit(.const64(dst: slot(h), v)); push()
        case .numeric(let op):
            if op.signature.operands.count == 1 {
                let s = src(h - 1)
                let d = slot(h - 1)
                switch op {
                // Reinterpretations are no-ops on 64-bit slots (32-bit values are kept zero-extended).
                case .i32ReinterpretF32, .f32ReinterpretI32, .i64ReinterpretF64, .f64ReinterpretI64: return
                case .i32Eqz: emit(.i32Eqz(dst: d, src: s))
                default: emit(.unary(op, dst: d, src: s))
                }
                setSource(h - 1, h - 1)
            } else {
                if op == .i32Add || op == .i32Sub, let imm = takeConst32(at: h - 1) {
                    let l = src(h - 2)
                    try pop()
                    setSource(h - 2, h - 2)
                    emit(.i32AddImm(dst: slot(h - 2), src: l, imm: op == .i32Add ? imm : 0 &- imm))
                    return
                }
                let l = src(h - 2), r = src(h - 1)
                try pop()
                let d = slot(h - 2)
                setSource(h - 2, h - 2)
                switch op {
                case .i32Add: emit(.i32Add(dst: d, lhs: l, rhs: r))
                case .i32Sub: emit(.i32Sub(dst: d, lhs: l, rhs: r))
                case .i32And: emit(.i32And(dst: d, lhs: l, rhs: r))
                case .i32LtS: emit(.i32LtS(dst: d, lhs: l, rhs: r))
                case .i32LtU: emit(.i32LtU(dst: d, lhs: l, rhs: r))
                case .i32Eq: emit(.i32Eq(dst: d, lhs: l, rhs: r))
                case .i32Ne: emit(.i32Ne(dst: d, lhs: l, rhs: r))
                case .i64Add: emit(.i64Add(dst: d, lhs: l, rhs: r))
                case .i64Sub: emit(.i64Sub(dst: d, lhs: l, rhs: r))
                case .i32Mul: emit(.i32Mul(dst: d, lhs: l, rhs: r))
                case .i32Or: emit(.i32Or(dst: d, lhs: l, rhs: r))
                case .i32Xor: emit(.i32Xor(dst: d, lhs: l, rhs: r))
                case .i32Shl: emit(.i32Shl(dst: d, lhs: l, rhs: r))
                case .i32ShrU: emit(.i32ShrU(dst: d, lhs: l, rhs: r))
                case .i32ShrS: emit(.i32ShrS(dst: d, lhs: l, rhs: r))
                case .i32GtS: emit(.i32GtS(dst: d, lhs: l, rhs: r))
                case .i32GtU: emit(.i32GtU(dst: d, lhs: l, rhs: r))
                case .i32LeS: emit(.i32LeS(dst: d, lhs: l, rhs: r))
                case .i32LeU: emit(.i32LeU(dst: d, lhs: l, rhs: r))
                case .i32GeS: emit(.i32GeS(dst: d, lhs: l, rhs: r))
                case .i32GeU: emit(.i32GeU(dst: d, lhs: l, rhs: r))
                case .i64Mul: emit(.i64Mul(dst: d, lhs: l, rhs: r))
                case .i64And: emit(.i64And(dst: d, lhs: l, rhs: r))
                case .i64Or: emit(.i64Or(dst: d, lhs: l, rhs: r))
                case .i64Xor: emit(.i64Xor(dst: d, lhs: l, rhs: r))
                case .i64Shl: emit(.i64Shl(dst: d, lhs: l, rhs: r))
                case .i64ShrU: emit(.i64ShrU(dst: d, lhs: l, rhs: r))
                case .i64Eq: emit(.i64Eq(dst: d, lhs: l, rhs: r))
                case .i64Ne: emit(.i64Ne(dst: d, lhs: l, rhs: r))
                case .i64LtS: emit(.i64LtS(dst: d, lhs: l, rhs: r))
                case .i64LtU: emit(.i64LtU(dst: d, lhs: l, rhs: r))
                case .i64GtS: emit(.i64GtS(dst: d, lhs: l, rhs: r))
                case .i64GtU: emit(.i64GtU(dst: d, lhs: l, rhs: r))
                default: emit(.binary(op, dst: d, lhs: l, rhs: r))
                }
            }
        }
    }
}
