import Testing
@testable import WasmCore
import WasmSmith

/// `decodeAndValidateModule(_:features:parallel:)`: the bodies decoded on worker threads give
/// the sequential module, and any failure leaves the error to the sequential path.
@Suite struct ParallelDecodingTests {
    static let twoWorkers = ParallelCompilation(workers: 2, minimumCodeBytes: 0)

    static func generated(_ seed: Int) -> [UInt8] {
        var config = SmithConfig()
        config.minFunctions = 2
        config.maxFunctions = 10
        config.maxInstructions = 200
        var u = Unstructured(seed: UInt64(seed), count: 4096)
        return encodeModule(generateModule(&u, config: config))
    }

    @Test func parallelPathDecodesTheSequentialModule() throws {
        for seed in 0..<50 {
            let bytes = Self.generated(seed)
            let expected = try decodeAndValidateModule(bytes)
            let parallel = decodeAndValidateInParallel(bytes, features: .wasm2, parallel: Self.twoWorkers)
            #expect(parallel != nil, "seed \(seed): the parallel path applies to a valid module")
            #expect(parallel == expected, "seed \(seed)")
            #expect(try decodeAndValidateModule(bytes, features: .wasm2, parallel: Self.twoWorkers) == expected)
        }
    }

    @Test func smallModulesAndOneWorkerStaySequential() throws {
        let bytes = Self.generated(1)
        let large = ParallelCompilation(workers: 2, minimumCodeBytes: bytes.count + 1)
        #expect(decodeAndValidateInParallel(bytes, features: .wasm2, parallel: large) == nil)
        #expect(!ParallelCompilation.sequential.splits(bodies: 100, codeBytes: 1 << 20))
        #expect(!Self.twoWorkers.splits(bodies: 1, codeBytes: 1 << 20))
        #expect(Self.twoWorkers.splits(bodies: 2, codeBytes: 0))
    }

    /// A body that fails validation: the parallel path gives up, and the error is the sequential one.
    @Test func invalidBodyFallsBackToTheSequentialError() throws {
        // Two functions; the second returns an i64 where an i32 is declared.
        let bytes: [UInt8] = [
            0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
            0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7F,  // type: [] -> [i32]
            0x03, 0x03, 0x02, 0x00, 0x00,  // two functions of type 0
            0x0A, 0x0B, 0x02,  // code: two bodies
            0x04, 0x00, 0x41, 0x01, 0x0B,  // i32.const 1
            0x04, 0x00, 0x42, 0x01, 0x0B,  // i64.const 1
        ]
        #expect(decodeAndValidateInParallel(bytes, features: .wasm2, parallel: Self.twoWorkers) == nil)
        var sequential = ""
        do { _ = try decodeAndValidateModule(bytes) } catch { sequential = "\(error)" }
        var parallel = ""
        do { _ = try decodeAndValidateModule(bytes, features: .wasm2, parallel: Self.twoWorkers) } catch { parallel = "\(error)" }
        #expect(!sequential.isEmpty)
        #expect(parallel == sequential)
    }

    @Test func workItemsRunOnceEach() {
        let slots = ResultSlots<Int>(count: 1000)
        ParallelWork.forEach(count: 1000, workers: 4, makeState: { 0 }) { calls, i in
            calls += 1
            slots.set(i, i * 2)
        }
        let results = slots.take()
        #expect(results == (0..<1000).map { Optional($0 * 2) })
    }
}
