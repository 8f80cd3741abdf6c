import Testing
@testable import WasmEngine
@testable import WasmInterpreter

/// Cases aimed at the interpreter's float-kernel fusions (ifloats): a float sum compared and
/// branched on (`brF32AddLt`, `brF64AddNotLt`...) and a multiply-add whose multiplicand is a sum
/// (`f32AddMulAdd`, `f64AddMulAdd`). Expected values come from Swift arithmetic on the same
/// operands, rounded after each operation like the wasm instructions; the lowered code is
/// inspected to check that the fused op is (or is not) chosen.
@Suite struct FloatFusionTests {
    static func isSumBranch(_ op: Op) -> Bool {
        switch op {
        case .brF32AddLt, .brF32AddNotLt, .brF64AddLt, .brF64AddNotLt: return true
        default: return false
        }
    }

    static func isSumMulAdd(_ op: Op) -> Bool {
        switch op {
        case .f32AddMulAdd, .f64AddMulAdd: return true
        default: return false
        }
    }

    /// `a + b < k` tested by `br_if` (taken when it holds), by `if` (the branch skips the `then`
    /// arm when it fails: the negated form), with `gt` and the sum on the right, and with the sum
    /// kept in a local (not a temporary: not fused), for f32 (T = f32) and f64.
    static func sumBranchWat(_ t: String) -> String {
        """
        (module
          (func (export "br_if") (param $a \(t)) (param $b \(t)) (param $k \(t)) (result i32)
            (block $yes
              (br_if $yes (\(t).lt (\(t).add (local.get $a) (local.get $b)) (local.get $k)))
              (return (i32.const 0)))
            (i32.const 1))
          (func (export "if") (param $a \(t)) (param $b \(t)) (param $k \(t)) (result i32)
            (if (result i32) (\(t).lt (\(t).add (local.get $a) (local.get $b)) (local.get $k))
              (then (i32.const 1)) (else (i32.const 0))))
          (func (export "gt") (param $a \(t)) (param $b \(t)) (param $k \(t)) (result i32)
            (block $yes
              (br_if $yes (\(t).gt (local.get $k) (\(t).add (local.get $a) (local.get $b))))
              (return (i32.const 0)))
            (i32.const 1))
          (func (export "tee") (param $a \(t)) (param $b \(t)) (param $k \(t)) (result i32) (local $s \(t))
            (block $yes
              (br_if $yes (\(t).lt (local.tee $s (\(t).add (local.get $a) (local.get $b))) (local.get $k)))
              (return (i32.const 0)))
            (i32.const 1))
        )
        """
    }

    /// Values with rounding (2^24 + 1 is not an f32), signed zeros, infinities and NaN.
    static let values: [Double] = [0, -0.0, 1, -1.5, 16_777_216, 16_777_217, 1e300, -1e300, 0.1, 0.2, 0.3,
                                   .infinity, -.infinity, .nan]

    @Test func floatSumBranchesLikeSwift() throws {
        let (_, i32) = try instantiate(FloatFusionTests.sumBranchWat("f32"))
        let (_, i64) = try instantiate(FloatFusionTests.sumBranchWat("f64"))
        for a in FloatFusionTests.values {
            for b in FloatFusionTests.values {
                for k in FloatFusionTests.values {
                    let (fa, fb, fk) = (Float(a), Float(b), Float(k))
                    let want32: [Value] = [.i32(fa + fb < fk ? 1 : 0)], want64: [Value] = [.i32(a + b < k ? 1 : 0)]
                    for name in ["br_if", "if", "gt", "tee"] {
                        #expect(try call(i32, name, [.float32(fa), .float32(fb), .float32(fk)]) == want32, "f32 \(name) \(a) \(b) \(k)")
                        #expect(try call(i64, name, [.float64(a), .float64(b), .float64(k)]) == want64, "f64 \(name) \(a) \(b) \(k)")
                    }
                }
            }
        }
        // Rounding of the sum decides: 2^24 + 1 rounds to 2^24 in f32, below 2^24 + 2.
        #expect(try call(i32, "br_if", [.float32(16_777_216), .float32(1), .float32(16_777_218)]) == [.i32(1)])
        // 0.1 + 0.2 is above 0.3 in f64.
        #expect(try call(i64, "if", [.float64(0.1), .float64(0.2), .float64(0.3)]) == [.i32(0)])
        // inf + -inf is NaN: never less than anything, so the negated branch is taken.
        #expect(try call(i64, "if", [.float64(.infinity), .float64(-.infinity), .float64(.infinity)]) == [.i32(0)])
    }

