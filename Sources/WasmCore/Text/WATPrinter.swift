/// The WebAssembly text format printer (core spec §6): one module field per line group, function
/// bodies in flat form indented by block depth, `$names` from the name section where valid.

/// Prints `m` in the text format. The output parses back (e.g. with `wat2wasm`) to a module
/// equal in meaning: floats are printed exactly, NaNs with their payloads.
public func printWAT(_ m: ModuleDefinition) -> String {
    var p = WATPrinter(module: m)
    return p.print()
}

struct WATPrinter {
    let module: ModuleDefinition
    let functionNames: [UInt32: String]
    var out = ""

    init(module: ModuleDefinition) {
        self.module = module
        self.functionNames = WATLiteral.identifiers(module.names?.functionNames ?? [:])
    }

    mutating func line(_ indent: Int, _ text: String) {
        out += String(repeating: "  ", count: indent) + text + "\n"
    }

    func function(_ i: UInt32) -> String { functionNames[i] ?? String(i) }

    func funcTypeText(_ t: FuncType) -> String {
        var s = ""
        if !t.params.isEmpty { s += " (param " + t.params.map(\.description).joined(separator: " ") + ")" }
        if !t.results.isEmpty { s += " (result " + t.results.map(\.description).joined(separator: " ") + ")" }
        return s
    }

    func limitsText(_ l: Limits) -> String { "\(l.min)" + (l.max.map { " \($0)" } ?? "") }

    func tableTypeText(_ t: TableType) -> String { limitsText(t.limits) + " " + t.elementType.description }

    func memoryTypeText(_ m: MemoryType) -> String { limitsText(m.limits) + (m.shared ? " shared" : "") }

    func globalTypeText(_ g: GlobalType) -> String {
        g.isMutable ? "(mut \(g.valueType))" : g.valueType.description
    }

    /// A constant expression in folded-per-instruction form, e.g. `(i32.const 0)`.
    func constText(_ e: ConstExpr) -> String {
        let names = WATNames(functions: functionNames)
        return e.instructions.map { "(" + WATLiteral.instruction($0, names: names, lists: e.lists) + ")" }.joined(separator: " ")
    }

    mutating func print() -> String {
        let moduleName = module.names?.moduleName.flatMap(WATLiteral.identifier)
        line(0, "(module" + (moduleName.map { " " + $0 } ?? ""))
        for (i, t) in module.types.enumerated() {
            line(1, "(type (;\(i);) (func\(funcTypeText(t))))")
        }
        printImports()
        let importedFunctionCount = UInt32(module.importedFunctions.count)
        for (i, typeIndex) in module.functions.enumerated() {
            let body = i < module.codes.count ? module.codes[i] : FunctionBody(locals: [], instructions: [.end])
            printFunction(index: importedFunctionCount + UInt32(i), typeIndex: typeIndex, body: body)
        }
        var index = module.importedTables.count
        for t in module.tables {
            line(1, "(table (;\(index);) \(tableTypeText(t)))")
            index += 1
        }
        index = module.importedMemories.count
        for mem in module.memories {
            line(1, "(memory (;\(index);) \(memoryTypeText(mem)))")
            index += 1
        }
        index = module.importedGlobals.count
        for g in module.globals {
            line(1, "(global (;\(index);) \(globalTypeText(g.type)) \(constText(g.initializer)))")
            index += 1
        }
        for e in module.exports {
            let kind = ["func", "table", "memory", "global"][Int(e.kind.rawValue)]
            let target = e.kind == .function ? function(e.index) : String(e.index)
            line(1, "(export \(WATLiteral.string(e.name.utf8)) (\(kind) \(target)))")
        }
        if let start = module.start { line(1, "(start \(function(start)))") }
        printElements()
        printData()
        out += ")\n"
        return out
    }

