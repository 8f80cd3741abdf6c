import Testing
import WAT
import WasmCore
@testable import WasmSmith

/// `m` without the decoder's per-instruction byte offsets, and without the raw copy of the
/// name section the decoder keeps among the custom sections besides decoding it into `names`.
func withoutOffsets(_ m: ModuleDefinition) -> ModuleDefinition {
    var m = m
    for i in m.codes.indices { m.codes[i].offsets = [] }
    if m.names != nil { m.customSections.removeAll { $0.name == "name" } }
    return m
}

/// encode → decode gives back exactly the generated module (offsets aside), and encoding the
/// decoded module gives the same bytes again.
@Test func encodedModulesDecodeToTheSameDefinition() throws {
    var failures = 0
    for (seed, module) in generatedModules(count: 2000, base: 70_000, swarm: true) {
        let bytes = encodeModule(module)
        let decoded = try decodeModule(bytes)
        #expect(encodeModule(decoded) == bytes)
        if withoutOffsets(decoded) != module {
            failures += 1
            if failures == 1 {
                Issue.record("seed \(seed): decoded module differs: \(differences(withoutOffsets(decoded), module).joined(separator: "; "))\n\(printWAT(module))")
            }
        }
    }
    #expect(failures == 0)
}

/// print → WasmKit wat2wasm → decode gives a module equal in meaning: the same module up to names,
/// offsets, the data count section and block types WasmKit writes in their short form.
@Test func printedModulesReassembleToTheSameMeaning() throws {
    var failures = 0
    for (seed, module) in generatedModules(count: 1500, base: 90_000, swarm: true) {
        let decoded = try decodeModule(try wat2wasm(printWAT(module)))
        let expected = withShortBlockTypes(withWasmKitDataCount(withoutNames(module)))
        if withoutOffsets(withShortBlockTypes(decoded)) != expected {
            failures += 1
            if failures == 1 {
                let got = withoutOffsets(withShortBlockTypes(decoded))
                Issue.record("seed \(seed): reassembled module differs: \(differences(got, expected).joined(separator: "; "))\n\(printWAT(module))")
            }
        }
    }
    #expect(failures == 0)
}
