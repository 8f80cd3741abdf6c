import WasmCore

/// A wasm value as the oracle compares it across engines. Function references compare only by
/// nullness (each engine has its own addresses); floats compare bit-exactly except NaNs (see `matches`).
public enum DiffValue: Hashable, Sendable, CustomStringConvertible {
    case i32(UInt32)
    case i64(UInt64)
    case f32(UInt32)
    case f64(UInt64)
    case funcref(isNull: Bool)
    case externref(UInt64?)

    /// The zero value of a type (null for references).
    public static func zero(_ type: ValueType) -> DiffValue {
        switch type {
        case .i32: return .i32(0)
        case .i64: return .i64(0)
        case .f32: return .f32(0)
        case .f64: return .f64(0)
        case .ref(.funcref): return .funcref(isNull: true)
        case .ref(.externref), .v128: return .externref(nil)
        }
    }

    /// Equality under the spec's NaN rules: NaN payloads are nondeterministic, so any two NaNs
    /// match; every other value must be bit-identical.
    public func matches(_ other: DiffValue) -> Bool {
        switch (self, other) {
        case (.f32(let a), .f32(let b)):
            return a == b || (Float(bitPattern: a).isNaN && Float(bitPattern: b).isNaN)
        case (.f64(let a), .f64(let b)):
            return a == b || (Double(bitPattern: a).isNaN && Double(bitPattern: b).isNaN)
        default:
            return self == other
        }
    }

    public var description: String {
        switch self {
        case .i32(let v): return "i32:\(Int32(bitPattern: v))"
        case .i64(let v): return "i64:\(Int64(bitPattern: v))"
        case .f32(let b): return "f32:\(Float(bitPattern: b)) (0x\(String(b, radix: 16)))"
        case .f64(let b): return "f64:\(Double(bitPattern: b)) (0x\(String(b, radix: 16)))"
        case .funcref(let isNull): return isNull ? "funcref:null" : "funcref"
        case .externref(let v): return v.map { "externref:\($0)" } ?? "externref:null"
        }
    }
}

extension Array where Element == DiffValue {
    /// Element-wise `matches`.
    public func matches(_ other: [DiffValue]) -> Bool {
        count == other.count && zip(self, other).allSatisfy { $0.matches($1) }
    }
}
