import WAT
import WasmCore
import WasmJIT
import WasmRuntime

final class ModuleBox: @unchecked Sendable {
    let engine: Engine
    let definition: ModuleDefinition
    let compiled: AnyObject

    init(engine: Engine, definition: ModuleDefinition, compiled: AnyObject) {
        self.engine = engine
        self.definition = definition
        self.compiled = compiled
    }
}

/// A compiled (decoded, validated, lowered) module, shareable across stores of its engine.
public struct Module: @unchecked Sendable {
    let box: ModuleBox

    /// Decodes, validates and compiles a binary module (function bodies on several threads with
    /// `Config.parallelCompilation`). Throws `DecodeError` / `ValidationError` unchanged.
    public init(_ engine: Engine, bytes: [UInt8]) throws {
        let def: ModuleDefinition
        if let jit = engine.box.backend as? JITBackend {
            // The JIT decodes, validates and compiles large modules in one pass over its threads.
            if let (def, compiled) = jit.decodeAndCompile(bytes, features: engine.config.features, engine: engine.box.shared) {
                box = ModuleBox(engine: engine, definition: def, compiled: compiled)
                return
            }
            // Too little code for that (parallel decoding would not split it either), or an
            // error, which the sequential path reports.
            def = try decodeAndValidateModule(bytes, features: engine.config.features)
        } else {
            def = try decodeAndValidateModule(bytes, features: engine.config.features, parallel: engine.box.parallel)
        }
        let compiled = try engine.box.backend.compile(def, engine: engine.box.shared)
        box = ModuleBox(engine: engine, definition: def, compiled: compiled)
    }

    /// Compiles a module from the text format (through WasmKit's `wat2wasm`).
    public init(_ engine: Engine, wat: String) throws {
        try self.init(engine, bytes: try wat2wasm(wat))
    }

    /// Decodes and validates without compiling.
    public static func validate(_ engine: Engine, bytes: [UInt8]) throws {
        _ = try decodeAndValidateModule(bytes, features: engine.config.features, parallel: engine.box.parallel)
    }

    public var engine: Engine { box.engine }
    /// The decoded module.
    public var decoded: ModuleDefinition { box.definition }
    /// The module name from the name section, if any.
    public var name: String? { box.definition.names?.moduleName }
    public var imports: [Import] { box.definition.imports }
    public var exports: [Export] { box.definition.exports }
}
