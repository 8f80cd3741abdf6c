import Testing
@testable import WasmEngine
@testable import WasmInterpreter

/// Cases aimed at the interpreter's fusions for tight integer and float loops: `select` on a bit
/// test (`selectAndImm`), a float add of a difference (`f32AddSub`, `f64SubAdd`...). Expected
/// values come from Swift arithmetic on the same operands; the lowered code is inspected to
/// check that the fused op is (or is not) chosen.
@Suite struct LoopFusionTests {
    /// The lowered ops of defined function `index` of `wat` (interpreter backend).
    static func loweredOps(_ wat: String, function index: Int = 0) throws -> [Op] {
        let module = try Module(try interpreterEngine(), wat: wat)
        let f = unsafeDowncast(module.box.compiled, to: CompiledModule.self).functions[index]
        return (0..<f.codeCount).map { f.op($0) }
    }

    static func isSelectAndImm(_ op: Op) -> Bool {
        if case .selectAndImm = op { return true }
        return false
    }

    /// `select(a, b, (x & mask) != 0)` and its `eqz` form, for i32 and i64, with the mask as a
    /// constant (fused) and as a parameter (not fused).
    static let selectWat = """
    (module
      (func (export "i32_and") (param $x i32) (param $a i32) (param $b i32) (result i32)
        (select (local.get $a) (local.get $b) (i32.and (local.get $x) (i32.const MASK32))))
      (func (export "i32_eqz") (param $x i32) (param $a i32) (param $b i32) (result i32)
        (select (local.get $a) (local.get $b) (i32.eqz (i32.and (local.get $x) (i32.const MASK32)))))
      (func (export "i64_and") (param $x i64) (param $a i64) (param $b i64) (result i64)
        (select (local.get $a) (local.get $b) (i32.wrap_i64 (i64.and (local.get $x) (i64.const MASK64)))))
      (func (export "i64_eqz") (param $x i64) (param $a i64) (param $b i64) (result i64)
        (select (local.get $a) (local.get $b) (i64.eqz (i64.and (local.get $x) (i64.const MASK64)))))
      (func (export "f64_eqz") (param $x i64) (param $a f64) (param $b f64) (result f64)
        (select (local.get $a) (local.get $b) (i64.eqz (i64.and (local.get $x) (i64.const MASK64)))))
    )
    """

    static func selectModule(mask32: UInt32, mask64: UInt64) -> String {
        selectWat.replacingOccurrences(of: "MASK32", with: String(Int32(bitPattern: mask32)))
            .replacingOccurrences(of: "MASK64", with: String(Int64(bitPattern: mask64)))
    }

