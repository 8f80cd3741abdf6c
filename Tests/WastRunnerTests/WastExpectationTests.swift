import Testing
import WAT
import WasmEngine
import WastRunner

@Suite struct WastExpectationTests {
    /// The expectations of an `assert_return`.
    func expectations(_ results: String) throws -> [WASTExpectValue] {
        let parsed = try directive("(assert_return (invoke \"f\") \(results))")
        guard case .assertReturn(_, let expected) = parsed else {
            Issue.record("expected assert_return, got \(parsed)")
            return []
        }
        return expected
    }

    @Test func integersCompareExactly() throws {
        let e = try expectations("(i32.const -1) (i64.const 42)")
        #expect(try WastExpectations.matches(e, [.i32(-1), .i64(42)]))
        #expect(try !WastExpectations.matches(e, [.i32(-1), .i64(43)]))
        #expect(try !WastExpectations.matches(e, [.i32(-1)]))
        #expect(try !WastExpectations.matches(e, [.i64(-1), .i64(42)]))
    }

    @Test func nanPatterns() throws {
        let e = try expectations("(f32.const nan:canonical) (f64.const nan:arithmetic)")
        #expect(try WastExpectations.matches(e, [.f32(0xFFC0_0000), .f64(0x7FF8_0000_0000_0001)]))
        #expect(try !WastExpectations.matches(e, [.f32(0x7FC0_0001), .f64(0x7FF8_0000_0000_0001)]))
        #expect(try !WastExpectations.matches(e, [.f32(0x7FC0_0000), .f64(0x7FF0_0000_0000_0001)]))
        // A NaN pattern never matches a number.
        #expect(try !WastExpectations.matches(e, [.f32(0x3F80_0000), .f64(0x7FF8_0000_0000_0000)]))
    }

    @Test func plainFloatsCompareBitForBit() throws {
        let e = try expectations("(f32.const -0.0) (f64.const nan:0x4)")
        #expect(try WastExpectations.matches(e, [.f32(0x8000_0000), .f64(0x7FF0_0000_0000_0004)]))
        #expect(try !WastExpectations.matches(e, [.f32(0x0000_0000), .f64(0x7FF0_0000_0000_0004)]))
        #expect(try !WastExpectations.matches(e, [.f32(0x8000_0000), .f64(0x7FF8_0000_0000_0000)]))
    }

    @Test func references() throws {
        let e = try expectations("(ref.null func) (ref.null extern) (ref.extern 3)")
        #expect(try WastExpectations.matches(e, [.funcref(nil), .externref(nil), .externref(3)]))
        #expect(try !WastExpectations.matches(e, [.externref(nil), .externref(nil), .externref(3)]))
        #expect(try !WastExpectations.matches(e, [.funcref(nil), .externref(0), .externref(3)]))
        #expect(try !WastExpectations.matches(e, [.funcref(nil), .externref(nil), .externref(4)]))
        #expect(try !WastExpectations.matches(e, [.funcref(nil), .externref(nil), .externref(nil)]))
    }

    @Test func descriptionsUseWastSpelling() throws {
        let e = try expectations("(i32.const -7) (f32.const nan:canonical) (ref.extern 1) (ref.null func)")
        #expect(WastExpectations.describe(e) == "(i32.const -7) (f32.const nan:canonical) (ref.extern 1) (ref.null func)")
        #expect(WastFormat.describe([.i32(-7), .f32(0x7FC0_0000), .externref(nil)])
            == "(i32.const -7) (f32.const nan:0x7fc00000) (ref.null extern)")
        #expect(WastFormat.describe(.f64(0x3FF8_0000_0000_0000)) == "(f64.const 1.5 (0x3ff8000000000000))")
        #expect(WastFormat.describe([]) == "no results")
    }
}
