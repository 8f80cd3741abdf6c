import Testing
import WasmEngine

/// Numeric semantics on the JIT, with expected values from the spec (not from either backend).
@Suite struct JITNumericTests {
    static let wat = """
    (module
      (func (export "f32.min") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))
      (func (export "f32.max") (param f32 f32) (result f32) (f32.max (local.get 0) (local.get 1)))
      (func (export "f64.min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
      (func (export "f64.max") (param f64 f64) (result f64) (f64.max (local.get 0) (local.get 1)))
      (func (export "f32.nearest") (param f32) (result f32) (f32.nearest (local.get 0)))
      (func (export "f64.nearest") (param f64) (result f64) (f64.nearest (local.get 0)))
      (func (export "f64.floor") (param f64) (result f64) (f64.floor (local.get 0)))
      (func (export "f64.ceil") (param f64) (result f64) (f64.ceil (local.get 0)))
      (func (export "f32.trunc") (param f32) (result f32) (f32.trunc (local.get 0)))
      (func (export "f32.neg") (param f32) (result f32) (f32.neg (local.get 0)))
      (func (export "f64.abs") (param f64) (result f64) (f64.abs (local.get 0)))
      (func (export "f32.copysign") (param f32 f32) (result f32) (f32.copysign (local.get 0) (local.get 1)))
      (func (export "f64.copysign") (param f64 f64) (result f64) (f64.copysign (local.get 0) (local.get 1)))
      (func (export "f32.eq") (param f32 f32) (result i32) (f32.eq (local.get 0) (local.get 1)))
      (func (export "f32.ne") (param f32 f32) (result i32) (f32.ne (local.get 0) (local.get 1)))
      (func (export "f64.lt") (param f64 f64) (result i32) (f64.lt (local.get 0) (local.get 1)))
      (func (export "f64.ge") (param f64 f64) (result i32) (f64.ge (local.get 0) (local.get 1)))
      (func (export "f64.add") (param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1)))
      (func (export "f32.sqrt") (param f32) (result f32) (f32.sqrt (local.get 0)))
      (func (export "i32.trunc_f32_s") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
      (func (export "i32.trunc_f64_u") (param f64) (result i32) (i32.trunc_f64_u (local.get 0)))
      (func (export "i64.trunc_f64_s") (param f64) (result i64) (i64.trunc_f64_s (local.get 0)))
      (func (export "i32.trunc_sat_f32_s") (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0)))
      (func (export "i64.trunc_sat_f64_u") (param f64) (result i64) (i64.trunc_sat_f64_u (local.get 0)))
      (func (export "f32.convert_i64_u") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))
      (func (export "f64.promote") (param f32) (result f64) (f64.promote_f32 (local.get 0)))
      (func (export "i32.rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
      (func (export "i64.div_s") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
      (func (export "i32.div_u") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
      (func (export "i32.shl") (param i32 i32) (result i32) (i32.shl (local.get 0) (local.get 1)))
      (func (export "i64.rotr") (param i64 i64) (result i64) (i64.rotr (local.get 0) (local.get 1)))
      (func (export "i32.shr_s_const") (param i32) (result i32) (i32.shr_s (local.get 0) (i32.const 33)))
      (func (export "i32.clz") (param i32) (result i32) (i32.clz (local.get 0)))
      (func (export "i64.ctz") (param i64) (result i64) (i64.ctz (local.get 0)))
      (func (export "i64.popcnt") (param i64) (result i64) (i64.popcnt (local.get 0)))
      (func (export "i64.extend_i32_s") (param i32) (result i64) (i64.extend_i32_s (local.get 0)))
      (func (export "i64.extend_i32_u") (param i32) (result i64) (i64.extend_i32_u (local.get 0)))
      (func (export "i32.extend8_s") (param i32) (result i32) (i32.extend8_s (local.get 0)))
      (func (export "i32.wrap") (param i64) (result i32) (i32.wrap_i64 (local.get 0)))
      (func (export "i32.lt_u") (param i32 i32) (result i32) (i32.lt_u (local.get 0) (local.get 1)))
      (func (export "i64.gt_s") (param i64 i64) (result i32) (i64.gt_s (local.get 0) (local.get 1)))
      (func (export "consts") (result i32 i64 f32 f64)
        (i32.const -1) (i64.const 0x8000000000000000) (f32.const -0x1p-149) (f64.const nan:0x4)))
    """

    let inst: Instance
    init() throws { (_, inst) = try jitInstance(Self.wat) }

    func f32(_ name: String, _ args: Float...) throws -> UInt32? {
        guard case .f32(let b)? = try invoke(inst, name, args.map { .f32($0.bitPattern) }).first else { return nil }
        return b
    }

    func f64(_ name: String, _ args: Double...) throws -> UInt64? {
        guard case .f64(let b)? = try invoke(inst, name, args.map { .f64($0.bitPattern) }).first else { return nil }
        return b
    }

