import Testing
import WAT
import WasmEngine

/// Precompiled artifacts: round trips, compatibility, and rejection of damaged bytes.
@Suite struct PrecompileTests {
    static let strategies: [Strategy] = Strategy.available

    static let wat = """
        (module
          (memory (export "mem") 1)
          (global $g (mut i32) (i32.const 7))
          (table 2 funcref)
          (elem (i32.const 0) $fac $sum)
          (data (i32.const 16) "\\05\\00\\00\\00")
          (type $t (func (param i64) (result i64)))
          (func $fac (export "fac") (type $t)
            (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
              (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
          (func $sum (param i64) (result i64) (local i64)
            (block $done (loop $l
              (br_if $done (i64.eqz (local.get 0)))
              (local.set 1 (i64.add (local.get 1) (local.get 0)))
              (local.set 0 (i64.sub (local.get 0) (i64.const 1)))
              (br $l)))
            (local.get 1))
          (func (export "indirect") (param i64 i32) (result i64)
            (call_indirect (type $t) (local.get 0) (local.get 1)))
          (func (export "bump") (result i32)
            (global.set $g (i32.add (global.get $g) (i32.load (i32.const 16))))
            (global.get $g))
          (func (export "div") (param i32 i32) (result i32)
            (i32.div_s (local.get 0) (local.get 1))))
        """

    static func engine(_ strategy: Strategy, _ configure: (inout Config) -> Void = { _ in }) throws -> Engine {
        var c = Config()
        c.strategy = strategy
        configure(&c)
        return try Engine(c)
    }

    /// Runs the exports of the test module and returns what they produced.
    static func exercise(_ module: Module) throws -> [String] {
        let store = Store(module.engine)
        let inst = try Instance(store, module: module, imports: [])
        func run(_ name: String, _ args: [Value]) -> String {
            do { return "\(try inst.function(name)!.call(args))" } catch { return "error: \(error)" }
        }
        return [
            run("fac", [.i64(10)]), run("indirect", [.i64(5), .i32(0)]), run("indirect", [.i64(100), .i32(1)]),
            run("indirect", [.i64(1), .i32(5)]), run("bump", []), run("bump", []), run("div", [.i32(7), .i32(0)]),
        ]
    }

    @Test(arguments: strategies)
    func roundTripRunsLikeTheCompiledModule(strategy: Strategy) throws {
        let e = try Self.engine(strategy)
        let bytes = try wat2wasm(Self.wat)
        let artifact = try e.precompileModule(bytes)
        #expect(e.detectPrecompiled(artifact) == .module)
        #expect(Engine.detectPrecompiled(bytes) == nil)
        let loaded = try Module.deserialize(e, artifact)
        let direct = try Module(e, bytes: bytes)
        let results = try Self.exercise(loaded)
        #expect(results == (try Self.exercise(direct)))
        // Values computed by hand: 10!, 5!, 1+…+100, 7+5, 12+5.
        #expect(results[0] == "[i64:3628800]" && results[1] == "[i64:120]" && results[2] == "[i64:5050]")
        #expect(results[3].contains("undefined element") || results[3].contains("uninitialized"), "\(results[3])")
        #expect(results[4] == "[i32:12]" && results[5] == "[i32:17]")
        #expect(results[6].contains("divide by zero"))
        #expect(loaded.exports.map(\.name) == direct.exports.map(\.name))
        // Backtraces keep module offsets.
        let store = Store(e)
        let inst = try Instance(store, module: loaded, imports: [])
        do {
            _ = try inst.function("div")!.call([.i32(1), .i32(0)])
            Issue.record("expected a trap")
        } catch let t as Trap {
            #expect(t.kind == .integerDivideByZero)
            #expect(t.backtrace.first?.moduleOffset != nil)
        }
    }

