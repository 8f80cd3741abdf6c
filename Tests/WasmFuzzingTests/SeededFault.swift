import WasmCore
import WasmOracle

/// A deliberately wrong engine for minimizer tests: it runs a rewritten module in which every
/// `i32.mul` yields one more than it should when its left operand is negative. The rewrite
/// charges different fuel than the original, so the engine sits out fuel runs.
final class MulOffByOneEngine: DiffEngine {
    let inner: any DiffEngine
    var name: String { "mul-off-by-one-\(inner.name)" }

    init(_ inner: any DiffEngine) { self.inner = inner }

    func unsupportedReason(for options: RunOptions) -> String? {
        if options.fuel != nil { return "the seeded fault changes fuel use" }
        return inner.unsupportedReason(for: options)
    }

    func instantiate(_ bytes: [UInt8], module: ModuleDefinition, options: RunOptions) -> (CallOutcome, (any DiffInstance)?) {
        let faulty = Self.rewrite(module)
        return inner.instantiate(encodeModule(faulty), module: faulty, options: options)
    }

    /// `i32.mul` → `local.set $b local.tee $a local.get $b i32.mul local.get $a i32.const 31 i32.shr_u i32.add`.
    static func rewrite(_ module: ModuleDefinition) -> ModuleDefinition {
        var m = module
        let imported = m.importedFunctions.count
        for f in m.codes.indices where m.codes[f].instructions.contains(.numeric(.i32Mul)) {
            guard let type = m.functionType(at: UInt32(imported + f)) else { continue }
            let a = UInt32(type.params.count + m.codes[f].expandedLocals.count), b = a + 1
            m.codes[f].locals.append(LocalDecl(count: 2, type: .i32))
            m.codes[f].instructions = m.codes[f].instructions.flatMap { instruction -> [Instruction] in
                guard instruction == .numeric(.i32Mul) else { return [instruction] }
                return [.localSet(b), .localTee(a), .localGet(b), .numeric(.i32Mul),
                        .localGet(a), .i32Const(31), .numeric(.i32ShrU), .numeric(.i32Add)]
            }
            m.codes[f].offsets = []
        }
        return m
    }
}
