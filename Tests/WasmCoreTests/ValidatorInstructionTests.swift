import Testing
@testable import WasmCore

@Suite struct ValidatorStackTests {
    @Test func emptyFunctionIsValid() {
        expectValid(singleFunctionModule([]))
    }

    @Test func numericOperandsAndResult() {
        expectValid(singleFunctionModule(.returning(.i32), [.i32Const(1), .i32Const(2), .numeric(.i32Add)]))
        expectInvalid(singleFunctionModule(.returning(.i32), [.i32Const(1), .i64Const(2), .numeric(.i32Add)]), "type mismatch")
        expectInvalid(singleFunctionModule(.returning(.i64), [.i32Const(1), .i32Const(2), .numeric(.i32Add)]), "type mismatch")
        expectValid(singleFunctionModule(.returning(.f64), [.i32Const(1), .numeric(.f64ConvertI32U)]))
        expectValid(singleFunctionModule(.returning(.i32), [.f32Const(0), .numeric(.i32TruncSatF32S)]))
    }

    @Test func stackUnderflowAndLeftoversAreTypeMismatches() {
        expectInvalid(singleFunctionModule(.returning(.i32), [.i32Const(1), .numeric(.i32Add)]), "type mismatch")
        expectInvalid(singleFunctionModule(.returning(.i32), []), "type mismatch")
        expectInvalid(singleFunctionModule([.i32Const(1)]), "type mismatch")
        expectInvalid(singleFunctionModule([.drop]), "type mismatch")
    }

    @Test func unreachableMakesTheStackPolymorphic() {
        expectValid(singleFunctionModule(.returning(.i32), [.unreachable, .numeric(.i32Add)]))
        expectValid(singleFunctionModule(.returning(.i64, .f32), [.unreachable]))
        expectInvalid(singleFunctionModule(.returning(.i32), [.unreachable, .i64Const(0), .numeric(.i32Add)]), "type mismatch")
        // Values pushed after `unreachable` are still checked against the block's results.
        expectInvalid(singleFunctionModule(.returning(.i32), [.unreachable, .i64Const(0)]), "type mismatch")
        expectValid(singleFunctionModule([.unreachable, .select, .drop]))
        expectValid(singleFunctionModule([.return, .refIsNull, .drop]))
    }

    @Test func blocksWithValueAndTypeIndexTypes() {
        let pair = FuncType(params: [.i32], results: [.i32, .i64])
        expectValid(singleFunctionModule(.returning(.i32, .i64), [.i32Const(1), .block(.typeIndex(1)), .i64Const(2), .end]) {
            $0.types.append(pair)
        })
        expectInvalid(singleFunctionModule(.returning(.i32, .i64), [.block(.typeIndex(1)), .i64Const(2), .end]) {
            $0.types.append(pair)
        }, "type mismatch")
        expectInvalid(singleFunctionModule([.block(.typeIndex(7)), .end]), "unknown type")
        expectValid(singleFunctionModule(.returning(.f32), [.block(.value(.f32)), .f32Const(0), .end]))
        expectInvalid(singleFunctionModule(.returning(.f32), [.block(.value(.f32)), .end]), "type mismatch")
        // Operands outside a block are not visible inside it.
        expectInvalid(singleFunctionModule([.i32Const(0), .block(.empty), .drop, .end]), "type mismatch")
    }

    @Test func loopsBranchToTheirParameters() {
        let loopType = FuncType(params: [.i32], results: [.i64])
        expectValid(singleFunctionModule(.returning(.i64), [.i32Const(0), .loop(.typeIndex(1)), .br(0), .end]) {
            $0.types.append(loopType)
        })
        // A branch to a block carries its results instead.
        expectInvalid(singleFunctionModule(.returning(.i64), [.i32Const(0), .block(.typeIndex(1)), .br(0), .end]) {
            $0.types.append(loopType)
        }, "type mismatch")
    }

    @Test func ifElseRules() {
        expectValid(singleFunctionModule(.returning(.i32), [.i32Const(1), .if(.value(.i32)), .i32Const(2), .else, .i32Const(3), .end]))
        expectInvalid(singleFunctionModule(.returning(.i32), [.i32Const(1), .if(.value(.i32)), .i32Const(2), .end]), "type mismatch")
        expectInvalid(singleFunctionModule(.returning(.i32), [.i32Const(1), .if(.value(.i32)), .i32Const(2), .else, .end]), "type mismatch")
        expectInvalid(singleFunctionModule([.if(.empty), .end]), "type mismatch")
        expectInvalid(singleFunctionModule([.i64Const(1), .if(.empty), .end]), "type mismatch")
        // `if` without `else` is fine when its params equal its results.
        expectValid(singleFunctionModule(.returning(.i32), [.i32Const(5), .i32Const(1), .if(.typeIndex(1)), .end]) {
            $0.types.append(FuncType(params: [.i32], results: [.i32]))
        })
        expectInvalid(singleFunctionModule([.block(.empty), .else, .end]), "else")
        expectInvalid(singleFunctionModule([.i32Const(1), .if(.empty), .else, .else, .end]), "else")
    }

