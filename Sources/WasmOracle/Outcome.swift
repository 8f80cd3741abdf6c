/// How a trap is classified for comparison. Engines word their traps differently; each engine
/// wrapper maps its traps onto these classes.
public enum TrapClass: String, Hashable, Sendable, Codable, CaseIterable {
    case unreachable
    case integerDivideByZero
    case integerOverflow
    case invalidConversionToInteger
    case outOfBoundsMemoryAccess
    /// `table.get`/`table.set`/bulk table ops out of range, and `call_indirect` past the table's end
    /// ("undefined element"): WasmKit reports both with one reason, so they form one class.
    case tableBounds
    case uninitializedElement
    case indirectCallTypeMismatch
    case interrupt
    case outOfFuel
    case hostError
    case other
}

/// The result of one call (or of instantiation) on one engine.
public enum CallOutcome: Hashable, Sendable, CustomStringConvertible {
    case returned([DiffValue])
    case trapped(TrapClass, message: String)
    /// Call stack exhausted: its own outcome, since engines legitimately differ in how deep they go,
    /// state is not compared after it.
    case stackExhausted
    /// The engine could not run this at all (a feature it lacks): it sits out, counted.
    case unsupported(String)
    /// Instantiation only: the module was rejected (malformed, invalid, or unlinkable).
    case rejected(String)

    public var description: String {
        switch self {
        case .returned(let values): return "returned [\(values.map(\.description).joined(separator: ", "))]"
        case .trapped(let kind, let message): return "trapped \(kind.rawValue) (\(message))"
        case .stackExhausted: return "call stack exhausted"
        case .unsupported(let why): return "unsupported: \(why)"
        case .rejected(let why): return "rejected: \(why)"
        }
    }

    /// Whether two outcomes agree (results under the NaN rule, traps by class).
    public func matches(_ other: CallOutcome) -> Bool {
        switch (self, other) {
        case (.returned(let a), .returned(let b)): return a.matches(b)
        case (.trapped(let a, _), .trapped(let b, _)): return a == b
        case (.stackExhausted, .stackExhausted): return true
        case (.rejected, .rejected): return true
        default: return false
        }
    }
}
