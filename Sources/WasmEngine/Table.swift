import WasmCore
import WasmRuntime

/// A table of references.
public struct Table {
    let store: Store
    let instance: TableInstance

    init(store: Store, instance: TableInstance) {
        self.store = store
        self.instance = instance
    }

    /// A new table of `type` owned by `store`, every element set to `initial`.
    public init(_ store: Store, type: TableType, initial: Value) throws {
        guard initial.type == .ref(type.elementType) else { throw EngineError("initial value has type \(initial.type), expected \(type.elementType)") }
        guard type.limits.max.map({ $0 >= type.limits.min }) ?? true,
              let t = TableInstance(type: type, initial: try initial.slot(in: store)) else {
            throw EngineError("table size is too large")
        }
        store.state.addTable(t)
        self.init(store: store, instance: t)
    }

    public var type: TableType { instance.type }
    public var size: UInt64 { instance.size }

    /// The element at `index`, nil when out of bounds.
    public func get(_ index: UInt64) -> Value? {
        guard index < instance.size else { return nil }
        return Value(slot: instance.elements[Int(index)], type: .ref(instance.type.elementType), store: store)
    }

    public func set(_ index: UInt64, _ value: Value) throws {
        guard value.type == .ref(instance.type.elementType) else { throw EngineError("value has type \(value.type), expected \(instance.type.elementType)") }
        guard index < instance.size else { throw EngineError("out of bounds table access") }
        instance.elements[Int(index)] = try value.slot(in: store)
    }

    /// Grows by `delta` elements set to `initial`; returns the old size or throws when it cannot grow.
    @discardableResult public func grow(by delta: UInt64, initial: Value) throws -> UInt64 {
        guard initial.type == .ref(instance.type.elementType) else { throw EngineError("value has type \(initial.type), expected \(instance.type.elementType)") }
        guard let old = instance.grow(by: delta, initial: try initial.slot(in: store)) else {
            throw EngineError("failed to grow table by \(delta)")
        }
        return old
    }
}

extension Table {
    /// The most elements a table of this engine may hold. `table.grow` past it returns -1 and
    /// `Table.grow` fails: a resource limit the spec allows (wasmtime's default limits do the same).
    public static let maximumElements: UInt64 = TableInstance.maxElements
}
