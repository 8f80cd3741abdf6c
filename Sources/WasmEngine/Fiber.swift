#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CWasmFiber
import Synchronization

/// One unit of work run on a fiber: `body` runs to completion on the fiber's stack (suspending
/// any number of times in between); `finished` tells the resumer it has returned.
final class FiberJob {
    let body: () -> Void
    var finished = false
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// A native stack of its own (`stackSize` bytes above an inaccessible guard page, committed only
/// when touched) plus the saved context to switch into it; see `cwasmfiber_*` in CWasmFiber.
///
/// A fiber runs jobs one after the other: `start(job)` switches onto the fiber, which runs the
/// job until the job calls `suspend()` (back to the resumer, which later calls `resume()`) or
/// returns. Resume, start and suspend are plain functions that hold no Swift access open across
/// the switch (exclusivity tracking is per thread and the resumer may be on another thread).
final class Fiber: @unchecked Sendable {
    /// Room for the host side of a call: backend entry frames, host functions, and up to
    /// `StoreState.maxNativeDepth` host→wasm re-entries (wasm frames of the JIT live on the
    /// store's own `WasmStack`, the interpreter's on the heap).
    static let stackSize = 8 << 20
    static var isSupported: Bool { cwasmfiber_supported() != 0 }

    private let control: UnsafeMutablePointer<cwasmfiber_t>
    private let base: UnsafeMutableRawPointer
    private let mappedSize: Int
    private var job: FiberJob?
    /// Whether the fiber is executing now (between a resume and the next suspension).
    private(set) var isRunning = false

    /// Maps the stack; nil when fibers are unsupported or the mapping fails.
    init?() {
        guard Self.isSupported else { return nil }
        let page = Swift.max(Int(sysconf(Int32(_SC_PAGESIZE))), 4096)
        let total = Self.stackSize + page
        guard let p = mmap(nil, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
              p != UnsafeMutableRawPointer(bitPattern: -1)
        else { return nil }
        _ = mprotect(p, page, PROT_NONE)  // guard page: an overflow faults instead of corrupting memory
        base = p
        mappedSize = total
        control = .allocate(capacity: 1)
        control.initialize(to: cwasmfiber_t(fiber_sp: nil, caller_sp: nil, run: fiberRunJob, job: nil))
        cwasmfiber_init(control, p + total)
    }

    deinit {
        munmap(base, mappedSize)
        control.deallocate()
    }

    /// Switches onto the fiber to run `job`; returns true when it finished, false when it suspended.
    func start(_ job: FiberJob) -> Bool {
        self.job = job
        control.pointee.job = Unmanaged.passUnretained(job).toOpaque()
        return resume()
    }

    /// Continues the suspended job; returns true when it finished, false when it suspended again.
    func resume() -> Bool {
        guard let job, !job.finished, !isRunning else { return true }
        isRunning = true
        cwasmfiber_resume(control)
        isRunning = false
        if job.finished {
            control.pointee.job = nil
            self.job = nil
            return true
        }
        return false
    }

    /// Called on the fiber by the running job: back to the resumer until the next `resume()`.
    func suspend() {
        cwasmfiber_suspend(control)
    }
}

/// The fiber's entry for each job (called by the C loop on the fiber's stack).
private let fiberRunJob: @convention(c) (UnsafeMutableRawPointer?) -> Void = { raw in
    guard let raw else { return }
    let job = Unmanaged<FiberJob>.fromOpaque(raw).takeUnretainedValue()
    job.body()
    job.finished = true
}

/// Idle fibers kept for reuse, so an async call does not map a fresh stack each time.
enum FiberPool {
    /// Fibers kept idle at most; more are unmapped when released.
    static let maxIdle = 32
    private static let idle = Mutex<[Fiber]>([])

    /// An idle fiber, or a new one. Throws when fibers are unsupported or a stack cannot be mapped.
    static func acquire() throws -> Fiber {
        if let f = idle.withLock({ $0.popLast() }) { return f }
        guard Fiber.isSupported else { throw EngineError("async calls require x86-64 (no fiber support on this platform)") }
        guard let f = Fiber() else { throw EngineError("cannot map a \(Fiber.stackSize)-byte fiber stack for an async call") }
        return f
    }

    /// Returns a fiber whose job finished.
    static func release(_ fiber: Fiber) {
        idle.withLock { if $0.count < maxIdle { $0.append(fiber) } }
    }
}
