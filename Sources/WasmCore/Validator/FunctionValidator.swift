/// The operand and control stacks of the spec's validation algorithm (core spec, appendix
/// "Validation Algorithm"). One instance is reused for every function body of a module, so the
/// stacks keep their capacity and checking an instruction allocates nothing. Non-copyable
/// because it owns its `OperandStack`.
struct FunctionValidator: ~Copyable {
    enum FrameKind: UInt8 { case function, block, loop, `if`, `else` }

    /// A control frame: the block's start and end types, the operand stack height at entry and
    /// whether the rest of the block is unreachable (its stack is then polymorphic).
    ///
    /// The start and end types are codes in `frameTypes` (plain data: pushing and popping a
    /// frame retains and releases nothing): `paramCount` codes from `typesStart`, then
    /// `resultCount` codes.
    struct ControlFrame {
        var kind: FrameKind
        var typesStart: Int
        var paramCount: Int
        var resultCount: Int
        var height: Int
        var unreachable: Bool

        var params: TypeRange { TypeRange(start: typesStart, count: paramCount) }
        var results: TypeRange { TypeRange(start: typesStart + paramCount, count: resultCount) }
        /// The types a branch to this frame's label carries: a loop's params, else its results.
        var labelTypes: TypeRange { kind == .loop ? params : results }
    }

    /// A range of `frameTypes`.
    struct TypeRange {
        var start: Int
        var count: Int
    }

    /// Operand types as `ValueType.byte` codes; `OperandCode.unknown` is the algorithm's
    /// `Unknown`, produced by popping a polymorphic stack. Bytes keep the hot path to byte compares.
    var operands = OperandStack()
    var frames: [ControlFrame] = []
    /// The start and end types of the open frames, innermost last, as operand codes.
    var frameTypes = OperandStack()
    /// Height and unreachable flag of the innermost frame, cached for the hot pop path.
    var height = 0
    var unreachable = false

    /// Parameter and local types; when the function declares very many locals only the
    /// parameters are here and the rest is found by binary search in `localRunEnds`.
    var localTypes: [ValueType] = []
    var localRunEnds: [UInt64] = []
    var localRunTypes: [ValueType] = []
    var localsExpanded = true
    var localCount: UInt64 = 0

    /// `NumericSignature.table`, held here so the hot path skips the lazy-global check.
    let numericSignatures = NumericSignature.table

    /// The position being checked, for error reporting.
    var functionIndex: UInt32 = 0
    var instructionIndex = 0
    var offsets: [Int] = []

    /// What the body does (see `BodyProfile`), gathered while it is checked.
    var profile = BodyProfile()
    /// Loops around the instruction being checked, and the weight of a local use there.
    var loopDepth = 0
    var useWeight = 1

    /// Locals are expanded into `localTypes` up to this many; beyond, a run-length table is used.
    static let expandedLocalLimit: UInt64 = 1 << 16

    // MARK: Function bodies

    /// Validates one function body of type `type` (function `functionIndex` of the index space).
    mutating func validate(_ body: FunctionBody, type: FuncType, functionIndex: UInt32, context: ModuleContext) throws(ValidationError) {
        try begin(locals: body.locals, type: type, functionIndex: functionIndex, context: context)
        try checkInstructions(of: body, context: context)
    }

    /// Checks the instructions of `body` once `begin` set up its frame and locals.
    mutating func checkInstructions(of body: FunctionBody, context: ModuleContext) throws(ValidationError) {
        self.offsets = body.offsets
        let instructions = body.instructions
        let lists = body.lists
        let checkFeatures = !context.features.isSuperset(of: .wasm2)
        var index = 0
        while index < instructions.count {
            instructionIndex = index
            if checkFeatures { try checkFeature(instructions[index], context.features) }
            let instruction = instructions[index]
            try step(instruction, context, lists: lists)
            // Only an `end` can close the function's frame.
            if case .end = instruction, frames.isEmpty {
                guard index == instructions.count - 1 else { throw error("operators remaining after end of function") }
                return
            }
            index += 1
        }
        instructionIndex = instructions.count
        throw error("unexpected end of section or function")
    }

