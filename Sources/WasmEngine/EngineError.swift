/// Errors of engine configuration (`Engine.init`) and of API misuse (wrong store, wrong value type).
public struct EngineError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

