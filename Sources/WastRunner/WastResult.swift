/// One noteworthy directive of a script: a failure, a skip or a wrong-reason rejection.
public struct WastIssue: Hashable, Sendable, CustomStringConvertible {
    /// 1-based line where the directive starts (0 if unknown).
    public var line: Int
    /// The directive kind, e.g. `assert_return`.
    public var directive: String
    /// What the script expected.
    public var expected: String
    /// What happened (or why the directive was skipped).
    public var actual: String

    public init(line: Int, directive: String, expected: String, actual: String) {
        self.line = line
        self.directive = directive
        self.expected = expected
        self.actual = actual
    }

    public var description: String {
        "line \(line): \(directive): expected \(expected); got \(actual)"
    }
}

/// The outcome of running one `.wast` file.
public struct WastFileResult: Hashable, Sendable {
    /// The file's name (last path component).
    public var file: String
    public var passed = 0
    public var failed = 0
    public var skipped = 0
    /// Failures in script order (at most `WastRunner.maxRecordedIssues` are kept; the counts are exact).
    public var failures: [WastIssue] = []
    /// Skipped directives or files with the reason.
    public var skips: [WastIssue] = []
    /// `assert_malformed` / `assert_invalid` / `assert_unlinkable` directives whose module our
    /// engine rejected, but with a message other than the spec's (these pass for text modules).
    public var wrongReasons: [WastIssue] = []
    /// Number of wrong-reason rejections by the engine (exact, even when the list is truncated).
    public var wrongReasonCount = 0
    /// `assert_malformed` / `assert_invalid` text modules that WasmKit's text parser rejected
    /// (with its own messages) before our engine saw them; they pass.
    public var textParserRejections: [WastIssue] = []
    public var textParserRejectionCount = 0

    public init(file: String) { self.file = file }

    public var total: Int { passed + failed + skipped }

    /// A multi-line human-readable summary: counts, then failures, wrong reasons and skips.
    public var report: String {
        // Not "N passed, N failed" alone on a line: CI tools read that as a test runner's summary.
        var lines = ["\(file) — passed \(passed), failed \(failed), skipped \(skipped)"]
        if wrongReasonCount > 0 { lines[0] += "; \(wrongReasonCount) rejected with a wrong reason" }
        if textParserRejectionCount > 0 { lines[0] += "; \(textParserRejectionCount) rejected by the text parser" }
        lines += failures.map { "  FAIL \($0)" }
        if failed > failures.count { lines.append("  ... and \(failed - failures.count) more failures") }
        lines += wrongReasons.map { "  WRONG REASON \($0)" }
        lines += textParserRejections.map { "  TEXT PARSER line \($0.line): \($0.directive): expected \($0.expected); text parser: \($0.actual)" }
        lines += skips.map { "  SKIP line \($0.line): \($0.directive): \($0.actual)" }
        return lines.joined(separator: "\n")
    }
}

/// Totals over several files, and a fixed-width table of per-file counts.
public struct WastSummary: Sendable {
    public var files: [WastFileResult]

    public init(_ files: [WastFileResult]) { self.files = files }

    public var passed: Int { files.reduce(0) { $0 + $1.passed } }
    public var failed: Int { files.reduce(0) { $0 + $1.failed } }
    public var skipped: Int { files.reduce(0) { $0 + $1.skipped } }
    public var wrongReasons: Int { files.reduce(0) { $0 + $1.wrongReasonCount } }
    public var textParserRejections: Int { files.reduce(0) { $0 + $1.textParserRejectionCount } }

    /// `file passed failed skipped wrong-reason text-parser` rows, then a totals row.
    public var table: String {
        let width = max(28, files.map(\.file.count).max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        func lpad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
        func row(_ name: String, _ counts: [Int]) -> String {
            pad(name, width) + counts.map { lpad("\($0)", 9) }.joined()
        }
        var lines = [pad("file", width) + ["passed", "failed", "skipped", "wrongmsg", "textrej"].map { lpad($0, 9) }.joined()]
        lines += files.map { row($0.file, [$0.passed, $0.failed, $0.skipped, $0.wrongReasonCount, $0.textParserRejectionCount]) }
        lines.append(row("total (\(files.count) files)", [passed, failed, skipped, wrongReasons, textParserRejections]))
        lines.append("wrongmsg: rejected by the engine with another message than the spec's (fails for binary modules); textrej: text module rejected by WasmKit's text parser (passes)")
        return lines.joined(separator: "\n")
    }
}