    /// The profile of the body just checked, handed over (nil when its locals were too many to
    /// count one by one); the next body starts a fresh one.
    mutating func takeProfile() -> BodyProfile? {
        guard localsExpanded else { return nil }
        let taken = profile
        profile = BodyProfile()
        return taken
    }

    /// Enters (`by: 1`) or leaves (`by: -1`) a loop.
    @inline(__always)
    mutating func changeLoopDepth(by delta: Int) {
        loopDepth += delta
        useWeight = BodyProfile.useWeight(loopDepth: loopDepth)
    }

    /// Starts validating a body of type `type` with local declarations `locals`: the stacks hold
    /// the function's frame. `checkInstructions` then checks the body's instructions (`validate`,
    /// and `StreamingValidation` as soon as the decoder produced the body).
    mutating func begin(locals: [LocalDecl], type: FuncType, functionIndex: UInt32, context: ModuleContext) throws(ValidationError) {
        self.functionIndex = functionIndex
        self.offsets = []
        instructionIndex = 0
        operands.removeAll()
        frames.removeAll(keepingCapacity: true)
        frameTypes.removeAll()
        height = 0
        unreachable = false
        if !context.features.contains(.simd) {
            for decl in locals where decl.type == .v128 {
                throw ValidationError("SIMD support is not enabled", functionIndex: functionIndex)
            }
        }
        try setLocals(params: type.params, locals: locals)
        profile = BodyProfile()
        if localsExpanded { profile.localUses = [Int](repeating: 0, count: localTypes.count) }
        loopDepth = 0
        useWeight = 1
        for t in type.results { frameTypes.append(t.byte) }
        pushFrame(.function, typesStart: 0, paramCount: 0, resultCount: type.results.count)
    }

    // MARK: Errors

    /// A `ValidationError` at the instruction being checked.
    func error(_ message: String) -> ValidationError {
        let offset = instructionIndex < offsets.count ? offsets[instructionIndex] : nil
        return ValidationError(message, functionIndex: functionIndex, offset: offset)
    }

    var typeMismatch: ValidationError { error("type mismatch") }

    // MARK: Operand stack

    @inline(__always)
    mutating func push(_ type: ValueType) {
        operands.append(type.byte)
    }

    /// Pushes an operand code (possibly `OperandCode.unknown`).
    @inline(__always)
    mutating func push(code: UInt8) {
        operands.append(code)
    }

    @inline(__always)
    mutating func push(_ types: [ValueType]) {
        for t in types { operands.append(t.byte) }
    }

    /// Pops any operand's code; `OperandCode.unknown` when the stack is polymorphic.
    @inline(__always)
    mutating func pop() throws(ValidationError) -> UInt8 {
        if operands.count == height {
            if unreachable { return OperandCode.unknown }
            throw typeMismatch
        }
        return operands.removeLast()
    }

    /// Pops an operand that must have type `expected` (or be Unknown).
    @inline(__always)
    mutating func pop(_ expected: ValueType) throws(ValidationError) {
        try pop(code: expected.byte)
    }

    /// Pops an operand that must have the type with code `expected` (or be Unknown).
    @inline(__always)
    mutating func pop(code expected: UInt8) throws(ValidationError) {
        let actual = try pop()
        if actual != expected && actual != OperandCode.unknown { throw typeMismatch }
    }

    /// Pops operands matching `types` (the last type is on top).
    @inline(__always)
    mutating func pop(_ types: [ValueType]) throws(ValidationError) {
        var i = types.count
        while i > 0 {
            i -= 1
            try pop(types[i])
        }
    }

    /// Pushes the types of `range` (of `frameTypes`).
    @inline(__always)
    mutating func push(_ range: TypeRange) {
        var i = range.start
        while i < range.start + range.count {
            operands.append(frameTypes[i])
            i += 1
        }
    }

    /// Pops operands matching the types of `range` (of `frameTypes`; the last type is on top).
    @inline(__always)
    mutating func pop(_ range: TypeRange) throws(ValidationError) {
        var i = range.start + range.count
        while i > range.start {
            i -= 1
            try pop(code: frameTypes[i])
        }
    }

