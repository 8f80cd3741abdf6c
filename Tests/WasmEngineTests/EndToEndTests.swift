import Testing
import WasmEngine

@Test func factorialRecursiveAndIterative() throws {
    let (_, inst) = try instantiate("""
    (module
      (func $fac (export "fac") (param i64) (result i64)
        (if (result i64) (i64.eqz (local.get 0))
          (then (i64.const 1))
          (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
      (func (export "fac_iter") (param i64) (result i64) (local i64)
        (local.set 1 (i64.const 1))
        (block (loop
          (br_if 1 (i64.eqz (local.get 0)))
          (local.set 1 (i64.mul (local.get 1) (local.get 0)))
          (local.set 0 (i64.sub (local.get 0) (i64.const 1)))
          (br 0)))
        (local.get 1)))
    """)
    // 20! = 2432902008176640000
    #expect(try call(inst, "fac", [.i64(20)]) == [.i64(2_432_902_008_176_640_000)])
    #expect(try call(inst, "fac_iter", [.i64(20)]) == [.i64(2_432_902_008_176_640_000)])
    #expect(try call(inst, "fac", [.i64(0)]) == [.i64(1)])
}
