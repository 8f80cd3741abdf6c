/// Decoding of instructions (core spec §5.4) into `Instruction` values, iteratively (a control
/// stack of block kinds, no recursion), so deeply nested input cannot exhaust the call stack.

/// A decoded instruction sequence (a function body or a constant expression).
struct DecodedExpression {
    /// The instructions, including the `end` that closes the sequence.
    var instructions: [Instruction] = []
    /// The absolute byte offset of each instruction's opcode.
    var offsets: [Int] = []
    /// The variable-length immediates of the instructions (see `Instruction`).
    var lists: [UInt32] = []
    /// Whether `memory.init` or `data.drop` occurs (these need a data count section).
    var usesDataIndices = false
}

/// Sees each function body while the decoder reads it, while it is still in cache (streaming
/// validation, `StreamingValidation`). Plain decoding uses `NoBodyVisitor`.
///
/// A validating visitor gets each instruction as soon as it is decoded
/// (`StreamingValidation.visit`), from the decoder's case for its opcode: inlined there, the
/// instruction's kind is known where the validator switches on it, so the compiler drops that
/// second switch and the typing rule runs inside the decoder's case. One unpredictable jump
/// per instruction instead of two (a separate validation loop over the decoded body paid a
/// mispredicted jump per instruction, about as much as the check itself). The decoder calls
/// the concrete `StreamingValidation` through a pointer rather than through this protocol: a
/// call through the protocol reached a witness thunk the compiler did not inline.
protocol FunctionBodyVisitor: ~Copyable {
    /// The code section starts; `module` holds every section decoded before it.
    mutating func codeSectionStarts(_ module: ModuleDefinition)
    /// Body `index` (counting defined functions only) starts; its locals were just read.
    mutating func bodyStarts(_ index: Int, locals: [LocalDecl])
    /// Runs `read` (which decodes the current body's instructions) with the validation to hand
    /// each instruction to, or nil.
    mutating func decodingInstructions<Result>(
        _ read: (UnsafeMutablePointer<StreamingValidation>?) throws(DecodeError) -> Result
    ) throws(DecodeError) -> Result
    /// The current body was decoded, up to its final `end`, into `body` (which the visitor may
    /// annotate: `FunctionBody.profile`).
    mutating func bodyEnds(_ body: inout FunctionBody)
}

/// The visitor of plain decoding: does nothing (and compiles to nothing).
struct NoBodyVisitor: FunctionBodyVisitor {
    @inline(__always) mutating func codeSectionStarts(_ module: ModuleDefinition) {}
    @inline(__always) mutating func bodyStarts(_ index: Int, locals: [LocalDecl]) {}
    @inline(__always) mutating func decodingInstructions<Result>(
        _ read: (UnsafeMutablePointer<StreamingValidation>?) throws(DecodeError) -> Result
    ) throws(DecodeError) -> Result {
        try read(nil)
    }
    @inline(__always) mutating func bodyEnds(_ body: inout FunctionBody) {}
}

extension BinaryReader {
    /// Reads instructions up to and including the `end` that closes the outermost block.
    /// `else` must belong to an `if` that has not had one ("END opcode expected" otherwise).
    /// `byteCount` (the body size, when known) sizes the arrays up front: every instruction
    /// takes at least one byte, and most take about two.
    /// Each instruction goes to `validation` (if any) as soon as it is decoded.
    mutating func readExpression(
        features: Features, byteCount: Int = 0, validation: UnsafeMutablePointer<StreamingValidation>? = nil
    ) throws(DecodeError) -> DecodedExpression {
        var result = DecodedExpression()
        let expected = Swift.min(Swift.max(byteCount, 0), remaining) / 2 + 1
        result.instructions.reserveCapacity(expected)
        result.offsets.reserveCapacity(expected)
        // Open blocks inside the sequence: 0 = block/loop, 1 = if, 2 = if after its else.
        var open: [UInt8] = []
        while true {
            if try readInstruction(features: features, into: &result, open: &open, validation: validation) { return result }
        }
    }

    /// Appends `instruction` (read from `start`) to `result`, tracks the open blocks, and hands
    /// it to `validation`. Returns whether it is the `end` closing the expression. Inlined into
    /// every case of `readInstruction` with a constant instruction kind, so its switches fold.
    @inline(__always)
    private mutating func record(
        _ instruction: Instruction, _ start: Int, _ result: inout DecodedExpression, _ open: inout [UInt8],
        _ validation: UnsafeMutablePointer<StreamingValidation>?
    ) throws(DecodeError) -> Bool {
        var closesExpression = false
        switch instruction {
        case .block, .loop: open.append(0)
        case .if: open.append(1)
        case .else:
            guard open.last == 1 else { throw error("END opcode expected", at: start) }
            open[open.count - 1] = 2
        case .end:
            if open.isEmpty { closesExpression = true } else { open.removeLast() }
        case .memoryInit, .dataDrop: result.usesDataIndices = true
        default: break
        }
        result.instructions.append(instruction)
        result.offsets.append(start)
        // The one unsafe step: `validation` points to the caller's visitor for the whole
        // expression (`FunctionBodyVisitor.decodingInstructions`).
        if let validation { validation.pointee.visit(instruction, at: start, lists: result.lists) }
        return closesExpression
    }

