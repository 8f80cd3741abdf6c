import Testing
import WAT
import WasmEngine
@testable import WastRunner

@Suite struct ScriptTextTests {
    @Test func countsTopLevelFormsSkippingCommentsAndStrings() {
        let source = """
            ;; a line comment with ( parens
            (module (func))  (; a block (; nested ;) comment with ( ;)
            (assert_return (invoke "a(b\\"(") (i32.const 1))
            (register "M")
            """
        #expect(ScriptText.countTopLevelForms(source) == 3)
        #expect(ScriptText.countTopLevelForms("") == 0)
    }

    @Test func uninstantiableBecomesAssertTrapKeepingPositions() {
        let source = "(module)\n(assert_uninstantiable (module (start 0)) \"unreachable\")\n(invoke \"x\")"
        let rewritten = ScriptText.rewritingUninstantiable(source)
        #expect(rewritten.contains("(assert_trap "))
        #expect(!rewritten.contains("assert_uninstantiable"))
        #expect(rewritten.count == source.count)
        #expect(rewritten.split(separator: "\n").count == 3)
        #expect(ScriptText.rewritingUninstantiable("(module)") == "(module)")
    }

    @Test func keywordAtLocation() {
        let lines = ScriptText.lines("(module)\n  (assert_invalid\n (module) \"x\")")
        #expect(ScriptText.keyword(in: lines, line: 1, column: 0) == "module")
        #expect(ScriptText.keyword(in: lines, line: 2, column: 2) == "assert_invalid")
        #expect(ScriptText.keyword(in: lines, line: 9, column: 0) == nil)
    }

    @Test func simdFilesAreSkippedWholeWithTheirDirectivesCounted() {
        #expect(WastRunner.skipReason(forFile: "simd_lane.wast") != nil)
        #expect(WastRunner.skipReason(forFile: "i32.wast") == nil)
        let runner = WastRunner(config: Config())
        let result = runner.run(source: "(module)\n(assert_return (invoke \"f\"))\n(invoke \"g\")", file: "simd_x.wast")
        #expect(result.skipped == 3)
        #expect(result.passed == 0)
        #expect(result.failed == 0)
        #expect(result.skips.first?.actual.contains("SIMD") == true)
    }

    @Test func directiveNames() throws {
        #expect(WastRunner.name(of: try directive("(register \"M\")")) == "register")
        #expect(WastRunner.name(of: try directive("(assert_trap (invoke \"f\") \"unreachable\")")) == "assert_trap")
        #expect(WastRunner.name(of: try directive("(assert_malformed (module quote \"(func\") \"unexpected end\")")) == "assert_malformed")
        #expect(WastRunner.name(of: try directive("(assert_exhaustion (invoke \"f\") \"call stack exhausted\")")) == "assert_exhaustion")
    }
}
