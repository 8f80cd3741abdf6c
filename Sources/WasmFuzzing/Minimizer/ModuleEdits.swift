import WasmCore

/// Index-preserving edits of a `ModuleDefinition` for the structural reducer: removing an entity
/// shifts every later index down by one (`wasm-reduce` style). A reference to the removed entity
/// is left pointing at the entity that took its place; the validator or the predicate rejects
/// the candidate when that matters.
enum ModuleEdits {
    /// Applies `map` to every function index in instructions, constant expressions, exports and start.
    static func mapFunctionIndices(_ m: inout ModuleDefinition, _ map: (UInt32) -> UInt32) {
        func instruction(_ i: Instruction) -> Instruction {
            switch i {
            case .call(let f): return .call(map(f))
            case .refFunc(let f): return .refFunc(map(f))
            default: return i
            }
        }
        mapInstructions(&m, instruction)
        for e in m.exports.indices where m.exports[e].kind == .function { m.exports[e].index = map(m.exports[e].index) }
        m.start = m.start.map(map)
        m.names = nil
    }

    /// Applies `map` to every global index.
    static func mapGlobalIndices(_ m: inout ModuleDefinition, _ map: (UInt32) -> UInt32) {
        mapInstructions(&m) { i in
            switch i {
            case .globalGet(let g): return .globalGet(map(g))
            case .globalSet(let g): return .globalSet(map(g))
            default: return i
            }
        }
        for e in m.exports.indices where m.exports[e].kind == .global { m.exports[e].index = map(m.exports[e].index) }
    }

    /// Applies `transform` to the instructions of every body and constant expression.
    static func mapInstructions(_ m: inout ModuleDefinition, _ transform: (Instruction) -> Instruction) {
        for c in m.codes.indices { m.codes[c].instructions = m.codes[c].instructions.map(transform) }
        func expr(_ e: ConstExpr) -> ConstExpr { ConstExpr(e.instructions.map(transform), lists: e.lists) }
        for g in m.globals.indices { m.globals[g].initializer = expr(m.globals[g].initializer) }
        for s in m.elements.indices {
            m.elements[s].items = m.elements[s].items.map(expr)
            if case .active(let table, let offset) = m.elements[s].mode { m.elements[s].mode = .active(tableIndex: table, offset: expr(offset)) }
        }
        for s in m.datas.indices {
            if case .active(let memory, let offset) = m.datas[s].mode { m.datas[s].mode = .active(memoryIndex: memory, offset: expr(offset)) }
        }
    }

    static func shift(removing removed: Int) -> (UInt32) -> UInt32 {
        { $0 > UInt32(removed) ? $0 - 1 : $0 }
    }

    /// Removes function `index` of the function index space (an import or a defined function).
    static func removingFunction(_ m: ModuleDefinition, at index: Int) -> ModuleDefinition? {
        var m = m
        let importIndices = m.imports.indices.filter { if case .function = m.imports[$0].descriptor { return true } else { return false } }
        if index < importIndices.count {
            m.imports.remove(at: importIndices[index])
        } else {
            let defined = index - importIndices.count
            guard defined < m.functions.count, defined < m.codes.count else { return nil }
            m.functions.remove(at: defined)
            m.codes.remove(at: defined)
        }
        m.exports.removeAll { $0.kind == .function && $0.index == UInt32(index) }
        if m.start == UInt32(index) { m.start = nil }
        mapFunctionIndices(&m, shift(removing: index))
        return m
    }

    /// Removes global `index` of the global index space.
    static func removingGlobal(_ m: ModuleDefinition, at index: Int) -> ModuleDefinition? {
        var m = m
        let importIndices = m.imports.indices.filter { if case .global = m.imports[$0].descriptor { return true } else { return false } }
        if index < importIndices.count {
            m.imports.remove(at: importIndices[index])
        } else {
            let defined = index - importIndices.count
            guard defined < m.globals.count else { return nil }
            m.globals.remove(at: defined)
        }
        m.exports.removeAll { $0.kind == .global && $0.index == UInt32(index) }
        mapGlobalIndices(&m, shift(removing: index))
        return m
    }

    /// Removes data segment `index`, renumbering `memory.init` and `data.drop`.
    static func removingData(_ m: ModuleDefinition, at index: Int) -> ModuleDefinition {
        var m = m
        m.datas.remove(at: index)
        if m.dataCount != nil { m.dataCount = UInt32(m.datas.count) }
        let map = shift(removing: index)
        mapInstructions(&m) { i in
            switch i {
            case .memoryInit(let d, let mem): return .memoryInit(dataIndex: map(d), memoryIndex: mem)
            case .dataDrop(let d): return .dataDrop(map(d))
            default: return i
            }
        }
        return m
    }

    /// Removes element segment `index`, renumbering `table.init` and `elem.drop`.
    static func removingElement(_ m: ModuleDefinition, at index: Int) -> ModuleDefinition {
        var m = m
        m.elements.remove(at: index)
        let map = shift(removing: index)
        mapInstructions(&m) { i in
            switch i {
            case .tableInit(let e, let t): return .tableInit(elementIndex: map(e), tableIndex: t)
            case .elemDrop(let e): return .elemDrop(map(e))
            default: return i
            }
        }
        return m
    }

    /// The index of the `end` matching the block-opening instruction at `start`, and of its `else`.
    static func matchingEnd(_ instructions: [Instruction], from start: Int) -> (else: Int?, end: Int)? {
        var depth = 0
        var elseIndex: Int?
        var i = start
        while i < instructions.count {
            switch instructions[i] {
            case .block, .loop, .if: depth += 1
            case .else: if depth == 1 { elseIndex = i }
            case .end:
                depth -= 1
                if depth == 0 { return (elseIndex, i) }
            default: break
            }
            i += 1
        }
        return nil
    }

    /// Number of instructions in function bodies, not counting each body's final `end`.
    static func instructionCount(_ m: ModuleDefinition) -> Int {
        m.codes.reduce(0) { $0 + max(0, $1.instructions.count - 1) }
    }
}