    /// Reads a constant expression (§5.4.9): an instruction sequence up to its `end`, which is
    /// not stored. Constness is checked by the validator.
    mutating func readConstExpr(features: Features) throws(DecodeError) -> ConstExpr {
        var expression = try readExpression(features: features)
        expression.instructions.removeLast()
        return ConstExpr(expression.instructions, lists: expression.lists)
    }

    /// Reads one instruction as if inside an `if` block (so `else` and `end` read as plain
    /// instructions), its variable-length immediates appended to `lists`: the opcode table on
    /// its own, for tests.
    mutating func readInstruction(features: Features, lists: inout [UInt32]) throws(DecodeError) -> Instruction {
        var result = DecodedExpression(lists: lists)
        var open: [UInt8] = [1]
        _ = try readInstruction(features: features, into: &result, open: &open, validation: nil)
        lists = result.lists
        guard let instruction = result.instructions.last else { throw error("no instruction read") }
        return instruction
    }

    /// Reads one instruction with its immediates (variable-length ones are appended to
    /// `result.lists`) and `record`s it. Inlined into `readExpression`'s loop.
    @inline(__always)
    private mutating func readInstruction(
        features: Features, into result: inout DecodedExpression, open: inout [UInt8],
        validation: UnsafeMutablePointer<StreamingValidation>?
    ) throws(DecodeError) -> Bool {
        let start = position
        let opcode = try readByte()
        switch opcode {
        case 0x00: return try record(.unreachable, start, &result, &open, validation)
        case 0x01: return try record(.nop, start, &result, &open, validation)
        case 0x02: return try record(.block(try readBlockType()), start, &result, &open, validation)
        case 0x03: return try record(.loop(try readBlockType()), start, &result, &open, validation)
        case 0x04: return try record(.if(try readBlockType()), start, &result, &open, validation)
        case 0x05: return try record(.else, start, &result, &open, validation)
        case 0x0B: return try record(.end, start, &result, &open, validation)
        case 0x0C: return try record(.br(try readU32()), start, &result, &open, validation)
        case 0x0D: return try record(.brIf(try readU32()), start, &result, &open, validation)
        case 0x0E:
            let targets = try readList(into: &result.lists) { (r: inout BinaryReader) throws(DecodeError) in try r.readU32() }
            return try record(.brTable(targets: targets, default: try readU32()), start, &result, &open, validation)
        case 0x0F: return try record(.return, start, &result, &open, validation)
        case 0x10: return try record(.call(try readU32()), start, &result, &open, validation)
        case 0x11:
            let typeIndex = try readU32()
            let tableIndex: UInt32
            if features.contains(.referenceTypes) {
                tableIndex = try readU32()
            } else {
                try readZeroByte()
                tableIndex = 0
            }
            return try record(.callIndirect(typeIndex: typeIndex, tableIndex: tableIndex), start, &result, &open, validation)
        case 0x1A: return try record(.drop, start, &result, &open, validation)
        case 0x1B: return try record(.select, start, &result, &open, validation)
        case 0x1C:
            let types = try readList(into: &result.lists) { (r: inout BinaryReader) throws(DecodeError) in
                UInt32(try r.readValueType().byte)
            }
            return try record(.selectTyped(types), start, &result, &open, validation)
        case 0x20: return try record(.localGet(try readU32()), start, &result, &open, validation)
        case 0x21: return try record(.localSet(try readU32()), start, &result, &open, validation)
        case 0x22: return try record(.localTee(try readU32()), start, &result, &open, validation)
        case 0x23: return try record(.globalGet(try readU32()), start, &result, &open, validation)
        case 0x24: return try record(.globalSet(try readU32()), start, &result, &open, validation)
        case 0x25: return try record(.tableGet(try readU32()), start, &result, &open, validation)
        case 0x26: return try record(.tableSet(try readU32()), start, &result, &open, validation)
        case 0x28...0x35:
            guard let op = LoadOp(rawValue: opcode) else { break }
            return try record(.load(op, try readMemArg()), start, &result, &open, validation)
        case 0x36...0x3E:
            guard let op = StoreOp(rawValue: opcode) else { break }
            return try record(.store(op, try readMemArg()), start, &result, &open, validation)
        case 0x3F:
            try readZeroByte()
            return try record(.memorySize(memoryIndex: 0), start, &result, &open, validation)
        case 0x40:
            try readZeroByte()
            return try record(.memoryGrow(memoryIndex: 0), start, &result, &open, validation)
        case 0x41: return try record(.i32Const(try readS32()), start, &result, &open, validation)
        case 0x42: return try record(.i64Const(try readS64()), start, &result, &open, validation)
        case 0x43: return try record(.f32Const(try readF32Bits()), start, &result, &open, validation)
        case 0x44: return try record(.f64Const(try readF64Bits()), start, &result, &open, validation)
        case 0x45...0xC4:
            // Every single-byte numeric opcode: one range of the opcode jump table.
            if let op = NumericOp.decoding(UInt16(opcode)) { return try record(.numeric(op), start, &result, &open, validation) }
        case 0xD0: return try record(.refNull(try readRefType()), start, &result, &open, validation)
        case 0xD1: return try record(.refIsNull, start, &result, &open, validation)
        case 0xD2: return try record(.refFunc(try readU32()), start, &result, &open, validation)
        case 0xFC: return try readPrefixedFC(start: start, into: &result, open: &open, validation: validation)
        case 0xFD: throw error(Self.simdUnsupported, at: start)
        default:
            if let op = NumericOp.decoding(UInt16(opcode)) { return try record(.numeric(op), start, &result, &open, validation) }
        }
        throw error("illegal opcode 0x\(String(opcode, radix: 16))", at: start)
    }

