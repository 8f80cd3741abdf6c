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

/// The blocks open in an instruction sequence being decoded, and what else the decoder notes
/// on the way.
struct OpenBlocks {
    /// Innermost last: 0 = block or loop, 1 = if, 2 = if after its else.
    var open: [UInt8] = []
    /// The `end` closing the sequence was read.
    var closed = false
    /// `memory.init` or `data.drop` was read.
    var usesDataIndices = false
    /// `NumericOp.byRawValue`, read once per sequence: reading the lazy global for every numeric
    /// instruction cost a `swift_once` call each (about 2% of decoding and validation).
    let numericOps = NumericOp.byRawValue

    /// The numeric op with raw value `raw`, if any (as `NumericOp.decoding`).
    @inline(__always)
    func numericOp(_ raw: UInt16) -> NumericOp? {
        Int(raw) < numericOps.count ? numericOps[Int(raw)] : nil
    }
}

/// Sees each function body right after the decoder read it, while it is still in cache
/// (streaming validation, `StreamingValidation`). Plain decoding uses `NoBodyVisitor`.
///
/// A body is handed over whole, not one instruction at a time: the decoder's loop then stays
/// concrete (a call through the protocol per instruction cost more than the check itself), and
/// the visitor runs its own concrete loop over the body.
protocol FunctionBodyVisitor: ~Copyable {
    /// The code section starts; `module` holds every section decoded before it.
    mutating func codeSectionStarts(_ module: ModuleDefinition)
    /// Body `index` (counting defined functions only) starts; its locals were just read.
    mutating func bodyStarts(_ index: Int, locals: [LocalDecl])
    /// The current body was decoded, up to its final `end`, into `body` (which the visitor may
    /// annotate: `FunctionBody.profile`).
    mutating func bodyEnds(_ body: inout FunctionBody)
}

/// The visitor of plain decoding: does nothing (and compiles to nothing).
struct NoBodyVisitor: FunctionBodyVisitor {
    @inline(__always) mutating func codeSectionStarts(_ module: ModuleDefinition) {}
    @inline(__always) mutating func bodyStarts(_ index: Int, locals: [LocalDecl]) {}
    @inline(__always) mutating func bodyEnds(_ body: inout FunctionBody) {}
}

extension BinaryReader {
    /// Reads instructions up to and including the `end` that closes the outermost block.
    /// `else` must belong to an `if` that has not had one ("END opcode expected" otherwise).
    /// `byteCount` (the body size, when known) sizes the arrays up front: every instruction
    /// takes at least one byte, and most take about two.
    mutating func readExpression(features: Features, byteCount: Int = 0) throws(DecodeError) -> DecodedExpression {
        var result = DecodedExpression()
        let expected = Swift.min(Swift.max(byteCount, 0), remaining) / 2 + 1
        result.instructions.reserveCapacity(expected)
        result.offsets.reserveCapacity(expected)
        var blocks = OpenBlocks()
        while true {
            let start = position
            let instruction = try readInstruction(features: features, lists: &result.lists, blocks: &blocks)
            result.instructions.append(instruction)
            result.offsets.append(start)
            if blocks.closed {
                result.usesDataIndices = blocks.usesDataIndices
                return result
            }
        }
    }

    /// Reads a constant expression (§5.4.9): an instruction sequence up to its `end`, which is
    /// not stored. Constness is checked by the validator.
    mutating func readConstExpr(features: Features) throws(DecodeError) -> ConstExpr {
        var expression = try readExpression(features: features)
        expression.instructions.removeLast()
        return ConstExpr(expression.instructions, lists: expression.lists)
    }

    /// Reads one instruction as if inside an `if` block (so `else` and `end` read as plain
    /// instructions): the opcode table on its own, for tests.
    mutating func readInstruction(features: Features, lists: inout [UInt32]) throws(DecodeError) -> Instruction {
        var blocks = OpenBlocks(open: [1])
        return try readInstruction(features: features, lists: &lists, blocks: &blocks)
    }

