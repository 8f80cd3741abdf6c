/// The module decoder (core spec §5.5): header, sections in order, and the cross-section checks.
///
/// Like the reference interpreter, section contents are read from the module stream and the
/// section size is checked afterwards ("section size mismatch"), so the error messages for
/// inconsistent sizes and counts are the ones the spec test suite expects.

/// Decodes a module binary. Throws `DecodeError` (offset + spec-like message) for malformed input.
public func decodeModule(_ bytes: [UInt8], features: Features = .wasm2) throws -> ModuleDefinition {
    var decoder = ModuleDecoder(bytes: bytes, features: features)
    var none = NoBodyVisitor()
    return try decoder.decode(visitor: &none)
}

/// Section ids (§5.5.2).
enum SectionID: UInt8 {
    case custom = 0, type, `import`, function, table, memory, global, export, start, element, code, data, dataCount

    /// Position in the required order of non-custom sections (the data count section comes
    /// before the code section).
    var order: Int {
        switch self {
        case .custom: return 0
        case .dataCount: return 10
        case .code: return 11
        case .data: return 12
        default: return Int(rawValue)
        }
    }
}

struct ModuleDecoder {
    var reader: BinaryReader
    let features: Features
    var module = ModuleDefinition()
    /// Whether a function body uses `memory.init` or `data.drop`.
    var usesDataIndices = false
    /// Set before `decode` to skip the code section's bodies (parallel decoding): each body's
    /// byte range is recorded here, and `module.codes` gets an empty placeholder for it.
    var deferredBodies: [Range<Int>]? = nil

    init(bytes: [UInt8], features: Features) {
        self.reader = BinaryReader(bytes)
        self.features = features
    }

    /// Decodes the module; `visitor` sees the code section's bodies while they are read.
    mutating func decode<Visitor: FunctionBodyVisitor & ~Copyable>(visitor: inout Visitor) throws(DecodeError) -> ModuleDefinition {
        try readHeader()
        var lastOrder = 0
        while !reader.isAtEnd {
            let idStart = reader.position
            let idByte = try reader.readByte()
            guard let id = SectionID(rawValue: idByte) else {
                throw DecodeError("malformed section id", offset: idStart)
            }
            if id != .custom {
                guard id.order > lastOrder else {
                    throw DecodeError("unexpected content after last section", offset: idStart)
                }
                lastOrder = id.order
            }
            let size = try reader.readLength()
            let contentStart = reader.position
            if id == .code {
                visitor.codeSectionStarts(module)
                try readCodeSection(visitor: &visitor)
            } else {
                try readSection(id, size: size)
            }
            guard reader.position == contentStart + size else {
                throw DecodeError("section size mismatch", offset: contentStart)
            }
        }
        try checkConsistency()
        return module
    }

    /// `\0asm` and version 1.
    private mutating func readHeader() throws(DecodeError) {
        let bytes = reader.bytes
        guard bytes.count >= 4 else { throw DecodeError("unexpected end", offset: bytes.count) }
        guard bytes[0..<4] == [0x00, 0x61, 0x73, 0x6D] else {
            throw DecodeError("magic header not detected", offset: 0)
        }
        guard bytes.count >= 8 else { throw DecodeError("unexpected end", offset: bytes.count) }
        guard bytes[4..<8] == [0x01, 0x00, 0x00, 0x00] else {
            throw DecodeError("unknown binary version", offset: 4)
        }
        try reader.skip(8)
    }

    private mutating func readSection(_ id: SectionID, size: Int) throws(DecodeError) {
        switch id {
        case .custom: try readCustomSection(size: size)
        case .type: module.types = try reader.readVector { (r: inout BinaryReader) throws(DecodeError) in try r.readFuncType() }
        case .import: module.imports = try reader.readVector { (r: inout BinaryReader) throws(DecodeError) in try r.readImport() }
        case .function: module.functions = try reader.readVector { (r: inout BinaryReader) throws(DecodeError) in try r.readU32() }
        case .table: module.tables = try reader.readVector { (r: inout BinaryReader) throws(DecodeError) in try r.readTableType() }
        case .memory: module.memories = try reader.readVector { (r: inout BinaryReader) throws(DecodeError) in try r.readMemoryType() }
        case .global:
            let features = self.features
            module.globals = try reader.readVector { (r: inout BinaryReader) throws(DecodeError) in
                try r.readGlobal(features: features)
            }
        case .export: module.exports = try reader.readVector { (r: inout BinaryReader) throws(DecodeError) in try r.readExport() }
        case .start: module.start = try reader.readU32()
        case .element:
            let features = self.features
            module.elements = try reader.readVector { (r: inout BinaryReader) throws(DecodeError) in
                try r.readElementSegment(features: features)
            }
        case .dataCount: module.dataCount = try reader.readU32()
        case .code:
            var none = NoBodyVisitor()
            try readCodeSection(visitor: &none)
        case .data:
            let features = self.features
            module.datas = try reader.readVector { (r: inout BinaryReader) throws(DecodeError) in
                try r.readDataSegment(features: features)
            }
        }
    }

    /// A custom section: a name, then payload bytes up to the section end. Read within the
    /// section's bounds. The first `name` section also fills `module.names` if it is well-formed.
    private mutating func readCustomSection(size: Int) throws(DecodeError) {
        let end = reader.position + size
        var sub = BinaryReader(reader.bytes, start: reader.position, end: end)
        let name = try sub.readName()
        let payload = Array(try sub.readBytes(sub.remaining))
        module.customSections.append(CustomSection(name: name, bytes: payload))
        if name == "name", module.names == nil {
            module.names = NameSectionDecoder.decode(payload)
        }
        try reader.skip(size)
    }

    /// `vec(code)`: each body is `size locals* expr`.
    private mutating func readCodeSection<Visitor: FunctionBodyVisitor & ~Copyable>(visitor: inout Visitor) throws(DecodeError) {
        let count = try reader.readLength()
        module.codes.reserveCapacity(count)
        if deferredBodies != nil { try skipCodeSection(count: count); return }
        for index in 0..<count {
            let size = try reader.readLength()
            let bodyStart = reader.position
            let body = try reader.readFunctionBody(
                features: features, byteCount: size, usesDataIndices: &usesDataIndices, index: index, visitor: &visitor)
            guard reader.position == bodyStart + size else {
                throw DecodeError("section size mismatch", offset: bodyStart)
            }
            module.codes.append(body)
        }
    }

    /// The deferred form of `readCodeSection`: records each body's range without reading it.
    /// Errors need not match the full decode's: callers fall back to it on any error.
    private mutating func skipCodeSection(count: Int) throws(DecodeError) {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(count)
        for _ in 0..<count {
            let size = try reader.readLength()
            let bodyStart = reader.position
            try reader.skip(size)
            ranges.append(bodyStart..<bodyStart + size)
            module.codes.append(FunctionBody(locals: [], instructions: []))
        }
        deferredBodies = ranges
    }

    /// Checks between sections, done at the end as in the reference interpreter.
    private func checkConsistency() throws(DecodeError) {
        let end = reader.bytes.count
        guard module.functions.count == module.codes.count else {
            throw DecodeError("function and code section have inconsistent lengths", offset: end)
        }
        if let count = module.dataCount, Int(count) != module.datas.count {
            throw DecodeError("data count and data section have inconsistent lengths", offset: end)
        }
        if module.dataCount == nil, usesDataIndices {
            throw DecodeError("data count section required", offset: end)
        }
    }
}
