/// Validation of constant expressions (core spec §3.3.10): global initializers, segment offsets
/// and element items. In Wasm 2.0 `global.get` may only read imported, immutable globals.
extension ModuleContext {
    /// Checks that `expr` is constant and produces exactly one value of type `expected`.
    func validateConstant(_ expr: ConstExpr, expected: ValueType) throws(ValidationError) {
        var depth = 0
        var top: ValueType = .i32
        for instruction in expr.instructions {
            switch instruction {
            case .i32Const: top = .i32
            case .i64Const: top = .i64
            case .f32Const: top = .f32
            case .f64Const: top = .f64
            case .refNull(let t):
                try features.require(.referenceTypes)
                top = .ref(t)
            case .refFunc(let function):
                guard Int(function) < functionTypeIndices.count else { throw ValidationError("unknown function \(function)") }
                top = .funcref
            case .globalGet(let index):
                guard Int(index) < importedGlobalCount, let global = global(index) else {
                    throw ValidationError("unknown global \(index)")
                }
                guard !global.isMutable else { throw ValidationError("constant expression required") }
                top = global.valueType
            default:
                throw ValidationError("constant expression required")
            }
            depth += 1
        }
        guard depth == 1, top == expected else { throw ValidationError("type mismatch") }
    }
}
