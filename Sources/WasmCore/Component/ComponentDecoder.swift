/// The component decoder (component model `Binary.md`): preamble, then sections in any order
/// and number. Nested core modules are decoded and validated by the core decoder and
/// validator; nested components are decoded recursively, at most `maxComponentNestingDepth` deep.
///
/// Validation of the component layer is structural: every index must refer to an earlier
/// definition of its sort (including outer aliases, checked against the enclosing components),
/// import names and export names must be unique. Type checking (instantiation arguments,
/// canonical lift/lower signatures, type equality) is not done.
///
/// Limitations (documented in `ComponentDefinition.skipped`): type opcodes, core GC types and
/// canonical builtins newer than lift, lower and the resource functions are not decoded; a type,
/// core type or canon section meeting one is skipped from that item to its end, and index
/// checks are turned off for the rest of that component. Value sections are skipped item by
/// item (each value carries its length). Custom sections are kept, not interpreted.

/// Decodes and validates a component binary. Throws `DecodeError` for malformed input and
/// `ValidationError` for invalid input; offsets are positions in `bytes`, also for errors in
/// nested core modules and components.
public func decodeComponent(_ bytes: [UInt8], features: Features = .wasm2) throws -> ComponentDefinition {
    var decoder = ComponentDecoder(bytes: bytes, range: 0..<bytes.count, features: features, depth: 0, enclosing: [])
    return try decoder.decode()
}

/// The component binary format version this decoder reads.
public let componentBinaryVersion: UInt16 = 0x0d

struct ComponentDecoder {
    var reader: BinaryReader
    let features: Features
    let depth: Int
    /// Index spaces of the enclosing components, innermost first (for outer aliases).
    let enclosing: [ComponentIndexSpaces]
    var spaces = ComponentIndexSpaces()
    var component = ComponentDefinition()
    var importNames: Set<String> = []
    var exportNames: Set<String> = []

    init(bytes: [UInt8], range: Range<Int>, features: Features, depth: Int, enclosing: [ComponentIndexSpaces]) {
        reader = BinaryReader(bytes, start: range.lowerBound, end: range.upperBound)
        self.features = features
        self.depth = depth
        self.enclosing = enclosing
        component.range = range
    }

    mutating func decode() throws -> ComponentDefinition {
        try readPreamble()
        while !reader.isAtEnd {
            let idStart = reader.position
            let id = try reader.readByte()
            let sizeStart = reader.position
            let size = try reader.readLength()
            guard size <= reader.remaining else { throw DecodeError("length out of bounds", offset: sizeStart) }
            let contentStart = reader.position
            var section = BinaryReader(reader.bytes, start: contentStart, end: contentStart + size)
            try readSection(id, at: idStart, &section)
            guard section.isAtEnd else { throw DecodeError("section size mismatch", offset: section.position) }
            reader.position = contentStart + size
        }
        return component
    }

    /// `\0asm`, version 0x0d 0x00, layer 0x01 0x00.
    private mutating func readPreamble() throws {
        let start = reader.position
        let head = try reader.readBytes(Swift.min(8, reader.remaining))
        guard head.count >= 4 else { throw DecodeError("unexpected end", offset: reader.position) }
        guard head.prefix(4).elementsEqual([0x00, 0x61, 0x73, 0x6D]) else {
            throw DecodeError("magic header not detected", offset: start)
        }
        guard head.count == 8 else { throw DecodeError("unexpected end", offset: reader.position) }
        let version = UInt16(head[start + 4]) | UInt16(head[start + 5]) << 8
        let layer = UInt16(head[start + 6]) | UInt16(head[start + 7]) << 8
        guard layer == 1 else {
            throw DecodeError(layer == 0 ? "not a component: the binary is a core module" : "unknown binary layer", offset: start + 6)
        }
        guard version == componentBinaryVersion else { throw DecodeError("unknown binary version", offset: start + 4) }
        component.version = version
    }

