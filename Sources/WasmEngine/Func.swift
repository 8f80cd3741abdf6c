import WasmCore
import WasmRuntime

/// A function: a wasm function of an instance, or a host function.
public struct Func: Hashable, @unchecked Sendable {
    let store: Store
    /// The function's address in its store.
    let address: Int

    init(store: Store, address: Int) {
        self.store = store
        self.address = address
    }

    /// A host function. Errors it throws become traps of kind `.hostError` (a thrown `Trap` is kept).
    public init(_ store: Store, type: FuncType, _ body: @escaping (Caller, [Value]) throws -> [Value]) {
        let host = HostFunction(type: type) { [unowned store] caller, raw in
            let args = zip(raw, type.params).map { Value(slot: $0, type: $1, store: store) }
            let results = try body(Caller(store: store, instance: caller), args)
            guard results.count == type.results.count, zip(results, type.results).allSatisfy({ $0.type == $1 }) else {
                throw EngineError("host function returned \(results.map(\.type)), expected \(type.results)")
            }
            return try results.map { try $0.slot(in: store) }
        }
        self.init(store: store, address: store.state.addHostFunction(host))
    }

    public var type: FuncType { store.state.functions[address].type }

    /// Calls the function. Throws `Trap` for traps, `EngineError` for wrong arguments. On an
    /// engine with `Config.asyncSupport` use `callAsync`: `call` throws `EngineError` there,
    /// except from a host function running inside an async call (the nested call runs on the
    /// async call's fiber and may suspend with it).
    public func call(_ args: [Value]) throws -> [Value] {
        try store.checkSyncCallAllowed("Func.call")
        let raw = try checkedArguments(args)
        let results = try store.state.invoke(address, raw)
        return zip(results, type.results).map { Value(slot: $0, type: $1, store: store) }
    }

    /// The raw slots of `args`, after checking their number and types against the signature.
    func checkedArguments(_ args: [Value]) throws -> [UInt64] {
        let t = type
        guard args.count == t.params.count else {
            throw EngineError("expected \(t.params.count) arguments, got \(args.count)")
        }
        for (i, (a, p)) in zip(args, t.params).enumerated() where a.type != p {
            throw EngineError("argument \(i) has type \(a.type), expected \(p)")
        }
        return try args.map { try $0.slot(in: store) }
    }

    public static func == (a: Func, b: Func) -> Bool { a.store === b.store && a.address == b.address }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(store))
        hasher.combine(address)
    }
}
