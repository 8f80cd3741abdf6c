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
    private var sources: [Int32] = []
    private var targets: [PC] = []
    private var ctls: [Control] = []
    private var height = 0
    private var maxHeight = 0
    private var currentSource: Int32 = 0

    init(module: ModuleDefinition, engine: EngineShared) {
        self.module = module
        self.engine = engine
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
        sources.append(currentSource)
    }

    private mutating func push(_ n: Int = 1) {
        height += n
        if height > maxHeight { maxHeight = height }
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
        sources.append(currentSource)
        return CompiledFunction(
            functionIndex: functionIndex, paramCount: type.params.count, resultCount: type.results.count,
            localCount: locals, frameSize: max(maxHeight, type.results.count) + 1,
            code: ops, tableTargets: targets, sourceIndex: sources)
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
            let (p, r) = try blockSignature(bt)
            var c = Control(kind: .block, base: h - p, params: p, results: r)
            if case .loop = ins {
                c.kind = .loop
                c.loopPC = ops.count
                if engine.epochInterruption { emit(.epochCheck) }
            }
            ctls.append(c)
        case .if(let bt):
            let (p, r) = try blockSignature(bt)
            try pop()
            var c = Control(kind: .if, base: h - 1 - p, params: p, results: r)
            c.elseFixup = ops.count
            emit(.brIfNot(cond: slot(h - 1), 0))
            ctls.append(c)
        case .else:
            guard var c = ctls.popLast(), c.kind == .if else { throw LoweringError(message: "else without if") }
            if !c.unreachable {
                c.fixups.append(ops.count)
                emit(.br(0))
            }
            if let e = c.elseFixup { patch(e, to: ops.count) }
            c.elseFixup = nil
            c.kind = .else
            c.unreachable = false
            height = c.base + c.params
            ctls.append(c)
        case .end:
            guard let c = ctls.popLast() else { throw LoweringError(message: "unexpected end") }
            height = c.base + c.results
            if c.kind == .function {
                emitCopies(from: c.base, to: 0, count: c.results)
                emit(.ret)
                return
            }
            if let e = c.elseFixup { patch(e, to: ops.count) }
            for f in c.fixups { patch(f, to: ops.count) }
            if height > maxHeight { maxHeight = height }
        case .br(let d):
            try emitBranch(depth: Int(d), from: h)
            markUnreachable()
        case .brIf(let d):
            try pop()
            let from = h - 1
            let depth = Int(d)
            if branchIsSimple(depth: depth, from: from) {
                let ci = ctls.count - 1 - depth
                if ctls[ci].kind == .loop {
                    emit(.brIf(cond: slot(from), PC(ctls[ci].loopPC)))
                } else {
                    ctls[ci].fixups.append(ops.count)
                    emit(.brIf(cond: slot(from), 0))
                }
            } else {
                let skip = ops.count
                emit(.brIfNot(cond: slot(from), 0))
                try emitBranch(depth: depth, from: from)
                patch(skip, to: ops.count)
            }
        case .brTable(let labels, let def):
            try pop()
            let from = h - 1
            let all = labels + [def]
            let start = targets.count
            emit(.brTable(index: slot(from), start: UInt32(start), count: UInt32(labels.count)))
            targets.append(contentsOf: repeatElement(0, count: all.count))
            for (k, d) in all.enumerated() {
                targets[start + k] = PC(ops.count)
                try emitBranch(depth: Int(d), from: from)
            }
            markUnreachable()
        case .return:
            try emitBranch(depth: ctls.count - 1, from: h)
            markUnreachable()
        case .call(let f):
            guard let t = module.functionType(at: f) else { throw LoweringError(message: "unknown function \(f)") }
            try pop(t.params.count)
            let imported = module.importedFunctions.count
            if Int(f) >= imported {
                emit(.callDefined(function: f - UInt32(imported), argBase: slot(height)))
            } else {
                emit(.callAny(function: f, argBase: slot(height)))
            }
            push(t.results.count)
        case .callIndirect(let ti, let table):
            guard Int(ti) < module.types.count else { throw LoweringError(message: "unknown type \(ti)") }
            let t = module.types[Int(ti)]
            try pop()
            let idx = height
            try pop(t.params.count)
            emit(.callIndirect(typeIndex: ti, table: table, index: slot(idx), argBase: slot(height)))
            push(t.results.count)
        case .refNull:
            emit(.const64(dst: slot(h), 0)); push()
        case .refIsNull:
            emit(.refIsNull(dst: slot(h - 1), src: slot(h - 1)))
        case .refFunc(let f):
            emit(.refFunc(dst: slot(h), function: f)); push()
        case .drop:
            try pop()
        case .select, .selectTyped:
            try pop(2)
            emit(.select(dst: slot(h - 3), other: slot(h - 2), cond: slot(h - 1)))
        case .localGet(let x):
            emit(.copy(dst: slot(h), src: x)); push()
        case .localSet(let x):
            try pop()
            emit(.copy(dst: x, src: slot(h - 1)))
        case .localTee(let x):
            emit(.copy(dst: x, src: slot(h - 1)))
        case .globalGet(let x):
            emit(.globalGet(dst: slot(h), index: x)); push()
        case .globalSet(let x):
            try pop()
            emit(.globalSet(src: slot(h - 1), index: x))
        case .tableGet(let t):
            emit(.tableGet(table: t, dst: slot(h - 1)))
        case .tableSet(let t):
            try pop(2)
            emit(.tableSet(table: t, base: slot(h - 2)))
        case .tableInit(let e, let t):
            try pop(3)
            emit(.tableInit(element: e, table: t, base: slot(h - 3)))
        case .elemDrop(let e):
            emit(.elemDrop(e))
        case .tableCopy(let d, let s):
            try pop(3)
            emit(.tableCopy(dst: d, src: s, base: slot(h - 3)))
        case .tableGrow(let t):
            try pop()
            emit(.tableGrow(table: t, base: slot(h - 2)))
        case .tableSize(let t):
            emit(.tableSize(table: t, dst: slot(h))); push()
        case .tableFill(let t):
            try pop(3)
            emit(.tableFill(table: t, base: slot(h - 3)))
        case .load(let op, let m):
            if m.offset > UInt64(UInt32.max) {
                emit(.trap(.outOfBoundsMemoryAccess))
            } else {
                emit(.load(op, dst: slot(h - 1), addr: slot(h - 1), offset: UInt32(m.offset)))
            }
        case .store(let op, let m):
            try pop(2)
            if m.offset > UInt64(UInt32.max) {
                emit(.trap(.outOfBoundsMemoryAccess))
            } else {
                emit(.store(op, addr: slot(h - 2), value: slot(h - 1), offset: UInt32(m.offset)))
            }
        case .memorySize:
            emit(.memorySize(dst: slot(h))); push()
        case .memoryGrow:
            emit(.memoryGrow(dst: slot(h - 1)))
        case .memoryInit(let d, _):
            try pop(3)
            emit(.memoryInit(data: d, base: slot(h - 3)))
        case .dataDrop(let d):
            emit(.dataDrop(d))
        case .memoryCopy:
            try pop(3)
            emit(.memoryCopy(base: slot(h - 3)))
        case .memoryFill:
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
                switch op {
                case .i32Eqz: emit(.i32Eqz(dst: slot(h - 1), src: slot(h - 1)))
                // Reinterpretations are no-ops on 64-bit slots (32-bit values are kept zero-extended).
                case .i32ReinterpretF32, .f32ReinterpretI32, .i64ReinterpretF64, .f64ReinterpretI64: break
                default: emit(.unary(op, dst: slot(h - 1), src: slot(h - 1)))
                }
            } else {
                try pop()
                let d = slot(h - 2), l = slot(h - 2), r = slot(h - 1)
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
                default: emit(.binary(op, dst: d, lhs: l, rhs: r))
                }
            }
        }
    }
}
