import Testing
import WasmEngine

/// An interpreter engine: these tests pin the interpreter backend (the default, `.auto`, is the
/// JIT on x86-64, which has its own tests in WasmJITTests).
func interpreterEngine(_ configure: (inout Config) -> Void = { _ in }) throws -> Engine {
    var config = Config()
    config.strategy = .interpreter
    configure(&config)
    return try Engine(config)
}

/// The backends the backend-parameterized tests run on: the interpreter, and the JIT where the
/// CPU has one.
let testedBackends: [Strategy] = Strategy.available

/// An engine of `strategy`, further configured by `configure`.
func engine(_ strategy: Strategy, _ configure: (inout Config) -> Void = { _ in }) throws -> Engine {
    var config = Config()
    config.strategy = strategy
    configure(&config)
    return try Engine(config)
}

/// Instantiates `wat` (no imports) in a fresh store of `engine` (the interpreter by default).
func instantiate(_ wat: String, engine: Engine? = nil) throws -> (Store, Instance) {
    let e = try engine ?? interpreterEngine()
    let store = Store(e)
    let module = try Module(e, wat: wat)
    return (store, try Instance(store, module: module, imports: []))
}

/// Calls export `name` of `instance`.
func call(_ instance: Instance, _ name: String, _ args: [Value] = []) throws -> [Value] {
    guard let f = instance.function(name) else { throw EngineError("no export \(name)") }
    return try f.call(args)
}

/// The trap thrown by `body`, nil if it did not trap.
func trapOf(_ body: () throws -> Any) -> Trap? {
    do { _ = try body() } catch let t as Trap { return t } catch { return nil }
    return nil
}

/// Expects a fused op's trap `fused` and its unfused twin's trap `unfused` to be out-of-bounds
/// accesses reported at the same single module offset (a fused op names the instruction that
/// faulted, not the first one it replaced).
func expectSameOutOfBoundsOffset(_ fused: Trap, _ unfused: Trap, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(fused.kind == .outOfBoundsMemoryAccess, sourceLocation: sourceLocation)
    #expect(unfused.kind == .outOfBoundsMemoryAccess, sourceLocation: sourceLocation)
    let offsets = fused.backtrace.compactMap(\.moduleOffset)
    #expect(offsets.count == 1, sourceLocation: sourceLocation)
    #expect(offsets == unfused.backtrace.compactMap(\.moduleOffset), sourceLocation: sourceLocation)
}

/// The kind of the trap thrown by `body`, nil if it did not trap.
func trapKind(_ body: () throws -> Any) -> TrapKind? { trapOf(body)?.kind }

import Foundation

extension Thread {
    /// Runs `body` on a new thread and waits for it to finish.
    static func detachNewThreadCompat(_ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            body()
            done.signal()
        }
        done.wait()
    }
}

/// The wasm integer comparison operators (`eq` ... `ge_u`).
let integerComparisonOps = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"]

/// Whether `a <op> b` holds for a wasm integer comparison: signed order on the values, unsigned
/// order on their bit patterns for the `_u` forms (Swift arithmetic, independent of the engine).
func integerComparisonHolds(_ op: String, _ a: Int64, _ b: Int64) -> Bool {
    let ua = UInt64(bitPattern: a), ub = UInt64(bitPattern: b)
    switch op {
    case "eq": return a == b
    case "ne": return a != b
    case "lt_s": return a < b
    case "lt_u": return ua < ub
    case "gt_s": return a > b
    case "gt_u": return ua > ub
    case "le_s": return a <= b
    case "le_u": return ua <= ub
    case "ge_s": return a >= b
    default: return ua >= ub
    }
}
