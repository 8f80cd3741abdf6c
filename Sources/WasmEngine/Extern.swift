import WasmCore
import WasmRuntime

/// Anything an instance can import or export.
public enum Extern {
    case function(Func)
    case memory(Memory)
    case table(Table)
    case global(Global)

    init(_ v: ExternalValue, store: Store) {
        switch v {
        case .function(let a): self = .function(Func(store: store, address: a))
        case .memory(let m): self = .memory(Memory(store: store, instance: m))
        case .table(let t): self = .table(Table(store: store, instance: t))
        case .global(let g): self = .global(Global(store: store, instance: g))
        }
    }

    var store: Store {
        switch self {
        case .function(let f): return f.store
        case .memory(let m): return m.store
        case .table(let t): return t.store
        case .global(let g): return g.store
        }
    }

    var runtimeValue: ExternalValue {
        switch self {
        case .function(let f): return .function(f.address)
        case .memory(let m): return .memory(m.instance)
        case .table(let t): return .table(t.instance)
        case .global(let g): return .global(g.instance)
        }
    }
}
