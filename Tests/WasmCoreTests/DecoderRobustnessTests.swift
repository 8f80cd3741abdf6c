import Testing
import WasmSmith
import WAT
@testable import WasmCore

/// The decoder never crashes: random and mutated inputs either decode or throw `DecodeError`;
/// huge declared lengths do not allocate; deep nesting does not recurse.
@Suite struct DecoderRobustnessTests {
    /// Valid modules to mutate.
    static func seeds() throws -> [[UInt8]] {
        let wat = try wat2wasm("""
        (module $m
          (type $t (func (param i32 i64) (result i32)))
          (import "env" "f" (func $f (type $t)))
          (import "env" "g" (global $g i32))
          (table $tab 4 10 funcref)
          (memory 1 2)
          (global $h (mut i64) (i64.const -7))
          (func $main (param i32) (result i32) (local f32 f64)
            (block $b (result i32)
              (loop $l
                (br_if $l (i32.eqz (local.get 0)))
                (br_table $b $l (i32.const 3) (local.get 0)))
              (call_indirect (type $t) (i32.const 1) (i64.const 2) (i32.const 0)))
            (if (result i32) (then (i32.load offset=4 (i32.const 8))) (else (i32.const 1)))
            (memory.fill (i32.const 0) (i32.const 1) (i32.const 2))
            (data.drop 1)
            (table.init $tab 0 (i32.const 0) (i32.const 0) (i32.const 1))
            (i32.trunc_sat_f32_s (f32.const 1.5))
            (drop) (drop))
          (export "main" (func $main))
          (elem (i32.const 0) $main $f)
          (elem funcref (ref.func $main) (ref.null func))
          (data (i32.const 0) "hello")
          (data "passive"))
        """, options: EncodeOptions(nameSection: true))
        let hand = Bin.oneFunction(body: [0x01, 0x02, 0x7F, 0x41, 0xAC, 0x02, 0x21, 0x00, 0x0B],
                                   extra: [Bin.section(5, [0x01, 0x00, 0x01])])
        return [wat, hand, Bin.header]
    }

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = input
        let edits = Int.random(in: 1...4, using: &rng)
        for _ in 0..<edits {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0 where !b.isEmpty: // bit flip
                let i = Int.random(in: 0..<b.count, using: &rng)
                b[i] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            case 1 where !b.isEmpty: // truncation
                b.removeLast(Int.random(in: 1...b.count, using: &rng))
            case 2: // insertion of random bytes
                let i = Int.random(in: 0...b.count, using: &rng)
                let n = Int.random(in: 1...5, using: &rng)
                b.insert(contentsOf: (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: i)
            case 3 where !b.isEmpty: // random byte
                b[Int.random(in: 0..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            case 4 where b.count > 1: // deletion
                let i = Int.random(in: 0..<b.count, using: &rng)
                b.remove(at: i)
            default: // interesting LEB128 values
                let i = Int.random(in: 0...b.count, using: &rng)
                let values: [[UInt8]] = [[0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0x80, 0x80, 0x80, 0x80, 0x00], [0x7F], [0x00]]
                b.insert(contentsOf: values[Int.random(in: 0..<values.count, using: &rng)], at: i)
            }
        }
        return b
    }

    @Test func randomAndMutatedInputsNeverCrash() throws {
        var rng = SplitMix64(state: 0x5EED_0000_D0C0_DE00)
        let seeds = try Self.seeds()
        for seed in seeds { #expect(decodeError(seed) == nil) }
        var decoded = 0, rejected = 0, otherErrors = 0
        for i in 0..<20_000 {
            let input: [UInt8]
            switch i % 4 {
            case 0: // random bytes
                input = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            case 1: // valid header, random sections
                input = Bin.header + (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            default:
                input = Self.mutate(seeds[Int.random(in: 0..<seeds.count, using: &rng)], &rng)
            }
            do {
                _ = try decodeModule(input)
                decoded += 1
            } catch let e as DecodeError {
                rejected += 1
                if e.offset < 0 || e.offset > input.count || e.message.isEmpty { otherErrors += 1 }
            } catch {
                otherErrors += 1
            }
        }
        print("DecoderRobustnessTests: \(decoded) decoded, \(rejected) rejected")
        #expect(otherErrors == 0)
        #expect(decoded + rejected == 20_000)
        #expect(rejected > 10_000)
    }

    @Test func hugeDeclaredLengthsAreRejectedBeforeAllocating() {
        let maxU32: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]
        let cases: [[UInt8]] = [
            Bin.header + [0x01] + maxU32,                                  // section size
            Bin.module(Bin.section(1, maxU32)),                            // type count
            Bin.module(Bin.section(11, [0x01, 0x01] + maxU32)),            // data bytes
            Bin.module(Bin.section(2, maxU32)),                            // import count
            Bin.oneFunction(body: [0x00, 0x0E] + maxU32 + [0x00, 0x0B]),   // br_table targets
            Bin.oneFunction(body: maxU32 + [0x7F, 0x0B]),                  // locals vector
        ]
        for bytes in cases {
            #expect(decodeError(bytes) != nil, "\(bytes)")
        }
        #expect(decodeError(Bin.module(Bin.section(11, [0x01, 0x01] + maxU32)))?.message == "length out of bounds")
    }

    @Test func deepNestingDoesNotRecurse() throws {
        let depth = 100_000
        let body: [UInt8] = [0x00] + Array(repeating: [0x02, 0x40], count: depth).flatMap { $0 }
            + Array(repeating: 0x0B, count: depth + 1)
        let m = try decodeModule(Bin.oneFunction(body: body))
        #expect(m.codes[0].instructions.count == 2 * depth + 1)
        // One `end` short: the body runs out.
        let short = Bin.oneFunction(body: Array(body.dropLast()))
        #expect(decodeError(short) != nil)
    }
}
