import WasmCore
import WasmRuntime

/// An instantiated module.
public struct Instance {
    let store: Store
    let instance: ModuleInstance

    /// Instantiates with imports given in the module's import order. Throws `LinkError` for
    /// mismatched imports and `Trap` for traps during initialization or in the start function.
    /// On an engine with `Config.asyncSupport` a module with a start function must be
    /// instantiated with `Linker.instantiateAsync` (this throws `EngineError`).
    public init(_ store: Store, module: Module, imports: [Extern]) throws {
        if module.box.definition.start != nil { try store.checkSyncCallAllowed("synchronous instantiation with a start function") }
        guard Engine.same(store.engine, module.engine) else { throw EngineError("module and store belong to different engines") }
        for i in imports where i.store !== store { throw EngineError("import belongs to a different store") }
        self.store = store
        instance = try store.state.instantiate(module.box.definition, code: module.box.compiled, imports: imports.map(\.runtimeValue))
    }

    /// Exports in the module's export order.
    public var exports: [(name: String, value: Extern)] {
        instance.exports.map { ($0.name, Extern($0.value, store: store)) }
    }

    public func export(_ name: String) -> Extern? { instance.export(name).map { Extern($0, store: store) } }

    public func function(_ name: String) -> Func? {
        if case .function(let f)? = export(name) { return f }
        return nil
    }

    public func memory(_ name: String) -> Memory? {
        if case .memory(let m)? = export(name) { return m }
        return nil
    }

    public func table(_ name: String) -> Table? {
        if case .table(let t)? = export(name) { return t }
        return nil
    }

    public func global(_ name: String) -> Global? {
        if case .global(let g)? = export(name) { return g }
        return nil
    }
}
