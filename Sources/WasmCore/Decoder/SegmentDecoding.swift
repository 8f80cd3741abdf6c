/// Decoding of element segments (core spec §5.5.12, all eight flag forms) and data segments
/// (§5.5.14, three forms).
extension BinaryReader {
    mutating func readElementSegment(features: Features) throws(DecodeError) -> ElementSegment {
        let flagsStart = position
        let flags = try readU32()
        guard flags <= 7 else { throw error("malformed elements segment kind", at: flagsStart) }
        if flags != 0, !features.contains(.bulkMemory), !features.contains(.referenceTypes) {
            throw error("element segment form \(flags) requires the bulk memory or reference types proposal", at: flagsStart)
        }
        // Bit 0: passive or declarative (else active); bit 1: explicit table index (active) or
        // declarative (passive); bit 2: items are expressions (else function indices).
        let isPassiveOrDeclarative = flags & 1 != 0
        let hasTableIndexOrIsDeclarative = flags & 2 != 0
        let usesExpressions = flags & 4 != 0

        var mode: ElementSegment.Mode
        if isPassiveOrDeclarative {
            mode = hasTableIndexOrIsDeclarative ? .declarative : .passive
        } else {
            let tableIndex = hasTableIndexOrIsDeclarative ? try readU32() : 0
            mode = .active(tableIndex: tableIndex, offset: try readConstExpr(features: features))
        }

        var type = RefType.funcref
        let hasTypeByte = isPassiveOrDeclarative || hasTableIndexOrIsDeclarative
        if usesExpressions {
            if hasTypeByte { type = try readRefType() }
            let items = try readVector { (r: inout BinaryReader) throws(DecodeError) in
                try r.readConstExpr(features: features)
            }
            return ElementSegment(type: type, mode: mode, items: items)
        }
        if hasTypeByte {
            let kindStart = position
            guard try readByte() == 0x00 else { throw error("malformed element kind", at: kindStart) }
        }
        let items = try readVector { (r: inout BinaryReader) throws(DecodeError) in
            ConstExpr([.refFunc(try r.readU32())])
        }
        return ElementSegment(type: type, mode: mode, items: items)
    }

    mutating func readDataSegment(features: Features) throws(DecodeError) -> DataSegment {
        let flagsStart = position
        let flags = try readU32()
        guard flags <= 2 else { throw error("malformed data segment kind", at: flagsStart) }
        if flags != 0, !features.contains(.bulkMemory) {
            throw error("data segment form \(flags) requires the bulk memory proposal", at: flagsStart)
        }
        let mode: DataSegment.Mode
        switch flags {
        case 1: mode = .passive
        case 2:
            let memoryIndex = try readU32()
            mode = .active(memoryIndex: memoryIndex, offset: try readConstExpr(features: features))
        default: mode = .active(memoryIndex: 0, offset: try readConstExpr(features: features))
        }
        let count = try readLength()
        return DataSegment(mode: mode, bytes: Array(try readBytes(count)))
    }
}