    /// With fuel on, loading checks that every loop charges fuel: genuine code passes and runs
    /// out of fuel in an infinite loop.
    @Test func fuelArtifactsKeepTheirLoopsBounded() throws {
        let e = try Self.engine(.interpreter) { $0.consumeFuel = true }
        let loaded = try Module.deserialize(e, try e.precompileModule(try wat2wasm(Self.wat)))
        let spin = try Module.deserialize(e, try e.precompileModule(try wat2wasm(
            "(module (func (export \"f\") (result i32) (loop $l (br $l)) (i32.const 0)))")))
        let store = Store(e)
        try store.setFuel(10_000)
        #expect(trapKind { try Instance(store, module: spin, imports: []).function("f")!.call([]) } == .outOfFuel)
        try store.setFuel(1_000_000)
        #expect(try Instance(store, module: loaded, imports: []).function("fac")!.call([.i64(5)]) == [.i64(120)])
    }

    @Test func artifactsOfOneSettingAreIdenticalAndHashesStable() throws {
        let bytes = try wat2wasm(Self.wat)
        for s in Self.strategies {
            let a = try Self.engine(s), b = try Self.engine(s)
            #expect(a.precompileCompatibilityHash == b.precompileCompatibilityHash)
            #expect(a.precompileCompatibilityHash.count == 32)
            #expect(try a.precompileModule(bytes) == b.precompileModule(bytes))
            let text = a.artifactSettings.canonicalText
            #expect(text.contains("backend=\(s == .jit ? "jit" : "interpreter")\n"))
            #expect(text.contains("consumeFuel=false\n") && text.contains("maxWasmStack=524288\n"))
        }
    }

