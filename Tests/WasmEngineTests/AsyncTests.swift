import Foundation
import Synchronization
import Testing
import WasmCore
import WasmEngine

/// An engine with epoch interruption and async support on `strategy`.
private func asyncEngine(_ strategy: Strategy) throws -> Engine {
    var config = Config()
    config.strategy = strategy
    config.epochInterruption = true
    config.asyncSupport = true
    return try Engine(config)
}

/// Increments an engine's epoch about every millisecond on a thread of its own (not on the
/// cooperative pool, which the wasm loops keep busy between their yields) until `stop()`.
private final class EpochTicker: Sendable {
    private let stopped = Mutex(false)

    init(_ engine: Engine) {
        Thread.detachNewThread { [self] in
            while !stopped.withLock({ $0 }) {
                engine.incrementEpoch()
                usleep(1000)
            }
        }
    }

    func stop() { stopped.withLock { $0 = true } }
}

/// The latest counter value each instance reported through its `progress` host function.
private final class ProgressBoard: Sendable {
    private let values: Mutex<[Int64]>
    init(count: Int) { values = Mutex([Int64](repeating: 0, count: count)) }
    func record(_ i: Int, _ v: Int64) { values.withLock { $0[i] = v } }
    var snapshot: [Int64] { values.withLock { $0 } }
}

