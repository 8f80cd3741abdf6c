import Testing
import WasmEngine

/// Declared locals start at zero on every path that reads them before writing them, also when a
/// previous call left other values in the same stack slots: the interpreter zeroes only the
/// locals a `local.get` may reach unwritten (a write inside a `block` or `if` that a branch may
/// skip, an `else` arm, a loop's first iteration). Each export first calls `$dirty`, whose
/// frame starts where the probe's does and whose locals are all nonzero, then the probe.
/// Expected values follow from wasm's zero-initialized locals, worked out by hand.
@Suite struct LocalInitializationTests {
    static let wat = """
    (module
      (func $dirty (result i32) (local i32 i32 i32 i32 i32 i32 i32 i32 i64 f64)
        (local.set 0 (i32.const -1)) (local.set 1 (i32.const -2)) (local.set 2 (i32.const -3))
        (local.set 3 (i32.const -4)) (local.set 4 (i32.const -5)) (local.set 5 (i32.const -6))
        (local.set 6 (i32.const -7)) (local.set 7 (i32.const -8)) (local.set 8 (i64.const -9))
        (local.set 9 (f64.const -10))
        (i32.add (local.get 0) (local.get 7)))
      ;; Written only when `c` is nonzero.
      (func $if_then (param i32) (result i32) (local i32)
        (if (local.get 0) (then (local.set 1 (i32.const 5))))
        (local.get 1))
      ;; Written after a `br_if` that may leave the block.
      (func $block_exit (param i32) (result i32) (local i32)
        (block (br_if 0 (local.get 0)) (local.set 1 (i32.const 7)))
        (local.get 1))
      ;; Written in the `then` arm only.
      (func $else_arm (param i32) (result i32) (local i32)
        (if (local.get 0) (then (local.set 1 (i32.const 3))) (else (nop)))
        (local.get 1))
      ;; Read at the loop's start before the body writes it: 0 on the first iteration.
      (func $loop_carried (param i32) (result i32) (local i32 i32)
        (loop $l
          (local.set 2 (i32.add (local.get 2) (i32.add (local.get 1) (i32.const 1))))
          (local.set 1 (i32.const 9))
          (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
        (local.get 2))
      ;; Written in a loop body, read after the loop; local 3 is read without any write.
      (func $after_loop (param i32) (result i32) (local i32 i32 i32)
        (local.set 2 (i32.const 100))
        (loop $l
          (local.set 1 (i32.add (local.get 0) (local.get 2)))
          (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
        (i32.add (local.get 1) (local.get 3)))
      ;; Straight-line writes before reads, then a wide local read unwritten.
      (func $straight (param i32) (result i64) (local i32 i32 i64 f64)
        (local.set 1 (i32.const 4))
        (local.set 2 (i32.add (local.get 1) (local.get 0)))
        (i64.add (i64.extend_i32_u (local.get 2))
          (i64.add (local.get 3) (i64.trunc_f64_s (f64.add (local.get 4) (f64.const 0.5))))))
      (func (export "if_then") (param i32) (result i32) (drop (call $dirty)) (call $if_then (local.get 0)))
      (func (export "block_exit") (param i32) (result i32) (drop (call $dirty)) (call $block_exit (local.get 0)))
      (func (export "else_arm") (param i32) (result i32) (drop (call $dirty)) (call $else_arm (local.get 0)))
      (func (export "loop_carried") (param i32) (result i32) (drop (call $dirty)) (call $loop_carried (local.get 0)))
      (func (export "after_loop") (param i32) (result i32) (drop (call $dirty)) (call $after_loop (local.get 0)))
      (func (export "straight") (param i32) (result i64) (drop (call $dirty)) (call $straight (local.get 0)))
    )
    """

    @Test(arguments: testedBackends) func localsReadBeforeWrittenAreZero(_ strategy: Strategy) throws {
        let (_, inst) = try instantiate(LocalInitializationTests.wat, engine: engine(strategy))
        #expect(try call(inst, "if_then", [.i32(0)]) == [.i32(0)])
        #expect(try call(inst, "if_then", [.i32(1)]) == [.i32(5)])
        #expect(try call(inst, "block_exit", [.i32(1)]) == [.i32(0)])
        #expect(try call(inst, "block_exit", [.i32(0)]) == [.i32(7)])
        #expect(try call(inst, "else_arm", [.i32(0)]) == [.i32(0)])
        #expect(try call(inst, "else_arm", [.i32(2)]) == [.i32(3)])
        // Iteration 1 adds 0 + 1, each later one 9 + 1.
        #expect(try call(inst, "loop_carried", [.i32(1)]) == [.i32(1)])
        #expect(try call(inst, "loop_carried", [.i32(4)]) == [.i32(1 + 3 * 10)])
        // The last iteration runs with local 0 = 1: local 1 = 101, local 3 = 0.
        #expect(try call(inst, "after_loop", [.i32(3)]) == [.i32(101)])
        // 4 + 6, plus local 3 (0) and trunc(0.0 + 0.5) (0).
        #expect(try call(inst, "straight", [.i32(6)]) == [.i64(10)])
    }
}
