import WasmCore
import WasmRuntime

/// A linear memory.
public struct Memory {
    let store: Store
    let instance: MemoryInstance

    init(store: Store, instance: MemoryInstance) {
        self.store = store
        self.instance = instance
    }

    /// A new memory of `type` owned by `store`.
    public init(_ store: Store, type: MemoryType) throws {
        guard type.limits.max.map({ $0 >= type.limits.min }) ?? true,
              let m = MemoryInstance(type: type) else { throw EngineError("memory size must be at most 65536 pages (4GiB)") }
        store.state.addMemory(m)
        self.init(store: store, instance: m)
    }

    public var type: MemoryType { instance.type }
    /// Size in 64 KiB pages.
    public var pageCount: UInt64 { instance.pageCount }
    public var byteCount: Int { Int(instance.byteCount) }

    /// Grows by `pages`; returns the old page count or throws when it cannot grow.
    @discardableResult public func grow(by pages: UInt64) throws -> UInt64 {
        guard let old = instance.grow(by: pages) else { throw EngineError("failed to grow memory by \(pages) pages") }
        return old
    }

    public func read(at offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, instance.inBounds(UInt64(offset), UInt64(count)) else {
            throw EngineError("out of bounds memory access")
        }
        return Array(UnsafeRawBufferPointer(start: instance.base + offset, count: count))
    }

    /// Calls `body` with the memory's current bytes in place, without copying them. The buffer
    /// is valid only during `body`, which must not run wasm code or grow the memory.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: instance.base, count: Int(instance.byteCount)))
    }

    public func write(_ bytes: [UInt8], at offset: Int) throws {
        guard offset >= 0, instance.inBounds(UInt64(offset), UInt64(bytes.count)) else {
            throw EngineError("out of bounds memory access")
        }
        bytes.withUnsafeBytes { b in
            if let p = b.baseAddress, b.count > 0 { (instance.base + offset).copyMemory(from: p, byteCount: b.count) }
        }
    }
}
