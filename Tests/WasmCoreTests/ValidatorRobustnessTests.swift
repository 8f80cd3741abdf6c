import Testing
import WasmSmith
@testable import WasmCore

/// Feeds the validator arbitrary `ModuleDefinition` values (out-of-range indices, absurd counts,
/// unbalanced blocks): it must always answer with a `ValidationError` or success, never crash.
@Suite struct ValidatorRobustnessTests {
    struct Builder {
        var rng: SplitMix64
        /// The variable-length immediates of the instructions built so far.
        var lists: [UInt32] = []

        /// A range of `lists`, sometimes partly or wholly past its end.
        mutating func list(_ elements: [UInt32]) -> ImmediateList {
            let start = rng.next() % 8 == 0 ? UInt32(rng.next() % 1000) : UInt32(lists.count)
            lists.append(contentsOf: elements)
            return ImmediateList(start: start, count: rng.next() % 8 == 0 ? UInt32.max : UInt32(elements.count))
        }

        mutating func index() -> UInt32 {
            switch rng.next() % 8 {
            case 0: return UInt32.max
            case 1: return UInt32(rng.next() % 1000)
            default: return UInt32(rng.next() % 4)
            }
        }

        mutating func valueType() -> ValueType {
            [.i32, .i64, .f32, .f64, .v128, .funcref, .externref][Int(rng.next() % 7)]
        }

        mutating func limits() -> Limits {
            let min = rng.next() % 3 == 0 ? rng.next() : rng.next() % 4
            let max: UInt64? = rng.next() % 2 == 0 ? nil : (rng.next() % 3 == 0 ? rng.next() : rng.next() % 8)
            return Limits(min: min, max: max)
        }

        mutating func blockType() -> BlockType {
            switch rng.next() % 3 {
            case 0: return .empty
            case 1: return .value(valueType())
            default: return .typeIndex(index())
            }
        }

        mutating func memArg() -> MemArg {
            MemArg(align: UInt32(rng.next() % 5), offset: rng.next() % 100, memoryIndex: rng.next() % 10 == 0 ? index() : 0)
        }

        mutating func instruction() -> Instruction {
            let numeric = NumericOp.allCases
            switch rng.next() % 40 {
            case 0: return .unreachable
            case 1: return .block(blockType())
            case 2: return .loop(blockType())
            case 3: return .if(blockType())
            case 4: return .else
            case 5: return .end
            case 6: return .br(index())
            case 7: return .brIf(index())
            case 8: return .brTable(targets: list((0..<rng.next() % 4).map { _ in index() }), default: index())
            case 9: return .return
            case 10: return .call(index())
            case 11: return .callIndirect(typeIndex: index(), tableIndex: index())
            case 12: return .refNull(rng.next() % 2 == 0 ? .funcref : .externref)
            case 13: return .refIsNull
            case 14: return .refFunc(index())
            case 15: return .drop
            case 16: return .select
            case 17: return .selectTyped(list((0..<rng.next() % 3).map { _ in UInt32(valueType().byte) }))
            case 18: return .localGet(index())
            case 19: return .localSet(index())
            case 20: return .localTee(index())
            case 21: return .globalGet(index())
            case 22: return .globalSet(index())
            case 23: return [.tableGet(index()), .tableSet(index()), .tableGrow(index()), .tableSize(index()), .tableFill(index())][Int(rng.next() % 5)]
            case 24: return .tableInit(elementIndex: index(), tableIndex: index())
            case 25: return rng.next() % 2 == 0 ? .elemDrop(index()) : .tableCopy(destination: index(), source: index())
            case 26: return .load(LoadOp.allCases[Int(rng.next() % UInt64(LoadOp.allCases.count))], memArg())
            case 27: return .store(StoreOp.allCases[Int(rng.next() % UInt64(StoreOp.allCases.count))], memArg())
            case 28: return [.memorySize(memoryIndex: 0), .memoryGrow(memoryIndex: 0), .memoryFill(memoryIndex: index())][Int(rng.next() % 3)]
            case 29: return rng.next() % 2 == 0 ? .memoryInit(dataIndex: index(), memoryIndex: 0) : .dataDrop(index())
            case 30: return .memoryCopy(destination: 0, source: index())
            case 31: return .i32Const(Int32(truncatingIfNeeded: rng.next()))
            case 32: return .i64Const(Int64(truncatingIfNeeded: rng.next()))
            case 33: return .f32Const(UInt32(truncatingIfNeeded: rng.next()))
            case 34: return .f64Const(rng.next())
            default: return .numeric(numeric[Int(rng.next() % UInt64(numeric.count))])
            }
        }

