#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmCore

/// Base address and length of a table's elements, kept at a stable address
/// (`TableInstance.context`) so compiled code can read elements directly (JIT `call_indirect`).
public struct TableContext {
    /// First element; never nil (an empty table still has a one-element allocation).
    public var base: UnsafeMutablePointer<UInt64>
    /// Current number of elements.
    public var count: UInt64

    public init(base: UnsafeMutablePointer<UInt64>, count: UInt64) {
        self.base = base
        self.count = count
    }
}

/// A table instance (core spec §4.2.7). Elements are reference slots: 0 is null; a function
/// reference is its store address + 1; an extern reference is its store extern index + 1.
///
/// The elements live in a manually managed buffer described by `context`; growing may move the
/// buffer (and updates `context`), so compiled code reloads the base on every access.
public final class TableInstance {
    public private(set) var type: TableType
    /// Stable pointer to base/count: valid for the lifetime of this instance.
    public let context: UnsafeMutablePointer<TableContext>
    /// Elements allocated at `context.base` (at least `count`, at least 1).
    private var capacity: Int

    /// Largest table size this engine allows (the spec allows up to 2^32 - 1).
    public static let maxElements: UInt64 = 10_000_000

    public init?(type: TableType, initial: UInt64) {
        guard type.limits.min <= TableInstance.maxElements else { return nil }
        self.type = type
        let count = Int(type.limits.min)
        capacity = Swift.max(count, 1)
        let base = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        base.initialize(repeating: initial, count: count)
        context = .allocate(capacity: 1)
        context.initialize(to: TableContext(base: base, count: UInt64(count)))
    }

    deinit {
        context.pointee.base.deallocate()
        context.deallocate()
    }

    /// The elements (a view of the current buffer: do not keep it across `grow`).
    @inlinable public var elements: TableElements {
        TableElements(base: context.pointee.base, count: Int(truncatingIfNeeded: context.pointee.count))
    }

    @inlinable public var size: UInt64 { context.pointee.count }

    /// Grows by `delta` elements set to `initial`. Returns the old size, or nil when the maximum would be exceeded.
    public func grow(by delta: UInt64, initial: UInt64) -> UInt64? {
        let old = size
        let (n, o) = old.addingReportingOverflow(delta)
        guard !o, n <= min(type.limits.max ?? UInt64(UInt32.max), UInt64(UInt32.max)), n <= TableInstance.maxElements else { return nil }
        let newCount = Int(n)
        if newCount > capacity {
            let newCapacity = Swift.max(newCount, Swift.min(capacity * 2, Int(TableInstance.maxElements)))
            let base = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity)
            base.moveInitialize(from: context.pointee.base, count: Int(old))
            context.pointee.base.deallocate()
            context.pointee.base = base
            capacity = newCapacity
        }
        (context.pointee.base + Int(old)).initialize(repeating: initial, count: Int(delta))
        context.pointee.count = n
        type.limits.min = n
        return old
    }

    @inline(__always)
    public func inBounds(_ offset: UInt64, _ count: UInt64) -> Bool {
        let (end, o) = offset.addingReportingOverflow(count)
        return !o && end <= size
    }
}

/// A view of a table's elements: indexable and writable like an array of fixed length
/// (writes go to the table). Invalidated when the table grows.
public struct TableElements: RandomAccessCollection {
    @usableFromInline let base: UnsafeMutablePointer<UInt64>
    public let count: Int

    @inlinable init(base: UnsafeMutablePointer<UInt64>, count: Int) {
        self.base = base
        self.count = count
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }

    @inlinable public subscript(i: Int) -> UInt64 {
        get {
            precondition(i >= 0 && i < count, "table element index out of range")
            return base[i]
        }
        nonmutating set {
            precondition(i >= 0 && i < count, "table element index out of range")
            base[i] = newValue
        }
    }

    /// Overwrites `range` with `items` (as many as the range holds; the length never changes).
    public func replaceSubrange<C: Collection>(_ range: Range<Int>, with items: C) where C.Element == UInt64 {
        precondition(range.lowerBound >= 0 && range.upperBound <= count && items.count == range.count,
                     "table element range out of range")
        var k = range.lowerBound
        for v in items {
            base[k] = v
            k += 1
        }
    }
}
