import Testing
import WasmEngine

/// `rotl(a ^ b, k)` / `rotr(a ^ b, k)` (i32, constant `k`), which the interpreter runs as one op:
/// counts 0, inside the width, at and past it (taken modulo 32), both rotation directions, the xor
/// result also kept in a local (`local.tee`), and rotations of an xor that is not the last op.
/// Expected values come from Swift's integer arithmetic, on every backend.
@Suite struct XorRotateFusionTests {
    static let counts: [Int32] = [0, 1, 7, 13, 31, 32, 45, -1]
    static let inputs: [(Int32, Int32)] = [(0, 0), (1, 0), (-1, 0x1234_5678), (Int32.min, 1), (0x0f0f_0f0f, -0x0f0f_0f10),
                                          (Int32.max, Int32.min)]

    static func rotl(_ x: UInt32, _ k: Int32) -> UInt32 {
        let n = Int(UInt32(bitPattern: k) % 32)
        return n == 0 ? x : (x << n) | (x >> (32 - n))
    }

    static func module() -> String {
        var funcs = ""
        for k in counts {
            funcs += """
              (func (export "rotl_\(k)") (param i32 i32) (result i32)
                (i32.rotl (i32.xor (local.get 0) (local.get 1)) (i32.const \(k))))
              (func (export "rotr_\(k)") (param i32 i32) (result i32)
                (i32.rotr (i32.xor (local.get 0) (local.get 1)) (i32.const \(k))))

            """
        }
        return """
        (module
        \(funcs)
          ;; The xor is also stored in local 2: rotate it, then add the stored value.
          (func (export "tee") (param i32 i32) (result i32) (local i32)
            (i32.add (i32.rotl (local.tee 2 (i32.xor (local.get 0) (local.get 1))) (i32.const 9)) (local.get 2)))
          ;; The xor's result is written to a local and read back: the rotation reads the local.
          (func (export "via_local") (param i32 i32) (result i32) (local i32)
            (local.set 2 (i32.xor (local.get 0) (local.get 1)))
            (i32.rotl (local.get 2) (i32.const 5)))
          ;; Destination is the xor's own operand local (`a = rotl(a ^ b, 16)`, twice).
          (func (export "in_place") (param i32 i32) (result i32)
            (local.set 0 (i32.rotl (i32.xor (local.get 0) (local.get 1)) (i32.const 16)))
            (local.set 0 (i32.rotl (i32.xor (local.get 1) (local.get 0)) (i32.const 12)))
            (local.get 0))
        )
        """
    }

    @Test(arguments: testedBackends) func rotatedXorMatchesSwift(_ strategy: Strategy) throws {
        let (_, inst) = try instantiate(XorRotateFusionTests.module(), engine: engine(strategy))
        for (a, b) in XorRotateFusionTests.inputs {
            let x = UInt32(bitPattern: a ^ b)
            for k in XorRotateFusionTests.counts {
                let left = Int32(bitPattern: XorRotateFusionTests.rotl(x, k))
                let right = Int32(bitPattern: XorRotateFusionTests.rotl(x, 0 &- k))
                #expect(try call(inst, "rotl_\(k)", [.i32(a), .i32(b)]) == [.i32(left)], "rotl \(a) ^ \(b) by \(k)")
                #expect(try call(inst, "rotr_\(k)", [.i32(a), .i32(b)]) == [.i32(right)], "rotr \(a) ^ \(b) by \(k)")
            }
            let tee = Int32(bitPattern: XorRotateFusionTests.rotl(x, 9) &+ x)
            #expect(try call(inst, "tee", [.i32(a), .i32(b)]) == [.i32(tee)])
            #expect(try call(inst, "via_local", [.i32(a), .i32(b)]) == [.i32(Int32(bitPattern: XorRotateFusionTests.rotl(x, 5)))])
            let first = XorRotateFusionTests.rotl(x, 16)
            let second = XorRotateFusionTests.rotl(UInt32(bitPattern: b) ^ first, 12)
            #expect(try call(inst, "in_place", [.i32(a), .i32(b)]) == [.i32(Int32(bitPattern: second))])
        }
    }
}
