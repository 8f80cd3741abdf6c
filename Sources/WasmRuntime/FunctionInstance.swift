import WasmCore

/// A host function as the runtime sees it: arguments and results as raw 64-bit slots
/// (see `StoreState` for the reference encoding). `caller` is the calling wasm instance,
/// nil when called directly from the host.
public final class HostFunction {
    public let type: FuncType
    public let body: (_ caller: ModuleInstance?, _ arguments: [UInt64]) throws -> [UInt64]

    public init(type: FuncType, body: @escaping (_ caller: ModuleInstance?, _ arguments: [UInt64]) throws -> [UInt64]) {
        self.type = type
        self.body = body
    }
}

/// A function instance (core spec §4.2.6): a wasm function of a module instance, or a host function.
public final class FunctionInstance {
    public enum Kind {
        /// Defined function number `definedIndex` (not counting imports) of `instance`.
        case wasm(instance: ModuleInstance, definedIndex: Int)
        case host(HostFunction)
    }

    public let type: FuncType
    /// The store-wide id of `type` (equal ids ⇔ equal types), for `call_indirect` checks.
    public let typeID: Int
    public let kind: Kind

    public init(type: FuncType, typeID: Int, kind: Kind) {
        self.type = type
        self.typeID = typeID
        self.kind = kind
    }
}

/// An external value (core spec §4.2.12): what an import is given and an export yields.
public enum ExternalValue {
    /// A function by store address.
    case function(Int)
    case table(TableInstance)
    case memory(MemoryInstance)
    case global(GlobalInstance)
}
