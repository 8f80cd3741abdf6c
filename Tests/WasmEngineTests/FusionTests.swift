import Testing
import WasmEngine

/// Cases aimed at the interpreter's fast paths: fused compare-and-branch (taken and negated
/// forms, operand swaps for `gt`/`ge`), the per-frame constant pool, the specialized narrow
/// loads and stores, and the cache of resolved `call_indirect` targets. Expected values are
/// worked out by hand from the wasm semantics.
@Suite struct FusionTests {
    /// Functions `(param a b) (result i32)` returning 1 when `a <op> b` holds: through `br_if`
    /// (`br`), `if` (`if`), a `br_if` that must move its value (`brmove`), and `br_if` / `if`
    /// on the `i32.eqz` of the comparison (`breqz`, `ifeqz`).
    static func compareFunctions(_ type: String, _ ops: [String]) -> String {
        ops.map { op in
            """
              (func (export "br_\(type)_\(op)") (param \(type) \(type)) (result i32)
                (block $taken (br_if $taken (\(type).\(op) (local.get 0) (local.get 1))) (return (i32.const 0)))
                (i32.const 1))
              (func (export "if_\(type)_\(op)") (param \(type) \(type)) (result i32)
                (if (result i32) (\(type).\(op) (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 0))))
              (func (export "brmove_\(type)_\(op)") (param \(type) \(type)) (result i32)
                (block $b (result i32) (i32.const 5) (i32.const 1) (br_if $b (\(type).\(op) (local.get 0) (local.get 1)))
                  (drop) (drop) (i32.const 0)))
              (func (export "breqz_\(type)_\(op)") (param \(type) \(type)) (result i32)
                (block $taken (br_if $taken (i32.eqz (\(type).\(op) (local.get 0) (local.get 1)))) (return (i32.const 1)))
                (i32.const 0))
              (func (export "ifeqz_\(type)_\(op)") (param \(type) \(type)) (result i32)
                (if (result i32) (i32.eqz (\(type).\(op) (local.get 0) (local.get 1))) (then (i32.const 0)) (else (i32.const 1))))
            """
        }.joined(separator: "\n")
    }

    static let floatOps = ["eq", "ne", "lt", "gt", "le", "ge"]
    static let forms = ["br", "if", "brmove", "breqz", "ifeqz"]

    @Test func fusedComparisonsBranchLikeTheUnfusedOnes() throws {
        let (_, inst) = try instantiate("(module\n" + FusionTests.compareFunctions("i32", integerComparisonOps) + "\n"
                                        + FusionTests.compareFunctions("i64", integerComparisonOps) + ")")
        for op in integerComparisonOps {
            for (a, b) in [(-1, 1), (1, -1), (1, 1), (-1, -1)] {
                let want: [Value] = [.i32(integerComparisonHolds(op, Int64(a), Int64(b)) ? 1 : 0)]
                for form in FusionTests.forms {
                    #expect(try call(inst, "\(form)_i32_\(op)", [.i32(Int32(a)), .i32(Int32(b))]) == want, "\(form) i32.\(op) \(a) \(b)")
                    #expect(try call(inst, "\(form)_i64_\(op)", [.i64(Int64(a)), .i64(Int64(b))]) == want, "\(form) i64.\(op) \(a) \(b)")
                }
            }
        }
    }

    @Test func fusedFloatComparisonsHandleNaN() throws {
        let (_, inst) = try instantiate("(module\n" + FusionTests.compareFunctions("f32", FusionTests.floatOps) + "\n"
                                        + FusionTests.compareFunctions("f64", FusionTests.floatOps) + ")")
        let values: [Double] = [1, 2, -0.0, 0, .nan, .infinity]
        for op in FusionTests.floatOps {
            for a in values {
                for b in values {
                    // IEEE 754 comparisons: every ordered one is false with a NaN operand, `ne` is true.
                    let holds: Bool
                    switch op {
                    case "eq": holds = a == b
                    case "ne": holds = a != b
                    case "lt": holds = a < b
                    case "gt": holds = a > b
                    case "le": holds = a <= b
                    default: holds = a >= b
                    }
                    let want: [Value] = [.i32(holds ? 1 : 0)]
                    for form in FusionTests.forms {
                        #expect(try call(inst, "\(form)_f32_\(op)", [.float32(Float(a)), .float32(Float(b))]) == want, "\(form) f32.\(op) \(a) \(b)")
                        #expect(try call(inst, "\(form)_f64_\(op)", [.float64(a), .float64(b)]) == want, "\(form) f64.\(op) \(a) \(b)")
                    }
                }
            }
        }
    }

