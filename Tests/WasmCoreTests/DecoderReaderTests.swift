import Testing
@testable import WasmCore

/// LEB128, length, float and name reading of `BinaryReader` (core spec §5.2).
@Suite struct DecoderReaderTests {
    func u32(_ bytes: [UInt8]) throws -> UInt32 {
        var r = BinaryReader(bytes)
        return try r.readU32()
    }

    func s32(_ bytes: [UInt8]) throws -> Int32 {
        var r = BinaryReader(bytes)
        return try r.readS32()
    }

    func s64(_ bytes: [UInt8]) throws -> Int64 {
        var r = BinaryReader(bytes)
        return try r.readS64()
    }

    func message(_ body: () throws -> Any) -> String? {
        do {
            _ = try body()
            return nil
        } catch let e as DecodeError {
            return e.message
        } catch {
            return "\(error)"
        }
    }

    @Test func unsigned32() throws {
        #expect(try u32([0x00]) == 0)
        #expect(try u32([0x7F]) == 127)
        #expect(try u32([0x80, 0x01]) == 128)
        #expect(try u32([0xE5, 0x8E, 0x26]) == 624_485)
        #expect(try u32([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) == UInt32.max)
        // Non-minimal encodings are allowed up to 5 bytes.
        #expect(try u32([0x80, 0x80, 0x80, 0x80, 0x00]) == 0)
        #expect(try u32([0x83, 0x80, 0x00]) == 3)
    }

    @Test func unsigned32Errors() {
        #expect(message { try u32([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]) } == "integer representation too long")
        #expect(message { try u32([0xFF, 0xFF, 0xFF, 0xFF, 0x1F]) } == "integer too large")
        #expect(message { try u32([0x82, 0x80, 0x80, 0x80, 0x70]) } == "integer too large")
        #expect(message { try u32([0x80, 0x80]) } == "unexpected end of section or function")
        #expect(message { try u32([]) } == "unexpected end of section or function")
    }

    @Test func signed32() throws {
        #expect(try s32([0x7F]) == -1)
        #expect(try s32([0x3F]) == 63)
        #expect(try s32([0x40]) == -64)
        #expect(try s32([0xC0, 0x00]) == 64)
        #expect(try s32([0x80, 0x80, 0x80, 0x80, 0x78]) == Int32.min)
        #expect(try s32([0xFF, 0xFF, 0xFF, 0xFF, 0x07]) == Int32.max)
        #expect(try s32([0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) == -1)
    }

    @Test func signed32Errors() {
        // Unused bits of the last byte must replicate the sign bit (bit 3).
        #expect(message { try s32([0xFF, 0xFF, 0xFF, 0xFF, 0x4F]) } == "integer too large")
        #expect(message { try s32([0x80, 0x80, 0x80, 0x80, 0x08]) } == "integer too large")
        #expect(message { try s32([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) } == "integer representation too long")
    }

    @Test func signed33() throws {
        var r = BinaryReader([0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        #expect(try r.readS33() == 4_294_967_295)
        r = BinaryReader([0x80, 0x80, 0x80, 0x80, 0x70])
        #expect(try r.readS33() == -4_294_967_296)
        r = BinaryReader([0x80, 0x80, 0x80, 0x80, 0x20])
        #expect(message { try r.readS33() } == "integer too large")
    }

    @Test func signed64() throws {
        #expect(try s64([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F]) == Int64.min)
        #expect(try s64([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]) == Int64.max)
        #expect(try s64([0x7E]) == -2)
        #expect(message { try s64([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]) } == "integer too large")
        #expect(message { try s64([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]) }
            == "integer representation too long")
    }

    @Test func unsigned64() throws {
        var r = BinaryReader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(try r.readU64() == UInt64.max)
        r = BinaryReader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02])
        #expect(message { try r.readU64() } == "integer too large")
    }

    @Test func oneBitFlag() throws {
        var r = BinaryReader([0x01])
        #expect(try r.readUnsignedLEB(bits: 1) == 1)
        r = BinaryReader([0x02])
        #expect(message { try r.readUnsignedLEB(bits: 1) } == "integer too large")
        r = BinaryReader([0x81, 0x00])
        #expect(message { try r.readUnsignedLEB(bits: 1) } == "integer representation too long")
    }

    @Test func floatsAreLittleEndianBitPatterns() throws {
        var r = BinaryReader([0x00, 0x00, 0x80, 0x3F, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0x7F])
        #expect(try r.readF32Bits() == 0x3F80_0000)
        #expect(try r.readF64Bits() == 0x7FF8_0000_0000_0001)
        #expect(r.isAtEnd)
    }

    @Test func lengthsAreBoundedByTheInput() throws {
        var r = BinaryReader([0x03, 0xAA, 0xBB])
        // 3 <= 3 bytes counted from the length's own start.
        #expect(try r.readLength() == 3)
        r = BinaryReader([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00])
        #expect(message { try r.readLength() } == "length out of bounds")
        r = BinaryReader([0x05, 0x01, 0x02, 0x03, 0x04], start: 0, end: 3)
        #expect(message { try r.readLength() } == "length out of bounds")
    }

    @Test func namesAreValidatedUTF8() throws {
        var r = BinaryReader([0x02, 0xC3, 0xA9, 0x03, 0xE2, 0x82, 0xAC, 0x04, 0xF0, 0x9F, 0x98, 0x80])
        #expect(try r.readName() == "é")
        #expect(try r.readName() == "€")
        #expect(try r.readName() == "😀")
        let malformed: [[UInt8]] = [
            [0xC0, 0x80],             // overlong NUL
            [0xE0, 0x80, 0x80],       // overlong
            [0xED, 0xA0, 0x80],       // surrogate U+D800
            [0xF4, 0x90, 0x80, 0x80], // above U+10FFFF
            [0xF8, 0x88, 0x80, 0x80, 0x80],
            [0x80],                   // lone continuation byte
            [0xE2, 0x82],             // truncated
            [0xFF],
        ]
        for bytes in malformed {
            var m = BinaryReader([UInt8(bytes.count)] + bytes)
            #expect(message { try m.readName() } == "malformed UTF-8 encoding", "\(bytes)")
        }
    }

    @Test func errorOffsetsAreAbsolute() {
        var r = BinaryReader([0x00, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], start: 2)
        do {
            _ = try r.readU32()
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "integer representation too long")
            #expect(error.offset == 7)
        }
    }
}
