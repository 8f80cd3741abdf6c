import WasmEngine

/// The `spectest` host module the spec suite imports from, as the reference interpreter
/// defines it: print functions that do nothing visible, globals holding 666 / 666.6,
/// a funcref table with limits 10..20 and a memory with limits 1..2.
public enum Spectest {
    /// The module name scripts import from.
    public static let moduleName = "spectest"

    /// The print functions and their parameter types; none returns a value.
    public static let functions: [(name: String, params: [ValueType])] = [
        ("print", []),
        ("print_i32", [.i32]),
        ("print_i64", [.i64]),
        ("print_f32", [.f32]),
        ("print_f64", [.f64]),
        ("print_i32_f32", [.i32, .f32]),
        ("print_f64_f64", [.f64, .f64]),
    ]

    /// The immutable globals and their values.
    public static let globals: [(name: String, value: Value)] = [
        ("global_i32", .i32(666)),
        ("global_i64", .i64(666)),
        ("global_f32", .float32(666.6)),
        ("global_f64", .float64(666.6)),
    ]

    public static let tableType = TableType(elementType: .funcref, limits: Limits(min: 10, max: 20))
    public static let memoryType = MemoryType(limits: Limits(min: 1, max: 2))

    /// Defines every `spectest` export in `linker`, creating its objects in `store`.
    public static func define(in linker: Linker, store: Store) throws {
        for function in functions {
            try linker.defineFunction(store, moduleName, function.name, type: FuncType(params: function.params)) { _, _ in [] }
        }
        for global in globals {
            let type = GlobalType(valueType: global.value.type, mutability: .constant)
            try linker.define(moduleName, global.name, .global(try Global(store, type: type, value: global.value)))
        }
        try linker.define(moduleName, "table", .table(try Table(store, type: tableType, initial: .funcref(nil))))
        try linker.define(moduleName, "memory", .memory(try Memory(store, type: memoryType)))
    }
}
