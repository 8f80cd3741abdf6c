import Foundation
import Testing
import WasmEngine

/// `Engine.tlsEagerInitialize` (per-thread stack cache) and `unloadProcessHandlers`. Each test
/// runs on a thread of its own, so the thread's stack cache starts empty.
@Suite struct ThreadStateTests {
    /// Runs `body` on a new thread and waits for it.
    func onNewThread(_ body: @escaping @Sendable () throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let failure = LockedBox()
        let thread = Thread {
            do { try body() } catch { failure.set("\(error)") }
            done.signal()
        }
        thread.stackSize = 4 << 20
        thread.start()
        done.wait()
        if let message = failure.get() { Issue.record(Comment(rawValue: message)) }
    }

    final class LockedBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: String?
        func set(_ v: String) { lock.withLock { value = v } }
        func get() -> String? { lock.withLock { value } }
    }

    static let wat = "(module (func (export \"f\") (result i32) i32.const 7))"

    static func engines() throws -> [Engine] {
        var interpreter = Config()
        interpreter.strategy = .interpreter
        var small = Config()
        small.maxWasmStack = 128 * 1024  // a size no other test uses
        return [try Engine(interpreter), try Engine(small)]
    }

    @Test(arguments: 0..<2)
    func eagerInitializationFillsTheThreadCache(_ which: Int) throws {
        let engine = try Self.engines()[which]
        try onNewThread {
            #expect(engine.cachedStacksOnCurrentThread == 0)
            engine.tlsEagerInitialize()
            #expect(engine.cachedStacksOnCurrentThread == 1)
            engine.tlsEagerInitialize()
            #expect(engine.cachedStacksOnCurrentThread == 1)  // idempotent
            do {
                let store = Store(engine)
                let instance = try Instance(store, module: try Module(engine, wat: Self.wat), imports: [])
                #expect(try instance.function("f")?.call([]) == [.i32(7)])
                #expect(engine.cachedStacksOnCurrentThread == 0)  // the store took it
            }
            #expect(engine.cachedStacksOnCurrentThread == 1)  // and gave it back when dropped
        }
    }

    @Test(arguments: 0..<2)
    func shortLivedStoresReuseOneStack(_ which: Int) throws {
        let engine = try Self.engines()[which]
        try onNewThread {
            let module = try Module(engine, wat: Self.wat)
            for _ in 0..<20 {
                let store = Store(engine)
                let instance = try Instance(store, module: module, imports: [])
                #expect(try instance.function("f")?.call([]) == [.i32(7)])
            }
            #expect(engine.cachedStacksOnCurrentThread == 1)
            // Two live stores need two stacks; both go back, up to the cache's capacity.
            do {
                let a = Store(engine), b = Store(engine)
                for s in [a, b] {
                    _ = try Instance(s, module: module, imports: []).function("f")?.call([])
                }
                #expect(engine.cachedStacksOnCurrentThread == 0)
            }
            #expect(engine.cachedStacksOnCurrentThread == 2)
        }
    }

    @Test func deepRecursionStillTrapsWithAReusedStack() throws {
        let engine = try Self.engines()[1]
        try onNewThread {
            engine.tlsEagerInitialize()
            let wat = "(module (func $r (export \"r\") call $r))"
            let module = try Module(engine, wat: wat)
            for _ in 0..<2 {
                let store = Store(engine)
                let f = try Instance(store, module: module, imports: []).function("r")
                #expect { _ = try f?.call([]) } throws: { ($0 as? Trap)?.kind == .callStackExhausted }
            }
        }
    }

    @Test func unloadProcessHandlersLeavesEnginesWorking() throws {
        let engines = try Self.engines()
        for e in engines { try e.unloadProcessHandlers() }
        for e in engines {
            let store = Store(e)
            let instance = try Instance(store, module: try Module(e, wat: Self.wat), imports: [])
            #expect(try instance.function("f")?.call([]) == [.i32(7)])
        }
    }
}
