import Foundation
import Testing
import WAT
import WasmOracle
import WasmSmith
@testable import WasmFuzzing

/// How fuzzer bytes become a differential test case.
@Suite struct FuzzCaseTests {
    /// A campaign (10 minutes, seed 4242) reported four "divergences" of this shape: `f32.min` of a
    /// NaN constant reinterpreted as an i32. The spec leaves the payload of that NaN to the engine:
    /// ours keep the operand's, WasmKit gives the canonical NaN. Both are right, so the oracle
    /// cannot compare such modules; this test pins the engines' difference that makes it so.
    @Test func nanPayloadsAfterMinDifferBetweenCorrectEngines() throws {
        let bytes = try wat2wasm("""
        (module (func (export "f") (result i32)
          (i32.reinterpret_f32 (f32.min (f32.const -1) (f32.const -nan:0x666f6b)))))
        """)
        var args = InterestingArguments(seed: 1)
        let report = Oracle(engines: [NativeDiffEngine(strategy: .interpreter), WasmKitDiffEngine()])
            .run(bytes, options: RunOptions(), arguments: &args)
        let divergence = try #require(report.divergence, "the engines now agree: canonicalization may no longer be needed")
        #expect(divergence.kind == .result)
    }

    /// So swarm cases always canonicalize NaNs (an explicit configuration is taken as given).
    @Test func swarmCasesCanonicalizeNaNs() {
        var rng = SplitMix64(state: 77)
        for _ in 0..<200 {
            let input = (0..<64).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            #expect(FuzzCase(input: input).config.canonicalizeNaNs)
        }
        var explicit = SmithConfig()
        explicit.canonicalizeNaNs = false
        #expect(!FuzzCase(input: [1, 2, 3], swarm: false, config: explicit).config.canonicalizeNaNs)
    }
}
