import WasmEngine

/// Text and JSON output of `wasm run`.
public enum ResultFormatting {
    /// One result as text: integers as signed decimal, floats as decimal (`nan`, `inf`, `-inf`),
    /// references as `null`, `ref.extern N` or `ref.func`.
    public static func text(_ value: Value) -> String {
        switch value {
        case .i32(let v): return String(v)
        case .i64(let v): return String(v)
        case .f32(let bits): return decimal(Float(bitPattern: bits))
        case .f64(let bits): return decimal(Double(bitPattern: bits))
        case .funcref(let f): return f == nil ? "null" : "ref.func"
        case .externref(let e): return e.map { "ref.extern \($0)" } ?? "null"
        }
    }

    static func decimal<F: BinaryFloatingPoint & CustomStringConvertible>(_ v: F) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        return v.description
    }

    /// The bit pattern as `0x` + zero-padded hex: 8 digits for 32-bit values, 16 for 64-bit.
    /// `externref` gives its host value in 16 digits; null references give nil.
    public static func bits(_ value: Value) -> String? {
        switch value {
        case .i32(let v): return hex(UInt64(UInt32(bitPattern: v)), digits: 8)
        case .i64(let v): return hex(UInt64(bitPattern: v), digits: 16)
        case .f32(let b): return hex(UInt64(b), digits: 8)
        case .f64(let b): return hex(b, digits: 16)
        case .funcref: return nil
        case .externref(let e): return e.map { hex($0, digits: 16) }
        }
    }

    static func hex(_ v: UInt64, digits: Int) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, digits - s.count)) + s
    }

    /// `{"results":[{"type":"i32","bits":"0x0000002a"}, ...], "trap": null | {"kind": ..., "message": ...}}`.
    /// Reference results carry `"null": true|false` and, for a non-null externref, its `bits`.
    public static func json(results: [Value], trap: Trap?) -> String {
        let items = results.map { value -> String in
            var fields = ["\"type\":\(jsonString(value.type.description))"]
            switch value {
            case .funcref(let f):
                fields.append("\"null\":\(f == nil)")
            case .externref(let e):
                fields.append("\"null\":\(e == nil)")
                if let b = bits(value) { fields.append("\"bits\":\(jsonString(b))") }
            default:
                fields.append("\"bits\":\(jsonString(bits(value) ?? ""))")
            }
            return "{" + fields.joined(separator: ",") + "}"
        }
        let trapJSON = trap.map { "{\"kind\":\(jsonString($0.kind.rawValue)),\"message\":\(jsonString($0.message))}" } ?? "null"
        return "{\"results\":[\(items.joined(separator: ","))],\"trap\":\(trapJSON)}"
    }

    /// A JSON string literal with the required escapes.
    public static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The text report of a trap: its kind, message and backtrace.
    public static func trapText(_ trap: Trap) -> String {
        let frames = trap.backtrace.enumerated().map { "  \($0.offset): \($0.element)" }
        return (["wasm trap (\(trap.kind.rawValue)): \(trap.message)"] + frames).joined(separator: "\n")
    }
}
