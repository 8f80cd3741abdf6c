import Testing
import WAT
@testable import WasmCore

/// The `name` custom section: decoded into `ModuleDefinition.names` when well-formed, ignored
/// (kept only as a custom section) when malformed.
@Suite struct DecoderNameSectionTests {
    func nameSection(_ subsections: [UInt8]...) -> [UInt8] {
        Bin.section(0, Bin.name("name") + subsections.flatMap { $0 })
    }

    func sub(_ id: UInt8, _ contents: [UInt8]) -> [UInt8] {
        [id] + Bin.u(UInt64(contents.count)) + contents
    }

    @Test func namesFromWAT() throws {
        let bytes = try wat2wasm("""
        (module $mod
          (import "env" "imp" (func $imported))
          (func $first (param $x i32) (local $y i64) (local i32))
          (func $second))
        """, options: EncodeOptions(nameSection: true))
        let m = try decodeModule(bytes)
        let names = try #require(m.names)
        #expect(names.moduleName == "mod")
        #expect(names.functionNames == [0: "imported", 1: "first", 2: "second"])
        #expect(names.localNames[1] == [0: "x", 1: "y"])
        #expect(m.customSections(named: "name").count == 1)
    }

    @Test func handBuiltSubsections() throws {
        let bytes = Bin.module(nameSection(
            sub(0, Bin.name("m")),
            sub(1, [0x02, 0x00] + Bin.name("a") + [0x03] + Bin.name("ü")),
            sub(2, [0x01, 0x03, 0x02, 0x00] + Bin.name("p") + [0x05] + Bin.name("q")),
            sub(9, [0xDE, 0xAD])   // unknown subsection, skipped
        ))
        let names = try #require(try decodeModule(bytes).names)
        #expect(names == NameSection(moduleName: "m", functionNames: [0: "a", 3: "ü"], localNames: [3: [0: "p", 5: "q"]]))
    }

    @Test func malformedNameSectionsAreIgnored() throws {
        let malformed: [[UInt8]] = [
            nameSection(sub(1, [0x01, 0x00, 0x01, 0xFF])),                    // bad UTF-8
            nameSection(sub(1, [0x00]), sub(0, Bin.name("m"))),               // out of order
            nameSection(sub(0, Bin.name("m")), sub(0, Bin.name("n"))),        // duplicate
            nameSection(sub(1, [0x02, 0x00] + Bin.name("a"))),                // vector too short
            nameSection(sub(0, Bin.name("m") + [0x00])),                      // trailing byte in subsection
            nameSection([0x01, 0x10, 0x00]),                                  // subsection size too large
            nameSection(sub(1, [0x02, 0x03] + Bin.name("a") + [0x01] + Bin.name("b"))), // indices not increasing
        ]
        for bytes in malformed {
            let m = try decodeModule(Bin.module(bytes))
            #expect(m.names == nil, "\(bytes)")
            #expect(m.customSections.count == 1)
            #expect(m.customSections.first?.name == "name")
        }
    }

    @Test func onlyTheFirstNameSectionIsDecoded() throws {
        let bytes = Bin.module(nameSection(sub(0, Bin.name("one"))), nameSection(sub(0, Bin.name("two"))))
        let m = try decodeModule(bytes)
        #expect(m.names?.moduleName == "one")
        #expect(m.customSections(named: "name").count == 2)
    }

    @Test func malformedCustomSectionNameIsAnError() {
        // The custom section's own name must still be valid UTF-8.
        let bytes = Bin.module(Bin.section(0, [0x01, 0xC0]))
        #expect(decodeError(bytes)?.message == "malformed UTF-8 encoding")
    }
}
