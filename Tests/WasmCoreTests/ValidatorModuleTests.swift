import Testing
@testable import WasmCore

@Suite struct ValidatorModuleTests {
    func global(_ type: ValueType, _ initializer: [Instruction], mutable: Bool = false) -> GlobalDefinition {
        GlobalDefinition(type: GlobalType(valueType: type, mutability: mutable ? .variable : .constant), initializer: ConstExpr(initializer))
    }

    @Test func memoryLimits() {
        var module = ModuleDefinition()
        module.memories = [MemoryType(limits: Limits(min: 0, max: 65536))]
        expectValid(module)
        module.memories = [MemoryType(limits: Limits(min: 65537))]
        expectInvalid(module, "memory size must be at most 65536 pages (4GiB)")
        module.memories = [MemoryType(limits: Limits(min: 0, max: 4_294_967_295))]
        expectInvalid(module, "memory size must be at most 65536 pages (4GiB)")
        module.memories = [MemoryType(limits: Limits(min: 2, max: 1))]
        expectInvalid(module, "size minimum must not be greater than maximum")
        module.memories = [MemoryType(limits: Limits(min: 0)), MemoryType(limits: Limits(min: 0))]
        expectInvalid(module, "multiple memories")
        module.memories = [MemoryType(limits: Limits(min: 0))]
        module.imports = [Import(module: "a", name: "b", descriptor: .memory(MemoryType(limits: Limits(min: 1))))]
        expectInvalid(module, "multiple memories")
    }

    @Test func tableLimits() {
        var module = ModuleDefinition()
        module.tables = [TableType(elementType: .funcref, limits: Limits(min: 0, max: 0xFFFF_FFFF))]
        expectValid(module)
        module.tables = [TableType(elementType: .funcref, limits: Limits(min: 0xFFFF_FFFF, max: 0))]
        expectInvalid(module, "size minimum must not be greater than maximum")
        module.tables = [TableType(elementType: .funcref, limits: Limits(min: 0x1_0000_0000))]
        expectInvalid(module, "table size")
    }

    @Test func constantExpressions() {
        var module = ModuleDefinition()
        module.globals = [global(.f32, [.f32Const(0), .numeric(.f32Neg)])]
        expectInvalid(module, "constant expression required")
        module.globals = [global(.i32, [.nop])]
        expectInvalid(module, "constant expression required")
        module.globals = [global(.i32, [])]
        expectInvalid(module, "type mismatch")
        module.globals = [global(.i32, [.i64Const(0)])]
        expectInvalid(module, "type mismatch")
        module.globals = [global(.i32, [.i32Const(0), .i32Const(0)])]
        expectInvalid(module, "type mismatch")
        module.globals = [global(.i32, [.i32Const(0)]), global(.i32, [.globalGet(0)])]
        expectInvalid(module, "unknown global 0")
        module.globals = [global(.funcref, [.refNull(.funcref)]), global(.externref, [.refNull(.externref)])]
        expectValid(module)
        module.globals = [global(.funcref, [.refNull(.externref)])]
        expectInvalid(module, "type mismatch")
        module.globals = [global(.funcref, [.refFunc(0)])]
        expectInvalid(module, "unknown function 0")
    }

    @Test func globalGetInConstantsReadsOnlyImmutableImports() {
        var module = ModuleDefinition()
        module.imports = [
            Import(module: "m", name: "c", descriptor: .global(GlobalType(valueType: .i32, mutability: .constant))),
            Import(module: "m", name: "v", descriptor: .global(GlobalType(valueType: .i32, mutability: .variable))),
        ]
        module.globals = [global(.i32, [.globalGet(0)])]
        expectValid(module)
        module.globals = [global(.i32, [.globalGet(1)])]
        expectInvalid(module, "constant expression required")
        module.globals = [global(.i64, [.globalGet(0)])]
        expectInvalid(module, "type mismatch")
        module.globals = [global(.i32, [.i32Const(0)]), global(.i32, [.globalGet(2)])]
        expectInvalid(module, "unknown global 2")
    }

    @Test func elementSegments() {
        var module = singleFunctionModule([])
        module.elements = [ElementSegment(type: .funcref, mode: .active(tableIndex: 0, offset: ConstExpr([.i32Const(0)])), items: [ConstExpr([.refFunc(0)])])]
        expectInvalid(module, "unknown table 0")
        module.tables = [TableType(elementType: .funcref, limits: Limits(min: 1))]
        expectValid(module)
        module.elements[0].mode = .active(tableIndex: 0, offset: ConstExpr([.i64Const(0)]))
        expectInvalid(module, "type mismatch")
        module.elements[0].mode = .active(tableIndex: 0, offset: ConstExpr([.i32Const(0), .numeric(.i32Eqz)]))
        expectInvalid(module, "constant expression required")
        module.tables = [TableType(elementType: .externref, limits: Limits(min: 1))]
        module.elements[0].mode = .active(tableIndex: 0, offset: ConstExpr([.i32Const(0)]))
        expectInvalid(module, "type mismatch")
        module.elements = [ElementSegment(type: .externref, mode: .passive, items: [ConstExpr([.refFunc(0)])])]
        expectInvalid(module, "type mismatch")
        module.elements = [ElementSegment(type: .funcref, mode: .passive, items: [ConstExpr([.refFunc(7)])])]
        expectInvalid(module, "unknown function 7")
    }

    @Test func dataSegments() {
        var module = ModuleDefinition()
        module.datas = [DataSegment(mode: .active(memoryIndex: 0, offset: ConstExpr([.i32Const(0)])), bytes: [1])]
        expectInvalid(module, "unknown memory 0")
        module.memories = [MemoryType(limits: Limits(min: 1))]
        expectValid(module)
        module.datas[0].mode = .active(memoryIndex: 0, offset: ConstExpr([.f32Const(0)]))
        expectInvalid(module, "type mismatch")
        module.datas[0].mode = .active(memoryIndex: 0, offset: ConstExpr([.i32Const(0)]))
        module.dataCount = 2
        expectInvalid(module, "data count")
    }

