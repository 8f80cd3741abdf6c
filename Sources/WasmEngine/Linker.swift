import WasmCore
import WasmRuntime

/// Resolves imports by (module, name).
public final class Linker {
    let engine: Engine
    private var definitions: [String: [String: Extern]] = [:]
    /// Allow later definitions to replace earlier ones of the same name.
    public var allowShadowing: Bool = false

    public init(_ engine: Engine) {
        self.engine = engine
    }

    public func define(_ module: String, _ name: String, _ item: Extern) throws {
        if !allowShadowing, definitions[module]?[name] != nil {
            throw LinkError("import of `\(module)::\(name)` defined twice")
        }
        definitions[module, default: [:]][name] = item
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
    public func get(_ module: String, _ name: String) -> Extern? { definitions[module]?[name] }

    /// Resolves the module's imports ("unknown import" when one is missing) and instantiates it.
    public func instantiate(_ store: Store, _ module: Module) throws -> Instance {
        let imports = try module.imports.map { imp -> Extern in
            guard let e = definitions[imp.module]?[imp.name] else {
                throw LinkError("unknown import: `\(imp.module)::\(imp.name)` has not been defined")
            }
            return e
        }
        return try Instance(store, module: module, imports: imports)
    }
}
