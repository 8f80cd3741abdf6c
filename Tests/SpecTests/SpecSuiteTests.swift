import Testing
import WasmEngine
import WastRunner

/// Runs the Wasm 2.0 spec suite through `WastRunner`, once per backend.
@Suite struct SpecSuiteTests {
    /// The backends the suite runs on (the JIT only where it is supported).
    static let strategies: [Strategy] = Strategy.available

    @Test(
        "Wasm 2.0 spec suite",
        .enabled("the spec suite directory (WASM_SPEC_DIR or ../shared/spec) must exist") { SpecSuite.isAvailable() },
        arguments: strategies
    )
    func wasm2Suite(strategy: Strategy) throws {
        let files = try SpecSuite.wasm2Files()
        #expect(files.count == 147, "expected the 147 files of the Wasm 2.0 suite, found \(files.count)")
        var config = Config()
        config.strategy = strategy
        let runner = WastRunner(config: config)
        var results: [WastFileResult] = []
        for file in files {
            let result = runner.run(path: file)
            results.append(result)
            if result.failed > 0 {
                Issue.record("\(strategy): \(result.report)")
            }
        }
        let summary = WastSummary(results)
        print("Spec suite on \(strategy):\n\(summary.table)")
        let wrongReasons = results.flatMap { result in result.wrongReasons.map { "\(result.file) \($0)" } }
        if !wrongReasons.isEmpty {
            print("Rejected by the engine with a message other than the spec's (text modules, so not failures):")
            print(wrongReasons.map { "  " + $0 }.joined(separator: "\n"))
        }
        #expect(summary.failed == 0, "\(summary.failed) spec directives failed on \(strategy)")
        #expect(summary.passed > 0)
        // Only SIMD scripts may be skipped in Wasm 2.0.
        for result in results where result.skipped > 0 {
            let simdOnly = result.file.hasPrefix("simd_") || result.skips.allSatisfy { $0.actual.contains("SIMD") }
            #expect(simdOnly, "\(result.file) skipped directives for a reason other than SIMD: \(result.skips)")
        }
    }
}