    @Test func constantPoolSurvivesRecursionAndOverflow() throws {
        // 40 distinct constants: more than the pool holds, so some use const ops.
        let terms = (1...40).map { "(i32.const \($0 * 1000 + 7))" }
        let sum = String(repeating: "(i32.add ", count: 39) + terms[0] + terms.dropFirst().map { " \($0))" }.joined()
        let (_, inst) = try instantiate("""
        (module
          (func $fib (export "fib") (param i32) (result i32)
            (if (result i32) (i32.lt_s (local.get 0) (i32.const 2))
              (then (local.get 0))
              (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                             (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
          (func (export "many") (result i32) \(sum))
          (func (export "consts64") (result i64 f64 f32)
            (i64.const -1) (f64.const 2.5) (f32.const -0.5))
          (func (export "const_then_set") (param i32) (result i32) (local i32)
            (local.set 1 (i32.const 77))
            (local.set 0 (i32.const 77))
            (i32.add (local.get 0) (local.get 1)))
        )
        """)
        #expect(try call(inst, "fib", [.i32(15)]) == [.i32(610)])
        // sum of k*1000 + 7 for k in 1...40 = 820_000 + 280.
        #expect(try call(inst, "many") == [.i32(820_280)])
        #expect(try call(inst, "consts64") == [.i64(-1), .float64(2.5), .float32(-0.5)])
        #expect(try call(inst, "const_then_set", [.i32(5)]) == [.i32(154)])
    }

    @Test func narrowAndFloatLoadsAndStores() throws {
        let (_, inst) = try instantiate("""
        (module
          (memory 1)
          (func (export "bytes") (result i32 i64 i32)
            (i32.store8 (i32.const 10) (i32.const 0x1ff))
            (i64.store8 (i32.const 11) (i64.const 0x180))
            (i32.load8_u (i32.const 10)) (i64.load8_u (i32.const 11)) (i32.load8_s (i32.const 11)))
          (func (export "floats") (result i64 f32 i32)
            (f64.store (i32.const 16) (f64.const 1.0))
            (f32.store (i32.const 32) (f32.const -2.0))
            (i64.load (i32.const 16)) (f32.load (i32.const 32)) (i32.load (i32.const 32)))
          (func (export "store8_oob") (i32.store8 (i32.const 65536) (i32.const 1)))
          (func (export "load8_edge") (result i32) (i32.load8_u (i32.const 65535)))
        )
        """)
        #expect(try call(inst, "bytes") == [.i32(0xff), .i64(0x80), .i32(-128)])
        // 1.0 is 0x3FF0_0000_0000_0000; -2.0f is 0xC000_0000.
        #expect(try call(inst, "floats") == [.i64(0x3FF0_0000_0000_0000), .float32(-2.0), .i32(Int32(bitPattern: 0xC000_0000))])
        #expect(trapKind { try call(inst, "store8_oob") } == .outOfBoundsMemoryAccess)
        #expect(try call(inst, "load8_edge") == [.i32(0)])
    }

    @Test func indirectCallCacheFollowsTableChanges() throws {
        let (_, inst) = try instantiate("""
        (module
          (type $i (func (param i32) (result i32)))
          (type $v (func (result i32)))
          (table 3 funcref)
          (elem (i32.const 0) $inc $dbl)
          (elem declare func $seven)
          (func $inc (type $i) (i32.add (local.get 0) (i32.const 1)))
          (func $dbl (type $i) (i32.mul (local.get 0) (i32.const 2)))
          (func $seven (type $v) (i32.const 7))
          (func (export "call") (param i32 i32) (result i32)
            (call_indirect (type $i) (local.get 1) (local.get 0)))
          (func (export "call_v") (param i32) (result i32)
            (call_indirect (type $v) (local.get 0)))
          (func (export "set0_to_dbl") (table.set (i32.const 0) (ref.func $dbl)))
          (func (export "set0_to_seven") (table.set (i32.const 0) (ref.func $seven)))
          (func (export "clear0") (table.set (i32.const 0) (ref.null func)))
        )
        """)
        #expect(try call(inst, "call", [.i32(0), .i32(10)]) == [.i32(11)])
        #expect(try call(inst, "call", [.i32(0), .i32(10)]) == [.i32(11)])  // from the cache
        #expect(try call(inst, "call", [.i32(1), .i32(10)]) == [.i32(20)])
        _ = try call(inst, "set0_to_dbl")
        #expect(try call(inst, "call", [.i32(0), .i32(10)]) == [.i32(20)])
        _ = try call(inst, "set0_to_seven")
        #expect(trapKind { try call(inst, "call", [.i32(0), .i32(10)]) } == .indirectCallTypeMismatch)
        #expect(try call(inst, "call_v", [.i32(0)]) == [.i32(7)])
        // A cached (ref, type) pair from the other call site still checks the type.
        #expect(trapKind { try call(inst, "call_v", [.i32(1)]) } == .indirectCallTypeMismatch)
        _ = try call(inst, "clear0")
        #expect(trapKind { try call(inst, "call_v", [.i32(0)]) } == .uninitializedElement)
        #expect(trapKind { try call(inst, "call", [.i32(3), .i32(1)]) } == .undefinedElement)
    }
}
