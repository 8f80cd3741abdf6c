/// Wasm proposals a module may use (checked by the validator). The Wasm 2.0 set is on by default.
public struct Features: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let mutableGlobals = Features(rawValue: 1 << 0)
    public static let saturatingFloatToInt = Features(rawValue: 1 << 1)
    public static let signExtension = Features(rawValue: 1 << 2)
    public static let multiValue = Features(rawValue: 1 << 3)
    public static let referenceTypes = Features(rawValue: 1 << 4)
    public static let bulkMemory = Features(rawValue: 1 << 5)
    public static let simd = Features(rawValue: 1 << 6)

    /// Everything in Wasm 2.0 except SIMD (not implemented yet).
    public static let wasm2: Features = [.mutableGlobals, .saturatingFloatToInt, .signExtension, .multiValue, .referenceTypes, .bulkMemory]
}

