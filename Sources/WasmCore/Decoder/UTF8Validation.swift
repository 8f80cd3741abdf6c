/// Strict UTF-8 validation (Unicode §3.9, Table 3-7), as names in the binary format require
/// (core spec §5.2.4): no overlong forms, no surrogates, nothing above U+10FFFF.
enum UTF8Validation {
    static func isValid<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var it = bytes.makeIterator()
        while let b0 = it.next() {
            if b0 < 0x80 { continue }
            // Allowed range of the second byte and number of further continuation bytes.
            let low: UInt8, high: UInt8, more: Int
            switch b0 {
            case 0xC2...0xDF: (low, high, more) = (0x80, 0xBF, 0)
            case 0xE0: (low, high, more) = (0xA0, 0xBF, 1)
            case 0xE1...0xEC, 0xEE...0xEF: (low, high, more) = (0x80, 0xBF, 1)
            case 0xED: (low, high, more) = (0x80, 0x9F, 1)
            case 0xF0: (low, high, more) = (0x90, 0xBF, 2)
            case 0xF1...0xF3: (low, high, more) = (0x80, 0xBF, 2)
            case 0xF4: (low, high, more) = (0x80, 0x8F, 2)
            default: return false
            }
            guard let b1 = it.next(), b1 >= low, b1 <= high else { return false }
            for _ in 0..<more {
                guard let b = it.next(), b & 0xC0 == 0x80 else { return false }
            }
        }
        return true
    }
}
