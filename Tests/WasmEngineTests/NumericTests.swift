import Testing
import WasmEngine

/// Numeric semantics on each backend. Expected values are derived by hand from the spec's
/// definitions (bit patterns of IEEE values, two's complement), never produced by an engine.
@Suite struct NumericTests {
    static let wat = """
    (module
      (func (export "i32.div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
      (func (export "i32.rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
      (func (export "i32.div_u") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
      (func (export "i64.div_s") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
      (func (export "i32.shl") (param i32 i32) (result i32) (i32.shl (local.get 0) (local.get 1)))
      (func (export "i32.shr_s") (param i32 i32) (result i32) (i32.shr_s (local.get 0) (local.get 1)))
      (func (export "i32.shr_s_const") (param i32) (result i32) (i32.shr_s (local.get 0) (i32.const 33)))
      (func (export "i32.rotl") (param i32 i32) (result i32) (i32.rotl (local.get 0) (local.get 1)))
      (func (export "i32.rotr") (param i32 i32) (result i32) (i32.rotr (local.get 0) (local.get 1)))
      (func (export "i64.rotr") (param i64 i64) (result i64) (i64.rotr (local.get 0) (local.get 1)))
      (func (export "i32.clz") (param i32) (result i32) (i32.clz (local.get 0)))
      (func (export "i64.ctz") (param i64) (result i64) (i64.ctz (local.get 0)))
      (func (export "i64.popcnt") (param i64) (result i64) (i64.popcnt (local.get 0)))
      (func (export "i32.lt_u") (param i32 i32) (result i32) (i32.lt_u (local.get 0) (local.get 1)))
      (func (export "i64.gt_s") (param i64 i64) (result i32) (i64.gt_s (local.get 0) (local.get 1)))
      (func (export "i64.extend_i32_s") (param i32) (result i64) (i64.extend_i32_s (local.get 0)))
      (func (export "i64.extend_i32_u") (param i32) (result i64) (i64.extend_i32_u (local.get 0)))
      (func (export "i32.extend8_s") (param i32) (result i32) (i32.extend8_s (local.get 0)))
      (func (export "i32.wrap") (param i64) (result i32) (i32.wrap_i64 (local.get 0)))
      (func (export "f32.min") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))
      (func (export "f32.max") (param f32 f32) (result f32) (f32.max (local.get 0) (local.get 1)))
      (func (export "f64.min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
      (func (export "f64.max") (param f64 f64) (result f64) (f64.max (local.get 0) (local.get 1)))
      (func (export "f32.nearest") (param f32) (result f32) (f32.nearest (local.get 0)))
      (func (export "f64.nearest") (param f64) (result f64) (f64.nearest (local.get 0)))
      (func (export "f64.floor") (param f64) (result f64) (f64.floor (local.get 0)))
      (func (export "f64.ceil") (param f64) (result f64) (f64.ceil (local.get 0)))
      (func (export "f32.trunc") (param f32) (result f32) (f32.trunc (local.get 0)))
      (func (export "f32.copysign") (param f32 f32) (result f32) (f32.copysign (local.get 0) (local.get 1)))
      (func (export "f64.copysign") (param f64 f64) (result f64) (f64.copysign (local.get 0) (local.get 1)))
      (func (export "f32.neg") (param f32) (result f32) (f32.neg (local.get 0)))
      (func (export "f64.abs") (param f64) (result f64) (f64.abs (local.get 0)))
      (func (export "f32.eq") (param f32 f32) (result i32) (f32.eq (local.get 0) (local.get 1)))
      (func (export "f32.ne") (param f32 f32) (result i32) (f32.ne (local.get 0) (local.get 1)))
      (func (export "f64.lt") (param f64 f64) (result i32) (f64.lt (local.get 0) (local.get 1)))
      (func (export "f64.ge") (param f64 f64) (result i32) (f64.ge (local.get 0) (local.get 1)))
      (func (export "f64.add") (param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1)))
      (func (export "f32.sqrt") (param f32) (result f32) (f32.sqrt (local.get 0)))
      (func (export "f32.convert_i64_u") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))
      (func (export "f64.convert_i64_u") (param i64) (result f64) (f64.convert_i64_u (local.get 0)))
      (func (export "f32.demote_f64") (param f64) (result f32) (f32.demote_f64 (local.get 0)))
      (func (export "f64.promote") (param f32) (result f64) (f64.promote_f32 (local.get 0)))
      (func (export "i32.trunc_f32_s") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
      (func (export "i32.trunc_f64_s") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
      (func (export "i32.trunc_f64_u") (param f64) (result i32) (i32.trunc_f64_u (local.get 0)))
      (func (export "i64.trunc_f64_s") (param f64) (result i64) (i64.trunc_f64_s (local.get 0)))
      (func (export "i64.trunc_f64_u") (param f64) (result i64) (i64.trunc_f64_u (local.get 0)))
      (func (export "i32.trunc_sat_f32_s") (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0)))
      (func (export "i64.trunc_sat_f64_u") (param f64) (result i64) (i64.trunc_sat_f64_u (local.get 0)))
      (func (export "i32.reinterpret_f32") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0)))
      (func (export "consts") (result i32 i64 f32 f64)
        (i32.const -1) (i64.const 0x8000000000000000) (f32.const -0x1p-149) (f64.const nan:0x4)))
    """

