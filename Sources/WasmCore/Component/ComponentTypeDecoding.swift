/// Decoding of component types (component model `Binary.md`, "Type Definitions").
///
/// Type opcodes the decoder does not know throw `UnsupportedComponentEncoding`: the section
/// decoder then skips the rest of that section (the format has no per-item sizes).

/// An encoding this decoder does not model (newer type or canon opcodes); not an error of the
/// input by itself.
struct UnsupportedComponentEncoding: Error {
    var offset: Int
    var reason: String
}

/// How deep component types and nested components may nest (components inside components,
/// instance types inside component types, ...). Deeper input is rejected, so decoding never
/// recurses without bound.
public let maxComponentNestingDepth = 64

extension BinaryReader {
    func nestingError() -> DecodeError { error("nesting too deep (more than \(maxComponentNestingDepth) levels)") }

    /// `0x00` (none) or `0x01 T`.
    mutating func readOptional<T>(_ what: String, _ item: (inout BinaryReader) throws -> T) throws -> T? {
        let start = position
        switch try readByte() {
        case 0x00: return nil
        case 0x01: return try item(&self)
        default: throw error("malformed \(what): invalid leading byte", at: start)
        }
    }

    /// A vector whose items may throw any error (the core `readVector` is typed).
    mutating func readItems<T>(_ item: (inout BinaryReader) throws -> T) throws -> [T] {
        let count = try readLength()
        var result: [T] = []
        result.reserveCapacity(Swift.min(count, 1024))
        for _ in 0..<count { result.append(try item(&self)) }
        return result
    }

    /// `valtype`: a primitive opcode or a non-negative s33 type index.
    mutating func readComponentValType() throws -> ComponentValType {
        let start = position
        guard let b = peekByte() else { throw error(Self.unexpectedEnd) }
        if let p = ComponentPrimitiveType(rawValue: b) {
            position += 1
            return .primitive(p)
        }
        let index = try readS33()
        guard index >= 0, index <= Int64(UInt32.max) else { throw error("malformed value type", at: start) }
        return .typeIndex(UInt32(index))
    }

    mutating func readLabeledValType() throws -> LabeledValType {
        let label = try readName()
        return LabeledValType(label: label, type: try readComponentValType())
    }

    /// A `defvaltype` after its opcode `op` (read at `start`).
    mutating func readDefinedType(opcode op: UInt8, at start: Int) throws -> ComponentDefinedType {
        if let p = ComponentPrimitiveType(rawValue: op) { return .primitive(p) }
        switch op {
        case 0x72: return .record(try readItems { try $0.readLabeledValType() })
        case 0x71:
            return .variant(try readItems { (r: inout BinaryReader) in
                let label = try r.readName()
                let type = try r.readOptional("variant case type") { try $0.readComponentValType() }
                let refinesStart = r.position
                guard try r.readByte() == 0x00 else { throw r.error("malformed variant case: refines is not supported", at: refinesStart) }
                return VariantCase(label: label, type: type)
            })
        case 0x70: return .list(try readComponentValType())
        case 0x67:
            let element = try readComponentValType()
            return .fixedSizeList(element, length: try readU32())
        case 0x6F: return .tuple(try readItems { try $0.readComponentValType() })
        case 0x6E: return .flags(try readItems { try $0.readName() })
        case 0x6D: return .enumeration(try readItems { try $0.readName() })
        case 0x6B: return .option(try readComponentValType())
        case 0x6A:
            let ok = try readOptional("result type") { try $0.readComponentValType() }
            return .result(ok: ok, error: try readOptional("result error type") { try $0.readComponentValType() })
        case 0x69: return .own(try readU32())
        case 0x68: return .borrow(try readU32())
        case 0x66: return .stream(try readOptional("stream type") { try $0.readComponentValType() })
        case 0x63:
            let key = try readComponentValType()
            return .map(key: key, value: try readComponentValType())
        case 0x65: return .future(try readOptional("future type") { try $0.readComponentValType() })
        default:
            throw UnsupportedComponentEncoding(offset: start, reason: "unknown type opcode 0x\(String(op, radix: 16))")
        }
    }

