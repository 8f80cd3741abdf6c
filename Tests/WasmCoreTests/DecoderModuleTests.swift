import Testing
import WAT
@testable import WasmCore

/// Decoding of well-formed modules: every section, bodies with offsets, element and data
/// segment forms. Expected values are written from the module text or the hand-built bytes.
@Suite struct DecoderModuleTests {
    @Test func emptyModule() throws {
        let m = try decodeModule(Bin.header)
        #expect(m == ModuleDefinition())
    }

    @Test func watModuleSections() throws {
        let bytes = try wat2wasm("""
        (module
          (type $t (func (param i32 i64) (result f32)))
          (import "env" "f" (func $f (type $t)))
          (import "env" "tab" (table 2 10 funcref))
          (import "env" "mem" (memory 1))
          (import "env" "g" (global $g (mut i32)))
          (table $t2 3 externref)
          (memory 2 5)
          (global $h f64 (f64.const 1.5))
          (func $add (param i32 i32) (result i32) (local i64 i64 f32)
            local.get 0
            local.get 1
            i32.add)
          (export "add" (func $add))
          (export "mem" (memory 0))
          (export "h" (global $h))
          (export "t2" (table $t2))
          (start $s)
          (func $s)
        )
        """)
        let m = try decodeModule(bytes)
        #expect(m.types.contains(FuncType(params: [.i32, .i64], results: [.f32])))
        #expect(m.types.contains(FuncType(params: [.i32, .i32], results: [.i32])))
        #expect(m.imports == [
            Import(module: "env", name: "f", descriptor: .function(typeIndex: 0)),
            Import(module: "env", name: "tab", descriptor: .table(TableType(elementType: .funcref, limits: Limits(min: 2, max: 10)))),
            Import(module: "env", name: "mem", descriptor: .memory(MemoryType(limits: Limits(min: 1)))),
            Import(module: "env", name: "g", descriptor: .global(GlobalType(valueType: .i32, mutability: .variable))),
        ])
        #expect(m.tables == [TableType(elementType: .externref, limits: Limits(min: 3))])
        #expect(m.memories == [MemoryType(limits: Limits(min: 2, max: 5))])
        #expect(m.globals == [GlobalDefinition(type: GlobalType(valueType: .f64, mutability: .constant),
                                               initializer: ConstExpr([.f64Const(0x3FF8_0000_0000_0000)]))])
        #expect(m.functions.count == 2)
        #expect(m.functionType(at: 1) == FuncType(params: [.i32, .i32], results: [.i32]))
        #expect(m.functionType(at: 2) == FuncType())
        #expect(m.exports == [
            Export(name: "add", kind: .function, index: 1),
            Export(name: "mem", kind: .memory, index: 0),
            Export(name: "h", kind: .global, index: 1),
            Export(name: "t2", kind: .table, index: 1),
        ])
        #expect(m.start == 2)
        #expect(m.codes.count == 2)
        let add = m.codes[0]
        #expect(add.locals == [LocalDecl(count: 2, type: .i64), LocalDecl(count: 1, type: .f32)])
        #expect(add.instructions == [.localGet(0), .localGet(1), .numeric(.i32Add), .end])
        #expect(add.offsets.count == 4)
        // Each offset points at the instruction's opcode: local.get, local.get, i32.add, end.
        #expect(add.offsets.map { bytes[$0] } == [0x20, 0x20, 0x6A, 0x0B])
        #expect(add.offsets == [add.offsets[0], add.offsets[0] + 2, add.offsets[0] + 4, add.offsets[0] + 5])
        #expect(m.codes[1].instructions == [.end])
        #expect(m.functionCount == 3)
        #expect(m.dataCount == nil)
    }

    @Test func controlAndMemoryInstructions() throws {
        let bytes = try wat2wasm("""
        (module
          (type $bt (func (param i32) (result i32)))
          (memory 1)
          (table 1 funcref)
          (func (param i32) (result i32)
            (block $b (result i32)
              (loop $l
                (br_if $l (i32.const 0))
                (br_table 0 1 (i32.const 1)))
              (i32.const 7))
            (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2)))
            (i32.load8_u offset=16 align=1 (i32.const 4))
            (i64.store32 offset=3 (i32.const 0) (i64.const -5))
            (memory.grow (memory.size))
            (call_indirect (type $bt) (i32.const 9) (i32.const 0))
            (select (i32.add) (i32.const 1) (i32.const 2))
            (drop) (drop) (drop) (drop)
          )
        )
        """)
        let m = try decodeModule(bytes)
        let ins = m.codes[0].instructions
        #expect(ins == [
            .block(.value(.i32)),
            .loop(.empty),
            .i32Const(0), .brIf(0),
            .i32Const(1), .brTable(targets: ImmediateList(start: 0, count: 1), default: 1),
            .end,
            .i32Const(7),
            .end,
            .localGet(0),
            .if(.value(.i32)), .i32Const(1), .else, .i32Const(2), .end,
            .i32Const(4), .load(.i32Load8U, MemArg(align: 0, offset: 16)),
            .i32Const(0), .i64Const(-5), .store(.i64Store32, MemArg(align: 2, offset: 3)),
            .memorySize(memoryIndex: 0), .memoryGrow(memoryIndex: 0),
            .i32Const(9), .i32Const(0), .callIndirect(typeIndex: 0, tableIndex: 0),
            .numeric(.i32Add), .i32Const(1), .i32Const(2), .select,
            .drop, .drop, .drop, .drop,
            .end,
        ])
        #expect(m.codes[0].lists == [0])  // br_table's one target
    }

    /// A hand-built body whose instruction offsets are known byte by byte.
    @Test func instructionOffsetsAreAbsolute() throws {
        // Body: no locals; i32.const 300 (0x41 0xAC 0x02); i32.const 1; i32.add; drop; end.
        let body: [UInt8] = [0x00, 0x41, 0xAC, 0x02, 0x41, 0x01, 0x6A, 0x1A, 0x0B]
        let bytes = Bin.oneFunction(body: body)
        // header 8 + type section 6 + function section 4 = 18; code section id, size, count,
        // body size: the locals count is at 22 and the first instruction at 23.
        #expect(bytes[22] == 0x00 && bytes[23] == 0x41)
        let m = try decodeModule(bytes)
        #expect(m.codes[0].instructions == [.i32Const(300), .i32Const(1), .numeric(.i32Add), .drop, .end])
        #expect(m.codes[0].offsets == [23, 26, 28, 29, 30])
    }

    @Test func prefixedAndReferenceInstructions() throws {
        let body: [UInt8] = [
            0x00,
            0xFC, 0x00,                   // i32.trunc_sat_f32_s
            0xFC, 0x07,                   // i64.trunc_sat_f64_u
            0xFC, 0x08, 0x01, 0x00,       // memory.init 1
            0xFC, 0x09, 0x00,             // data.drop 0
            0xFC, 0x0A, 0x00, 0x00,       // memory.copy
            0xFC, 0x0B, 0x00,             // memory.fill
            0xFC, 0x0C, 0x02, 0x03,       // table.init elem 2 table 3
            0xFC, 0x0D, 0x04,             // elem.drop 4
            0xFC, 0x0E, 0x05, 0x06,       // table.copy dst 5 src 6
            0xFC, 0x0F, 0x07,             // table.grow 7
            0xFC, 0x10, 0x08,             // table.size 8
            0xFC, 0x11, 0x09,             // table.fill 9
            0x25, 0x01, 0x26, 0x02,       // table.get 1, table.set 2
            0xD0, 0x6F, 0xD1, 0xD2, 0x05, // ref.null extern, ref.is_null, ref.func 5
            0x1C, 0x01, 0x70,             // select (result funcref)
            0x11, 0x03, 0x02,             // call_indirect type 3 table 2
            0x43, 0x00, 0x00, 0xC0, 0x7F, // f32.const nan
            0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0xBF, // f64.const -1
            0xC4,                         // i64.extend32_s
            0x0B,
        ]
        let bytes = Bin.oneFunction(body: body, extra: [Bin.section(12, [0x02])]) + Bin.section(11, [0x02, 0x01, 0x00, 0x01, 0x00])
        let m = try decodeModule(bytes)
        #expect(m.codes[0].instructions == [
            .numeric(.i32TruncSatF32S), .numeric(.i64TruncSatF64U),
            .memoryInit(dataIndex: 1, memoryIndex: 0), .dataDrop(0),
            .memoryCopy(destination: 0, source: 0), .memoryFill(memoryIndex: 0),
            .tableInit(elementIndex: 2, tableIndex: 3), .elemDrop(4),
            .tableCopy(destination: 5, source: 6), .tableGrow(7), .tableSize(8), .tableFill(9),
            .tableGet(1), .tableSet(2),
            .refNull(.externref), .refIsNull, .refFunc(5),
            .selectTyped(ImmediateList(start: 0, count: 1)),
            .callIndirect(typeIndex: 3, tableIndex: 2),
            .f32Const(0x7FC0_0000), .f64Const(0xBFF0_0000_0000_0000),
            .numeric(.i64Extend32S),
            .end,
        ])
        #expect(m.codes[0].lists == [0x70])  // select's one type: funcref
        #expect(m.dataCount == 2)
        #expect(m.datas == [DataSegment(mode: .passive, bytes: []), DataSegment(mode: .passive, bytes: [])])
    }

    @Test func blockTypeIndexAndMultiValue() throws {
        let bytes = try wat2wasm("""
        (module
          (type $pair (func (result i32 i64)))
          (func (result i32 i64)
            (block (type $pair) (i32.const 1) (i64.const 2))))
        """)
        let m = try decodeModule(bytes)
        #expect(m.types[0] == FuncType(results: [.i32, .i64]))
        #expect(m.codes[0].instructions.first == .block(.typeIndex(0)))
    }

    @Test func elementSegmentForms() throws {
        let expr: [UInt8] = [0x41, 0x02, 0x0B]       // i32.const 2
        let segments: [[UInt8]] = [
            [0x00] + expr + [0x02, 0x00, 0x01],                           // 0: active table 0, funcidx
            [0x01, 0x00, 0x01, 0x01],                                     // 1: passive, elemkind, funcidx
            [0x02, 0x01] + expr + [0x00, 0x01, 0x00],                     // 2: table 1, funcidx
            [0x03, 0x00, 0x01, 0x00],                                     // 3: declarative
            [0x04] + expr + [0x02, 0xD2, 0x00, 0x0B, 0xD0, 0x70, 0x0B],   // 4: exprs
            [0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B],                         // 5: passive externref
            [0x06, 0x01] + expr + [0x70, 0x01, 0xD2, 0x01, 0x0B],         // 6: table 1, exprs
            [0x07, 0x70, 0x01, 0xD2, 0x00, 0x0B],                         // 7: declarative exprs
        ]
        let bytes = Bin.module(Bin.section(9, [UInt8(segments.count)] + segments.flatMap { $0 }))
        let m = try decodeModule(bytes)
        let offset = ConstExpr([.i32Const(2)])
        func f(_ i: UInt32) -> ConstExpr { ConstExpr([.refFunc(i)]) }
        #expect(m.elements == [
            ElementSegment(type: .funcref, mode: .active(tableIndex: 0, offset: offset), items: [f(0), f(1)]),
            ElementSegment(type: .funcref, mode: .passive, items: [f(1)]),
            ElementSegment(type: .funcref, mode: .active(tableIndex: 1, offset: offset), items: [f(0)]),
            ElementSegment(type: .funcref, mode: .declarative, items: [f(0)]),
            ElementSegment(type: .funcref, mode: .active(tableIndex: 0, offset: offset),
                           items: [f(0), ConstExpr([.refNull(.funcref)])]),
            ElementSegment(type: .externref, mode: .passive, items: [ConstExpr([.refNull(.externref)])]),
            ElementSegment(type: .funcref, mode: .active(tableIndex: 1, offset: offset), items: [f(1)]),
            ElementSegment(type: .funcref, mode: .declarative, items: [f(0)]),
        ])
    }

    @Test func dataSegmentForms() throws {
        let bytes = Bin.module(Bin.section(11, [
            0x03,
            0x00, 0x41, 0x08, 0x0B, 0x02, 0x61, 0x62,         // active memory 0 at 8: "ab"
            0x01, 0x01, 0x63,                                 // passive "c"
            0x02, 0x01, 0x23, 0x00, 0x0B, 0x00,               // memory 1 at global 0: ""
        ]))
        let m = try decodeModule(bytes)
        #expect(m.datas == [
            DataSegment(mode: .active(memoryIndex: 0, offset: ConstExpr([.i32Const(8)])), bytes: [0x61, 0x62]),
            DataSegment(mode: .passive, bytes: [0x63]),
            DataSegment(mode: .active(memoryIndex: 1, offset: ConstExpr([.globalGet(0)])), bytes: []),
        ])
    }

    @Test func customSectionsAreKeptInOrder() throws {
        let bytes = Bin.module(
            Bin.section(0, Bin.name("first") + [1, 2, 3]),
            Bin.section(1, [0x00]),
            Bin.section(0, Bin.name("second")),
            Bin.section(0, Bin.name("first") + [9])
        )
        let m = try decodeModule(bytes)
        #expect(m.customSections == [
            CustomSection(name: "first", bytes: [1, 2, 3]),
            CustomSection(name: "second", bytes: []),
            CustomSection(name: "first", bytes: [9]),
        ])
        #expect(m.customSections(named: "first").map(\.bytes) == [[1, 2, 3], [9]])
        #expect(m.names == nil)
    }

    @Test func nestedBlocksNeedTheirOwnEnds() throws {
        // block, if, else, end, end, end: the body closes at the third end.
        let body: [UInt8] = [0x00, 0x02, 0x40, 0x41, 0x00, 0x04, 0x40, 0x05, 0x0B, 0x0B, 0x0B]
        let m = try decodeModule(Bin.oneFunction(body: body))
        #expect(m.codes[0].instructions == [.block(.empty), .i32Const(0), .if(.empty), .else, .end, .end, .end])
    }

    @Test func manyLocalsAreNotExpanded() throws {
        // 0xFFFFFFFE i32 locals: fine for the decoder, stored as one declaration.
        let body: [UInt8] = [0x01, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x0B]
        let m = try decodeModule(Bin.oneFunction(body: body))
        #expect(m.codes[0].locals == [LocalDecl(count: 0xFFFF_FFFE, type: .i32)])
    }
}
