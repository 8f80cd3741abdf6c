import Testing
import WasmCore
@testable import WasmSmith

/// 10,000 modules from random byte strings, each under its own swarm configuration, all validate
/// with the features that configuration enables.
@Test func generatedModulesValidate() {
    var failures = 0
    // Byte strings of varied lengths (short ones exercise the exhausted-input fallbacks).
    for i in 0..<10_000 {
        var seedStream = Unstructured(seed: 900_000 + UInt64(i), count: 16)
        let length = [64, 512, 4096, 16_384][seedStream.index(4)]
        var u = Unstructured(seed: 1_000_000 + UInt64(i), count: length)
        let config = SmithConfig.arbitrary(&u)
        let module = generateModule(&u, config: config)
        do {
            try validateModule(module, features: config.features)
        } catch {
            failures += 1
            if failures == 1 {
                Issue.record("module \(i) (seed \(1_000_000 + i), \(length) bytes) is invalid: \(error)\nconfig: \(config)\n\(printWAT(module))")
            }
        }
    }
    #expect(failures == 0)
}
