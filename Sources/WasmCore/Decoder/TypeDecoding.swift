/// Decoding of types (core spec §5.3): value, reference, function, limits, table, memory,
/// global and block types.
extension BinaryReader {
    /// The error for the `v128` type and `0xFD`-prefixed instructions until SIMD is implemented.
    static let simdUnsupported = "SIMD is not supported (v128 / 0xFD prefix)"

    mutating func readValueType() throws(DecodeError) -> ValueType {
        let start = position
        let b = try readByte()
        guard let t = ValueType(byte: b) else { throw error("malformed value type", at: start) }
        if t == .v128 { throw error(Self.simdUnsupported, at: start) }
        return t
    }

    mutating func readRefType() throws(DecodeError) -> RefType {
        let start = position
        let b = try readByte()
        guard let t = RefType(rawValue: b) else { throw error("malformed reference type", at: start) }
        return t
    }

    /// `0x60 t1* t2*`. The form byte is an s7 LEB128 (-0x20), so `0xE0 0x7F` is
    /// "integer representation too long".
    mutating func readFuncType() throws(DecodeError) -> FuncType {
        let start = position
        guard try readSignedLEB(bits: 7) == -0x20 else { throw error("malformed function type", at: start) }
        let params = try readVector { (r: inout BinaryReader) throws(DecodeError) in try r.readValueType() }
        let results = try readVector { (r: inout BinaryReader) throws(DecodeError) in try r.readValueType() }
        return FuncType(params: params, results: results)
    }

    /// Limits: a one-bit LEB128 flag (so `0x02` is "integer too large"), `min`, and `max` if flagged.
    mutating func readLimits() throws(DecodeError) -> Limits {
        let flag = try readUnsignedLEB(bits: 1)
        let min = try readU32()
        let max: UInt32? = flag == 1 ? try readU32() : nil
        return Limits(min: UInt64(min), max: max.map(UInt64.init))
    }

    mutating func readTableType() throws(DecodeError) -> TableType {
        let elementType = try readRefType()
        return TableType(elementType: elementType, limits: try readLimits())
    }

    mutating func readMemoryType() throws(DecodeError) -> MemoryType {
        MemoryType(limits: try readLimits())
    }

    mutating func readGlobalType() throws(DecodeError) -> GlobalType {
        let valueType = try readValueType()
        let start = position
        let b = try readByte()
        guard let mutability = Mutability(rawValue: b) else { throw error("malformed mutability", at: start) }
        return GlobalType(valueType: valueType, mutability: mutability)
    }

    /// `0x40` (empty), a value type, or a non-negative s33 type index.
    mutating func readBlockType() throws(DecodeError) -> BlockType {
        let start = position
        guard let b = peekByte() else { throw error(Self.unexpectedEnd) }
        if b == 0x40 {
            position += 1
            return .empty
        }
        if ValueType(byte: b) != nil {
            return .value(try readValueType())
        }
        let index = try readS33()
        guard index >= 0, index <= Int64(UInt32.max) else { throw error("malformed block type", at: start) }
        return .typeIndex(UInt32(index))
    }

    /// A reserved byte that must be `0x00` (memory and table immediates of Wasm 2.0).
    mutating func readZeroByte() throws(DecodeError) {
        let start = position
        guard try readByte() == 0 else { throw error("zero byte expected", at: start) }
    }
}
