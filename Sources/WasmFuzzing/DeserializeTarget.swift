import WasmEngine

extension FuzzTargets {
    /// Precompiled artifacts → `Module.deserialize` on both backends. The first byte selects the
    /// mode: even → the rest is the sections of a module artifact (embedded wasm, backend code),
    /// sealed with each engine's header, settings and checksum so the structural checks are what
    /// is exercised; odd → the rest is a whole artifact (header checks, checksum). Anything other
    /// than an `ArtifactError` rejection, or a crash, is a failure. Accepted interpreter artifacts
    /// are instantiated and their exports called with zero arguments and a fuel budget (so a
    /// crafted loop ends); JIT artifacts are not run, their machine code cannot be verified.
    public static func deserialize(_ data: [UInt8]) -> String? {
        guard let selector = data.first else { return nil }
        let rest = Array(data.dropFirst())
        for (engine, name) in ArtifactEngines.all {
            let bytes = selector & 1 == 0 ? engine.sealArtifact(kind: .module, sections: rest) : rest
            let module: Module
            do {
                module = try Module.deserialize(engine, bytes)
            } catch is ArtifactError {
                continue
            } catch {
                return "deserialize (\(name)): rejected with an error that is not an ArtifactError: \(error)"
            }
            if engine.isInterpreter { runExports(module) }
        }
        return nil
    }

    private static func runExports(_ module: Module) {
        let store = Store(module.engine)
        guard (try? store.setFuel(ArtifactEngines.fuel)) != nil,
              let instance = try? Instance(store, module: module, imports: []) else { return }
        for export in module.exports where export.kind == .function {
            guard let f = instance.function(export.name) else { continue }
            _ = try? f.call(f.type.params.map { Value.zero($0) })
        }
    }

    /// The engines of the `deserialize` target: fuel on, so seeds are made with `wasm compile --fuel`.
    enum ArtifactEngines {
        static let fuel: UInt64 = 20_000
        static let all: [(Engine, String)] = {
            var result: [(Engine, String)] = []
            for strategy in [Strategy.interpreter, .jit] {
                var config = Config()
                config.strategy = strategy
                config.consumeFuel = true
                if let e = try? Engine(config) { result.append((e, strategy.rawValue)) }
            }
            return result
        }()
    }
}
