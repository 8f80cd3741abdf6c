import Testing
import WasmCore

/// Decoding the real components in Fixtures/ (expected contents read off `wasm-tools print`).
@Suite struct ComponentDecoderTests {
    @Test func minimalComponentHasOneModuleAndOneInstance() throws {
        let c = try decodeComponent(try Fixtures.bytes("minimal.component.wasm"))
        #expect(c.version == 0x0d)
        #expect(c.imports.isEmpty)
        #expect(c.exports.isEmpty)
        #expect(c.coreModules.count == 1)
        #expect(c.coreModules.first?.module.exports.map(\.name) == ["unused"])
        #expect(c.coreInstances == [.instantiate(module: 0, arguments: [])])
        #expect(c.customSections.map(\.name) == ["component-name", "producers"])
        #expect(c.skipped.isEmpty)
    }

    @Test func nestedModuleRangeIsItsOwnBinary() throws {
        let bytes = try Fixtures.bytes("minimal.component.wasm")
        let c = try decodeComponent(bytes)
        let range = try #require(c.coreModules.first?.range)
        #expect(range == 10..<46)
        let again = try decodeModule(Array(bytes[range]))
        #expect(again.exports.map(\.name) == ["unused"])
    }

    @Test func adderListsImportsExportsAndModules() throws {
        let c = try decodeComponent(try Fixtures.bytes("adder.component.wasm"))
        #expect(c.imports.map(\.name) == ["example:adder/log", "point", "color", "double"])
        #expect(c.imports.map(\.kind) == [.instance, .type, .type, .function])
        #expect(c.imports[1].type == .type(.equal(1)))
        #expect(c.exports.map(\.name) == ["add", "greet", "area"])
        #expect(c.exports.map(\.kind) == [.function, .function, .function])
        #expect(c.exports.map(\.item.index) == [2, 4, 6])
        #expect(c.coreModules.count == 3)
        let main = try #require(c.coreModules.first?.module)
        #expect(main.imports.map(\.name) == ["log", "double"])
        #expect(main.exports.count == 9)
        #expect(c.coreInstances.count == 6)
        #expect(c.skipped.isEmpty)
    }

    @Test func adderTypesAreDecoded() throws {
        let c = try decodeComponent(try Fixtures.bytes("adder.component.wasm"))
        #expect(c.types.contains(.defined(.record([
            LabeledValType(label: "x", type: .primitive(.s32)), LabeledValType(label: "y", type: .primitive(.s32)),
        ]))))
        #expect(c.types.contains(.defined(.enumeration(["red", "green"]))))
        #expect(c.types.contains(.defined(.list(.primitive(.u8)))))
        #expect(c.types.contains(.defined(.option(.primitive(.u64)))))
        #expect(c.types.contains(.defined(.result(ok: .primitive(.f64), error: .primitive(.string)))))
        #expect(c.types.contains(.defined(.tuple([.primitive(.bool), .primitive(.char)]))))
        let greet = ComponentFuncType(params: [LabeledValType(label: "name", type: .primitive(.string))],
                                      results: .unnamed(.primitive(.string)), isAsync: false)
        #expect(c.types.contains(.function(greet)))
        guard case .instance(let decls)? = c.types.first else {
            Issue.record("type 0 is not an instance type")
            return
        }
        #expect(decls.count == 2)
        #expect(decls.last == .export(name: "log", type: .function(typeIndex: 0)))
    }

    @Test func adderCanonicalFunctions() throws {
        let c = try decodeComponent(try Fixtures.bytes("adder.component.wasm"))
        let lifts = c.canonicalFunctions.filter { $0.sort == .function }
        let lowers = c.canonicalFunctions.filter { $0.sort == .core(.function) }
        #expect(lifts.count == 3)
        #expect(lowers.count == 2)
        #expect(lifts.first == .lift(coreFunction: 3, options: [.postReturn(4)], type: 6))
    }

    @Test func nestedComponentResourcesAndModuleTypes() throws {
        let c = try decodeComponent(try Fixtures.bytes("nested.component.wasm"))
        #expect(c.imports.map(\.name) == ["host", "plugin"])
        #expect(c.imports.map(\.kind) == [.instance, .core(.module)])
        #expect(c.exports.map(\.name) == ["answer", "inner", "res"])
        #expect(c.exports.map(\.kind) == [.function, .component, .type])
        #expect(c.types.contains(.resource(representation: .i32, destructor: nil)))
        #expect(c.canonicalFunctions == [.resourceNew(type: 2)])
        guard case .module(let decls)? = c.coreTypes.first else {
            Issue.record("core type 0 is not a module type")
            return
        }
        #expect(decls.count == 4)
        #expect(decls.contains(.export(name: "g", descriptor: .function(typeIndex: 1))))
        #expect(c.components.count == 1)
        let inner = try #require(c.components.first)
        #expect(inner.aliases.first == ComponentAlias(sort: .type, target: .outer(count: 1, index: 0)))
        #expect(inner.exports.map(\.name) == ["answer"])
        #expect(inner.coreModules.first?.module.exports.map(\.name) == ["answer"])
        #expect(c.allCoreModules.count == 1)
        #expect(inner.range.lowerBound > c.range.lowerBound && inner.range.upperBound <= c.range.upperBound)
    }

    @Test func newerEncodingsAreSkippedAndRecorded() throws {
        let c = try decodeComponent(try Fixtures.bytes("newer.component.wasm"))
        #expect(c.types.first == .defined(.map(key: .primitive(.string), value: .primitive(.u32))))
        #expect(c.skipped.map(\.sectionID) == [8, 8])
        #expect(c.skipped.first?.reason.contains("0x24") == true)
        #expect(c.exports.map(\.name) == ["f-type"])
    }

    @Test func binaryKindDetection() throws {
        #expect(WasmBinaryKind.detect(try Fixtures.bytes("adder.component.wasm")) == .component)
        #expect(WasmBinaryKind.detect(Fixtures.emptyModule) == .module)
        #expect(WasmBinaryKind.detect(Fixtures.preamble) == .component)
        #expect(WasmBinaryKind.detect([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00]) == nil)
        #expect(WasmBinaryKind.detect(Array("hello, world".utf8)) == nil)
        #expect(WasmBinaryKind.detect([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x02, 0x00]) == nil)
    }
}
