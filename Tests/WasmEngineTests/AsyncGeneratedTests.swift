import Testing
import WasmCore
import WasmEngine
import WasmSmith

/// Generated modules give the same outcomes when every epoch check suspends (async, delta 0) as
/// in sync calls that never reach the deadline: results, traps, globals and memories after each
/// call, and instantiation (start functions included). Evidence that a suspended call resumes
/// exactly where it stopped, over many shapes of code.
@Suite struct AsyncGeneratedTests {
    static let seeds = 0..<80

    static var smithConfig: SmithConfig {
        var c = SmithConfig()
        c.minImports = 0
        c.maxImports = 0
        c.exportEverything = true
        c.ensureTermination = true
        return c
    }

    @Test(arguments: [Strategy.interpreter, .jit])
    func everyCheckSuspendingChangesNoOutcome(_ strategy: Strategy) async throws {
        var syncConfig = Config()
        syncConfig.strategy = strategy
        syncConfig.epochInterruption = true
        var asyncConfig = syncConfig
        asyncConfig.asyncSupport = true
        let syncEngine = try Engine(syncConfig)
        let asyncEngine = try Engine(asyncConfig)
        var suspended = 0
        for seed in Self.seeds {
            var u = Unstructured(seed: UInt64(seed), count: 1024)
            let bytes = encodeModule(generateModule(&u, config: Self.smithConfig))
            let expected = runSync(try Module(syncEngine, bytes: bytes))
            let (actual, suspensions) = await runAsync(try Module(asyncEngine, bytes: bytes))
            #expect(actual == expected, "seed \(seed)")
            suspended += suspensions > 0 ? 1 : 0
        }
        // Most modules have code that runs (every call makes at least one check).
        #expect(suspended > Self.seeds.count / 2)
    }

    private func runSync(_ module: Module) -> [String] {
        let store = Store(module.engine)
        store.setEpochDeadline(UInt64.max / 2)
        let instance: Instance
        do { instance = try Instance(store, module: module, imports: []) } catch { return ["instantiate: \(describe(error))"] }
        var log = ["instantiated"]
        for (name, f) in functions(instance) {
            do { log.append("\(name): \(try f.call(arguments(f)).map(describe))") } catch { log.append("\(name): \(describe(error))") }
            log.append(state(instance))
        }
        return log
    }

    private func runAsync(_ module: Module) async -> ([String], UInt64) {
        let store = Store(module.engine)
        do { try store.epochDeadlineAsyncYieldAndUpdate(0) } catch { return (["setup: \(error)"], 0) }
        let instance: Instance
        do { instance = try await Linker(module.engine).instantiateAsync(store, module) } catch {
            return (["instantiate: \(describe(error))"], store.asyncSuspensions)
        }
        var log = ["instantiated"]
        for (name, f) in functions(instance) {
            do {
                log.append("\(name): \(try await f.callAsync(arguments(f)).map(describe))")
            } catch {
                log.append("\(name): \(describe(error))")
            }
            log.append(state(instance))
        }
        return (log, store.asyncSuspensions)
    }

    private func functions(_ instance: Instance) -> [(String, Func)] {
        instance.exports.compactMap { if case .function(let f) = $0.value { return ($0.name, f) } else { return nil } }
    }

    /// Fixed, non-trivial arguments of the right types.
    private func arguments(_ f: Func) -> [Value] {
        f.type.params.enumerated().map { i, t in
            switch t {
            case .i32: return .i32(Int32(i) &* 7 &+ 3)
            case .i64: return .i64(Int64(i) &* 11 &- 5)
            case .f32: return .float32(Float(i) + 0.5)
            case .f64: return .float64(Double(i) - 2.25)
            case .ref(.funcref): return .funcref(nil)
            case .ref(.externref): return .externref(UInt64(i))
            case .v128: return .i32(0)  // not generated (no SIMD); a type error on both sides
            }
        }
    }

    /// Exported globals and memories, as text.
    private func state(_ instance: Instance) -> String {
        instance.exports.map { name, e -> String in
            switch e {
            case .global(let g): return "\(name)=\(describe(g.get()))"
            case .memory(let m): return "\(name)=\((try? m.read(at: 0, count: m.byteCount)).map(fnv1a) ?? 0)"
            default: return ""
            }
        }.joined(separator: " ")
    }

    /// FNV-1a of a memory's bytes.
    private func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    private func describe(_ v: Value) -> String {
        switch v {
        case .i32(let x): return "i32:\(x)"
        case .i64(let x): return "i64:\(x)"
        case .f32(let b): return "f32:\(b)"
        case .f64(let b): return "f64:\(b)"
        case .funcref(let f): return f == nil ? "funcref:null" : "funcref"
        case .externref(let x): return "externref:\(x.map(String.init) ?? "null")"
        }
    }

    private func describe(_ error: Error) -> String {
        if let t = error as? Trap { return "trap \(t.kind)" }
        return "error \(error)"
    }
}
