import Testing
import WasmCore
import WasmSmith
@testable import WasmJIT

/// `BodyFacts` from the validator's profile (`FunctionBody.profile`, the path compiled modules
/// take) against the JIT's own scan of the body (the path of bodies built in memory): the same
/// facts, hence the same code.
@Suite struct BodyFactsTests {
    /// Generated modules with loops, memory and table instructions, calls and typed `if`s.
    static func generated(_ seed: Int) -> [UInt8] {
        var config = SmithConfig()
        config.minFunctions = 3
        config.maxFunctions = 12
        config.maxInstructions = 400
        var u = Unstructured(seed: UInt64(seed), count: 8192)
        return encodeModule(generateModule(&u, config: config))
    }

    @Test func profileGivesTheFactsOfTheScan() throws {
        var bodies = 0, withLoops = 0, withMemory = 0
        for seed in 0..<60 {
            let module = try decodeAndValidateModule(Self.generated(seed))
            for (i, body) in module.codes.enumerated() {
                let profile = try #require(body.profile, "seed \(seed) body \(i)")
                let type = try #require(module.functionType(at: UInt32(module.importedFunctions.count + i)))
                let localCount = type.params.count + body.locals.reduce(0) { $0 + Int($1.count) }
                let scanned = BodyFacts(body, types: module.types, localCount: localCount)
                #expect(BodyFacts(profile) == scanned, "seed \(seed) body \(i)")
                #expect(BodyFacts.of(body, types: module.types, localCount: localCount) == scanned)
                bodies += 1
                if scanned.localWeights.contains(where: { $0 >= 8 }) { withLoops += 1 }
                if scanned.usesMemory { withMemory += 1 }
            }
        }
        // The comparison covered the interesting cases.
        #expect(bodies > 100 && withLoops > 0 && withMemory > 0)
    }

    /// A body without a profile (built in memory) is scanned.
    @Test func bodyWithoutProfileIsScanned() throws {
        var module = try decodeAndValidateModule(Self.generated(1))
        let body = module.codes[0]
        module.codes[0].profile = nil
        let type = try #require(module.functionType(at: UInt32(module.importedFunctions.count)))
        let localCount = type.params.count + body.locals.reduce(0) { $0 + Int($1.count) }
        #expect(BodyFacts.of(module.codes[0], types: module.types, localCount: localCount)
                == BodyFacts(body, types: module.types, localCount: localCount))
    }
}
