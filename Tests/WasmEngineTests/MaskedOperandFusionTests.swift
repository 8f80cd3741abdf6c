import Testing
import WasmEngine

/// `a ^ (b & k)` and `a + (b & k)` (i32, constant `k`), which the interpreter runs as one op: the
/// masked value on either side, masks of no bit, one bit, the sign bit, a byte and every bit,
/// additions that wrap, the same local on both sides, and the masked value kept in a local
/// (`local.tee`, so not fused). Expected values come from Swift's integer arithmetic, on every
/// backend.
@Suite struct MaskedOperandFusionTests {
    static let masks: [UInt32] = [0, 1, 0xff, 0x8000_0000, 0xffff_ffff, 0x00f0_0f00]
    static let inputs: [(UInt32, UInt32)] = [(0, 0), (1, 1), (0xffff_ffff, 0xffff_ffff), (0x8000_0000, 0x8000_0001),
                                            (0x1234_5678, 0x9abc_def0), (7, 0xffff_fff9)]

    static func module() -> String {
        var funcs = ""
        for k in masks {
            let c = Int32(bitPattern: k)
            for op in ["xor", "add"] {
                funcs += """
                  (func (export "\(op)_right_\(k)") (param i32 i32) (result i32)
                    (i32.\(op) (local.get 0) (i32.and (local.get 1) (i32.const \(c)))))
                  (func (export "\(op)_left_\(k)") (param i32 i32) (result i32)
                    (i32.\(op) (i32.and (local.get 1) (i32.const \(c))) (local.get 0)))
                  (func (export "\(op)_same_\(k)") (param i32 i32) (result i32)
                    (i32.\(op) (local.get 0) (i32.and (local.get 0) (i32.const \(c)))))

                """
            }
        }
        return """
        (module
        \(funcs)
          ;; The masked value is also stored in local 2 and added again.
          (func (export "tee") (param i32 i32) (result i32) (local i32)
            (i32.add (i32.xor (local.get 0) (local.tee 2 (i32.and (local.get 1) (i32.const 255)))) (local.get 2)))
          ;; A checksum loop: sum += byte of x, x ^= sum, n times.
          (func (export "checksum") (param i32 i32) (result i32) (local i32)
            (loop $l
              (local.set 2 (i32.add (local.get 2) (i32.and (local.get 0) (i32.const 255))))
              (local.set 0 (i32.xor (i32.and (local.get 2) (i32.const 0xffff)) (i32.shr_u (local.get 0) (i32.const 3))))
              (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
            (i32.xor (local.get 0) (local.get 2)))
        )
        """
    }

    @Test(arguments: testedBackends) func maskedOperandsMatchSwift(_ strategy: Strategy) throws {
        let (_, inst) = try instantiate(MaskedOperandFusionTests.module(), engine: engine(strategy))
        for (a, b) in MaskedOperandFusionTests.inputs {
            let args: [Value] = [.i32(Int32(bitPattern: a)), .i32(Int32(bitPattern: b))]
            for k in MaskedOperandFusionTests.masks {
                let xor = Int32(bitPattern: a ^ (b & k)), add = Int32(bitPattern: a &+ (b & k))
                #expect(try call(inst, "xor_right_\(k)", args) == [.i32(xor)], "\(a) ^ (\(b) & \(k))")
                #expect(try call(inst, "xor_left_\(k)", args) == [.i32(xor)], "(\(b) & \(k)) ^ \(a)")
                #expect(try call(inst, "add_right_\(k)", args) == [.i32(add)], "\(a) + (\(b) & \(k))")
                #expect(try call(inst, "add_left_\(k)", args) == [.i32(add)], "(\(b) & \(k)) + \(a)")
                #expect(try call(inst, "xor_same_\(k)", args) == [.i32(Int32(bitPattern: a ^ (a & k)))])
                #expect(try call(inst, "add_same_\(k)", args) == [.i32(Int32(bitPattern: a &+ (a & k)))])
            }
            let masked = b & 255
            #expect(try call(inst, "tee", args) == [.i32(Int32(bitPattern: (a ^ masked) &+ masked))])
        }
        var x: UInt32 = 0xdead_beef, sum: UInt32 = 0
        for _ in 0..<10 {
            sum = sum &+ (x & 255)
            x = (sum & 0xffff) ^ (x >> 3)
        }
        #expect(try call(inst, "checksum", [.i32(Int32(bitPattern: 0xdead_beef)), .i32(10)]) == [.i32(Int32(bitPattern: x ^ sum))])
    }
}
