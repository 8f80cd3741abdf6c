#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A dedicated machine stack for wasm code: `Config.maxWasmStack` bytes for wasm frames plus
/// `hostMargin` bytes below them for helpers, host functions and the trap path, above one
/// inaccessible guard page. Pages are committed only when touched.
///
/// The outermost entry from the host switches to this stack (`cwasmjit_invoke_on_stack`), so
/// deep recursion never depends on the host thread's stack size; the prologue of every function
/// traps "call stack exhausted" when its frame would reach below `limit`.
final class WasmStack {
    static let hostMargin = 1 << 20
    let base: UnsafeMutableRawPointer
    let size: Int
    let guardSize: Int

    init?(maxWasmStack: Int) {
        let page = Swift.max(Int(sysconf(Int32(_SC_PAGESIZE))), 4096)
        let (wanted, o1) = maxWasmStack.addingReportingOverflow(Self.hostMargin + page - 1)
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

    /// The initial stack pointer (16-byte aligned).
    var top: UnsafeMutableRawPointer { base + size }

    /// The lowest `rsp` a wasm frame may use.
    var limit: UInt64 { UInt64(UInt(bitPattern: base)) + UInt64(guardSize + Self.hostMargin) }
}
