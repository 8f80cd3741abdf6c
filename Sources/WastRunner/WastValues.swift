import WAT
import WasmEngine
import WasmTypes

/// Why a WAST constant could not become a `Value`.
public enum WastValueError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The directive needs SIMD (`v128`), which the engine does not implement: skip it.
    case needsSIMD
    /// A constant our API cannot express (e.g. `ref.func` as an argument, `ref.host`).
    case unsupported(String)

    public var description: String {
        switch self {
        case .needsSIMD: return "needs SIMD (v128), which is not implemented"
        case .unsupported(let what): return "unsupported WAST constant: \(what)"
        }
    }
}

/// Conversion of WAST constants (invoke arguments) into our `Value`.
public enum WastValues {
    /// The `Value` an `invoke` argument denotes. `ref.extern N` becomes `.externref(N)`.
    public static func value(_ constant: WASTConstValue) throws(WastValueError) -> WasmEngine.Value {
        switch constant {
        case .i32(let bits): return .i32(Int32(bitPattern: bits))
        case .i64(let bits): return .i64(Int64(bitPattern: bits))
        case .f32(let bits): return .f32(bits)
        case .f64(let bits): return .f64(bits)
        case .v128: throw .needsSIMD
        case .refNull(let heapType):
            switch heapType {
            case .abstract(.funcRef): return .funcref(nil)
            case .abstract(.externRef): return .externref(nil)
            default: throw .unsupported("ref.null \(heapType)")
            }
        case .refExtern(let value): return .externref(ExternRef(value))
        case .refFunc(let index): throw .unsupported("ref.func \(index) as an argument")
        case .refHost(let value): throw .unsupported("ref.host \(value)")
        }
    }

    /// Converts all arguments of an `invoke`.
    public static func values(_ constants: [WASTConstValue]) throws(WastValueError) -> [WasmEngine.Value] {
        var result: [WasmEngine.Value] = []
        result.reserveCapacity(constants.count)
        for constant in constants { result.append(try value(constant)) }
        return result
    }
}