    @Test func floatSumBranchIsFusedWhenTheSumIsATemporary() throws {
        for t in ["f32", "f64"] {
            let wat = FloatFusionTests.sumBranchWat(t)
            for f in 0..<3 {
                let ops = try LoopFusionTests.loweredOps(wat, function: f)
                #expect(ops.contains(where: FloatFusionTests.isSumBranch), "\(t) function \(f)")
                #expect(!ops.contains { if case .f32Add = $0 { true } else if case .f64Add = $0 { true } else { false } },
                        "\(t) function \(f)")
            }
            // The sum is also stored in a local: the add stays.
            #expect(!(try LoopFusionTests.loweredOps(wat, function: 3)).contains(where: FloatFusionTests.isSumBranch), "\(t) tee")
        }
        // `if` branches past its `then` arm when the comparison fails: the negated form.
        let ifOps = try LoopFusionTests.loweredOps(FloatFusionTests.sumBranchWat("f32"), function: 1)
        #expect(ifOps.contains { if case .brF32AddNotLt = $0 { true } else { false } })
    }

    /// `(a + b) * c + d` (fused), the same with the sum on the right of the product and with
    /// the sum kept in a local (both not fused), and `2*x*y + c` as clang emits it.
    static func sumMulAddWat(_ t: String) -> String {
        """
        (module
          (func (export "left") (param $a \(t)) (param $b \(t)) (param $c \(t)) (param $d \(t)) (result \(t))
            (\(t).add (\(t).mul (\(t).add (local.get $a) (local.get $b)) (local.get $c)) (local.get $d)))
          (func (export "right") (param $a \(t)) (param $b \(t)) (param $c \(t)) (param $d \(t)) (result \(t))
            (\(t).add (\(t).mul (local.get $c) (\(t).add (local.get $a) (local.get $b))) (local.get $d)))
          (func (export "tee") (param $a \(t)) (param $b \(t)) (param $c \(t)) (param $d \(t)) (result \(t)) (local $s \(t))
            (\(t).add (\(t).mul (local.tee $s (\(t).add (local.get $a) (local.get $b))) (local.get $c)) (local.get $d)))
          (func (export "twice") (param $x \(t)) (param $y \(t)) (param $c \(t)) (result \(t))
            (\(t).add (\(t).mul (\(t).add (local.get $x) (local.get $x)) (local.get $y)) (local.get $c)))
        )
        """
    }

    static func sameFloat(_ got: [Value], _ want: Value) -> Bool { LoopFusionTests.sameFloat(got, want) }

    @Test func floatMultiplyAddOfASumRoundsAfterEachOperation() throws {
        let (_, i32) = try instantiate(FloatFusionTests.sumMulAddWat("f32"))
        let (_, i64) = try instantiate(FloatFusionTests.sumMulAddWat("f64"))
        let values: [Double] = [0, -0.0, 1, -1.5, 16_777_217, 1e200, 0.1, 3, .infinity, -.infinity, .nan]
        for a in values {
            for b in values {
                for c in values {
                    for d in [0, -0.0, 1e-30, -7.25, 1e200, .nan] {
                        let (fa, fb, fc, fd) = (Float(a), Float(b), Float(c), Float(d))
                        let args32: [Value] = [.float32(fa), .float32(fb), .float32(fc), .float32(fd)]
                        let args64: [Value] = [.float64(a), .float64(b), .float64(c), .float64(d)]
                        for name in ["left", "tee"] {
                            #expect(FloatFusionTests.sameFloat(try call(i32, name, args32), .float32((fa + fb) * fc + fd)), "f32 \(name) \(a) \(b) \(c) \(d)")
                            #expect(FloatFusionTests.sameFloat(try call(i64, name, args64), .float64((a + b) * c + d)), "f64 \(name) \(a) \(b) \(c) \(d)")
                        }
                        #expect(FloatFusionTests.sameFloat(try call(i32, "right", args32), .float32(fc * (fa + fb) + fd)), "f32 right \(a) \(b) \(c) \(d)")
                        #expect(FloatFusionTests.sameFloat(try call(i64, "right", args64), .float64(c * (a + b) + d)), "f64 right \(a) \(b) \(c) \(d)")
                    }
                }
                let twice32 = FloatFusionTests.sameFloat(try call(i32, "twice", [.float32(Float(a)), .float32(Float(b)), .float32(0.5)]),
                                                         .float32((Float(a) + Float(a)) * Float(b) + 0.5))
                #expect(twice32, "f32 twice \(a) \(b)")
                let twice64 = FloatFusionTests.sameFloat(try call(i64, "twice", [.float64(a), .float64(b), .float64(0.5)]),
                                                         .float64((a + a) * b + 0.5))
                #expect(twice64, "f64 twice \(a) \(b)")
            }
        }
        // Rounded after the add: (2^24 + 1) + 0 is 2^24 in f32, times 1, plus 1 is 2^24 + 1 rounded
        // to 2^24 again; unrounded it would be 2^24 + 2.
        #expect(try call(i32, "left", [.float32(16_777_216), .float32(1), .float32(1), .float32(1)]) == [.float32(16_777_216)])
        // Rounded after the product (no fused multiply-add): 0.1 * 3 + -0.3 is 2^-54 in f64.
        #expect(try call(i64, "left", [.float64(0.1), .float64(0), .float64(3), .float64(-0.3)])
                == [.float64(0.1 * 3 - 0.3)])
    }

    @Test func floatMultiplyAddOfASumIsFusedWhenTheSumIsATemporaryOnTheLeft() throws {
        for t in ["f32", "f64"] {
            let wat = FloatFusionTests.sumMulAddWat(t)
            for f in [0, 3] {
                let ops = try LoopFusionTests.loweredOps(wat, function: f)
                #expect(ops.contains(where: FloatFusionTests.isSumMulAdd), "\(t) function \(f)")
                #expect(ops.count == 2, "\(t) function \(f): \(ops)")
            }
            for f in [1, 2] {
                #expect(!(try LoopFusionTests.loweredOps(wat, function: f)).contains(where: FloatFusionTests.isSumMulAdd), "\(t) function \(f)")
            }
        }
    }

    @Test func mandelbrotEscapeCountsMatchSwift() throws {
        // The inner loop of Benchmarks/programs/floats.c: both fusions on a loop's back edge,
        // their operands read from the threaded accumulator.
        let (_, inst) = try instantiate("""
        (module (func (export "escape") (param $cr f32) (param $ci f32) (result i32)
          (local $zr f32) (local $zi f32) (local $t f32) (local $n i32)
          (block $done
            (loop $l
              (br_if $done (i32.ge_s (local.get $n) (i32.const 100)))
              (br_if $done (i32.eqz (f32.lt (f32.add (f32.mul (local.get $zr) (local.get $zr))
                                                     (f32.mul (local.get $zi) (local.get $zi)))
                                            (f32.const 4))))
              (local.set $t (f32.add (f32.sub (f32.mul (local.get $zr) (local.get $zr))
                                              (f32.mul (local.get $zi) (local.get $zi))) (local.get $cr)))
              (local.set $zi (f32.add (f32.mul (f32.add (local.get $zr) (local.get $zr)) (local.get $zi)) (local.get $ci)))
              (local.set $zr (local.get $t))
              (local.set $n (i32.add (local.get $n) (i32.const 1)))
              (br $l)))
          (local.get $n)))
        """)
        let ops = try LoopFusionTests.loweredOps("""
        (module (func (param $zr f32) (param $zi f32) (result i32)
          (f32.lt (f32.add (f32.mul (local.get $zr) (local.get $zr)) (f32.mul (local.get $zi) (local.get $zi))) (f32.const 4))))
        """)
        #expect(!ops.contains(where: FloatFusionTests.isSumBranch), "no branch, no fused branch")
        for (cr, ci): (Float, Float) in [(0, 0), (-0.75, 0.1), (0.25, 0.5), (-2, 0), (0.3, 0.6), (-1.25, 0.02), (2, 2), (0.26, 0)] {
            var zr: Float = 0, zi: Float = 0, n: Int32 = 0
            while n < 100 && zr * zr + zi * zi < 4 {
                let t = zr * zr - zi * zi + cr
                zi = (zr + zr) * zi + ci
                zr = t
                n += 1
            }
            #expect(try call(inst, "escape", [.float32(cr), .float32(ci)]) == [.i32(n)], "c = \(cr) + \(ci)i")
        }
    }
}
