import Testing
import WAT
import WasmCore

private let header: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

@Test func emptyModuleIsJustTheHeader() {
    #expect(encodeModule(ModuleDefinition()) == header)
}

@Test func leb128MatchesTheSpecExamples() {
    var w = BinaryWriter()
    w.u32(624_485)          // Wikipedia/DWARF example: E5 8E 26
    w.signed(-123_456)      // C0 BB 78
    w.signed(63)            // 3F
    w.signed(64)            // C0 00 (needs a second byte for the sign bit)
    w.signed(-64)           // 40
    w.signed(Int64.min)     // 80 x9, 7F
    w.u32(UInt32.max)       // FF FF FF FF 0F
    #expect(w.bytes == [0xE5, 0x8E, 0x26, 0xC0, 0xBB, 0x78, 0x3F, 0xC0, 0x00, 0x40]
        + Array(repeating: 0x80, count: 9) + [0x7F] + [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
}

@Test func smallFunctionModuleHasTheExpectedBytes() {
    var m = ModuleDefinition()
    m.types = [FuncType(params: [.i32], results: [.i32])]
    m.functions = [0]
    m.exports = [Export(name: "f", kind: .function, index: 0)]
    m.codes = [FunctionBody(locals: [LocalDecl(count: 2, type: .i64)],
                            instructions: [.localGet(0), .i32Const(-1), .numeric(.i32Add), .end])]
    let expected: [UInt8] = header + [
        0x01, 0x06, 0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F,        // type section
        0x03, 0x02, 0x01, 0x00,                                // function section
        0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00,              // export "f" func 0
        0x0A, 0x0B, 0x01, 0x09, 0x01, 0x02, 0x7E,              // code: 1 body, size 9, locals 2 x i64
        0x20, 0x00, 0x41, 0x7F, 0x6A, 0x0B,                    // local.get 0, i32.const -1, i32.add, end
    ]
    #expect(encodeModule(m) == expected)
}

@Test func elementSegmentsUseTheSmallestFittingForm() {
    func elementSection(_ e: ElementSegment) -> [UInt8] {
        var m = ModuleDefinition()
        m.elements = [e]
        return Array(encodeModule(m).dropFirst(8 + 2))  // header, section id and size
    }
    let zero = ConstExpr([.i32Const(0)])
    let f1 = ConstExpr([.refFunc(1)])
    // Form 0: active on table 0, function indices.
    #expect(elementSection(ElementSegment(type: .funcref, mode: .active(tableIndex: 0, offset: zero), items: [f1]))
        == [0x01, 0x00, 0x41, 0x00, 0x0B, 0x01, 0x01])
    // Form 1: passive, elemkind 0, function indices.
    #expect(elementSection(ElementSegment(type: .funcref, mode: .passive, items: [f1])) == [0x01, 0x01, 0x00, 0x01, 0x01])
    // Form 2: active on table 2.
    #expect(elementSection(ElementSegment(type: .funcref, mode: .active(tableIndex: 2, offset: zero), items: [f1]))
        == [0x01, 0x02, 0x02, 0x41, 0x00, 0x0B, 0x00, 0x01, 0x01])
    // Form 3: declarative.
    #expect(elementSection(ElementSegment(type: .funcref, mode: .declarative, items: [f1])) == [0x01, 0x03, 0x00, 0x01, 0x01])
    // Form 4: active on table 0 with an expression item.
    #expect(elementSection(ElementSegment(type: .funcref, mode: .active(tableIndex: 0, offset: zero), items: [ConstExpr([.refNull(.funcref)])]))
        == [0x01, 0x04, 0x41, 0x00, 0x0B, 0x01, 0xD0, 0x70, 0x0B])
    // Form 5: passive externref expressions.
    #expect(elementSection(ElementSegment(type: .externref, mode: .passive, items: [ConstExpr([.refNull(.externref)])]))
        == [0x01, 0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B])
    // Form 6: active externref on table 0 (forms 0 and 4 imply funcref).
    #expect(elementSection(ElementSegment(type: .externref, mode: .active(tableIndex: 0, offset: zero), items: []))
        == [0x01, 0x06, 0x00, 0x41, 0x00, 0x0B, 0x6F, 0x00])
    // Form 7: declarative expressions.
    #expect(elementSection(ElementSegment(type: .funcref, mode: .declarative, items: [ConstExpr([.refNull(.funcref)])]))
        == [0x01, 0x07, 0x70, 0x01, 0xD0, 0x70, 0x0B])
}

@Test func nameSectionHasModuleFunctionAndLocalSubsections() {
    var m = ModuleDefinition()
    m.names = NameSection(moduleName: "m", functionNames: [1: "b", 0: "a"], localNames: [0: [0: "x"]])
    let expected: [UInt8] = header + [
        0x00, 0x1A, 0x04, 0x6E, 0x61, 0x6D, 0x65,              // custom section "name", 26 bytes
        0x00, 0x02, 0x01, 0x6D,                                // module name "m"
        0x01, 0x07, 0x02, 0x00, 0x01, 0x61, 0x01, 0x01, 0x62,  // function names sorted by index
        0x02, 0x06, 0x01, 0x00, 0x01, 0x00, 0x01, 0x78,        // local names
    ]
    #expect(encodeModule(m) == expected)
}