    private mutating func readSection(_ id: UInt8, at idStart: Int, _ r: inout BinaryReader) throws {
        switch id {
        case 0x00:
            let name = try r.readName()
            component.customSections.append(CustomSection(name: name, bytes: Array(try r.readBytes(r.remaining))))
        case 0x01: try readCoreModule(&r)
        case 0x02:
            try readItems(id, &r, { try $0.readCoreInstance() }) { (d: inout Self, item, offset) in
                try d.checkCoreInstance(item, at: offset)
                d.component.coreInstances.append(item)
                d.spaces.add(.core(.instance))
            }
        case 0x03:
            try readItems(id, &r, { [depth] in try $0.readCoreType(depth: depth) }) { (d: inout Self, item, _) in
                d.component.coreTypes.append(item)
                d.spaces.add(.core(.type))
            }
        case 0x04: try readNestedComponent(&r, at: idStart)
        case 0x05:
            try readItems(id, &r, { try $0.readComponentInstance() }) { (d: inout Self, item, offset) in
                try d.checkInstance(item, at: offset)
                d.component.instances.append(item)
                d.spaces.add(.instance)
            }
        case 0x06:
            try readItems(id, &r, { try $0.readAlias() }) { (d: inout Self, item, offset) in
                try d.checkAlias(item, at: offset)
                d.component.aliases.append(item)
                d.spaces.add(item.sort)
            }
        case 0x07:
            try readItems(id, &r, { [depth] in try $0.readComponentTypeDefinition(depth: depth) }) { (d: inout Self, item, _) in
                d.component.types.append(item)
                d.spaces.add(.type)
            }
        case 0x08:
            try readItems(id, &r, { try $0.readCanonicalFunction() }) { (d: inout Self, item, offset) in
                try d.checkCanonical(item, at: offset)
                d.component.canonicalFunctions.append(item)
                d.spaces.add(item.sort)
            }
        case 0x09:
            let offset = r.position
            let start = try r.readComponentStart()
            guard component.start == nil else { throw ValidationError("multiple start functions", offset: offset) }
            try spaces.check(.function, start.function, at: offset)
            for arg in start.arguments { try spaces.check(.value, arg, at: offset) }
            component.start = start
            spaces.add(.value, Int(start.resultCount))
        case 0x0A:
            try readItems(id, &r, { (r: inout BinaryReader) in
                let name = try r.readExternName()
                return (name, try r.readExternDesc())
            }) { (d: inout Self, item, offset) in
                guard d.importNames.insert(item.0).inserted else {
                    throw ValidationError("duplicate import name \"\(item.0)\"", offset: offset)
                }
                try d.spaces.check(item.1, at: offset)
                d.component.imports.append(ComponentImport(name: item.0, type: item.1, offset: offset))
                d.spaces.add(item.1.sort)
            }
        case 0x0B:
            try readItems(id, &r, { (r: inout BinaryReader) in
                let name = try r.readExternName()
                let item = try r.readSortIndex()
                return (name, item, try r.readOptional("export type") { try $0.readExternDesc() })
            }) { (d: inout Self, item, offset) in
                guard d.exportNames.insert(item.0).inserted else {
                    throw ValidationError("duplicate export name \"\(item.0)\"", offset: offset)
                }
                try d.spaces.check(item.1, at: offset)
                if let desc = item.2 { try d.spaces.check(desc, at: offset) }
                d.component.exports.append(ComponentExport(name: item.0, item: item.1, ascribedType: item.2, offset: offset))
                d.spaces.add(item.1.sort)
            }
        case 0x0C:
            try readItems(id, &r, { (r: inout BinaryReader) in
                _ = try r.readComponentValType()
                try r.skip(try r.readLength())
            }) { (d: inout Self, _, _) in
                d.component.valueCount += 1
                d.spaces.add(.value)
            }
        default:
            throw DecodeError("malformed section id", offset: idStart)
        }
    }

    /// Reads a section's vector of items; `accept` checks and records each one. An item with an
    /// encoding this decoder does not model ends the section: the rest is skipped and recorded.
    private mutating func readItems<T>(
        _ id: UInt8, _ r: inout BinaryReader,
        _ item: (inout BinaryReader) throws -> T,
        _ accept: (inout Self, T, Int) throws -> Void
    ) throws {
        let count = try r.readLength()
        for _ in 0..<count {
            let offset = r.position
            do {
                let value = try item(&r)
                try accept(&self, value, offset)
            } catch let unsupported as UnsupportedComponentEncoding {
                component.skipped.append(SkippedComponentContent(sectionID: id, offset: unsupported.offset, reason: unsupported.reason))
                spaces.isComplete = false
                r.position = r.end
                return
            }
        }
    }

    /// A nested core module: decoded and validated; errors are reported at their offset in
    /// the outermost binary.
    private mutating func readCoreModule(_ r: inout BinaryReader) throws {
        let range = r.position..<r.end
        let bytes = Array(r.bytes[range])
        let module: ModuleDefinition
        do {
            module = try decodeModule(bytes, features: features)
            try validateModule(module, features: features)
        } catch let e as DecodeError {
            throw DecodeError(e.message, offset: e.offset + range.lowerBound)
        } catch let e as ValidationError {
            throw ValidationError(e.message, functionIndex: e.functionIndex, offset: (e.offset ?? 0) + range.lowerBound)
        }
        component.coreModules.append(NestedCoreModule(module: module, range: range))
        spaces.add(.core(.module))
        r.position = r.end
    }

    private mutating func readNestedComponent(_ r: inout BinaryReader, at offset: Int) throws {
        guard depth + 1 < maxComponentNestingDepth else { throw r.nestingError() }
        var nested = ComponentDecoder(bytes: r.bytes, range: r.position..<r.end, features: features,
                                      depth: depth + 1, enclosing: [spaces] + enclosing)
        component.components.append(try nested.decode())
        spaces.add(.component)
        r.position = r.end
    }
}
