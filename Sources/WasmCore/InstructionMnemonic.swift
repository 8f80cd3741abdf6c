extension Instruction {
    /// The text-format name of the instruction, without immediates (`i32.add`, `br_table`,
    /// `i64.load8_s`, `select`): a key for coverage counts and reports.
    public var mnemonic: String {
        switch self {
        case .unreachable: return "unreachable"
        case .nop: return "nop"
        case .block: return "block"
        case .loop: return "loop"
        case .if: return "if"
        case .else: return "else"
        case .end: return "end"
        case .br: return "br"
        case .brIf: return "br_if"
        case .brTable: return "br_table"
        case .return: return "return"
        case .call: return "call"
        case .callIndirect: return "call_indirect"
        case .refNull: return "ref.null"
        case .refIsNull: return "ref.is_null"
        case .refFunc: return "ref.func"
        case .drop: return "drop"
        case .select: return "select"
        case .selectTyped: return "select_t"
        case .localGet: return "local.get"
        case .localSet: return "local.set"
        case .localTee: return "local.tee"
        case .globalGet: return "global.get"
        case .globalSet: return "global.set"
        case .tableGet: return "table.get"
        case .tableSet: return "table.set"
        case .tableInit: return "table.init"
        case .elemDrop: return "elem.drop"
        case .tableCopy: return "table.copy"
        case .tableGrow: return "table.grow"
        case .tableSize: return "table.size"
        case .tableFill: return "table.fill"
        case .load(let op, _): return op.description
        case .store(let op, _): return op.description
        case .memorySize: return "memory.size"
        case .memoryGrow: return "memory.grow"
        case .memoryInit: return "memory.init"
        case .dataDrop: return "data.drop"
        case .memoryCopy: return "memory.copy"
        case .memoryFill: return "memory.fill"
        case .i32Const: return "i32.const"
        case .i64Const: return "i64.const"
        case .f32Const: return "f32.const"
        case .f64Const: return "f64.const"
        case .numeric(let op): return op.name
        }
    }
}
