import Testing
import WasmEngine

struct JITHostFailure: Error {}

/// Host errors and traps crossing host frames on the JIT (trap kinds, bounds, messages, backtraces
/// and stack exhaustion on both backends are in WasmEngineTests' TrapTests and StackTests).
@Suite struct JITTrapTests {
    @Test func hostErrorsAndNestedTraps() throws {
        let engine = try jitEngine()
        let store = Store(engine)
        let linker = Linker(engine)
        try linker.defineFunction(store, "env", "fail", type: FuncType()) { _, _ in throw JITHostFailure() }
        try linker.defineFunction(store, "env", "reenter", type: FuncType()) { caller, _ in
            guard case .function(let f)? = caller.export("boom") else { throw JITHostFailure() }
            _ = try f.call([])
            return []
        }
        let module = try Module(engine, wat: """
        (module
          (import "env" "fail" (func $fail))
          (import "env" "reenter" (func $reenter))
          (func (export "boom") (unreachable))
          (func (export "host") (call $fail))
          (func (export "nested") (call $reenter)))
        """)
        let inst = try linker.instantiate(store, module)
        let host = trapOf { try invoke(inst, "host") }
        #expect(host?.kind == .hostError)
        #expect(host?.backtrace.map(\.functionIndex) == [3])
        // A trap inside wasm called from a host function called from wasm keeps its kind; the
        // outer wasm frame is appended.
        let nested = trapOf { try invoke(inst, "nested") }
        #expect(nested?.kind == .unreachable)
        #expect(nested?.backtrace.map(\.functionIndex) == [2, 4])
        // The store still works afterwards.
        #expect(trapOf { try invoke(inst, "boom") }?.kind == .unreachable)
    }
}