        mutating func constExpr() -> ConstExpr {
            ConstExpr((0..<rng.next() % 3).map { _ in
                rng.next() % 2 == 0 ? [Instruction.i32Const(0), .globalGet(index()), .refFunc(index())][Int(rng.next() % 3)] : instruction()
            })
        }

        mutating func module() -> ModuleDefinition {
            var m = ModuleDefinition()
            m.types = (0..<rng.next() % 4).map { _ in
                FuncType(params: (0..<rng.next() % 3).map { _ in valueType() }, results: (0..<rng.next() % 3).map { _ in valueType() })
            }
            for _ in 0..<rng.next() % 3 {
                let descriptor: ImportDescriptor
                switch rng.next() % 4 {
                case 0: descriptor = .function(typeIndex: index())
                case 1: descriptor = .table(TableType(elementType: .funcref, limits: limits()))
                case 2: descriptor = .memory(MemoryType(limits: limits()))
                default: descriptor = .global(GlobalType(valueType: valueType(), mutability: rng.next() % 2 == 0 ? .constant : .variable))
                }
                m.imports.append(Import(module: "m", name: "\(rng.next() % 3)", descriptor: descriptor))
            }
            m.functions = (0..<rng.next() % 4).map { _ in index() }
            m.codes = m.functions.map { _ in
                var body = (0..<rng.next() % 30).map { _ in instruction() }
                if rng.next() % 4 != 0 { body.append(.end) }
                let locals = (0..<rng.next() % 3).map { _ in
                    LocalDecl(count: rng.next() % 8 == 0 ? UInt32.max / 2 : UInt32(rng.next() % 5), type: valueType())
                }
                return FunctionBody(locals: locals, instructions: body, offsets: rng.next() % 2 == 0 ? [] : body.indices.map { $0 * 2 }, lists: lists)
            }
            if rng.next() % 8 == 0 { m.codes.removeAll() }
            m.tables = (0..<rng.next() % 3).map { _ in TableType(elementType: rng.next() % 2 == 0 ? .funcref : .externref, limits: limits()) }
            m.memories = (0..<rng.next() % 2).map { _ in MemoryType(limits: limits()) }
            m.globals = (0..<rng.next() % 3).map { _ in
                GlobalDefinition(type: GlobalType(valueType: valueType(), mutability: .variable), initializer: constExpr())
            }
            m.exports = (0..<rng.next() % 3).map { _ in
                Export(name: "\(rng.next() % 4)", kind: ExternalKind(rawValue: UInt8(rng.next() % 4)) ?? .function, index: index())
            }
            m.start = rng.next() % 4 == 0 ? index() : nil
            m.elements = (0..<rng.next() % 3).map { _ in
                let mode: ElementSegment.Mode = [.passive, .declarative, .active(tableIndex: index(), offset: constExpr())][Int(rng.next() % 3)]
                return ElementSegment(type: rng.next() % 2 == 0 ? .funcref : .externref, mode: mode, items: (0..<rng.next() % 3).map { _ in constExpr() })
            }
            m.datas = (0..<rng.next() % 3).map { _ in
                DataSegment(mode: rng.next() % 2 == 0 ? .passive : .active(memoryIndex: index(), offset: constExpr()), bytes: [1, 2])
            }
            m.dataCount = rng.next() % 2 == 0 ? nil : (rng.next() % 3 == 0 ? index() : UInt32(m.datas.count))
            return m
        }
    }

