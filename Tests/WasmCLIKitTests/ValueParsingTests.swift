import Testing
import WasmCLIKit
import WasmEngine

@Suite struct ValueParsingTests {
    @Test func integers() throws {
        #expect(try ValueParsing.parse("-1", as: .i32) == .i32(-1))
        #expect(try ValueParsing.parse("0xffffffff", as: .i32) == .i32(-1))
        #expect(try ValueParsing.parse("4294967295", as: .i32) == .i32(-1))
        #expect(try ValueParsing.parse("-2147483648", as: .i32) == .i32(Int32.min))
        #expect(try ValueParsing.parse("0x2A", as: .i32) == .i32(42))
        #expect(try ValueParsing.parse("-9223372036854775808", as: .i64) == .i64(Int64.min))
        #expect(try ValueParsing.parse("0x8000000000000000", as: .i64) == .i64(Int64.min))
        #expect(try ValueParsing.parse("18446744073709551615", as: .i64) == .i64(-1))
        #expect(try ValueParsing.parse("1_000", as: .i64) == .i64(1000))
    }

    @Test func integersOutOfRangeOrMalformed() {
        for (text, type) in [("4294967296", ValueType.i32), ("-2147483649", .i32), ("0x100000000", .i32),
                             ("18446744073709551616", .i64), ("-9223372036854775809", .i64), ("abc", .i32),
                             ("", .i32), ("0x", .i64), ("1.5", .i32), ("--1", .i32)] {
            #expect(throws: CLIError.self, "\(text) as \(type)") { try ValueParsing.parse(text, as: type) }
        }
    }

    @Test func floats() throws {
        #expect(try ValueParsing.parse("1.5", as: .f32) == .f32(0x3FC0_0000))
        #expect(try ValueParsing.parse("-0", as: .f64) == .f64(0x8000_0000_0000_0000))
        #expect(try ValueParsing.parse("inf", as: .f32) == .f32(0x7F80_0000))
        #expect(try ValueParsing.parse("-inf", as: .f64) == .f64(0xFFF0_0000_0000_0000))
        guard case .f32(let bits) = try ValueParsing.parse("nan", as: .f32) else {
            Issue.record("nan must parse as an f32")
            return
        }
        #expect(Float(bitPattern: bits).isNaN)
        #expect(throws: CLIError.self) { try ValueParsing.parse("one", as: .f64) }
        #expect(throws: CLIError.self) { try ValueParsing.parse("nan(0x1)", as: .f64) }
    }

    @Test func references() throws {
        #expect(try ValueParsing.parse("null", as: .funcref) == .funcref(nil))
        #expect(try ValueParsing.parse("null", as: .externref) == .externref(nil))
        #expect(try ValueParsing.parse("12", as: .externref) == .externref(12))
        #expect(throws: CLIError.self) { try ValueParsing.parse("0", as: .funcref) }
    }

    @Test func argumentCountMustMatch() throws {
        #expect(try ValueParsing.parse(["1", "-2"], as: [.i32, .i64]) == [.i32(1), .i64(-2)])
        #expect(throws: CLIError.self) { try ValueParsing.parse(["1"], as: [.i32, .i32]) }
        #expect(throws: CLIError.self) { try ValueParsing.parse(["1", "2"], as: []) }
    }
}
