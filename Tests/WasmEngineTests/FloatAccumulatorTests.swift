import Testing
import WasmEngine
@testable import WasmInterpreter

/// The threaded float accumulator (ThreadedFloatAccumulator.swift): float operators hand their
/// result on in a vector register, untyped producers (copies, constants, selects) in both
/// accumulators, and an integer value survives the float operators in between. Expected values
/// come from Swift arithmetic; debug builds also check every accumulator handed from handler to
/// handler against its slot.
@Suite struct FloatAccumulatorTests {
    private func threaded(_ ops: [Op], tableTargets: [PC] = []) -> CompiledFunction {
        CompiledFunction(functionIndex: 0, paramCount: 3, resultCount: 0, localCount: 0, constants: [],
                         frameSize: 16, code: ops, tableTargets: tableTargets, sourceIndex: ops.map { _ in 0 })
    }

    private func slots(_ f: CompiledFunction) -> (int: [Slot?], float: [Slot?]) {
        let none = ThreadedOp.noAccumulator
        return ((0..<f.codeCount).map { f.code[$0].accumulatorSlot == none ? nil : f.code[$0].accumulatorSlot },
                (0..<f.codeCount).map { f.code[$0].floatAccumulatorSlot == none ? nil : f.code[$0].floatAccumulatorSlot })
    }

