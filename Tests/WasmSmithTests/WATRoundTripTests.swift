import Testing
import WAT
import WasmCore
@testable import WasmSmith

/// printWAT → WasmKit's wat2wasm gives exactly the bytes our encoder writes (names aside).
@Test func printedTextAssemblesToTheEncodedBytes() throws {
    var mismatches = 0
    for (seed, module) in generatedModules(count: 600, base: 10_000, swarm: true) {
        let text = printWAT(module)
        let assembled: [UInt8]
        do {
            assembled = try wat2wasm(text)
        } catch {
            Issue.record("seed \(seed): wat2wasm failed: \(error)\n\(text)")
            return
        }
        let encoded = encodeModule(withShortBlockTypes(withWasmKitDataCount(withoutNames(module))))
        if assembled != encoded {
            mismatches += 1
            if mismatches == 1 {
                let i = zip(assembled, encoded).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(assembled.count, encoded.count)
                let context = { (b: [UInt8]) in b[max(0, i - 8)..<min(b.count, i + 8)].map { String($0, radix: 16) }.joined(separator: " ") }
                Issue.record("seed \(seed): bytes differ at \(i) (\(assembled.count) vs \(encoded.count)): wat2wasm \(context(assembled)) encoder \(context(encoded))\n\(text)")
            }
        }
    }
    #expect(mismatches == 0)
}
