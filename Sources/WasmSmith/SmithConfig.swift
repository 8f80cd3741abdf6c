import WasmCore

/// What the generator may produce, like wasm-smith's `Config`. Every field has a default, and a
/// JSON file may set any subset of them. `arbitrary(_:)` draws a whole configuration from bytes
/// (swarm testing: each module explores a different corner of the feature space).
public struct SmithConfig: Hashable, Sendable {
    // Wasm 2.0 features.
    public var multiValue = true
    public var referenceTypes = true
    public var bulkMemory = true
    public var signExtension = true
    public var saturatingFloatToInt = true
    public var mutableGlobals = true

    // Counts (inclusive bounds). Tables and memories count imports too.
    public var minTypes = 0, maxTypes = 8
    public var minImports = 0, maxImports = 6
    public var minFunctions = 0, maxFunctions = 8
    public var minGlobals = 0, maxGlobals = 6
    public var minTables = 0, maxTables = 3
    public var minMemories = 0, maxMemories = 1
    public var minElements = 0, maxElements = 4
    public var minData = 0, maxData = 4
    public var minExports = 0, maxExports = 8
    public var maxParams = 4, maxResults = 3, maxLocals = 6
    public var maxInstructions = 60
    public var maxNesting = 6
    public var maxMemoryPages: UInt64 = 4
    public var maxTableSize: UInt64 = 32
    public var maxSegmentLength = 16

    // Behaviour.
    public var exportEverything = false
    public var canonicalizeNaNs = false
    public var disallowTraps = false
    public var ensureTermination = true
    public var allowStart = true
    /// Integer values the code would drop (the `drop` instruction, surplus operands at block and
    /// function ends) are folded into exported globals `sink_i32` / `sink_i64` with `xor` instead,
    /// so a wrong intermediate result shows in the state the oracle compares. Needs `mutableGlobals`.
    public var sinkDroppedValues = true
    /// Starting value of the fuel global when `ensureTermination` is set.
    public var fuel: Int32 = 1000
    /// The numeric operators generated code may use (among those the features enable); nil for
    /// all. Narrowing it concentrates generation on a few operators (as wasm-smith's
    /// `allowed_instructions`), e.g. to hunt a bug in one of them. Guard and fuel sequences use
    /// their own operators regardless. In JSON: a list of mnemonics (`"i32.sub"`).
    public var allowedNumericOps: [NumericOp]? = nil

    public init() {}

    /// The validator features the generated modules need.
    public var features: Features {
        var f: Features = []
        if multiValue { f.insert(.multiValue) }
        if referenceTypes { f.insert(.referenceTypes) }
        if bulkMemory { f.insert(.bulkMemory) }
        if signExtension { f.insert(.signExtension) }
        if saturatingFloatToInt { f.insert(.saturatingFloatToInt) }
        if mutableGlobals { f.insert(.mutableGlobals) }
        return f
    }

    /// A configuration drawn from bytes: random feature switches, count limits and behaviours.
    public static func arbitrary(_ u: inout Unstructured) -> SmithConfig {
        var c = SmithConfig()
        c.multiValue = u.ratio(4, 5)
        c.referenceTypes = u.ratio(4, 5)
        c.bulkMemory = c.referenceTypes || u.ratio(4, 5)
        c.signExtension = u.ratio(4, 5)
        c.saturatingFloatToInt = u.ratio(4, 5)
        c.mutableGlobals = u.ratio(4, 5)
        c.maxTypes = u.int(in: 1...12)
        c.maxImports = u.int(in: 0...8)
        c.minFunctions = u.int(in: 0...2)
        c.maxFunctions = u.int(in: c.minFunctions...12)
        c.maxGlobals = u.int(in: 0...8)
        c.maxTables = u.int(in: 0...4)
        c.minMemories = u.int(in: 0...1)
        c.maxElements = u.int(in: 0...6)
        c.maxData = u.int(in: 0...6)
        c.maxExports = u.int(in: 0...10)
        c.maxParams = u.int(in: 0...6)
        c.maxResults = u.int(in: 0...4)
        c.maxLocals = u.int(in: 0...8)
        c.maxInstructions = u.int(in: 1...150)
        c.maxNesting = u.int(in: 0...8)
        c.maxMemoryPages = u.int(in: 0...UInt64(4))
        c.maxTableSize = u.int(in: 0...UInt64(64))
        c.exportEverything = u.ratio(1, 3)
        c.canonicalizeNaNs = u.ratio(1, 3)
        c.disallowTraps = u.ratio(1, 3)
        c.ensureTermination = u.ratio(3, 4)
        c.allowStart = u.bool()
        c.fuel = Int32(u.int(in: 0...2000))
        c.sinkDroppedValues = u.ratio(3, 4)
        return c
    }
}

extension SmithConfig: Codable {
    private enum CodingKeys: String, CodingKey {
        case multiValue, referenceTypes, bulkMemory, signExtension, saturatingFloatToInt, mutableGlobals
        case minTypes, maxTypes, minImports, maxImports, minFunctions, maxFunctions, minGlobals, maxGlobals
        case minTables, maxTables, minMemories, maxMemories, minElements, maxElements, minData, maxData
        case minExports, maxExports, maxParams, maxResults, maxLocals, maxInstructions, maxNesting
        case maxMemoryPages, maxTableSize, maxSegmentLength
        case exportEverything, canonicalizeNaNs, disallowTraps, ensureTermination, allowStart, fuel
        case allowedNumericOps, sinkDroppedValues
    }

