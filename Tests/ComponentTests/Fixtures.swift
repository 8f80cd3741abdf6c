import Foundation

/// The committed component fixtures (see Fixtures/README.md), read from the source tree.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static let componentNames = ["minimal.component.wasm", "adder.component.wasm", "nested.component.wasm", "newer.component.wasm"]

    /// A component preamble: `\0asm`, version 0x0d, layer 1.
    static let preamble: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00]

    /// The smallest valid core module: header only.
    static let emptyModule: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

    /// A section: id, LEB128 size, content.
    static func section(_ id: UInt8, _ content: [UInt8]) -> [UInt8] {
        [id] + leb(UInt32(content.count)) + content
    }

    static func leb(_ value: UInt32) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        repeat {
            var b = UInt8(v & 0x7F)
            v >>= 7
            if v != 0 { b |= 0x80 }
            out.append(b)
        } while v != 0
        return out
    }

    /// A name: length and UTF-8 bytes.
    static func name(_ s: String) -> [UInt8] { leb(UInt32(s.utf8.count)) + Array(s.utf8) }

    /// The offsets at which top-level sections start or the binary ends, by a walk independent
    /// of the decoder (id byte, LEB128 size, skip): cutting a component there leaves a valid one.
    static func sectionBoundaries(_ bytes: [UInt8]) -> Set<Int> {
        var boundaries: Set<Int> = [8]
        var p = 8
        while p < bytes.count {
            p += 1
            var size = 0, shift = 0
            while p < bytes.count {
                let b = bytes[p]
                p += 1
                size |= Int(b & 0x7F) << shift
                shift += 7
                if b & 0x80 == 0 { break }
            }
            p += size
            boundaries.insert(p)
        }
        return boundaries
    }
}