    /// Every setting that changes generated code changes the hash, and loading under it fails
    /// with an error that names the setting.
    @Test(arguments: strategies)
    func incompatibleSettingsAreNamed(strategy: Strategy) throws {
        let bytes = try wat2wasm(Self.wat)
        let base = try Self.engine(strategy)
        let artifact = try base.precompileModule(bytes)
        var variants: [(String, Engine)] = [
            ("epochInterruption", try Self.engine(strategy) { $0.epochInterruption = true }),
            ("consumeFuel", try Self.engine(strategy) { $0.consumeFuel = true }),
            ("maxWasmStack", try Self.engine(strategy) { $0.maxWasmStack = 4096 }),
            ("features", try Self.engine(strategy) { $0.features.remove(.bulkMemory) }),
        ]
        for other in Self.strategies where other != strategy {
            variants.append(("backend", try Self.engine(other)))
        }
        for (setting, engine) in variants {
            #expect(engine.precompileCompatibilityHash != base.precompileCompatibilityHash, "\(setting)")
            #expect {
                try Module.deserialize(engine, artifact)
            } throws: { error in
                guard let e = error as? ArtifactError else { return false }
                return e.reason == .incompatible && e.message.contains(setting)
            }
        }
    }

    /// Settings no second engine in this process can have (CPU features, producer, format):
    /// artifacts are rebuilt with one setting changed and a consistent hash and checksum.
    @Test(arguments: strategies)
    func forgedSettingsAreNamed(strategy: Strategy) throws {
        let e = try Self.engine(strategy)
        let artifact = try e.precompileModule(try wat2wasm(Self.wat))
        let sections = try Self.sections(of: artifact, engine: e)
        var names = ["producer", "format", "backend", "features"]
        names += strategy == .jit ? ["cpu.lzcnt", "cpu.bmi1", "cpu.popcnt", "cpu.sse41"] : ["interpreter.ops"]
        for name in names {
            var settings = e.artifactSettings
            let i = try #require(settings.entries.firstIndex { $0.name == name })
            settings.entries[i].value += "-other"
            var w = ArtifactWriter()
            settings.write(to: &w)
            w.raw(sections)
            let forged = ArtifactHeader.seal(kind: .module, compatibilityHash: settings.compatibilityHash, payload: w.bytes)
            #expect {
                try Module.deserialize(e, forged)
            } throws: { error in
                let m = (error as? ArtifactError)?.message ?? ""
                return m.contains("\(name) is '") && m.contains("-other")
            }
        }
    }

    static func sections(of artifact: [UInt8], engine: Engine) throws -> [UInt8] {
        let r = try engine.openArtifact(artifact, kind: .module)
        return Array(r.bytes[r.position..<r.end])
    }

    static func reason(_ engine: Engine, _ bytes: [UInt8]) -> ArtifactError.Reason? {
        do {
            _ = try Module.deserialize(engine, bytes)
            return nil
        } catch let e as ArtifactError {
            return e.reason
        } catch {
            Issue.record("not an ArtifactError: \(error)")
            return nil
        }
    }

    @Test func wrongInputsAreNamed() throws {
        let e = try Self.engine(.interpreter)
        let wasm = try wat2wasm("(module)")
        #expect {
            try Module.deserialize(e, wasm)
        } throws: { ($0 as? ArtifactError)?.message.contains("Module(engine, bytes:)") == true }
        #expect {
            try Module.deserialize(e, Array("hello, world".utf8))
        } throws: { ($0 as? ArtifactError)?.message == "not a precompiled artifact (no \\0cwasm magic)" }
        let component = e.sealArtifact(kind: .component, sections: [])
        #expect(e.detectPrecompiled(component) == .component)
        #expect(Self.reason(e, component) == .wrongKind)
        #expect(Self.reason(e, []) == .notArtifact)
    }

    @Test(arguments: strategies)
    func everyTruncationIsRejected(strategy: Strategy) throws {
        let e = try Self.engine(strategy)
        let artifact = try e.precompileModule(try wat2wasm("(module (func (export \"f\") (result i32) (i32.const 1)))"))
        #expect(try Self.exercise1(Module.deserialize(e, artifact)) == [.i32(1)])
        for n in 1..<artifact.count {
            let cut = Array(artifact.prefix(n))
            #expect(Self.reason(e, cut) == .truncated, "length \(n)")
        }
        let headerSize = ArtifactHeader.size
        #expect {
            try Module.deserialize(e, Array(artifact.prefix(headerSize + 3)))
        } throws: {
            ($0 as? ArtifactError)?.message == "truncated artifact: expected \(artifact.count) bytes, found \(headerSize + 3)"
        }
        #expect(Self.reason(e, artifact + [0]) == .malformed)
    }

    static func exercise1(_ m: Module) throws -> [Value] {
        try Instance(Store(m.engine), module: m, imports: []).function("f")!.call([])
    }

    @Test(arguments: strategies)
    func everyFlippedByteIsRejected(strategy: Strategy) throws {
        let e = try Self.engine(strategy)
        let artifact = try e.precompileModule(try wat2wasm("(module (func (export \"f\") (result i32) (i32.const 1)))"))
        for i in 0..<artifact.count {
            for mask: UInt8 in [0x01, 0x80] {
                var bad = artifact
                bad[i] ^= mask
                let reason = Self.reason(e, bad)
                #expect(reason != nil, "byte \(i) ^ \(mask) was accepted")
                if i >= ArtifactHeader.size { #expect(reason == .checksumMismatch, "byte \(i)") }
            }
        }
        var bad = artifact
        bad[artifact.count - 1] ^= 1
        #expect {
            try Module.deserialize(e, bad)
        } throws: { ($0 as? ArtifactError)?.message == "checksum mismatch: the artifact is corrupted" }
    }

    /// Checksum-valid artifacts whose interpreter code was altered: every single-byte change of the
    /// sections is either rejected or, if accepted, runs without crashing (with fuel, so loops end).
    @Test func alteredInterpreterCodeIsVerified() throws {
        let e = try Self.engine(.interpreter) { $0.consumeFuel = true }
        let artifact = try e.precompileModule(try wat2wasm(Self.wat))
        let sections = try Self.sections(of: artifact, engine: e)
        var rejected = 0, accepted = 0
        for i in 0..<sections.count {
            for value: UInt8 in [0, 0x7F, sections[i] &+ 1] where value != sections[i] {
                var s = sections
                s[i] = value
                let forged = e.sealArtifact(kind: .module, sections: s)
                guard let module = try? Module.deserialize(e, forged) else {
                    rejected += 1
                    continue
                }
                accepted += 1
                let store = Store(e)
                try store.setFuel(100_000)
                guard let inst = try? Instance(store, module: module, imports: []) else { continue }
                for export in module.exports where export.kind == .function {
                    guard let f = inst.function(export.name) else { continue }
                    let args = f.type.params.map { Value.zero($0) }
                    _ = try? f.call(args)
                }
            }
        }
        #expect(rejected > 0 && accepted > 0, "rejected \(rejected), accepted \(accepted)")
    }
}
