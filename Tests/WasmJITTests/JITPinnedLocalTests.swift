import Testing
import WasmEngine

/// The cases the JIT's loop-code optimizations special-case, run on the JIT and on the
/// interpreter (the reference), with hand-computed values where they are easy to state:
/// lazy reads of pinned locals, results computed straight into a pinned local's register,
/// commuted operands, `and` fused into a `test`, multiplication by small constants, and the
/// extra pinned registers of bodies without memory instructions.
@Suite struct JITPinnedLocalTests {
    func i32(_ v: Int32) -> Value { .i32(v) }
    func i64(_ v: Int64) -> Value { .i64(v) }

    /// Runs `name` on both backends; they must agree and return results.
    func agreed(_ wat: String, _ name: String, _ args: [Value]) throws -> [Value]? {
        let (jit, reference) = try bothBackends(wat, name, args)
        #expect(jit == reference, "\(name)\(args)")
        return jit.results
    }

    /// An old value of a pinned local still on the stack when the local is written (by a result
    /// computed into its register, by `local.tee`, or by a copy from another pinned local).
    @Test func staleReadsSurviveWritesOfTheLocal() throws {
        let wat = """
        (module
          (func (export "set") (param i32) (result i32)
            local.get 0
            local.get 0 i32.const 5 i32.add local.set 0
            local.get 0 i32.const 100 i32.mul
            i32.add)
          (func (export "tee") (param i32) (result i32)
            local.get 0
            local.get 0 i32.const 7 i32.xor local.tee 0
            i32.sub
            local.get 0 i32.mul)
          (func (export "swap") (param i64 i64) (result i64)
            local.get 0 local.get 1 local.set 0 local.set 1
            local.get 0 i64.const 1000 i64.mul local.get 1 i64.add)
          (func (export "teeconst") (param i32) (result i32)
            local.get 0
            i32.const 9 local.tee 0
            i32.add local.get 0 i32.add))
        """
        for x: Int32 in [0, 1, -6, 123_456, Int32.max] {
            #expect(try agreed(wat, "set", [i32(x)]) == [i32(x &+ 100 &* (x &+ 5))])
            #expect(try agreed(wat, "tee", [i32(x)]) == [i32((x &- (x ^ 7)) &* (x ^ 7))])
            #expect(try agreed(wat, "teeconst", [i32(x)]) == [i32(x &+ 18)])
        }
        #expect(try agreed(wat, "swap", [i64(3), i64(4)]) == [i64(4003)])
    }

    /// `x = y op x` for every two-operand integer operation (commutative ones are computed in
    /// place with the operands swapped; `sub` and the shifts must not be).
    @Test func resultIntoALocalThatIsTheSecondOperand() throws {
        let ops = ["add", "sub", "mul", "and", "or", "xor", "shl", "shr_u", "rotl"]
        for t in ["i32", "i64"] {
            let bodies = ops.map { op in
                "(func (export \"\(op)\") (param \(t) \(t)) (result \(t)) local.get 1 local.get 0 \(t).\(op) local.set 0 local.get 0 local.get 0 \(t).add)"
            }.joined(separator: "\n")
            let wat = "(module \(bodies))"
            for op in ops {
                for (x, y): (Int64, Int64) in [(3, 10), (-5, 0x7FFF_FFFF), (0x1234_5678_9ABC, -1)] {
                    let args = t == "i32" ? [i32(Int32(truncatingIfNeeded: x)), i32(Int32(truncatingIfNeeded: y))] : [i64(x), i64(y)]
                    #expect(try agreed(wat, op, args) != nil)
                }
            }
        }
        // One value by hand: x = 10 - 3 = 7; 7 + 7.
        let wat = "(module (func (export \"f\") (param i32 i32) (result i32) local.get 1 local.get 0 i32.sub local.set 0 local.get 0 local.get 0 i32.add))"
        #expect(try agreed(wat, "f", [i32(3), i32(10)]) == [i32(14)])
    }

