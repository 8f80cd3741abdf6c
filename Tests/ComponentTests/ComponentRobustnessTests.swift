import Testing
import WasmCore

/// Truncations and byte flips of every position of every fixture: typed errors, never a crash,
/// and never an error type other than `DecodeError` / `ValidationError`.
@Suite struct ComponentRobustnessTests {
    enum Outcome: Equatable { case decoded, malformed, invalid, otherError }

    func outcome(_ bytes: [UInt8]) -> Outcome {
        do {
            _ = try decodeComponent(bytes)
            return .decoded
        } catch is DecodeError {
            return .malformed
        } catch is ValidationError {
            return .invalid
        } catch {
            return .otherError
        }
    }

    @Test(arguments: Fixtures.componentNames)
    func everyTruncationFailsUnlessAtASectionBoundary(_ name: String) throws {
        let bytes = try Fixtures.bytes(name)
        #expect(outcome(bytes) == .decoded)
        let boundaries = Fixtures.sectionBoundaries(bytes)
        for length in 0..<bytes.count {
            let result = outcome(Array(bytes[0..<length]))
            if boundaries.contains(length) {
                #expect(result != .otherError && result != .malformed, "cut at section boundary \(length)")
            } else {
                #expect(result == .malformed, "truncated to \(length) bytes")
            }
        }
    }

    @Test(arguments: Fixtures.componentNames)
    func everyByteFlipGivesATypedOutcome(_ name: String) throws {
        let bytes = try Fixtures.bytes(name)
        var errors = 0
        for position in bytes.indices {
            for flip: UInt8 in [0xFF, 0x01, 0x80] {
                var mutated = bytes
                mutated[position] ^= flip
                let result = outcome(mutated)
                #expect(result != .otherError, "flip \(flip) at \(position)")
                if result != .decoded { errors += 1 }
            }
        }
        // Most flips break something (the preamble alone is 8 positions × 3 flips).
        #expect(errors > bytes.count)
    }
}
