import WasmCore

/// What a function body may refer to: the module's index spaces as the generator built them.
struct ModuleContext {
    var types: [FuncType] = []
    /// Signature of every function in the function index space.
    var functionTypes: [FuncType] = []
    var globals: [GlobalType] = []
    /// The global used as fuel by `ensureTermination`; generated code never writes it otherwise.
    var fuelGlobal: UInt32?
    /// Globals that collect dropped integers (`SmithConfig.sinkDroppedValues`); never written otherwise.
    var sinkGlobals: (i32: UInt32, i64: UInt32)?
    var tables: [TableType] = []
    var memory: MemoryType?
    var elementTypes: [RefType] = []
    var dataCount = 0
    /// Functions `ref.func` may name (declared outside function bodies).
    var declaredFunctions: [UInt32] = []
    /// Global indices by value type (`typeSlot`), and those generated code may write.
    var globalsByType: [[UInt32]] = Array(repeating: [], count: typeSlotCount)
    var settableGlobalsByType: [[UInt32]] = Array(repeating: [], count: typeSlotCount)
    /// The numeric operators the configuration enables, shared by every body of the module.
    var numeric = NumericCatalog(ops: [])

    /// Fills the per-type global lists from `globals` and `fuelGlobal`.
    mutating func indexGlobals() {
        for (i, g) in globals.enumerated() {
            let slot = typeSlot(g.valueType)
            globalsByType[slot].append(UInt32(i))
            let reserved = UInt32(i) == fuelGlobal || UInt32(i) == sinkGlobals?.i32 || UInt32(i) == sinkGlobals?.i64
            if g.isMutable && !reserved { settableGlobalsByType[slot].append(UInt32(i)) }
        }
    }
}

/// Number of distinct value types (`typeSlot`'s range).
let typeSlotCount = 7

/// A small dense index for a value type, for per-type lookup tables.
@inline(__always) func typeSlot(_ t: ValueType) -> Int {
    switch t {
    case .i32: return 0
    case .i64: return 1
    case .f32: return 2
    case .f64: return 3
    case .v128: return 4
    case .ref(.funcref): return 5
    case .ref(.externref): return 6
    }
}

/// One numeric operator with its signature (looked up once, not per use).
struct NumericEntry {
    var op: NumericOp
    var operands: [ValueType]
    var result: ValueType
}

/// The enabled numeric operators, and, cached by the top two operand types, those whose operands
/// are already on the stack (in the same order as `ops`, so choices do not depend on the cache).
final class NumericCatalog {
    let ops: [NumericEntry]
    private var byTop: [[NumericEntry]?] = Array(repeating: nil, count: 3 * typeSlotCount * typeSlotCount)

    init(ops: [NumericEntry]) { self.ops = ops }

    /// Operators whose operands are `available`'s top (at most two operands are ever needed).
    func matching(_ available: ArraySlice<ValueType>) -> [NumericEntry] {
        let n = Swift.min(available.count, 2)
        guard n > 0 else { return [] }
        let top = typeSlot(available[available.endIndex - 1])
        let second = n == 2 ? typeSlot(available[available.endIndex - 2]) : 0
        let key = (n * typeSlotCount + top) * typeSlotCount + second
        if let cached = byTop[key] { return cached }
        let list = ops.filter { e in
            e.operands.count <= n && available.suffix(e.operands.count).elementsEqual(e.operands)
        }
        byTop[key] = list
        return list
    }
}

/// A control frame of the body under construction (core spec §3.3.8 validation algorithm).
struct Frame {
    enum Kind { case function, block, loop, `if`, `else` }
    var kind: Kind
    var params: [ValueType]
    var results: [ValueType]
    /// Operand stack height below the frame's own operands.
    var height: Int

    /// The types a branch to this frame's label carries.
    var labelTypes: [ValueType] { kind == .loop ? params : results }
}

