/// The typing rule of every instruction (core spec §3.3), applied to the validator's stacks.
extension FunctionValidator {
    /// Appends the start and end types of a block type to `frameTypes`; returns where they start
    /// and how many there are of each.
    @inline(__always)
    mutating func appendSignature(
        _ blockType: BlockType, _ context: ModuleContext
    ) throws(ValidationError) -> (start: Int, params: Int, results: Int) {
        let start = frameTypes.count
        switch blockType {
        case .empty:
            return (start, 0, 0)
        case .value(let t):
            if t == .v128 && !context.features.contains(.simd) { throw error("SIMD support is not enabled") }
            frameTypes.append(t.byte)
            return (start, 0, 1)
        case .typeIndex(let index):
            guard let type = context.type(index) else { throw error("unknown type \(index)") }
            if !context.features.contains(.multiValue) && (!type.params.isEmpty || type.results.count > 1) {
                throw error("invalid result arity")
            }
            for t in type.params { frameTypes.append(t.byte) }
            for t in type.results { frameTypes.append(t.byte) }
            return (start, type.params.count, type.results.count)
        }
    }

    /// Opens a frame of `kind` for `blockType` (an `if`'s condition already popped).
    @inline(__always)
    private mutating func openBlock(_ kind: FrameKind, _ blockType: BlockType, _ context: ModuleContext, popsCondition: Bool) throws(ValidationError) {
        let sig = try appendSignature(blockType, context)
        if popsCondition { try pop(.i32) }
        try pop(TypeRange(start: sig.start, count: sig.params))
        pushFrame(kind, typesStart: sig.start, paramCount: sig.params, resultCount: sig.results)
    }

    /// Whether the types of two ranges of `frameTypes` are the same.
    private func sameTypes(_ a: TypeRange, _ b: TypeRange) -> Bool {
        guard a.count == b.count else { return false }
        for k in 0..<a.count where frameTypes[a.start + k] != frameTypes[b.start + k] { return false }
        return true
    }

