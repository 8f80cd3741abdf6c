import Foundation
import Testing
import WasmCore
@testable import WasmSmith

@Test func sameBytesGiveTheSameModule() {
    for seed: UInt64 in [0, 1, 99, 12345] {
        var a = Unstructured(seed: seed)
        var b = Unstructured(seed: seed)
        let ca = SmithConfig.arbitrary(&a)
        let cb = SmithConfig.arbitrary(&b)
        #expect(ca == cb)
        #expect(encodeModule(generateModule(&a, config: ca)) == encodeModule(generateModule(&b, config: cb)))
    }
}

@Test func anyBytesGiveAModule() {
    // Empty, short, constant and arbitrary inputs: generation always finishes.
    var inputs: [[UInt8]] = [[], [0], [0xFF], Array(repeating: 0xFF, count: 10_000), Array(repeating: 0, count: 500)]
    var x: UInt32 = 1
    for length in [1, 3, 17, 64, 255, 1024] {
        inputs.append((0..<length).map { _ in
            x = x &* 1_103_515_245 &+ 12345
            return UInt8(truncatingIfNeeded: x >> 16)
        })
    }
    for input in inputs {
        var u = Unstructured(input)
        let config = SmithConfig.arbitrary(&u)
        let m = generateModule(&u, config: config)
        #expect(m.functions.count == m.codes.count)
        #expect(m.codes.allSatisfy { $0.instructions.last == .end })
    }
}

@Test func countsStayWithinTheConfiguredBounds() {
    var c = SmithConfig()
    c.minTypes = 2; c.maxTypes = 3
    c.minFunctions = 1; c.maxFunctions = 2
    c.maxImports = 2
    c.minGlobals = 1; c.maxGlobals = 2
    c.maxTables = 1
    c.maxElements = 2; c.maxData = 1
    c.ensureTermination = false  // no fuel global
    c.sinkDroppedValues = false  // no sink globals: only the configured ones
    for (_, m) in generatedModules(count: 200, base: 300, swarm: false, config: c) {
        // Host imports may add their signatures to the generated types.
        #expect(m.types.count >= 2 && m.types.count <= 3 + 2)
        #expect((1...2).contains(m.functions.count))
        #expect(m.imports.count <= 2)
        #expect((1...2).contains(m.globals.count))
        #expect(m.allTables.count <= 1)
        #expect(m.allMemories.count <= 1)
        #expect(m.elements.count <= 2 && m.datas.count <= 1)
    }
}

@Test func inconsistentConfigurationsDoNotCrash() {
    var c = SmithConfig()
    c.minFunctions = 5; c.maxFunctions = 1
    c.minTypes = -3; c.maxTypes = -1
    c.maxInstructions = -10; c.maxLocals = -1; c.maxSegmentLength = -5
    c.maxMemoryPages = UInt64.max; c.maxTableSize = UInt64.max
    for (_, m) in generatedModules(count: 20, base: 5, swarm: false, config: c) {
        #expect(m.functions.count == 5)
        #expect(m.allMemories.allSatisfy { $0.limits.min <= MemoryType.maxPages && ($0.limits.max ?? 0) <= MemoryType.maxPages })
    }
}

@Test func withoutMultiValueBlocksAndFunctionsHaveAtMostOneResult() {
    var c = SmithConfig()
    c.multiValue = false
    for (_, m) in generatedModules(count: 200, base: 900, swarm: false, config: c) {
        #expect(m.types.allSatisfy { $0.results.count <= 1 })
        for body in m.codes {
            for inst in body.instructions {
                switch inst {
                case .block(.typeIndex), .loop(.typeIndex), .if(.typeIndex): Issue.record("type-index block type without multi-value")
                default: break
                }
            }
        }
    }
}

@Test func withoutReferenceTypesNoReferenceValuesAppear() {
    var c = SmithConfig()
    c.referenceTypes = false
    for (_, m) in generatedModules(count: 200, base: 1200, swarm: false, config: c) {
        let valueTypes = m.types.flatMap { $0.params + $0.results } + m.globals.map(\.type.valueType)
            + m.codes.flatMap { $0.locals.map(\.type) }
        #expect(valueTypes.allSatisfy { $0.isNumeric })
        #expect(m.allTables.count <= 1 && m.allTables.allSatisfy { $0.elementType == .funcref })
        #expect(m.elements.allSatisfy { e in
            e.items.allSatisfy { if case .refFunc = $0.instructions.first { return true } else { return false } }
        })
    }
}

