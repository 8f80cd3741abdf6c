// The cost of async calls: a `callAsync` round trip against a sync `call`, and one suspension
// (fiber switch out, `Task.yield()`, switch back in) against a sync epoch callback.
import Dispatch
import Foundation
import WasmEngine

private let asyncBenchWat = """
(module
  (func (export "id") (param i32) (result i32) (local.get 0))
  (func (export "count") (param $n i32) (result i32)
    (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $n)))
"""

/// Runs `body` on the cooperative pool and waits for it (the main thread is not a pool thread).
private func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) -> T? {
    let done = DispatchSemaphore(value: 0)
    let result = LockedResult<T>()
    Task.detached {
        result.set(try? await body())
        done.signal()
    }
    done.wait()
    return result.get()
}

private final class LockedResult<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?
    func set(_ v: T?) { lock.lock(); value = v; lock.unlock() }
    func get() -> T? { lock.lock(); defer { lock.unlock() }; return value }
}

/// Nanoseconds per unit of `units` units of work measured by `seconds`.
private func nanos(_ seconds: Double?, _ units: Int) -> String {
    guard let seconds else { return "n/a" }
    return String(format: "%.0f ns", seconds / Double(units) * 1e9)
}

/// Prints the async table.
func printAsyncBench() {
    print("\n## Async calls (fibers)\n")
    print("| backend | call | callAsync | per epoch callback (sync) | per suspension (async yield) |")
    print("|---|---|---|---|---|")
    let calls = 20_000, checks: Int32 = 200_000
    for strategy in [Strategy.interpreter, .jit] {
        var syncConfig = Config()
        syncConfig.strategy = strategy
        syncConfig.epochInterruption = true
        var asyncConfig = syncConfig
        asyncConfig.asyncSupport = true
        guard let syncEngine = try? Engine(syncConfig), let asyncEngine = try? Engine(asyncConfig),
              let syncModule = try? Module(syncEngine, wat: asyncBenchWat),
              let asyncModule = try? Module(asyncEngine, wat: asyncBenchWat)
        else { print("| \(strategy.rawValue) | unavailable | | | |"); continue }
        let syncStore = Store(syncEngine)
        guard let syncInstance = try? Instance(syncStore, module: syncModule, imports: []),
              let id = syncInstance.function("id"), let count = syncInstance.function("count")
        else { continue }
        syncStore.setEpochDeadline(UInt64.max / 2)
        let call = measure { for _ in 0..<calls { _ = try? id.call([.i32(1)]) } }
        syncStore.epochDeadlineCallback { _ in .continueWith(delta: 0) }
        syncStore.setEpochDeadline(0)
        let callback = measure { _ = try? count.call([.i32(checks)]) }
        let timings: (Double, Double)? = blocking {
            let store = Store(asyncEngine)
            guard let instance = try? Instance(store, module: asyncModule, imports: []),
                  let id = instance.function("id"), let count = instance.function("count") else { return nil }
            store.setEpochDeadline(UInt64.max / 2)
            try store.epochDeadlineAsyncYieldAndUpdate(UInt64.max / 2)
            var best = (Double.infinity, Double.infinity)
            for _ in 0..<3 {
                var start = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<calls { _ = try await id.callAsync([.i32(1)]) }
                best.0 = min(best.0, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                try store.epochDeadlineAsyncYieldAndUpdate(0)
                store.setEpochDeadline(0)
                start = DispatchTime.now().uptimeNanoseconds
                _ = try await count.callAsync([.i32(checks)])
                best.1 = min(best.1, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                store.setEpochDeadline(UInt64.max / 2)
                try store.epochDeadlineAsyncYieldAndUpdate(UInt64.max / 2)
            }
            return best
        } ?? nil
        print("| \(strategy.rawValue) | \(nanos(call, calls)) | \(nanos(timings?.0, calls)) | " +
              "\(nanos(callback, Int(checks))) | \(nanos(timings?.1, Int(checks))) |")
    }
}
