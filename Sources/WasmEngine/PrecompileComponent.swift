import WasmCore
import WasmInterpreter
import WasmJIT
import WasmRuntime

/// Component artifacts (wasmtime's `Engine::precompile_component` / `Component::deserialize`).
///
/// The artifact is an `ArtifactHeader` of kind `.component` and the engine's settings (as for
/// modules), then: the component binary (blob), the number of nested core modules (count), and
/// for each nested core module, in `Component.coreModules` order, the backend's code for it
/// (blob: the same code a module artifact holds). Loading checks the header, checksum and
/// settings like `Module.deserialize`, decodes and validates the embedded component again, and
/// loads each module's code with its backend's structural checks.
extension Engine {
    /// Decodes and validates a component, compiles every nested core module, and returns an
    /// artifact that `Component.deserialize` loads into a compatible engine without compiling.
    /// Throws `DecodeError` / `ValidationError` unchanged for a bad component.
    public func precompileComponent(_ bytes: [UInt8]) throws -> [UInt8] {
        let component = try Component(self, bytes: bytes)
        var w = ArtifactWriter()
        w.blob(bytes)
        let modules = component.coreModules
        w.count(modules.count)
        for nested in modules {
            let module = try Module(self, bytes: Array(bytes[nested.range]))
            w.blob(try backendCode(module.box.compiled))
        }
        return sealArtifact(kind: .component, sections: w.bytes)
    }

    /// The backend's serialized code of a compiled module.
    func backendCode(_ compiled: AnyObject) throws -> [UInt8] {
        switch box.backend {
        case let jit as JITBackend: return try jit.serialize(compiled)
        case let interp as Interpreter: return try interp.serialize(compiled)
        default: throw EngineError("this backend cannot precompile")
        }
    }

    /// A compiled module loaded from the backend's serialized `code` for `module`.
    func loadBackendCode(_ code: [UInt8], module: ModuleDefinition) throws -> AnyObject {
        switch box.backend {
        case let jit as JITBackend: return try jit.deserialize(code, module: module)
        case let interp as Interpreter: return try interp.deserialize(code, module: module)
        default: throw EngineError("this backend cannot load artifacts")
        }
    }
}

extension Component {
    /// Loads an artifact from `Engine.precompileComponent` of a compatible engine; its nested
    /// core modules come precompiled (`coreModule(_:)` returns them without compiling). Throws
    /// `ArtifactError` naming the problem (wrong kind, truncation, checksum, settings, ...).
    public static func deserialize(_ engine: Engine, _ bytes: [UInt8]) throws -> Component {
        var r = try engine.openArtifact(bytes, kind: .component)
        let wasm = try r.blob()
        let count = try r.count()
        let definition: ComponentDefinition
        do {
            definition = try decodeComponent(wasm, features: engine.config.features)
        } catch {
            throw ArtifactError(.malformed, "malformed artifact: the embedded component is invalid: \(error)")
        }
        let nested = definition.allCoreModules
        guard count == nested.count else {
            throw ArtifactError(.malformed, "malformed artifact: \(count) compiled modules for a component with \(nested.count)")
        }
        var modules: [Module] = []
        for n in nested {
            let compiled = try engine.loadBackendCode(try r.blob(), module: n.module)
            modules.append(Module(box: ModuleBox(engine: engine, definition: n.module, compiled: compiled)))
        }
        try r.expectEnd("the component sections")
        return Component(box: ComponentBox(engine: engine, bytes: wasm, definition: definition, compiledModules: modules))
    }

    /// Reads the file at `path` and loads it with `deserialize`.
    public static func deserializeFile(_ engine: Engine, path: String) throws -> Component {
        try deserialize(engine, try readArtifactFile(path))
    }
}