    @Test(arguments: [(UInt32(1), UInt64(1)), (0, 0), (0x8000_0000, 0x8000_0000), (0xFFFF_FFFF, 0xFFFF_FFFF),
                      (6, 1 << 40), (0x00F0, 0xFFFF_FFFF_FFFF_FFFF)])
    func selectOnABitTestPicksLikeSwift(mask32: UInt32, mask64: UInt64) throws {
        let (_, inst) = try instantiate(LoopFusionTests.selectModule(mask32: mask32, mask64: mask64))
        let inputs32: [UInt32] = [0, 1, 2, 3, 0x10, 0x8000_0000, 0xFFFF_FFFF, 0x1234_5678]
        let inputs64: [UInt64] = [0, 1, 2, 0x8000_0000, 1 << 40, 0xFFFF_FFFF_FFFF_FFFF, 0x1234_5678_9ABC_DEF0]
        for x in inputs32 {
            let set = x & mask32 != 0
            let args: [Value] = [.i32(Int32(bitPattern: x)), .i32(11), .i32(-22)]
            #expect(try call(inst, "i32_and", args) == [.i32(set ? 11 : -22)], "i32 \(x) & \(mask32)")
            #expect(try call(inst, "i32_eqz", args) == [.i32(set ? -22 : 11)], "i32 eqz \(x) & \(mask32)")
        }
        for x in inputs64 {
            let masked = x & mask64
            let args: [Value] = [.i64(Int64(bitPattern: x)), .i64(1 << 50), .i64(-3)]
            // `i32.wrap_i64` keeps the low 32 bits of the masked value.
            #expect(try call(inst, "i64_and", args) == [.i64(UInt32(truncatingIfNeeded: masked) != 0 ? 1 << 50 : -3)],
                    "i64 \(x) & \(mask64)")
            #expect(try call(inst, "i64_eqz", args) == [.i64(masked != 0 ? -3 : 1 << 50)], "i64 eqz \(x) & \(mask64)")
            #expect(try call(inst, "f64_eqz", [.i64(Int64(bitPattern: x)), .float64(0.5), .float64(-2)])
                    == [.float64(masked != 0 ? -2 : 0.5)], "f64 eqz \(x) & \(mask64)")
        }
    }

    @Test func bitTestSelectIsFusedWhenTheMaskFits32Bits() throws {
        let fits = LoopFusionTests.selectModule(mask32: 0xFFFF_FFFF, mask64: 0xFFFF_FFFF)
        for f in [0, 1, 3, 4] {
            let ops = try LoopFusionTests.loweredOps(fits, function: f)
            #expect(ops.contains(where: LoopFusionTests.isSelectAndImm), "function \(f)")
            #expect(!ops.contains { if case .select = $0 { return true } else { return false } }, "function \(f)")
        }
        // `i32.wrap_i64` stands between the `and` and the `select`: not fused.
        #expect(!(try LoopFusionTests.loweredOps(fits, function: 2)).contains(where: LoopFusionTests.isSelectAndImm))
        // An i64 mask of 2^32 and more is not an immediate of the fused op.
        let wide = LoopFusionTests.selectModule(mask32: 1, mask64: 1 << 32)
        #expect(!(try LoopFusionTests.loweredOps(wide, function: 3)).contains(where: LoopFusionTests.isSelectAndImm))
    }

    static let addSubWat = """
    (module
      (func (export "f32_right") (param f32 f32 f32) (result f32)
        (f32.add (local.get 0) (f32.sub (local.get 1) (local.get 2))))
      (func (export "f32_left") (param f32 f32 f32) (result f32)
        (f32.add (f32.sub (local.get 1) (local.get 2)) (local.get 0)))
      (func (export "f64_right") (param f64 f64 f64) (result f64)
        (f64.add (local.get 0) (f64.sub (local.get 1) (local.get 2))))
      (func (export "f64_left") (param f64 f64 f64) (result f64)
        (f64.add (f64.sub (local.get 1) (local.get 2)) (local.get 0)))
      (func (export "f32_chain") (param f32 f32) (result f32)
        (f32.add (f32.mul (local.get 0) (local.get 1)) (f32.sub (local.get 0) (local.get 1))))
    )
    """

    /// `got` is the one float `want`, bit for bit, or both are NaNs (whose payload wasm leaves open).
    static func sameFloat(_ got: [Value], _ want: Value) -> Bool {
        switch (got.count == 1 ? got[0] : nil, want) {
        case (.f32(let a)?, .f32(let b)): return a == b || (Float(bitPattern: a).isNaN && Float(bitPattern: b).isNaN)
        case (.f64(let a)?, .f64(let b)): return a == b || (Double(bitPattern: a).isNaN && Double(bitPattern: b).isNaN)
        default: return false
        }
    }

    @Test func floatAddOfADifferenceRoundsTwice() throws {
        let (_, inst) = try instantiate(LoopFusionTests.addSubWat)
        // 1e8 + (1 - 1e8) is 1 exactly, but rounding after the subtraction (f32: 1 - 1e8 rounds
        // to -1e8) gives 0: a fused op that did not round in between would differ.
        let values: [Double] = [0, -0.0, 1, -1.5, 1e8, 3.25e-3, .infinity, -.infinity, .nan, 0.1, 16_777_217]
        for a in values {
            for b in values {
                for c in values {
                    let (fa, fb, fc) = (Float(a), Float(b), Float(c))
                    let args32: [Value] = [.float32(fa), .float32(fb), .float32(fc)]
                    let args64: [Value] = [.float64(a), .float64(b), .float64(c)]
                    for name in ["f32_right", "f32_left"] {
                        #expect(LoopFusionTests.sameFloat(try call(inst, name, args32), .float32(fa + (fb - fc))), "\(name) \(a) \(b) \(c)")
                    }
                    for name in ["f64_right", "f64_left"] {
                        #expect(LoopFusionTests.sameFloat(try call(inst, name, args64), .float64(a + (b - c))), "\(name) \(a) \(b) \(c)")
                    }
                }
            }
        }
        #expect(try call(inst, "f32_right", [.float32(1e8), .float32(1), .float32(1e8)]) == [.float32(0)])
        #expect(try call(inst, "f32_chain", [.float32(3), .float32(0.5)]) == [.float32(1.5 + 2.5)])
    }

    @Test func floatAddOfADifferenceIsFused() throws {
        for f in 0..<4 {
            let ops = try LoopFusionTests.loweredOps(LoopFusionTests.addSubWat, function: f)
            #expect(ops.contains {
                switch $0 {
                case .f32AddSub, .f64AddSub, .f32SubAdd, .f64SubAdd: return true
                default: return false
                }
            }, "function \(f)")
            #expect(!ops.contains {
                switch $0 {
                case .f32Sub, .f64Sub, .f32Add, .f64Add: return true
                default: return false
                }
            }, "function \(f)")
        }
    }

    @Test func collatzStepsMatchSwift() throws {
        // The loop of Benchmarks/programs/loops.c: the select's first arm is produced right
        // before it (read from the accumulator), the loop test reads the select's result.
        let (_, inst) = try instantiate("""
        (module (func (export "steps") (param $n i64) (result i32) (local $c i32)
          (block $done
            (br_if $done (i64.eq (local.get $n) (i64.const 1)))
            (loop $l
              (local.set $c (i32.add (local.get $c) (i32.const 1)))
              (br_if $l (i64.ne (i64.const 1)
                (local.tee $n (select (i64.shr_u (local.get $n) (i64.const 1))
                                      (i64.add (i64.mul (local.get $n) (i64.const 3)) (i64.const 1))
                                      (i64.eqz (i64.and (local.get $n) (i64.const 1)))))))))
          (local.get $c)))
        """)
        for n: UInt64 in [1, 2, 3, 6, 7, 27, 97, 871, 77_031, 837_799] {
            var x = n, steps: Int32 = 0
            while x != 1 { x = x & 1 == 0 ? x >> 1 : 3 &* x &+ 1; steps += 1 }
            #expect(try call(inst, "steps", [.i64(Int64(n))]) == [.i32(steps)], "n = \(n)")
        }
    }
}
