/// Binary encoding of whole modules (core spec §5.5): the inverse of the decoder.

/// Writes `m` in the binary format. Empty sections are omitted; the data count section is written
/// when `m.dataCount` is set; the name section is written from `m.names`; custom sections follow at
/// the end (a custom section called "name" is skipped when `m.names` is set, to avoid duplicates).
public func encodeModule(_ m: ModuleDefinition) -> [UInt8] {
    var w = BinaryWriter()
    w.append([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00])

    w.section(1, when: !m.types.isEmpty) { s in
        s.vector(m.types) { s, t in
            s.byte(0x60)
            s.vector(t.params) { $0.valueType($1) }
            s.vector(t.results) { $0.valueType($1) }
        }
    }
    w.section(2, when: !m.imports.isEmpty) { s in
        s.vector(m.imports) { s, imp in
            s.name(imp.module)
            s.name(imp.name)
            switch imp.descriptor {
            case .function(let t): s.byte(0x00); s.u32(t)
            case .table(let t): s.byte(0x01); s.tableType(t)
            case .memory(let mt): s.byte(0x02); s.memoryType(mt)
            case .global(let g): s.byte(0x03); s.globalType(g)
            }
        }
    }
    w.section(3, when: !m.functions.isEmpty) { s in s.vector(m.functions) { $0.u32($1) } }
    w.section(4, when: !m.tables.isEmpty) { s in s.vector(m.tables) { $0.tableType($1) } }
    w.section(5, when: !m.memories.isEmpty) { s in s.vector(m.memories) { $0.memoryType($1) } }
    w.section(6, when: !m.globals.isEmpty) { s in
        s.vector(m.globals) { s, g in
            s.globalType(g.type)
            s.constExpr(g.initializer)
        }
    }
    w.section(7, when: !m.exports.isEmpty) { s in
        s.vector(m.exports) { s, e in
            s.name(e.name)
            s.byte(e.kind.rawValue)
            s.u32(e.index)
        }
    }
    if let start = m.start { w.section(8) { $0.u32(start) } }
    w.section(9, when: !m.elements.isEmpty) { s in s.vector(m.elements) { $0.elementSegment($1) } }
    if let count = m.dataCount { w.section(12) { $0.u32(count) } }
    w.section(10, when: !m.codes.isEmpty) { s in
        s.vector(m.codes) { s, body in
            var b = BinaryWriter()
            b.vector(body.locals) { b, l in
                b.u32(l.count)
                b.valueType(l.type)
            }
            for inst in body.instructions { b.instruction(inst, lists: body.lists) }
            s.sized(b.bytes)
        }
    }
    w.section(11, when: !m.datas.isEmpty) { s in s.vector(m.datas) { $0.dataSegment($1) } }
    if let names = m.names {
        w.section(0) { s in
            s.name("name")
            s.nameSection(names)
        }
    }
    for custom in m.customSections where !(custom.name == "name" && m.names != nil) {
        w.section(0) { s in
            s.name(custom.name)
            s.append(custom.bytes)
        }
    }
    return w.bytes
}

extension BinaryWriter {
    /// Writes a section with id `id` whose contents `body` produces, when `condition` holds.
    mutating func section(_ id: UInt8, when condition: Bool = true, _ body: (inout BinaryWriter) -> Void) {
        guard condition else { return }
        var s = BinaryWriter()
        body(&s)
        byte(id)
        sized(s.bytes)
    }

    mutating func limits(_ l: Limits, shared: Bool = false) {
        let flags: UInt8 = (l.max == nil ? 0 : 1) | (shared ? 2 : 0)
        byte(flags)
        unsigned(l.min)
        if let max = l.max { unsigned(max) }
    }

    mutating func tableType(_ t: TableType) {
        byte(t.elementType.rawValue)
        limits(t.limits)
    }

    mutating func memoryType(_ m: MemoryType) { limits(m.limits, shared: m.shared) }

    mutating func globalType(_ g: GlobalType) {
        valueType(g.valueType)
        byte(g.mutability.rawValue)
    }

    /// Picks the smallest of the eight element segment encodings that can express `e`.
    mutating func elementSegment(_ e: ElementSegment) {
        let functionIndices: [UInt32]? = e.type == .funcref ? e.items.reduce(into: [UInt32]?([])) { acc, item in
            if item.instructions.count == 1, case .refFunc(let f) = item.instructions[0] { acc?.append(f) } else { acc = nil }
        } : nil
        if let indices = functionIndices {
            switch e.mode {
            case .active(0, let offset):
                byte(0x00); constExpr(offset)
            case .passive:
                byte(0x01); byte(0x00)
            case .active(let table, let offset):
                byte(0x02); u32(table); constExpr(offset); byte(0x00)
            case .declarative:
                byte(0x03); byte(0x00)
            }
            vector(indices) { $0.u32($1) }
        } else {
            switch e.mode {
            case .active(0, let offset) where e.type == .funcref:
                byte(0x04); constExpr(offset)
            case .passive:
                byte(0x05); byte(e.type.rawValue)
            case .active(let table, let offset):
                byte(0x06); u32(table); constExpr(offset); byte(e.type.rawValue)
            case .declarative:
                byte(0x07); byte(e.type.rawValue)
            }
            vector(e.items) { $0.constExpr($1) }
        }
    }

    mutating func dataSegment(_ d: DataSegment) {
        switch d.mode {
        case .active(0, let offset): byte(0x00); constExpr(offset)
        case .passive: byte(0x01)
        case .active(let mem, let offset): byte(0x02); u32(mem); constExpr(offset)
        }
        sized(d.bytes)
    }

    /// The contents of the `name` custom section (after its name): module, function and local names.
    mutating func nameSection(_ n: NameSection) {
        if let moduleName = n.moduleName {
            section(0) { $0.name(moduleName) }
        }
        section(1, when: !n.functionNames.isEmpty) { s in
            s.vector(n.functionNames.sorted { $0.key < $1.key }) { s, entry in
                s.u32(entry.key)
                s.name(entry.value)
            }
        }
        section(2, when: !n.localNames.isEmpty) { s in
            s.vector(n.localNames.sorted { $0.key < $1.key }) { s, entry in
                s.u32(entry.key)
                s.vector(entry.value.sorted { $0.key < $1.key }) { s, local in
                    s.u32(local.key)
                    s.name(local.value)
                }
            }
        }
    }
}
