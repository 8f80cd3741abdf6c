import Testing
import WasmEngine

/// The register-allocating value stack and pinned locals: programs chosen to exhaust the register
/// pools, keep values live across calls and helper calls, and fuse comparisons into branches and
/// `select`. Expected values are computed by hand (or in the test with Swift arithmetic).
@Suite struct JITRegisterAllocationTests {
    func double(_ d: Double) -> Value { .f64(d.bitPattern) }
    func float(_ f: Float) -> Value { .f32(f.bitPattern) }

    /// Sum of 1...20 pushed as twenty live operands (more than the GPR pool holds) then added up.
    @Test func deepIntegerStackSpillsAndReloads() throws {
        let pushes = (1...20).map { "(i64.add (local.get 0) (i64.const \($0)))" }.joined(separator: " ")
        let adds = String(repeating: "(i64.add) ", count: 19)
        let wat = "(module (func (export \"f\") (param i64) (result i64) \(pushes) \(adds)))"
        let (_, inst) = try jitInstance(wat)
        // sum_{k=1}^{20} (x + k) = 20x + 210
        #expect(try invoke(inst, "f", [.i64(5)]) == [.i64(310)])
        #expect(try invoke(inst, "f", [.i64(-1_000_000_000_000)]) == [.i64(-20_000_000_000_000 + 210)])
    }

    /// Twenty live f64 operands (more than the XMM pool holds).
    @Test func deepFloatStackSpillsAndReloads() throws {
        let pushes = (1...20).map { "(f64.mul (local.get 0) (f64.const \($0)))" }.joined(separator: " ")
        let adds = String(repeating: "(f64.add) ", count: 19)
        let wat = "(module (func (export \"f\") (param f64) (result f64) \(pushes) \(adds)))"
        let (_, inst) = try jitInstance(wat)
        #expect(try invoke(inst, "f", [double(0.5)]) == [double(105)])
    }

    /// Values live in registers across a call, a helper call (`i64.trunc_f64_s`, `memory.grow`)
    /// and `call_indirect` must survive them.
    @Test func liveValuesSurviveCallsAndHelpers() throws {
        let wat = """
        (module
          (memory 1)
          (table 1 funcref)
          (elem (i32.const 0) $clobber)
          (type $t (func (param i64) (result i64)))
          (func $clobber (type $t)
            (local i64 i64 i64 i64 i64)
            (local.set 1 (i64.const -1)) (local.set 2 (i64.const -2)) (local.set 3 (i64.const -3))
            (local.set 4 (i64.const -4)) (local.set 5 (i64.const -5))
            (i64.add (i64.add (i64.add (local.get 1) (local.get 2)) (i64.add (local.get 3) (local.get 4)))
                     (i64.add (local.get 5) (local.get 0))))
          (func (export "f") (param i64) (result i64)
            (i64.add (i64.mul (local.get 0) (i64.const 3))
              (i64.add (call $clobber (local.get 0))
                (i64.add (i64.trunc_f64_s (f64.const 7.9))
                  (i64.add (i64.extend_i32_u (memory.grow (i32.const 1)))
                    (call_indirect (type $t) (i64.const 100) (i32.const 0))))))))
        """
        let (_, inst) = try jitInstance(wat)
        // 3x + (x - 15) + 7 + 1 (old size) + (100 - 15) with x = 10
        let expected: Int64 = 30 - 5 + 7 + 1 + 85
        #expect(try invoke(inst, "f", [.i64(10)]) == [.i64(expected)])
    }

    /// Comparisons fused into `br_if`, `if`, `select` and `i32.eqz`, including NaN operands (an
    /// unordered comparison is false, its negation true).
    @Test func fusedComparisonsMatchTheirValues() throws {
        let wat = """
        (module
          (func (export "brif") (param i32 i32) (result i32)
            (block (br_if 0 (i32.lt_s (local.get 0) (local.get 1))) (return (i32.const 10)))
            (i32.const 20))
          (func (export "if") (param i64 i64) (result i32)
            (if (result i32) (i64.ge_u (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 0))))
          (func (export "select") (param i32 i32) (result i32)
            (select (local.get 0) (local.get 1) (i32.gt_u (local.get 0) (local.get 1))))
          (func (export "flt") (param f64 f64) (result i32) (f64.lt (local.get 0) (local.get 1)))
          (func (export "notflt") (param f64 f64) (result i32) (i32.eqz (f64.lt (local.get 0) (local.get 1))))
          (func (export "fgebr") (param f32 f32) (result i32)
            (block (br_if 0 (f32.ge (local.get 0) (local.get 1))) (return (i32.const 0)))
            (i32.const 1))
          (func (export "eqzeqz") (param i32) (result i32) (i32.eqz (i32.eqz (local.get 0)))))
        """
        let (_, inst) = try jitInstance(wat)
        #expect(try invoke(inst, "brif", [.i32(-1), .i32(0)]) == [.i32(20)])
        #expect(try invoke(inst, "brif", [.i32(3), .i32(0)]) == [.i32(10)])
        #expect(try invoke(inst, "if", [.i64(-1), .i64(5)]) == [.i32(1)])
        #expect(try invoke(inst, "if", [.i64(4), .i64(5)]) == [.i32(0)])
        #expect(try invoke(inst, "select", [.i32(-1), .i32(7)]) == [.i32(-1)])
        #expect(try invoke(inst, "select", [.i32(2), .i32(7)]) == [.i32(7)])
        #expect(try invoke(inst, "flt", [double(1), double(2)]) == [.i32(1)])
        #expect(try invoke(inst, "flt", [double(.nan), double(2)]) == [.i32(0)])
        #expect(try invoke(inst, "notflt", [double(.nan), double(2)]) == [.i32(1)])
        #expect(try invoke(inst, "notflt", [double(3), double(2)]) == [.i32(1)])
        #expect(try invoke(inst, "notflt", [double(1), double(2)]) == [.i32(0)])
        #expect(try invoke(inst, "fgebr", [float(2), float(2)]) == [.i32(1)])
        #expect(try invoke(inst, "fgebr", [float(.nan), float(2)]) == [.i32(0)])
        #expect(try invoke(inst, "eqzeqz", [.i32(42)]) == [.i32(1)])
        #expect(try invoke(inst, "eqzeqz", [.i32(0)]) == [.i32(0)])
    }

