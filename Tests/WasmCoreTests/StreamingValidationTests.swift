import Testing
import WasmSmith
@testable import WasmCore

/// `decodeAndValidateModule` (bodies validated while they are decoded) answers exactly like
/// `decodeModule` followed by `validateModule`: the same module, or the same error (type,
/// message, function index and byte offset).
@Suite struct StreamingValidationTests {
    /// The two-pass answer and the one-pass answer, rendered for comparison.
    static func outcomes(_ bytes: [UInt8], features: Features = .wasm2) -> (twoPass: String, onePass: String) {
        func render(_ body: () throws -> ModuleDefinition) -> String {
            do {
                return "ok \(try body().hashValue)"
            } catch let e as DecodeError {
                return "decode: \(e.message) @\(e.offset)"
            } catch let e as ValidationError {
                return "invalid: \(e.message) function \(e.functionIndex.map(String.init) ?? "-") @\(e.offset.map(String.init) ?? "-")"
            } catch {
                return "other: \(error)"
            }
        }
        let twoPass = render {
            let module = try decodeModule(bytes, features: features)
            try validateModule(module, features: features)
            return module
        }
        return (twoPass, render { try decodeAndValidateModule(bytes, features: features) })
    }

    /// Generated modules with a few bytes overwritten (mostly inside function bodies, so many
    /// decode and then fail validation in some body): both paths agree on every one.
    @Test(arguments: 0..<4)
    func mutatedGeneratedModulesAgree(seed: UInt64) {
        var rng = SplitMix64(state: seed &+ 0x5EED)
        var bodyErrors = 0, valid = 0
        for round in 0..<150 {
            var u = Unstructured(seed: seed &* 1000 &+ UInt64(round), count: 4096)
            var bytes = encodeModule(generateModule(&u, config: SmithConfig()))
            let flips = round % 5 == 0 ? 0 : 1 + Int(rng.next() % 3)
            for _ in 0..<flips {
                // Mostly in the last two thirds, where the code section is.
                let low = bytes.count / 3
                let at = low + Int(rng.next() % UInt64(Swift.max(bytes.count - low, 1)))
                if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: rng.next()) }
            }
            let (twoPass, onePass) = Self.outcomes(bytes)
            #expect(twoPass == onePass, "seed \(seed) round \(round)")
            if twoPass.hasPrefix("invalid:"), !twoPass.contains("function -") { bodyErrors += 1 }
            if twoPass.hasPrefix("ok") { valid += 1 }
        }
        // The mutations must exercise both outcomes that streaming changes.
        #expect(bodyErrors > 0)
        #expect(valid > 0)
    }

    /// Hand-made bodies whose errors streaming detects differently from the loop over a whole
    /// body: an invalid body after a valid one, a body error together with a later decode error
    /// (decode wins), and a body error together with a definitions error (definitions win).
    @Test func errorPrecedenceMatchesTwoPass() {
        // (func) (func (i64.const 0) (drop) (i32.add))
        let typeSection: [UInt8] = [0x01, 0x04, 0x01, 0x60, 0x00, 0x00]
        let functions: [UInt8] = [0x03, 0x03, 0x02, 0x00, 0x00]
        let goodBody: [UInt8] = [0x02, 0x00, 0x0B]
        let badBody: [UInt8] = [0x06, 0x00, 0x42, 0x00, 0x1A, 0x6A, 0x0B]
        let header: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
        func code(_ bodies: [UInt8]...) -> [UInt8] {
            let content = [UInt8(bodies.count)] + bodies.flatMap { $0 }
            return [0x0A, UInt8(content.count)] + content
        }
        let invalidBody = header + typeSection + functions + code(goodBody, badBody)
        let (a, b) = Self.outcomes(invalidBody)
        #expect(a.hasPrefix("invalid: type mismatch function 1"))
        #expect(a == b)

        // The same, then a malformed data section after the code section: the decode error wins.
        let thenMalformed = invalidBody + [0x0B, 0x01, 0x07]
        let (c, d) = Self.outcomes(thenMalformed)
        #expect(c.hasPrefix("decode:"))
        #expect(c == d)

        // The same with a start function of unknown index: the definitions error wins.
        let withBadStart = header + typeSection + functions + [0x08, 0x01, 0x09] + code(goodBody, badBody)
        let (e, f) = Self.outcomes(withBadStart)
        #expect(e.hasPrefix("invalid: unknown function 9"))
        #expect(e == f)

        // Bytes after the function's final `end` inside the body's size: a decode error either way.
        let trailing: [UInt8] = [0x04, 0x00, 0x0B, 0x01, 0x0B]
        let (g, h) = Self.outcomes(header + typeSection + [0x03, 0x02, 0x01, 0x00] + code(trailing))
        #expect(g.hasPrefix("decode: section size mismatch"))
        #expect(g == h)
    }
}
