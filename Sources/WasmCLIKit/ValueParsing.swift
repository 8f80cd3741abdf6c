import WasmEngine

/// A user-facing CLI error: printed as its message, exit status 1.
public struct CLIError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Parsing of command-line arguments into wasm values of a given type.
public enum ValueParsing {
    /// Parses `text` as a value of `type`:
    /// - i32 / i64: signed or unsigned decimal, or `0x` hex (optionally negated) giving the bits;
    /// - f32 / f64: decimal or hex float, `nan`, `inf`, `-inf` (also `+inf`, `infinity`);
    /// - funcref: `null`; externref: `null` or a non-negative integer host reference.
    public static func parse(_ text: String, as type: ValueType) throws(CLIError) -> Value {
        let t = text.trimmingWhitespace
        switch type {
        case .i32:
            guard let bits = integerBits(t, bitWidth: 32) else { throw invalid(text, type) }
            return .i32(Int32(truncatingIfNeeded: bits))
        case .i64:
            guard let bits = integerBits(t, bitWidth: 64) else { throw invalid(text, type) }
            return .i64(Int64(bitPattern: bits))
        case .f32:
            guard let v = float(t, Float.self) else { throw invalid(text, type) }
            return .f32(v.bitPattern)
        case .f64:
            guard let v = float(t, Double.self) else { throw invalid(text, type) }
            return .f64(v.bitPattern)
        case .ref(.funcref):
            guard t == "null" else { throw CLIError("a funcref argument can only be `null`, got \"\(text)\"") }
            return .funcref(nil)
        case .ref(.externref):
            if t == "null" { return .externref(nil) }
            guard let v = UInt64(t) else { throw invalid(text, type) }
            return .externref(v)
        case .v128:
            throw CLIError("v128 arguments are not supported")
        }
    }

    /// Parses one argument per parameter; the counts must agree.
    public static func parse(_ texts: [String], as types: [ValueType]) throws(CLIError) -> [Value] {
        guard texts.count == types.count else {
            throw CLIError("expected \(types.count) argument(s) (\(types.map(\.description).joined(separator: " "))), got \(texts.count)")
        }
        var values: [Value] = []
        for (text, type) in zip(texts, types) { values.append(try parse(text, as: type)) }
        return values
    }

    private static func invalid(_ text: String, _ type: ValueType) -> CLIError {
        CLIError("invalid \(type) argument \"\(text)\"")
    }

    /// The low `bitWidth` bits of an integer literal, or nil when it does not fit: decimal in
    /// [-2^(w-1), 2^w - 1], hex up to w bits (a leading `-` negates in two's complement).
    static func integerBits(_ text: String, bitWidth: Int) -> UInt64? {
        var digits = Substring(text)
        var negative = false
        if digits.hasPrefix("-") { negative = true; digits = digits.dropFirst() } else if digits.hasPrefix("+") { digits = digits.dropFirst() }
        digits = Substring(digits.replacingUnderscores)
        let isHex = digits.hasPrefix("0x") || digits.hasPrefix("0X")
        if isHex { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, let magnitude = UInt64(digits, radix: isHex ? 16 : 10) else { return nil }
        let mask: UInt64 = bitWidth == 64 ? .max : (1 << UInt64(bitWidth)) - 1
        let limit: UInt64 = negative ? (1 << UInt64(bitWidth - 1)) : mask
        guard magnitude <= limit else { return nil }
        return (negative ? (0 &- magnitude) : magnitude) & mask
    }

    static func float<F: BinaryFloatingPoint & LosslessStringConvertible>(_ text: String, _: F.Type) -> F? {
        switch text.lowercased() {
        case "nan", "+nan": return F.nan
        case "-nan": return -F.nan
        case "inf", "+inf", "infinity", "+infinity": return F.infinity
        case "-inf", "-infinity": return -F.infinity
        default:
            guard let first = text.first, first.isNumber || first == "-" || first == "+" || first == "." else { return nil }
            return F(text.replacingUnderscores)
        }
    }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    var replacingUnderscores: String { String(filter { $0 != "_" }) }
}
