import Testing
import WasmCLIKit
import WasmEngine

/// `wasm validate` on components (told apart from core modules by the preamble's layer).
@Suite struct ComponentValidationTests {
    static let preamble: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00]
    static let emptyModule: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

    @Test func acceptsAComponentWithANestedModule() throws {
        // A core module section (id 1, 8 bytes) holding the empty module.
        try Invocation.validate(bytes: Self.preamble + [0x01, 0x08] + Self.emptyModule, strategy: .interpreter)
    }

    @Test func reportsNestedModuleErrorsAtOuterOffsets() {
        // The nested module's version is 2: "unknown binary version" at offset 4 of the module,
        // offset 14 of the component.
        var module = Self.emptyModule
        module[4] = 2
        do {
            try Invocation.validate(bytes: Self.preamble + [0x01, 0x08] + module, strategy: .interpreter)
            Issue.record("a component with an invalid nested module must be rejected")
        } catch {
            #expect(error.message.contains("unknown binary version"))
            #expect(error.message.contains("offset 14"))
        }
    }
}

/// `wasm run` and `wasm compile` on components.
@Suite struct ComponentRunAndCompileTests {
    static let component = ComponentValidationTests.preamble + [0x01, 0x08] + ComponentValidationTests.emptyModule

    @Test func runSaysComponentsCannotBeInstantiatedYet() throws {
        let artifact = try Invocation.precompile(bytes: Self.component, strategy: .interpreter, consumeFuel: false)
        for bytes in [Self.component, artifact] {
            do {
                _ = try Invocation.run(bytes: bytes, function: "f", arguments: [], strategy: .interpreter, fuel: nil)
                Issue.record("running a component must fail")
            } catch {
                #expect(error.message.contains("instantiating components is not supported yet"))
            }
        }
    }

    @Test func compileWritesAComponentArtifact() throws {
        let artifact = try Invocation.precompile(bytes: Self.component, strategy: .interpreter, consumeFuel: false)
        #expect(Engine.detectPrecompiled(artifact) == .component)
    }
}
