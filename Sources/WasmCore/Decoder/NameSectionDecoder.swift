/// Decoding of the `name` custom section (core spec, appendix 7.4): module name, function
/// names and local names. Other subsections are skipped. A malformed name section yields
/// nil; it is never an error for the module.
enum NameSectionDecoder {
    /// Decodes a `name` section payload (the bytes after the section's name).
    static func decode(_ payload: [UInt8]) -> NameSection? {
        var reader = BinaryReader(payload)
        var names = NameSection()
        var lastID = -1
        do throws(DecodeError) {
            while !reader.isAtEnd {
                let id = Int(try reader.readByte())
                // Subsections appear at most once, in increasing order of id.
                guard id > lastID else { return nil }
                lastID = id
                let size = try reader.readLength()
                let end = reader.position + size
                var sub = BinaryReader(payload, start: reader.position, end: end)
                switch id {
                case 0: names.moduleName = try sub.readName()
                case 1: names.functionNames = try readNameMap(&sub)
                case 2:
                    let count = try sub.readLength()
                    for _ in 0..<count {
                        let function = try sub.readU32()
                        guard names.localNames[function] == nil else { return nil }
                        names.localNames[function] = try readNameMap(&sub)
                    }
                default: try sub.skip(sub.remaining)
                }
                guard sub.isAtEnd else { return nil }
                try reader.skip(size)
            }
        } catch {
            return nil
        }
        return names
    }

    /// `vec(idx name)` with strictly increasing indices.
    private static func readNameMap(_ reader: inout BinaryReader) throws(DecodeError) -> [UInt32: String] {
        let count = try reader.readLength()
        var map: [UInt32: String] = [:]
        var last: UInt32?
        for _ in 0..<count {
            let index = try reader.readU32()
            if let last, index <= last { throw reader.error("name map indices out of order") }
            last = index
            map[index] = try reader.readName()
        }
        return map
    }
}