    /// Calls export `name` of the numeric module on `backend`; the first result.
    private func c(_ backend: Strategy, _ name: String, _ args: Value...) throws -> Value {
        try results(backend, name, args)[0]
    }

    private func results(_ backend: Strategy, _ name: String, _ args: [Value] = []) throws -> [Value] {
        var config = Config()
        config.strategy = backend
        let (_, inst) = try instantiate(Self.wat, engine: try Engine(config))
        return try call(inst, name, args)
    }

    private func isNaN(_ v: Value) -> Bool {
        switch v {
        case .f32(let b): return Float(bitPattern: b).isNaN
        case .f64(let b): return Double(bitPattern: b).isNaN
        default: return false
        }
    }

    @Test(arguments: testedBackends) func integerDivisionAndRemainder(_ b: Strategy) throws {
        #expect(try c(b, "i32.div_s", .i32(-7), .i32(2)) == .i32(-3))  // truncates toward zero
        #expect(try c(b, "i32.rem_s", .i32(-7), .i32(2)) == .i32(-1))  // sign of the dividend
        #expect(try c(b, "i32.rem_s", .i32(Int32.min), .i32(-1)) == .i32(0))
        #expect(try c(b, "i32.div_u", .i32(-1), .i32(2)) == .i32(0x7FFF_FFFF))
        #expect(try c(b, "i64.div_s", .i64(-7), .i64(2)) == .i64(-3))
        #expect(trapKind { try c(b, "i32.div_s", .i32(Int32.min), .i32(-1)) } == .integerOverflow)
        #expect(trapKind { try c(b, "i32.div_u", .i32(1), .i32(0)) } == .integerDivideByZero)
        #expect(trapKind { try c(b, "i64.div_s", .i64(Int64.min), .i64(-1)) } == .integerOverflow)
        #expect(trapKind { try c(b, "i64.div_s", .i64(5), .i64(0)) } == .integerDivideByZero)
    }

    @Test(arguments: testedBackends) func shiftsRotatesAndBitCounts(_ b: Strategy) throws {
        #expect(try c(b, "i32.shl", .i32(1), .i32(33)) == .i32(2))  // count taken modulo 32
        #expect(try c(b, "i32.shr_s", .i32(-8), .i32(1)) == .i32(-4))
        #expect(try c(b, "i32.shr_s_const", .i32(-8)) == .i32(-4))  // constant count 33 = 1
        #expect(try c(b, "i32.rotl", .i32(Int32(bitPattern: 0x8000_0001)), .i32(1)) == .i32(3))
        #expect(try c(b, "i32.rotr", .i32(1), .i32(1)) == .i32(Int32.min))
        #expect(try c(b, "i64.rotr", .i64(1), .i64(1)) == .i64(Int64.min))
        #expect(try c(b, "i32.clz", .i32(0)) == .i32(32))
        #expect(try c(b, "i32.clz", .i32(1)) == .i32(31))
        #expect(try c(b, "i64.ctz", .i64(0)) == .i64(64))
        #expect(try c(b, "i64.popcnt", .i64(-1)) == .i64(64))
        #expect(try c(b, "i32.lt_u", .i32(-1), .i32(1)) == .i32(0))
        #expect(try c(b, "i64.gt_s", .i64(-1), .i64(1)) == .i32(0))
    }

    @Test(arguments: testedBackends) func widthConversions(_ b: Strategy) throws {
        #expect(try c(b, "i64.extend_i32_s", .i32(-1)) == .i64(-1))
        #expect(try c(b, "i64.extend_i32_u", .i32(-1)) == .i64(0xFFFF_FFFF))
        #expect(try c(b, "i64.extend_i32_u", .i32(-2)) == .i64(0xFFFF_FFFE))
        #expect(try c(b, "i32.extend8_s", .i32(0x80)) == .i32(-128))
        #expect(try c(b, "i32.wrap", .i64(0x1_2345_6789)) == .i32(0x2345_6789))
        #expect(try results(b, "consts") == [.i32(-1), .i64(Int64.min), .f32(0x8000_0001), .f64(0x7FF0_0000_0000_0004)])
    }

