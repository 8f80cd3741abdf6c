import Testing
import WAT
import WasmCore

/// Text spelling of float constants and strings (printer), checked against hand-computed
/// spellings and against WasmKit's parser.
@Test func floatConstantsArePrintedExactly() {
    func text(_ inst: Instruction) -> String {
        var m = ModuleDefinition()
        m.types = [FuncType()]
        m.functions = [0]
        m.codes = [FunctionBody(locals: [], instructions: [inst, .drop, .end])]
        let lines = printWAT(m).split(separator: "\n").map { String($0.drop { $0 == " " }) }
        return lines.first { $0.hasPrefix("f32.const") || $0.hasPrefix("f64.const") } ?? ""
    }
    #expect(text(.f32Const(0x3FC0_0000)) == "f32.const 0x1.8p+0")          // 1.5
    #expect(text(.f32Const(0x8000_0000)) == "f32.const -0x0p+0")           // -0
    #expect(text(.f32Const(0x0000_0001)) == "f32.const 0x0.000002p-126")   // smallest subnormal
    #expect(text(.f32Const(0x7F7F_FFFF)) == "f32.const 0x1.fffffep+127")   // largest finite
    #expect(text(.f32Const(0xFF80_0000)) == "f32.const -inf")
    #expect(text(.f32Const(0x7FC0_0000)) == "f32.const nan:0x400000")
    #expect(text(.f32Const(0xFFA0_0001)) == "f32.const -nan:0x200001")
    #expect(text(.f64Const(0x3FF0_0000_0000_0000)) == "f64.const 0x1p+0")
    #expect(text(.f64Const(0xC000_0000_0000_0000)) == "f64.const -0x1p+1")
    #expect(text(.f64Const(0x0000_0000_0000_0001)) == "f64.const 0x0.0000000000001p-1022")
    #expect(text(.f64Const(0x7FF0_0000_0000_0001)) == "f64.const nan:0x1")
}

@Test func printedFloatsParseBackToTheSameBits() throws {
    // Bit patterns spread over every exponent, plus NaN payloads (a fixed LCG, no randomness).
    var x: UInt64 = 0x1234_5678_9ABC_DEF0
    var body: [Instruction] = []
    for _ in 0..<300 {
        x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        body += [.f32Const(UInt32(truncatingIfNeeded: x >> 32)), .drop, .f64Const(x), .drop]
    }
    var m = ModuleDefinition()
    m.types = [FuncType()]
    m.functions = [0]
    m.codes = [FunctionBody(locals: [], instructions: body + [.end])]
    #expect(try wat2wasm(printWAT(m)) == encodeModule(m))
}

@Test func namesAndStringsAreEscaped() throws {
    var m = ModuleDefinition()
    m.types = [FuncType(params: [.i32])]
    m.imports = [Import(module: "a\"b\\c", name: "\u{1}é", descriptor: .function(typeIndex: 0))]
    m.functions = [0]
    m.codes = [FunctionBody(locals: [LocalDecl(count: 1, type: .i64)], instructions: [.localGet(0), .call(1), .call(0), .end])]
    m.memories = [MemoryType(limits: Limits(min: 1))]
    m.datas = [DataSegment(mode: .active(memoryIndex: 0, offset: ConstExpr([.i32Const(0)])), bytes: [0, 0x22, 0x5C, 0x7F, 0x41])]
    // A valid name, a name that is not an identifier, and a local name.
    m.names = NameSection(moduleName: "mod", functionNames: [0: "imp", 1: "has space"], localNames: [1: [0: "p", 1: "x"]])
    let text = printWAT(m)
    #expect(text.contains("(import \"a\\22b\\5cc\" \"\\01\\c3\\a9\" (func $imp"))
    #expect(text.contains("\"\\00\\22\\5c\\7fA\""))
    #expect(text.contains("call 1"))
    #expect(text.contains("call $imp"))
    #expect(text.contains("local.get $p"))
    #expect(text.contains("(local $x i64)"))
    #expect(text.hasPrefix("(module $mod"))
    var unnamed = m
    unnamed.names = nil
    #expect(try wat2wasm(text) == encodeModule(unnamed))
}