    /// Reads one instruction with its immediates; variable-length ones are appended to `lists`.
    /// Inlined into `readExpression`, its one hot caller, so the instruction is built in place
    /// instead of returned through memory. `blocks` tracks the open blocks in the opcode's own
    /// case (a second `switch` on the decoded instruction cost a second unpredictable jump per
    /// instruction).
    @inline(__always)
    mutating func readInstruction(features: Features, lists: inout [UInt32], blocks: inout OpenBlocks) throws(DecodeError) -> Instruction {
        let start = position
        let opcode = try readByte()
        switch opcode {
        case 0x00: return .unreachable
        case 0x01: return .nop
        case 0x02:
            blocks.open.append(0)
            return .block(try readBlockType())
        case 0x03:
            blocks.open.append(0)
            return .loop(try readBlockType())
        case 0x04:
            blocks.open.append(1)
            return .if(try readBlockType())
        case 0x05:
            guard blocks.open.last == 1 else { throw error("END opcode expected", at: start) }
            blocks.open[blocks.open.count - 1] = 2
            return .else
        case 0x0B:
            if blocks.open.isEmpty { blocks.closed = true } else { blocks.open.removeLast() }
            return .end
        case 0x0C: return .br(try readU32())
        case 0x0D: return .brIf(try readU32())
        case 0x0E:
            let targets = try readList(into: &lists) { (r: inout BinaryReader) throws(DecodeError) in try r.readU32() }
            return .brTable(targets: targets, default: try readU32())
        case 0x0F: return .return
        case 0x10: return .call(try readU32())
        case 0x11:
            let typeIndex = try readU32()
            let tableIndex: UInt32
            if features.contains(.referenceTypes) {
                tableIndex = try readU32()
            } else {
                try readZeroByte()
                tableIndex = 0
            }
            return .callIndirect(typeIndex: typeIndex, tableIndex: tableIndex)
        case 0x1A: return .drop
        case 0x1B: return .select
        case 0x1C:
            return .selectTyped(try readList(into: &lists) { (r: inout BinaryReader) throws(DecodeError) in
                UInt32(try r.readValueType().byte)
            })
        case 0x20: return .localGet(try readU32())
        case 0x21: return .localSet(try readU32())
        case 0x22: return .localTee(try readU32())
        case 0x23: return .globalGet(try readU32())
        case 0x24: return .globalSet(try readU32())
        case 0x25: return .tableGet(try readU32())
        case 0x26: return .tableSet(try readU32())
        case 0x28...0x35:
            guard let op = LoadOp(rawValue: opcode) else { break }
            return .load(op, try readMemArg())
        case 0x36...0x3E:
            guard let op = StoreOp(rawValue: opcode) else { break }
            return .store(op, try readMemArg())
        case 0x3F:
            try readZeroByte()
            return .memorySize(memoryIndex: 0)
        case 0x40:
            try readZeroByte()
            return .memoryGrow(memoryIndex: 0)
        case 0x41: return .i32Const(try readS32())
        case 0x42: return .i64Const(try readS64())
        case 0x43: return .f32Const(try readF32Bits())
        case 0x44: return .f64Const(try readF64Bits())
        case 0x45...0xC4:
            // Every single-byte numeric opcode: one range of the opcode jump table.
            if let op = blocks.numericOp(UInt16(opcode)) { return .numeric(op) }
        case 0xD0: return .refNull(try readRefType())
        case 0xD1: return .refIsNull
        case 0xD2: return .refFunc(try readU32())
        case 0xFC: return try readPrefixedFC(start: start, blocks: &blocks)
        case 0xFD: throw error(Self.simdUnsupported, at: start)
        default:
            if let op = blocks.numericOp(UInt16(opcode)) { return .numeric(op) }
        }
        throw error("illegal opcode 0x\(String(opcode, radix: 16))", at: start)
    }

    /// `0xFC`-prefixed instructions: saturating truncations, bulk memory and table operations.
    private mutating func readPrefixedFC(start: Int, blocks: inout OpenBlocks) throws(DecodeError) -> Instruction {
        let sub = try readU32()
        switch sub {
        case 0...7:
            if let op = blocks.numericOp(0x100 + UInt16(sub)) { return .numeric(op) }
        case 8:
            let dataIndex = try readU32()
            try readZeroByte()
            blocks.usesDataIndices = true
            return .memoryInit(dataIndex: dataIndex, memoryIndex: 0)
        case 9:
            blocks.usesDataIndices = true
            return .dataDrop(try readU32())
        case 10:
            try readZeroByte()
            try readZeroByte()
            return .memoryCopy(destination: 0, source: 0)
        case 11:
            try readZeroByte()
            return .memoryFill(memoryIndex: 0)
        case 12:
            let elementIndex = try readU32()
            return .tableInit(elementIndex: elementIndex, tableIndex: try readU32())
        case 13: return .elemDrop(try readU32())
        case 14:
            let destination = try readU32()
            return .tableCopy(destination: destination, source: try readU32())
        case 15: return .tableGrow(try readU32())
        case 16: return .tableSize(try readU32())
        case 17: return .tableFill(try readU32())
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