    /// `and` with a constant whose only use is as a condition becomes a `test`: consumed by
    /// `select`, `br_if`, `if`, `i32.eqz` and `i64.eqz`, with the operand in a pinned register,
    /// in a slot (a block result), or constant.
    @Test func andUsedAsAConditionMatchesItsValue() throws {
        let wat = """
        (module
          (func (export "select") (param i32) (result i32)
            (select (i32.const 10) (i32.const 20) (i32.and (local.get 0) (i32.const 4))))
          (func (export "brif") (param i32) (result i32)
            (block (br_if 0 (i32.and (local.get 0) (i32.const 0x80000000))) (return (i32.const 1)))
            (i32.const 2))
          (func (export "if") (param i32) (result i32)
            (if (result i32) (i32.and (local.get 0) (i32.const 3)) (then (i32.const 5)) (else (i32.const 6))))
          (func (export "eqz32") (param i32) (result i32) (i32.eqz (i32.and (local.get 0) (i32.const 1))))
          (func (export "eqz64") (param i64) (result i32) (i64.eqz (i64.and (local.get 0) (i64.const -2))))
          (func (export "eqz64high") (param i64) (result i32) (i64.eqz (i64.and (local.get 0) (i64.const -1))))
          (func (export "eqzeqz") (param i64) (result i32) (i32.eqz (i64.eqz (i64.and (local.get 0) (i64.const 8)))))
          (func (export "slot") (param i32) (result i32)
            (i32.eqz (i32.and (block (result i32) (local.get 0)) (i32.const 6))))
          (func (export "const") (param i32) (result i32)
            (select (i32.const 1) (i32.const 0) (i32.and (i32.const 6) (i32.const 2)))))
        """
        for x: Int32 in [0, 1, 2, 3, 4, 7, -1, Int32.min] {
            #expect(try agreed(wat, "select", [i32(x)]) == [i32(x & 4 != 0 ? 10 : 20)])
            #expect(try agreed(wat, "brif", [i32(x)]) == [i32(x < 0 ? 2 : 1)])
            #expect(try agreed(wat, "if", [i32(x)]) == [i32(x & 3 != 0 ? 5 : 6)])
            #expect(try agreed(wat, "eqz32", [i32(x)]) == [i32(x & 1 == 0 ? 1 : 0)])
            #expect(try agreed(wat, "slot", [i32(x)]) == [i32(x & 6 == 0 ? 1 : 0)])
        }
        for x: Int64 in [0, 1, 2, 8, -1, 0x1_0000_0000, Int64.min] {
            #expect(try agreed(wat, "eqz64", [i64(x)]) == [i32(x & -2 == 0 ? 1 : 0)])
            #expect(try agreed(wat, "eqz64high", [i64(x)]) == [i32(x == 0 ? 1 : 0)])
            #expect(try agreed(wat, "eqzeqz", [i64(x)]) == [i32(x & 8 != 0 ? 1 : 0)])
        }
        #expect(try agreed(wat, "const", [i32(0)]) == [i32(1)])
    }

    /// Multiplication by constants that become `lea` or a shift, and by others, with wrap-around.
    @Test func multiplicationBySmallConstants() throws {
        let factors: [Int64] = [2, 3, 4, 5, 8, 9, 16, 1024, 7, -3, 0, 1]
        for t in ["i32", "i64"] {
            let bodies = factors.map { k in
                "(func (export \"m\(k)\") (param \(t)) (result \(t)) (\(t).mul (local.get 0) (\(t).const \(k))))"
            }.joined(separator: "\n")
            let wat = "(module \(bodies))"
            for k in factors {
                for x: Int64 in [0, 1, -1, 0x3FFF_FFFF, 0x7FFF_FFFF_FFFF, Int64.min + 3] {
                    if t == "i32" {
                        let v = Int32(truncatingIfNeeded: x)
                        #expect(try agreed(wat, "m\(k)", [i32(v)]) == [i32(v &* Int32(truncatingIfNeeded: k))])
                    } else {
                        #expect(try agreed(wat, "m\(k)", [i64(x)]) == [i64(x &* k)])
                    }
                }
            }
        }
    }

