import Foundation
import WAT
import WasmEngine

/// Loading modules from files and calling one exported function, as `wasm run` does.
public enum Invocation {
    /// The binary in `path`: precompiled artifacts (`wasm compile`) as they are; `.wat` / `.wast` files, and files of other names that do not start
    /// with the wasm magic, go through WasmKit's text parser; `.wasm` files are always binary.
    public static func loadBinary(path: String) throws(CLIError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read \(path)")
        }
        let bytes = [UInt8](data)
        if Engine.detectPrecompiled(bytes) != nil { return bytes }
        let isText = path.hasSuffix(".wat") || path.hasSuffix(".wast")
            || (!path.hasSuffix(".wasm") && !bytes.starts(with: [0x00, 0x61, 0x73, 0x6D]))
        guard isText else { return bytes }
        do {
            return try wat2wasm(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw CLIError("\(path): text format error: \(error)")
        }
    }

    /// The outcome of a call: results, or the trap that stopped it.
    public struct Outcome {
        public var results: [Value]
        public var trap: Trap?
    }

    /// Compiles `bytes` (a wasm binary, or an artifact of `wasm compile`, loaded without
    /// compiling; with `.auto` the artifact's backend is used), instantiates them with no imports, parses `arguments` by the
    /// function's parameter types and calls export `name`. With `fuel`, fuel is consumed and
    /// the store starts with that budget. Traps (also during instantiation) are returned in the
    /// outcome; every other problem throws a `CLIError`.
    public static func run(bytes: [UInt8], function name: String, arguments: [String],
                           strategy: Strategy, fuel: UInt64?) throws(CLIError) -> Outcome {
        var config = Config()
        config.strategy = strategy
        config.consumeFuel = fuel != nil
        if WasmBinaryKind.detect(bytes) == .component || Engine.detectPrecompiled(bytes) == .component {
            throw CLIError("this is a component: instantiating components is not supported yet (`wasm validate` and `wasm compile` take components)")
        }
        let precompiled = Engine.detectPrecompiled(bytes) == .module
        if precompiled, strategy == .auto, let backend = artifactBackend(bytes) { config.strategy = backend }
        do {
            let engine = try Engine(config)
            let module = precompiled ? try Module.deserialize(engine, bytes) : try Module(engine, bytes: bytes)
            if let first = module.imports.first {
                let more = module.imports.count > 1 ? " (and \(module.imports.count - 1) more)" : ""
                throw CLIError("unresolved import \"\(first.module)\" \"\(first.name)\"\(more): `wasm run` provides no imports")
            }
            let store = Store(engine)
            if let fuel { try store.setFuel(fuel) }
            let instance: Instance
            do {
                instance = try Instance(store, module: module, imports: [])
            } catch let trap as Trap {
                return Outcome(results: [], trap: trap)
            }
            guard let function = instance.function(name) else {
                let names = instance.exports.compactMap { if case .function = $0.value { return $0.name } else { return nil } }
                throw CLIError("no exported function \"\(name)\"; exported functions: \(names.isEmpty ? "none" : names.joined(separator: ", "))")
            }
            let args = try ValueParsing.parse(arguments, as: function.type.params)
            do {
                return Outcome(results: try function.call(args), trap: nil)
            } catch let trap as Trap {
                return Outcome(results: [], trap: trap)
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError(errorMessage(error))
        }
    }

    /// The backend an artifact was compiled for, if its header and settings can be read.
    static func artifactBackend(_ bytes: [UInt8]) -> Strategy? {
        guard var r = try? ArtifactHeader.open(bytes, expecting: .module).payload,
              let settings = try? ArtifactSettings.read(from: &r),
              let name = settings.entries.first(where: { $0.name == "backend" })?.value else { return nil }
        return Strategy(rawValue: name)
    }

    /// Validates and compiles `bytes` for `strategy` (with fuel instrumentation when
    /// `consumeFuel`) and returns the precompiled artifact (`Engine.precompileModule`, or
    /// `Engine.precompileComponent` for a component).
    public static func precompile(bytes: [UInt8], strategy: Strategy, consumeFuel: Bool) throws(CLIError) -> [UInt8] {
        var config = Config()
        config.strategy = strategy
        config.consumeFuel = consumeFuel
        do {
            let engine = try Engine(config)
            if WasmBinaryKind.detect(bytes) == .component { return try engine.precompileComponent(bytes) }
            return try engine.precompileModule(bytes)
        } catch {
            throw CLIError(errorMessage(error))
        }
    }

    /// Decodes and validates `bytes`, a core module or a component (told by the preamble's
    /// layer); throws a `CLIError` naming the byte offset when invalid.
    public static func validate(bytes: [UInt8], strategy: Strategy = .auto) throws(CLIError) {
        var config = Config()
        config.strategy = strategy
        do {
            if WasmBinaryKind.detect(bytes) == .component {
                try Component.validate(try Engine(config), bytes: bytes)
            } else {
                try Module.validate(try Engine(config), bytes: bytes)
            }
        } catch {
            throw CLIError(errorMessage(error))
        }
    }

    /// The message of an engine error: decode and validation errors carry their byte offsets.
    public static func errorMessage(_ error: any Error) -> String {
        switch error {
        case let e as DecodeError: return e.description
        case let e as ValidationError: return e.description
        case let e as LinkError: return "link error: \(e.message)"
        case let e as EngineError: return "error: \(e.message)"
        case let e as ArtifactError: return "error: \(e.message)"
        case let e as CLIError: return e.message
        default: return "error: \(error)"
        }
    }
}
