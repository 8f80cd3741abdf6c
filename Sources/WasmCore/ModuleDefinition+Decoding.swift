/// Conveniences on `ModuleDefinition` for decoded modules.
extension ModuleDefinition {
    /// Decodes a module binary; see `decodeModule(_:features:)`.
    public init(decoding bytes: [UInt8], features: Features = .wasm2) throws {
        self = try decodeModule(bytes, features: features)
    }

    /// The custom sections called `name`, in binary order.
    public func customSections(named name: String) -> [CustomSection] {
        customSections.filter { $0.name == name }
    }

    /// Number of functions in the function index space (imported and defined).
    public var functionCount: Int { importedFunctions.count + functions.count }

    /// The index, in the function index space, of the `i`th defined function.
    public func functionIndex(ofDefined i: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: importedFunctions.count + i)
    }
}
