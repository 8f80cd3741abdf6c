import Foundation
import Testing
import WasmCore
import WasmFuzzing

/// Our decoder+validator against `wasm-tools validate` (Wasm 2.0 without SIMD) on generated modules
/// and on mutants of them. Needs the peers: run ci/peers/install.sh; skipped otherwise.
/// `wasm-tools` from the project's peer venv, else from PATH.
private let installedWasmTools: WasmTools? = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let path = root.appendingPathComponent(".venv-peers/bin/wasm-tools").path
    return FileManager.default.isExecutableFile(atPath: path) ? WasmTools(path: path) : WasmTools.locate()
}()

@Suite(.enabled(if: installedWasmTools != nil, "wasm-tools not installed: run ci/peers/install.sh"))
struct ValidatorComparisonTests {
    static let tools: WasmTools? = installedWasmTools

    static func oursAccepts(_ bytes: [UInt8]) -> Bool {
        (try? validateModule(try decodeModule(bytes))) != nil
    }

    @Test func generatedModulesAreValidForBoth() throws {
        let tools = try #require(Self.tools)
        var mutator = Mutator(seed: 2026)
        var disagreements: [String] = []
        for _ in 0..<300 {
            let bytes = FuzzCase(input: mutator.randomInput(maxLength: 2048)).bytes
            let theirs = tools.validate(bytes)
            if !Self.oursAccepts(bytes) || theirs != nil {
                disagreements.append("ours \(Self.oursAccepts(bytes)), wasm-tools \(theirs ?? "valid")")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }

    @Test func mutantsGetTheSameVerdict() throws {
        let tools = try #require(Self.tools)
        var mutator = Mutator(seed: 99)
        var rejectedByBoth = 0
        var disagreements: [String] = []
        for _ in 0..<150 {
            let base = FuzzCase(input: mutator.randomInput(maxLength: 2048)).bytes
            let mutant = mutator.mutate(base)
            let ours = Self.oursAccepts(mutant), theirs = tools.validate(mutant)
            if ours != (theirs == nil) { disagreements.append("ours \(ours), wasm-tools \(theirs ?? "valid")") }
            if !ours && theirs != nil { rejectedByBoth += 1 }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
        // Byte mutations break most modules: the comparison must have seen rejections.
        #expect(rejectedByBoth > 20)
    }

    @Test func bothRejectATruncatedModule() throws {
        let tools = try #require(Self.tools)
        let truncated: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01]
        #expect(tools.validate(truncated) != nil)
        #expect(!Self.oursAccepts(truncated))
    }
}