    @Test(arguments: testedBackends) func floatMinMaxSignedZeroAndNaN(_ b: Strategy) throws {
        #expect(try c(b, "f32.min", .f32(0x8000_0000), .f32(0)) == .f32(0x8000_0000))  // min(-0, +0) = -0
        #expect(try c(b, "f32.min", .f32(0), .f32(0x8000_0000)) == .f32(0x8000_0000))
        #expect(try c(b, "f32.max", .f32(0x8000_0000), .f32(0)) == .f32(0))  // max(-0, +0) = +0
        #expect(try c(b, "f64.max", .float64(0), .float64(-0.0)) == .float64(0))
        #expect(try c(b, "f64.min", .float64(-0.0), .float64(0)) == .f64(0x8000_0000_0000_0000))
        #expect(try c(b, "f32.max", .float32(2), .float32(3)) == .float32(3))
        #expect(try c(b, "f64.min", .float64(-.infinity), .float64(3)) == .float64(-.infinity))
        #expect(isNaN(try c(b, "f32.min", .f32(0x7FC0_0000), .float32(1))))
        #expect(isNaN(try c(b, "f32.max", .float32(1), .f32(0x7FC0_0000))))
        #expect(isNaN(try c(b, "f64.min", .float64(-1), .f64(0x7FF8_0000_0000_0000))))
    }

    @Test(arguments: testedBackends) func roundingTiesToEven(_ b: Strategy) throws {
        #expect(try c(b, "f32.nearest", .float32(2.5)) == .float32(2))
        #expect(try c(b, "f32.nearest", .float32(3.5)) == .float32(4))
        #expect(try c(b, "f32.nearest", .float32(-0.5)) == .f32(0x8000_0000))  // -0
        #expect(try c(b, "f64.nearest", .float64(-1.5)) == .float64(-2))
        #expect(try c(b, "f64.nearest", .float64(-2.5)) == .float64(-2))
        #expect(try c(b, "f64.floor", .float64(-0.5)) == .float64(-1))
        #expect(try c(b, "f64.ceil", .float64(-0.5)) == .f64(0x8000_0000_0000_0000))  // -0
        #expect(try c(b, "f32.trunc", .float32(-1.9)) == .float32(-1))
        #expect(isNaN(try c(b, "f64.floor", .f64(0x7FF8_0000_0000_0000))))
    }

    @Test(arguments: testedBackends) func signOperationsKeepNaNPayloads(_ b: Strategy) throws {
        // copysign/neg/abs are bit operations: the payload survives.
        #expect(try c(b, "f32.copysign", .f32(0x7FC0_0001), .float32(-1)) == .f32(0xFFC0_0001))
        #expect(try c(b, "f32.copysign", .float32(3), .f32(0x8000_0000)) == .float32(-3))
        #expect(try c(b, "f64.copysign", .float64(-2), .float64(1)) == .float64(2))
        #expect(try c(b, "f32.neg", .f32(0x7FA0_0001)) == .f32(0xFFA0_0001))
        #expect(try c(b, "f64.abs", .f64(0xFFF0_0000_0000_0001)) == .f64(0x7FF0_0000_0000_0001))
        #expect(try c(b, "i32.reinterpret_f32", .f32(0xFF80_0000)) == .i32(Int32(bitPattern: 0xFF80_0000)))
    }

    @Test(arguments: testedBackends) func comparisonsWithNaN(_ b: Strategy) throws {
        let nan32 = Value.f32(0x7FC0_0000), nan64 = Value.f64(0x7FF8_0000_0000_0000)
        #expect(try c(b, "f32.eq", nan32, nan32) == .i32(0))
        #expect(try c(b, "f32.ne", nan32, nan32) == .i32(1))
        #expect(try c(b, "f32.eq", .f32(0), .f32(0x8000_0000)) == .i32(1))  // 0 == -0
        #expect(try c(b, "f32.ne", .float32(1), .float32(1)) == .i32(0))
        #expect(try c(b, "f64.lt", nan64, .float64(1)) == .i32(0))
        #expect(try c(b, "f64.ge", .float64(1), nan64) == .i32(0))
        #expect(try c(b, "f64.lt", .float64(-1), .float64(1)) == .i32(1))
        #expect(try c(b, "f64.ge", .float64(1), .float64(1)) == .i32(1))
    }