    /// Applies the typing rule of `instruction` to the stacks; `lists` holds the variable-length
    /// immediates of its sequence.
    @inline(__always)
    mutating func step(_ instruction: Instruction, _ context: ModuleContext, lists: [UInt32]) throws(ValidationError) {
        switch instruction {
        // Control
        case .unreachable:
            setUnreachable()
        case .nop:
            break
        case .block(let blockType):
            try openBlock(.block, blockType, context, popsCondition: false)
        case .loop(let blockType):
            try openBlock(.loop, blockType, context, popsCondition: false)
            changeLoopDepth(by: 1)
        case .if(let blockType):
            try openBlock(.if, blockType, context, popsCondition: true)
            if case .typeIndex(let index) = blockType, let type = context.type(index), profile.ifParameterCount < 1 << 40 {
                profile.ifParameterCount += type.params.count
            }
        case .else:
            guard let frame = frames.last, frame.kind == .if else { throw error("else without matching if") }
            _ = try popFrame()
            pushFrame(.else, typesStart: frame.typesStart, paramCount: frame.paramCount, resultCount: frame.resultCount)
        case .end:
            let frame = try popFrame()
            if frame.kind == .if && !sameTypes(frame.params, frame.results) { throw typeMismatch }
            if frame.kind == .loop { changeLoopDepth(by: -1) }
            push(frame.results)
            frameTypes.removeLast(frameTypes.count - frame.typesStart)
        case .br(let depth):
            try pop(try labelTypes(depth))
            setUnreachable()
        case .brIf(let depth):
            let types = try labelTypes(depth)
            try pop(.i32)
            try pop(types)
            push(types)
        case .brTable(let targets, let defaultDepth):
            try pop(.i32)
            let defaultTypes = try labelTypes(defaultDepth)
            for target in targets.elements(in: lists) {
                let types = try labelTypes(target)
                guard types.count == defaultTypes.count else { throw typeMismatch }
                try peek(types)
            }
            try pop(defaultTypes)
            setUnreachable()
        case .return:
            guard let outermost = frames.first else { throw error("unexpected end") }
            try pop(outermost.results)
            setUnreachable()
        case .call(let function):
            guard let type = context.functionType(function) else { throw error("unknown function \(function)") }
            try pop(type.params)
            push(type.results)
            profile.callsFunctions = true
        case .callIndirect(let typeIndex, let tableIndex):
            guard let table = context.table(tableIndex) else { throw error("unknown table \(tableIndex)") }
            guard table.elementType == .funcref else { throw typeMismatch }
            guard let type = context.type(typeIndex) else { throw error("unknown type \(typeIndex)") }
            try pop(.i32)
            try pop(type.params)
            push(type.results)
            profile.callsFunctions = true

        // Reference
        case .refNull(let type):
            push(.ref(type))
        case .refIsNull:
            let t = try pop()
            if t != OperandCode.unknown && !OperandCode.isReference(t) { throw typeMismatch }
            push(.i32)
        case .refFunc(let function):
            guard context.functionType(function) != nil else { throw error("unknown function \(function)") }
            guard context.isDeclaredReference(function) else { throw error("undeclared function reference") }
            push(.funcref)

        // Parametric
        case .drop:
            _ = try pop()
        case .select:
            try pop(.i32)
            let t1 = try pop()
            let t2 = try pop()
            if t1 != OperandCode.unknown && !OperandCode.isNumericOrVector(t1) { throw typeMismatch }
            if t2 != OperandCode.unknown && !OperandCode.isNumericOrVector(t2) { throw typeMismatch }
            if t1 != t2 && t1 != OperandCode.unknown && t2 != OperandCode.unknown { throw typeMismatch }
            push(code: t1 != OperandCode.unknown ? t1 : t2)
        case .selectTyped(let types):
            guard types.count == 1, let t = types.valueTypes(in: lists).first else { throw error("invalid result arity") }
            if t == .v128 && !context.features.contains(.simd) { throw error("SIMD support is not enabled") }
            try pop(.i32)
            try pop(t)
            try pop(t)
            push(t)

        // Variable
        case .localGet(let index):
            push(try local(index))
            profile.addUse(index, weight: useWeight)
        case .localSet(let index):
            try pop(try local(index))
            profile.addUse(index, weight: useWeight)
        case .localTee(let index):
            let t = try local(index)
            try pop(t)
            push(t)
            profile.addUse(index, weight: useWeight)
        case .globalGet(let index):
            guard let global = context.global(index) else { throw error("unknown global \(index)") }
            push(global.valueType)
        case .globalSet(let index):
            guard let global = context.global(index) else { throw error("unknown global \(index)") }
            guard global.isMutable else { throw error("global is immutable") }
            try pop(global.valueType)

        // Table
        case .tableGet(let index):
            let table = try table(index, context)
            try pop(.i32)
            push(.ref(table.elementType))
        case .tableSet(let index):
            let table = try table(index, context)
            try pop(.ref(table.elementType))
            try pop(.i32)
        case .tableInit(let element, let index):
            let table = try table(index, context)
            let elementType = try elementSegment(element, context)
            guard elementType == table.elementType else { throw typeMismatch }
            try popI32s(3)
            profile.copiesOrInitializesTables = true
        case .elemDrop(let element):
            _ = try elementSegment(element, context)
        case .tableCopy(let destination, let source):
            let d = try table(destination, context)
            let s = try table(source, context)
            guard d.elementType == s.elementType else { throw typeMismatch }
            try popI32s(3)
            profile.copiesOrInitializesTables = true
        case .tableGrow(let index):
            let table = try table(index, context)
            try pop(.i32)
            try pop(.ref(table.elementType))
            push(.i32)
        case .tableSize(let index):
            _ = try table(index, context)
            push(.i32)
        case .tableFill(let index):
            let table = try table(index, context)
            try pop(.i32)
            try pop(.ref(table.elementType))
            try pop(.i32)

        // Memory
        case .load(let op, let memarg):
            try memory(memarg.memoryIndex, context)
            guard memarg.align <= op.naturalAlignment else { throw error("alignment must not be larger than natural") }
            try pop(.i32)
            push(op.resultType)
            profile.accessWidths |= 1 << op.byteWidth
        case .store(let op, let memarg):
            try memory(memarg.memoryIndex, context)
            guard memarg.align <= op.naturalAlignment else { throw error("alignment must not be larger than natural") }
            try pop(op.valueType)
            try pop(.i32)
            profile.accessWidths |= 1 << op.byteWidth
        case .memorySize(let index):
            try memory(index, context)
            push(.i32)
            profile.readsMemorySize = true
        case .memoryGrow(let index):
            try memory(index, context)
            try pop(.i32)
            push(.i32)
            profile.growsMemory = true
        case .memoryInit(let data, let index):
            try memory(index, context)
            guard context.hasDataSegment(data) else { throw error("unknown data segment \(data)") }
            try popI32s(3)
        case .dataDrop(let data):
            guard context.hasDataSegment(data) else { throw error("unknown data segment \(data)") }
        case .memoryCopy(let destination, let source):
            try memory(destination, context)
            try memory(source, context)
            try popI32s(3)
        case .memoryFill(let index):
            try memory(index, context)
            try popI32s(3)

        // Numeric
        case .i32Const:
            push(.i32)
        case .i64Const:
            push(.i64)
        case .f32Const:
            push(.f32)
        case .f64Const:
            push(.f64)
        case .numeric(let op):
            let sig = numericSignatures[Int(op.rawValue) & 0x1FF]
            if sig.arity == 2 { try pop(code: sig.second) }
            try pop(code: sig.first)
            push(code: sig.result)
        }
    }

    @inline(__always)
    private mutating func popI32s(_ count: Int) throws(ValidationError) {
        for _ in 0..<count { try pop(.i32) }
    }

    @inline(__always)
    private func table(_ index: UInt32, _ context: ModuleContext) throws(ValidationError) -> TableType {
        guard let table = context.table(index) else { throw error("unknown table \(index)") }
        return table
    }

    @inline(__always)
    private func memory(_ index: UInt32, _ context: ModuleContext) throws(ValidationError) {
        guard context.hasMemory(index) else { throw error("unknown memory \(index)") }
    }

    @inline(__always)
    private func elementSegment(_ index: UInt32, _ context: ModuleContext) throws(ValidationError) -> RefType {
        guard let type = context.elementType(index) else { throw error("unknown elem segment \(index)") }
        return type
    }
}