/// Builds one function body, tracking the operand stack and control frames so that every
/// instruction it picks is valid at that point (wasm-smith's `CodeBuilder`).
struct CodeBuilder {
    var u: Unstructured
    let config: SmithConfig
    let context: ModuleContext
    /// Index of this function in the function index space.
    let functionIndex: UInt32
    let type: FuncType
    /// Parameters and declared locals, in local index order (scratch locals are added lazily).
    private(set) var locals: [ValueType] = []
    /// Local indices by value type (`typeSlot`), ascending.
    private(set) var localsByType: [[UInt32]] = Array(repeating: [], count: typeSlotCount)
    var stack: [ValueType] = []
    var frames: [Frame] = []
    var code: [Instruction] = []
    /// The variable-length immediates of `code` (`FunctionBody.lists`).
    var lists: [UInt32] = []
    /// Scratch locals by `slot * typeSlotCount + typeSlot`.
    private var scratchLocals: [Int: UInt32] = [:]
    /// Value types the configuration allows.
    let valueTypes: [ValueType]
    /// Reused by `step()` for the candidate list.
    var choices: [Choice] = []
    /// Availability of the choices that depend only on the module, computed once.
    let staticChoices: StaticChoices
    /// Functions this one may call: all of them, or (when traps are disallowed, to rule out
    /// unbounded recursion) only those with a smaller index.
    let callableFunctions: [Int]
    /// Tables `call_indirect` may use.
    let funcrefTables: [Int]

    init(u: Unstructured, config: SmithConfig, context: ModuleContext, functionIndex: UInt32, type: FuncType) {
        self.u = u
        self.config = config
        self.context = context
        self.functionIndex = functionIndex
        self.type = type
        valueTypes = config.referenceTypes ? [.i32, .i64, .f32, .f64, .funcref, .externref] : [.i32, .i64, .f32, .f64]
        let all = context.functionTypes.indices
        callableFunctions = config.disallowTraps ? all.filter { $0 < Int(functionIndex) } : Array(all)
        funcrefTables = context.tables.indices.filter { t in
            (config.referenceTypes || t == 0) && context.tables[t].elementType == .funcref
        }
        staticChoices = StaticChoices(config: config, context: context, hasFuncrefTable: !funcrefTables.isEmpty)
        for t in type.params { addLocal(t) }
    }

    /// Appends a local of type `t`; returns its index.
    @discardableResult
    mutating func addLocal(_ t: ValueType) -> UInt32 {
        let index = UInt32(locals.count)
        locals.append(t)
        localsByType[typeSlot(t)].append(index)
        return index
    }

    /// Generates the body (locals and instructions, ending with the function's `end`).
    mutating func build() -> FunctionBody {
        let localCount = u.int(in: 0...max(0, min(config.maxLocals, 64)))
        for _ in 0..<localCount { addLocal(u.choose(valueTypes) ?? .i32) }
        frames = [Frame(kind: .function, params: [], results: type.results, height: 0)]
        emitFuelCheck()
        var budget = u.int(in: 0...max(0, min(config.maxInstructions, 100_000)))
        while budget > 0 && !u.isEmpty {
            budget -= 1
            step()
        }
        while frames.count > 1 { closeFrame() }
        fixStack(to: type.results)
        code.append(.end)
        return FunctionBody(locals: localDeclarations(), instructions: code, lists: lists)
    }

    private func localDeclarations() -> [LocalDecl] {
        var decls: [LocalDecl] = []
        for t in locals.dropFirst(type.params.count) {
            if let last = decls.last, last.type == t {
                decls[decls.count - 1].count += 1
            } else {
                decls.append(LocalDecl(count: 1, type: t))
            }
        }
        return decls
    }

    /// A local of type `t` reserved for guard sequences; `slot` distinguishes simultaneous uses.
    mutating func scratch(_ t: ValueType, _ slot: Int = 0) -> UInt32 {
        let key = slot * typeSlotCount + typeSlot(t)
        if let index = scratchLocals[key] { return index }
        let index = addLocal(t)
        scratchLocals[key] = index
        return index
    }

    // MARK: Operand stack model

    var frame: Frame { frames[frames.count - 1] }

    /// Operand stack height below the innermost frame's operands.
    var frameHeight: Int { frames[frames.count - 1].height }

    /// Operands available to the innermost frame.
    var available: ArraySlice<ValueType> { stack[frameHeight...] }

    /// Number of operands available to the innermost frame.
    var availableCount: Int { stack.count - frameHeight }

    /// Whether the innermost frame's topmost operands are `types` (`mutating`: see `isAvailable`).
    mutating func topMatches(_ types: [ValueType]) -> Bool {
        let n = types.count
        guard stack.count - frameHeight >= n else { return false }
        var i = stack.count - n
        for t in types {
            if stack[i] != t { return false }
            i += 1
        }
        return true
    }

    mutating func emit(_ inst: Instruction) { code.append(inst) }

