import Testing
import WasmEngine

/// Programs run on the JIT and on the interpreter (the reference): results, traps, backtraces,
/// memory and globals must be equal.
@Suite struct JITDifferentialTests {
    static let wat = """
    (module
      (memory (export "mem") 1 3)
      (global (export "g0") (mut i64) (i64.const 0))
      (global (export "g1") (mut f64) (f64.const 0))
      (global (export "g2") (mut i32) (i32.const 0))
      (table $t 8 funcref)
      (elem (i32.const 0) $sq $neg $sq)
      (type $un (func (param i64) (result i64)))
      (data (i32.const 100) "\\01\\02\\03\\04\\05\\06\\07\\08")
      (func $sq (type $un) (i64.mul (local.get 0) (local.get 0)))
      (func $neg (type $un) (i64.sub (i64.const 0) (local.get 0)))
      (func $mix (param i32) (result i64 f64)
        (call_indirect $t (type $un) (i64.extend_i32_s (local.get 0)) (i32.rem_u (local.get 0) (i32.const 3)))
        (f64.div (f64.convert_i32_s (local.get 0)) (f64.const 3)))
      (func (export "run") (param $n i32) (result i32) (local $i i32) (local $x i64) (local $y f64)
        (block $exit (loop $l
          (call $mix (local.get $i))
          (local.set $y) (local.set $x)
          (global.set 0 (i64.add (global.get 0) (local.get $x)))
          (global.set 1 (f64.add (global.get 1) (f64.nearest (local.get $y))))
          (i64.store offset=200 (i32.shl (local.get $i) (i32.const 3)) (local.get $x))
          (f64.store offset=1000 (i32.shl (local.get $i) (i32.const 3)) (local.get $y))
          (i32.store8 (local.get $i) (i32.load8_u offset=100 (i32.and (local.get $i) (i32.const 7))))
          (br_table $exit $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
        (memory.copy (i32.const 5000) (i32.const 200) (i32.const 64))
        (memory.fill (i32.const 6000) (i32.const 0xAB) (local.get $n))
        (global.set 2 (memory.grow (i32.const 1)))
        (i32.store (i32.const 65536) (i32.const 0x11223344))
        (table.set $t (i32.const 5) (ref.func $neg))
        (i32.add (table.size $t) (i32.load8_u (i32.const 65538)))))
    """

    @Test func programAgrees() throws {
        for n in [1, 7, 40, 300] {
            let (jit, reference) = try bothBackends(Self.wat, "run", [.i32(Int32(n))])
            #expect(jit.results != nil)
            #expect(jit == reference, "n = \(n)")
        }
    }

    @Test func trapMidwayLeavesTheSameState() throws {
        // n = 20000: the offset=1000 f64 stores run past the first page before memory.grow.
        let (jit, reference) = try bothBackends(Self.wat, "run", [.i32(20000)])
        #expect(jit.trap == .outOfBoundsMemoryAccess)
        #expect(jit == reference)
    }

    @Test func fuelBudgetsAgreeOnABiggerProgram() throws {
        for budget in [UInt64(0), 1, 2, 3, 10, 57, 100, 333, 1000, 5000] {
            let (jit, reference) = try bothBackends(Self.wat, "run", [.i32(30)], fuel: budget)
            #expect(jit == reference, "budget \(budget)")
        }
    }
}
