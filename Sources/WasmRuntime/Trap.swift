/// Traps: the abnormal end of a wasm call, with a backtrace. Declared in the runtime so both
/// backends throw them directly; re-exported by WasmEngine as part of the public API.

/// Why a wasm call stopped abnormally.
public enum TrapKind: String, Hashable, Sendable, CaseIterable {
    case unreachable
    case integerDivideByZero
    case integerOverflow
    case invalidConversionToInteger
    case outOfBoundsMemoryAccess
    case outOfBoundsTableAccess
    case undefinedElement
    case uninitializedElement
    case indirectCallTypeMismatch
    case callStackExhausted
    /// The epoch deadline was reached.
    case interrupt
    /// Fuel ran out.
    case outOfFuel
    /// A host function threw an error.
    case hostError

    /// The spec test suite's message for this trap ("integer divide by zero", ...).
    public var message: String {
        switch self {
        case .unreachable: return "unreachable"
        case .integerDivideByZero: return "integer divide by zero"
        case .integerOverflow: return "integer overflow"
        case .invalidConversionToInteger: return "invalid conversion to integer"
        case .outOfBoundsMemoryAccess: return "out of bounds memory access"
        case .outOfBoundsTableAccess: return "out of bounds table access"
        case .undefinedElement: return "undefined element"
        case .uninitializedElement: return "uninitialized element"
        case .indirectCallTypeMismatch: return "indirect call type mismatch"
        case .callStackExhausted: return "call stack exhausted"
        case .interrupt: return "interrupt"
        case .outOfFuel: return "all fuel consumed"
        case .hostError: return "host error"
        }
    }
}

/// One wasm frame of a trap's backtrace, innermost first.
public struct FrameInfo: Hashable, Sendable, CustomStringConvertible {
    /// Index in the module's function index space.
    public var functionIndex: UInt32
    /// From the name section, when present.
    public var functionName: String?
    public var moduleName: String?
    /// Byte offset in the module binary of the instruction executing in this frame, if known.
    public var moduleOffset: Int?

    public init(functionIndex: UInt32, functionName: String? = nil, moduleName: String? = nil, moduleOffset: Int? = nil) {
        self.functionIndex = functionIndex
        self.functionName = functionName
        self.moduleName = moduleName
        self.moduleOffset = moduleOffset
    }

    public var description: String {
        var s = functionName.map { "\($0) (func \(functionIndex))" } ?? "func \(functionIndex)"
        if let m = moduleName { s = "\(m)!" + s }
        if let o = moduleOffset { s += " @ 0x" + String(o, radix: 16) }
        return s
    }
}

/// A trap: a value, never a crash.
public struct Trap: Error, Hashable, Sendable, CustomStringConvertible {
    public var kind: TrapKind
    public var message: String
    public var backtrace: [FrameInfo]

    public init(_ kind: TrapKind, message: String? = nil, backtrace: [FrameInfo] = []) {
        self.kind = kind
        self.message = message ?? kind.message
        self.backtrace = backtrace
    }

    public var description: String {
        ([ "wasm trap: \(message)" ] + backtrace.enumerated().map { "  \($0.offset): \($0.element)" }).joined(separator: "\n")
    }
}

/// Errors of linking and instantiation that are not traps ("unknown import",
/// "incompatible import type", ...). Traps during instantiation (segment out of bounds,
/// start function trapping) are thrown as `Trap`.
public struct LinkError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

