import Testing
@testable import WasmEngine
@testable import WasmInterpreter

/// Cases aimed at the interpreter's float fusions of ifloats8: a float load multiplied in the
/// multiply (`f32MulLoad`, `f64MulLoad`), a multiply-add of such a product (`f32MulLoadAdd`,
/// `f64MulLoadAdd`), and a square computed in the sum branch reading it (`brF32SquareAddLt`...).
/// Expected values come from Swift arithmetic on the stored operands (rounded after each
/// operation like the wasm instructions), trap offsets from the JIT backend; the lowered code
/// is inspected to check which op is chosen.
@Suite struct FloatLoadFusionTests {
    static func isMulLoad(_ op: Op) -> Bool {
        switch op {
        case .f32MulLoad, .f64MulLoad: return true
        default: return false
        }
    }

    static func isMulLoadAdd(_ op: Op) -> Bool {
        switch op {
        case .f32MulLoadAdd, .f64MulLoadAdd: return true
        default: return false
        }
    }

    static func isSquareBranch(_ op: Op) -> Bool {
        switch op {
        case .brF32SquareAddLt, .brF32SquareAddNotLt, .brF64SquareAddLt, .brF64SquareAddNotLt: return true
        default: return isSquaresBranch(op)
        }
    }

    static func isSquaresBranch(_ op: Op) -> Bool {
        switch op {
        case .brF32SquaresAddLt, .brF32SquaresAddNotLt, .brF64SquaresAddLt, .brF64SquaresAddNotLt: return true
        default: return false
        }
    }

    /// Products of a value and a load of type T (`f32` / `f64`, `n` bytes) through each address
    /// form: an offset (`mul_offset`, no wrap), an `i32.add` of a constant (`mul_add_imm`, wraps
    /// at 32 bits), two loads (`mul_loads`); a multiply-add of two loads and a value
    /// (`dot`: `a * b + c`, the sum kept in a local like a dot product's); the product added on
    /// the right (`right`, not a multiply-add of the load: the add's order decides NaN payloads).
    static func mulLoadWat(_ t: String, _ n: Int) -> String {
        """
        (module (memory 1)
          (func (export "set") (param $p i32) (param $v \(t)) (\(t).store (local.get $p) (local.get $v)))
          (func (export "mul_offset") (param $p i32) (param $x \(t)) (result \(t))
            (\(t).mul (local.get $x) (\(t).load offset=\(n) (local.get $p))))
          (func (export "mul_add_imm") (param $p i32) (param $x \(t)) (result \(t))
            (\(t).mul (local.get $x) (\(t).load (i32.add (local.get $p) (i32.const \(n))))))
          (func (export "mul_loads") (param $p i32) (param $q i32) (result \(t))
            (\(t).mul (\(t).load (local.get $p)) (\(t).load (local.get $q))))
          (func (export "dot") (param $p i32) (param $q i32) (param $c \(t)) (result \(t)) (local $s \(t))
            (local.set $s (\(t).add (\(t).mul (\(t).load (local.get $p)) (\(t).load offset=\(n) (local.get $q))) (local.get $c)))
            (local.get $s))
          (func (export "right") (param $p i32) (param $q i32) (param $c \(t)) (result \(t))
            (\(t).add (local.get $c) (\(t).mul (\(t).load (local.get $p)) (\(t).load (local.get $q)))))
        )
        """
    }

    /// Values with rounding, signed zeros, infinities and NaN.
    static let values: [Double] = [0, -0.0, 1, -1.5, 0.1, 3, 16_777_217, 1e200, -1e-300, .infinity, -.infinity, .nan]

