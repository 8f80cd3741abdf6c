/// Byte-level mutations of generator inputs (a small subset of libFuzzer's), driven by a seeded
/// generator so a campaign with a given seed is reproducible.
public struct Mutator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed | 1 }

    public mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }

    public mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    /// Fresh random bytes.
    public mutating func randomInput(maxLength: Int = 2048) -> [UInt8] {
        (0..<(16 + below(maxLength))).map { _ in UInt8(truncatingIfNeeded: next()) }
    }

    /// One to four mutations of `input`, optionally splicing in part of `other`.
    public mutating func mutate(_ input: [UInt8], splicing other: [UInt8]? = nil, maxLength: Int = 8192) -> [UInt8] {
        var bytes = input.isEmpty ? [0] : input
        for _ in 0..<(1 + below(4)) {
            switch below(7) {
            case 0: bytes[below(bytes.count)] ^= UInt8(1 << below(8))
            case 1: bytes[below(bytes.count)] = UInt8(truncatingIfNeeded: next())
            case 2: bytes.insert(UInt8(truncatingIfNeeded: next()), at: below(bytes.count + 1))
            case 3: if bytes.count > 1 { bytes.remove(at: below(bytes.count)) }
            case 4:
                let i = below(bytes.count), n = min(bytes.count - i, 1 + below(16))
                bytes.insert(contentsOf: bytes[i..<(i + n)], at: below(bytes.count + 1))
            case 5:
                let interesting: [UInt8] = [0, 1, 0x7F, 0x80, 0xFF]
                bytes[below(bytes.count)] = interesting[below(interesting.count)]
            default:
                if let other, !other.isEmpty {
                    let i = below(other.count), n = min(other.count - i, 1 + below(64))
                    let at = below(bytes.count + 1)
                    bytes.replaceSubrange(at..<min(bytes.count, at + n), with: other[i..<(i + n)])
                }
            }
        }
        return Array(bytes.prefix(maxLength))
    }
}