    mutating func printImports() {
        var counts = [0, 0, 0, 0]
        for imp in module.imports {
            let prefix = "(import \(WATLiteral.string(imp.module.utf8)) \(WATLiteral.string(imp.name.utf8)) "
            switch imp.descriptor {
            case .function(let t):
                let i = UInt32(counts[0])
                counts[0] += 1
                let name = functionNames[i].map { $0 + " " } ?? ""
                line(1, prefix + "(func \(name)(;\(i);) (type \(t))))")
            case .table(let t):
                line(1, prefix + "(table (;\(counts[1]);) \(tableTypeText(t))))")
                counts[1] += 1
            case .memory(let mem):
                line(1, prefix + "(memory (;\(counts[2]);) \(memoryTypeText(mem))))")
                counts[2] += 1
            case .global(let g):
                line(1, prefix + "(global (;\(counts[3]);) \(globalTypeText(g))))")
                counts[3] += 1
            }
        }
    }

    mutating func printFunction(index: UInt32, typeIndex: UInt32, body: FunctionBody) {
        let type = Int(typeIndex) < module.types.count ? module.types[Int(typeIndex)] : FuncType()
        var localNames = WATLiteral.identifiers(module.names?.localNames[index] ?? [:])
        // Parameter names need the inline form `(param $x t)` without `(type N)` (some parsers drop
        // them otherwise), which denotes the first type with that signature; else leave them out.
        let paramCount = UInt32(type.params.count)
        let namedParams = localNames.keys.contains { $0 < paramCount }
        let inline = namedParams && module.types.firstIndex(of: type) == Int(typeIndex)
        if namedParams && !inline { localNames = localNames.filter { $0.key >= paramCount } }
        var header = "(func " + (functionNames[index].map { $0 + " " } ?? "") + "(;\(index);)"
        header += inline ? "" : " (type \(typeIndex))"
        for (i, p) in type.params.enumerated() {
            header += " (param " + (localNames[UInt32(i)].map { $0 + " " } ?? "") + p.description + ")"
        }
        if !type.results.isEmpty {
            header += " (result " + type.results.map(\.description).joined(separator: " ") + ")"
        }
        line(1, header)
        var localIndex = UInt32(type.params.count)
        var locals: [String] = []
        for t in body.expandedLocals {
            locals.append("(local " + (localNames[localIndex].map { $0 + " " } ?? "") + t.description + ")")
            localIndex &+= 1
        }
        if !locals.isEmpty { line(2, locals.joined(separator: " ")) }
        let names = WATNames(functions: functionNames, locals: localNames)
        var depth = 0
        // The final `end` closes the function itself and is written as the closing parenthesis.
        let instructions = body.instructions.last == .end ? body.instructions.dropLast() : body.instructions[...]
        for inst in instructions {
            switch inst {
            case .end:
                depth = max(0, depth - 1)
                line(2 + depth, "end")
            case .else:
                line(2 + max(0, depth - 1), "else")
            case .block, .loop, .if:
                line(2 + depth, WATLiteral.instruction(inst, names: names, lists: body.lists))
                depth += 1
            default:
                line(2 + depth, WATLiteral.instruction(inst, names: names, lists: body.lists))
            }
        }
        line(1, ")")
    }

    mutating func printElements() {
        for (i, e) in module.elements.enumerated() {
            var text = "(elem (;\(i);)"
            switch e.mode {
            case .passive: break
            case .declarative: text += " declare"
            case .active(let table, let offset): text += " (table \(table)) (offset \(constText(offset)))"
            }
            text += " " + e.type.description
            for item in e.items { text += " (item \(constText(item)))" }
            line(1, text + ")")
        }
    }

    mutating func printData() {
        for (i, d) in module.datas.enumerated() {
            var text = "(data (;\(i);)"
            if case .active(let mem, let offset) = d.mode {
                text += " (memory \(mem)) (offset \(constText(offset)))"
            }
            line(1, text + " " + WATLiteral.string(d.bytes) + ")")
        }
    }
}