/// A module using every section kind, built by hand, encodes exactly as WasmKit assembles the
/// equivalent text.
@Test func handBuiltModuleMatchesWasmKit() throws {
    var m = ModuleDefinition()
    m.types = [FuncType(), FuncType(params: [.i32, .i64], results: [.f32, .f64])]
    m.imports = [
        Import(module: "host", name: "tick", descriptor: .function(typeIndex: 0)),
        Import(module: "host", name: "g", descriptor: .global(GlobalType(valueType: .i32, mutability: .constant))),
    ]
    m.functions = [1, 0]
    m.tables = [TableType(elementType: .funcref, limits: Limits(min: 2, max: 10)), TableType(elementType: .externref, limits: Limits(min: 0))]
    m.memories = [MemoryType(limits: Limits(min: 1, max: 3))]
    m.globals = [GlobalDefinition(type: GlobalType(valueType: .f64, mutability: .variable), initializer: ConstExpr([.f64Const(0x7FF0_0000_0000_0001)]))]
    m.exports = [Export(name: "run", kind: .function, index: 2), Export(name: "mem", kind: .memory, index: 0)]
    m.start = 2
    m.elements = [
        ElementSegment(type: .funcref, mode: .active(tableIndex: 0, offset: ConstExpr([.globalGet(0)])), items: [ConstExpr([.refFunc(1)])]),
        ElementSegment(type: .externref, mode: .passive, items: [ConstExpr([.refNull(.externref)])]),
    ]
    m.dataCount = 2
    m.codes = [
        FunctionBody(locals: [LocalDecl(count: 1, type: .f32)], instructions: [
            .localGet(0), .localGet(1), .block(.typeIndex(1)), .drop, .drop, .f32Const(0x3FC0_0000), .f64Const(0), .end,
            .drop, .drop, .f32Const(0x7FC0_0000), .f64Const(0x8000_0000_0000_0000), .end,
        ]),
    ]
    // The second body: a load and a store, bulk memory and table instructions, call_indirect.
    m.codes.append(FunctionBody(locals: [], instructions: [
        .i32Const(16), .i32Const(0), .load(.i64Load32U, MemArg(align: 1, offset: 8)), .store(.i64Store, MemArg(align: 3, offset: 0)),
        .i32Const(0), .i32Const(0), .i32Const(1), .memoryInit(dataIndex: 1, memoryIndex: 0), .dataDrop(0),
        .i32Const(0), .i32Const(0), .i32Const(0), .tableInit(elementIndex: 1, tableIndex: 1), .elemDrop(1),
        .i32Const(1), .callIndirect(typeIndex: 0, tableIndex: 0),
        .f32Const(0x7FA0_0000), .numeric(.i32TruncSatF32U), .drop, .end,
    ]))
    m.datas = [
        DataSegment(mode: .active(memoryIndex: 0, offset: ConstExpr([.i32Const(4)])), bytes: [0x00, 0x22, 0x5C, 0xFF]),
        DataSegment(mode: .passive, bytes: Array("hi".utf8)),
    ]
    let text = """
    (module
      (type (func))
      (type (func (param i32 i64) (result f32 f64)))
      (import "host" "tick" (func (type 0)))
      (import "host" "g" (global i32))
      (func (type 1) (local f32)
        local.get 0 local.get 1
        block (type 1)
          drop drop f32.const 1.5 f64.const 0
        end
        drop drop f32.const nan f64.const -0)
      (func (type 0)
        i32.const 16 i32.const 0 i64.load32_u offset=8 align=2 i64.store
        i32.const 0 i32.const 0 i32.const 1 memory.init 1 data.drop 0
        i32.const 0 i32.const 0 i32.const 0 table.init 1 1 elem.drop 1
        i32.const 1 call_indirect (type 0)
        f32.const nan:0x200000 i32.trunc_sat_f32_u drop)
      (table 2 10 funcref)
      (table 0 externref)
      (memory 1 3)
      (global (mut f64) (f64.const nan:0x1))
      (export "run" (func 2))
      (export "mem" (memory 0))
      (start 2)
      (elem (table 0) (offset global.get 0) func 1)
      (elem externref (ref.null extern))
      (data (offset (i32.const 4)) "\\00\\22\\5c\\ff")
      (data "hi"))
    """
    let reference = try wat2wasm(text)
    let encoded = encodeModule(m)
    #expect(encoded == reference, "encoder \(encoded.map { String($0, radix: 16) })\nwat2wasm \(reference.map { String($0, radix: 16) })")
}
