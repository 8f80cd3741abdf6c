import Testing
@testable import WasmEngine
@testable import WasmInterpreter

/// imem8: two `local.set`s of `local.get`s in a row become one `copyPair` op. Expected values are
/// computed in Swift; the lowered code is inspected to check the pair is made.
@Suite struct CopyPairTests {
    static func pairs(_ wat: String) throws -> Int {
        try LoopFusionTests.loweredOps(wat).filter { if case .copyPair = $0 { true } else { false } }.count
    }

    @Test func copiesInOrder() throws {
        // `a = b; b = a` (the second copy reads the first's result) and a rotation through `t`,
        // repeated `n` times in a loop.
        let wat = """
        (module
          (func (export "f") (param $a i32) (param $b i32) (param $c i32) (param $n i32) (result i32 i32 i32)
            (local $t i32)
            (loop $l
              (local.set $t (local.get $a))
              (local.set $a (local.get $b))
              (local.set $b (local.get $c))
              (local.set $c (local.get $t))
              (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (local.get $a) (local.get $b) (local.get $c))
          (func (export "g") (param $a i32) (param $b i32) (result i32 i32)
            (local.set $a (local.get $b))
            (local.set $b (local.get $a))
            (local.get $a) (local.get $b)))
        """
        #expect(try CopyPairTests.pairs(wat) >= 2)
        let (_, inst) = try instantiate(wat)
        for n: Int32 in [1, 2, 3, 4, 7] {
            var v: [Int32] = [10, -20, 30]
            for _ in 0..<n { v = [v[1], v[2], v[0]] }
            #expect(try call(inst, "f", [.i32(10), .i32(-20), .i32(30), .i32(n)]) == v.map { .i32($0) }, "n \(n)")
        }
        #expect(try call(inst, "g", [.i32(5), .i32(-6)]) == [.i32(-6), .i32(-6)])
    }

    @Test func floatLocalsStayExact() throws {
        // A float computed into `$x`, then `$x` and `$y` overwritten by a pair, then `$x` read by a
        // float operator: the read must see the copied value, not the earlier sum.
        let wat = """
        (module
          (func (export "f") (param $p f64) (param $q f64) (param $r f64) (result f64 f64)
            (local $x f64) (local $y f64)
            (local.set $x (f64.add (local.get $p) (local.get $q)))
            (local.set $x (local.get $r))
            (local.set $y (local.get $p))
            (f64.mul (local.get $x) (local.get $q))
            (local.get $y)))
        """
        #expect(try CopyPairTests.pairs(wat) == 1)
        let (_, inst) = try instantiate(wat)
        for (p, q, r) in [(1.5, 2.0, -3.25), (0.1, 1e300, 7.0)] {
            let got = try call(inst, "f", [.float64(p), .float64(q), .float64(r)])
            #expect(got == [.float64(r * q), .float64(p)], "\(p) \(q) \(r)")
        }
    }
}
