import Testing
import WAT
import WasmCore
import WasmOracle

/// wasmtime (through ci/peers/wasmtime_runner.py) against our interpreter on hand-written modules.
/// Needs the peers: run ci/peers/install.sh; skipped otherwise.
@Suite(.enabled(if: WasmtimeDiffEngine.isAvailable, "wasmtime peer not installed: run ci/peers/install.sh"))
struct WasmtimeEngineTests {
    func run(_ wat: String, options: RunOptions = RunOptions()) throws -> OracleReport {
        let oracle = Oracle(engines: [NativeDiffEngine(strategy: .interpreter), WasmtimeDiffEngine()])
        var arguments = InterestingArguments(seed: 7)
        return oracle.run(try wat2wasm(wat), options: options, arguments: &arguments, localizing: false)
    }

    @Test func returnsTheSameValuesAndState() throws {
        let report = try run("""
        (module
          (import "env" "log" (func $log (param i32 i64)))
          (memory (export "mem") 1)
          (global (export "g") (mut i64) (i64.const 5))
          (table (export "t") 2 funcref)
          (elem (i32.const 1) $f)
          (func $f (export "f") (param i32) (result i32 f32)
            (call $log (local.get 0) (i64.const -3))
            (i32.store8 (i32.const 9) (i32.const 0xAB))
            (global.set 0 (i64.mul (global.get 0) (i64.const 3)))
            (i32.add (local.get 0) (i32.const 1)) (f32.const -0.25)))
        """)
        #expect(report.engines == ["interpreter", "wasmtime"])
        #expect(report.satOut.isEmpty)
        #expect(report.instantiated)
        #expect(report.calls == 1)
        #expect(report.divergence == nil)
    }

    @Test func agreesOnTraps() throws {
        let report = try run("""
        (module
          (memory 1)
          (func (export "div") (result i32) (i32.div_u (i32.const 1) (i32.const 0)))
          (func (export "oob") (result i32) (i32.load (i32.const 65535)))
          (func (export "unreachable") unreachable))
        """)
        #expect(report.satOut.isEmpty)
        #expect(report.divergence == nil)
        #expect(report.traps == [.integerDivideByZero: 1, .outOfBoundsMemoryAccess: 1, .unreachable: 1])
    }

    @Test func wasmtimeAloneReportsTheTrapClass() throws {
        let bytes = try wat2wasm(#"(module (func (export "f") (param i32) (result i32) (i32.trunc_f32_s (f32.const nan))))"#)
        let engine = WasmtimeDiffEngine()
        let (instantiated, instance) = engine.instantiate(bytes, module: try decodeModule(bytes), options: RunOptions())
        #expect(instantiated == .returned([]))
        let outcome = try #require(instance).call("f", [.i32(0)])
        guard case .trapped(let kind, _) = outcome else {
            Issue.record("expected a trap, got \(outcome)")
            return
        }
        #expect(kind == .invalidConversionToInteger)
    }

    @Test func epochDeadlineInterruptsBothAtTheSameTick() throws {
        // Each iteration ticks once; with a deadline 3 ticks ahead the loop header check traps
        // on both engines after the same host calls.
        let report = try run("""
        (module
          (import "host" "tick" (func $tick))
          (import "env" "seen" (func $seen (param i32)))
          (func (export "spin") (local i32)
            (loop $l
              (call $seen (local.get 0))
              (call $tick)
              (local.set 0 (i32.add (local.get 0) (i32.const 1)))
              (br $l))))
        """, options: RunOptions(epochDeadline: 3))
        #expect(report.satOut.isEmpty)
        #expect(report.divergence == nil)
        #expect(report.traps == [.interrupt: 1])
    }

    @Test func sitsOutFuelRuns() {
        #expect(WasmtimeDiffEngine().unsupportedReason(for: RunOptions(fuel: 100)) != nil)
        #expect(WasmtimeDiffEngine().unsupportedReason(for: RunOptions(epochDeadline: 1)) == nil)
    }
}
