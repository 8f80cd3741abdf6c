/// The two integer encodings every byte writer here shares: the binary format's unsigned
/// LEB128 (core spec §5.2.2), also used by precompiled artifacts, and fixed-width little endian.
extension Array where Element == UInt8 {
    /// Appends `value` as unsigned LEB128: seven bits a byte, low bits first, the high bit set on
    /// every byte but the last.
    @inlinable
    public mutating func appendUnsignedLEB128(_ value: UInt64) {
        var v = value
        repeat {
            var b = UInt8(v & 0x7F)
            v >>= 7
            if v != 0 { b |= 0x80 }
            append(b)
        } while v != 0
    }

    /// Appends the bytes of `value`, least significant first.
    @inlinable
    public mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        var v = value.littleEndian
        Swift.withUnsafeBytes(of: &v) { append(contentsOf: $0) }
    }
}
