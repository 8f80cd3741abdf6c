/// Binary encoding of instructions and constant expressions (core spec §5.4).

extension BinaryWriter {
    public mutating func valueType(_ t: ValueType) { byte(t.byte) }

    public mutating func blockType(_ bt: BlockType) {
        switch bt {
        case .empty: byte(0x40)
        case .value(let t): valueType(t)
        case .typeIndex(let i): signed(Int64(i))
        }
    }

    public mutating func memArg(_ m: MemArg) {
        if m.memoryIndex != 0 {
            // Multi-memory encoding: bit 6 of the alignment flags a memory index.
            u32(m.align | 0x40)
            u32(m.memoryIndex)
        } else {
            u32(m.align)
        }
        unsigned(m.offset)
    }

    private mutating func prefixed(_ sub: UInt32) {
        byte(0xFC)
        u32(sub)
    }

    /// Writes one instruction; `lists` holds the variable-length immediates of its sequence
    /// (`FunctionBody.lists`, `ConstExpr.lists`).
    public mutating func instruction(_ inst: Instruction, lists: [UInt32]) {
        switch inst {
        case .unreachable: byte(0x00)
        case .nop: byte(0x01)
        case .block(let bt): byte(0x02); blockType(bt)
        case .loop(let bt): byte(0x03); blockType(bt)
        case .if(let bt): byte(0x04); blockType(bt)
        case .else: byte(0x05)
        case .end: byte(0x0B)
        case .br(let l): byte(0x0C); u32(l)
        case .brIf(let l): byte(0x0D); u32(l)
        case .brTable(let targets, let def):
            byte(0x0E)
            vector(Array(targets.elements(in: lists))) { $0.u32($1) }
            u32(def)
        case .return: byte(0x0F)
        case .call(let f): byte(0x10); u32(f)
        case .callIndirect(let t, let table): byte(0x11); u32(t); u32(table)
        case .refNull(let t): byte(0xD0); byte(t.rawValue)
        case .refIsNull: byte(0xD1)
        case .refFunc(let f): byte(0xD2); u32(f)
        case .drop: byte(0x1A)
        case .select: byte(0x1B)
        case .selectTyped(let ts): byte(0x1C); vector(ts.valueTypes(in: lists)) { $0.valueType($1) }
        case .localGet(let i): byte(0x20); u32(i)
        case .localSet(let i): byte(0x21); u32(i)
        case .localTee(let i): byte(0x22); u32(i)
        case .globalGet(let i): byte(0x23); u32(i)
        case .globalSet(let i): byte(0x24); u32(i)
        case .tableGet(let t): byte(0x25); u32(t)
        case .tableSet(let t): byte(0x26); u32(t)
        case .tableInit(let e, let t): prefixed(12); u32(e); u32(t)
        case .elemDrop(let e): prefixed(13); u32(e)
        case .tableCopy(let d, let s): prefixed(14); u32(d); u32(s)
        case .tableGrow(let t): prefixed(15); u32(t)
        case .tableSize(let t): prefixed(16); u32(t)
        case .tableFill(let t): prefixed(17); u32(t)
        case .load(let op, let m): byte(op.rawValue); memArg(m)
        case .store(let op, let m): byte(op.rawValue); memArg(m)
        case .memorySize(let m): byte(0x3F); u32(m)
        case .memoryGrow(let m): byte(0x40); u32(m)
        case .memoryInit(let d, let m): prefixed(8); u32(d); u32(m)
        case .dataDrop(let d): prefixed(9); u32(d)
        case .memoryCopy(let d, let s): prefixed(10); u32(d); u32(s)
        case .memoryFill(let m): prefixed(11); u32(m)
        case .i32Const(let v): byte(0x41); signed(Int64(v))
        case .i64Const(let v): byte(0x42); signed(v)
        case .f32Const(let bits): byte(0x43); fixed32(bits)
        case .f64Const(let bits): byte(0x44); fixed64(bits)
        case .numeric(let op):
            if op.isPrefixed { prefixed(UInt32(op.rawValue - 0x100)) } else { byte(UInt8(op.rawValue)) }
        }
    }

    /// A constant expression followed by its `end`.
    public mutating func constExpr(_ e: ConstExpr) {
        for inst in e.instructions { instruction(inst, lists: e.lists) }
        byte(0x0B)
    }
}
