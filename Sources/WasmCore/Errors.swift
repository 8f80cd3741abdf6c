/// Errors of decoding and validation. Messages use the spec test suite's words
/// ("unexpected end", "integer too large", "type mismatch", ...), so `assert_malformed`
/// and `assert_invalid` can be checked against them.

/// The binary is malformed (core spec §5): it does not follow the binary format.
public struct DecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Byte offset in the input where the problem was found.
    public var offset: Int
    /// A spec-like message, e.g. "unexpected end" or "malformed section id".
    public var message: String

    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "malformed module at offset \(offset): \(message)" }
}

/// The module is well-formed but invalid (core spec §3).
public struct ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A spec-like message, e.g. "type mismatch" or "unknown function 3".
    public var message: String
    /// Index (in the function index space) of the function whose body is invalid, if any.
    public var functionIndex: UInt32?
    /// Byte offset of the offending instruction or item in the module binary, if known.
    public var offset: Int?

    public init(_ message: String, functionIndex: UInt32? = nil, offset: Int? = nil) {
        self.message = message
        self.functionIndex = functionIndex
        self.offset = offset
    }

    public var description: String {
        var s = "invalid module"
        if let f = functionIndex { s += " in function \(f)" }
        if let o = offset { s += " at offset \(o)" }
        return s + ": " + message
    }
}
