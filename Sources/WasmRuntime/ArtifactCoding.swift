import WasmCore

/// Byte-level writing and bounds-checked reading of precompiled artifacts (see `ArtifactHeader`).
///
/// Integers are unsigned LEB128 (`varint`) or fixed little-endian (`fixed64`); arrays are a
/// varint count followed by the elements. The reader never traps on bad input: every read checks
/// the remaining length and throws `ArtifactError` with the offset of the failing read.

/// A growable buffer that artifact sections are written into.
public struct ArtifactWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func byte(_ b: UInt8) { bytes.append(b) }
    public mutating func bool(_ b: Bool) { bytes.append(b ? 1 : 0) }
    public mutating func raw(_ bs: [UInt8]) { bytes.append(contentsOf: bs) }

    /// Unsigned LEB128.
    public mutating func varint(_ value: UInt64) { bytes.appendUnsignedLEB128(value) }

    public mutating func u32(_ v: UInt32) { varint(UInt64(v)) }
    /// A signed 32-bit value, zig-zag encoded so small negatives stay short.
    public mutating func i32(_ v: Int32) { varint(UInt64(UInt32(bitPattern: (v << 1) ^ (v >> 31)))) }
    /// A non-negative `Int` (counts, offsets).
    public mutating func count(_ v: Int) { varint(UInt64(clamping: v)) }

    public mutating func fixed32(_ v: UInt32) { bytes.appendLittleEndian(v) }
    public mutating func fixed64(_ v: UInt64) { bytes.appendLittleEndian(v) }

    /// A length-prefixed byte string.
    public mutating func blob(_ bs: [UInt8]) {
        count(bs.count)
        bytes.append(contentsOf: bs)
    }

    public mutating func string(_ s: String) { blob(Array(s.utf8)) }
}

/// A bounds-checked cursor over artifact bytes.
public struct ArtifactReader: Sendable {
    public let bytes: [UInt8]
    public private(set) var position: Int
    /// Where the region being read ends (exclusive).
    public let end: Int

    public init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        let e = Swift.min(end ?? bytes.count, bytes.count)
        self.end = Swift.max(e, 0)
        position = Swift.min(Swift.max(start, 0), self.end)
    }

    public var isAtEnd: Bool { position >= end }
    public var remaining: Int { end - position }

    /// A `.malformed` error at the current position.
    public func fail(_ what: String) -> ArtifactError {
        ArtifactError(.malformed, "malformed artifact at byte \(position): \(what)")
    }

    public mutating func byte() throws(ArtifactError) -> UInt8 {
        guard position < end else { throw fail("unexpected end of section") }
        defer { position += 1 }
        return bytes[position]
    }

    public mutating func bool() throws(ArtifactError) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw fail("invalid boolean")
        }
    }

    public mutating func raw(_ n: Int) throws(ArtifactError) -> [UInt8] {
        guard n >= 0, n <= remaining else { throw fail("length \(n) exceeds the \(remaining) bytes left") }
        defer { position += n }
        return Array(bytes[position..<position + n])
    }

    public mutating func varint() throws(ArtifactError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            if shift == 63, b > 1 { throw fail("integer too large") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            guard shift <= 63 else { throw fail("integer too long") }
        }
    }

    public mutating func u32() throws(ArtifactError) -> UInt32 {
        guard let v = UInt32(exactly: try varint()) else { throw fail("value exceeds 32 bits") }
        return v
    }

    public mutating func i32() throws(ArtifactError) -> Int32 {
        let z = try u32()
        return Int32(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
    }

    /// A count or offset, at most `limit`.
    public mutating func count(max limit: Int = Int(Int32.max)) throws(ArtifactError) -> Int {
        let v = try varint()
        guard v <= UInt64(limit) else { throw fail("count \(v) exceeds \(limit)") }
        return Int(v)
    }

    /// A count of elements that each take at least `minBytes` bytes: rejects counts that cannot
    /// fit in what is left, before anything is allocated for them.
    public mutating func elementCount(minBytes: Int = 1) throws(ArtifactError) -> Int {
        let n = try count()
        guard n <= remaining / Swift.max(minBytes, 1) else { throw fail("count \(n) exceeds the \(remaining) bytes left") }
        return n
    }

    public mutating func fixed32() throws(ArtifactError) -> UInt32 {
        let bs = try raw(4)
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bs[i]) << (8 * UInt32(i)) }
        return v
    }

    public mutating func fixed64() throws(ArtifactError) -> UInt64 {
        let bs = try raw(8)
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bs[i]) << (8 * UInt64(i)) }
        return v
    }

    public mutating func blob() throws(ArtifactError) -> [UInt8] { try raw(try elementCount()) }

    public mutating func string() throws(ArtifactError) -> String {
        let bs = try blob()
        guard let s = String(validating: bs, as: UTF8.self) else { throw fail("invalid UTF-8") }
        return s
    }

    /// Throws unless every byte of the region was consumed.
    public func expectEnd(_ what: String) throws(ArtifactError) {
        guard position == end else { throw fail("\(end - position) unexpected bytes after \(what)") }
    }
}