    /// `0xFC`-prefixed instructions: saturating truncations, bulk memory and table operations
    /// (read and recorded as `readInstruction` does).
    private mutating func readPrefixedFC(
        start: Int, into result: inout DecodedExpression, open: inout [UInt8],
        validation: UnsafeMutablePointer<StreamingValidation>?
    ) throws(DecodeError) -> Bool {
        let sub = try readU32()
        switch sub {
        case 0...7:
            if let op = NumericOp.decoding(0x100 + UInt16(sub)) { return try record(.numeric(op), start, &result, &open, validation) }
        case 8:
            let dataIndex = try readU32()
            try readZeroByte()
            return try record(.memoryInit(dataIndex: dataIndex, memoryIndex: 0), start, &result, &open, validation)
        case 9: return try record(.dataDrop(try readU32()), start, &result, &open, validation)
        case 10:
            try readZeroByte()
            try readZeroByte()
            return try record(.memoryCopy(destination: 0, source: 0), start, &result, &open, validation)
        case 11:
            try readZeroByte()
            return try record(.memoryFill(memoryIndex: 0), start, &result, &open, validation)
        case 12:
            let elementIndex = try readU32()
            return try record(.tableInit(elementIndex: elementIndex, tableIndex: try readU32()), start, &result, &open, validation)
        case 13: return try record(.elemDrop(try readU32()), start, &result, &open, validation)
        case 14:
            let destination = try readU32()
            return try record(.tableCopy(destination: destination, source: try readU32()), start, &result, &open, validation)
        case 15: return try record(.tableGrow(try readU32()), start, &result, &open, validation)
        case 16: return try record(.tableSize(try readU32()), start, &result, &open, validation)
        case 17: return try record(.tableFill(try readU32()), start, &result, &open, validation)
        default: break
        }
        throw error("illegal opcode 0xfc \(sub)", at: start)
    }

    /// Reads a vector (as `readVector` does) into the end of `lists`; returns its range there.
    /// `lists` holds at most one element per input byte, so its count fits a `UInt32` for any
    /// input under 4 GiB ("too many immediates" otherwise).
    @inline(never)
    private mutating func readList(
        into lists: inout [UInt32], _ item: (inout BinaryReader) throws(DecodeError) -> UInt32
    ) throws(DecodeError) -> ImmediateList {
        let lengthStart = position
        let count = try readLength()
        guard let start = UInt32(exactly: lists.count), let end = UInt32(exactly: lists.count + count) else {
            throw error("too many immediates", at: lengthStart)
        }
        for _ in 0..<count { lists.append(try item(&self)) }
        return ImmediateList(start: start, count: end - start)
    }

    /// `align offset`; an alignment exponent of 32 or more is "malformed memop flags".
    private mutating func readMemArg() throws(DecodeError) -> MemArg {
        let start = position
        let align = try readU32()
        guard align < 32 else { throw error("malformed memop flags", at: start) }
        return MemArg(align: align, offset: UInt64(try readU32()))
    }
}
