/// Plain-text helpers over a script's source, for what WasmKit's WAST parser does not offer.
public enum ScriptText {
    /// Number of top-level parenthesized forms (directives), skipping strings and
    /// `;;` / `(; ;)` comments. Used to count the directives of a file skipped as a whole.
    public static func countTopLevelForms(_ source: String) -> Int {
        let bytes = Array(source.utf8)
        var count = 0
        var depth = 0
        var blockComments = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            let next: UInt8 = i + 1 < n ? bytes[i + 1] : 0
            if blockComments > 0 {
                if c == UInt8(ascii: "(") && next == UInt8(ascii: ";") { blockComments += 1; i += 2; continue }
                if c == UInt8(ascii: ";") && next == UInt8(ascii: ")") { blockComments -= 1; i += 2; continue }
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: ";") where next == UInt8(ascii: ";"):
                while i < n && bytes[i] != UInt8(ascii: "\n") { i += 1 }
            case UInt8(ascii: "(") where next == UInt8(ascii: ";"):
                blockComments = 1
                i += 2
            case UInt8(ascii: "\""):
                i += 1
                while i < n && bytes[i] != UInt8(ascii: "\"") {
                    i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
                }
                i += 1
            case UInt8(ascii: "("):
                if depth == 0 { count += 1 }
                depth += 1
                i += 1
            case UInt8(ascii: ")"):
                depth = max(0, depth - 1)
                i += 1
            default:
                i += 1
            }
        }
        return count
    }

    /// WasmKit's parser lacks `assert_uninstantiable`, which means `assert_trap` on a module
    /// (the Wasm 2.0 suite uses the latter). Rewrites the keyword, padding with spaces so
    /// line and column numbers stay the same.
    public static func rewritingUninstantiable(_ source: String) -> String {
        let old = "(assert_uninstantiable"
        let new = "(assert_trap" + String(repeating: " ", count: old.count - "(assert_trap".count)
        guard source.contains(old) else { return source }
        return source.replacingAll(old, with: new)
    }

    /// The source split into lines (by `\n`, counting unicode scalars as WasmKit's locations do).
    public static func lines(_ source: String) -> [Substring.UnicodeScalarView] {
        source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The first word after the `(` at (1-based `line`, `column` in unicode scalars), e.g.
    /// `assert_invalid`.
    public static func keyword(in lines: [Substring.UnicodeScalarView], line: Int, column: Int) -> String? {
        guard line >= 1, line <= lines.count else { return nil }
        let text = lines[line - 1]
        guard let start = text.index(text.startIndex, offsetBy: max(0, column), limitedBy: text.endIndex) else { return nil }
        let rest = text[start...].drop(while: { $0 == " " || $0 == "\t" || $0 == "(" })
        let word = rest.prefix(while: { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" })
        return word.isEmpty ? nil : String(String.UnicodeScalarView(word))
    }
}

extension String {
    /// Replaces every occurrence of `target` (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
