import Testing
import WAT
@testable import WasmCore

/// `FunctionBody.profile`: what the validator records about each body while decoding and
/// validating it in one pass. Expected values are counted by hand from the module text.
@Suite struct BodyProfileTests {
    static let module = """
    (module
      (type $pair (func (param i32 i64) (result i32)))
      (memory 1)
      (table 2 funcref)
      (elem func $f)
      (func $f (param i32) (result i32) (local i64 f64)
        local.get 0                 ;; local 0: 1
        i64.load16_u offset=2       ;; width 2
        local.set 1                 ;; local 1: 1
        (loop $l
          local.get 0               ;; local 0: + 8
          local.get 0               ;; local 0: + 8
          (loop $m
            local.get 2             ;; local 2: 64
            local.set 2             ;; local 2: + 64
          )
          i32.store8                ;; width 1
        )
        i32.const 0
        i64.const 1
        (if (type $pair) (param i32 i64) (result i32) (i32.const 1)
          (then drop)
          (else drop))
        memory.size                 ;; width 1 (limit slot), no access
        i32.add
        call $f)
      (func $g
        i32.const 0 i32.const 0 i32.const 0
        table.init 0
        f64.const 0
        f64.const 0
        drop drop
        (memory.grow (i32.const 1))
        drop)
      (func $h (result f32)
        f32.const 1))
    """

    @Test func profilesCountUsesAndFlagWhatOccurs() throws {
        let module = try decodeAndValidateModule(try wat2wasm(Self.module))
        let f = try #require(module.codes[0].profile)
        #expect(f.localUses == [17, 1, 128])
        #expect(f.accessWidths == (1 << 2) | (1 << 1))
        #expect(f.readsMemorySize)
        #expect(!f.growsMemory)
        #expect(f.callsFunctions)
        #expect(!f.copiesOrInitializesTables)
        #expect(f.ifParameterCount == 2)

        let g = try #require(module.codes[1].profile)
        #expect(g.localUses == [])
        #expect(g.accessWidths == 0)
        #expect(g.growsMemory && !g.readsMemorySize && !g.callsFunctions)
        #expect(g.copiesOrInitializesTables)
        #expect(g.ifParameterCount == 0)

        #expect(module.codes[2].profile == BodyProfile())
    }

    /// Plain decoding attaches none, and the profile is not part of a body's identity.
    @Test func decodingWithoutValidationHasNoProfile() throws {
        let bytes = try wat2wasm(Self.module)
        let plain = try decodeModule(bytes)
        let validated = try decodeAndValidateModule(bytes)
        #expect(plain.codes.allSatisfy { $0.profile == nil })
        #expect(validated.codes.allSatisfy { $0.profile != nil })
        #expect(plain == validated)
    }

    /// The parallel path validates the bodies on worker threads: same profiles.
    @Test func parallelDecodingGivesTheSameProfiles() throws {
        for seed in 0..<20 {
            let bytes = ParallelDecodingTests.generated(seed)
            let sequential = try decodeAndValidateModule(bytes)
            let parallel = try #require(decodeAndValidateInParallel(bytes, features: .wasm2, parallel: ParallelDecodingTests.twoWorkers))
            #expect(parallel.codes.map(\.profile) == sequential.codes.map(\.profile), "seed \(seed)")
            #expect(sequential.codes.allSatisfy { $0.profile != nil })
        }
    }
}