    func isNaN32(_ b: UInt32?) -> Bool { b.map { Float(bitPattern: $0).isNaN } ?? false }
    func isNaN64(_ b: UInt64?) -> Bool { b.map { Double(bitPattern: $0).isNaN } ?? false }

    @Test func minMaxSignedZeroAndNaN() throws {
        #expect(try f32("f32.min", 0.0, -0.0) == (-0.0 as Float).bitPattern)
        #expect(try f32("f32.min", -0.0, 0.0) == (-0.0 as Float).bitPattern)
        #expect(try f32("f32.max", -0.0, 0.0) == (0.0 as Float).bitPattern)
        #expect(try f64("f64.max", 0.0, -0.0) == (0.0 as Double).bitPattern)
        #expect(try f64("f64.min", -0.0, 0.0) == (-0.0 as Double).bitPattern)
        #expect(isNaN32(try f32("f32.min", .nan, 1)))
        #expect(isNaN32(try f32("f32.max", 1, .nan)))
        #expect(isNaN64(try f64("f64.min", 1, .nan)))
        #expect(try f64("f64.min", -.infinity, 3) == (-Double.infinity).bitPattern)
        #expect(try f32("f32.max", 2, 3) == (3 as Float).bitPattern)
    }

    @Test func roundingTiesToEvenAndSigns() throws {
        #expect(try f32("f32.nearest", 2.5) == (2 as Float).bitPattern)
        #expect(try f32("f32.nearest", 3.5) == (4 as Float).bitPattern)
        #expect(try f32("f32.nearest", -0.5) == (-0.0 as Float).bitPattern)
        #expect(try f64("f64.nearest", -2.5) == (-2 as Double).bitPattern)
        #expect(try f64("f64.floor", -0.5) == (-1 as Double).bitPattern)
        #expect(try f64("f64.ceil", -0.5) == (-0.0 as Double).bitPattern)
        #expect(try f32("f32.trunc", -1.9) == (-1 as Float).bitPattern)
        #expect(isNaN64(try f64("f64.floor", .nan)))
    }

    @Test func signBitOperationsKeepNaNPayloads() throws {
        let nan: UInt32 = 0x7FA0_0001
        #expect(try invoke(inst, "f32.neg", [.f32(nan)]) == [.f32(0xFFA0_0001)])
        #expect(try invoke(inst, "f64.abs", [.f64(0xFFF0_0000_0000_0001)]) == [.f64(0x7FF0_0000_0000_0001)])
        #expect(try f32("f32.copysign", 3, -0.0) == (-3 as Float).bitPattern)
        #expect(try invoke(inst, "f32.copysign", [.f32(nan), .f32(0x8000_0000)]) == [.f32(0xFFA0_0001)])
        #expect(try f64("f64.copysign", -2, 1) == (2 as Double).bitPattern)
    }

    @Test func comparisonsWithNaN() throws {
        let nan = Float.nan.bitPattern, one = Float(1).bitPattern
        #expect(try invoke(inst, "f32.eq", [.f32(nan), .f32(nan)]) == [.i32(0)])
        #expect(try invoke(inst, "f32.ne", [.f32(nan), .f32(nan)]) == [.i32(1)])
        #expect(try invoke(inst, "f32.eq", [.f32(0), .f32(0x8000_0000)]) == [.i32(1)])  // 0 == -0
        #expect(try invoke(inst, "f32.ne", [.f32(one), .f32(one)]) == [.i32(0)])
        #expect(try invoke(inst, "f64.lt", [.f64(Double.nan.bitPattern), .f64(Double(1).bitPattern)]) == [.i32(0)])
        #expect(try invoke(inst, "f64.ge", [.f64(Double(1).bitPattern), .f64(Double.nan.bitPattern)]) == [.i32(0)])
        #expect(try invoke(inst, "f64.lt", [.f64(Double(-1).bitPattern), .f64(Double(1).bitPattern)]) == [.i32(1)])
        #expect(try invoke(inst, "f64.ge", [.f64(Double(1).bitPattern), .f64(Double(1).bitPattern)]) == [.i32(1)])
    }

    @Test func arithmetic() throws {
        #expect(try f64("f64.add", 0.1, 0.2) == (0.1 + 0.2 as Double).bitPattern)
        #expect(try f64("f64.add", -0.0, -0.0) == (-0.0 as Double).bitPattern)
        #expect(isNaN64(try f64("f64.add", .infinity, -.infinity)))
        #expect(try f32("f32.sqrt", 4) == (2 as Float).bitPattern)
        #expect(try f32("f32.sqrt", -0.0) == (-0.0 as Float).bitPattern)
        #expect(isNaN32(try f32("f32.sqrt", -1)))
    }

