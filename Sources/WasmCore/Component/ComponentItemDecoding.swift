/// Decoding of the items of a component's instance, alias, canon, start, import and export
/// sections (component model `Binary.md`).
extension BinaryReader {
    mutating func readCoreSort() throws(DecodeError) -> CoreSort {
        let start = position
        guard let sort = CoreSort(rawValue: try readByte()) else { throw error("malformed core sort", at: start) }
        return sort
    }

    /// `sort`: `0x00 core:sort` or 0x01...0x05.
    mutating func readSort() throws(DecodeError) -> ComponentSort {
        let start = position
        switch try readByte() {
        case 0x00: return .core(try readCoreSort())
        case 0x01: return .function
        case 0x02: return .value
        case 0x03: return .type
        case 0x04: return .component
        case 0x05: return .instance
        default: throw error("malformed sort", at: start)
        }
    }

    mutating func readSortIndex() throws(DecodeError) -> ComponentSortIndex {
        let sort = try readSort()
        return ComponentSortIndex(sort: sort, index: try readU32())
    }

    /// `importname'` / `exportname'`: a discriminator byte (0x00 plain, 0x01 interface name in
    /// older encodings) and a name.
    mutating func readExternName() throws(DecodeError) -> String {
        let start = position
        guard try readByte() <= 0x01 else { throw error("malformed import or export name: invalid leading byte", at: start) }
        return try readName()
    }

    /// `externdesc`.
    mutating func readExternDesc() throws -> ComponentExternDesc {
        let start = position
        switch try readByte() {
        case 0x00:
            let sortStart = position
            guard try readByte() == CoreSort.module.rawValue else { throw error("malformed extern descriptor: core sort must be module", at: sortStart) }
            return .coreModule(typeIndex: try readU32())
        case 0x01: return .function(typeIndex: try readU32())
        case 0x02: return .value(try readComponentValType())
        case 0x03:
            let boundStart = position
            switch try readByte() {
            case 0x00: return .type(.equal(try readU32()))
            case 0x01: return .type(.subResource)
            default: throw error("malformed type bound", at: boundStart)
            }
        case 0x04: return .component(typeIndex: try readU32())
        case 0x05: return .instance(typeIndex: try readU32())
        default: throw error("malformed extern descriptor", at: start)
        }
    }

    mutating func readAlias() throws(DecodeError) -> ComponentAlias {
        let sort = try readSort()
        let start = position
        switch try readByte() {
        case 0x00:
            let instance = try readU32()
            return ComponentAlias(sort: sort, target: .instanceExport(instance: instance, name: try readName()))
        case 0x01:
            let instance = try readU32()
            return ComponentAlias(sort: sort, target: .coreInstanceExport(instance: instance, name: try readName()))
        case 0x02:
            let count = try readU32()
            return ComponentAlias(sort: sort, target: .outer(count: count, index: try readU32()))
        default: throw error("malformed alias target", at: start)
        }
    }

    mutating func readCoreInstance() throws -> CoreInstanceDefinition {
        let start = position
        switch try readByte() {
        case 0x00:
            let module = try readU32()
            let args = try readItems { (r: inout BinaryReader) in
                let name = try r.readName()
                let sortStart = r.position
                guard try r.readByte() == CoreSort.instance.rawValue else {
                    throw r.error("malformed instantiation argument: sort must be instance", at: sortStart)
                }
                return CoreInstantiationArgument(name: name, instance: try r.readU32())
            }
            return .instantiate(module: module, arguments: args)
        case 0x01:
            return .exports(try readItems { (r: inout BinaryReader) in
                let name = try r.readName()
                let sort = try r.readCoreSort()
                return CoreInlineExport(name: name, sort: sort, index: try r.readU32())
            })
        default: throw error("malformed core instance: invalid leading byte", at: start)
        }
    }

    mutating func readComponentInstance() throws -> ComponentInstanceDefinition {
        let start = position
        switch try readByte() {
        case 0x00:
            let component = try readU32()
            let args = try readItems { (r: inout BinaryReader) in
                let name = try r.readName()
                return ComponentNamedItem(name: name, item: try r.readSortIndex())
            }
            return .instantiate(component: component, arguments: args)
        case 0x01:
            return .exports(try readItems { (r: inout BinaryReader) in
                let name = try r.readExternName()
                return ComponentNamedItem(name: name, item: try r.readSortIndex())
            })
        default: throw error("malformed instance: invalid leading byte", at: start)
        }
    }

    /// A `canon` definition; builtins other than lift, lower and the resource functions throw
    /// `UnsupportedComponentEncoding`.
    mutating func readCanonicalFunction() throws -> CanonicalFunction {
        let start = position
        let op = try readByte()
        switch op {
        case 0x00:
            try readSortByte(0x00, "canon lift")
            let core = try readU32()
            let options = try readCanonicalOptions()
            return .lift(coreFunction: core, options: options, type: try readU32())
        case 0x01:
            try readSortByte(0x00, "canon lower")
            let function = try readU32()
            return .lower(function: function, options: try readCanonicalOptions())
        case 0x02: return .resourceNew(type: try readU32())
        case 0x03: return .resourceDrop(type: try readU32(), async: false)
        case 0x07: return .resourceDrop(type: try readU32(), async: true)
        case 0x04: return .resourceRep(type: try readU32())
        default:
            throw UnsupportedComponentEncoding(offset: start, reason: "canonical builtin 0x\(String(op, radix: 16))")
        }
    }

    private mutating func readSortByte(_ expected: UInt8, _ what: String) throws(DecodeError) {
        let start = position
        guard try readByte() == expected else { throw error("malformed \(what): invalid sort", at: start) }
    }

    mutating func readCanonicalOptions() throws -> [CanonicalOption] {
        try readItems { (r: inout BinaryReader) in
            let start = r.position
            let op = try r.readByte()
            switch op {
            case 0x00: return .utf8
            case 0x01: return .utf16
            case 0x02: return .compactUTF16
            case 0x03: return .memory(try r.readU32())
            case 0x04: return .realloc(try r.readU32())
            case 0x05: return .postReturn(try r.readU32())
            case 0x06: return .async
            case 0x07: return .callback(try r.readU32())
            default:
                throw UnsupportedComponentEncoding(offset: start, reason: "canonical option 0x\(String(op, radix: 16))")
            }
        }
    }

    mutating func readComponentStart() throws -> ComponentStart {
        let function = try readU32()
        let args = try readItems { try $0.readU32() }
        return ComponentStart(function: function, arguments: args, resultCount: try readU32())
    }
}
