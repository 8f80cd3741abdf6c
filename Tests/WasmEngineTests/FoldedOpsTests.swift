import Testing
import WasmEngine

/// Cases aimed at the interpreter's fused ops: a constant added to a load's address (the add
/// wraps at 32 bits, the static offset does not), a multiplication followed by an add, and
/// the cases that must not fold (an operand that is a pending `local.get`). Expected values are
/// worked out by hand from the wasm semantics.
@Suite struct FoldedOpsTests {
    let inst: Instance

    init() throws {
        (_, inst) = try instantiate("""
        (module (memory 1)
          ;; bytes 0..15: words 0x03020100 0x07060504 0x0B0A0908 0x0F0E0D0C
          (data (i32.const 0) "\\00\\01\\02\\03\\04\\05\\06\\07\\08\\09\\0a\\0b\\0c\\0d\\0e\\0f")
          (func (export "load_add") (param i32) (result i32) (i32.load (i32.add (local.get 0) (i32.const 8))))
          (func (export "load_add_offset") (param i32) (result i32)
            (i32.load offset=4 (i32.add (local.get 0) (i32.const 8))))
          (func (export "load_big_offset") (param i32) (result i32)
            (i32.load offset=0xFFFFFFFF (i32.add (local.get 0) (i32.const 1))))
          (func (export "load64_add") (param i32) (result i64) (i64.load (i32.add (local.get 0) (i32.const 4))))
          (func (export "loadf64_sub") (param i32) (result f64) (f64.load (i32.sub (local.get 0) (i32.const 4))))
          (func (export "load_pending_local") (param i32 i32) (result i32)
            (drop (i32.add (local.get 0) (i32.const 4)))
            (i32.load (local.get 1)))
          (func (export "mul_add_imm") (param i32 i32) (result i32)
            (i32.add (i32.mul (local.get 0) (local.get 1)) (i32.const 12345)))
          (func (export "mul_sub_imm") (param i32 i32) (result i32)
            (i32.sub (i32.mul (local.get 0) (local.get 1)) (i32.const 1)))
          (func (export "i64_mul_add") (param i64) (result i64)
            (i64.add (i64.mul (local.get 0) (i64.const 3)) (i64.const 1)))
          (func (export "i64_mul_add_pending") (param i64 i64 i64 i64) (result i64)
            (drop (i64.mul (local.get 0) (local.get 1)))
            (i64.add (local.get 2) (local.get 3)))
          (func (export "f32_mul_add") (param f32 f32 f32) (result f32)
            (f32.add (f32.mul (local.get 0) (local.get 1)) (local.get 2)))
          (func (export "f64_mul_add") (param f64 f64 f64) (result f64)
            (f64.add (f64.mul (local.get 0) (local.get 1)) (local.get 2)))
          (func (export "f64_mul_add_self") (param f64) (result f64)
            (f64.add (f64.mul (local.get 0) (local.get 0)) (local.get 0))))
        """)
    }

    @Test func loadAddressPlusConstant() throws {
        #expect(try call(inst, "load_add", [.i32(0)]) == [.i32(0x0B0A_0908)])
        #expect(try call(inst, "load_add", [.i32(-4)]) == [.i32(0x0706_0504)])  // (-4 + 8) wraps to 4
        #expect(try call(inst, "load_add_offset", [.i32(-4)]) == [.i32(0x0B0A_0908)])  // 4, then offset 4
        #expect(trapKind { try call(inst, "load_add", [.i32(65536 - 8)]) } == .outOfBoundsMemoryAccess)
        #expect(trapKind { try call(inst, "load_add", [.i32(65536 - 11)]) } == .outOfBoundsMemoryAccess)
        #expect(try call(inst, "load_add", [.i32(65536 - 12)]) == [.i32(0)])
        // The static offset does not wrap: 1 + 0xFFFFFFFF is past the memory.
        #expect(trapKind { try call(inst, "load_big_offset", [.i32(0)]) } == .outOfBoundsMemoryAccess)
        #expect(try call(inst, "load64_add", [.i32(0)]) == [.i64(0x0B0A_0908_0706_0504)])
        #expect(try call(inst, "loadf64_sub", [.i32(4)]) == [.f64(0x0706_0504_0302_0100)])
        #expect(trapKind { try call(inst, "loadf64_sub", [.i32(0)]) } == .outOfBoundsMemoryAccess)  // 0 - 4 wraps high
        #expect(try call(inst, "load_pending_local", [.i32(0), .i32(8)]) == [.i32(0x0B0A_0908)])
    }

    @Test func multiplyThenAdd() throws {
        #expect(try call(inst, "mul_add_imm", [.i32(6), .i32(7)]) == [.i32(42 + 12345)])
        #expect(try call(inst, "mul_add_imm", [.i32(0x10000), .i32(0x10000)]) == [.i32(12345)])  // product wraps to 0
        #expect(try call(inst, "mul_sub_imm", [.i32(0), .i32(5)]) == [.i32(-1)])
        #expect(try call(inst, "i64_mul_add", [.i64(7)]) == [.i64(22)])
        #expect(try call(inst, "i64_mul_add", [.i64(Int64.max)]) == [.i64(Int64.max &* 3 &+ 1)])
        #expect(try call(inst, "i64_mul_add_pending", [.i64(2), .i64(3), .i64(10), .i64(20)]) == [.i64(30)])
        #expect(try call(inst, "f64_mul_add_self", [.float64(3)]) == [.float64(12)])
    }

    @Test func multiplyThenAddRoundsTwice() throws {
        // (1 + e)(1 - e) = 1 - e² rounds to 1, so adding -1 gives exactly 0; a fused
        // multiply-add would give -e² instead.
        let f32 = try call(inst, "f32_mul_add", [.float32(1 + 0x1p-13), .float32(1 - 0x1p-13), .float32(-1)])
        #expect(f32 == [.float32(0)])
        let f64 = try call(inst, "f64_mul_add", [.float64(1 + 0x1p-30), .float64(1 - 0x1p-30), .float64(-1)])
        #expect(f64 == [.float64(0)])
        #expect(try call(inst, "f64_mul_add", [.float64(1.5), .float64(2), .float64(0.25)]) == [.float64(3.25)])
    }
}
