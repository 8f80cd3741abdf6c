import Testing
import WasmCore

/// Malformed and invalid components: typed errors at the right offset of the outer binary.
@Suite struct ComponentErrorTests {
    typealias F = Fixtures

    func decodeError(_ bytes: [UInt8]) -> DecodeError? {
        do {
            _ = try decodeComponent(bytes)
            return nil
        } catch {
            return error as? DecodeError
        }
    }

    func validationError(_ bytes: [UInt8]) -> ValidationError? {
        do {
            _ = try decodeComponent(bytes)
            return nil
        } catch {
            return error as? ValidationError
        }
    }

    @Test func preambleErrors() {
        #expect(decodeError([]) == DecodeError("unexpected end", offset: 0))
        #expect(decodeError([0x00, 0x61, 0x73]) == DecodeError("unexpected end", offset: 3))
        #expect(decodeError([0x01, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00])?.message == "magic header not detected")
        #expect(decodeError(F.emptyModule) == DecodeError("not a component: the binary is a core module", offset: 6))
        #expect(decodeError([0x00, 0x61, 0x73, 0x6D, 0x0C, 0x00, 0x01, 0x00]) == DecodeError("unknown binary version", offset: 4))
        #expect(decodeError([0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01]) == DecodeError("unexpected end", offset: 7))
    }

    @Test func emptyComponentIsValid() throws {
        let c = try decodeComponent(F.preamble)
        #expect(c.imports.isEmpty && c.coreModules.isEmpty)
    }

    @Test func sectionErrors() {
        #expect(decodeError(F.preamble + [0x0D, 0x00]) == DecodeError("malformed section id", offset: 8))
        // A size running past the end.
        #expect(decodeError(F.preamble + [0x0A, 0x05, 0x00])?.message == "length out of bounds")
        // An import section with trailing bytes after its one import.
        let importSection = F.section(0x0A, [0x01, 0x00] + F.name("f") + [0x01, 0x00, 0xFF])
        let types = F.section(0x07, [0x01, 0x40, 0x00, 0x01, 0x00])
        #expect(decodeError(F.preamble + types + importSection)?.message == "section size mismatch")
    }

    /// Errors in a nested core module are reported at their offset in the outer binary.
    @Test func nestedModuleErrorsHaveOuterOffsets() throws {
        // (module (func (result i32))): an empty body where an i32 is expected.
        let module: [UInt8] = F.emptyModule + [0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7F, 0x03, 0x02, 0x01, 0x00, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B]
        let alone: ValidationError
        do {
            try validateModule(try decodeModule(module))
            Issue.record("the module should be invalid")
            return
        } catch let e as ValidationError { alone = e }
        let outer = try #require(validationError(F.preamble + F.section(0x01, module)))
        #expect(outer.message == alone.message)
        #expect(outer.offset == (alone.offset ?? 0) + 10)

        let truncated = Array(module.dropLast(3))
        let decodeAlone = try #require({ () -> DecodeError? in
            do { _ = try decodeModule(truncated); return nil } catch { return error as? DecodeError }
        }())
        let decodeOuter = try #require(decodeError(F.preamble + F.section(0x01, truncated) + F.section(0x01, F.emptyModule)))
        #expect(decodeOuter == DecodeError(decodeAlone.message, offset: decodeAlone.offset + 10))
    }

    @Test func forwardReferencesAreInvalid() {
        // (core instance (instantiate 0)) with no module.
        let e = validationError(F.preamble + F.section(0x02, [0x01, 0x00, 0x00, 0x00]))
        #expect(e?.message == "unknown core module 0: core module index out of bounds")
        #expect(e?.offset == 11)
        // The same after a module is fine.
        #expect(validationError(F.preamble + F.section(0x01, F.emptyModule) + F.section(0x02, [0x01, 0x00, 0x00, 0x00])) == nil)
        // An export of function 0 when there is none.
        let export = F.section(0x0B, [0x01, 0x00] + F.name("f") + [0x01, 0x00, 0x00])
        #expect(validationError(F.preamble + export)?.message == "unknown func 0: func index out of bounds")
    }

    @Test func duplicateNamesAreInvalid() {
        let types = F.section(0x07, [0x01, 0x40, 0x00, 0x01, 0x00])
        let one: [UInt8] = [0x00] + F.name("f") + [0x01, 0x00]
        let imports = F.section(0x0A, [0x02] + one + one)
        #expect(validationError(F.preamble + types + imports)?.message == "duplicate import name \"f\"")
    }

    @Test func outerAliasesAreChecked() {
        // (alias outer 1 0 (type)) at top level: there is no enclosing component.
        let alias = F.section(0x06, [0x01, 0x03, 0x02, 0x01, 0x00])
        #expect(validationError(F.preamble + alias)?.message == "invalid outer alias count of 1")
        // Inside a nested component, the enclosing component's type 0 exists.
        let types = F.section(0x07, [0x01, 0x40, 0x00, 0x01, 0x00])
        let inner = F.section(0x04, F.preamble + alias)
        #expect(validationError(F.preamble + types + inner) == nil)
        // ... but not its type 1.
        let alias1 = F.section(0x06, [0x01, 0x03, 0x02, 0x01, 0x01])
        #expect(validationError(F.preamble + types + F.section(0x04, F.preamble + alias1))?.message == "unknown type 1: type index out of bounds")
    }

    func nestedComponents(_ depth: Int) -> [UInt8] {
        var c = F.preamble
        for _ in 0..<depth { c = F.preamble + F.section(0x04, c) }
        return c
    }

    @Test func nestingIsBounded() throws {
        var c = try decodeComponent(nestedComponents(10))
        var levels = 0
        while let inner = c.components.first {
            c = inner
            levels += 1
        }
        #expect(levels == 10)
        #expect(decodeError(nestedComponents(maxComponentNestingDepth + 5))?.message.hasPrefix("nesting too deep") == true)
        // Deeply nested component types (type section, (component (type (component ...)))).
        var type: [UInt8] = [0x41, 0x00]
        for _ in 0..<(maxComponentNestingDepth + 5) { type = [0x41, 0x01, 0x01] + type }
        #expect(decodeError(F.preamble + F.section(0x07, [0x01] + type))?.message.hasPrefix("nesting too deep") == true)
    }
}
