import Testing
import WasmCore
import WasmEngine

/// `Engine.precompileComponent`, `Component.deserialize` and `Engine.detectPrecompiled`.
@Suite struct ComponentPrecompileTests {
    static func engines() throws -> [Engine] {
        var interpreter = Config()
        interpreter.strategy = .interpreter
        return [try Engine(interpreter), try Engine()]
    }

    @Test func detectPrecompiledTellsModulesComponentsArtifactsAndJunk() throws {
        let engine = try Engine()
        let component = try Fixtures.bytes("adder.component.wasm")
        let coreModule = Fixtures.emptyModule
        #expect(engine.detectPrecompiled(coreModule) == nil)
        #expect(engine.detectPrecompiled(component) == nil)
        #expect(engine.detectPrecompiled(try engine.precompileModule(coreModule)) == .module)
        #expect(engine.detectPrecompiled(try engine.precompileComponent(component)) == .component)
        #expect(engine.detectPrecompiled([]) == nil)
        #expect(engine.detectPrecompiled(Array("\u{0}cwasm".utf8)) == nil)
        #expect(engine.detectPrecompiled(Array(repeating: 0xAB, count: 200)) == nil)
    }

    @Test(arguments: 0..<2)
    func roundTripKeepsTheComponentAndItsCompiledModules(_ which: Int) throws {
        let engine = try Self.engines()[which]
        let bytes = try Fixtures.bytes("nested.component.wasm")
        let artifact = try engine.precompileComponent(bytes)
        let loaded = try Component.deserialize(engine, artifact)
        #expect(loaded.isPrecompiled)
        #expect(loaded.bytes == bytes)
        #expect(loaded.imports.map(\.name) == ["host", "plugin"])
        #expect(loaded.exports.map(\.name) == ["answer", "inner", "res"])
        let module = try loaded.coreModule(0)
        let store = Store(engine)
        let instance = try Instance(store, module: module, imports: [])
        #expect(try instance.function("answer")?.call([]) == [.i32(42)])
    }

    @Test func everyFixtureRoundTrips() throws {
        let engine = try Engine()
        for name in Fixtures.componentNames {
            let bytes = try Fixtures.bytes(name)
            let loaded = try Component.deserialize(engine, try engine.precompileComponent(bytes))
            #expect(loaded.coreModules.count == (try Component(engine, bytes: bytes)).coreModules.count, "\(name)")
        }
    }

    func artifactReason(_ body: () throws -> Any) -> ArtifactError.Reason? {
        do {
            _ = try body()
            return nil
        } catch {
            return (error as? ArtifactError)?.reason
        }
    }

    @Test func wrongKindIncompatibleAndCorruptedArtifactsAreRejected() throws {
        let engines = try Self.engines()
        let bytes = try Fixtures.bytes("adder.component.wasm")
        let artifact = try engines[0].precompileComponent(bytes)
        let moduleArtifact = try engines[0].precompileModule(Fixtures.emptyModule)
        #expect(artifactReason { try Module.deserialize(engines[0], artifact) } == .wrongKind)
        #expect(artifactReason { try Component.deserialize(engines[0], moduleArtifact) } == .wrongKind)
        #expect(artifactReason { try Component.deserialize(engines[1], artifact) } == .incompatible)
        #expect(artifactReason { try Component.deserialize(engines[0], bytes) } == .wasmBinary)
        #expect(artifactReason { try Component.deserialize(engines[0], Array(artifact.dropLast(5))) } == .truncated)
        var flipped = artifact
        flipped[flipped.count - 7] ^= 0x10
        #expect(artifactReason { try Component.deserialize(engines[0], flipped) } == .checksumMismatch)
    }

    @Test func precompilingABadComponentThrowsItsDecodeError() throws {
        let engine = try Engine()
        #expect(throws: DecodeError.self) { try engine.precompileComponent(Fixtures.emptyModule) }
        #expect(throws: DecodeError.self) { try engine.precompileComponent(Array(try Fixtures.bytes("adder.component.wasm").dropLast(3))) }
    }
}