@Test func withoutBulkMemoryThereAreNoPassiveSegmentsOrDataCount() {
    var c = SmithConfig()
    c.bulkMemory = false
    c.referenceTypes = false
    c.minData = 1
    c.minMemories = 1
    for (_, m) in generatedModules(count: 100, base: 77, swarm: false, config: c) {
        #expect(m.dataCount == nil)
        #expect(m.datas.allSatisfy { if case .active = $0.mode { return true } else { return false } })
        #expect(m.elements.allSatisfy { if case .active = $0.mode { return true } else { return false } })
    }
}

/// With `ensureTermination`, every function and every loop starts by checking and decrementing
/// the fuel global.
@Test func fuelIsCheckedAtFunctionEntryAndLoopHeaders() {
    var c = SmithConfig()
    c.ensureTermination = true
    c.fuel = 77
    c.sinkDroppedValues = false  // the fuel global is then the last one
    for (_, m) in generatedModules(count: 200, base: 4000, swarm: false, config: c) {
        guard let fuel = m.globals.last, fuel.initializer == ConstExpr([.i32Const(77)]) else {
            Issue.record("no fuel global")
            continue
        }
        let index = UInt32(m.allGlobalTypes.count - 1)
        let check: [Instruction] = [.globalGet(index), .numeric(.i32Eqz), .if(.empty)]
        for body in m.codes {
            #expect(Array(body.instructions.prefix(3)) == check)
            for (i, inst) in body.instructions.enumerated() {
                if case .loop = inst { #expect(Array(body.instructions[(i + 1)...].prefix(3)) == check) }
                if case .globalSet(index) = inst {
                    #expect(body.instructions[i - 1] == .numeric(.i32Sub))
                }
            }
        }
    }
}

/// With `disallowTraps`: no `unreachable` outside the fuel check (which returns instead), no
/// `call_indirect`, every division guarded, calls only to earlier functions.
@Test func disallowTrapsAvoidsTrappingInstructions() {
    var c = SmithConfig()
    c.disallowTraps = true
    for (_, m) in generatedModules(count: 300, base: 8000, swarm: false, config: c) {
        let imported = m.importedFunctions.count
        for (f, body) in m.codes.enumerated() {
            let code = body.instructions
            for (i, inst) in code.enumerated() {
                switch inst {
                case .unreachable, .callIndirect: Issue.record("trapping instruction \(inst)")
                case .call(let callee): #expect(Int(callee) < imported + f)
                case .numeric(let op) where [.i32DivS, .i32DivU, .i32RemS, .i32RemU, .i64DivS, .i64DivU, .i64RemS, .i64RemU].contains(op):
                    #expect(i > 0 && code[i - 1] == .select)
                default: break
                }
            }
        }
    }
}

/// Each function body's code, with each instruction's index, of 100 modules generated with
/// `canonicalizeNaNs` from seeds `base...`; returns how many instructions `check` looked at
/// (`check` returns whether the instruction was one it checks).
func checkCanonicalizingCode(base: UInt64, _ check: ([Instruction], Int) -> Bool) -> Int {
    var c = SmithConfig()
    c.canonicalizeNaNs = true
    var checked = 0
    for (_, m) in generatedModules(count: 100, base: base, swarm: false, config: c) {
        for body in m.codes {
            for i in body.instructions.indices where check(body.instructions, i) { checked += 1 }
        }
    }
    return checked
}

@Test func canonicalizeNaNsFollowsFloatArithmetic() {
    let checked = checkCanonicalizingCode(base: 600) { code, i in
        guard case .numeric(let op) = code[i], op == .f64Add || op == .f32Mul else { return false }
        let nan: Instruction = op == .f64Add ? .f64Const(0x7FF8_0000_0000_0000) : .f32Const(0x7FC0_0000)
        #expect(code.count > i + 3 && code[i + 3] == nan)
        return true
    }
    #expect(checked > 0)
}

/// The canonicalizing sequence parks the raw result in a scratch local that other code may read
/// later: that local must end up holding the canonical value, not the raw NaN (found by fuzzing:
/// `f64.min` of a NaN payload reached `i64.reinterpret_f64` through the scratch local).
@Test func canonicalizedScratchLocalsHoldTheCanonicalValue() {
    let checked = checkCanonicalizingCode(base: 700) { code, i in
        guard i >= 6, code[i] == .select, case .localSet(let s) = code[i - 6], code[i - 5] == .localGet(s),
              code[i - 3] == .localGet(s), code[i - 2] == .localGet(s),
              code[i - 1] == .numeric(.f64Eq) || code[i - 1] == .numeric(.f32Eq) else { return false }
        #expect(code.count > i + 1 && code[i + 1] == .localTee(s))
        return true
    }
    #expect(checked > 0)
}

@Test func configurationRoundTripsThroughJSONAndMissingKeysKeepDefaults() throws {
    var u = Unstructured(seed: 42)
    let c = SmithConfig.arbitrary(&u)
    let data = try JSONEncoder().encode(c)
    let decoded = try JSONDecoder().decode(SmithConfig.self, from: data)
    #expect(decoded == c)
    let partial = try JSONDecoder().decode(SmithConfig.self, from: Data(#"{"maxFunctions": 3, "disallowTraps": true}"#.utf8))
    var expected = SmithConfig()
    expected.maxFunctions = 3
    expected.disallowTraps = true
    #expect(partial == expected)
}

@Test func swarmConfigurationsVary() {
    var configs = Set<SmithConfig>()
    for seed: UInt64 in 0..<50 {
        var u = Unstructured(seed: seed)
        configs.insert(SmithConfig.arbitrary(&u))
    }
    #expect(configs.count > 40)
    #expect(configs.contains { !$0.multiValue } && configs.contains { $0.disallowTraps } && configs.contains { !$0.referenceTypes })
}

@Test func hostImportsComeFromTheHostEnvironment() {
    for (_, m) in generatedModules(count: 300, base: 20_000, swarm: true) {
        for imp in m.imports {
            #expect(imp.module == HostEnvironment.moduleName)
            switch imp.descriptor {
            case .function(let t):
                let host = HostEnvironment.functions.first { $0.name == imp.name }
                #expect(host != nil && Int(t) < m.types.count && host?.type == m.types[Int(t)])
            case .global(let g): #expect(HostEnvironment.globals.contains { $0.name == imp.name && $0.type == g })
            case .memory(let mem):
                let host = HostEnvironment.memory.type.limits
                #expect(imp.name == HostEnvironment.memory.name && mem.limits.min <= host.min && (mem.limits.max.map { $0 >= host.max ?? .max } ?? true))
            case .table(let t):
                let host = HostEnvironment.table.type.limits
                #expect(imp.name == HostEnvironment.table.name && t.limits.min <= host.min && (t.limits.max.map { $0 >= host.max ?? .max } ?? true))
            }
        }
    }
}

/// An import name always comes with the same type, so one host object can satisfy every import
/// of it (hosts like the oracle build imports from their declared types).
@Test func repeatedImportsHaveTheSameType() {
    for (_, m) in generatedModules(count: 500, base: 33_000, swarm: true) {
        var seen: [String: ImportDescriptor] = [:]
        for imp in m.imports {
            if let first = seen[imp.name] { #expect(first == imp.descriptor, "\(imp.name)") } else { seen[imp.name] = imp.descriptor }
        }
    }
}

/// With `sinkDroppedValues`, modules export mutable `sink_i32` / `sink_i64` globals, and generated
/// code writes them only by xor-ing a value into them (`global.get s; xor; global.set s`).
@Test func droppedIntegersAreFoldedIntoExportedSinks() {
    var c = SmithConfig()
    c.sinkDroppedValues = true
    c.mutableGlobals = true
    var folds = 0
    for (_, m) in generatedModules(count: 200, base: 9000, swarm: false, config: c) {
        let sinks = m.exports.filter { $0.name.hasPrefix("sink_") }
        #expect(sinks.map(\.name) == ["sink_i32", "sink_i64"])
        let types = m.allGlobalTypes
        guard sinks.count == 2, let i32 = sinks.first?.index, let i64 = sinks.last?.index,
              Int(i64) < types.count else { continue }
        #expect(types[Int(i32)] == GlobalType(valueType: .i32, mutability: .variable))
        #expect(types[Int(i64)] == GlobalType(valueType: .i64, mutability: .variable))
        for body in m.codes {
            let code = body.instructions
            for (i, inst) in code.enumerated() {
                guard case .globalSet(let g) = inst, g == i32 || g == i64 else { continue }
                let xor: Instruction = .numeric(g == i32 ? .i32Xor : .i64Xor)
                #expect(i >= 2 && code[i - 1] == xor && code[i - 2] == .globalGet(g))
                folds += 1
            }
        }
    }
    #expect(folds > 0, "no dropped integer was folded into a sink in 200 modules")
}
