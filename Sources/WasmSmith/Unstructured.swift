/// A deterministic source of choices drawn from a byte string, like Rust's
/// `arbitrary::Unstructured`. Every draw consumes a few bytes; once the bytes run out, every draw
/// returns the smallest choice (lower bound, `false`, first element), so generation always
/// terminates and the same bytes give the same result on every machine.
public struct Unstructured: Sendable {
    public let data: [UInt8]
    public private(set) var position = 0

    public init(_ data: [UInt8]) { self.data = data }

    /// A byte string of `count` bytes from a SplitMix64 stream seeded with `seed` (for `--seed`).
    public init(seed: UInt64, count: Int = 4096) {
        var rng = SplitMix64(state: seed)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            let z = rng.next()
            for i in 0..<8 where bytes.count < count { bytes.append(UInt8(truncatingIfNeeded: z >> (8 * UInt64(i)))) }
        }
        self.data = bytes
    }

    /// Bytes not yet consumed.
    public var remaining: Int { data.count - position }
    public var isEmpty: Bool { position >= data.count }

    /// The next byte, or 0 when the bytes are exhausted.
    public mutating func byte() -> UInt8 {
        guard position < data.count else { return 0 }
        defer { position += 1 }
        return data[position]
    }

    /// An integer in `range`, consuming only as many bytes as the range's width needs.
    public mutating func int(in range: ClosedRange<UInt64>) -> UInt64 {
        let width = range.upperBound - range.lowerBound
        if width == 0 { return range.lowerBound }
        var acc: UInt64 = 0
        var covered: UInt64 = 0
        while covered < width {
            acc = (acc << 8) | UInt64(byte())
            covered = covered == 0 ? 0xFF : (covered << 8) | 0xFF
            if covered == UInt64.max { break }
        }
        let offset = width == UInt64.max ? acc : acc % (width + 1)
        return range.lowerBound + offset
    }

    /// An `Int` in `range` (empty ranges are not possible with `ClosedRange`).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(bitPattern: Int64(range.upperBound) &- Int64(range.lowerBound))
        return range.lowerBound &+ Int(truncatingIfNeeded: int(in: 0...width))
    }

    /// An index into a collection of `count` elements (0 when `count` is 0).
    public mutating func index(_ count: Int) -> Int { count <= 1 ? 0 : int(in: 0...(count - 1)) }

    /// One element of `items`, or nil when it is empty.
    public mutating func choose<T>(_ items: [T]) -> T? {
        items.isEmpty ? nil : items[index(items.count)]
    }

    public mutating func bool() -> Bool { byte() & 1 == 1 }

    /// True with probability about `numerator / denominator` (false once bytes run out).
    public mutating func ratio(_ numerator: Int, _ denominator: Int) -> Bool {
        guard denominator > 0, numerator > 0, !isEmpty else { return false }
        return int(in: 1...denominator) <= numerator
    }

    /// A length for a collection, in `range`.
    public mutating func count(in range: ClosedRange<Int>) -> Int { int(in: range) }

    public mutating func u32() -> UInt32 { UInt32(truncatingIfNeeded: int(in: 0...UInt64(UInt32.max))) }
    public mutating func u64() -> UInt64 { int(in: 0...UInt64.max) }

    /// `count` raw bytes (zeros once exhausted).
    public mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<max(0, count)).map { _ in byte() }
    }
}
