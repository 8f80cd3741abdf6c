import WasmCore
import WasmRuntime

/// An import name compared by its UTF-8 bytes, as the spec requires (Swift's `String`
/// equality would equate canonically equivalent names).
private struct NameKey: Hashable {
    let bytes: [UInt8]
    init(_ module: String, _ name: String) { bytes = Array(module.utf8) + [0xFF] + Array(name.utf8) }
}

/// Resolves imports by (module, name).
public final class Linker {
    let engine: Engine
    private var definitions: [NameKey: Extern] = [:]
    /// Allow later definitions to replace earlier ones of the same name.
    public var allowShadowing: Bool = false

    public init(_ engine: Engine) {
        self.engine = engine
    }

    public func define(_ module: String, _ name: String, _ item: Extern) throws {
        if !allowShadowing, definitions[NameKey(module, name)] != nil {
            throw LinkError("import of `\(module)::\(name)` defined twice")
        }
        definitions[NameKey(module, name)] = item
    }

    /// Defines a host function.
    public func defineFunction(_ store: Store, _ module: String, _ name: String, type: FuncType,
                               _ body: @escaping (Caller, [Value]) throws -> [Value]) throws {
        try define(module, name, .function(Func(store, type: type, body)))
    }

    /// Defines every export of `instance` under the module name `module`.
    public func defineInstance(_ module: String, _ instance: Instance) throws {
        for (name, value) in instance.exports { try define(module, name, value) }
    }

    /// The definition of `module::name`, if any.
    public func get(_ module: String, _ name: String) -> Extern? { definitions[NameKey(module, name)] }

    /// Resolves the module's imports ("unknown import" when one is missing) and instantiates it.
    /// On an async engine, modules with a start function need `instantiateAsync`.
    public func instantiate(_ store: Store, _ module: Module) throws -> Instance {
        let imports = try module.imports.map { imp -> Extern in
            guard let e = definitions[NameKey(imp.module, imp.name)] else {
                throw LinkError("unknown import: `\(imp.module)::\(imp.name)` has not been defined")
            }
            return e
        }
        return try Instance(store, module: module, imports: imports)
    }
}