    @Test func floatResultsTravelInTheFloatAccumulatorAndIntegersSurviveThem() {
        let ops: [Op] = [
            .i32AddImm(dst: 3, src: 0, imm: 8),              // 0: produces 3 (int)
            .f64Mul(dst: 4, lhs: 1, rhs: 1),                 // 1: produces 4 (float), keeps 3
            .f64Add(dst: 5, lhs: 4, rhs: 2),                 // 2: reads 4 (float), produces 5
            .i64Store(addr: 3, value: 5, offset: 0),         // 3: reads 3 (int) and 5 (float)
            .i64Load(dst: 6, addr: 3, offset: 0),            // 4: reads 3, produces 6 (int), keeps 5
            .f64Sub(dst: 7, lhs: 6, rhs: 5),                 // 5: reads 6 (int) and 5 (float)
            .f64Lt(dst: 8, lhs: 7, rhs: 1),                  // 6: reads 7 (float), produces 8 (int)
            .brIf(cond: 8, 0),                               // 7: reads 8
            .ret,
        ]
        let f = threaded(ops)
        let (int, float) = slots(f)
        #expect(int == [nil, nil, nil, 3, 3, 6, nil, 8, nil])
        #expect(float == [nil, nil, 4, 5, nil, 5, 7, nil, nil])
        // A float operator overwriting the slot the accumulator holds makes it stale.
        // (Nothing reads 3 two or more ops later, so the add does not hand it on.)
        var over = ops
        over[2] = .f64Add(dst: 3, lhs: 4, rhs: 2)
        over[4] = .i64Load(dst: 6, addr: 0, offset: 0)
        #expect(slots(threaded(over)).int[3] == nil)
        // Unless it hands its result on in the accumulator too (read two ops later).
        var handed = ops
        handed[1] = .f64Mul(dst: 3, lhs: 1, rhs: 1)
        #expect(slots(threaded(handed)).int[3] == 3)
        #expect(unsafeBitCast(threaded(handed).code[1].handler, to: UnsafeRawPointer.self)
                == unsafeBitCast(t_f64MulB as ThreadedHandler, to: UnsafeRawPointer.self))
    }

    @Test func untypedProducersFillBothAccumulators() {
        // A float local set from a constant before the loop and by a float operator at its end:
        // the loop header reads it from the float accumulator.
        let ops: [Op] = [
            .const64(dst: 3, 0x3FF0_0000_0000_0000),         // 0: produces 3 in both
            .f64Mul(dst: 4, lhs: 3, rhs: 1),                 // 1: loop header, reads 3
            .f64Add(dst: 3, lhs: 4, rhs: 2),                 // 2: reads 4, produces 3
            .brAddImmI32NeImm(counter: 5, imm: 1, limit: 9, 1),
            .ret,
        ]
        #expect(slots(threaded(ops)).float == [nil, 3, 4, nil, nil])
        // The same after a copy, and a select.
        var copied = ops
        copied[0] = .copy(dst: 3, src: 2)
        #expect(slots(threaded(copied)).float == [nil, 3, 4, nil, nil])
        var selected = ops
        selected[0] = .select(dst: 3, lhs: 1, rhs: 2, cond: 0)
        #expect(slots(threaded(selected)).float == [nil, 3, 4, nil, nil])
        // An integer producer before the loop: the two ways in disagree.
        var integer = ops
        integer[0] = .i64AddImm(dst: 3, src: 0, imm: 1)
        #expect(slots(threaded(integer)).float[1] == nil)
        #expect(slots(threaded(integer)).int[1] == nil)
    }

    @Test func aFloatResultReadAgainLaterAlsoTravelsInTheAccumulator() {
        let ops: [Op] = [
            .f64Mul(dst: 4, lhs: 1, rhs: 1),     // 0: read by 2 and 3: hands 4 on in both
            .f64Mul(dst: 5, lhs: 2, rhs: 2),     // 1: float only (would take the accumulator from 4)
            .f64Sub(dst: 6, lhs: 4, rhs: 5),     // 2: 4 from the accumulator, 5 from the float one
            .f64Add(dst: 7, lhs: 4, rhs: 6),     // 3: 4 from the accumulator, 6 from the float one
            .ret,
        ]
        let f = threaded(ops)
        #expect(slots(f).int == [nil, nil, 4, 4, nil])
        #expect(slots(f).float == [nil, nil, 5, 6, nil])
        #expect(unsafeBitCast(f.code[0].handler, to: UnsafeRawPointer.self)
                == unsafeBitCast(t_f64MulB as ThreadedHandler, to: UnsafeRawPointer.self))
        // The producer reads its own operand from the accumulator (a float loaded as bits).
        let loaded: [Op] = [
            .i64Load(dst: 3, addr: 0, offset: 0),  // 0: produces 3 (int)
            .f64Sub(dst: 4, lhs: 3, rhs: 1),       // 1: reads 3, hands 4 on in both
            .f64Mul(dst: 5, lhs: 2, rhs: 2),       // 2
            .f64Add(dst: 6, lhs: 4, rhs: 5),       // 3: 4 from the accumulator, 5 from the float one
            .ret,
        ]
        let g = threaded(loaded)
        #expect(slots(g).int == [nil, 3, nil, 4, nil])
        #expect(unsafeBitCast(g.code[1].handler, to: UnsafeRawPointer.self)
                == unsafeBitCast(t_f64Sub_lB as ThreadedHandler, to: UnsafeRawPointer.self))
        // An integer value held and read later keeps the accumulator.
        let held: [Op] = [
            .i32AddImm(dst: 3, src: 0, imm: 8),  // 0: produces 3
            .f64Mul(dst: 4, lhs: 1, rhs: 1),     // 1: read by 3, but 3 also reads the held 3
            .f64Mul(dst: 5, lhs: 2, rhs: 2),     // 2
            .i64Store(addr: 3, value: 4, offset: 0),
            .ret,
        ]
        #expect(slots(threaded(held)).int == [nil, nil, nil, 3, nil])
        // A join between the producer and the later reader: the float accumulator only.
        let joined: [Op] = [
            .f64Mul(dst: 4, lhs: 1, rhs: 1),     // 0
            .f64Mul(dst: 5, lhs: 2, rhs: 2),     // 1
            .f64Sub(dst: 6, lhs: 4, rhs: 5),     // 2: a branch target
            .brIfNot(cond: 0, 2),
            .ret,
        ]
        #expect(slots(threaded(joined)).int == [nil, nil, nil, nil, nil])
    }

    static let wat = """
    (module (memory 1)
      ;; A chain of f32 operators mixing loads, constants, conversions and a store; the result
      ;; read back as bits (an f32 slot is zero-extended: the i64 shows any stray upper bits).
      (func (export "f32chain") (param $x f32) (param $y f32) (param $i i32) (result i64)
        (local $t f32)
        (f32.store (i32.const 16) (local.get $y))
        (local.set $t (f32.mul (f32.add (local.get $x) (f32.load (i32.const 16))) (local.get $x)))
        (local.set $t (f32.sub (local.get $t) (f32.convert_i32_s (local.get $i))))
        (local.set $t (f32.div (f32.neg (local.get $t)) (f32.const 3)))
        (f32.store (i32.const 20) (f32.sqrt (f32.abs (local.get $t))))
        (i64.add (i64.extend_i32_u (i32.reinterpret_f32 (local.get $t)))
                 (i64.shl (i64.extend_i32_u (i32.load (i32.const 20))) (i64.const 32))))
      (func (export "f64chain") (param $x f64) (param $y f64) (param $i i32) (result f64)
        (local $t f64)
        (f64.store (i32.const 8) (local.get $y))
        (local.set $t (f64.mul (f64.add (local.get $x) (f64.load (i32.const 8))) (local.get $x)))
        (local.set $t (f64.sub (local.get $t) (f64.convert_i32_s (local.get $i))))
        (local.set $t (f64.div (f64.neg (local.get $t)) (f64.const 3)))
        (f64.add (local.get $t) (f64.promote_f32 (f32.demote_f64 (local.get $t)))))
      ;; z = z*z + c, n times, with an integer count of the steps where z stayed below 4
      ;; (a float recurrence and an integer one in the same loop).
      (func (export "orbit") (param $z f32) (param $c f32) (param $n i32) (result i64) (local $k i32)
        (loop $l
          (local.set $z (f32.add (f32.mul (local.get $z) (local.get $z)) (local.get $c)))
          (local.set $k (i32.add (local.get $k) (f32.lt (local.get $z) (f32.const 4))))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (i64.or (i64.extend_i32_u (i32.reinterpret_f32 (local.get $z))) (i64.shl (i64.extend_i32_u (local.get $k)) (i64.const 32))))
      ;; An escape-time count: z = z*z + c while |z|^2 < 4, at most 100 steps.
      (func (export "escape") (param $cr f32) (param $ci f32) (result i32)
        (local $zr f32) (local $zi f32) (local $t f32) (local $n i32)
        (block $done (loop $l
          (br_if $done (f32.ge (f32.add (f32.mul (local.get $zr) (local.get $zr)) (f32.mul (local.get $zi) (local.get $zi)))
                               (f32.const 4)))
          (local.set $t (f32.add (f32.sub (f32.mul (local.get $zr) (local.get $zr)) (f32.mul (local.get $zi) (local.get $zi)))
                                 (local.get $cr)))
          (local.set $zi (f32.add (f32.mul (f32.mul (f32.const 2) (local.get $zr)) (local.get $zi)) (local.get $ci)))
          (local.set $zr (local.get $t))
          (br_if $l (i32.lt_u (local.tee $n (i32.add (local.get $n) (i32.const 1))) (i32.const 100)))))
        (local.get $n))
      ;; A join where one arm leaves the value from a float operator, the other from a constant.
      (func (export "join") (param $x f64) (param $c i32) (result f64) (local $t f64)
        (if (local.get $c) (then (local.set $t (f64.mul (local.get $x) (local.get $x))))
                           (else (local.set $t (f64.const 2.5))))
        (f64.sub (local.get $t) (local.get $x))))
    """

    private func bits(_ v: [Value]) -> UInt64? {
        if case .i64(let b)? = v.first { return UInt64(bitPattern: b) }
        if case .f64(let b)? = v.first { return b }
        return nil
    }

    @Test func floatChainsMatchSwift() throws {
        let (_, inst) = try instantiate(Self.wat)
        let nanPayload = Float(bitPattern: 0x7FC0_1234)
        for (x, y) in [(Float(1.5), Float(-0.25)), (0, 0), (-3.75, 1e30), (nanPayload, 2), (.infinity, -.infinity), (1e-40, 7)] {
            for i: Int32 in [0, 5, -100_000] {
                var t = (x + y) * x
                t = t - Float(i)
                t = (-t) / 3
                let stored = abs(t).squareRoot()
                let want = UInt64(t.bitPattern) &+ (UInt64(stored.bitPattern) << 32)
                let got = bits(try call(inst, "f32chain", [.float32(x), .float32(y), .i32(i)]))
                // NaN results: any NaN of the right kind is fine for the arithmetic, so compare
                // only non-NaN results exactly, and check that a NaN leaves the upper half clear.
                if t.isNaN {
                    #expect(got.map { Float(bitPattern: UInt32(truncatingIfNeeded: $0)).isNaN } == true, "\(x) \(y) \(i)")
                } else {
                    #expect(got == want, "f32chain \(x) \(y) \(i)")
                }
            }
        }
        for (x, y) in [(1.5, -0.25), (0.0, 0.0), (-3.75, 1e300), (1e-310, 7.0), (2.0, .infinity)] {
            for i: Int32 in [0, 5, -100_000] {
                var t = (x + y) * x
                t = t - Double(i)
                t = (-t) / 3
                let want = t + Double(Float(t))
                let got = bits(try call(inst, "f64chain", [.float64(x), .float64(y), .i32(i)]))
                #expect(want.isNaN ? got.map { Double(bitPattern: $0).isNaN } == true : got == want.bitPattern, "f64chain \(x) \(y) \(i)")
            }
        }
    }

    @Test func loopCarriedFloatAndIntegerMatchSwift() throws {
        let (_, inst) = try instantiate(Self.wat)
        for (z0, c) in [(Float(0), Float(-0.75)), (0.5, 0.25), (0, 0.3), (1.25, -2), (-0.0, -0.0)] {
            for n: Int32 in [1, 2, 9, 50] {
                var z = z0, k: UInt32 = 0
                for _ in 0..<n {
                    z = z * z + c
                    k &+= z < 4 ? 1 : 0
                }
                let got = bits(try call(inst, "orbit", [.float32(z0), .float32(c), .i32(n)]))
                if z.isNaN {
                    #expect(got.map { UInt32(truncatingIfNeeded: $0 >> 32) } == k, "orbit \(z0) \(c) \(n)")
                } else {
                    #expect(got == UInt64(z.bitPattern) | UInt64(k) << 32, "orbit \(z0) \(c) \(n)")
                }
            }
        }
        for (cr, ci) in [(Float(-0.75), Float(0.1)), (0.25, 0.5), (-2, 0), (0.3, -0.6), (1, 1), (-0.1, 0.65)] {
            var zr: Float = 0, zi: Float = 0, n: Int32 = 0
            while zr * zr + zi * zi < 4 {
                let t = zr * zr - zi * zi + cr
                zi = 2 * zr * zi + ci
                zr = t
                n += 1
                if n >= 100 { break }
            }
            #expect(try call(inst, "escape", [.float32(cr), .float32(ci)]) == [.i32(n)], "escape \(cr) \(ci)")
        }
        for x in [0.0, 1.5, -2.0, 1e200] {
            #expect(bits(try call(inst, "join", [.float64(x), .i32(1)])) == (x * x - x).bitPattern, "join \(x) 1")
            #expect(bits(try call(inst, "join", [.float64(x), .i32(0)])) == (2.5 - x).bitPattern, "join \(x) 0")
        }
    }
}
