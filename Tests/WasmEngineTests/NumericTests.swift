import Testing
import WasmEngine

/// Expected values below are derived by hand from the spec's definitions (bit patterns of
/// IEEE values, two's complement), not produced by the engine.
@Suite struct NumericTests {
    let inst: Instance

    init() throws {
        (_, inst) = try instantiate("""
        (module
          (func (export "i32.div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
          (func (export "i32.rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
          (func (export "i32.div_u") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
          (func (export "i32.shl") (param i32 i32) (result i32) (i32.shl (local.get 0) (local.get 1)))
          (func (export "i32.shr_s") (param i32 i32) (result i32) (i32.shr_s (local.get 0) (local.get 1)))
          (func (export "i32.rotl") (param i32 i32) (result i32) (i32.rotl (local.get 0) (local.get 1)))
          (func (export "i32.rotr") (param i32 i32) (result i32) (i32.rotr (local.get 0) (local.get 1)))
          (func (export "i32.clz") (param i32) (result i32) (i32.clz (local.get 0)))
          (func (export "i64.ctz") (param i64) (result i64) (i64.ctz (local.get 0)))
          (func (export "i64.popcnt") (param i64) (result i64) (i64.popcnt (local.get 0)))
          (func (export "i64.div_s") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
          (func (export "i64.extend_i32_s") (param i32) (result i64) (i64.extend_i32_s (local.get 0)))
          (func (export "i64.extend_i32_u") (param i32) (result i64) (i64.extend_i32_u (local.get 0)))
          (func (export "i32.extend8_s") (param i32) (result i32) (i32.extend8_s (local.get 0)))
          (func (export "f32.min") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))
          (func (export "f32.max") (param f32 f32) (result f32) (f32.max (local.get 0) (local.get 1)))
          (func (export "f64.min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
          (func (export "f32.nearest") (param f32) (result f32) (f32.nearest (local.get 0)))
          (func (export "f64.nearest") (param f64) (result f64) (f64.nearest (local.get 0)))
          (func (export "f32.copysign") (param f32 f32) (result f32) (f32.copysign (local.get 0) (local.get 1)))
          (func (export "f32.neg") (param f32) (result f32) (f32.neg (local.get 0)))
          (func (export "f64.abs") (param f64) (result f64) (f64.abs (local.get 0)))
          (func (export "f32.convert_i64_u") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))
          (func (export "f64.convert_i64_u") (param i64) (result f64) (f64.convert_i64_u (local.get 0)))
          (func (export "f32.demote_f64") (param f64) (result f32) (f32.demote_f64 (local.get 0)))
          (func (export "i32.trunc_f32_s") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
          (func (export "i32.trunc_f64_s") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
          (func (export "i32.trunc_f64_u") (param f64) (result i32) (i32.trunc_f64_u (local.get 0)))
          (func (export "i64.trunc_f64_u") (param f64) (result i64) (i64.trunc_f64_u (local.get 0)))
          (func (export "i32.trunc_sat_f32_s") (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0)))
          (func (export "i64.trunc_sat_f64_u") (param f64) (result i64) (i64.trunc_sat_f64_u (local.get 0)))
          (func (export "i32.reinterpret_f32") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0)))
        )
        """)
    }

    func c(_ name: String, _ args: Value...) throws -> Value { try call(inst, name, args)[0] }

    @Test func integerDivisionAndRemainder() throws {
        #expect(try c("i32.div_s", .i32(-7), .i32(2)) == .i32(-3))  // truncates toward zero
        #expect(try c("i32.rem_s", .i32(-7), .i32(2)) == .i32(-1))  // sign of the dividend
        #expect(try c("i32.rem_s", .i32(Int32.min), .i32(-1)) == .i32(0))
        #expect(try c("i32.div_u", .i32(-1), .i32(2)) == .i32(0x7FFF_FFFF))
        #expect(trapKind { try c("i32.div_s", .i32(Int32.min), .i32(-1)) } == .integerOverflow)
        #expect(trapKind { try c("i32.div_u", .i32(1), .i32(0)) } == .integerDivideByZero)
        #expect(trapKind { try c("i64.div_s", .i64(Int64.min), .i64(-1)) } == .integerOverflow)
        #expect(trapKind { try c("i64.div_s", .i64(5), .i64(0)) } == .integerDivideByZero)
    }

    @Test func shiftsRotatesAndBitCounts() throws {
        #expect(try c("i32.shl", .i32(1), .i32(33)) == .i32(2))  // count taken modulo 32
        #expect(try c("i32.shr_s", .i32(-8), .i32(1)) == .i32(-4))
        #expect(try c("i32.rotl", .i32(Int32(bitPattern: 0x8000_0001)), .i32(1)) == .i32(3))
        #expect(try c("i32.rotr", .i32(1), .i32(1)) == .i32(Int32.min))
        #expect(try c("i32.clz", .i32(0)) == .i32(32))
        #expect(try c("i64.ctz", .i64(0)) == .i64(64))
        #expect(try c("i64.popcnt", .i64(-1)) == .i64(64))
        #expect(try c("i64.extend_i32_s", .i32(-1)) == .i64(-1))
        #expect(try c("i64.extend_i32_u", .i32(-1)) == .i64(0xFFFF_FFFF))
        #expect(try c("i32.extend8_s", .i32(0x80)) == .i32(-128))
    }

