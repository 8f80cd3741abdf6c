import Testing
@testable import WasmCore

/// Malformed binaries built by hand: each is rejected with the spec's message at the offset
/// of the offending byte.
@Suite struct DecoderMalformedTests {
    func expectError(_ bytes: [UInt8], _ message: String, at offset: Int? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        guard let e = decodeError(bytes) else {
            Issue.record("decoded, expected \"\(message)\"", sourceLocation: sourceLocation)
            return
        }
        #expect(e.message.contains(message), "got \"\(e.message)\"", sourceLocation: sourceLocation)
        if let offset {
            #expect(e.offset == offset, "offset of \"\(e.message)\"", sourceLocation: sourceLocation)
        }
    }

    @Test func header() {
        expectError([], "unexpected end", at: 0)
        expectError([0x00, 0x61, 0x73], "unexpected end")
        expectError([0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00], "magic header not detected", at: 0)
        expectError([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00], "unexpected end")
        expectError([0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00], "unknown binary version", at: 4)
    }

    @Test func sectionFraming() {
        expectError(Bin.header + [0x0D, 0x00], "malformed section id", at: 8)
        expectError(Bin.header + [0x01], "unexpected end")
        expectError(Bin.header + [0x01, 0x05, 0x00], "length out of bounds", at: 9)
        // Type section of size 2 whose content (an empty vector) takes 1 byte.
        expectError(Bin.header + [0x01, 0x02, 0x00, 0x00], "section size mismatch", at: 10)
        // Custom section with a name longer than the section.
        expectError(Bin.header + [0x00, 0x02, 0x05, 0x61], "length out of bounds")
    }

    @Test func sectionOrder() {
        let type = Bin.section(1, [0x00]), imp = Bin.section(2, [0x00])
        expectError(Bin.module(imp, type), "unexpected content after last section", at: 11)
        expectError(Bin.module(type, type), "unexpected content after last section")
        // The data count section goes before the code section.
        expectError(Bin.module(Bin.section(10, [0x00]), Bin.section(12, [0x00])), "unexpected content after last section")
        #expect(decodeError(Bin.module(Bin.section(12, [0x00]), Bin.section(10, [0x00]))) == nil)
        // Custom sections may go anywhere.
        let custom = Bin.section(0, Bin.name("x"))
        #expect(decodeError(Bin.module(custom, type, custom, imp, custom)) == nil)
    }

    @Test func crossSectionConsistency() {
        let funcs = Bin.header + Bin.section(1, [0x01, 0x60, 0x00, 0x00]) + Bin.section(3, [0x01, 0x00])
        expectError(funcs, "function and code section have inconsistent lengths")
        expectError(Bin.module(Bin.section(12, [0x01])), "data count and data section have inconsistent lengths")
        // data.drop without a data count section.
        expectError(Bin.oneFunction(body: [0x00, 0xFC, 0x09, 0x00, 0x0B]), "data count section required")
        let withCount = Bin.oneFunction(body: [0x00, 0xFC, 0x09, 0x00, 0x0B], extra: [Bin.section(12, [0x01])])
            + Bin.section(11, [0x01, 0x01, 0x00])
        #expect(decodeError(withCount) == nil)
    }

    @Test func types() {
        expectError(Bin.module(Bin.section(1, [0x01, 0x61, 0x00, 0x00])), "malformed function type", at: 11)
        expectError(Bin.module(Bin.section(1, [0x01, 0x60, 0x01, 0x7A, 0x00])), "malformed value type", at: 13)
        expectError(Bin.module(Bin.section(1, [0x01, 0x60, 0x01, 0x7B, 0x00])), "SIMD is not supported", at: 13)
        expectError(Bin.module(Bin.section(4, [0x01, 0x7F, 0x00, 0x00])), "malformed reference type", at: 11)
        expectError(Bin.module(Bin.section(5, [0x01, 0x02, 0x00])), "integer too large", at: 11)
        expectError(Bin.module(Bin.section(5, [0x01, 0x03, 0x00, 0x00])), "integer too large")
        expectError(Bin.module(Bin.section(6, [0x01, 0x7F, 0x02, 0x41, 0x00, 0x0B])), "malformed mutability", at: 12)
    }

    @Test func importsAndExports() {
        expectError(Bin.module(Bin.section(2, [0x01, 0x00, 0x00, 0x04])), "malformed import kind", at: 13)
        expectError(Bin.module(Bin.section(7, [0x01, 0x00, 0x04, 0x00])), "malformed export kind", at: 12)
        expectError(Bin.module(Bin.section(2, [0x01, 0x01, 0xFF, 0x00, 0x00, 0x00])), "malformed UTF-8 encoding", at: 12)
    }

