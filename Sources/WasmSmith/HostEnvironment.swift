import WasmCore

/// The imports generated modules may use, all from module `"host"`. The differential oracle
/// provides exactly these, with these types, so every generated module can be instantiated.
public enum HostEnvironment {
    public static let moduleName = "host"

    /// Host functions: `tick` advances the engine epoch; the `log_*` sinks record their argument.
    public static let functions: [(name: String, type: FuncType)] = [
        ("tick", FuncType()),
        ("log_i32", FuncType(params: [.i32])),
        ("log_i64", FuncType(params: [.i64])),
        ("log_f32", FuncType(params: [.f32])),
        ("log_f64", FuncType(params: [.f64])),
    ]

    /// Host globals and their values (floats as bit patterns). `mut_i32` is mutable (needs the
    /// mutable-globals feature to be imported).
    public static let globals: [(name: String, type: GlobalType, value: Instruction)] = [
        ("g_i32", GlobalType(valueType: .i32, mutability: .constant), .i32Const(42)),
        ("g_i64", GlobalType(valueType: .i64, mutability: .constant), .i64Const(-7)),
        ("g_f32", GlobalType(valueType: .f32, mutability: .constant), .f32Const(0x3FC0_0000)),
        ("g_f64", GlobalType(valueType: .f64, mutability: .constant), .f64Const(0x4004_0000_0000_0000)),
        ("mut_i32", GlobalType(valueType: .i32, mutability: .variable), .i32Const(0)),
    ]

    /// The host memory: 1 page, at most 2 pages.
    public static let memory = (name: "memory", type: MemoryType(limits: Limits(min: 1, max: 2)))

    /// The host table: 10 `funcref` entries (all null), at most 20.
    public static let table = (name: "table", type: TableType(elementType: .funcref, limits: Limits(min: 10, max: 20)))
}
