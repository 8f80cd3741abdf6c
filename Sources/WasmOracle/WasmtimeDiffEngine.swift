import Foundation
import WasmCore

/// Wasmtime (the `wasmtime` PyPI package, run by `ci/peers/wasmtime_runner.py` in a persistent
/// process) behind the oracle. Its epoch rule matches ours (checks at function entry and loop
/// headers, trap when epoch >= deadline, deadline relative to the epoch when set), so it takes part
/// in epoch runs; its fuel costs differ from ours, so it sits out fuel runs. Without the peers'
/// virtual environment (`ci/peers/install.sh`) it sits out every run, saying so.
public final class WasmtimeDiffEngine: DiffEngine {
    public let name = "wasmtime"
    public var isInterruptible: Bool { false }
    private let location: PeerLocation?
    private var runner: WasmtimeRunnerProcess?

    public init() {
        location = PeerLocation.find()
    }

    /// Whether the peers are installed where this engine looks for them.
    public static var isAvailable: Bool { PeerLocation.find() != nil }

    public func unsupportedReason(for options: RunOptions) -> String? {
        if location == nil { return "wasmtime peer not installed (run ci/peers/install.sh)" }
        if options.fuel != nil { return "wasmtime meters fuel by a different rule" }
        return nil
    }

    public func instantiate(_ bytes: [UInt8], module: ModuleDefinition, options: RunOptions) -> (CallOutcome, (any DiffInstance)?) {
        if let reason = unsupportedReason(for: options) { return (.unsupported(reason), nil) }
        guard let runner = liveRunner() else { return (.unsupported("wasmtime runner did not start"), nil) }
        // One host object per import name (`HostImports.plan`), then each import's object by index.
        guard let plan = HostImports.plan(for: module) else { return (.rejected("unknown type"), nil) }
        var imports: [WireImport] = []
        for entry in plan {
            guard let wire = WireImport(module: entry.module, name: entry.name, item: entry.item) else {
                return (.unsupported("import \(entry.module).\(entry.name) of a type the wasmtime runner cannot make"), nil)
            }
            imports.append(wire)
        }
        let keys = plan.map { HostImports.key($0.module, $0.name) }
        let order = module.imports.map { entry in keys.firstIndex(of: HostImports.key(entry.module, entry.name)) ?? 0 }
        let request = InstantiateRequest(wasm: Data(bytes).base64EncodedString(), imports: imports, order: order,
                                         epochDeadline: options.epochDeadline)
        guard let reply = runner.request(Self.encode(request)) else {
            self.runner = nil
            return (.unsupported("wasmtime runner died or hung during instantiation"), nil)
        }
        let outcome = Self.outcome(of: reply)
        guard case .returned = outcome else { return (outcome, nil) }
        return (.returned([]), WasmtimeDiffInstance(runner: runner))
    }

    private func liveRunner() -> WasmtimeRunnerProcess? {
        if let runner, runner.alive { return runner }
        guard let location else { return nil }
        runner = try? WasmtimeRunnerProcess(location: location)
        return runner
    }

    static func encode(_ value: some Encodable) -> [UInt8] {
        (try? Array(JSONEncoder().encode(value))) ?? []
    }

    static func outcome(of reply: WireReply) -> CallOutcome {
        switch reply.outcome {
        case "returned": return .returned((reply.values ?? []).map(diffValue))
        case "trapped":
            return .trapped(TrapClass(rawValue: reply.trap ?? "") ?? .other, message: reply.message ?? "")
        case "stackExhausted": return .stackExhausted
        case "rejected": return .rejected(reply.message ?? "")
        default: return .unsupported("wasmtime runner: \(reply.message ?? "no outcome")")
        }
    }

    static func wire(_ value: DiffValue) -> WireValue {
        switch value {
        case .i32(let v): return WireValue(t: "i32", v: UInt64(v))
        case .i64(let v): return WireValue(t: "i64", v: v)
        case .f32(let v): return WireValue(t: "f32", v: UInt64(v))
        case .f64(let v): return WireValue(t: "f64", v: v)
        case .funcref(let isNull): return WireValue(t: "funcref", null: isNull)
        case .externref(let v): return WireValue(t: "externref", v: v)
        }
    }

