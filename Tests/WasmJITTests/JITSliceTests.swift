import Testing
import WasmEngine

/// The first vertical slice through the public API: i32 arithmetic, locals, blocks, loops,
/// branches, calls and results.
@Suite struct JITSliceTests {
    @Test func selectsTheJIT() throws {
        #expect(try jitEngine().isInterpreter == false)
        #expect(try interpreterEngine().isInterpreter)
    }

    @Test func addsAndReturns() throws {
        let (_, inst) = try jitInstance("""
        (module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
        """)
        #expect(try invoke(inst, "add", [.i32(2), .i32(40)]) == [.i32(42)])
        #expect(try invoke(inst, "add", [.i32(-1), .i32(1)]) == [.i32(0)])
        #expect(try invoke(inst, "add", [.i32(Int32.max), .i32(1)]) == [.i32(Int32.min)])
    }

    @Test func loopsAndLocals() throws {
        let (_, inst) = try jitInstance("""
        (module
          (func (export "sum") (param $n i32) (result i32) (local $acc i32)
            (block $done
              (loop $l
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $acc (i32.add (local.get $acc) (local.get $n)))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $l)))
            (local.get $acc)))
        """)
        #expect(try invoke(inst, "sum", [.i32(100)]) == [.i32(5050)])
        #expect(try invoke(inst, "sum", [.i32(0)]) == [.i32(0)])
    }

    @Test func recursiveCallsAndMultiValue() throws {
        let (_, inst) = try jitInstance("""
        (module
          (func $fac (export "fac") (param i64) (result i64)
            (if (result i64) (i64.eqz (local.get 0))
              (then (i64.const 1))
              (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
          (func $swap (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
          (func (export "swapsub") (param i32 i32) (result i32)
            (call $swap (local.get 0) (local.get 1)) (i32.sub))
          (func (export "pair") (result i32 i64) (i32.const 7) (i64.const -8))
          (func (export "blockmv") (param i32) (result i32)
            (local.get 0) (block (param i32) (result i32) (i32.const 10) (i32.add))))
        """)
        #expect(try invoke(inst, "fac", [.i64(20)]) == [.i64(2_432_902_008_176_640_000)])
        #expect(try invoke(inst, "swapsub", [.i32(10), .i32(3)]) == [.i32(-7)])
        #expect(try invoke(inst, "pair") == [.i32(7), .i64(-8)])
        #expect(try invoke(inst, "blockmv", [.i32(5)]) == [.i32(15)])
    }

    @Test func brTableSelectsTargets() throws {
        let (_, inst) = try jitInstance("""
        (module (func (export "t") (param i32) (result i32)
          (block $d (block $c (block $b (block $a
            (br_table $a $b $c $d (local.get 0)))
            (return (i32.const 100)))
            (return (i32.const 101)))
            (return (i32.const 102)))
          (i32.const 103)))
        """)
        for (i, r) in [(0, 100), (1, 101), (2, 102), (3, 103), (4, 103), (-1, 103)] {
            #expect(try invoke(inst, "t", [.i32(Int32(i))]) == [.i32(Int32(r))])
        }
    }
}
