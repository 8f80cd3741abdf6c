import WasmCore

/// What a function body may refer to: the module's index spaces as the generator built them.
struct ModuleContext {
    var types: [FuncType] = []
    /// Signature of every function in the function index space.
    var functionTypes: [FuncType] = []
    var globals: [GlobalType] = []
    /// The global used as fuel by `ensureTermination`; generated code never writes it otherwise.
    var fuelGlobal: UInt32?
    var tables: [TableType] = []
    var memory: MemoryType?
    var elementTypes: [RefType] = []
    var dataCount = 0
    /// Functions `ref.func` may name (declared outside function bodies).
    var declaredFunctions: [UInt32] = []
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
final class CodeBuilder {
    var u: Unstructured
    let config: SmithConfig
    let context: ModuleContext
    /// Index of this function in the function index space.
    let functionIndex: UInt32
    let type: FuncType
    /// Parameters and declared locals, in local index order (scratch locals are added lazily).
    var locals: [ValueType]
    var stack: [ValueType] = []
    var frames: [Frame] = []
    var code: [Instruction] = []
    private var scratchLocals: [String: UInt32] = [:]
    /// The numeric opcodes the configuration enables, computed once.
    let numericOps: [(op: NumericOp, operands: [ValueType], result: ValueType)]

    init(u: Unstructured, config: SmithConfig, context: ModuleContext, functionIndex: UInt32, type: FuncType) {
        self.u = u
        self.config = config
        self.context = context
        self.functionIndex = functionIndex
        self.type = type
        self.locals = type.params
        self.numericOps = CodeBuilder.enabledNumericOps(config)
    }

    /// Value types the configuration allows.
    var valueTypes: [ValueType] {
        config.referenceTypes ? [.i32, .i64, .f32, .f64, .funcref, .externref] : [.i32, .i64, .f32, .f64]
    }

    /// Generates the body (locals and instructions, ending with the function's `end`).
    func build() -> FunctionBody {
        let localCount = u.int(in: 0...max(0, min(config.maxLocals, 64)))
        for _ in 0..<localCount { locals.append(u.choose(valueTypes) ?? .i32) }
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
        return FunctionBody(locals: localDeclarations(), instructions: code)
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
    func scratch(_ t: ValueType, _ slot: Int = 0) -> UInt32 {
        let key = "\(t)#\(slot)"
        if let index = scratchLocals[key] { return index }
        let index = UInt32(locals.count)
        locals.append(t)
        scratchLocals[key] = index
        return index
    }

    // MARK: Operand stack model

    var frame: Frame { frames[frames.count - 1] }

    /// Operands available to the innermost frame.
    var available: ArraySlice<ValueType> { stack[frame.height...] }

    func topMatches(_ types: [ValueType]) -> Bool {
        let avail = available
        return avail.count >= types.count && avail.suffix(types.count).elementsEqual(types)
    }

    func emit(_ inst: Instruction) { code.append(inst) }

    func pop(_ n: Int) { stack.removeLast(min(n, stack.count - frame.height)) }

    func push(_ types: [ValueType]) { stack.append(contentsOf: types) }

    /// Makes sure `types` are on top of the stack, pushing fresh values when they are not.
    func ensureTop(_ types: [ValueType]) {
        if !topMatches(types) {
            for t in types { produce(t) }
        }
    }

    /// Drops or produces operands until the innermost frame's operands are exactly `target`.
    func fixStack(to target: [ValueType]) {
        let h = frame.height
        var k = 0
        while k < target.count && h + k < stack.count && stack[h + k] == target[k] { k += 1 }
        while stack.count > h + k {
            emit(.drop)
            stack.removeLast()
        }
        for t in target[k...] { produce(t) }
    }

    /// Pushes one value of type `t`: a constant, a local, a global or a reference.
    func produce(_ t: ValueType) {
        var options: [Instruction] = []
        for (i, l) in locals.enumerated() where l == t { options.append(.localGet(UInt32(i))) }
        for (i, g) in context.globals.enumerated() where g.valueType == t { options.append(.globalGet(UInt32(i))) }
        if !options.isEmpty, u.ratio(1, 3), let pick = u.choose(options) {
            emit(pick)
        } else {
            emit(constant(t))
        }
        stack.append(t)
    }

    /// A constant of type `t` (for references: `ref.null`, or `ref.func` of a declared function).
    func constant(_ t: ValueType) -> Instruction {
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
    func emitFuelCheck() {
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
