#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmCore

/// Base address and byte size of a linear memory, kept at a stable address
/// (`MemoryInstance.context`) so compiled code can load them directly.
public struct MemoryContext {
    /// Start of the bytes; never nil (a zero-size memory still has a reservation).
    public var base: UnsafeMutableRawPointer
    /// Current size in bytes (a multiple of 64 KiB, at most 4 GiB).
    public var size: UInt64

    public init(base: UnsafeMutableRawPointer, size: UInt64) {
        self.base = base
        self.size = size
    }
}

/// A linear memory instance (core spec §4.2.8): a byte buffer owned by this object.
///
/// The buffer is one private anonymous mapping reserved (`MAP_NORESERVE`) for the largest size
/// the memory may reach (its declared maximum, else 4 GiB); pages are committed by the kernel
/// only when touched, already zero. Growing therefore never moves, copies or clears anything:
/// it only raises `size` (a module that grows its memory to gigabytes and touches little of it
/// costs little). Accesses are bounds-checked against `size`, never against the reservation.
public final class MemoryInstance {
    public static let pageSize: UInt64 = 65536
    /// Stable pointer to base/size: valid for the lifetime of this instance.
    public let context: UnsafeMutablePointer<MemoryContext>
    public private(set) var type: MemoryType
    /// Bytes reserved at `base`.
    private let reserved: Int

    /// Reserves the memory and makes `type.limits.min` zeroed pages available; nil if the size is
    /// over 4 GiB or the reservation fails.
    public init?(type: MemoryType) {
        guard type.limits.min <= MemoryType.maxPages else { return nil }
        let bytes = type.limits.min * MemoryInstance.pageSize
        let maxPages = min(max(type.limits.max ?? MemoryType.maxPages, type.limits.min), MemoryType.maxPages)
        let reserve = Int(max(maxPages * MemoryInstance.pageSize, MemoryInstance.pageSize))
        guard let base = mmap(nil, reserve, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
              base != UnsafeMutableRawPointer(bitPattern: -1)  // MAP_FAILED
        else { return nil }
        reserved = reserve
        context = .allocate(capacity: 1)
        context.initialize(to: MemoryContext(base: base, size: bytes))
        self.type = type
    }

    deinit {
        munmap(context.pointee.base, reserved)
        context.deallocate()
    }

    public var base: UnsafeMutableRawPointer { context.pointee.base }
    public var byteCount: UInt64 { context.pointee.size }
    public var pageCount: UInt64 { context.pointee.size / MemoryInstance.pageSize }

    /// Grows by `delta` pages (zero-filled). Returns the old page count, or nil when the
    /// maximum (declared, or 4 GiB) would be exceeded.
    public func grow(by delta: UInt64) -> UInt64? {
        let old = pageCount
        let (newPages, overflow) = old.addingReportingOverflow(delta)
        guard !overflow, newPages <= min(type.limits.max ?? MemoryType.maxPages, MemoryType.maxPages) else { return nil }
        if delta == 0 { return old }
        let newBytes = newPages * MemoryInstance.pageSize
        guard newBytes <= UInt64(reserved) else { return nil }
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