    @Test(arguments: testedBackends) func floatArithmetic(_ b: Strategy) throws {
        #expect(try c(b, "f64.add", .float64(0.1), .float64(0.2)) == .float64(0.1 + 0.2))
        #expect(try c(b, "f64.add", .f64(0x8000_0000_0000_0000), .f64(0x8000_0000_0000_0000)) == .f64(0x8000_0000_0000_0000))
        #expect(isNaN(try c(b, "f64.add", .float64(.infinity), .float64(-.infinity))))
        #expect(try c(b, "f32.sqrt", .float32(4)) == .float32(2))
        #expect(try c(b, "f32.sqrt", .f32(0x8000_0000)) == .f32(0x8000_0000))  // sqrt(-0) = -0
        #expect(isNaN(try c(b, "f32.sqrt", .float32(-1))))
    }

    @Test(arguments: testedBackends) func conversionsRoundCorrectly(_ b: Strategy) throws {
        // 2^64 - 1 rounds to 2^64 = 0x5F800000.
        #expect(try c(b, "f32.convert_i64_u", .i64(-1)) == .f32(0x5F80_0000))
        // 2^63 + 2^39 + 1: just above half an ulp (2^40) past 2^63, so it rounds up to 2^63 + 2^40
        // (rounding through f64 first would give the tie 2^63 + 2^39 and then 2^63).
        #expect(try c(b, "f32.convert_i64_u", .i64(Int64(bitPattern: 0x8000_0080_0000_0001))) == .f32(0x5F00_0001))
        #expect(try c(b, "f64.convert_i64_u", .i64(-1)) == .f64(0x43F0_0000_0000_0000))  // 2^64
        // 2^24 + 1 is a tie between 2^24 and 2^24 + 2 in f32: even mantissa wins.
        #expect(try c(b, "f32.demote_f64", .float64(16_777_217)) == .float32(16_777_216))
        #expect(try c(b, "f64.promote", .float32(1.5)) == .float64(1.5))
    }

    @Test(arguments: testedBackends) func truncationRangeChecks(_ b: Strategy) throws {
        #expect(try c(b, "i32.trunc_f32_s", .float32(-2_147_483_648)) == .i32(Int32.min))
        #expect(try c(b, "i32.trunc_f32_s", .float32(-1.9)) == .i32(-1))
        #expect(trapKind { try c(b, "i32.trunc_f32_s", .float32(2_147_483_648)) } == .integerOverflow)
        #expect(trapKind { try c(b, "i32.trunc_f32_s", .f32(0x7FC0_0000)) } == .invalidConversionToInteger)
        #expect(try c(b, "i32.trunc_f64_s", .float64(-2_147_483_648.9)) == .i32(Int32.min))
        #expect(trapKind { try c(b, "i32.trunc_f64_s", .float64(-2_147_483_649)) } == .integerOverflow)
        #expect(try c(b, "i32.trunc_f64_u", .float64(-0.9)) == .i32(0))
        #expect(try c(b, "i32.trunc_f64_u", .float64(4_294_967_295.9)) == .i32(-1))
        #expect(trapKind { try c(b, "i32.trunc_f64_u", .float64(4_294_967_296)) } == .integerOverflow)
        #expect(trapKind { try c(b, "i32.trunc_f64_u", .float64(-1)) } == .integerOverflow)
        #expect(trapKind { try c(b, "i64.trunc_f64_s", .float64(9_223_372_036_854_775_808)) } == .integerOverflow)
        #expect(try c(b, "i64.trunc_f64_s", .float64(-9_223_372_036_854_775_808)) == .i64(Int64.min))
        #expect(trapKind { try c(b, "i64.trunc_f64_u", .f64(0x7FF8_0000_0000_0000)) } == .invalidConversionToInteger)
        #expect(try c(b, "i32.trunc_sat_f32_s", .f32(0x7FC0_0000)) == .i32(0))
        #expect(try c(b, "i32.trunc_sat_f32_s", .float32(1e10)) == .i32(Int32.max))
        #expect(try c(b, "i32.trunc_sat_f32_s", .float32(-.infinity)) == .i32(Int32.min))
        #expect(try c(b, "i64.trunc_sat_f64_u", .float64(-5)) == .i64(0))
        #expect(try c(b, "i64.trunc_sat_f64_u", .float64(1e30)) == .i64(-1))
    }
}
