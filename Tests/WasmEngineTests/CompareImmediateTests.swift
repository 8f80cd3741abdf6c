import Testing
import WasmEngine

/// i32 comparisons with a constant right operand whose result is a value (the interpreter's
/// `i32LtSImm`... ops), at the edges of both orders; the same comparisons still fused into the
/// `br_if` after them (directly and through `i32.eqz`); and constants stored into locals (const
/// ops instead of constant-pool slots). Expected values come from Swift's integer arithmetic.
@Suite struct CompareImmediateTests {
    static let constants: [Int32] = [0, 1, -1, 2, 3, Int32.min, Int32.max, Int32.min + 1, Int32.max - 1, 0x1234]
    static let inputs: [Int32] = [0, 1, -1, 2, 3, 4, Int32.min, Int32.max, Int32.min + 1, Int32.max - 1, 0x1233, 0x1234, 0x1235]

    static func name(_ op: String, _ k: Int32) -> String { "\(op)_\(UInt32(bitPattern: k))" }

    static let module: String = {
        var funcs = ""
        for op in integerComparisonOps {
            for k in constants {
                funcs += """
                  (func (export "\(name(op, k))") (param i32) (result i32)
                    (i32.\(op) (local.get 0) (i32.const \(k))))

                """
            }
            // The comparison kept in a local across other work, then branched on (as clang
            // rotates loops: `c = n > 3; n -= 2; if (c) ...`).
            funcs += """
              (func (export "kept_\(op)") (param i32) (result i32) (local i32)
                (local.set 1 (i32.\(op) (local.get 0) (i32.const 3)))
                (local.set 0 (i32.add (local.get 0) (i32.const -2)))
                (if (result i32) (local.get 1) (then (i32.const 100)) (else (i32.const 200))))
              (func (export "branch_\(op)") (param i32) (result i32)
                (block (br_if 0 (i32.\(op) (local.get 0) (i32.const -5))) (return (i32.const 7)))
                (i32.const 9))
              (func (export "eqz_branch_\(op)") (param i32) (result i32)
                (block (br_if 0 (i32.eqz (i32.\(op) (local.get 0) (i32.const 17)))) (return (i32.const 7)))
                (i32.const 9))
              (func (export "select_\(op)") (param i32 i32 i32) (result i32)
                (select (local.get 1) (local.get 2) (i32.\(op) (local.get 0) (i32.const 100))))

            """
        }
        return "(module\n\(funcs)\n" + """
          ;; Constants stored into locals (and teed) inside a loop: sum of i * 3 + 5 for i < n,
          ;; the locals reset to constants on every iteration.
          (func (export "stored") (param i32) (result i32) (local i32 i32 i32)
            (block (loop
              (br_if 1 (i32.ge_s (local.get 1) (local.get 0)))
              (local.set 2 (i32.const 3))
              (local.set 3 (i32.add (local.tee 3 (i32.const 5)) (i32.mul (local.get 1) (local.get 2))))
              (local.set 2 (i32.const 0))
              (local.set 0 (i32.add (local.get 0) (local.get 2)))
              (local.set 1 (i32.add (local.get 1) (i32.const 1)))
              (local.set 0 (i32.sub (i32.add (local.get 0) (local.get 3)) (local.get 3)))
              (global.set 0 (i32.add (global.get 0) (local.get 3)))
              (br 0)))
            (global.get 0))
          (global (mut i32) (i32.const 0))
          ;; i64 constants stored too.
          (func (export "stored64") (param i64) (result i64) (local i64)
            (local.set 1 (i64.const 0x1_0000_0001))
            (i64.add (local.get 0) (local.get 1)))
        )
        """
    }()

    @Test(arguments: testedBackends) func comparisonValuesMatchSwift(_ strategy: Strategy) throws {
        let (_, inst) = try instantiate(CompareImmediateTests.module, engine: engine(strategy))
        for op in integerComparisonOps {
            for k in CompareImmediateTests.constants {
                for x in CompareImmediateTests.inputs {
                    let expected: Int32 = CompareImmediateTests.holds(op, x, k) ? 1 : 0
                    #expect(try call(inst, CompareImmediateTests.name(op, k), [.i32(x)]) == [.i32(expected)], "\(x) \(op) \(k)")
                }
            }
        }
    }

    @Test(arguments: testedBackends) func keptSelectedAndBranchedComparisons(_ strategy: Strategy) throws {
        let (_, inst) = try instantiate(CompareImmediateTests.module, engine: engine(strategy))
        for op in integerComparisonOps {
            for x in CompareImmediateTests.inputs + [-5, -4, -6, 16, 17, 18, 99, 100, 101] {
                let kept: Int32 = CompareImmediateTests.holds(op, x, 3) ? 100 : 200
                #expect(try call(inst, "kept_\(op)", [.i32(x)]) == [.i32(kept)], "kept \(x) \(op) 3")
                let branch: Int32 = CompareImmediateTests.holds(op, x, -5) ? 9 : 7
                #expect(try call(inst, "branch_\(op)", [.i32(x)]) == [.i32(branch)], "branch \(x) \(op) -5")
                let eqz: Int32 = CompareImmediateTests.holds(op, x, 17) ? 7 : 9
                #expect(try call(inst, "eqz_branch_\(op)", [.i32(x)]) == [.i32(eqz)], "eqz branch \(x) \(op) 17")
                let selected: Int32 = CompareImmediateTests.holds(op, x, 100) ? 11 : 22
                #expect(try call(inst, "select_\(op)", [.i32(x), .i32(11), .i32(22)]) == [.i32(selected)], "select \(x) \(op) 100")
            }
        }
    }

    @Test(arguments: testedBackends) func constantsStoredIntoLocals(_ strategy: Strategy) throws {
        for n: Int32 in [0, 1, 2, 10] {
            let (_, inst) = try instantiate(CompareImmediateTests.module, engine: engine(strategy))
            var expected: Int32 = 0
            for i in 0..<n { expected &+= 5 &+ i &* 3 }
            #expect(try call(inst, "stored", [.i32(n)]) == [.i32(expected)], "stored \(n)")
        }
        let (_, inst) = try instantiate(CompareImmediateTests.module, engine: engine(strategy))
        #expect(try call(inst, "stored64", [.i64(-2)]) == [.i64(0x1_0000_0001 - 2)])
    }

    static func holds(_ op: String, _ a: Int32, _ b: Int32) -> Bool {
        // i32 operands: the unsigned forms compare the 32-bit patterns.
        switch op {
        case "lt_u", "gt_u", "le_u", "ge_u":
            return integerComparisonHolds(op, Int64(UInt32(bitPattern: a)), Int64(UInt32(bitPattern: b)))
        default:
            return integerComparisonHolds(op, Int64(a), Int64(b))
        }
    }
}
