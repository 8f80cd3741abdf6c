/// A cursor over a module binary (core spec §5.1-5.2): bytes, LEB128 integers, floats, lengths
/// and names, each read checked against the end of its input.
///
/// Positions are absolute offsets in the module binary, so errors and instruction offsets
/// refer to the whole module even when reading a bounded sub-range (a custom section).
struct BinaryReader {
    let bytes: [UInt8]
    /// Offset of the next byte to read.
    var position: Int
    /// One past the last byte this reader may read.
    let end: Int

    /// A reader over `bytes[start..<end]` (the whole array by default).
    init(_ bytes: [UInt8], start: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        let limit = min(max(end ?? bytes.count, 0), bytes.count)
        self.end = limit
        self.position = min(max(start, 0), limit)
    }

    var isAtEnd: Bool { position >= end }
    var remaining: Int { end - position }

    /// The error thrown when the input ends in the middle of an item.
    static let unexpectedEnd = "unexpected end of section or function"

    func error(_ message: String, at offset: Int? = nil) -> DecodeError {
        DecodeError(message, offset: offset ?? position)
    }

    /// The next byte, without consuming it; nil at the end.
    func peekByte() -> UInt8? {
        position < end ? bytes[position] : nil
    }

    mutating func readByte() throws(DecodeError) -> UInt8 {
        guard position < end else { throw error(Self.unexpectedEnd) }
        let b = bytes[position]
        position += 1
        return b
    }

    /// Reads `count` raw bytes.
    mutating func readBytes(_ count: Int) throws(DecodeError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            position = end
            throw error(Self.unexpectedEnd)
        }
        let slice = bytes[position..<(position + count)]
        position += count
        return slice
    }

    /// Moves the cursor forward by `count` bytes.
    mutating func skip(_ count: Int) throws(DecodeError) {
        _ = try readBytes(count)
    }

    // MARK: LEB128 (§5.2.2)

    /// Reads an unsigned LEB128 integer of at most `bits` bits (1...64), enforcing the spec's
    /// length limit (`ceil(bits / 7)` bytes) and that unused bits of the last byte are zero.
    mutating func readUnsignedLEB(bits: Int) throws(DecodeError) -> UInt64 {
        var result: UInt64 = 0
        var shift = 0
        var bitsLeft = bits
        while true {
            guard bitsLeft > 0 else { throw error("integer representation too long") }
            let start = position
            let b = try readByte()
            if bitsLeft < 7, UInt64(b & 0x7F) >= (UInt64(1) << UInt64(bitsLeft)) {
                throw error("integer too large", at: start)
            }
            result |= UInt64(b & 0x7F) << UInt64(shift)
            if b & 0x80 == 0 { return result }
            shift += 7
            bitsLeft -= 7
        }
    }

    /// Reads a signed LEB128 integer of at most `bits` bits (1...64), enforcing the length limit and
    /// that unused bits of the last byte are a sign extension.
    mutating func readSignedLEB(bits: Int) throws(DecodeError) -> Int64 {
        var result: Int64 = 0
        var shift = 0
        var bitsLeft = bits
        while true {
            guard bitsLeft > 0 else { throw error("integer representation too long") }
            let start = position
            let b = try readByte()
            if bitsLeft < 7 {
                let mask = UInt8(truncatingIfNeeded: (-1 << (bitsLeft - 1))) & 0x7F
                let high = b & mask
                guard high == 0 || high == mask else { throw error("integer too large", at: start) }
            }
            result |= Int64(b & 0x7F) << Int64(shift)
            if b & 0x80 == 0 {
                let used = shift + 7
                if used < 64, b & 0x40 != 0 {
                    result |= -1 << Int64(used)
                }
                return result
            }
            shift += 7
            bitsLeft -= 7
        }
    }

    /// The next byte if it is a whole LEB128 integer by itself (high bit clear), consumed; else
    /// nil and nothing is consumed. One byte always fits 32 bits or more, so this fast path
    /// needs none of the length and unused-bit checks of the general readers.
    @inline(__always)
    mutating func readSingleByteLEB() -> UInt8? {
        guard position < end else { return nil }
        let b = bytes[position]
        guard b & 0x80 == 0 else { return nil }
        position += 1
        return b
    }

    /// Sign-extends the 7 payload bits of a one-byte signed LEB128.
    @inline(__always)
    static func signExtend7(_ b: UInt8) -> Int64 {
        Int64(Int8(bitPattern: b << 1) >> 1)
    }

    @inline(__always)
    mutating func readU32() throws(DecodeError) -> UInt32 {
        if let b = readSingleByteLEB() { return UInt32(b) }
        return UInt32(truncatingIfNeeded: try readUnsignedLEB(bits: 32))
    }

    mutating func readU64() throws(DecodeError) -> UInt64 {
        try readUnsignedLEB(bits: 64)
    }

    @inline(__always)
    mutating func readS32() throws(DecodeError) -> Int32 {
        if let b = readSingleByteLEB() { return Int32(truncatingIfNeeded: Self.signExtend7(b)) }
        return Int32(truncatingIfNeeded: try readSignedLEB(bits: 32))
    }

    mutating func readS33() throws(DecodeError) -> Int64 {
        try readSignedLEB(bits: 33)
    }

    @inline(__always)
    mutating func readS64() throws(DecodeError) -> Int64 {
        if let b = readSingleByteLEB() { return Self.signExtend7(b) }
        return try readSignedLEB(bits: 64)
    }

    // MARK: Floats (§5.2.3)

    /// Reads a little-endian 32-bit float's bit pattern.
    mutating func readF32Bits() throws(DecodeError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readLittleEndian(byteCount: 4))
    }

    /// Reads a little-endian 64-bit float's bit pattern.
    mutating func readF64Bits() throws(DecodeError) -> UInt64 {
        try readLittleEndian(byteCount: 8)
    }

    /// Reads `byteCount` (at most 8) bytes as a little-endian integer.
    private mutating func readLittleEndian(byteCount: Int) throws(DecodeError) -> UInt64 {
        guard byteCount <= remaining else {
            position = end
            throw error(Self.unexpectedEnd)
        }
        var v: UInt64 = 0
        for i in 0..<byteCount { v |= UInt64(bytes[position + i]) << UInt64(8 * i) }
        position += byteCount
        return v
    }

    // MARK: Lengths, vectors and names (§5.1.3, §5.2.4)

    /// Reads a u32 length or vector count that must not exceed the bytes left in the input
    /// (counted from the start of the length itself, as the reference interpreter does);
    /// throws "length out of bounds" otherwise. This bounds every allocation by the input size.
    mutating func readLength() throws(DecodeError) -> Int {
        let start = position
        let n = try readU32()
        guard Int(n) <= end - start else { throw error("length out of bounds", at: start) }
        return Int(n)
    }

    /// Reads a vector: a length, then `count` items read by `item`.
    mutating func readVector<T>(_ item: (inout BinaryReader) throws(DecodeError) -> T) throws(DecodeError) -> [T] {
        let count = try readLength()
        var result: [T] = []
        result.reserveCapacity(Swift.min(count, 4096))
        for _ in 0..<count {
            result.append(try item(&self))
        }
        return result
    }

    /// Reads a name: a byte vector that must be valid UTF-8 ("malformed UTF-8 encoding").
    mutating func readName() throws(DecodeError) -> String {
        let count = try readLength()
        let start = position
        let slice = try readBytes(count)
        guard UTF8Validation.isValid(slice) else { throw error("malformed UTF-8 encoding", at: start) }
        return String(decoding: slice, as: UTF8.self)
    }
}