    /// A loop with many hot locals (more than the pinned registers), a call and a `br_table` in its
    /// body: pinned locals in caller-saved registers must come back after the call.
    @Test func pinnedLocalsSurviveCallsInLoops() throws {
        let wat = """
        (module
          (func $g (param f64) (result f64)
            (local i64 i64 i64 f64 f64)
            (local.set 1 (i64.const 99)) (local.set 2 (i64.const 98)) (local.set 3 (i64.const 97))
            (local.set 4 (f64.const 1.5)) (local.set 5 (f64.const 2.5))
            (f64.add (local.get 0) (f64.add (local.get 4) (local.get 5))))
          (func (export "f") (param $n i32) (result f64)
            (local $i i32) (local $a i64) (local $b i64) (local $c i64) (local $d i64) (local $e i64)
            (local $x f64) (local $y f64) (local $z f64) (local $w f64) (local $v f64)
            (loop $l
              (local.set $a (i64.add (local.get $a) (i64.const 1)))
              (local.set $b (i64.add (local.get $b) (i64.const 2)))
              (local.set $c (i64.add (local.get $c) (local.get $a)))
              (local.set $d (i64.add (local.get $d) (local.get $b)))
              (local.set $e (i64.xor (local.get $e) (local.get $c)))
              (local.set $x (f64.add (local.get $x) (f64.const 1)))
              (local.set $y (call $g (local.get $y)))
              (local.set $z (f64.add (local.get $z) (local.get $x)))
              (local.set $w (f64.sub (local.get $w) (f64.const 0.5)))
              (local.set $v (f64.add (local.get $v) (local.get $w)))
              (block $b0 (block $b1
                (br_table $b0 $b1 (i32.and (local.get $i) (i32.const 1))))
                (local.set $x (f64.add (local.get $x) (f64.const 0.25))))
              (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
            (f64.add (f64.add (f64.add (local.get $x) (local.get $y)) (f64.add (local.get $z) (local.get $w)))
              (f64.add (local.get $v)
                (f64.convert_i64_s (i64.add (i64.add (local.get $a) (local.get $b))
                  (i64.add (local.get $c) (i64.add (local.get $d) (local.get $e)))))))))
        """
        let (_, inst) = try jitInstance(wat)
        for n in [1, 2, 5, 17] {
            var (a, b, c, d, e): (Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0)
            var (x, y, z, w, v): (Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0)
            for i in 0..<n {
                a += 1; b += 2; c += a; d += b; e ^= c
                x += 1; y += 4; z += x; w -= 0.5; v += w
                if i & 1 == 1 { x += 0.25 }
            }
            let expected = ((x + y) + (z + w)) + (v + Double((a + b) + (c + (d + e))))
            #expect(try invoke(inst, "f", [.i32(Int32(n))]) == [double(expected)], "n = \(n)")
        }
    }

    /// Loads and stores with constant addresses and offsets (folded into one bounds check) next to
    /// register addresses; the last store is out of bounds only by its width.
    @Test func constantAddressesAreBoundsChecked() throws {
        let wat = """
        (module
          (memory 1)
          (func (export "f") (param i32) (result i64)
            (i64.store offset=8 (i32.const 0) (i64.const 0x1122334455667788))
            (i32.store16 offset=3 (local.get 0) (i32.const 0xBEEF))
            (i64.add (i64.load offset=8 (i32.const 0)) (i64.load16_u (i32.const 3))))
          (func (export "edge") (param i32) (i32.store (i32.const 65533) (local.get 0))))
        """
        let (_, inst) = try jitInstance(wat)
        #expect(try invoke(inst, "f", [.i32(0)]) == [.i64(0x1122334455667788 + 0xBEEF)])
        #expect(trapOf { try invoke(inst, "edge", [.i32(1)]) }?.kind == .outOfBoundsMemoryAccess)
    }
}
