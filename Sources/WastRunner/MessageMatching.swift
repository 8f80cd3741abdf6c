import WasmEngine

/// How actual error messages are compared with the messages a script expects.
public enum MessageMatching {
    /// The reference interpreter's rule is a prefix match; we also accept the expected text
    /// anywhere in the message (engines add detail before it, e.g. "malformed module: ...").
    public static func matches(_ actual: String, expected: String) -> Bool {
        expected.isEmpty || actual.hasPrefix(expected) || actual.contains(expected)
    }

    /// Whether a trap satisfies an `assert_trap` / `assert_exhaustion` message.
    public static func matches(_ trap: Trap, expected: String) -> Bool {
        matches(trap.message, expected: expected) || matches(trap.kind.message, expected: expected)
    }

    /// The message of a decode or validation error without its location prefix.
    public static func message(of error: any Error) -> String {
        switch error {
        case let e as DecodeError: return e.message
        case let e as ValidationError: return e.message
        case let e as LinkError: return e.message
        case let e as Trap: return e.message
        case let e as EngineError: return e.message
        default: return "\(error)"
        }
    }
}
