import Testing
import WasmEngine

/// Ops computing a function's result right before its `ret` (the interpreter runs the return in
/// the op's handler): results of calls from wasm and from the host, an op reading its operand
/// from the accumulator, a `ret` also reached by a branch, returns into another instance, a trap
/// in the op (kind and backtrace), and a deep recursion ending in fused returns. Expected values
/// come from Swift arithmetic.
@Suite struct ReturnFusionTests {
    static let callee = """
    (module
      (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
      (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      ;; `(x + 1) * 3`: the multiplication reads the sum from the accumulator, then returns.
      (func $scaled (param i32) (result i32) (i32.mul (i32.add (local.get 0) (i32.const 1)) (i32.const 3)))
      (func $wide (param i64) (result i64) (i64.xor (local.get 0) (i64.const 0x0123_4567_89ab_cdef)))
      (func $fsum (param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1)))
      ;; The `ret` is also the target of the `if`'s branch: x >= 0 returns x through it, x < 0
      ;; returns 7 - x through the subtraction (which writes the result slot) falling into it.
      (func $branchy (param i32) (result i32)
        (if (i32.lt_s (local.get 0) (i32.const 0))
          (then (local.set 0 (i32.sub (i32.const 7) (local.get 0)))))
        (local.get 0))
      (func $div (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
      ;; Sum 1..n by recursion: every level returns through a fused add.
      (func $sum (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
          (else (i32.add (local.get 0) (call $sum (i32.sub (local.get 0) (i32.const 1)))))))
      (func (export "run") (param i32 i32) (result i32)
        (i32.add (i32.add (call $add (local.get 0) (local.get 1)) (call $inc (local.get 0)))
                 (i32.add (call $scaled (local.get 1)) (call $branchy (local.get 0)))))
      (func (export "wide") (param i64) (result i64) (i64.add (call $wide (local.get 0)) (i64.const 1)))
      (func (export "fsum") (param f64 f64) (result f64) (f64.mul (call $fsum (local.get 0) (local.get 1)) (f64.const 2)))
      (func (export "div_via_call") (param i32 i32) (result i32) (i32.add (call $div (local.get 0) (local.get 1)) (i32.const 1)))
      (func (export "sum") (param i32) (result i32) (call $sum (local.get 0)))
      (func (export "inc") (param i32) (result i32) (call $inc (local.get 0)))
    )
    """

    @Test(arguments: testedBackends) func fusedReturnsHandBackResults(_ strategy: Strategy) throws {
        let (_, inst) = try instantiate(ReturnFusionTests.callee, engine: engine(strategy))
        for (a, b) in [(Int32(0), Int32(0)), (5, -3), (-4, 9), (Int32.max, 1), (Int32.min, -1)] {
            let branchy = a < 0 ? 7 &- a : a
            let expected = (a &+ b) &+ (a &+ 1) &+ ((b &+ 1) &* 3) &+ branchy
            #expect(try call(inst, "run", [.i32(a), .i32(b)]) == [.i32(expected)], "run \(a) \(b)")
        }
        // Called from the host: the fused op returns to the host (the `switch` runs the `ret`).
        #expect(try call(inst, "add", [.i32(40), .i32(2)]) == [.i32(42)])
        #expect(try call(inst, "inc", [.i32(-1)]) == [.i32(0)])
        #expect(try call(inst, "wide", [.i64(-1)]) == [.i64((-1 ^ 0x0123_4567_89ab_cdef) &+ 1)])
        #expect(try call(inst, "fsum", [.float64(1.5), .float64(0.25)]) == [.float64(3.5)])
        #expect(try call(inst, "sum", [.i32(1_000)]) == [.i32(500_500)])
    }

    @Test(arguments: testedBackends) func trapInAFusedOpKeepsKindAndFrames(_ strategy: Strategy) throws {
        let (_, inst) = try instantiate(ReturnFusionTests.callee, engine: engine(strategy))
        #expect(try call(inst, "div_via_call", [.i32(-9), .i32(2)]) == [.i32(-3)])
        let t = try #require(trapOf { try call(inst, "div_via_call", [.i32(1), .i32(0)]) })
        #expect(t.kind == .integerDivideByZero)
        // $div (function 6) called from div_via_call (function 11).
        #expect(t.backtrace.map(\.functionIndex) == [6, 11])
        #expect(trapKind { try call(inst, "div", [.i32(Int32.min), .i32(-1)]) } == .integerOverflow)
        #expect(try call(inst, "div_via_call", [.i32(7), .i32(7)]) == [.i32(2)])
    }

    @Test(arguments: testedBackends) func fusedReturnsIntoAnotherInstance(_ strategy: Strategy) throws {
        let e = try engine(strategy)
        let store = Store(e)
        let linker = Linker(e)
        try linker.defineInstance("c", try linker.instantiate(store, try Module(e, wat: ReturnFusionTests.callee)))
        let user = try linker.instantiate(store, try Module(e, wat: """
        (module
          (import "c" "add" (func $add (param i32 i32) (result i32)))
          (memory 1) (data (i32.const 0) "\\05")
          ;; After the call returns into this instance, its own memory is read.
          (func (export "go") (param i32) (result i32)
            (i32.add (call $add (local.get 0) (i32.const 100)) (i32.load8_u (i32.const 0))))
        )
        """))
        #expect(try call(user, "go", [.i32(1)]) == [.i32(106)])
        #expect(try call(user, "go", [.i32(-100)]) == [.i32(5)])
    }
}
