import Testing
import WAT
import WasmCore
@testable import WasmFuzzing

@Test func decodeValidateAgreesOnAValidModule() throws {
    let bytes = try wat2wasm("(module (func (export \"f\") (result i32) i32.const 1))")
    #expect(wasmKitValidate(bytes) == .accepted)
    #expect(FuzzTargets.decodeValidate(bytes) == nil)
}

@Test func decodeValidateAgreesOnAnInvalidModule() throws {
    // A function whose body leaves an i64 where an i32 is declared: both validators reject it.
    let bytes = try wat2wasm("(module (func (result i32) i64.const 1))")
    if case .rejected = wasmKitValidate(bytes) {} else { Issue.record("WasmKit should reject a type mismatch") }
    #expect(FuzzTargets.decodeValidate(bytes) == nil)
}

@Test func decodeValidateNeverFailsOnGarbage() {
    var mutator = Mutator(seed: 7)
    for _ in 0..<200 {
        var bytes = mutator.randomInput(maxLength: 64)
        bytes.replaceSubrange(0..<min(8, bytes.count), with: [0, 0x61, 0x73, 0x6D, 1, 0, 0, 0])
        // Both reject garbage after the header (or WasmKit cannot decide); no disagreement expected.
        #expect(FuzzTargets.decodeValidate(bytes) == nil)
    }
}

@Test func smithTargetsPassOnSeveralInputs() {
    var mutator = Mutator(seed: 11)
    for _ in 0..<10 {
        let input = mutator.randomInput(maxLength: 512)
        #expect(FuzzTargets.smithValidate(input) == nil)
        #expect(FuzzTargets.smithInterp(input) == nil)
        #expect(FuzzTargets.smithJIT(input) == nil)
    }
}

@Test func unknownTargetIsReported() {
    #expect(FuzzTargets.run("nope", []) != nil)
    #expect(FuzzTargets.names.count == 7)
}

/// Found by `decode_validate`: a start section naming a function that does not exist (plus an empty
/// custom section). Both must reject it; the harness used to drop WasmKit's start function first.
@Test func decodeValidateAgreesOnAMissingStartFunction() {
    let bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x08, 0x01, 0x2C,
                          0x00, 0x08, 0x00, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x0A, 0x00]
    if case .rejected = wasmKitValidate(bytes) {} else { Issue.record("WasmKit should reject an unknown start function") }
    #expect(FuzzTargets.decodeValidate(bytes) == nil)
}

@Test func decodeValidateRunsAStartFunctionUnderFuel() throws {
    // A start function that never ends: fuel stops it, so WasmKit cannot decide, and nothing hangs.
    let bytes = try wat2wasm("(module (func $s (loop $l (br $l))) (start $s))")
    if case .undecided = wasmKitValidate(bytes) {} else { Issue.record("expected undecided, got \(wasmKitValidate(bytes))") }
    #expect(FuzzTargets.decodeValidate(bytes) == nil)
}

/// `decode_component` accepts sections without a preamble (it prepends one) and random bytes.
@Test func decodeComponentTargetRunsCleanOnRandomInputs() {
    // A core module section holding the empty module, without a preamble: decodes.
    #expect(FuzzTargets.decodeComponentTarget([0x01, 0x08, 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]) == nil)
    var mutator = Mutator(seed: 5)
    for _ in 0..<500 {
        #expect(FuzzTargets.run("decode_component", mutator.randomInput(maxLength: 256)) == nil)
    }
}
