import Foundation
import Testing
import WAT
import WasmCLIKit
import WasmEngine

/// `wasm run` / `wasm validate` logic through the engine (interpreter backend).
@Suite struct InvocationTests {
    let bytes: [UInt8]

    init() throws {
        bytes = try wat2wasm("""
            (module
              (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
              (func (export "pair") (param f64) (result f64 i64) (local.get 0) (i64.const -1))
              (func (export "spin") (loop (br 0))))
            """)
    }

    func run(_ name: String, _ args: [String], fuel: UInt64? = nil) throws(CLIError) -> Invocation.Outcome {
        try Invocation.run(bytes: bytes, function: name, arguments: args, strategy: .interpreter, fuel: fuel)
    }

    @Test func resultsAndTraps() throws {
        #expect(try run("div", ["-7", "2"]).results == [.i32(-3)])
        #expect(try run("pair", ["-inf"]).results == [.f64(0xFFF0_0000_0000_0000), .i64(-1)])
        let trapped = try run("div", ["1", "0"])
        #expect(trapped.results.isEmpty)
        #expect(trapped.trap?.kind == .integerDivideByZero)
    }

    @Test func fuelBoundsAnInfiniteLoop() throws {
        #expect(try run("spin", [], fuel: 100).trap?.kind == .outOfFuel)
    }

    @Test func usageErrors() throws {
        #expect(throws: CLIError.self) { try run("nope", []) }
        #expect(throws: CLIError.self) { try run("div", ["1"]) }
        #expect(throws: CLIError.self) { try run("div", ["1", "x"]) }
        let withImport = try wat2wasm(#"(module (import "env" "f" (func)))"#)
        do {
            _ = try Invocation.run(bytes: withImport, function: "f", arguments: [], strategy: .interpreter, fuel: nil)
            Issue.record("a module with imports must not run")
        } catch {
            #expect(error.message.contains("unresolved import \"env\" \"f\""))
        }
    }

    @Test func validation() throws {
        try Invocation.validate(bytes: bytes, strategy: .interpreter)
        do {
            try Invocation.validate(bytes: [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05], strategy: .interpreter)
            Issue.record("a truncated module must be rejected")
        } catch {
            #expect(error.message.contains("offset"))
        }
        let invalid = try wat2wasm("(module (func (result i32) (i64.const 0)))")
        do {
            try Invocation.validate(bytes: invalid, strategy: .interpreter)
            Issue.record("an invalid module must be rejected")
        } catch {
            #expect(error.message.contains("type mismatch"))
        }
    }

    @Test func loadingFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wasm-cli-tests-\(UInt64.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let wat = dir.appendingPathComponent("m.wat").path
        try Data("(module (func (export \"f\") (result i32) (i32.const 7)))".utf8).write(to: URL(fileURLWithPath: wat))
        let fromText = try Invocation.loadBinary(path: wat)
        #expect(fromText.starts(with: [0x00, 0x61, 0x73, 0x6D]))
        #expect(try Invocation.run(bytes: fromText, function: "f", arguments: [], strategy: .interpreter, fuel: nil).results == [.i32(7)])

        let binary = dir.appendingPathComponent("m.wasm").path
        try Data(fromText).write(to: URL(fileURLWithPath: binary))
        #expect(try Invocation.loadBinary(path: binary) == fromText)

        // A `.wasm` file that is not a binary module is passed on as bytes and rejected by the decoder.
        let garbage = dir.appendingPathComponent("bad.wasm").path
        try Data("(module)".utf8).write(to: URL(fileURLWithPath: garbage))
        let garbageBytes = try Invocation.loadBinary(path: garbage)
        #expect(garbageBytes == Array("(module)".utf8))
        #expect(throws: CLIError.self) { try Invocation.validate(bytes: garbageBytes, strategy: .interpreter) }

        let badText = dir.appendingPathComponent("bad.wat").path
        try Data("(module (func (i32.bogus)))".utf8).write(to: URL(fileURLWithPath: badText))
        #expect(throws: CLIError.self) { try Invocation.loadBinary(path: badText) }
        #expect(throws: CLIError.self) { try Invocation.loadBinary(path: dir.appendingPathComponent("missing.wasm").path) }
    }

    /// `wasm compile` then `wasm run FILE.cwasm`: the artifact is recognised, loaded without
    /// compiling, and runs like the module; its backend is used with `--backend auto`.
    @Test func precompiledArtifacts() throws {
        for strategy in [Strategy.interpreter, .jit] {
            guard (try? Engine({ var c = Config(); c.strategy = strategy; return c }())) != nil else { continue }
            let artifact = try Invocation.precompile(bytes: bytes, strategy: strategy, consumeFuel: false)
            #expect(Engine.detectPrecompiled(artifact) == .module)
            #expect(try Invocation.run(bytes: artifact, function: "div", arguments: ["-7", "2"], strategy: .auto, fuel: nil).results == [.i32(-3)])
            #expect(try Invocation.run(bytes: artifact, function: "div", arguments: ["1", "0"], strategy: strategy, fuel: nil).trap?.kind == .integerDivideByZero)
            do {
                _ = try Invocation.run(bytes: artifact, function: "spin", arguments: [], strategy: .auto, fuel: 100)
                Issue.record("an artifact without fuel instrumentation must not load with fuel")
            } catch {
                #expect(error.message.contains("consumeFuel"), "\(error.message)")
            }
            let fueled = try Invocation.precompile(bytes: bytes, strategy: strategy, consumeFuel: true)
            #expect(try Invocation.run(bytes: fueled, function: "spin", arguments: [], strategy: .auto, fuel: 100).trap?.kind == .outOfFuel)
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wasm-cli-cwasm-\(UInt64.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("m.cwasm").path
        let artifact = try Invocation.precompile(bytes: bytes, strategy: .interpreter, consumeFuel: false)
        try Data(artifact).write(to: URL(fileURLWithPath: path))
        #expect(try Invocation.loadBinary(path: path) == artifact)
        let engine = try Engine({ var c = Config(); c.strategy = .interpreter; return c }())
        #expect(try Module.deserializeFile(engine, path: path).exports.map(\.name) == ["div", "pair", "spin"])
        #expect(throws: EngineError.self) { try Module.deserializeFile(engine, path: dir.appendingPathComponent("none").path) }
    }
}
