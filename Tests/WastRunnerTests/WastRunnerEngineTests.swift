import Testing
import WasmEngine
import WastRunner

/// End-to-end runs of small scripts through the engine (interpreter backend).
@Suite struct WastRunnerEngineTests {
    func run(_ source: String) -> WastFileResult {
        var config = Config()
        config.strategy = .interpreter
        return WastRunner(config: config).run(source: source, file: "test.wast")
    }

    @Test func passingAndFailingAssertReturn() {
        let result = run("""
            (module
              (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
              (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0))))
            (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
            (assert_return (invoke "nan") (f32.const nan:canonical))
            (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 4))
            """)
        #expect(result.passed == 3)
        #expect(result.failed == 1)
        #expect(result.failures.first?.line == 6)
        #expect(result.failures.first?.expected == "(i32.const 4)")
        #expect(result.failures.first?.actual == "(i32.const 3)")
    }

    @Test func trapsAndExhaustion() {
        let result = run("""
            (module
              (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
              (func $loop (export "recurse") (call $loop)))
            (assert_trap (invoke "div" (i32.const 0)) "integer divide by zero")
            (assert_exhaustion (invoke "recurse") "call stack exhausted")
            (assert_trap (invoke "div" (i32.const 0)) "unreachable")
            (assert_trap (invoke "div" (i32.const 1)) "integer divide by zero")
            """)
        #expect(result.passed == 3)
        #expect(result.failed == 2)
        #expect(result.failures.map(\.line) == [6, 7])
    }

    @Test func spectestImportsRegisterAndGet() {
        let result = run("""
            (module $A
              (import "spectest" "print_i32" (func $print (param i32)))
              (import "spectest" "global_i32" (global $g i32))
              (import "spectest" "memory" (memory 1))
              (import "spectest" "table" (table 10 funcref))
              (global (export "g") i32 (global.get $g))
              (func (export "f") (result i32) (call $print (i32.const 1)) (global.get $g)))
            (register "a" $A)
            (module (import "a" "f" (func $f (result i32))) (func (export "g") (result i32) (call $f)))
            (assert_return (invoke "g") (i32.const 666))
            (assert_return (invoke $A "f") (i32.const 666))
            (assert_return (get $A "g") (i32.const 666))
            (assert_unlinkable (module (import "a" "missing" (func))) "unknown import")
            """)
        #expect(result.failed == 0, "\(result.failures)")
        #expect(result.passed == 7)
    }

    @Test func rejectedModulesAndReasons() {
        let result = run(#"""
            (assert_malformed (module binary "\00asm" "\01\00\00") "unexpected end")
            (assert_malformed (module binary "\00asm" "\01\00\00") "a message no engine gives")
            (assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
            (assert_malformed (module quote "(func (i32.const))") "unexpected token")
            (assert_invalid (module (func)) "type mismatch")
            """#)
        // Wrong reason on a binary module fails; on a quote module it passes but is listed.
        #expect(result.passed == 3)
        #expect(result.failed == 2)
        #expect(result.failures.map(\.line) == [2, 5])
        #expect(result.textParserRejections.map(\.line) == [4])
        #expect(result.textParserRejectionCount == 1)
        #expect(result.wrongReasons.isEmpty)
        #expect(result.wrongReasonCount == 1)
    }

    @Test func trapDuringInstantiation() {
        let result = run("""
            (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
            (assert_uninstantiable (module (memory 1) (data (i32.const 70000) "x")) "out of bounds memory access")
            (module (func (export "f")))
            (invoke "f")
            """)
        #expect(result.failed == 0, "\(result.failures)")
        #expect(result.passed == 4)
    }

    @Test func unexpectedProblemsAreFailuresNotCrashes() {
        let result = run("""
            (invoke "nothing")
            (module (func (export "f") (param i32)))
            (invoke "missing")
            (invoke "f")
            (assert_return (invoke $Nope "f"))
            (register "x" $Nope)
            """)
        #expect(result.passed == 1)
        #expect(result.failed == 5)
    }

    @Test func spectestModuleMatchesTheReferenceInterpreter() {
        let result = run("""
            (module
              (import "spectest" "global_i64" (global i64))
              (import "spectest" "global_f32" (global f32))
              (import "spectest" "global_f64" (global f64))
              (import "spectest" "print_f64_f64" (func $p (param f64 f64)))
              (import "spectest" "print" (func $print))
              (func (export "i64") (result i64) (global.get 0))
              (func (export "f32") (result f32) (global.get 1))
              (func (export "f64") (result f64) (call $print) (call $p (f64.const 1) (f64.const 2)) (global.get 2)))
            (assert_return (invoke "i64") (i64.const 666))
            (assert_return (invoke "f32") (f32.const 666.6))
            (assert_return (invoke "f64") (f64.const 666.6))
            (module
              (import "spectest" "memory" (memory 1 2))
              (import "spectest" "table" (table 10 20 funcref))
              (func (export "grow") (result i32) (memory.grow (i32.const 1)))
              (func (export "tsize") (result i32) (table.size 0)))
            (assert_return (invoke "tsize") (i32.const 10))
            (assert_return (invoke "grow") (i32.const 1))
            (assert_return (invoke "grow") (i32.const -1))
            (assert_unlinkable (module (import "spectest" "memory" (memory 3))) "incompatible import type")
            (assert_unlinkable (module (import "spectest" "global_i32" (global i64))) "incompatible import type")
            """)
        #expect(result.failed == 0, "\(result.failures)")
        #expect(result.passed == 10)
    }
}
