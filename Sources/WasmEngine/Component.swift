import WasmCore

final class ComponentBox: @unchecked Sendable {
    let engine: Engine
    let bytes: [UInt8]
    let definition: ComponentDefinition
    /// The nested core modules, compiled, when loaded from an artifact.
    let compiledModules: [Module]?

    init(engine: Engine, bytes: [UInt8], definition: ComponentDefinition, compiledModules: [Module]? = nil) {
        self.engine = engine
        self.bytes = bytes
        self.definition = definition
        self.compiledModules = compiledModules
    }
}

/// A decoded and validated component (component model binary format, version 0x0d): its
/// imports, exports, nested core modules and nested components.
///
/// Instantiating components is not supported yet (a later issue): a `Component` can be
/// inspected, validated, precompiled (`Engine.precompileComponent`, `Component.deserialize`), and its nested core
/// modules compiled one by one with `coreModule(_:)`. Decoding limits are those of
/// `decodeComponent` (newer type opcodes and canonical builtins are skipped, see `skipped`).
public struct Component: @unchecked Sendable {
    let box: ComponentBox

    /// Decodes and validates a component binary: the component layers structurally and every
    /// nested core module with the engine's features. Throws `DecodeError` / `ValidationError`
    /// with offsets in `bytes`.
    public init(_ engine: Engine, bytes: [UInt8]) throws {
        let definition = try decodeComponent(bytes, features: engine.config.features)
        box = ComponentBox(engine: engine, bytes: bytes, definition: definition)
    }

    /// Decodes and validates without keeping anything.
    public static func validate(_ engine: Engine, bytes: [UInt8]) throws {
        _ = try decodeComponent(bytes, features: engine.config.features)
    }

    public var engine: Engine { box.engine }
    /// The component's binary.
    public var bytes: [UInt8] { box.bytes }
    /// The decoded component.
    public var decoded: ComponentDefinition { box.definition }
    public var imports: [ComponentImport] { box.definition.imports }
    public var exports: [ComponentExport] { box.definition.exports }
    /// Every nested core module, this component's first and then those of nested components.
    public var coreModules: [NestedCoreModule] { box.definition.allCoreModules }
    /// Content the decoder skipped (empty when everything was decoded).
    public var skipped: [SkippedComponentContent] { box.definition.skipped }

    /// Nested core module `index` (of `coreModules`), compiled for this component's engine
    /// (compiled now, or loaded with the component when it came from `Component.deserialize`).
    public func coreModule(_ index: Int) throws -> Module {
        let modules = coreModules
        guard modules.indices.contains(index) else {
            throw EngineError("no core module \(index): the component has \(modules.count)")
        }
        if let compiled = box.compiledModules, compiled.indices.contains(index) { return compiled[index] }
        return try Module(engine, bytes: Array(bytes[modules[index].range]))
    }

    /// Whether the nested core modules came precompiled (`Component.deserialize`).
    public var isPrecompiled: Bool { box.compiledModules != nil }

    init(box: ComponentBox) { self.box = box }
}
