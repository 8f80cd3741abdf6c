import Testing
import WasmEngine
import WastRunner

@Suite struct ReportTests {
    @Test func trapMessagesMatchByPrefixOrContainment() {
        #expect(MessageMatching.matches(Trap(.integerDivideByZero), expected: "integer divide by zero"))
        #expect(MessageMatching.matches(Trap(.undefinedElement, message: "undefined element 12"), expected: "undefined element"))
        #expect(MessageMatching.matches(Trap(.hostError, message: "wasm: out of bounds memory access"), expected: "out of bounds memory access"))
        #expect(!MessageMatching.matches(Trap(.uninitializedElement), expected: "undefined element"))
        #expect(!MessageMatching.matches(Trap(.unreachable), expected: "call stack exhausted"))
    }

    @Test func errorMessagesWithoutLocation() {
        #expect(MessageMatching.message(of: DecodeError("unexpected end", offset: 9)) == "unexpected end")
        #expect(MessageMatching.message(of: ValidationError("type mismatch", functionIndex: 2, offset: 30)) == "type mismatch")
        #expect(MessageMatching.matches("unknown memory 0", expected: "unknown memory"))
        #expect(!MessageMatching.matches("unknown table", expected: "unknown memory"))
    }

    @Test func summaryTotalsAndTable() {
        var a = WastFileResult(file: "a.wast")
        a.passed = 5
        a.failed = 1
        a.failures = [WastIssue(line: 7, directive: "assert_return", expected: "(i32.const 1)", actual: "(i32.const 2)")]
        var b = WastFileResult(file: "simd_b.wast")
        b.skipped = 4
        let summary = WastSummary([a, b])
        #expect(summary.passed == 5)
        #expect(summary.failed == 1)
        #expect(summary.skipped == 4)
        let rows = summary.table.split(separator: "\n")
        #expect(rows.count == 5)
        #expect(rows[1].hasPrefix("a.wast"))
        #expect(rows[3].hasPrefix("total (2 files)"))
        #expect(rows[3].split(separator: " ").suffix(5) == ["5", "1", "4", "0", "0"])
        #expect(a.report.contains("line 7: assert_return: expected (i32.const 1); got (i32.const 2)"))
        #expect(a.report.hasPrefix("a.wast — passed 5, failed 1, skipped 0"))
    }
}
