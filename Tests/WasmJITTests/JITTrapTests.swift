import Testing
import WasmEngine

struct JITHostFailure: Error {}

/// Every trap kind on the JIT, with backtraces compared to the interpreter's.
@Suite struct JITTrapTests {
    static let wat = """
    (module
      (type $i (func (result i32)))
      (type $v (func))
      (memory (export "mem") 1)
      (table 4 funcref)
      (elem (i32.const 0) $seven)
      (func $seven (type $i) (i32.const 7))
      (func (export "unreachable") (unreachable))
      (func (export "div0") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
      (func (export "overflow") (result i32) (i32.div_s (i32.const 0x80000000) (i32.const -1)))
      (func (export "badconv") (result i32) (i32.trunc_f64_u (f64.const nan)))
      (func (export "load") (param i32) (result i64) (i64.load offset=8 (local.get 0)))
      (func (export "store8") (param i32) (i32.store8 (local.get 0) (i32.const 1)))
      (func (export "table.set") (param i32) (table.set 0 (local.get 0) (ref.null func)))
      (func (export "call_indirect") (param i32) (result i32) (call_indirect (type $i) (local.get 0)))
      (func (export "call_indirect_v") (param i32) (call_indirect (type $v) (local.get 0)))
      (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
      (func $inner (param i32) (result i32) (i32.rem_u (i32.const 1) (local.get 0)))
      (func $middle (param i32) (result i32) (i32.add (i32.const 1) (call $inner (local.get 0))))
      (func (export "nested") (param i32) (result i32) (call $middle (local.get 0))))
    """

    let inst: Instance
    init() throws { (_, inst) = try jitInstance(Self.wat) }

    func kind(_ name: String, _ args: [Value] = []) -> TrapKind? {
        trapOf { try invoke(inst, name, args) }?.kind
    }

    @Test func executionTrapKinds() throws {
        #expect(kind("unreachable") == .unreachable)
        #expect(kind("div0", [.i32(0)]) == .integerDivideByZero)
        #expect(try invoke(inst, "div0", [.i32(-1)]) == [.i32(-1)])
        #expect(kind("overflow") == .integerOverflow)
        #expect(kind("badconv") == .invalidConversionToInteger)
        #expect(kind("load", [.i32(65520)]) == nil)
        #expect(kind("load", [.i32(65521)]) == .outOfBoundsMemoryAccess)
        #expect(kind("load", [.i32(-8)]) == .outOfBoundsMemoryAccess)  // no 32-bit wrap-around
        #expect(kind("store8", [.i32(65535)]) == nil)
        #expect(kind("store8", [.i32(65536)]) == .outOfBoundsMemoryAccess)
        #expect(kind("copy", [.i32(0), .i32(65000), .i32(1000)]) == .outOfBoundsMemoryAccess)
        #expect(kind("table.set", [.i32(4)]) == .outOfBoundsTableAccess)
        #expect(kind("call_indirect", [.i32(4)]) == .undefinedElement)
        #expect(kind("call_indirect", [.i32(1)]) == .uninitializedElement)
        #expect(kind("call_indirect_v", [.i32(0)]) == .indirectCallTypeMismatch)
        #expect(try invoke(inst, "call_indirect", [.i32(0)]) == [.i32(7)])
    }

    @Test func uninitializedElementMessageNamesTheIndex() throws {
        #expect(trapOf { try invoke(inst, "call_indirect", [.i32(2)]) }?.message == "uninitialized element 2")
    }

    @Test func backtraceMatchesTheInterpreter() throws {
        let (jit, reference) = try bothBackends(Self.wat, "nested", [.i32(0)])
        #expect(jit.trap == .integerDivideByZero)
        #expect(jit.backtrace.map(\.functionIndex) == [11, 12, 13])
        #expect(jit.backtrace == reference.backtrace)
        #expect(jit.backtrace.allSatisfy { $0.moduleOffset != nil })
    }

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

    @Test func storeStaysUsableAfterTraps() throws {
        for _ in 0..<3 { #expect(kind("unreachable") == .unreachable) }
        #expect(try invoke(inst, "call_indirect", [.i32(0)]) == [.i32(7)])
    }
}

/// Stack exhaustion: deep recursion traps, never crashes, on the dedicated wasm stack.
@Suite struct JITStackTests {
    static let wat = """
    (module
      (func $depth (export "depth") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0))
          (then (i32.const 0))
          (else (i32.add (i32.const 1) (call $depth (i32.sub (local.get 0) (i32.const 1)))))))
      (func $forever (export "forever") (call $forever))
      (func $big (export "big") (param i32) (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
        (if (local.get 0) (then (call $big (i32.sub (local.get 0) (i32.const 1)))))))
    """

    @Test func unboundedRecursionTraps() throws {
        let (_, inst) = try jitInstance(Self.wat)
        let t = trapOf { try invoke(inst, "forever") }
        #expect(t?.kind == .callStackExhausted)
        #expect(t?.backtrace.first?.functionIndex == 1)
        #expect(trapOf { try invoke(inst, "depth", [.i32(10_000_000)]) }?.kind == .callStackExhausted)
        #expect(trapOf { try invoke(inst, "big", [.i32(-1)]) }?.kind == .callStackExhausted)
        #expect(try invoke(inst, "depth", [.i32(1000)]) == [.i32(1000)])
    }

    @Test func bigStackFitsAMillionFrames() throws {
        let (_, inst) = try jitInstance(Self.wat, engine: try jitEngine(maxWasmStack: 256 << 20))
        #expect(try invoke(inst, "depth", [.i32(1_000_000)]) == [.i32(1_000_000)])
    }

    @Test func smallLimitIsHonoured() throws {
        let (_, inst) = try jitInstance(Self.wat, engine: try jitEngine(maxWasmStack: 4096))
        #expect(try invoke(inst, "depth", [.i32(10)]) == [.i32(10)])
        #expect(trapOf { try invoke(inst, "depth", [.i32(1000)]) }?.kind == .callStackExhausted)
    }
}
