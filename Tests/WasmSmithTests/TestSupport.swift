import WasmCore
@testable import WasmSmith

/// Deterministic test inputs: module `i` comes from `Unstructured(seed: base + i)`; with `swarm`
/// its configuration is drawn from the same bytes first.
func generatedModules(count: Int, base: UInt64, swarm: Bool, config: SmithConfig = SmithConfig()) -> [(seed: UInt64, module: ModuleDefinition)] {
    (0..<UInt64(count)).map { i in
        var u = Unstructured(seed: base + i)
        let c = swarm ? SmithConfig.arbitrary(&u) : config
        return (base + i, generateModule(&u, config: c))
    }
}

/// The module without what the text format does not carry (names, custom sections).
func withoutNames(_ m: ModuleDefinition) -> ModuleDefinition {
    var m = m
    m.names = nil
    m.customSections = []
    return m
}

/// `m` with the data count section WasmKit's `wat2wasm` writes: only when there are data
/// segments and some `memory.init` or `data.drop` needs it.
func withWasmKitDataCount(_ m: ModuleDefinition) -> ModuleDefinition {
    var m = m
    let needed = m.codes.contains { body in
        body.instructions.contains { inst in
            switch inst {
            case .memoryInit, .dataDrop: return true
            default: return false
            }
        }
    }
    m.dataCount = !m.datas.isEmpty && needed ? UInt32(m.datas.count) : nil
    return m
}

/// `m` with block types spelled as WasmKit's `wat2wasm` encodes them: a type index whose
/// signature has no parameters and at most one result becomes `empty` or a value type, and
/// `else` directly followed by `end` is left out.
func withShortBlockTypes(_ m: ModuleDefinition) -> ModuleDefinition {
    var m = m
    func short(_ bt: BlockType) -> BlockType {
        guard case .typeIndex(let i) = bt, Int(i) < m.types.count else { return bt }
        let t = m.types[Int(i)]
        guard t.params.isEmpty, t.results.count <= 1 else { return bt }
        return t.results.first.map { .value($0) } ?? .empty
    }
    for c in m.codes.indices {
        m.codes[c].instructions = m.codes[c].instructions.map { inst in
            switch inst {
            case .block(let bt): return .block(short(bt))
            case .loop(let bt): return .loop(short(bt))
            case .if(let bt): return .if(short(bt))
            default: return inst
            }
        }
        // WasmKit also leaves out an `else` with an empty arm.
        var out: [Instruction] = []
        for inst in m.codes[c].instructions {
            if inst == .end, out.last == .else { out.removeLast() }
            out.append(inst)
        }
        m.codes[c].instructions = out
    }
    return m
}

/// The fields in which two modules differ (for failure messages).
func differences(_ a: ModuleDefinition, _ b: ModuleDefinition) -> [String] {
    var out: [String] = []
    func check<T: Equatable>(_ name: String, _ x: T, _ y: T) { if x != y { out.append("\(name): \(x) vs \(y)") } }
    check("types", a.types, b.types)
    check("imports", a.imports, b.imports)
    check("functions", a.functions, b.functions)
    check("tables", a.tables, b.tables)
    check("memories", a.memories, b.memories)
    check("globals", a.globals, b.globals)
    check("exports", a.exports, b.exports)
    check("start", a.start, b.start)
    check("elements", a.elements, b.elements)
    check("dataCount", a.dataCount, b.dataCount)
    check("datas", a.datas, b.datas)
    check("customSections", a.customSections, b.customSections)
    check("names", a.names, b.names)
    for (i, (x, y)) in zip(a.codes, b.codes).enumerated() where x != y {
        check("code[\(i)].locals", x.locals, y.locals)
        if let j = zip(x.instructions, y.instructions).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            out.append("code[\(i)] instruction \(j): \(x.instructions[j]) vs \(y.instructions[j])")
        }
        check("code[\(i)].count", x.instructions.count, y.instructions.count)
        check("code[\(i)].offsets", x.offsets.count, y.offsets.count)
    }
    check("codes.count", a.codes.count, b.codes.count)
    return out
}