    @Test func floatMinMaxSignedZeroAndNaN() throws {
        #expect(try c("f32.min", .f32(0x8000_0000), .f32(0)) == .f32(0x8000_0000))  // min(-0, +0) = -0
        #expect(try c("f32.min", .f32(0), .f32(0x8000_0000)) == .f32(0x8000_0000))
        #expect(try c("f32.max", .f32(0x8000_0000), .f32(0)) == .f32(0))  // max(-0, +0) = +0
        guard case .f32(let nan) = try c("f32.min", .f32(0x7FC0_0000), .float32(1)) else { Issue.record("type"); return }
        #expect(Float(bitPattern: nan).isNaN)
        guard case .f64(let nan64) = try c("f64.min", .float64(-1), .f64(0x7FF8_0000_0000_0000)) else { Issue.record("type"); return }
        #expect(Double(bitPattern: nan64).isNaN)
    }

    @Test func nearestRoundsTiesToEven() throws {
        #expect(try c("f32.nearest", .float32(2.5)) == .float32(2))
        #expect(try c("f32.nearest", .float32(3.5)) == .float32(4))
        #expect(try c("f32.nearest", .float32(-0.5)) == .f32(0x8000_0000))  // -0
        #expect(try c("f64.nearest", .float64(-1.5)) == .float64(-2))
    }

    @Test func signOperationsKeepNaNPayloads() throws {
        // copysign/neg/abs are bit operations: the payload 0x000001 survives.
        #expect(try c("f32.copysign", .f32(0x7FC0_0001), .float32(-1)) == .f32(0xFFC0_0001))
        #expect(try c("f32.neg", .f32(0x7FA0_0001)) == .f32(0xFFA0_0001))
        #expect(try c("f64.abs", .f64(0xFFF0_0000_0000_0001)) == .f64(0x7FF0_0000_0000_0001))
        #expect(try c("i32.reinterpret_f32", .f32(0xFF80_0000)) == .i32(Int32(bitPattern: 0xFF80_0000)))
    }

    @Test func conversionsRoundCorrectly() throws {
        // 2^64 - 1 rounds to 2^64 = 0x5F800000.
        #expect(try c("f32.convert_i64_u", .i64(-1)) == .f32(0x5F80_0000))
        // 2^63 + 2^39 + 1: just above half an ulp (2^40) past 2^63, so it rounds up to 2^63 + 2^40
        // (rounding through f64 first would give the tie 2^63 + 2^39 and then 2^63).
        #expect(try c("f32.convert_i64_u", .i64(Int64(bitPattern: 0x8000_0080_0000_0001))) == .f32(0x5F00_0001))
        #expect(try c("f64.convert_i64_u", .i64(-1)) == .f64(0x43F0_0000_0000_0000))  // 2^64
        // 2^24 + 1 is a tie between 2^24 and 2^24 + 2 in f32: even mantissa wins.
        #expect(try c("f32.demote_f64", .float64(16_777_217)) == .float32(16_777_216))
    }

    @Test func truncationRangeChecks() throws {
        #expect(try c("i32.trunc_f32_s", .float32(-2_147_483_648)) == .i32(Int32.min))
        #expect(trapKind { try c("i32.trunc_f32_s", .float32(2_147_483_648)) } == .integerOverflow)
        #expect(try c("i32.trunc_f64_s", .float64(-2_147_483_648.9)) == .i32(Int32.min))
        #expect(trapKind { try c("i32.trunc_f64_s", .float64(-2_147_483_649)) } == .integerOverflow)
        #expect(try c("i32.trunc_f64_u", .float64(-0.9)) == .i32(0))
        #expect(try c("i32.trunc_f64_u", .float64(4_294_967_295.9)) == .i32(-1))
        #expect(trapKind { try c("i32.trunc_f64_u", .float64(4_294_967_296)) } == .integerOverflow)
        #expect(trapKind { try c("i64.trunc_f64_u", .f64(0x7FF8_0000_0000_0000)) } == .invalidConversionToInteger)
        #expect(try c("i32.trunc_sat_f32_s", .f32(0x7FC0_0000)) == .i32(0))
        #expect(try c("i32.trunc_sat_f32_s", .float32(1e10)) == .i32(Int32.max))
        #expect(try c("i32.trunc_sat_f32_s", .float32(-1e10)) == .i32(Int32.min))
        #expect(try c("i64.trunc_sat_f64_u", .float64(-5)) == .i64(0))
        #expect(try c("i64.trunc_sat_f64_u", .float64(1e30)) == .i64(-1))
    }
}
