/// The index spaces of one component during decoding: how many items of each sort are defined
/// so far, to check that every index refers to an earlier definition (component model
/// validation builds index spaces incrementally, so forward references are invalid).
struct ComponentIndexSpaces {
    private var counts: [ComponentSort: Int] = [:]
    /// False once a section was skipped: counts may then be too low, so checks are off.
    var isComplete = true

    func count(_ sort: ComponentSort) -> Int { counts[sort, default: 0] }

    mutating func add(_ sort: ComponentSort, _ n: Int = 1) {
        counts[sort, default: 0] += n
    }

    /// Throws "unknown <sort> <index>" if `index` is not yet defined in `sort`'s space.
    func check(_ sort: ComponentSort, _ index: UInt32, at offset: Int) throws(ValidationError) {
        guard isComplete, Int(index) >= count(sort) else { return }
        throw ValidationError("unknown \(sort) \(index): \(sort) index out of bounds", offset: offset)
    }

    func check(_ item: ComponentSortIndex, at offset: Int) throws(ValidationError) {
        try check(item.sort, item.index, at: offset)
    }

    /// Checks the type indices an import or export type refers to.
    func check(_ desc: ComponentExternDesc, at offset: Int) throws(ValidationError) {
        switch desc {
        case .coreModule(let t): try check(.core(.type), t, at: offset)
        case .function(let t), .component(let t), .instance(let t), .type(.equal(let t)), .value(.typeIndex(let t)):
            try check(.type, t, at: offset)
        case .type(.subResource), .value(.primitive): break
        }
    }
}
