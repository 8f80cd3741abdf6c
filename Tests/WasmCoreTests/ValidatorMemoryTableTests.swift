import Testing
@testable import WasmCore

@Suite struct ValidatorMemoryTableTests {
    let memory = MemoryType(limits: Limits(min: 1))
    let funcTable = TableType(elementType: .funcref, limits: Limits(min: 1))
    let externTable = TableType(elementType: .externref, limits: Limits(min: 1))

    @Test func loadsAndStoresNeedAMemory() {
        let body: [Instruction] = [.i32Const(0), .load(.i64Load, MemArg(align: 3, offset: 0)), .drop]
        expectInvalid(singleFunctionModule(body), "unknown memory 0")
        expectValid(singleFunctionModule(body) { $0.memories = [memory] })
        expectValid(singleFunctionModule(body) { $0.imports = [Import(module: "m", name: "mem", descriptor: .memory(memory))] })
        expectInvalid(singleFunctionModule([.memorySize(memoryIndex: 0), .drop]), "unknown memory 0")
        expectInvalid(singleFunctionModule([.i32Const(0), .memoryGrow(memoryIndex: 0), .drop]), "unknown memory 0")
    }

    @Test func alignmentMustNotExceedNatural() {
        for op in LoadOp.allCases {
            let ok = singleFunctionModule([.i32Const(0), .load(op, MemArg(align: op.naturalAlignment, offset: 0)), .drop]) { $0.memories = [memory] }
            expectValid(ok)
            let tooBig = singleFunctionModule([.i32Const(0), .load(op, MemArg(align: op.naturalAlignment + 1, offset: 0)), .drop]) { $0.memories = [memory] }
            expectInvalid(tooBig, "alignment must not be larger than natural")
        }
        let store = singleFunctionModule([.i32Const(0), .i64Const(0), .store(.i64Store16, MemArg(align: 2, offset: 0))]) { $0.memories = [memory] }
        expectInvalid(store, "alignment must not be larger than natural")
        let huge = singleFunctionModule([.i32Const(0), .i32Const(0), .store(.i32Store, MemArg(align: UInt32.max, offset: 0))]) { $0.memories = [memory] }
        expectInvalid(huge, "alignment must not be larger than natural")
    }

    @Test func storeOperandOrder() {
        expectValid(singleFunctionModule([.i32Const(0), .f64Const(0), .store(.f64Store, MemArg(align: 3, offset: 0))]) { $0.memories = [memory] })
        expectInvalid(singleFunctionModule([.f64Const(0), .i32Const(0), .store(.f64Store, MemArg(align: 3, offset: 0))]) { $0.memories = [memory] }, "type mismatch")
    }

    @Test func bulkMemoryChecksDataCount() {
        let passive = DataSegment(mode: .passive, bytes: [1])
        let initBody: [Instruction] = [.i32Const(0), .i32Const(0), .i32Const(1), .memoryInit(dataIndex: 0, memoryIndex: 0)]
        expectValid(singleFunctionModule(initBody) { $0.memories = [memory]; $0.datas = [passive]; $0.dataCount = 1 })
        expectInvalid(singleFunctionModule(initBody) { $0.memories = [memory] }, "unknown data segment 0")
        expectInvalid(singleFunctionModule(initBody) { $0.datas = [passive]; $0.dataCount = 1 }, "unknown memory 0")
        expectInvalid(singleFunctionModule([.dataDrop(1)]) { $0.datas = [passive]; $0.dataCount = 1 }, "unknown data segment 1")
        expectInvalid(singleFunctionModule([.i32Const(0), .i32Const(0), .i32Const(0), .memoryCopy(destination: 0, source: 0)]), "unknown memory 0")
        expectValid(singleFunctionModule([.i32Const(0), .i32Const(0), .i32Const(0), .memoryFill(memoryIndex: 0)]) { $0.memories = [memory] })
        expectInvalid(singleFunctionModule([.i32Const(0), .i64Const(0), .i32Const(0), .memoryFill(memoryIndex: 0)]) { $0.memories = [memory] }, "type mismatch")
    }

    @Test func tableInstructionsUseTheTableElementType() {
        let tables = [funcTable, externTable]
        expectValid(singleFunctionModule(.returning(.externref), [.i32Const(0), .tableGet(1)]) { $0.tables = tables })
        expectInvalid(singleFunctionModule(.returning(.externref), [.i32Const(0), .tableGet(0)]) { $0.tables = tables }, "type mismatch")
        expectValid(singleFunctionModule([.i32Const(0), .refNull(.funcref), .tableSet(0)]) { $0.tables = tables })
        expectInvalid(singleFunctionModule([.i32Const(0), .refNull(.funcref), .tableSet(1)]) { $0.tables = tables }, "type mismatch")
        expectValid(singleFunctionModule(.returning(.i32), [.refNull(.externref), .i32Const(2), .tableGrow(1)]) { $0.tables = tables })
        expectValid(singleFunctionModule([.i32Const(0), .refNull(.externref), .i32Const(2), .tableFill(1)]) { $0.tables = tables })
        expectValid(singleFunctionModule(.returning(.i32), [.tableSize(1)]) { $0.tables = tables })
        expectInvalid(singleFunctionModule(.returning(.i32), [.tableSize(2)]) { $0.tables = tables }, "unknown table 2")
        expectInvalid(singleFunctionModule([.i32Const(0), .i32Const(0), .i32Const(0), .tableCopy(destination: 0, source: 1)]) { $0.tables = tables }, "type mismatch")
        expectValid(singleFunctionModule([.i32Const(0), .i32Const(0), .i32Const(0), .tableCopy(destination: 1, source: 1)]) { $0.tables = tables })
    }

    @Test func tableInitAndElemDrop() {
        let externElems = ElementSegment(type: .externref, mode: .passive, items: [ConstExpr([.refNull(.externref)])])
        let body: [Instruction] = [.i32Const(0), .i32Const(0), .i32Const(0), .tableInit(elementIndex: 0, tableIndex: 0)]
        expectInvalid(singleFunctionModule(body) { $0.tables = [funcTable]; $0.elements = [externElems] }, "type mismatch")
        expectValid(singleFunctionModule(body) { $0.tables = [externTable]; $0.elements = [externElems] })
        expectInvalid(singleFunctionModule(body) { $0.tables = [externTable] }, "unknown elem segment 0")
        expectInvalid(singleFunctionModule([.elemDrop(4)]) { $0.elements = [externElems] }, "unknown elem segment 4")
        expectValid(singleFunctionModule([.elemDrop(0)]) { $0.elements = [externElems] })
    }
}
