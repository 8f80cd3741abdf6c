import Foundation
import Testing
import WasmCore
@testable import WasmSmith

/// The mnemonic of an instruction (`select` with a type immediate counts separately, as `select_t`).
func mnemonic(_ inst: Instruction) -> String { inst.mnemonic }

/// Every Wasm 2.0 instruction (without SIMD), as `mnemonic` names them.
let allMnemonics: Set<String> = {
    var names: Set<String> = [
        "unreachable", "nop", "block", "loop", "if", "else", "end", "br", "br_if", "br_table", "return", "call",
        "call_indirect", "ref.null", "ref.is_null", "ref.func", "drop", "select", "select_t", "local.get",
        "local.set", "local.tee", "global.get", "global.set", "table.get", "table.set", "table.init", "elem.drop",
        "table.copy", "table.grow", "table.size", "table.fill", "memory.size", "memory.grow", "memory.init",
        "data.drop", "memory.copy", "memory.fill", "i32.const", "i64.const", "f32.const", "f64.const",
    ]
    names.formUnion(LoadOp.allCases.map(\.description))
    names.formUnion(StoreOp.allCases.map(\.description))
    names.formUnion(NumericOp.allCases.map(\.name))
    return names
}()

@Test func everyInstructionIsGenerated() {
    var seen: Set<String> = []
    let start = Date()
    let count = 3000
    var instructions = 0
    // Half with the default configuration (everything on), half with swarm configurations.
    for (_, module) in generatedModules(count: count / 2, base: 1, swarm: false)
        + generatedModules(count: count / 2, base: 50_000, swarm: true) {
        for body in module.codes {
            instructions += body.instructions.count
            for inst in body.instructions { seen.insert(mnemonic(inst)) }
        }
    }
    let seconds = Date().timeIntervalSince(start)
    print("coverage: \(count) modules, \(instructions) instructions, \(Int(Double(count) / max(seconds, 0.001))) modules/s (information only)")
    let missing = allMnemonics.subtracting(seen).sorted()
    if !missing.isEmpty { print("never generated: \(missing.joined(separator: ", "))") }
    #expect(missing.isEmpty)
    #expect(seen.isSubset(of: allMnemonics))
}

/// Mnemonics generated under `config` over `count` modules.
func mnemonics(config: SmithConfig, count: Int, base: UInt64) -> Set<String> {
    var seen: Set<String> = []
    for (_, m) in generatedModules(count: count, base: base, swarm: false, config: config) {
        for body in m.codes { for inst in body.instructions { seen.insert(mnemonic(inst)) } }
    }
    return seen
}

@Test func disabledFeaturesAreNotUsed() {
    var c = SmithConfig()
    c.signExtension = false
    c.saturatingFloatToInt = false
    c.referenceTypes = false
    c.bulkMemory = false
    let seen = mnemonics(config: c, count: 300, base: 7)
    let forbidden: Set<String> = [
        "i32.extend8_s", "i32.extend16_s", "i64.extend8_s", "i64.extend16_s", "i64.extend32_s",
        "i32.trunc_sat_f32_s", "i64.trunc_sat_f64_u", "ref.null", "ref.is_null", "ref.func", "select_t",
        "table.get", "table.set", "table.size", "table.grow", "table.fill", "table.copy", "table.init", "elem.drop",
        "memory.init", "memory.copy", "memory.fill", "data.drop",
    ]
    #expect(seen.intersection(forbidden).isEmpty)
    #expect(seen.contains("i32.add") && seen.contains("call"))
}