    @Test func branches() {
        expectValid(singleFunctionModule(.returning(.i32), [.block(.value(.i32)), .i32Const(1), .br(0), .end]))
        expectInvalid(singleFunctionModule([.br(1)]), "unknown label")
        expectValid(singleFunctionModule([.br(0)]))
        expectInvalid(singleFunctionModule(.returning(.i32), [.block(.value(.i32)), .i64Const(1), .br(0), .end]), "type mismatch")
        expectValid(singleFunctionModule(.returning(.i32), [.block(.value(.i32)), .i32Const(1), .i32Const(0), .brIf(0), .end]))
        expectInvalid(singleFunctionModule(.returning(.i32), [.block(.value(.i32)), .i32Const(1), .brIf(0), .end]), "type mismatch")
        expectValid(singleFunctionModule(.returning(.i32), [.i32Const(3), .return]))
        expectInvalid(singleFunctionModule(.returning(.i32), [.f32Const(3), .return]), "type mismatch")
    }

    @Test func brTableTargetsMustAgreeInArity() {
        var lists: [UInt32] = []
        expectValid(singleFunctionModule([.block(.empty), .i32Const(0), .brTable(targets: [0, 1], default: 0, lists: &lists), .end], lists: lists))
        expectInvalid(singleFunctionModule(.returning(.i32), [
            .block(.value(.i32)), .block(.empty), .i32Const(0), .i32Const(0), .brTable(targets: [0], default: 1, lists: &lists), .end, .end,
        ], lists: lists), "type mismatch")
        expectInvalid(singleFunctionModule([.block(.empty), .i32Const(0), .brTable(targets: [5], default: 0, lists: &lists), .end], lists: lists), "unknown label")
        expectInvalid(singleFunctionModule([.block(.empty), .i64Const(0), .brTable(targets: [], default: 0, lists: &lists), .end], lists: lists), "type mismatch")
        // Same arity, different types: the operand can't match both.
        expectInvalid(singleFunctionModule(.returning(.i32), [
            .block(.value(.i32)), .block(.value(.i64)), .i32Const(0), .i32Const(0), .brTable(targets: [0], default: 1, lists: &lists), .end, .drop, .i32Const(0), .end,
        ], lists: lists), "type mismatch")
        // Polymorphic stack: an Unknown operand matches both.
        expectValid(singleFunctionModule(.returning(.i32), [
            .block(.value(.i32)), .block(.value(.i64)), .unreachable, .i32Const(0), .brTable(targets: [0], default: 1, lists: &lists), .end, .drop, .i32Const(0), .end,
        ], lists: lists))
    }

    @Test func callsCheckSignatures() {
        let callee = FuncType(params: [.i32, .f64], results: [.i64])
        var module = singleFunctionModule(.returning(.i64), [.i32Const(1), .f64Const(0), .call(1)])
        module.types.append(callee)
        module.functions.append(1)
        module.codes.append(FunctionBody(locals: [], instructions: [.unreachable, .end]))
        expectValid(module)
        module.codes[0].instructions = [.f64Const(0), .i32Const(1), .call(1), .end]
        expectInvalid(module, "type mismatch")
        module.codes[0].instructions = [.call(9), .end]
        expectInvalid(module, "unknown function 9")
    }

    @Test func callIndirectNeedsAFuncrefTable() {
        let body: [Instruction] = [.i32Const(0), .callIndirect(typeIndex: 0, tableIndex: 0)]
        expectInvalid(singleFunctionModule(body), "unknown table")
        expectValid(singleFunctionModule(body) { $0.tables = [TableType(elementType: .funcref, limits: Limits(min: 1))] })
        expectInvalid(singleFunctionModule(body) { $0.tables = [TableType(elementType: .externref, limits: Limits(min: 1))] }, "type mismatch")
        expectInvalid(singleFunctionModule([.i32Const(0), .callIndirect(typeIndex: 4, tableIndex: 0)]) {
            $0.tables = [TableType(elementType: .funcref, limits: Limits(min: 1))]
        }, "unknown type")
    }