    @Test func truncationBoundaries() throws {
        #expect(try invoke(inst, "i32.trunc_f32_s", [.f32(Float(-2147483648).bitPattern)]) == [.i32(Int32.min)])
        #expect(try invoke(inst, "i32.trunc_f32_s", [.f32(Float(-1.9).bitPattern)]) == [.i32(-1)])
        #expect(trapOf { try invoke(inst, "i32.trunc_f32_s", [.f32(Float(2147483648).bitPattern)]) }?.kind == .integerOverflow)
        #expect(trapOf { try invoke(inst, "i32.trunc_f32_s", [.f32(Float.nan.bitPattern)]) }?.kind == .invalidConversionToInteger)
        #expect(try invoke(inst, "i32.trunc_f64_u", [.f64(Double(4294967295.9).bitPattern)]) == [.i32(-1)])
        #expect(try invoke(inst, "i32.trunc_f64_u", [.f64(Double(-0.9).bitPattern)]) == [.i32(0)])
        #expect(trapOf { try invoke(inst, "i32.trunc_f64_u", [.f64(Double(4294967296).bitPattern)]) }?.kind == .integerOverflow)
        #expect(trapOf { try invoke(inst, "i32.trunc_f64_u", [.f64(Double(-1).bitPattern)]) }?.kind == .integerOverflow)
        #expect(trapOf { try invoke(inst, "i64.trunc_f64_s", [.f64(Double(9223372036854775808).bitPattern)]) }?.kind == .integerOverflow)
        #expect(try invoke(inst, "i64.trunc_f64_s", [.f64(Double(-9223372036854775808).bitPattern)]) == [.i64(Int64.min)])
        #expect(try invoke(inst, "i32.trunc_sat_f32_s", [.f32(Float.nan.bitPattern)]) == [.i32(0)])
        #expect(try invoke(inst, "i32.trunc_sat_f32_s", [.f32(Float.infinity.bitPattern)]) == [.i32(Int32.max)])
        #expect(try invoke(inst, "i32.trunc_sat_f32_s", [.f32((-Float.infinity).bitPattern)]) == [.i32(Int32.min)])
        #expect(try invoke(inst, "i64.trunc_sat_f64_u", [.f64(Double(-5).bitPattern)]) == [.i64(0)])
        #expect(try invoke(inst, "i64.trunc_sat_f64_u", [.f64(Double(1e30).bitPattern)]) == [.i64(-1)])
    }

    @Test func conversions() throws {
        #expect(try invoke(inst, "f32.convert_i64_u", [.i64(-1)]) == [.f32(Float(UInt64.max).bitPattern)])
        #expect(try invoke(inst, "f64.promote", [.f32(Float(1.5).bitPattern)]) == [.f64(Double(1.5).bitPattern)])
        #expect(try invoke(inst, "i64.extend_i32_s", [.i32(-2)]) == [.i64(-2)])
        #expect(try invoke(inst, "i64.extend_i32_u", [.i32(-2)]) == [.i64(0xFFFF_FFFE)])
        #expect(try invoke(inst, "i32.extend8_s", [.i32(0x80)]) == [.i32(-128)])
        #expect(try invoke(inst, "i32.wrap", [.i64(0x1_2345_6789)]) == [.i32(0x2345_6789)])
        #expect(try invoke(inst, "consts") == [.i32(-1), .i64(Int64.min), .f32(0x8000_0001), .f64(0x7FF0_0000_0000_0004)])
    }

    @Test func integerEdgeCases() throws {
        #expect(try invoke(inst, "i32.rem_s", [.i32(Int32.min), .i32(-1)]) == [.i32(0)])
        #expect(try invoke(inst, "i32.rem_s", [.i32(-7), .i32(2)]) == [.i32(-1)])
        #expect(trapOf { try invoke(inst, "i64.div_s", [.i64(Int64.min), .i64(-1)]) }?.kind == .integerOverflow)
        #expect(try invoke(inst, "i64.div_s", [.i64(-7), .i64(2)]) == [.i64(-3)])
        #expect(trapOf { try invoke(inst, "i32.div_u", [.i32(1), .i32(0)]) }?.kind == .integerDivideByZero)
        #expect(try invoke(inst, "i32.div_u", [.i32(-1), .i32(2)]) == [.i32(0x7FFF_FFFF)])
        #expect(try invoke(inst, "i32.shl", [.i32(1), .i32(33)]) == [.i32(2)])  // count mod 32
        #expect(try invoke(inst, "i64.rotr", [.i64(1), .i64(1)]) == [.i64(Int64.min)])
        #expect(try invoke(inst, "i32.shr_s_const", [.i32(-8)]) == [.i32(-4)])
        #expect(try invoke(inst, "i32.clz", [.i32(0)]) == [.i32(32)])
        #expect(try invoke(inst, "i32.clz", [.i32(1)]) == [.i32(31)])
        #expect(try invoke(inst, "i64.ctz", [.i64(0)]) == [.i64(64)])
        #expect(try invoke(inst, "i64.popcnt", [.i64(-1)]) == [.i64(64)])
        #expect(try invoke(inst, "i32.lt_u", [.i32(-1), .i32(1)]) == [.i32(0)])
        #expect(try invoke(inst, "i64.gt_s", [.i64(-1), .i64(1)]) == [.i32(0)])
    }
}
