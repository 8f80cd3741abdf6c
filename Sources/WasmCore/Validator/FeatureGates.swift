/// Rejection of instructions and types from proposals that `Features` leaves disabled.
extension Features {
    /// The spec-test-style name of a single proposal, for "… support is not enabled" messages.
    var proposalName: String {
        switch self {
        case .mutableGlobals: return "mutable globals"
        case .saturatingFloatToInt: return "saturating float-to-int conversions"
        case .signExtension: return "sign extension operators"
        case .multiValue: return "multi-value"
        case .referenceTypes: return "reference types"
        case .bulkMemory: return "bulk memory"
        case .simd: return "SIMD"
        default: return "proposal"
        }
    }

    func require(_ feature: Features, functionIndex: UInt32? = nil, offset: Int? = nil) throws(ValidationError) {
        guard contains(feature) else {
            throw ValidationError("\(feature.proposalName) support is not enabled", functionIndex: functionIndex, offset: offset)
        }
    }
}

extension Instruction {
    /// The proposal this instruction belongs to, if it is not part of the MVP. (`call_indirect`
    /// with a non-zero table and `select` of reference types are checked separately.)
    var requiredFeature: Features? {
        switch self {
        case .refNull, .refIsNull, .refFunc, .selectTyped, .tableGet, .tableSet, .tableGrow, .tableSize, .tableFill:
            return .referenceTypes
        case .tableInit, .elemDrop, .tableCopy, .memoryInit, .dataDrop, .memoryCopy, .memoryFill:
            return .bulkMemory
        case .numeric(let op):
            return op.requiredFeature
        default:
            return nil
        }
    }
}

extension FunctionValidator {
    /// Rejects `instruction` if it needs a proposal missing from `features`.
    func checkFeature(_ instruction: Instruction, _ features: Features) throws(ValidationError) {
        if let feature = instruction.requiredFeature, !features.contains(feature) {
            throw error("\(feature.proposalName) support is not enabled")
        }
        if case .callIndirect(_, let table) = instruction, table != 0, !features.contains(.referenceTypes) {
            throw error("\(Features.referenceTypes.proposalName) support is not enabled")
        }
    }
}