    @Test func floatLoadsAreMultipliedInTheMultiply() throws {
        for (t, n) in [("f32", 4), ("f64", 8)] {
            let wat = FloatLoadFusionTests.mulLoadWat(t, n)
            for f in 1...3 {
                let ops = try LoopFusionTests.loweredOps(wat, function: f)
                #expect(ops.contains(where: FloatLoadFusionTests.isMulLoad), "\(t) function \(f): \(ops)")
                #expect(!ops.contains { if case .binary = $0 { true } else if case .f32Mul = $0 { true } else if case .f64Mul = $0 { true } else { false } },
                        "\(t) function \(f): \(ops)")
            }
            let dot = try LoopFusionTests.loweredOps(wat, function: 4)
            #expect(dot.contains(where: FloatLoadFusionTests.isMulLoadAdd), "\(t) dot: \(dot)")
            #expect(!dot.contains(where: FloatLoadFusionTests.isMulLoad), "\(t) dot: \(dot)")
            let right = try LoopFusionTests.loweredOps(wat, function: 5)
            #expect(right.contains(where: FloatLoadFusionTests.isMulLoad) && !right.contains(where: FloatLoadFusionTests.isMulLoadAdd),
                    "\(t) right: \(right)")
        }
    }

    @Test func floatLoadProductsRoundLikeSwift() throws {
        let (_, i32) = try instantiate(FloatLoadFusionTests.mulLoadWat("f32", 4))
        let (_, i64) = try instantiate(FloatLoadFusionTests.mulLoadWat("f64", 8))
        let same = LoopFusionTests.sameFloat
        for a in FloatLoadFusionTests.values {
            for b in FloatLoadFusionTests.values {
                let (fa, fb) = (Float(a), Float(b))
                // a at 64, b at 72 (and at 68 for f32: its `offset=4` / `+ 4` from 64).
                _ = try call(i32, "set", [.i32(64), .float32(fa)])
                _ = try call(i32, "set", [.i32(68), .float32(fb)])
                _ = try call(i64, "set", [.i32(64), .float64(a)])
                _ = try call(i64, "set", [.i32(72), .float64(b)])
                for name in ["mul_offset", "mul_add_imm"] {
                    #expect(same(try call(i32, name, [.i32(64), .float32(fa)]), .float32(fa * fb)), "f32 \(name) \(a) \(b)")
                    #expect(same(try call(i64, name, [.i32(64), .float64(a)]), .float64(a * b)), "f64 \(name) \(a) \(b)")
                }
                #expect(same(try call(i32, "mul_loads", [.i32(64), .i32(68)]), .float32(fa * fb)), "f32 mul_loads \(a) \(b)")
                #expect(same(try call(i64, "mul_loads", [.i32(64), .i32(72)]), .float64(a * b)), "f64 mul_loads \(a) \(b)")
                for c in [0, -0.0, 0.3, -1e200, .infinity, .nan] {
                    let fc = Float(c)
                    #expect(same(try call(i32, "dot", [.i32(64), .i32(64), .float32(fc)]), .float32(fa * fb + fc)), "f32 dot \(a) \(b) \(c)")
                    #expect(same(try call(i64, "dot", [.i32(64), .i32(64), .float64(c)]), .float64(a * b + c)), "f64 dot \(a) \(b) \(c)")
                    #expect(same(try call(i32, "right", [.i32(64), .i32(68), .float32(fc)]), .float32(fc + fa * fb)), "f32 right \(a) \(b) \(c)")
                    #expect(same(try call(i64, "right", [.i32(64), .i32(72), .float64(c)]), .float64(c + a * b)), "f64 right \(a) \(b) \(c)")
                }
            }
        }
        // Signed zeros: -0 * 5 is -0, and -0 + -0 stays -0 (bits compared exactly).
        _ = try call(i64, "set", [.i32(0), .float64(-0.0)])
        _ = try call(i64, "set", [.i32(8), .float64(5)])
        #expect(try call(i64, "mul_loads", [.i32(0), .i32(8)]) == [.float64(-0.0)])
        #expect(try call(i64, "dot", [.i32(0), .i32(0), .float64(-0.0)]) == [.float64(-0.0)])
        // Rounded after the product (no fused multiply-add): 0.1 * 3 - 0.3 is 2^-54 in f64.
        _ = try call(i64, "set", [.i32(0), .float64(0.1)])
        _ = try call(i64, "set", [.i32(8), .float64(3)])
        #expect(try call(i64, "dot", [.i32(0), .i32(0), .float64(-0.3)]) == [.float64(0.1 * 3 - 0.3)])
    }

    @Test func floatLoadProductsTrapWhereTheLoadDoes() throws {
        let (_, i32) = try instantiate(FloatLoadFusionTests.mulLoadWat("f32", 4))
        let (_, i64) = try instantiate(FloatLoadFusionTests.mulLoadWat("f64", 8))
        for (inst, n) in [(i32, 4), (i64, 8)] {
            let x: Value = n == 4 ? .float32(2) : .float64(2)
            // The last in-bounds element, then one byte past it.
            let last = Int32(65536 - 2 * n)
            #expect(trapKind { try call(inst, "mul_offset", [.i32(last), x]) } == nil, "\(n)")
            #expect(trapKind { try call(inst, "mul_offset", [.i32(last + 1), x]) } == .outOfBoundsMemoryAccess, "\(n)")
            #expect(trapKind { try call(inst, "mul_add_imm", [.i32(last + 1), x]) } == .outOfBoundsMemoryAccess, "\(n)")
            // `i32.add` wraps: -n + n is address 0 (in bounds); an offset does not: -n + n is 2^32.
            #expect(trapKind { try call(inst, "mul_add_imm", [.i32(Int32(-n)), x]) } == nil, "\(n)")
            #expect(trapKind { try call(inst, "mul_offset", [.i32(Int32(-n)), x]) } == .outOfBoundsMemoryAccess, "\(n)")
            #expect(trapKind { try call(inst, "dot", [.i32(0), .i32(65535), x]) } == .outOfBoundsMemoryAccess, "\(n)")
            #expect(trapKind { try call(inst, "mul_loads", [.i32(65535), .i32(0)]) } == .outOfBoundsMemoryAccess, "\(n)")
        }
    }

    @Test func floatLoadProductsTrapAtTheLoadsOffset() throws {
        // Either load of `mul_loads` / `dot` out of bounds: the first is a load op of its own, the
        // second is in the fused op; each must report its own instruction, as the JIT does.
        let wat = FloatLoadFusionTests.mulLoadWat("f64", 8)
        let (_, interp) = try instantiate(wat)
        let cases: [(String, [Value])] = [("mul_loads", [.i32(65535), .i32(0)]), ("mul_loads", [.i32(0), .i32(65535)]),
                                          ("dot", [.i32(65535), .i32(0), .float64(1)]), ("dot", [.i32(0), .i32(65535), .float64(1)]),
                                          ("mul_add_imm", [.i32(65535), .float64(1)])]
        var offsets: [[Int]] = []
        for (name, args) in cases {
            let t = try #require(trapOf { try call(interp, name, args) })
            #expect(t.kind == .outOfBoundsMemoryAccess, "\(name) \(args)")
            offsets.append(t.backtrace.compactMap(\.moduleOffset).map { Int($0) })
        }
        #expect(offsets[0] != offsets[1] && offsets[2] != offsets[3], "\(offsets)")
        for s in testedBackends where s != .interpreter {
            let (_, other) = try instantiate(wat, engine: try engine(s))
            for ((name, args), got) in zip(cases, offsets) {
                let t = try #require(trapOf { try call(other, name, args) })
                #expect(t.backtrace.compactMap(\.moduleOffset).map { Int($0) } == got, "\(s) \(name) \(args)")
            }
        }
    }

    /// `x*x + y*y < k` with both squares kept in locals (`tee`: both folded, then 1 when the
    /// locals hold the squares), by `br_if` (taken when it holds) and by `if` (the negated
    /// form); the square kept in a local on the left of the sum (`left`; a temporary there
    /// makes a multiply-add); a square compared without being
    /// added (`plain`, not fused); a square of the limit itself (`limit`, not fused).
    static func squareWat(_ t: String) -> String {
        """
        (module
          (func (export "tee") (param $x \(t)) (param $y \(t)) (param $k \(t)) (result i32) (local $a \(t)) (local $b \(t))
            (block $yes
              (br_if $yes (\(t).lt (\(t).add (local.tee $a (\(t).mul (local.get $x) (local.get $x)))
                                              (local.tee $b (\(t).mul (local.get $y) (local.get $y)))) (local.get $k)))
              (return (i32.const 0)))
            (i32.and (i\(t.dropFirst()).eqz (i\(t.dropFirst()).reinterpret_\(t) (\(t).sub (local.get $a) (\(t).mul (local.get $x) (local.get $x)))))
                     (i\(t.dropFirst()).eqz (i\(t.dropFirst()).reinterpret_\(t) (\(t).sub (local.get $b) (\(t).mul (local.get $y) (local.get $y)))))))
          (func (export "if") (param $x \(t)) (param $y \(t)) (param $k \(t)) (result i32)
            (if (result i32) (\(t).lt (\(t).add (local.get $x) (\(t).mul (local.get $y) (local.get $y))) (local.get $k))
              (then (i32.const 1)) (else (i32.const 0))))
          (func (export "left") (param $x \(t)) (param $y \(t)) (param $k \(t)) (result i32) (local $s \(t))
            (block $yes
              (br_if $yes (\(t).gt (local.get $k) (\(t).add (local.tee $s (\(t).mul (local.get $y) (local.get $y))) (local.get $x))))
              (return (i32.const 0)))
            (i32.const 1))
          (func (export "plain") (param $x \(t)) (param $y \(t)) (param $k \(t)) (result i32)
            (block $yes
              (br_if $yes (\(t).lt (\(t).mul (local.get $y) (local.get $y)) (local.get $k)))
              (return (i32.const 0)))
            (i32.const 1))
        )
        """
    }

    @Test func squareSumBranchesLikeSwift() throws {
        let i32 = try instantiate(FloatLoadFusionTests.squareWat("f32")).1
        let i64 = try instantiate(FloatLoadFusionTests.squareWat("f64")).1
        let values: [Double] = [0, -0.0, 1, -1.5, 2, 4, 0.1, 4096.5, 1e20, 1e200, .infinity, -.infinity, .nan]
        for x in values {
            for y in values {
                for k in [0, 4, 5, 16_777_217, 1e40, .infinity, .nan] {
                    let (fx, fy, fk) = (Float(x), Float(y), Float(k))
                    let a32: [Value] = [.float32(fx), .float32(fy), .float32(fk)], a64: [Value] = [.float64(x), .float64(y), .float64(k)]
                    let holds32 = fx * fx + fy * fy < fk, holds64 = x * x + y * y < k
                    // `tee` returns 1 when the branch is taken and the locals hold x*x and y*y
                    // exactly (a NaN or infinite square makes a difference NaN: 0 then).
                    let kept32: Int32 = (fy * fy - fy * fy).bitPattern == 0 && (fx * fx - fx * fx).bitPattern == 0 ? 1 : 0
                    let kept64: Int32 = (y * y - y * y).bitPattern == 0 && (x * x - x * x).bitPattern == 0 ? 1 : 0
                    #expect(try call(i32, "tee", a32) == [.i32(holds32 ? kept32 : 0)], "f32 tee \(x) \(y) \(k)")
                    #expect(try call(i64, "tee", a64) == [.i32(holds64 ? kept64 : 0)], "f64 tee \(x) \(y) \(k)")
                    #expect(try call(i32, "if", a32) == [.i32(fx + fy * fy < fk ? 1 : 0)], "f32 if \(x) \(y) \(k)")
                    #expect(try call(i64, "if", a64) == [.i32(x + y * y < k ? 1 : 0)], "f64 if \(x) \(y) \(k)")
                    #expect(try call(i32, "left", a32) == [.i32(fk > fy * fy + fx ? 1 : 0)], "f32 left \(x) \(y) \(k)")
                    #expect(try call(i64, "left", a64) == [.i32(k > y * y + x ? 1 : 0)], "f64 left \(x) \(y) \(k)")
                    #expect(try call(i64, "plain", a64) == [.i32(y * y < k ? 1 : 0)], "f64 plain \(x) \(y) \(k)")
                }
            }
        }
        // The square is rounded before the add: in f32, 4097^2 = 16785409 rounds to 16785408,
        // so 4097^2 + 1 < 16785410 holds (unrounded it would be equal).
        #expect(try call(i32, "if", [.float32(1), .float32(4097), .float32(16_785_410)]) == [.i32(1)])
    }

    /// Both squares kept in locals and read on both ways out of the branch (the two-square
    /// branch hands them on in the accumulators; debug builds check every value handed on).
    static func keptSquaresWat(_ t: String) -> String {
        """
        (module
          (func (export "arms") (param $x \(t)) (param $y \(t)) (param $k \(t)) (result \(t)) (local $a \(t)) (local $b \(t))
            (if (result \(t)) (\(t).lt (\(t).add (local.tee $a (\(t).mul (local.get $x) (local.get $x)))
                                            (local.tee $b (\(t).mul (local.get $y) (local.get $y)))) (local.get $k))
              (then (\(t).sub (local.get $a) (local.get $b)))
              (else (\(t).add (local.get $b) (local.get $a))))))
        """
    }

    @Test func keptSquaresAreReadOnBothWaysOut() throws {
        for t in ["f32", "f64"] {
            let ops = try LoopFusionTests.loweredOps(FloatLoadFusionTests.keptSquaresWat(t))
            #expect(ops.contains(where: FloatLoadFusionTests.isSquaresBranch), "\(t): \(ops)")
        }
        let i32 = try instantiate(FloatLoadFusionTests.keptSquaresWat("f32")).1
        let i64 = try instantiate(FloatLoadFusionTests.keptSquaresWat("f64")).1
        let same = LoopFusionTests.sameFloat
        for x in [0, -0.0, 1.5, -3, 0.1, 1e20, 1e200, .infinity, .nan] {
            for y in [0, -0.0, 2, -0.1, 1e-30, 1e300, -.infinity, .nan] {
                for k in [0, 4, 1e41, .infinity] {
                    let (fx, fy, fk) = (Float(x), Float(y), Float(k))
                    let (a32, b32, a64, b64) = (fx * fx, fy * fy, x * x, y * y)
                    let want32: Float = a32 + b32 < fk ? a32 - b32 : b32 + a32, want64: Double = a64 + b64 < k ? a64 - b64 : b64 + a64
                    #expect(same(try call(i32, "arms", [.float32(fx), .float32(fy), .float32(fk)]), .float32(want32)), "f32 \(x) \(y) \(k)")
                    #expect(same(try call(i64, "arms", [.float64(x), .float64(y), .float64(k)]), .float64(want64)), "f64 \(x) \(y) \(k)")
                }
            }
        }
    }

    @Test func squareSumBranchIsFusedWhenTheSquareIsComputedLast() throws {
        for t in ["f32", "f64"] {
            let wat = FloatLoadFusionTests.squareWat(t)
            for f in 0..<3 {
                let ops = try LoopFusionTests.loweredOps(wat, function: f)
                #expect(ops.contains(where: FloatLoadFusionTests.isSquareBranch), "\(t) function \(f): \(ops)")
                #expect(!ops.contains(where: FloatFusionTests.isSumBranch), "\(t) function \(f): \(ops)")
            }
            #expect(!(try LoopFusionTests.loweredOps(wat, function: 3)).contains(where: FloatLoadFusionTests.isSquareBranch), "\(t) plain")
            // `tee`: both squares in the branch, no multiply left.
            let tee = try LoopFusionTests.loweredOps(wat, function: 0)
            #expect(tee.contains(where: FloatLoadFusionTests.isSquaresBranch), "\(t) tee: \(tee)")
            #expect(tee.filter { if case .f32Mul = $0 { true } else if case .f64Mul = $0 { true } else { false } }.count == 2, "\(t) tee: \(tee)")
        }
        // `if` branches past its `then` arm when the comparison fails: the negated form.
        let ifOps = try LoopFusionTests.loweredOps(FloatLoadFusionTests.squareWat("f64"), function: 1)
        #expect(ifOps.contains { if case .brF64SquareAddNotLt = $0 { true } else { false } })
    }
}