/// Polls `condition` every 10 ms, at most `seconds` long; whether it became true.
private func eventually(seconds: Int = 180, _ condition: () -> Bool) async throws -> Bool {
    for _ in 0..<(seconds * 100) {
        if condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// The trap `body` threw, nil if it returned or threw something else.
private func asyncTrap(_ body: () async throws -> Any) async -> Trap? {
    do { _ = try await body() } catch let t as Trap { return t } catch { return nil }
    return nil
}

private struct MissingExport: Error {}

/// A function a host function calls, set after instantiation.
private final class FuncBox {
    var function: Func?
}

private func function(_ instance: Instance, _ name: String) throws -> Func {
    guard let f = instance.function(name) else { throw MissingExport() }
    return f
}

/// Instantiates `module` (`AsyncTests.counter`) in `store`, its `host.progress` reporting to slot
/// `index` of `board`.
private func instantiateCounter(_ store: Store, _ module: Module, board: ProgressBoard, index: Int = 0) throws -> Instance {
    let linker = Linker(store.engine)
    try linker.defineFunction(store, "host", "progress", type: FuncType(params: [.i64], results: [])) { _, args in
        if case .i64(let v)? = args.first { board.record(index, v) }
        return []
    }
    return try linker.instantiate(store, module)
}

@Suite struct AsyncTests {
    /// `run` loops forever, bumping global `n` and reporting it to the host on each iteration.
    static let counter = """
    (module
      (import "host" "progress" (func $progress (param i64)))
      (global $n (export "n") (mut i64) (i64.const 0))
      (func (export "run")
        (loop $l
          (global.set $n (i64.add (global.get $n) (i64.const 1)))
          (call $progress (global.get $n))
          (br $l)))
      (func (export "id") (param i32) (result i32) (local.get 0)))
    """

    static let compute = """
    (module
      (global $g (mut i32) (i32.const 0))
      ;; A hash of 1..n computed in a loop (one epoch check per iteration).
      (func $hash (export "hash") (param $n i32) (result i32) (local $h i32)
        (local.set $h (i32.const 17))
        (block $done
          (loop $l
            (br_if $done (i32.eqz (local.get $n)))
            (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 31)) (local.get $n)))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $l)))
        (local.get $h))
      ;; Recursion: sum of 1..n, one frame per step.
      (func $sum (export "sum") (param $n i64) (result i64)
        (if (result i64) (i64.eqz (local.get $n))
          (then (i64.const 0))
          (else (i64.add (local.get $n) (call $sum (i64.sub (local.get $n) (i64.const 1)))))))
      (func $forever (export "forever") (call $forever))
      ;; Divides by zero after `n` loop iterations.
      (func (export "div_later") (param $n i32) (result i32)
        (loop $l
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $l (i32.gt_s (local.get $n) (i32.const 0))))
        (i32.div_s (i32.const 1) (local.get $n)))
      (func (export "spin") (loop $l (br $l))))
    """

    @Test(arguments: [Strategy.interpreter, .jit])
    func hundredInfiniteLoopsAllProgressAndEndWhenCancelled(_ strategy: Strategy) async throws {
        let engine = try asyncEngine(strategy)
        let module = try Module(engine, wat: Self.counter)
        let count = 100
        let board = ProgressBoard(count: count)
        let ticker = EpochTicker(engine)
        defer { ticker.stop() }
        try await withThrowingTaskGroup(of: (index: Int, trap: TrapKind?, final: Value?).self) { group in
            for i in 0..<count {
                group.addTask {
                    let store = Store(engine)
                    let instance = try instantiateCounter(store, module, board: board, index: i)
                    store.setEpochDeadline(1)
                    try store.epochDeadlineAsyncYieldAndUpdate(1)
                    var trap: TrapKind?
                    do { _ = try await function(instance, "run").callAsync([]) } catch let t as Trap { trap = t.kind }
                    return (i, trap, instance.global("n")?.get())
                }
            }
            // Every instance runs, then every instance runs again after all others have: with
            // 100 infinite loops on a pool of a few threads, that needs every call to yield.
            #expect(try await eventually { board.snapshot.allSatisfy { $0 > 0 } })
            let seen = board.snapshot
            #expect(try await eventually { zip(board.snapshot, seen).allSatisfy { $0 > $1 } })
            group.cancelAll()
            var ended = 0
            for try await result in group {
                ended += 1
                #expect(result.trap == .interrupt)
                guard case .i64(let n)? = result.final else {
                    Issue.record("instance \(result.index) has no i64 global n")
                    continue
                }
                #expect(n > seen[result.index])
            }
            #expect(ended == count)
        }
    }

    @Test(arguments: [Strategy.interpreter, .jit])
    func resultsMatchSyncCallsAndEveryCheckSuspends(_ strategy: Strategy) async throws {
        var syncConfig = Config()
        syncConfig.strategy = strategy
        let syncEngine = try Engine(syncConfig)
        let syncInstance = try Instance(Store(syncEngine), module: Module(syncEngine, wat: Self.compute), imports: [])
        let expectedHash = try function(syncInstance, "hash").call([.i32(5000)])
        let expectedSum = try function(syncInstance, "sum").call([.i64(300)])

        let engine = try asyncEngine(strategy)
        let store = Store(engine)
        let instance = try Instance(store, module: Module(engine, wat: Self.compute), imports: [])
        // Delta 0: the deadline stays reached, so every epoch check suspends.
        try store.epochDeadlineAsyncYieldAndUpdate(0)
        #expect(try await function(instance, "hash").callAsync([.i32(5000)]) == expectedHash)
        // One check at the function entry and one per arrival at the loop header (5001).
        #expect(store.asyncSuspensions == 5002)
        #expect(try await function(instance, "sum").callAsync([.i64(300)]) == expectedSum)
        // One check per function entry (301 activations).
        #expect(store.asyncSuspensions == 5002 + 301)
    }

    @Test(arguments: [Strategy.interpreter, .jit])
    func cancelledCallTrapsAndTheStoreStaysUsable(_ strategy: Strategy) async throws {
        let engine = try asyncEngine(strategy)
        let store = Store(engine)
        let board = ProgressBoard(count: 1)
        let instance = try instantiateCounter(store, Module(engine, wat: Self.counter), board: board)
        try store.epochDeadlineAsyncYieldAndUpdate(0)
        let run = try function(instance, "run")
        let task = Task { try await run.callAsync([]) }
        #expect(try await eventually { board.snapshot[0] >= 50 })
        task.cancel()
        do {
            _ = try await task.value
            Issue.record("a cancelled infinite loop returned")
        } catch let t as Trap {
            #expect(t.kind == .interrupt)
            #expect(t.message.contains("cancelled"))
        }
        guard case .i64(let n)? = instance.global("n")?.get() else {
            Issue.record("no i64 global n")
            return
        }
        #expect(n >= 50)
        #expect(try await function(instance, "id").callAsync([.i32(42)]) == [.i32(42)])
    }

    @Test(arguments: [Strategy.interpreter, .jit])
    func trapsAndStackExhaustionEndAsyncCalls(_ strategy: Strategy) async throws {
        let engine = try asyncEngine(strategy)
        let store = Store(engine)
        let instance = try Instance(store, module: Module(engine, wat: Self.compute), imports: [])
        try store.epochDeadlineAsyncYieldAndUpdate(0)
        let division = await asyncTrap { try await function(instance, "div_later").callAsync([.i32(100)]) }
        #expect(division?.kind == .integerDivideByZero)
        #expect(store.asyncSuspensions == 101)
        let recursion = await asyncTrap { try await function(instance, "forever").callAsync([]) }
        #expect(recursion?.kind == .callStackExhausted)
        // The store and its fibers still work afterwards, many times over.
        for k in 0..<50 {
            #expect(try await function(instance, "hash").callAsync([.i32(Int32(k))]).count == 1)
        }
        #expect(try await function(instance, "sum").callAsync([.i64(10)]) == [.i64(55)])
    }

    @Test(arguments: [Strategy.interpreter, .jit])
    func hostFunctionsReenterWasmInsideAnAsyncCall(_ strategy: Strategy) async throws {
        let engine = try asyncEngine(strategy)
        let store = Store(engine)
        let inner = try Instance(store, module: Module(engine, wat: Self.compute), imports: [])
        let hash = try function(inner, "hash")
        let linker = Linker(engine)
        // A nested sync call from a host function runs on the async call's fiber and may suspend.
        try linker.defineFunction(store, "host", "hash", type: FuncType(params: [.i32], results: [.i32])) { _, args in
            try hash.call(args)
        }
        let outer = try linker.instantiate(store, Module(engine, wat: """
            (module
              (import "host" "hash" (func $h (param i32) (result i32)))
              (func (export "twice") (param i32) (result i32)
                (i32.add (call $h (local.get 0)) (call $h (local.get 0)))))
            """))
        try store.epochDeadlineAsyncYieldAndUpdate(0)
        let result = try await function(outer, "twice").callAsync([.i32(100)])
        let single = try await hash.callAsync([.i32(100)])
        guard case .i32(let s)? = single.first else {
            Issue.record("hash returned \(single)")
            return
        }
        #expect(result == [.i32(s &+ s)])
        // twice's entry + 2 × (hash entry + 101 loop headers), then the direct call's 102.
        #expect(store.asyncSuspensions == 1 + 2 * 102 + 102)
    }

    @Test(arguments: [Strategy.interpreter, .jit])
    func unboundedHostReentryOnTheFiberTrapsInsteadOfOverflowing(_ strategy: Strategy) async throws {
        let engine = try asyncEngine(strategy)
        let store = Store(engine)
        let linker = Linker(engine)
        // wasm → host → wasm → host → ...: the re-entry bound must trap before the fiber's
        // stack runs out; every level suspends once at its entry on the way down.
        let box = FuncBox()
        try linker.defineFunction(store, "host", "again", type: FuncType()) { _, _ in
            guard let f = box.function else { return [] }
            return try f.call([])
        }
        let instance = try linker.instantiate(store, Module(engine, wat: """
            (module
              (import "host" "again" (func $again))
              (func (export "down") (call $again)))
            """))
        box.function = try function(instance, "down")
        try store.epochDeadlineAsyncYieldAndUpdate(0)
        let trap = await asyncTrap { try await function(instance, "down").callAsync([]) }
        #expect(trap?.kind == .callStackExhausted)
        // About `StoreState.maxNativeDepth` (100) levels ran, each suspending at its entry.
        #expect(store.asyncSuspensions >= 90)
        box.function = nil
        #expect(try await function(instance, "down").callAsync([]) == [])
    }

    @Test(arguments: [Strategy.interpreter, .jit])
    func instantiateAsyncRunsALongStartFunction(_ strategy: Strategy) async throws {
        let engine = try asyncEngine(strategy)
        let module = try Module(engine, wat: """
            (module
              (global $done (export "done") (mut i32) (i32.const 0))
              (func $start (local $i i32)
                (local.set $i (i32.const 1000))
                (loop $l (br_if $l (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
                (global.set $done (i32.const 1)))
              (start $start))
            """)
        let store = Store(engine)
        try store.epochDeadlineAsyncYieldAndUpdate(0)
        #expect(throws: EngineError.self) { try Instance(store, module: module, imports: []) }
        let instance = try await Linker(engine).instantiateAsync(store, module)
        #expect(instance.global("done")?.get() == .i32(1))
        #expect(store.asyncSuspensions == 1001)
    }

    @Test(arguments: [Strategy.interpreter, .jit])
    func misuseThrowsEngineErrors(_ strategy: Strategy) async throws {
        var plain = Config()
        plain.strategy = strategy
        plain.epochInterruption = true
        let syncEngine = try Engine(plain)
        #expect(!syncEngine.isAsync)
        let syncStore = Store(syncEngine)
        let syncInstance = try Instance(syncStore, module: Module(syncEngine, wat: Self.compute), imports: [])
        #expect(throws: EngineError.self) { try syncStore.epochDeadlineAsyncYieldAndUpdate(1) }
        await #expect(throws: EngineError.self) { _ = try await function(syncInstance, "hash").callAsync([.i32(1)]) }
        await #expect(throws: EngineError.self) {
            _ = try await Linker(syncEngine).instantiateAsync(syncStore, Module(syncEngine, wat: Self.compute))
        }

        let engine = try asyncEngine(strategy)
        #expect(engine.isAsync)
        let store = Store(engine)
        let instance = try Instance(store, module: Module(engine, wat: Self.compute), imports: [])
        #expect(throws: EngineError.self) { try function(instance, "hash").call([.i32(1)]) }
        // Without async-yield mode the deadline traps as in a sync call.
        let trap = await asyncTrap { try await function(instance, "hash").callAsync([.i32(1)]) }
        #expect(trap?.kind == .interrupt)
    }

    @Test(arguments: [Strategy.interpreter, .jit])
    func aSecondConcurrentAsyncCallOnOneStoreIsRefused(_ strategy: Strategy) async throws {
        let engine = try asyncEngine(strategy)
        let store = Store(engine)
        let board = ProgressBoard(count: 1)
        let instance = try instantiateCounter(store, Module(engine, wat: Self.counter), board: board)
        try store.epochDeadlineAsyncYieldAndUpdate(0)
        let run = try function(instance, "run")
        let id = try function(instance, "id")
        let task = Task { try await run.callAsync([]) }
        // Once the loop reports progress the call is certainly in progress (and suspends often).
        #expect(try await eventually { board.snapshot[0] > 10 })
        await #expect(throws: EngineError.self) { _ = try await id.callAsync([.i32(1)]) }
        task.cancel()
        let trap = await asyncTrap { try await task.value }
        #expect(trap?.kind == .interrupt)
        #expect(try await id.callAsync([.i32(7)]) == [.i32(7)])
    }
}
