import Testing
import WasmEngine

/// Division and remainder by constants (shifts, masks, reciprocal multiplication, or `div`
/// without checks), against the interpreter and Swift's own arithmetic; divisors 0 and -1 keep
/// their traps.
@Suite struct JITConstantDivisionTests {
    static let ops = ["div_u", "rem_u", "div_s", "rem_s"]

    /// A module with one function per operation and divisor: `"\(op)_\(index)"`.
    func module(_ t: String, _ divisors: [Int64]) -> String {
        var funcs: [String] = []
        for op in Self.ops {
            for (k, d) in divisors.enumerated() {
                funcs.append("(func (export \"\(op)_\(k)\") (param \(t)) (result \(t)) (\(t).\(op) (local.get 0) (\(t).const \(d))))")
            }
        }
        return "(module \(funcs.joined(separator: "\n")))"
    }

    func expected32(_ op: String, _ n: Int32, _ d: Int32) -> Int32? {
        let un = UInt32(bitPattern: n), ud = UInt32(bitPattern: d)
        switch op {
        case "div_u": return d == 0 ? nil : Int32(bitPattern: un / ud)
        case "rem_u": return d == 0 ? nil : Int32(bitPattern: un % ud)
        case "div_s": return d == 0 || (n == .min && d == -1) ? nil : n / d
        default: return d == 0 ? nil : (d == -1 ? 0 : n % d)
        }
    }

    @Test func i32ByConstants() throws {
        let divisors: [Int32] = [1, 2, 3, 5, 7, 8, 10, 641, 1000, 5000, 0x4000_0000, Int32.max, Int32.min, -1, -2, -7, -8, -5000, 0]
        let wat = module("i32", divisors.map(Int64.init))
        let engines = (try jitEngine(), try interpreterEngine())
        let jit = try Instance(Store(engines.0), module: Module(engines.0, wat: wat), imports: [])
        let reference = try Instance(Store(engines.1), module: Module(engines.1, wat: wat), imports: [])
        let dividends: [Int32] = [0, 1, 2, 6, 7, 9, 4999, 5000, 5001, 123_456_789, -1, -6, -7, -9, -5001, Int32.max, Int32.min, Int32.min + 1]
        for op in Self.ops {
            for (k, d) in divisors.enumerated() {
                for n in dividends {
                    let name = "\(op)_\(k)"
                    let got = try? invoke(jit, name, [.i32(n)])
                    let want = try? invoke(reference, name, [.i32(n)])
                    #expect(got == want, "\(op) \(n) by \(d)")
                    #expect(got == expected32(op, n, d).map { [.i32($0)] }, "\(op) \(n) by \(d)")
                }
            }
        }
    }

    @Test func i64ByConstants() throws {
        let divisors: [Int64] = [1, 2, 3, 7, 16, 1 << 40, 1 << 62, Int64.max, Int64.min, -1, -4, -7, 0x1_0000_0001, 0]
        let wat = module("i64", divisors)
        let engines = (try jitEngine(), try interpreterEngine())
        let jit = try Instance(Store(engines.0), module: Module(engines.0, wat: wat), imports: [])
        let reference = try Instance(Store(engines.1), module: Module(engines.1, wat: wat), imports: [])
        let dividends: [Int64] = [0, 1, 7, -1, -7, 1 << 41, -(1 << 41) - 3, Int64.max, Int64.min, Int64.min + 1, 0x1234_5678_9ABC_DEF0]
        for op in Self.ops {
            for (k, d) in divisors.enumerated() {
                for n in dividends {
                    let name = "\(op)_\(k)"
                    let got = try? invoke(jit, name, [.i64(n)])
                    let want = try? invoke(reference, name, [.i64(n)])
                    #expect(got == want, "\(op) \(n) by \(d)")
                }
            }
        }
        // Traps stay traps: by zero, and the overflowing signed division.
        #expect(trapOf { try invoke(jit, "div_s_13", [.i64(5)]) }?.kind == .integerDivideByZero)
        #expect(trapOf { try invoke(jit, "div_s_9", [.i64(Int64.min)]) }?.kind == .integerOverflow)
    }
}
