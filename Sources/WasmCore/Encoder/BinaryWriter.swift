/// A growable byte buffer with the primitive encodings of the binary format (core spec §5.2):
/// LEB128 integers, IEEE 754 floats, names and length-prefixed vectors.
public struct BinaryWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func byte(_ b: UInt8) { bytes.append(b) }

    public mutating func append(_ bs: [UInt8]) { bytes.append(contentsOf: bs) }

    /// Unsigned LEB128 of up to 64 bits.
    public mutating func unsigned(_ value: UInt64) { bytes.appendUnsignedLEB128(value) }

    public mutating func u32(_ value: UInt32) { unsigned(UInt64(value)) }

    /// Signed LEB128 of up to 64 bits (also used for `s33` block type indices).
    public mutating func signed(_ value: Int64) {
        var v = value
        while true {
            let b = UInt8(truncatingIfNeeded: v) & 0x7F
            v >>= 7
            let done = (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0)
            bytes.append(done ? b : b | 0x80)
            if done { return }
        }
    }

    /// Little-endian fixed-width bytes of a float's bit pattern.
    public mutating func fixed32(_ bits: UInt32) { bytes.appendLittleEndian(bits) }

    public mutating func fixed64(_ bits: UInt64) { bytes.appendLittleEndian(bits) }

    /// A vector length (u32); lengths beyond `UInt32.max` cannot occur in valid modules.
    public mutating func length(_ n: Int) { unsigned(UInt64(n)) }

    /// A UTF-8 name, length-prefixed.
    public mutating func name(_ s: String) {
        let utf8 = Array(s.utf8)
        length(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    /// A length-prefixed byte string.
    public mutating func sized(_ bs: [UInt8]) {
        length(bs.count)
        bytes.append(contentsOf: bs)
    }

    /// A vector of items, each written by `body`.
    public mutating func vector<T>(_ items: [T], _ body: (inout BinaryWriter, T) -> Void) {
        length(items.count)
        for item in items { body(&self, item) }
    }
}
