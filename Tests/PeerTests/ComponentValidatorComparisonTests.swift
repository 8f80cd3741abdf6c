import Foundation
import Testing
import WasmSmith
import WasmCore
import WasmFuzzing

/// Our component decoder against `wasm-tools validate --features all` on the component fixtures
/// and mutants of them. Our validation is structural (no type checking), so it may accept what
/// wasm-tools rejects, but it must never reject what wasm-tools accepts. Needs the peers.
private let installedWasmTools: WasmTools? = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let path = root.appendingPathComponent(".venv-peers/bin/wasm-tools").path
    return FileManager.default.isExecutableFile(atPath: path) ? WasmTools(path: path) : WasmTools.locate()
}()

@Suite(.enabled(if: installedWasmTools != nil, "wasm-tools not installed: run ci/peers/install.sh"))
struct ComponentValidatorComparisonTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ComponentTests/Fixtures")

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    static func oursAccepts(_ bytes: [UInt8]) -> Bool { (try? decodeComponent(bytes)) != nil }

    @Test func neverRejectWhatWasmToolsAccepts() throws {
        let tools = try #require(installedWasmTools)
        let seeds = try ["minimal", "adder", "nested", "newer"].map { try Self.fixture("\($0).component.wasm") }
        for seed in seeds {
            #expect(tools.validate(seed, features: "all") == nil)
            #expect(Self.oursAccepts(seed))
        }
        var rng = SplitMix64(state: 2026)
        var falseRejections: [String] = []
        var rejectedByBoth = 0
        for i in 0..<200 {
            var b = seeds[i % seeds.count]
            for _ in 0..<(1 + rng.next() % 3) {
                let p = 8 + Int(rng.next() % UInt64(b.count - 8))
                b[p] ^= UInt8(truncatingIfNeeded: 1 << (rng.next() % 8))
            }
            let theirs = tools.validate(b, features: "all"), ours = Self.oursAccepts(b)
            if theirs == nil && !ours {
                var why = ""
                do { _ = try decodeComponent(b) } catch { why = "\(error)" }
                falseRejections.append("mutant \(i): \(why)")
            }
            if theirs != nil && !ours { rejectedByBoth += 1 }
        }
        #expect(falseRejections.isEmpty, "\(falseRejections.prefix(5))")
        #expect(rejectedByBoth > 50)
    }
}
