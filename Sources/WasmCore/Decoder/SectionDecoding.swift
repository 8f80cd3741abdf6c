/// Decoding of import, export and global entries (core spec §5.5.5, §5.5.9, §5.5.10).
extension BinaryReader {
    /// `module name importdesc`; the descriptor kind is a single byte 0...3.
    mutating func readImport() throws(DecodeError) -> Import {
        let module = try readName()
        let name = try readName()
        let kindStart = position
        let descriptor: ImportDescriptor
        switch try readByte() {
        case 0x00: descriptor = .function(typeIndex: try readU32())
        case 0x01: descriptor = .table(try readTableType())
        case 0x02: descriptor = .memory(try readMemoryType())
        case 0x03: descriptor = .global(try readGlobalType())
        default: throw error("malformed import kind", at: kindStart)
        }
        return Import(module: module, name: name, descriptor: descriptor)
    }

    /// `name exportdesc`; the descriptor kind is a single byte 0...3.
    mutating func readExport() throws(DecodeError) -> Export {
        let name = try readName()
        let kindStart = position
        guard let kind = ExternalKind(rawValue: try readByte()) else {
            throw error("malformed export kind", at: kindStart)
        }
        return Export(name: name, kind: kind, index: try readU32())
    }

    /// `globaltype expr`.
    mutating func readGlobal(features: Features) throws(DecodeError) -> GlobalDefinition {
        let type = try readGlobalType()
        return GlobalDefinition(type: type, initializer: try readConstExpr(features: features))
    }
}
