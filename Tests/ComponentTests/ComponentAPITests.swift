import Testing
import WasmCore
import WasmEngine

/// `Component` in the public API: decode + validate, listing, nested core modules.
@Suite struct ComponentAPITests {
    func engines() throws -> [Engine] {
        var interpreter = Config()
        interpreter.strategy = .interpreter
        return [try Engine(interpreter), try Engine()]
    }

    @Test func componentListsImportsExportsAndModules() throws {
        for engine in try engines() {
            let c = try Component(engine, bytes: try Fixtures.bytes("adder.component.wasm"))
            #expect(c.imports.map(\.name) == ["example:adder/log", "point", "color", "double"])
            #expect(c.exports.map(\.name) == ["add", "greet", "area"])
            #expect(c.coreModules.count == 3)
            #expect(c.skipped.isEmpty)
            #expect(Engine.same(c.engine, engine))
        }
    }

    @Test func nestedCoreModulesCompileAndRun() throws {
        for engine in try engines() {
            let c = try Component(engine, bytes: try Fixtures.bytes("nested.component.wasm"))
            #expect(c.coreModules.count == 1)  // in the nested component
            let module = try c.coreModule(0)
            #expect(module.exports.map(\.name) == ["answer"])
            let store = Store(engine)
            let instance = try Instance(store, module: module, imports: [])
            #expect(try instance.function("answer")?.call([]) == [.i32(42)])
            #expect(throws: EngineError.self) { try c.coreModule(1) }
        }
    }

    @Test func validateAcceptsComponentsAndRejectsModules() throws {
        let engine = try Engine()
        for name in Fixtures.componentNames {
            try Component.validate(engine, bytes: try Fixtures.bytes(name))
        }
        #expect(throws: DecodeError.self) { try Component.validate(engine, bytes: Fixtures.emptyModule) }
        #expect(throws: DecodeError.self) { try Component(engine, bytes: Array("junk".utf8)) }
    }
}
