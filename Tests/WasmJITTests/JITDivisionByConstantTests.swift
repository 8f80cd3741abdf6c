import Testing
import WasmEngine

/// `i32.div_u` / `i32.rem_u` by constants (multiplication by a reciprocal instead of `div`),
/// checked against Swift's `/` and `%` on edge and pseudo-random dividends.
@Suite struct JITDivisionByConstantTests {
    static let divisors: [UInt32] = [1, 2, 3, 5, 7, 10, 12, 641, 1 << 16, 1_000_000_007, 0x7FFF_FFFF, 0x8000_0000,
                                     0x8000_0001, 0xFFFF_FFFE, 0xFFFF_FFFF]

    static var wat: String {
        var funcs = ""
        for (k, d) in divisors.enumerated() {
            let c = Int32(bitPattern: d)
            funcs += "(func (export \"div\(k)\") (param i32) (result i32) (i32.div_u (local.get 0) (i32.const \(c))))\n"
            funcs += "(func (export \"rem\(k)\") (param i32) (result i32) (i32.rem_u (local.get 0) (i32.const \(c))))\n"
        }
        return "(module\n\(funcs))"
    }

    static func dividends(_ d: UInt32) -> [UInt32] {
        var xs: [UInt32] = [0, 1, 2, d &- 1, d, d &+ 1, d &* 2 &- 1, d &* 2, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE, 0xFFFF_FFFF]
        var s: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(d)
        for _ in 0..<40 {
            s = s &* 6364136223846793005 &+ 1442695040888963407
            xs.append(UInt32(truncatingIfNeeded: s >> 32))
        }
        return xs
    }

    @Test func quotientsAndRemaindersMatchSwift() throws {
        let (_, inst) = try jitInstance(Self.wat)
        for (k, d) in Self.divisors.enumerated() {
            for x in Self.dividends(d) {
                let arg = Value.i32(Int32(bitPattern: x))
                #expect(try invoke(inst, "div\(k)", [arg]) == [.i32(Int32(bitPattern: x / d))], "\(x) / \(d)")
                #expect(try invoke(inst, "rem\(k)", [arg]) == [.i32(Int32(bitPattern: x % d))], "\(x) % \(d)")
            }
        }
    }

    @Test func divisionByConstantZeroStillTraps() throws {
        let (_, inst) = try jitInstance("""
        (module
          (func (export "div") (param i32) (result i32) (i32.div_u (local.get 0) (i32.const 0)))
          (func (export "rem") (param i32) (result i32) (i32.rem_u (local.get 0) (i32.const 0))))
        """)
        #expect(trapOf { try invoke(inst, "div", [.i32(5)]) }?.kind == .integerDivideByZero)
        #expect(trapOf { try invoke(inst, "rem", [.i32(5)]) }?.kind == .integerDivideByZero)
    }
}
