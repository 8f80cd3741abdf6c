import WasmCore

/// A table instance (core spec §4.2.7). Elements are reference slots: 0 is null; a function
/// reference is its store address + 1; an extern reference is its store extern index + 1.
public final class TableInstance {
    public private(set) var type: TableType
    /// Unchecked exclusivity: the interpreter reads elements on every `call_indirect`, and a
    /// dynamic access check there costs more than the rest of the lookup.
    @exclusivity(unchecked) public var elements: [UInt64]

    /// Largest table size this engine allows (the spec allows up to 2^32 - 1).
    public static let maxElements: UInt64 = 10_000_000

    public init?(type: TableType, initial: UInt64) {
        guard type.limits.min <= TableInstance.maxElements else { return nil }
        self.type = type
        elements = Array(repeating: initial, count: Int(type.limits.min))
    }

    public var size: UInt64 { UInt64(elements.count) }

    /// Grows by `delta` elements set to `initial`. Returns the old size, or nil when the maximum would be exceeded.
    public func grow(by delta: UInt64, initial: UInt64) -> UInt64? {
        let old = size
        let (n, o) = old.addingReportingOverflow(delta)
        guard !o, n <= min(type.limits.max ?? UInt64(UInt32.max), UInt64(UInt32.max)), n <= TableInstance.maxElements else { return nil }
        elements.append(contentsOf: repeatElement(initial, count: Int(delta)))
        type.limits.min = n
        return old
    }

    @inline(__always)
    public func inBounds(_ offset: UInt64, _ count: UInt64) -> Bool {
        let (end, o) = offset.addingReportingOverflow(count)
        return !o && end <= UInt64(elements.count)
    }
}
