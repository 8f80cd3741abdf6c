#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmCore

/// Base address and byte size of a linear memory, kept at a stable address
/// (`MemoryInstance.context`) so compiled code can load them directly.
public struct MemoryContext {
    /// Start of the bytes; never nil (a zero-size memory points at a 1-byte allocation).
    public var base: UnsafeMutableRawPointer
    /// Current size in bytes (a multiple of 64 KiB, at most 4 GiB).
    public var size: UInt64

    public init(base: UnsafeMutableRawPointer, size: UInt64) {
        self.base = base
        self.size = size
    }
}

/// A linear memory instance (core spec §4.2.8): a byte buffer owned by this object.
public final class MemoryInstance {
    public static let pageSize: UInt64 = 65536
    /// Stable pointer to base/size: valid for the lifetime of this instance. `base` changes on grow.
    public let context: UnsafeMutablePointer<MemoryContext>
    public private(set) var type: MemoryType

    /// Allocates `type.limits.min` zeroed pages. Throws `nil`-free: returns nil if the size is over 4 GiB or allocation fails.
    public init?(type: MemoryType) {
        guard type.limits.min <= MemoryType.maxPages else { return nil }
        let bytes = type.limits.min * MemoryInstance.pageSize
        guard let base = calloc(Int(max(bytes, 1)), 1) else { return nil }
        context = .allocate(capacity: 1)
        context.initialize(to: MemoryContext(base: base, size: bytes))
        self.type = type
    }

    deinit {
        free(context.pointee.base)
        context.deallocate()
    }

    public var base: UnsafeMutableRawPointer { context.pointee.base }
    public var byteCount: UInt64 { context.pointee.size }
    public var pageCount: UInt64 { context.pointee.size / MemoryInstance.pageSize }

    /// Grows by `delta` pages (zero-filled). Returns the old page count, or nil when the
    /// maximum (declared, or 4 GiB) would be exceeded or allocation fails.
    public func grow(by delta: UInt64) -> UInt64? {
        let old = pageCount
        let (newPages, overflow) = old.addingReportingOverflow(delta)
        guard !overflow, newPages <= min(type.limits.max ?? MemoryType.maxPages, MemoryType.maxPages) else { return nil }
        if delta == 0 { return old }
        let oldBytes = context.pointee.size
        let newBytes = newPages * MemoryInstance.pageSize
        guard let p = realloc(context.pointee.base, Int(newBytes)) else { return nil }
        memset(p + Int(oldBytes), 0, Int(newBytes - oldBytes))
        context.pointee.base = p
        context.pointee.size = newBytes
        type.limits.min = newPages
        return old
    }

    /// Whether `[offset, offset + count)` is inside the memory (computed without overflow).
    @inline(__always)
    public func inBounds(_ offset: UInt64, _ count: UInt64) -> Bool {
        let (end, o) = offset.addingReportingOverflow(count)
        return !o && end <= context.pointee.size
    }
}