    /// Decodes a configuration; missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        func get<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            if let v = try c.decodeIfPresent(T.self, forKey: key) { value = v }
        }
        try get(.multiValue, &multiValue); try get(.referenceTypes, &referenceTypes)
        try get(.bulkMemory, &bulkMemory); try get(.signExtension, &signExtension)
        try get(.saturatingFloatToInt, &saturatingFloatToInt); try get(.mutableGlobals, &mutableGlobals)
        try get(.minTypes, &minTypes); try get(.maxTypes, &maxTypes)
        try get(.minImports, &minImports); try get(.maxImports, &maxImports)
        try get(.minFunctions, &minFunctions); try get(.maxFunctions, &maxFunctions)
        try get(.minGlobals, &minGlobals); try get(.maxGlobals, &maxGlobals)
        try get(.minTables, &minTables); try get(.maxTables, &maxTables)
        try get(.minMemories, &minMemories); try get(.maxMemories, &maxMemories)
        try get(.minElements, &minElements); try get(.maxElements, &maxElements)
        try get(.minData, &minData); try get(.maxData, &maxData)
        try get(.minExports, &minExports); try get(.maxExports, &maxExports)
        try get(.maxParams, &maxParams); try get(.maxResults, &maxResults); try get(.maxLocals, &maxLocals)
        try get(.maxInstructions, &maxInstructions); try get(.maxNesting, &maxNesting)
        try get(.maxMemoryPages, &maxMemoryPages); try get(.maxTableSize, &maxTableSize)
        try get(.maxSegmentLength, &maxSegmentLength)
        try get(.exportEverything, &exportEverything); try get(.canonicalizeNaNs, &canonicalizeNaNs)
        try get(.disallowTraps, &disallowTraps); try get(.ensureTermination, &ensureTermination)
        try get(.allowStart, &allowStart); try get(.fuel, &fuel)
        try get(.sinkDroppedValues, &sinkDroppedValues)
        if let names = try c.decodeIfPresent([String].self, forKey: .allowedNumericOps) {
            allowedNumericOps = try names.map { name in
                guard let op = NumericOp.allCases.first(where: { $0.name == name }) else {
                    throw DecodingError.dataCorruptedError(forKey: .allowedNumericOps, in: c, debugDescription: "unknown numeric operator \(name)")
                }
                return op
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(multiValue, forKey: .multiValue); try c.encode(referenceTypes, forKey: .referenceTypes)
        try c.encode(bulkMemory, forKey: .bulkMemory); try c.encode(signExtension, forKey: .signExtension)
        try c.encode(saturatingFloatToInt, forKey: .saturatingFloatToInt)
        try c.encode(mutableGlobals, forKey: .mutableGlobals)
        try c.encode(minTypes, forKey: .minTypes); try c.encode(maxTypes, forKey: .maxTypes)
        try c.encode(minImports, forKey: .minImports); try c.encode(maxImports, forKey: .maxImports)
        try c.encode(minFunctions, forKey: .minFunctions); try c.encode(maxFunctions, forKey: .maxFunctions)
        try c.encode(minGlobals, forKey: .minGlobals); try c.encode(maxGlobals, forKey: .maxGlobals)
        try c.encode(minTables, forKey: .minTables); try c.encode(maxTables, forKey: .maxTables)
        try c.encode(minMemories, forKey: .minMemories); try c.encode(maxMemories, forKey: .maxMemories)
        try c.encode(minElements, forKey: .minElements); try c.encode(maxElements, forKey: .maxElements)
        try c.encode(minData, forKey: .minData); try c.encode(maxData, forKey: .maxData)
        try c.encode(minExports, forKey: .minExports); try c.encode(maxExports, forKey: .maxExports)
        try c.encode(maxParams, forKey: .maxParams); try c.encode(maxResults, forKey: .maxResults)
        try c.encode(maxLocals, forKey: .maxLocals); try c.encode(maxInstructions, forKey: .maxInstructions)
        try c.encode(maxNesting, forKey: .maxNesting); try c.encode(maxMemoryPages, forKey: .maxMemoryPages)
        try c.encode(maxTableSize, forKey: .maxTableSize); try c.encode(maxSegmentLength, forKey: .maxSegmentLength)
        try c.encode(exportEverything, forKey: .exportEverything); try c.encode(canonicalizeNaNs, forKey: .canonicalizeNaNs)
        try c.encode(disallowTraps, forKey: .disallowTraps); try c.encode(ensureTermination, forKey: .ensureTermination)
        try c.encode(allowStart, forKey: .allowStart); try c.encode(fuel, forKey: .fuel)
        try c.encode(sinkDroppedValues, forKey: .sinkDroppedValues)
        try c.encodeIfPresent(allowedNumericOps?.map(\.name), forKey: .allowedNumericOps)
    }
}
