/// Facts about a function body that the validator gathers while it checks the body
/// (`decodeAndValidateModule` attaches them to `FunctionBody.profile`), so that a compiler can
/// plan a body (which registers to reserve, which locals to keep in registers) without a scan
/// of its own over the instructions.
public struct BodyProfile: Hashable, Sendable {
    /// Bit `w` set: a load or store of `w` bytes occurs (`w` in 1, 2, 4, 8).
    public var accessWidths: UInt16 = 0
    /// `memory.size` occurs.
    public var readsMemorySize = false
    /// `memory.grow` occurs.
    public var growsMemory = false
    /// `call` or `call_indirect` occurs.
    public var callsFunctions = false
    /// `table.copy` or `table.init` occurs.
    public var copiesOrInitializesTables = false
    /// The parameters of every `if` with a type-index block type, added up.
    public var ifParameterCount = 0
    /// For each local (parameters first): its `local.get`, `local.set` and `local.tee` count,
    /// a use inside `n` nested loops counting `8^n` (capped at `2^50`).
    public var localUses: [Int] = []

    public init() {}

    /// The weight of a local use inside `loopDepth` nested loops.
    @inline(__always)
    static func useWeight(loopDepth: Int) -> Int { 1 << Swift.min(3 * loopDepth, 40) }

    /// Adds one use of local `index` at `weight` (`useWeight`).
    @inline(__always)
    mutating func addUse(_ index: UInt32, weight: Int) {
        guard Int(index) < localUses.count else { return }
        localUses[Int(index)] = Swift.min(localUses[Int(index)] + weight, 1 << 50)
    }
}
