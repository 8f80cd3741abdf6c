/// Value, reference and composite types of WebAssembly (core spec §2.3).

/// A reference type.
public enum RefType: UInt8, Hashable, Sendable, CustomStringConvertible {
    case funcref = 0x70
    case externref = 0x6F

    public var description: String { self == .funcref ? "funcref" : "externref" }
}

/// A value type. `v128` is declared so the value representation leaves room for SIMD;
/// the decoder rejects it until the SIMD proposal is implemented.
public enum ValueType: Hashable, Sendable, CustomStringConvertible {
    case i32, i64, f32, f64, v128
    case ref(RefType)

    public static let funcref = ValueType.ref(.funcref)
    public static let externref = ValueType.ref(.externref)

    /// The binary encoding byte of this type.
    public var byte: UInt8 {
        switch self {
        case .i32: return 0x7F
        case .i64: return 0x7E
        case .f32: return 0x7D
        case .f64: return 0x7C
        case .v128: return 0x7B
        case .ref(let r): return r.rawValue
        }
    }

    /// Decodes a value type byte.
    public init?(byte: UInt8) {
        switch byte {
        case 0x7F: self = .i32
        case 0x7E: self = .i64
        case 0x7D: self = .f32
        case 0x7C: self = .f64
        case 0x7B: self = .v128
        case 0x70: self = .funcref
        case 0x6F: self = .externref
        default: return nil
        }
    }

    public var isNumeric: Bool {
        switch self {
        case .i32, .i64, .f32, .f64: return true
        default: return false
        }
    }

    public var isReference: Bool { if case .ref = self { return true } else { return false } }

    public var description: String {
        switch self {
        case .i32: return "i32"
        case .i64: return "i64"
        case .f32: return "f32"
        case .f64: return "f64"
        case .v128: return "v128"
        case .ref(let r): return r.description
        }
    }
}

/// A function signature.
public struct FuncType: Hashable, Sendable, CustomStringConvertible {
    public var params: [ValueType]
    public var results: [ValueType]

    public init(params: [ValueType] = [], results: [ValueType] = []) {
        self.params = params
        self.results = results
    }

    public var description: String {
        "(\(params.map(\.description).joined(separator: " "))) -> (\(results.map(\.description).joined(separator: " ")))"
    }
}

/// Size limits of a memory (in 64 KiB pages) or a table (in elements).
public struct Limits: Hashable, Sendable {
    public var min: UInt64
    public var max: UInt64?

    public init(min: UInt64, max: UInt64? = nil) {
        self.min = min
        self.max = max
    }
}

public struct TableType: Hashable, Sendable {
    public var elementType: RefType
    public var limits: Limits

    public init(elementType: RefType, limits: Limits) {
        self.elementType = elementType
        self.limits = limits
    }
}

public struct MemoryType: Hashable, Sendable {
    public var limits: Limits
    /// Reserved for the threads proposal; always false in Wasm 2.0.
    public var shared: Bool

    public init(limits: Limits, shared: Bool = false) {
        self.limits = limits
        self.shared = shared
    }

    /// The largest page count a 32-bit memory may have (4 GiB).
    public static let maxPages: UInt64 = 65536
}

public enum Mutability: UInt8, Hashable, Sendable {
    case constant = 0
    case variable = 1
}

public struct GlobalType: Hashable, Sendable {
    public var valueType: ValueType
    public var mutability: Mutability

    public init(valueType: ValueType, mutability: Mutability) {
        self.valueType = valueType
        self.mutability = mutability
    }

    public var isMutable: Bool { mutability == .variable }
}

/// The type of a structured control instruction (`block`, `loop`, `if`).
public enum BlockType: Hashable, Sendable {
    case empty
    case value(ValueType)
    /// An index into the module's type section (multi-value).
    case typeIndex(UInt32)
}

/// Alignment (log2) and offset immediate of a memory instruction.
///
/// Stored as 4-byte words (the offset in two halves) so the struct is 4-byte aligned: that keeps
/// `Instruction.load`/`.store` (the largest instruction payloads) at 24 bytes per instruction
/// instead of 32, and decoded bodies are arrays of instructions.
public struct MemArg: Hashable, Sendable {
    private var offsetLow: UInt32
    private var offsetHigh: UInt32
    public var align: UInt32
    /// Always 0 in Wasm 2.0 (multi-memory is a later proposal).
    public var memoryIndex: UInt32

    public var offset: UInt64 {
        get { UInt64(offsetHigh) << 32 | UInt64(offsetLow) }
        set {
            offsetLow = UInt32(truncatingIfNeeded: newValue)
            offsetHigh = UInt32(truncatingIfNeeded: newValue >> 32)
        }
    }

    public init(align: UInt32, offset: UInt64, memoryIndex: UInt32 = 0) {
        self.offsetLow = UInt32(truncatingIfNeeded: offset)
        self.offsetHigh = UInt32(truncatingIfNeeded: offset >> 32)
        self.align = align
        self.memoryIndex = memoryIndex
    }
}