    @Test(arguments: 0..<8)
    func arbitraryModulesNeverCrash(seed: UInt64) {
        var builder = Builder(rng: SplitMix64(state: seed &* 0x1234_5678_9ABC))
        var outcomes = (valid: 0, invalid: 0)
        for round in 0..<500 {
            let module = builder.module()
            let features: Features = round % 5 == 0 ? Features(rawValue: UInt32(builder.rng.next() % 128)) : .wasm2
            let functionCount = module.allFunctionTypeIndices.count
            do {
                try validateModule(module, features: features)
                outcomes.valid += 1
            } catch let error as ValidationError {
                outcomes.invalid += 1
                if let f = error.functionIndex { #expect(Int(f) < functionCount, "\(error)") }
                if let offset = error.offset, let f = error.functionIndex {
                    let body = module.codes[Int(f) - (functionCount - module.functions.count)]
                    #expect(body.offsets.contains(offset), "\(error)")
                }
            } catch {
                Issue.record("non-ValidationError thrown: \(error)")
            }
        }
        // Random modules are almost always invalid; a validator accepting them all is broken.
        #expect(outcomes.invalid > 250)
    }

    /// Random bodies inside a module whose definitions are valid, so that the instruction
    /// checks (not the module-level ones) see the arbitrary input.
    @Test(arguments: 0..<4)
    func arbitraryBodiesInAValidModuleNeverCrash(seed: UInt64) {
        var builder = Builder(rng: SplitMix64(state: seed &+ 7))
        var reachedBodies = 0
        for _ in 0..<500 {
            var module = ModuleDefinition()
            module.types = [FuncType(), FuncType(params: [.i32], results: [.i64]), FuncType(params: [.f32, .externref], results: [.i32, .funcref])]
            module.imports = [Import(module: "m", name: "g", descriptor: .global(GlobalType(valueType: .i32, mutability: .constant)))]
            module.functions = [0, 1, 2]
            module.tables = [TableType(elementType: .funcref, limits: Limits(min: 1)), TableType(elementType: .externref, limits: Limits(min: 0, max: 5))]
            module.memories = [MemoryType(limits: Limits(min: 1, max: 2))]
            module.globals = [GlobalDefinition(type: GlobalType(valueType: .f64, mutability: .variable), initializer: ConstExpr([.f64Const(0)]))]
            module.elements = [ElementSegment(type: .funcref, mode: .declarative, items: [ConstExpr([.refFunc(1)])])]
            module.datas = [DataSegment(mode: .passive, bytes: [])]
            module.dataCount = 1
            module.codes = (0..<3).map { _ in
                let body = (0..<builder.rng.next() % 40).map { _ in builder.instruction() } + [.end]
                return FunctionBody(locals: [LocalDecl(count: 2, type: builder.valueType())], instructions: body, offsets: body.indices.map { 10 + $0 }, lists: builder.lists)
            }
            do {
                try validateModule(module)
            } catch let error as ValidationError {
                // No imported functions: function index f is `codes[f]`.
                if let f = error.functionIndex, Int(f) < module.codes.count, let offset = error.offset {
                    #expect(module.codes[Int(f)].offsets.contains(offset), "\(error)")
                    reachedBodies += 1
                }
            } catch {
                Issue.record("non-ValidationError thrown: \(error)")
            }
        }
        #expect(reachedBodies > 400)
    }

    @Test func validatingTwiceGivesTheSameAnswer() {
        var builder = Builder(rng: SplitMix64(state: 99))
        for _ in 0..<200 {
            let module = builder.module()
            #expect(validationError(module) == validationError(module))
        }
    }
}
