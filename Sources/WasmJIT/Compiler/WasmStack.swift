#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmRuntime

/// A dedicated machine stack for wasm code: `Config.maxWasmStack` bytes for wasm frames plus
/// `hostMargin` bytes below them for helpers, host functions and the trap path, above one
/// inaccessible guard page. Pages are committed only when touched.
///
/// The outermost entry from the host switches to this stack (`cwasmjit_invoke_on_stack`), so
/// deep recursion never depends on the host thread's stack size; the prologue of every function
/// traps "call stack exhausted" when its frame would reach below `limit`.
///
/// The mapping is reused: it comes from the calling thread's `ThreadStackCache` when one of the
/// same size is cached, and goes back to the cache of the thread that frees this stack.
final class WasmStack {
    static let hostMargin = 1 << 20
    let mapping: WasmStackMapping
    let maxWasmStack: Int

    init?(maxWasmStack: Int) {
        self.maxWasmStack = maxWasmStack
        if let cached = ThreadStackCache.current.take(WasmStackMapping.self, size: maxWasmStack) {
            mapping = cached
        } else {
            guard let fresh = WasmStackMapping(maxWasmStack: maxWasmStack) else { return nil }
            mapping = fresh
        }
    }

    deinit { ThreadStackCache.current.put(mapping, size: maxWasmStack) }

    /// Maps a stack for `maxWasmStack` into the calling thread's cache unless one is cached.
    static func prefillThreadCache(maxWasmStack: Int) {
        let cache = ThreadStackCache.current
        guard cache.count(WasmStackMapping.self, size: maxWasmStack) == 0,
              let fresh = WasmStackMapping(maxWasmStack: maxWasmStack) else { return }
        cache.put(fresh, size: maxWasmStack)
    }

    var base: UnsafeMutableRawPointer { mapping.base }
    var size: Int { mapping.size }
    var guardSize: Int { mapping.guardSize }

    /// The initial stack pointer (16-byte aligned).
    var top: UnsafeMutableRawPointer { base + size }

    /// The lowest `rsp` a wasm frame may use.
    var limit: UInt64 { UInt64(UInt(bitPattern: base)) + UInt64(guardSize + Self.hostMargin) }
}

/// The memory of a `WasmStack`: one anonymous mapping, its lowest page made inaccessible.
final class WasmStackMapping {
    let base: UnsafeMutableRawPointer
    let size: Int
    let guardSize: Int

    init?(maxWasmStack: Int) {
        let page = Swift.max(Int(sysconf(Int32(_SC_PAGESIZE))), 4096)
        let (wanted, o1) = maxWasmStack.addingReportingOverflow(WasmStack.hostMargin + page - 1)
        guard !o1 else { return nil }
        let body = wanted / page * page
        let (total, o2) = body.addingReportingOverflow(page)
        guard !o2 else { return nil }
        guard let p = mmap(nil, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
              p != UnsafeMutableRawPointer(bitPattern: -1)
        else { return nil }
        _ = mprotect(p, page, PROT_NONE)  // guard page at the low end
        base = p
        size = total
        guardSize = page
    }

    deinit { munmap(base, size) }
}