    @Test func segments() {
        expectError(Bin.module(Bin.section(9, [0x01, 0x08])), "malformed elements segment kind", at: 11)
        expectError(Bin.module(Bin.section(9, [0x01, 0x01, 0x01, 0x00])), "malformed element kind", at: 12)
        expectError(Bin.module(Bin.section(9, [0x01, 0x05, 0x7F, 0x00])), "malformed reference type", at: 12)
        expectError(Bin.module(Bin.section(11, [0x01, 0x03])), "malformed data segment kind", at: 11)
        // 5 bytes declared, 2 given: the length exceeds the input.
        expectError(Bin.module(Bin.section(11, [0x01, 0x01, 0x05, 0x61, 0x62])), "length out of bounds", at: 12)
        // 3 bytes declared, 2 given: the length fits the input counted from the length byte,
        // as in the reference interpreter, so the read runs out.
        expectError(Bin.module(Bin.section(11, [0x01, 0x01, 0x03, 0x61, 0x62])), "unexpected end of section or function")
    }

    @Test func functionBodies() {
        expectError(Bin.oneFunction(body: [0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x01, 0x7E, 0x0B]), "too many locals", at: 22)
        expectError(Bin.oneFunction(body: [0x00, 0x05, 0x0B]), "END opcode expected", at: 23)
        expectError(Bin.oneFunction(body: [0x00, 0x04, 0x40, 0x05, 0x05, 0x0B, 0x0B]), "END opcode expected", at: 26)
        // The body runs out at the end of the module.
        expectError(Bin.oneFunction(body: [0x00, 0x01]), "unexpected end of section or function")
        // A body that ends before its declared size.
        expectError(Bin.oneFunction(body: [0x00, 0x0B, 0x01]), "section size mismatch", at: 22)
        expectError(Bin.oneFunction(body: [0x00, 0x06, 0x0B]), "illegal opcode", at: 23)
        expectError(Bin.oneFunction(body: [0x00, 0xFC, 0x12, 0x0B]), "illegal opcode", at: 23)
        expectError(Bin.oneFunction(body: [0x00, 0xFD, 0x0C, 0x0B]), "SIMD is not supported", at: 23)
        expectError(Bin.oneFunction(body: [0x00, 0x02, 0x7B, 0x0B, 0x0B]), "SIMD is not supported", at: 24)
        expectError(Bin.oneFunction(body: [0x00, 0x02, 0x7A, 0x0B, 0x0B]), "malformed block type", at: 24)
        expectError(Bin.oneFunction(body: [0x00, 0xD0, 0x7F, 0x0B]), "malformed reference type", at: 24)
        expectError(Bin.oneFunction(body: [0x00, 0x41, 0x00, 0x28, 0x20, 0x00, 0x1A, 0x0B]), "malformed memop flags", at: 26)
    }

    @Test func reservedZeroBytes() {
        expectError(Bin.oneFunction(body: [0x00, 0x3F, 0x01, 0x1A, 0x0B]), "zero byte expected", at: 24)
        expectError(Bin.oneFunction(body: [0x00, 0x41, 0x00, 0x40, 0x80, 0x00, 0x1A, 0x0B]), "zero byte expected", at: 26)
        expectError(Bin.oneFunction(body: [0x00, 0xFC, 0x0B, 0x01, 0x0B]), "zero byte expected", at: 25)
        expectError(Bin.oneFunction(body: [0x00, 0xFC, 0x0A, 0x00, 0x01, 0x0B]), "zero byte expected", at: 26)
        expectError(Bin.oneFunction(body: [0x00, 0xFC, 0x08, 0x00, 0x01, 0x0B], extra: [Bin.section(12, [0x01])]),
                    "zero byte expected")
    }

    @Test func callIndirectTableIndexDependsOnReferenceTypes() throws {
        let body: [UInt8] = [0x00, 0x41, 0x00, 0x11, 0x00, 0x01, 0x0B]
        let m = try decodeModule(Bin.oneFunction(body: body))
        #expect(m.codes[0].instructions[1] == .callIndirect(typeIndex: 0, tableIndex: 1))
        do {
            _ = try decodeModule(Bin.oneFunction(body: body), features: [.mutableGlobals])
            Issue.record("expected zero byte expected")
        } catch let e as DecodeError {
            #expect(e.message == "zero byte expected")
            #expect(e.offset == 27)
        }
    }

    @Test func segmentFormsDependOnBulkMemory() {
        let passive = Bin.module(Bin.section(11, [0x01, 0x01, 0x00]))
        #expect(decodeError(passive) == nil)
        #expect(throws: DecodeError.self) { try decodeModule(passive, features: [.mutableGlobals]) }
    }
}
