import WAT
import WasmEngine
import WasmTypes

/// The NaN classes of the spec's `nan:canonical` / `nan:arithmetic` result patterns
/// (core spec §4.3.3): a canonical NaN has only the quiet bit of the payload set; an
/// arithmetic NaN has the quiet bit set and any other payload. The sign is irrelevant.
public enum NaNPattern {
    public static func isCanonical(f32 bits: UInt32) -> Bool { bits & 0x7FFF_FFFF == 0x7FC0_0000 }
    public static func isArithmetic(f32 bits: UInt32) -> Bool { bits & 0x7FC0_0000 == 0x7FC0_0000 }
    public static func isCanonical(f64 bits: UInt64) -> Bool { bits & 0x7FFF_FFFF_FFFF_FFFF == 0x7FF8_0000_0000_0000 }
    public static func isArithmetic(f64 bits: UInt64) -> Bool { bits & 0x7FF8_0000_0000_0000 == 0x7FF8_0000_0000_0000 }
}

/// Matching of `assert_return` expectations against actual results.
public enum WastExpectations {
    /// Whether `actual` satisfies `expected`. Plain float constants (including NaNs with an
    /// explicit payload) compare bit for bit, as the reference interpreter does.
    public static func matches(_ expected: WASTExpectValue, _ actual: WasmEngine.Value) throws(WastValueError) -> Bool {
        switch (expected, actual) {
        case (.i32(let e), .i32(let a)): return e == UInt32(bitPattern: a)
        case (.i64(let e), .i64(let a)): return e == UInt64(bitPattern: a)
        case (.f32(let e), .f32(let a)): return e == a
        case (.f64(let e), .f64(let a)): return e == a
        case (.f32CanonicalNaN, .f32(let a)): return NaNPattern.isCanonical(f32: a)
        case (.f32ArithmeticNaN, .f32(let a)): return NaNPattern.isArithmetic(f32: a)
        case (.f64CanonicalNaN, .f64(let a)): return NaNPattern.isCanonical(f64: a)
        case (.f64ArithmeticNaN, .f64(let a)): return NaNPattern.isArithmetic(f64: a)
        case (.refNull(let heapType), .funcref(let f)):
            return f == nil && (heapType == nil || heapType == HeapType.abstract(.funcRef))
        case (.refNull(let heapType), .externref(let e)):
            return e == nil && (heapType == nil || heapType == HeapType.abstract(.externRef))
        case (.refExtern(let e), .externref(let a)):
            guard let a else { return false }
            return e.map { ExternRef($0) == a } ?? true
        // Our API cannot recover a function's index from a `Func`, so `ref.func N` checks non-null.
        case (.refFunc, .funcref(let f)): return f != nil
        case (.either(let alternatives), _):
            for alternative in alternatives where try matches(alternative, actual) { return true }
            return false
        case (.v128, _), (.v128Pattern, _): throw .needsSIMD
        default: return false
        }
    }

    /// Whether every result matches, in order, with the same count.
    public static func matches(_ expected: [WASTExpectValue], _ actual: [WasmEngine.Value]) throws(WastValueError) -> Bool {
        guard expected.count == actual.count else { return false }
        for (e, a) in zip(expected, actual) where !(try matches(e, a)) { return false }
        return true
    }

    /// The WAST spelling of an expectation, for failure messages.
    public static func describe(_ expected: WASTExpectValue) -> String {
        switch expected {
        case .i32(let b): return "(i32.const \(Int32(bitPattern: b)))"
        case .i64(let b): return "(i64.const \(Int64(bitPattern: b)))"
        case .f32(let b): return "(f32.const \(WastFormat.float32(b)))"
        case .f64(let b): return "(f64.const \(WastFormat.float64(b)))"
        case .f32CanonicalNaN: return "(f32.const nan:canonical)"
        case .f32ArithmeticNaN: return "(f32.const nan:arithmetic)"
        case .f64CanonicalNaN: return "(f64.const nan:canonical)"
        case .f64ArithmeticNaN: return "(f64.const nan:arithmetic)"
        case .refNull(let t):
            switch t {
            case .abstract(.funcRef)?: return "(ref.null func)"
            case .abstract(.externRef)?: return "(ref.null extern)"
            default: return "(ref.null)"
            }
        case .refExtern(let v): return v.map { "(ref.extern \($0))" } ?? "(ref.extern)"
        case .refFunc(let i): return i.map { "(ref.func \($0))" } ?? "(ref.func)"
        case .either(let alternatives): return "(either \(alternatives.map(describe).joined(separator: " ")))"
        case .v128, .v128Pattern: return "(v128.const ...)"
        default: return "\(expected)"
        }
    }

    public static func describe(_ expected: [WASTExpectValue]) -> String {
        expected.isEmpty ? "no results" : expected.map(describe).joined(separator: " ")
    }
}

/// Spelling of actual values in reports: WAST-like, with float bit patterns.
public enum WastFormat {
    public static func float32(_ bits: UInt32) -> String {
        let f = Float(bitPattern: bits)
        return f.isNaN ? "nan:0x" + String(bits, radix: 16) : "\(f) (0x\(String(bits, radix: 16)))"
    }

    public static func float64(_ bits: UInt64) -> String {
        let d = Double(bitPattern: bits)
        return d.isNaN ? "nan:0x" + String(bits, radix: 16) : "\(d) (0x\(String(bits, radix: 16)))"
    }

    public static func describe(_ value: WasmEngine.Value) -> String {
        switch value {
        case .i32(let v): return "(i32.const \(v))"
        case .i64(let v): return "(i64.const \(v))"
        case .f32(let b): return "(f32.const \(float32(b)))"
        case .f64(let b): return "(f64.const \(float64(b)))"
        case .funcref(let f): return f == nil ? "(ref.null func)" : "(ref.func)"
        case .externref(let e): return e.map { "(ref.extern \($0))" } ?? "(ref.null extern)"
        }
    }

    public static func describe(_ values: [WasmEngine.Value]) -> String {
        values.isEmpty ? "no results" : values.map(describe).joined(separator: " ")
    }
}
