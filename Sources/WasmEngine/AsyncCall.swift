import Atomics
import WasmCore
import WasmRuntime

// Async calls (`Config.asyncSupport`): wasm that suspends at epoch deadlines so the Swift task
// running it can yield, then resumes exactly where it stopped.
//
// Design: a fiber per async call. `callAsync` (and `Linker.instantiateAsync`) take an idle
// `Fiber` from `FiberPool` (an 8 MiB mmap'd native stack with a guard page) and run the ordinary
// synchronous call on it, with the same backend code as a sync call: the interpreter's loop, or
// the JIT's entry (which moves on to the store's `WasmStack` as usual, so its stack limit and
// "call stack exhausted" check are unchanged). When an epoch check finds the deadline reached
// and the store is in async-yield mode (`Store.epochDeadlineAsyncYieldAndUpdate`), the shared
// check in `StoreState.epochCheck` calls the store's `asyncYield` hook, which switches from the
// fiber back to the async function (CWasmFiber saves rbx, rbp, r12-r15, rsp, MXCSR and the x87
// control word). The async function awaits `Task.yield()`, then switches back into the fiber,
// where the check moves the deadline `delta` ticks past the current epoch and the wasm code
// continues. Host functions that re-enter wasm keep their Swift frames on the fiber too, so a
// suspension anywhere in a nested call is safe. Traps (the JIT's longjmp, the interpreter's
// throws) stay inside the fiber and end the job normally; the fiber then goes back to the pool.
//
// Cancellation: if the task is cancelled, the next suspension point ends the call with a trap of
// kind `.interrupt` (message "interrupt: async call cancelled"); the store stays usable.
// A store runs one async call at a time (a second concurrent one throws `EngineError`).

/// The per-store bookkeeping of the async call in progress.
final class AsyncCallState {
    /// Claimed by the async call in progress.
    let busy = ManagedAtomic<Bool>(false)
    /// The fiber the current async call runs on.
    var fiber: Fiber?
    /// Set when the task was found cancelled; the next suspension point traps.
    var cancelRequested = false
    /// Suspensions of async calls on this store so far.
    var suspensions: UInt64 = 0

    /// Whether code is executing on this store's async fiber right now (so a sync call is a
    /// nested call from a host function of the async call).
    var onFiber: Bool { fiber?.isRunning ?? false }
}

/// Where a fiber job leaves its result for the async function.
private final class OutcomeBox<T> {
    var value: Result<T, Error>?
}

/// The trap that ends a cancelled async call.
let asyncCancelledTrap = Trap(.interrupt, message: "interrupt: async call cancelled")

extension Store {
    /// At the epoch deadline, suspend the running async call so its task yields
    /// (`await Task.yield()`), then set the deadline `delta` ticks after the current epoch and
    /// continue where it stopped (wasmtime's `epoch_deadline_async_yield_and_update`).
    /// Replaces `epochDeadlineTrap` / `epochDeadlineCallback`. Throws `EngineError` unless the
    /// engine has `Config.asyncSupport` (wasmtime panics there).
    public func epochDeadlineAsyncYieldAndUpdate(_ delta: UInt64) throws {
        guard engineValue.isAsync else {
            throw EngineError("epochDeadlineAsyncYieldAndUpdate requires an engine with Config.asyncSupport")
        }
        state.epochCallback = nil
        state.asyncYieldDelta = delta
    }

    /// How many times async calls on this store suspended at an epoch deadline (each
    /// suspension is one `await Task.yield()` of the calling task).
    public var asyncSuspensions: UInt64 { asyncCall.suspensions }

    /// Runs `body` (a synchronous call into wasm) on a fiber, awaiting `Task.yield()` each time
    /// it suspends at an epoch deadline.
    func runAsync<T>(_ body: @escaping () throws -> T) async throws -> T {
        guard engineValue.isAsync else { throw EngineError("async calls require an engine with Config.asyncSupport") }
        let async = asyncCall
        guard async.busy.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            throw EngineError("the store is already running an async call")
        }
        defer { async.busy.store(false, ordering: .releasing) }
        let fiber = try FiberPool.acquire()
        let outcome = OutcomeBox<T>()
        let job = FiberJob {
            let result = Result { try body() }  // computed first: no access is open while wasm runs
            outcome.value = result
        }
        async.fiber = fiber
        async.cancelRequested = false
        state.asyncYield = { [unowned async] in
            guard let f = async.fiber, f.isRunning else { throw Trap(.interrupt) }
            async.suspensions &+= 1
            f.suspend()
            if async.cancelRequested { throw asyncCancelledTrap }
        }
        defer {
            state.asyncYield = nil
            async.fiber = nil
            FiberPool.release(fiber)
        }
        var finished = fiber.start(job)
        while !finished {
            await Task.yield()
            if Task.isCancelled { async.cancelRequested = true }
            finished = fiber.resume()
        }
        guard let outcome = outcome.value else { throw EngineError("the async call ended without a result") }
        return try outcome.get()
    }

    /// Throws unless a sync call may run now: always on a non-async engine; on an async engine
    /// only as a nested call from a host function inside an async call (wasmtime panics there).
    func checkSyncCallAllowed(_ what: String) throws {
        if engineValue.isAsync, !asyncCall.onFiber {
            throw EngineError("\(what) on an engine with Config.asyncSupport: use the async variant")
        }
    }
}

extension Func {
    /// Calls the function on a fiber: at each epoch deadline in async-yield mode the wasm code
    /// suspends and the task yields. Throws `Trap` for traps (`.interrupt` when the task was
    /// cancelled), `EngineError` for wrong arguments or an engine without `Config.asyncSupport`.
    public func callAsync(_ args: [Value]) async throws -> [Value] {
        guard store.engineValue.isAsync else { throw EngineError("callAsync requires an engine with Config.asyncSupport") }
        let raw = try checkedArguments(args)
        let (state, address) = (store.state, address)
        let results = try await store.runAsync { try state.invoke(address, raw) }
        return zip(results, type.results).map { Value(slot: $0, type: $1, store: store) }
    }
}

extension Linker {
    /// `instantiate` on a fiber, so a long-running start function can suspend at epoch
    /// deadlines. Required on an async engine for modules with a start function.
    public func instantiateAsync(_ store: Store, _ module: Module) async throws -> Instance {
        try await store.runAsync { try self.instantiate(store, module) }
    }
}