    static func diffValue(_ value: WireValue) -> DiffValue {
        switch value.t {
        case "i32": return .i32(UInt32(truncatingIfNeeded: value.v ?? 0))
        case "i64": return .i64(value.v ?? 0)
        case "f32": return .f32(UInt32(truncatingIfNeeded: value.v ?? 0))
        case "f64": return .f64(value.v ?? 0)
        case "funcref": return .funcref(isNull: value.null ?? true)
        default: return .externref(value.v)
        }
    }
}

/// An instance living in the runner process (the runner holds one instance at a time).
final class WasmtimeDiffInstance: DiffInstance {
    let runner: WasmtimeRunnerProcess
    let lastTrapLocation: String? = nil

    init(runner: WasmtimeRunnerProcess) { self.runner = runner }

    func call(_ name: String, _ arguments: [DiffValue]) -> CallOutcome {
        let request = CallRequest(name: name, args: arguments.map(WasmtimeDiffEngine.wire))
        guard let reply = runner.request(WasmtimeDiffEngine.encode(request)) else {
            return .unsupported("wasmtime runner died or hung during a call")
        }
        return WasmtimeDiffEngine.outcome(of: reply)
    }

    func snapshot() -> StateSnapshot {
        var state = StateSnapshot()
        guard let reply = runner.request(Array(#"{"op":"snapshot"}"#.utf8)) else { return state }
        for (name, text) in reply.memories ?? [:] {
            state.memories[name] = Data(base64Encoded: text).map(Array.init) ?? []
        }
        for (name, value) in reply.globals ?? [:] { state.globals[name] = WasmtimeDiffEngine.diffValue(value) }
        state.tables = (reply.tables ?? [:]).mapValues { $0.map(WasmtimeDiffEngine.diffValue) }
        state.hostCalls = (reply.hostCalls ?? []).map {
            HostCall(module: $0.module, name: $0.name, arguments: $0.args.map(WasmtimeDiffEngine.diffValue))
        }
        return state
    }

    /// Safe from another thread: the runner's reader thread applies it at once, even mid-call.
    func incrementEpoch() { runner.post(Array(#"{"op":"epoch"}"#.utf8)) }

    /// The runner process guards itself against hangs; the oracle's watchdog leaves it alone
    /// (`WasmtimeDiffEngine.isInterruptible` is false, so it sits out slow runs instead).
    func interrupt() {}
}

/// An import as the runner makes it from its type.
struct WireImport: Encodable {
    var module: String
    var name: String
    var kind: String
    var params: [String]?
    var results: [String]?
    var min: UInt64?
    var max: UInt64?
    var element: String?
    var type: String?
    var mutable: Bool?

    var value: WireValue?

    init?(module: String, name: String, item: HostImports.Item) {
        self.module = module
        self.name = name
        switch item {
        case .function(let type):
            guard let p = Self.names(type.params), let r = Self.names(type.results) else { return nil }
            kind = "func"; params = p; results = r
        case .memory(let type):
            kind = "memory"; min = type.limits.min; max = type.limits.max
        case .table(let type):
            kind = "table"; min = type.limits.min; max = type.limits.max
            element = type.elementType == .funcref ? "funcref" : "externref"
        case .global(let type, let initial):
            guard let t = Self.names([type.valueType])?.first else { return nil }
            kind = "global"; self.type = t; mutable = type.isMutable
            value = WasmtimeDiffEngine.wire(initial)
        }
    }

    static func names(_ types: [ValueType]) -> [String]? {
        var out: [String] = []
        for type in types {
            switch type {
            case .i32: out.append("i32")
            case .i64: out.append("i64")
            case .f32: out.append("f32")
            case .f64: out.append("f64")
            case .ref(.funcref): out.append("funcref")
            case .ref(.externref): out.append("externref")
            case .v128: return nil
            }
        }
        return out
    }
}

struct InstantiateRequest: Encodable {
    var op = "instantiate"
    var wasm: String
    /// The host objects, one per import name.
    var imports: [WireImport]
    /// For each of the module's imports, the index of its object in `imports`.
    var order: [Int]
    var epochDeadline: UInt64?
}

struct CallRequest: Encodable {
    var op = "call"
    var name: String
    var args: [WireValue]
}