    /// A component function type after its opcode.
    mutating func readComponentFuncType(isAsync: Bool) throws -> ComponentFuncType {
        let params = try readItems { try $0.readLabeledValType() }
        let start = position
        let results: ComponentFuncResults
        switch try readByte() {
        case 0x00: results = .unnamed(try readComponentValType())
        case 0x01: results = .named(try readItems { try $0.readLabeledValType() })
        default: throw error("malformed function results: invalid leading byte", at: start)
        }
        return ComponentFuncType(params: params, results: results, isAsync: isAsync)
    }

    /// A component `type` (definition), nested `depth` levels deep.
    mutating func readComponentTypeDefinition(depth: Int) throws -> ComponentTypeDefinition {
        guard depth < maxComponentNestingDepth else { throw nestingError() }
        let start = position
        let op = try readByte()
        switch op {
        case 0x3F:
            let repStart = position
            guard try readByte() == 0x7F else { throw error("malformed resource type: representation must be i32", at: repStart) }
            return .resource(representation: .i32, destructor: try readOptional("resource destructor") { try $0.readU32() })
        case 0x40: return .function(try readComponentFuncType(isAsync: false))
        case 0x43: return .function(try readComponentFuncType(isAsync: true))
        case 0x41: return .component(try readTypeDeclarations(depth: depth + 1, allowsImports: true))
        case 0x42: return .instance(try readTypeDeclarations(depth: depth + 1, allowsImports: false))
        default: return .defined(try readDefinedType(opcode: op, at: start))
        }
    }

    /// The declarations of a component type (`allowsImports`) or an instance type.
    mutating func readTypeDeclarations(depth: Int, allowsImports: Bool) throws -> [ComponentTypeDeclaration] {
        try readItems { (r: inout BinaryReader) in
            let start = r.position
            switch try r.readByte() {
            case 0x00: return .coreType(try r.readCoreType(depth: depth))
            case 0x01: return .type(try r.readComponentTypeDefinition(depth: depth))
            case 0x02: return .alias(try r.readAlias())
            case 0x03 where allowsImports:
                let name = try r.readExternName()
                return .import(name: name, type: try r.readExternDesc())
            case 0x04:
                let name = try r.readExternName()
                return .export(name: name, type: try r.readExternDesc())
            default:
                throw r.error("malformed \(allowsImports ? "component" : "instance") type declaration: invalid leading byte", at: start)
            }
        }
    }

    /// A `core:type`: a core function type or a core module type.
    mutating func readCoreType(depth: Int) throws -> CoreTypeDefinition {
        guard depth < maxComponentNestingDepth else { throw nestingError() }
        let start = position
        guard let op = peekByte() else { throw error(Self.unexpectedEnd) }
        switch op {
        case 0x60: return .function(try readFuncType())
        case 0x50:
            position += 1
            return .module(try readItems { try $0.readCoreModuleTypeDeclaration() })
        default:
            throw UnsupportedComponentEncoding(offset: start, reason: "core type opcode 0x\(String(op, radix: 16)) (GC types)")
        }
    }

    mutating func readCoreModuleTypeDeclaration() throws -> CoreModuleTypeDeclaration {
        let start = position
        switch try readByte() {
        case 0x00: return .import(try readImport())
        case 0x01:
            guard peekByte() == 0x60 else {
                throw UnsupportedComponentEncoding(offset: position, reason: "non-function core type in a module type")
            }
            return .type(try readFuncType())
        case 0x02:
            let sortStart = position
            guard try readByte() == CoreSort.type.rawValue else { throw error("malformed outer alias: sort must be type", at: sortStart) }
            let targetStart = position
            guard try readByte() == 0x01 else { throw error("malformed outer alias target", at: targetStart) }
            let count = try readU32()
            return .outerTypeAlias(count: count, index: try readU32())
        case 0x03:
            let name = try readName()
            return .export(name: name, descriptor: try readImportDescriptor())
        default: throw error("malformed module type declaration: invalid leading byte", at: start)
        }
    }

    /// A core `importdesc` (kinds 0...3).
    mutating func readImportDescriptor() throws(DecodeError) -> ImportDescriptor {
        let start = position
        switch try readByte() {
        case 0x00: return .function(typeIndex: try readU32())
        case 0x01: return .table(try readTableType())
        case 0x02: return .memory(try readMemoryType())
        case 0x03: return .global(try readGlobalType())
        default: throw error("malformed import kind", at: start)
        }
    }
}
