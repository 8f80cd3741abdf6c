import Testing
import WasmCLIKit
import WasmEngine

@Suite struct ResultFormattingTests {
    @Test func textResults() {
        #expect(ResultFormatting.text(.i32(-42)) == "-42")
        #expect(ResultFormatting.text(.i64(Int64.min)) == "-9223372036854775808")
        #expect(ResultFormatting.text(.f32(0x3FC0_0000)) == "1.5")
        #expect(ResultFormatting.text(.f64(0xFFF8_0000_0000_0000)) == "nan")
        #expect(ResultFormatting.text(.f32(0x7FA0_0001)) == "nan")
        #expect(ResultFormatting.text(.f64(0xFFF0_0000_0000_0000)) == "-inf")
        #expect(ResultFormatting.text(.f32(0x7F80_0000)) == "inf")
        #expect(ResultFormatting.text(.externref(nil)) == "null")
        #expect(ResultFormatting.text(.externref(5)) == "ref.extern 5")
    }

    @Test func bitsArePaddedHex() {
        #expect(ResultFormatting.bits(.i32(42)) == "0x0000002a")
        #expect(ResultFormatting.bits(.i32(-1)) == "0xffffffff")
        #expect(ResultFormatting.bits(.i64(1)) == "0x0000000000000001")
        #expect(ResultFormatting.bits(.f32(0x7FC0_0000)) == "0x7fc00000")
        #expect(ResultFormatting.bits(.f64(0x3FF0_0000_0000_0000)) == "0x3ff0000000000000")
        #expect(ResultFormatting.bits(.funcref(nil)) == nil)
    }

    @Test func jsonWithoutTrap() {
        #expect(ResultFormatting.json(results: [.i32(42), .f64(0x8000_0000_0000_0000)], trap: nil)
            == #"{"results":[{"type":"i32","bits":"0x0000002a"},{"type":"f64","bits":"0x8000000000000000"}],"trap":null}"#)
        #expect(ResultFormatting.json(results: [], trap: nil) == #"{"results":[],"trap":null}"#)
        #expect(ResultFormatting.json(results: [.externref(nil), .externref(3)], trap: nil)
            == #"{"results":[{"type":"externref","null":true},{"type":"externref","null":false,"bits":"0x0000000000000003"}],"trap":null}"#)
    }

    @Test func jsonWithTrap() {
        let json = ResultFormatting.json(results: [], trap: Trap(.integerDivideByZero))
        #expect(json == #"{"results":[],"trap":{"kind":"integerDivideByZero","message":"integer divide by zero"}}"#)
    }

    @Test func jsonStringEscapes() {
        #expect(ResultFormatting.jsonString("a\"b\\c\nd\u{1}") == #""a\"b\\c\nd\u0001""#)
    }

    @Test func trapTextNamesKind() {
        let text = ResultFormatting.trapText(Trap(.unreachable, backtrace: [FrameInfo(functionIndex: 3, functionName: "f")]))
        #expect(text.hasPrefix("wasm trap (unreachable): unreachable"))
        #expect(text.contains("0: f (func 3)"))
    }
}