    /// Checks that the top operands match the types of `range` without popping them (the
    /// effect of popping and pushing back what was popped, as `br_table` does for each target).
    mutating func peek(_ range: TypeRange) throws(ValidationError) {
        var slot = operands.count
        var i = range.start + range.count
        while i > range.start {
            i -= 1
            if slot == height {
                if unreachable { return }
                throw typeMismatch
            }
            slot -= 1
            let actual = operands[slot]
            if actual != frameTypes[i] && actual != OperandCode.unknown { throw typeMismatch }
        }
    }

    // MARK: Control stack

    /// Pushes a frame whose types are the last `paramCount + resultCount` codes of
    /// `frameTypes`, from `typesStart`, and its params on the operand stack.
    mutating func pushFrame(_ kind: FrameKind, typesStart: Int, paramCount: Int, resultCount: Int) {
        let frame = ControlFrame(
            kind: kind, typesStart: typesStart, paramCount: paramCount, resultCount: resultCount,
            height: operands.count, unreachable: false)
        frames.append(frame)
        height = operands.count
        unreachable = false
        push(frame.params)
    }

    /// Pops the innermost frame after checking that the stack holds exactly its results. Its
    /// types stay in `frameTypes` (`.else` reuses them; `.end` drops them).
    mutating func popFrame() throws(ValidationError) -> ControlFrame {
        guard let frame = frames.last else { throw error("unexpected end") }
        try pop(frame.results)
        guard operands.count == frame.height else { throw typeMismatch }
        frames.removeLast()
        if let outer = frames.last {
            height = outer.height
            unreachable = outer.unreachable
        } else {
            height = 0
            unreachable = false
        }
        return frame
    }

    /// Marks the rest of the innermost block unreachable and drops its operands.
    @inline(__always)
    mutating func setUnreachable() {
        operands.removeLast(operands.count - height)
        unreachable = true
        if !frames.isEmpty { frames[frames.count - 1].unreachable = true }
    }

    /// The label types of the frame `depth` levels out (0 is the innermost).
    @inline(__always)
    func labelTypes(_ depth: UInt32) throws(ValidationError) -> TypeRange {
        guard UInt64(depth) < UInt64(frames.count) else { throw error("unknown label") }
        return frames[frames.count - 1 - Int(depth)].labelTypes
    }

    // MARK: Locals

    /// Sets up the locals of a function with parameters `params` and declarations `locals`.
    mutating func setLocals(params: [ValueType], locals: [LocalDecl]) throws(ValidationError) {
        localTypes.removeAll(keepingCapacity: true)
        localRunEnds.removeAll(keepingCapacity: true)
        localRunTypes.removeAll(keepingCapacity: true)
        localTypes.append(contentsOf: params)
        var total = UInt64(params.count)
        for decl in locals {
            total += UInt64(decl.count)
            // Checked per declaration so the sum can never overflow.
            guard total <= UInt64(UInt32.max) else { throw ValidationError("too many locals", functionIndex: functionIndex) }
        }
        localCount = total
        localsExpanded = total <= FunctionValidator.expandedLocalLimit
        if localsExpanded {
            for decl in locals {
                localTypes.append(contentsOf: repeatElement(decl.type, count: Int(decl.count)))
            }
        } else {
            var end = UInt64(params.count)
            for decl in locals where decl.count > 0 {
                end += UInt64(decl.count)
                localRunEnds.append(end)
                localRunTypes.append(decl.type)
            }
        }
    }

    /// The type of local `index`.
    @inline(__always)
    func local(_ index: UInt32) throws(ValidationError) -> ValueType {
        if Int(index) < localTypes.count { return localTypes[Int(index)] }
        guard !localsExpanded, UInt64(index) < localCount else { throw error("unknown local \(index)") }
        // First run whose end is past `index`.
        var low = 0, high = localRunEnds.count
        while low < high {
            let mid = (low + high) / 2
            if localRunEnds[mid] > UInt64(index) { high = mid } else { low = mid + 1 }
        }
        guard low < localRunTypes.count else { throw error("unknown local \(index)") }
        return localRunTypes[low]
    }
}

/// Operand stack codes: `ValueType.byte`, or `unknown`.
enum OperandCode {
    static let unknown: UInt8 = 0

    @inline(__always)
    static func isNumericOrVector(_ code: UInt8) -> Bool { code >= 0x7B && code <= 0x7F }

    @inline(__always)
    static func isReference(_ code: UInt8) -> Bool { code == 0x70 || code == 0x6F }
}
