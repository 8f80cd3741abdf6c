import Testing
import WasmEngine

/// Cases aimed at the interpreter's lowering: `local.get` operands are folded into the
/// instructions that use them, so a later write to the local must not change values already
/// pushed. Expected results follow from wasm's stack semantics, worked out by hand.
@Suite struct LoweringTests {
    let inst: Instance

    init() throws {
        (_, inst) = try instantiate("""
        (module
          (func (export "swap") (param i32 i32) (result i32 i32)
            (local.get 0) (local.get 1) (local.set 0) (local.set 1) (local.get 0) (local.get 1))
          (func (export "old_value") (param i32 i32) (result i32)
            (local.get 0)
            (local.set 0 (i32.add (local.get 1) (i32.const 1)))
            (i32.sub (local.get 0)))
          (func (export "tee") (param i32) (result i32)
            (local.get 0)
            (local.tee 0 (i32.const 5))
            (i32.mul)
            (i32.add (local.get 0)))
          (func (export "across_block") (param i32) (result i32)
            (local.get 0)
            (block (local.set 0 (i32.const 99)))
            (i32.add (local.get 0)))
          (func (export "count_down") (param i32) (result i32) (local i32)
            (block $done (loop $l
              (br_if $done (i32.eqz (local.get 0)))
              (local.set 1 (i32.add (local.get 1) (i32.const 3)))
              (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
              (br $l)))
            (local.get 1))
          (func (export "if_eqz") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 10)) (else (i32.const 20))))
          (func (export "block_results") (param i32) (result i32 i32)
            (block (result i32 i32) (local.get 0) (i32.const 1) (br_if 0 (local.get 0)) (drop) (drop) (i32.const 7) (i32.const 8)))
          (func (export "select_local") (param i32 i32 i32) (result i32)
            (select (local.get 0) (local.get 1) (local.get 2)))
        )
        """)
    }

    @Test func pendingLocalReadsKeepTheirValue() throws {
        #expect(try call(inst, "swap", [.i32(1), .i32(2)]) == [.i32(2), .i32(1)])
        // 10 - (3 + 1): the first operand is the old value of local 0.
        #expect(try call(inst, "old_value", [.i32(10), .i32(3)]) == [.i32(6)])
        // old * 5 + 5 with old = 4.
        #expect(try call(inst, "tee", [.i32(4)]) == [.i32(25)])
        // old + 99 with old = 1.
        #expect(try call(inst, "across_block", [.i32(1)]) == [.i32(100)])
    }

    @Test func fusedEqzBranches() throws {
        #expect(try call(inst, "count_down", [.i32(4)]) == [.i32(12)])
        #expect(try call(inst, "count_down", [.i32(0)]) == [.i32(0)])
        #expect(try call(inst, "if_eqz", [.i32(0)]) == [.i32(10)])
        #expect(try call(inst, "if_eqz", [.i32(3)]) == [.i32(20)])
    }

    @Test func multiValueBranchesAndSelect() throws {
        #expect(try call(inst, "block_results", [.i32(5)]) == [.i32(5), .i32(1)])
        #expect(try call(inst, "block_results", [.i32(0)]) == [.i32(7), .i32(8)])
        #expect(try call(inst, "select_local", [.i32(1), .i32(2), .i32(0)]) == [.i32(2)])
        #expect(try call(inst, "select_local", [.i32(1), .i32(2), .i32(-1)]) == [.i32(1)])
    }
}