    @Test func selectRules() {
        var lists: [UInt32] = []
        expectValid(singleFunctionModule(.returning(.f32), [.f32Const(0), .f32Const(1), .i32Const(0), .select]))
        expectInvalid(singleFunctionModule(.returning(.f32), [.f32Const(0), .f64Const(1), .i32Const(0), .select]), "type mismatch")
        expectInvalid(singleFunctionModule([.refNull(.funcref), .refNull(.funcref), .i32Const(0), .select, .drop]), "type mismatch")
        expectValid(singleFunctionModule([.refNull(.funcref), .refNull(.funcref), .i32Const(0), .selectTyped([.funcref], lists: &lists), .drop], lists: lists))
        expectInvalid(singleFunctionModule([.i32Const(0), .i32Const(0), .i32Const(0), .selectTyped([.i32, .i32], lists: &lists), .drop, .drop], lists: lists), "invalid result arity")
        expectInvalid(singleFunctionModule([.i32Const(0), .i32Const(0), .selectTyped([], lists: &lists), .drop], lists: lists), "invalid result arity")
        // After unreachable one operand may be Unknown; the result takes the known type.
        expectValid(singleFunctionModule(.returning(.i64), [.unreachable, .i64Const(0), .i32Const(0), .select]))
        expectInvalid(singleFunctionModule(.returning(.i32), [.unreachable, .i64Const(0), .i32Const(0), .select]), "type mismatch")
    }

    @Test func referenceInstructions() {
        expectValid(singleFunctionModule(.returning(.i32), [.refNull(.externref), .refIsNull]))
        expectInvalid(singleFunctionModule(.returning(.i32), [.i32Const(0), .refIsNull]), "type mismatch")
        expectInvalid(singleFunctionModule([.refFunc(0), .drop]), "undeclared function reference")
        expectInvalid(singleFunctionModule([.refFunc(3), .drop]), "unknown function 3")
        expectValid(singleFunctionModule([.refFunc(0), .drop]) { $0.exports = [Export(name: "f", kind: .function, index: 0)] })
        expectValid(singleFunctionModule([.refFunc(0), .drop]) {
            $0.elements = [ElementSegment(type: .funcref, mode: .declarative, items: [ConstExpr([.refFunc(0)])])]
        })
        expectValid(singleFunctionModule([.refFunc(0), .drop]) {
            $0.globals = [GlobalDefinition(type: GlobalType(valueType: .funcref, mutability: .constant), initializer: ConstExpr([.refFunc(0)]))]
        })
    }

    @Test func locals() {
        let params = FuncType(params: [.i32], results: [.i64])
        expectValid(singleFunctionModule(params, locals: [LocalDecl(count: 2, type: .i64)], [.localGet(0), .drop, .localGet(2), .localTee(1), .localSet(2), .localGet(1)]))
        expectInvalid(singleFunctionModule(params, [.localGet(1)]), "unknown local 1")
        expectInvalid(singleFunctionModule(params, [.i64Const(0), .localSet(0), .i64Const(0)]), "type mismatch")
    }

    @Test func manyLocalsUseTheRunLengthTable() {
        let locals = [LocalDecl(count: 100_000, type: .i32), LocalDecl(count: 3, type: .f64)]
        expectValid(singleFunctionModule(.returning(.f64), locals: locals, [.localGet(100_002)]))
        expectValid(singleFunctionModule(.returning(.i32), locals: locals, [.localGet(99_999)]))
        expectInvalid(singleFunctionModule(.returning(.i32), locals: locals, [.localGet(100_000)]), "type mismatch")
        expectInvalid(singleFunctionModule(.returning(.f64), locals: locals, [.localGet(100_003)]), "unknown local 100003")
        let tooMany = [LocalDecl(count: UInt32.max, type: .i32), LocalDecl(count: 2, type: .i32)]
        expectInvalid(singleFunctionModule(locals: tooMany, []), "too many locals")
    }

    @Test func globals() {
        let mutable = GlobalDefinition(type: GlobalType(valueType: .i64, mutability: .variable), initializer: ConstExpr([.i64Const(0)]))
        let constant = GlobalDefinition(type: GlobalType(valueType: .i64, mutability: .constant), initializer: ConstExpr([.i64Const(0)]))
        expectValid(singleFunctionModule([.i64Const(1), .globalSet(0), .globalGet(0), .drop]) { $0.globals = [mutable] })
        expectInvalid(singleFunctionModule([.i64Const(1), .globalSet(0)]) { $0.globals = [constant] }, "global is immutable")
        expectInvalid(singleFunctionModule([.i32Const(1), .globalSet(0)]) { $0.globals = [mutable] }, "type mismatch")
        expectInvalid(singleFunctionModule([.globalGet(1), .drop]) { $0.globals = [mutable] }, "unknown global 1")
    }
}