    mutating func pop(_ n: Int) { stack.removeLast(min(n, stack.count - frameHeight)) }

    mutating func push(_ types: [ValueType]) { stack.append(contentsOf: types) }

    mutating func push(_ type: ValueType) { stack.append(type) }

    /// Makes sure `types` are on top of the stack, pushing fresh values when they are not.
    mutating func ensureTop(_ types: [ValueType]) {
        if !topMatches(types) {
            for t in types { produce(t) }
        }
    }

    /// Drops or produces operands until the innermost frame's operands are exactly `target`.
    /// When the topmost operands already have the target types they are kept (moved over the
    /// operands below through scratch locals): they are the most recent results, and a block's or
    /// function's results should depend on the computation, or a miscompiled operation goes unseen.
    mutating func fixStack(to target: [ValueType]) {
        let h = frameHeight
        if !target.isEmpty, stack.count - h > target.count, topMatches(target) {
            let slots = target.indices.map { scratch(target[$0], $0) }
            for s in slots.reversed() { emit(.localSet(s)) }
            stack.removeLast(target.count)
            while stack.count > h { dropTop() }
            for s in slots { emit(.localGet(s)) }
            push(target)
            return
        }
        var k = 0
        while k < target.count && h + k < stack.count && stack[h + k] == target[k] { k += 1 }
        while stack.count > h + k { dropTop() }
        for t in target[k...] { produce(t) }
    }

    /// Discards the top operand: integers are xor-ed into their sink global when the module has
    /// one (so the value still reaches the compared state), anything else is dropped.
    mutating func dropTop() {
        switch (stack.last, context.sinkGlobals) {
        case (.i32?, let sinks?):
            emit(.globalGet(sinks.i32)); emit(.numeric(.i32Xor)); emit(.globalSet(sinks.i32))
        case (.i64?, let sinks?):
            emit(.globalGet(sinks.i64)); emit(.numeric(.i64Xor)); emit(.globalSet(sinks.i64))
        default:
            emit(.drop)
        }
        stack.removeLast()
    }

    /// Pushes one value of type `t`: a constant, a local, a global or a reference.
    mutating func produce(_ t: ValueType) {
        let slot = typeSlot(t)
        let localCount = localsByType[slot].count
        let options = localCount + context.globalsByType[slot].count
        // A local (in index order) or a global, one time in three when there is one.
        if options > 0, u.ratio(1, 3) {
            let k = u.index(options)
            emit(k < localCount ? .localGet(localsByType[slot][k]) : .globalGet(context.globalsByType[slot][k - localCount]))
        } else {
            emit(constant(t))
        }
        stack.append(t)
    }

    /// A constant of type `t` (for references: `ref.null`, or `ref.func` of a declared function).
    mutating func constant(_ t: ValueType) -> Instruction {
        switch t {
        case .i32: return .i32Const(u.i32Value())
        case .i64: return .i64Const(u.i64Value())
        case .f32: return .f32Const(u.f32Bits())
        case .f64: return .f64Const(u.f64Bits())
        case .ref(.funcref):
            if u.bool(), let f = u.choose(context.declaredFunctions) { return .refFunc(f) }
            return .refNull(.funcref)
        case .ref(let r): return .refNull(r)
        case .v128: return .i32Const(0)
        }
    }

    /// A deterministic default value of type `t`, for guard sequences.
    static func zero(_ t: ValueType) -> Instruction {
        switch t {
        case .i32, .v128: return .i32Const(0)
        case .i64: return .i64Const(0)
        case .f32: return .f32Const(0)
        case .f64: return .f64Const(0)
        case .ref(let r): return .refNull(r)
        }
    }

    // MARK: Termination

    /// At function entry and loop headers: stop (trap, or return if traps are disallowed) once
    /// the fuel global reaches zero, else decrement it.
    mutating func emitFuelCheck() {
        guard config.ensureTermination, let fuel = context.fuelGlobal else { return }
        emit(.globalGet(fuel))
        emit(.numeric(.i32Eqz))
        emit(.if(.empty))
        if config.disallowTraps {
            for t in type.results { emit(Self.zero(t)) }
            emit(.return)
        } else {
            emit(.unreachable)
        }
        emit(.end)
        emit(.globalGet(fuel))
        emit(.i32Const(1))
        emit(.numeric(.i32Sub))
        emit(.globalSet(fuel))
    }
}
