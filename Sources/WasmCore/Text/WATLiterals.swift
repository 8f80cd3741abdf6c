/// Text-format spellings of literals (core spec §6.3): exact hexadecimal floats, NaNs with
/// payloads, escaped strings and identifiers.

enum WATLiteral {
    /// An exact spelling of an `f32` bit pattern: hex float, `inf`, or `nan:0x...`.
    static func f32(_ bits: UInt32) -> String {
        float(sign: bits >> 31 != 0, exponent: UInt64((bits >> 23) & 0xFF), fraction: UInt64(bits & 0x7F_FFFF),
              fractionBits: 23, exponentMax: 0xFF, bias: 127)
    }

    /// An exact spelling of an `f64` bit pattern.
    static func f64(_ bits: UInt64) -> String {
        float(sign: bits >> 63 != 0, exponent: (bits >> 52) & 0x7FF, fraction: bits & 0xF_FFFF_FFFF_FFFF,
              fractionBits: 52, exponentMax: 0x7FF, bias: 1023)
    }

    private static func float(sign: Bool, exponent: UInt64, fraction: UInt64, fractionBits: Int,
                              exponentMax: UInt64, bias: Int) -> String {
        let s = sign ? "-" : ""
        if exponent == exponentMax {
            return fraction == 0 ? s + "inf" : s + "nan:0x" + String(fraction, radix: 16)
        }
        if exponent == 0 && fraction == 0 { return s + "0x0p+0" }
        // Left-align the fraction to a whole number of hex digits, then drop trailing zeros.
        let digits = (fractionBits + 3) / 4
        let aligned = fraction << UInt64(digits * 4 - fractionBits)
        var hex = String(aligned, radix: 16)
        hex = String(repeating: "0", count: max(0, digits - hex.count)) + hex
        while hex.hasSuffix("0") { hex.removeLast() }
        let lead = exponent == 0 ? "0" : "1"
        let e = exponent == 0 ? 1 - bias : Int(exponent) - bias
        let frac = hex.isEmpty ? "" : "." + hex
        return s + "0x" + lead + frac + "p" + (e < 0 ? "-" : "+") + String(e.magnitude)
    }

    /// A quoted string with every byte outside printable ASCII (and `"`, `\`) escaped as `\hh`.
    static func string<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out = "\""
        for b in bytes {
            if b >= 0x20 && b < 0x7F && b != 0x22 && b != 0x5C {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += "\\" + hexByte(b)
            }
        }
        return out + "\""
    }

    static func hexByte(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String(digits[Int(b >> 4)]) + String(digits[Int(b & 0xF)])
    }

    /// `$name` when `name` is a valid, non-empty text-format identifier, else nil.
    static func identifier(_ name: String) -> String? {
        guard !name.isEmpty else { return nil }
        let extra = Set("!#$%&'*+-./:<=>?@\\^_`|~".unicodeScalars)
        for u in name.unicodeScalars {
            let ok = (u >= "0" && u <= "9") || (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") || extra.contains(u)
            if !ok { return nil }
        }
        return "$" + name
    }

    /// Identifiers for a name map: invalid or duplicate names are left out.
    static func identifiers(_ names: [UInt32: String]) -> [UInt32: String] {
        var used = Set<String>()
        var out: [UInt32: String] = [:]
        for (index, name) in names.sorted(by: { $0.key < $1.key }) {
            guard let id = identifier(name), !used.contains(id) else { continue }
            used.insert(id)
            out[index] = id
        }
        return out
    }
}
