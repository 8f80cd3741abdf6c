import WasmCore
import WasmRuntime

/// A global variable.
public struct Global {
    let store: Store
    let instance: GlobalInstance

    init(store: Store, instance: GlobalInstance) {
        self.store = store
        self.instance = instance
    }

    public init(_ store: Store, type: GlobalType, value: Value) throws {
        guard value.type == type.valueType else { throw EngineError("value has type \(value.type), expected \(type.valueType)") }
        let g = GlobalInstance(type: type, value: try value.slot(in: store))
        store.state.addGlobal(g)
        self.init(store: store, instance: g)
    }

    public var type: GlobalType { instance.type }
    public func get() -> Value { Value(slot: instance.value, type: instance.type.valueType, store: store) }

    /// Sets the value. Throws for an immutable global or a value of the wrong type.
    public func set(_ value: Value) throws {
        guard instance.type.isMutable else { throw EngineError("global is immutable") }
        guard value.type == instance.type.valueType else { throw EngineError("value has type \(value.type), expected \(instance.type.valueType)") }
        instance.value = try value.slot(in: store)
    }
}
