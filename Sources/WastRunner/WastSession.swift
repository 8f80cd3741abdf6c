import WAT
import WasmEngine
import WasmParser

/// What one directive came to.
enum DirectiveOutcome {
    case pass
    case fail(expected: String, actual: String)
    case skip(String)
    /// The module was rejected, but not for the expected reason; a failure when `isFailure`.
    case wrongReason(expected: String, actual: String, isFailure: Bool)
    /// WasmKit's text parser rejected a text module that must be rejected (with its own words).
    case rejectedByTextParser(expected: String, actual: String)
}

/// A runner-level problem (missing module or export), reported as a failure.
struct RunnerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Where a module was rejected on its way from script source to a compiled `Module`.
enum ModuleRejection: Error, CustomStringConvertible {
    /// WasmKit's text parser or encoder rejected the text.
    case text(String)
    /// Our engine rejected the binary (decode or validation).
    case engine(any Error)

    var description: String {
        switch self {
        case .text(let message): return "text parser rejected the module: \(message)"
        case .engine(let error): return "module rejected: \(describe(error))"
        }
    }
}

/// The state of one script run: the store, the linker (holding `spectest` and registered
/// instances), named instances and the current instance.
final class WastSession {
    let engine: Engine
    let store: Store
    let linker: Linker
    let features: WasmFeatureSet
    /// See `WastRunner.roundTripPrecompiled`.
    var roundTripPrecompiled = false
    private var named: [String: Instance] = [:]
    private var current: Instance?

    init(config: Config, features: WasmFeatureSet) throws {
        engine = try Engine(config)
        store = Store(engine)
        linker = Linker(engine)
        linker.allowShadowing = true
        self.features = features
        try Spectest.define(in: linker, store: store)
    }

    // MARK: Modules

    /// The binary of a script module: encoded from text, parsed from a quote, or as given.
    func binary(of source: ModuleSource) throws(ModuleRejection) -> [UInt8] {
        do {
            switch source {
            case .binary(let bytes): return bytes
            case .text(let wat): return try wat.encode()
            case .quote(let bytes): return try wat2wasm(String(decoding: bytes, as: UTF8.self), features: features)
            }
        } catch {
            throw .text("\(error)")
        }
    }

    /// Decodes, validates and compiles a script module.
    func compile(_ source: ModuleSource) throws(ModuleRejection) -> Module {
        let bytes = try binary(of: source)
        do {
            guard roundTripPrecompiled else { return try Module(engine, bytes: bytes) }
            return try Module.deserialize(engine, try engine.precompileModule(bytes))
        } catch {
            throw .engine(error)
        }
    }

    func instantiate(_ module: Module) throws -> Instance {
        try linker.instantiate(store, module)
    }

    /// `(module $id? ...)`: compiles and instantiates; the instance becomes the current one.
    func module(_ directive: ModuleDirective) -> DirectiveOutcome {
        current = nil
        let module: Module
        do {
            module = try compile(directive.source)
        } catch {
            return .fail(expected: "a valid module", actual: error.description)
        }
        do {
            let instance = try instantiate(module)
            current = instance
            if let id = directive.id { named[id] = instance }
            return .pass
        } catch {
            return .fail(expected: "instantiation", actual: describe(error))
        }
    }

    /// `(register "name" $id?)`: makes an instance's exports importable under `name`.
    func register(_ name: String, moduleId: String?) throws -> DirectiveOutcome {
        try linker.defineInstance(name, try instance(moduleId))
        return .pass
    }

    /// After a module directive that failed, later actions must not run against an older module.
    func forgetCurrent() { current = nil }

    func instance(_ id: String?) throws -> Instance {
        if let id {
            guard let instance = named[id] else { throw RunnerError("unknown module \(id)") }
            return instance
        }
        guard let current else { throw RunnerError("no current module (the last module failed or none was defined)") }
        return current
    }

    // MARK: Actions

    /// Runs an `invoke` action and returns its results.
    func invoke(_ invoke: WASTInvoke) throws -> [Value] {
        let instance = try instance(invoke.module)
        guard let function = instance.function(invoke.name) else {
            throw RunnerError("no exported function \"\(invoke.name)\"")
        }
        return try function.call(try WastValues.values(invoke.args))
    }

    /// Runs any action: `invoke`, `get`, or an inline module (instantiated, no results).
    func execute(_ execute: WASTExecute) throws -> [Value] {
        switch execute {
        case .invoke(let call):
            return try invoke(call)
        case .get(let moduleId, let name):
            guard let global = try instance(moduleId).global(name) else {
                throw RunnerError("no exported global \"\(name)\"")
            }
            return [global.get()]
        case .wat(let wat):
            let module: Module
            do {
                module = try compile(.text(wat))
            } catch {
                switch error {
                case .text: throw RunnerError(error.description)
                case .engine(let underlying): throw underlying
                }
            }
            _ = try instantiate(module)
            return []
        }
    }
}

/// A readable account of an unexpected error.
func describe(_ error: any Error) -> String {
    switch error {
    case let trap as Trap: return "trap (\(trap.kind)): \(trap.message)"
    case let e as LinkError: return "link error: \(e.message)"
    case let e as DecodeError: return "decode error: \(e)"
    case let e as ValidationError: return "validation error: \(e)"
    case let e as EngineError: return "engine error: \(e.message)"
    case let e as WastValueError: return "\(e)"
    case let e as RunnerError: return e.description
    default: return "unexpected error \(type(of: error)): \(error)"
    }
}