    /// Seven hot i64 locals in a loop of a body without memory instructions (six of them in
    /// registers, two of those memory 0's registers elsewhere), around a call to a function that
    /// uses memory and a helper call.
    @Test func extraPinnedRegistersSurviveCalls() throws {
        let wat = """
        (module
          (memory (export "mem") 1)
          (func $touch (param i64) (result i64)
            (i64.store (i32.const 8) (i64.add (i64.load (i32.const 8)) (local.get 0)))
            (i64.load (i32.const 8)))
          (func (export "f") (param $n i64) (result i64)
            (local $a i64) (local $b i64) (local $c i64) (local $d i64) (local $e i64) (local $g i64)
            (loop $l
              (local.set $a (i64.add (local.get $a) (local.get $n)))
              (local.set $b (i64.xor (local.get $b) (local.get $a)))
              (local.set $c (i64.add (local.get $c) (i64.mul (local.get $b) (i64.const 3))))
              (local.set $d (i64.sub (local.get $d) (local.get $c)))
              (local.set $e (i64.rotl (local.get $e) (local.get $d)))
              (local.set $g (i64.add (local.get $g) (call $touch (local.get $e))))
              (local.set $e (i64.add (local.get $e) (i64.trunc_f64_s (f64.convert_i64_s (local.get $a)))))
              (br_if $l (i64.ne (local.tee $n (i64.sub (local.get $n) (i64.const 1))) (i64.const 0))))
            (i64.add (i64.add (i64.add (local.get $a) (local.get $b)) (i64.add (local.get $c) (local.get $d)))
                     (i64.add (local.get $e) (local.get $g)))))
        """
        for n: Int64 in [1, 5, 40] {
            #expect(try agreed(wat, "f", [i64(n)]) != nil)
        }
    }

    /// Eight hot float locals (all pinned) in a loop with a call and a helper (`f64.min`).
    @Test func eightPinnedFloatLocalsSurviveCalls() throws {
        let wat = """
        (module
          (func $half (param f64) (result f64) (f64.mul (local.get 0) (f64.const 0.5)))
          (func (export "f") (param $n i32) (result f64)
            (local $a f64) (local $b f64) (local $c f64) (local $d f64)
            (local $e f32) (local $f f32) (local $g f32) (local $h f32)
            (local.set $a (f64.const 1.5)) (local.set $e (f32.const 0.25))
            (loop $l
              (local.set $a (f64.add (local.get $a) (f64.const 1)))
              (local.set $b (f64.sub (local.get $a) (local.get $b)))
              (local.set $c (f64.min (local.get $b) (call $half (local.get $a))))
              (local.set $d (f64.add (local.get $d) (f64.mul (local.get $c) (local.get $b))))
              (local.set $e (f32.mul (local.get $e) (f32.const 1.5)))
              (local.set $f (f32.add (local.get $f) (local.get $e)))
              (local.set $g (f32.sub (local.get $f) (local.get $g)))
              (local.set $h (f32.add (local.get $h) (f32.mul (local.get $g) (local.get $e))))
              (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (f64.add (f64.add (local.get $d) (local.get $a))
                     (f64.promote_f32 (f32.add (local.get $h) (local.get $f))))))
        """
        for n: Int32 in [1, 7, 30] {
            #expect(try agreed(wat, "f", [i32(n)]) != nil)
        }
    }

    /// `return` of a lazily read pinned local held in `r11` (the fourth pinned register) from
    /// inside nested blocks, with other values below it on the stack.
    @Test func returnOfALazyPinnedLocal() throws {
        let wat = """
        (module
          (memory 1)
          (func (export "f") (param i32 i32 i32 i32) (result i32)
            (local.set 0 (i32.add (local.get 0) (i32.load (i32.const 0))))
            (local.set 0 (i32.add (local.get 0) (local.get 0)))
            (local.set 1 (i32.add (local.get 1) (local.get 1)))
            (local.set 2 (i32.add (local.get 2) (local.get 0)))
            (local.set 3 (i32.sub (local.get 3) (i32.const 0)))
            (block (block
              local.get 0
              local.get 1
              local.get 3
              return))
            (i32.const -1)))
        """
        #expect(try agreed(wat, "f", [i32(1), i32(2), i32(3), i32(44)]) == [i32(44)])
    }
}
