/// Text-format spelling of single instructions (core spec §6.5), in flat (unfolded) form.

/// Resolves indices to `$names` where the module's name section gives them.
struct WATNames {
    var functions: [UInt32: String] = [:]
    var locals: [UInt32: String] = [:]

    func function(_ i: UInt32) -> String { functions[i] ?? String(i) }
    func local(_ i: UInt32) -> String { locals[i] ?? String(i) }
}

extension WATLiteral {
    static func blockType(_ bt: BlockType) -> String {
        switch bt {
        case .empty: return ""
        case .value(let t): return " (result \(t))"
        case .typeIndex(let i): return " (type \(i))"
        }
    }

    static func memArg(_ m: MemArg, naturalAlignment: UInt32) -> String {
        var s = m.memoryIndex != 0 ? " \(m.memoryIndex)" : ""
        if m.offset != 0 { s += " offset=\(m.offset)" }
        if m.align != naturalAlignment {
            s += m.align < 64 ? " align=\(UInt64(1) << UInt64(m.align))" : " align=0"
        }
        return s
    }

    static func refType(_ t: RefType) -> String { t == .funcref ? "func" : "extern" }

    /// The flat text of `inst` (for `end`/`else` just the keyword); `lists` holds the
    /// variable-length immediates of its sequence.
    static func instruction(_ inst: Instruction, names: WATNames, lists: [UInt32]) -> String {
        switch inst {
        case .unreachable: return "unreachable"
        case .nop: return "nop"
        case .block(let bt): return "block" + blockType(bt)
        case .loop(let bt): return "loop" + blockType(bt)
        case .if(let bt): return "if" + blockType(bt)
        case .else: return "else"
        case .end: return "end"
        case .br(let l): return "br \(l)"
        case .brIf(let l): return "br_if \(l)"
        case .brTable(let targets, let def):
            return "br_table " + (targets.elements(in: lists) + [def]).map { String($0) }.joined(separator: " ")
        case .return: return "return"
        case .call(let f): return "call " + names.function(f)
        case .callIndirect(let t, let table): return "call_indirect \(table) (type \(t))"
        case .refNull(let t): return "ref.null " + refType(t)
        case .refIsNull: return "ref.is_null"
        case .refFunc(let f): return "ref.func " + names.function(f)
        case .drop: return "drop"
        case .select: return "select"
        case .selectTyped(let ts): return "select" + ts.valueTypes(in: lists).map { " (result \($0))" }.joined()
        case .localGet(let i): return "local.get " + names.local(i)
        case .localSet(let i): return "local.set " + names.local(i)
        case .localTee(let i): return "local.tee " + names.local(i)
        case .globalGet(let i): return "global.get \(i)"
        case .globalSet(let i): return "global.set \(i)"
        case .tableGet(let t): return "table.get \(t)"
        case .tableSet(let t): return "table.set \(t)"
        case .tableInit(let e, let t): return "table.init \(t) \(e)"
        case .elemDrop(let e): return "elem.drop \(e)"
        case .tableCopy(let d, let s): return "table.copy \(d) \(s)"
        case .tableGrow(let t): return "table.grow \(t)"
        case .tableSize(let t): return "table.size \(t)"
        case .tableFill(let t): return "table.fill \(t)"
        case .load(let op, let m): return op.description + memArg(m, naturalAlignment: op.naturalAlignment)
        case .store(let op, let m): return op.description + memArg(m, naturalAlignment: op.naturalAlignment)
        case .memorySize(let m): return "memory.size" + (m != 0 ? " \(m)" : "")
        case .memoryGrow(let m): return "memory.grow" + (m != 0 ? " \(m)" : "")
        case .memoryInit(let d, let m): return "memory.init" + (m != 0 ? " \(m)" : "") + " \(d)"
        case .dataDrop(let d): return "data.drop \(d)"
        case .memoryCopy(let d, let s): return "memory.copy" + (d != 0 || s != 0 ? " \(d) \(s)" : "")
        case .memoryFill(let m): return "memory.fill" + (m != 0 ? " \(m)" : "")
        case .i32Const(let v): return "i32.const \(v)"
        case .i64Const(let v): return "i64.const \(v)"
        case .f32Const(let bits): return "f32.const " + f32(bits)
        case .f64Const(let bits): return "f64.const " + f64(bits)
        case .numeric(let op): return op.name
        }
    }
}
