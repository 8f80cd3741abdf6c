import WasmCore
import WasmRuntime

/// An opaque host reference carried by `externref` values.
public typealias ExternRef = UInt64

/// A wasm value. Floats are kept as bit patterns so NaN payloads survive.
public enum Value: Hashable, Sendable, CustomStringConvertible {
    case i32(Int32)
    case i64(Int64)
    case f32(UInt32)
    case f64(UInt64)
    case funcref(Func?)
    case externref(ExternRef?)

    public static func float32(_ v: Float) -> Value { .f32(v.bitPattern) }
    public static func float64(_ v: Double) -> Value { .f64(v.bitPattern) }

    public var type: ValueType {
        switch self {
        case .i32: return .i32
        case .i64: return .i64
        case .f32: return .f32
        case .f64: return .f64
        case .funcref: return .funcref
        case .externref: return .externref
        }
    }

    public var description: String {
        switch self {
        case .i32(let v): return "i32:\(v)"
        case .i64(let v): return "i64:\(v)"
        case .f32(let b): return "f32:\(Float(bitPattern: b))"
        case .f64(let b): return "f64:\(Double(bitPattern: b))"
        case .funcref(let f): return f == nil ? "funcref:null" : "funcref"
        case .externref(let e): return e.map { "externref:\($0)" } ?? "externref:null"
        }
    }
}


extension Value {
    /// The zero value of `type` (null for references).
    public static func zero(_ type: ValueType) -> Value {
        switch type {
        case .i32: return .i32(0)
        case .i64: return .i64(0)
        case .f32: return .f32(0)
        case .f64, .v128: return .f64(0)
        case .ref(.funcref): return .funcref(nil)
        case .ref(.externref): return .externref(nil)
        }
    }

    /// The 64-bit slot encoding of this value in `store` (see `StoreState`).
    func slot(in store: Store) throws -> UInt64 {
        switch self {
        case .i32(let v): return UInt64(UInt32(bitPattern: v))
        case .i64(let v): return UInt64(bitPattern: v)
        case .f32(let v): return UInt64(v)
        case .f64(let v): return v
        case .funcref(nil), .externref(nil): return 0
        case .funcref(let f?):
            guard f.store === store else { throw EngineError("function reference belongs to a different store") }
            return UInt64(f.address) + 1
        case .externref(let e?): return store.state.externSlot(e)
        }
    }

    /// Decodes a slot of type `type` in `store`.
    init(slot: UInt64, type: ValueType, store: Store) {
        switch type {
        case .i32: self = .i32(Int32(truncatingIfNeeded: slot))
        case .i64: self = .i64(Int64(bitPattern: slot))
        case .f32: self = .f32(UInt32(truncatingIfNeeded: slot))
        case .f64, .v128: self = .f64(slot)
        case .ref(.funcref): self = .funcref(store.state.functionAddress(slot).map { Func(store: store, address: $0) })
        case .ref(.externref): self = .externref(store.state.externValue(slot))
        }
    }
}