    @Test func startFunction() {
        expectValid(singleFunctionModule([]) { $0.start = 0 })
        expectInvalid(singleFunctionModule([]) { $0.start = 1 }, "unknown function 1")
        expectInvalid(singleFunctionModule(.returning(.i32), [.i32Const(0)]) { $0.start = 0 }, "start function")
        expectInvalid(singleFunctionModule(FuncType(params: [.i32]), []) { $0.start = 0 }, "start function")
    }

    @Test func exports() {
        var module = singleFunctionModule([])
        module.exports = [Export(name: "a", kind: .function, index: 0), Export(name: "a", kind: .function, index: 0)]
        expectInvalid(module, "duplicate export name")
        module.exports = [Export(name: "a", kind: .function, index: 1)]
        expectInvalid(module, "unknown function 1")
        module.exports = [Export(name: "a", kind: .table, index: 0)]
        expectInvalid(module, "unknown table 0")
        module.exports = [Export(name: "a", kind: .memory, index: 0)]
        expectInvalid(module, "unknown memory 0")
        module.exports = [Export(name: "a", kind: .global, index: 0)]
        expectInvalid(module, "unknown global 0")
        // Canonically equivalent but distinct names are distinct export names.
        module.exports = [Export(name: "\u{212B}", kind: .function, index: 0), Export(name: "\u{C5}", kind: .function, index: 0)]
        expectValid(module)
        module.memories = [MemoryType(limits: Limits(min: 0))]
        module.exports = [Export(name: "a", kind: .memory, index: 0), Export(name: "b", kind: .function, index: 0)]
        expectValid(module)
    }

    @Test func typeIndicesOfFunctionsAndImports() {
        var module = ModuleDefinition()
        module.imports = [Import(module: "m", name: "f", descriptor: .function(typeIndex: 0))]
        expectInvalid(module, "unknown type 0")
        module = singleFunctionModule([])
        module.functions = [3]
        expectInvalid(module, "unknown type 3")
    }

    @Test func errorsNameTheFunctionAndInstructionOffset() {
        var module = singleFunctionModule([])
        module.imports = [Import(module: "m", name: "f", descriptor: .function(typeIndex: 0))]
        module.codes[0] = FunctionBody(locals: [], instructions: [.nop, .i32Const(1), .numeric(.i32Add), .drop, .end], offsets: [20, 21, 23, 24, 25])
        let error = validationError(module)
        #expect(error?.message == "type mismatch")
        #expect(error?.functionIndex == 1)
        #expect(error?.offset == 23)
    }

    @Test func structuralProblemsOfBodies() {
        var module = singleFunctionModule([])
        module.codes[0].instructions = [.nop]
        #expect(validationError(module) != nil)
        module.codes[0].instructions = []
        #expect(validationError(module) != nil)
        module.codes[0].instructions = [.end, .nop, .end]
        expectInvalid(module, "operators remaining after end of function")
        module.codes[0].instructions = [.block(.empty), .end]
        #expect(validationError(module) != nil)
        module.codes = []
        expectInvalid(module, "function and code section have inconsistent lengths")
    }

    @Test func disabledProposalsAreRejected() {
        let mvp: Features = []
        expectInvalid(singleFunctionModule([.refNull(.funcref), .drop]), "reference types", features: mvp)
        expectInvalid(singleFunctionModule(.returning(.i32), [.i32Const(0), .numeric(.i32Extend8S)]), "sign extension", features: mvp)
        expectInvalid(singleFunctionModule(.returning(.i32, .i32), [.i32Const(0), .i32Const(0)]), "invalid result arity", features: mvp)
        expectInvalid(singleFunctionModule([.dataDrop(0)]) { $0.datas = [DataSegment(mode: .passive, bytes: [])]; $0.dataCount = 1 }, "bulk memory", features: mvp)
        var module = ModuleDefinition()
        module.imports = [Import(module: "m", name: "g", descriptor: .global(GlobalType(valueType: .i32, mutability: .variable)))]
        expectInvalid(module, "mutable globals", features: mvp)
        expectValid(module)
        expectValid(singleFunctionModule(.returning(.i32), [.i32Const(0), .numeric(.i32Extend8S)]), features: .signExtension)
    }
}

@Suite struct ModuleValidatorReuseTests {
    @Test func stateDoesNotLeakBetweenModules() {
        var validator = ModuleValidator()
        let invalid = singleFunctionModule(.returning(.i32), [.block(.value(.i32)), .block(.empty), .i32Const(1)])
        let valid = singleFunctionModule(.returning(.i32), [.i32Const(1)])
        #expect(throws: ValidationError.self) { try validator.validate(invalid) }
        #expect(throws: Never.self) { try validator.validate(valid) }
        // An error mid-body leaves frames and operands behind; the next module must not see them.
        let needsEmptyStack = singleFunctionModule([.drop])
        #expect(throws: ValidationError.self) { try validator.validate(invalid) }
        #expect(throws: ValidationError.self) { try validator.validate(needsEmptyStack) }
        #expect(throws: Never.self) { try validator.validate(valid) }
    }

    @Test func featuresApply() {
        var validator = ModuleValidator(features: [])
        let usesReferences = singleFunctionModule([.refNull(.funcref), .drop])
        #expect(throws: ValidationError.self) { try validator.validate(usesReferences) }
        validator.features = .wasm2
        #expect(throws: Never.self) { try validator.validate(usesReferences) }
    }
}
