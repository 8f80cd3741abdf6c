import Testing
import WasmCore
import WasmOracle
@testable import WasmSmith

/// Modules generated with `disallowTraps` and `ensureTermination` instantiate and run every
/// export to completion in a reference engine (WasmKit): no trap of any kind, no stack exhaustion.
@Test func disallowTrapsModulesRunWithoutTrapping() {
    let oracle = Oracle(engines: [WasmKitDiffEngine()])
    var trapping = 0
    var calls = 0
    var instantiated = 0
    var satOut = 0
    var reasons: Set<String> = []
    for i in 0..<300 {
        var u = Unstructured(seed: 3_000_000 + UInt64(i))
        var config = SmithConfig.arbitrary(&u)
        config.disallowTraps = true
        config.ensureTermination = true
        config.fuel = min(config.fuel, 200)
        let module = generateModule(&u, config: config)
        var arguments = InterestingArguments(seed: UInt64(i))
        let report = oracle.run(encodeModule(module), arguments: &arguments, localizing: false)
        calls += report.calls
        if report.instantiated { instantiated += 1 }
        // WasmKit sits out modules hitting its known issues (e.g. ref.func of an exported function).
        if !report.instantiated && !report.satOut.isEmpty { satOut += 1 }
        reasons.formUnion(report.satOut.values)
        if report.rejected != nil || !report.traps.isEmpty || report.stackExhaustions > 0 {
            trapping += 1
            if trapping == 1 {
                Issue.record("seed \(3_000_000 + i): rejected \(report.rejected ?? "-"), traps \(report.traps), stack exhaustions \(report.stackExhaustions)\n\(printWAT(module))")
            }
        }
    }
    #expect(trapping == 0)
    print("disallowTraps: \(instantiated) of 300 modules instantiated (\(satOut) sat out in WasmKit), \(calls) calls, none trapped")
    print("WasmKit sat out for: \(reasons.sorted())")
    #expect(instantiated + satOut == 300)
    #expect(instantiated > 250 && calls > 300)
}
