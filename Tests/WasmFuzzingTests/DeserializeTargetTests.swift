import Foundation
import Testing
import WasmSmith
import WAT
import WasmEngine
import WasmFuzzing

/// The `deserialize` libFuzzer target: artifacts and their mutations never fail the target.
@Suite struct DeserializeTargetTests {
    static let wat = """
        (module (memory 1) (global $g (mut i32) (i32.const 0))
          (func (export "loop") (result i32)
            (loop $l (global.set $g (i32.add (global.get $g) (i32.const 1))) (br $l)) (i32.const 0))
          (func (export "mem") (param i32) (result i32) (i32.load (local.get 0))))
        """

    /// Inputs in both modes made from real artifacts of both backends (as the seed corpus is).
    static func seeds() throws -> [[UInt8]] {
        var result: [[UInt8]] = []
        for strategy in [Strategy.interpreter, .jit] {
            var config = Config()
            config.strategy = strategy
            config.consumeFuel = true
            guard let engine = try? Engine(config) else { continue }
            let artifact = try engine.precompileModule(try wat2wasm(wat))
            let r = try engine.openArtifact(artifact, kind: .module)
            result.append([0] + Array(r.bytes[r.position..<r.end]))
            result.append([1] + artifact)
        }
        return result
    }

    @Test func seedsAndMutationsPass() throws {
        let seeds = try Self.seeds()
        #expect(seeds.count >= 2)
        var rng = SplitMix64(state: 0x5eed)
        // DESERIALIZE_MUTATIONS raises the count for a longer run by hand.
        let mutations = ProcessInfo.processInfo.environment["DESERIALIZE_MUTATIONS"].flatMap { Int($0) } ?? 300
        for seed in seeds {
            #expect(FuzzTargets.run("deserialize", seed) == nil)
            for _ in 0..<mutations {
                var m = seed
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let i = Int.random(in: 1..<m.count, using: &rng)
                    m[i] = UInt8.random(in: 0...255, using: &rng)
                }
                #expect(FuzzTargets.run("deserialize", m) == nil)
            }
        }
        #expect(FuzzTargets.run("deserialize", []) == nil)
        #expect(FuzzTargets.run("deserialize", [0, 1, 2, 3]) == nil)
    }
}
