import Testing
import WasmEngine

/// Cases aimed at the interpreter's immediate operands: binary ops with a constant right operand
/// (shift counts at and past the width, rotations by 0 and by the width, subtraction as an add of
/// the negation, wrapping), comparisons with a constant fused into `br_if` / `if` (constant on
/// either side, negated by `i32.eqz`, i64 constants too wide for an immediate), rotations by a
/// variable count, and `x ^ (x << k)` / `x ^ (x >> k)`. Expected values come from Swift's
/// integer arithmetic on the same operands.
@Suite struct ImmediateOpsTests {
    static let i32Ops = ["add", "sub", "mul", "and", "or", "xor", "shl", "shr_u", "shr_s", "rotl", "rotr"]
    static let i32Constants: [Int32] = [0, 1, 5, 13, 31, 32, 33, -1, Int32.min, Int32.max, 0x00ff]
    static let i32Inputs: [Int32] = [0, 1, -1, 0x1234_5678, Int32.min, Int32.max, -7]
    static let i64Constants: [Int64] = [0, 1, 3, 31, 32, 63, 64, 65, -1, Int64.min, Int64.max, 1 << 40, -(1 << 33)]
    static let i64Inputs: [Int64] = [0, 1, -1, 0x1234_5678_9abc_def0, Int64.min, Int64.max, -7]

    /// `op` of `a` and the constant `c`, from Swift arithmetic at the width of `T` (wasm's
    /// shift and rotate counts are taken modulo the width).
    static func expected<T: FixedWidthInteger & SignedInteger>(_ op: String, _ a: T, _ c: T) -> T {
        let x = T.Magnitude(truncatingIfNeeded: a), y = T.Magnitude(truncatingIfNeeded: c)
        let width = T.bitWidth, k = Int(y % T.Magnitude(width))
        let r: T.Magnitude
        switch op {
        case "add": r = x &+ y
        case "sub": r = x &- y
        case "mul": r = x &* y
        case "and": r = x & y
        case "or": r = x | y
        case "xor": r = x ^ y
        case "shl": r = x << k
        case "shr_u": r = x >> k
        case "shr_s": r = T.Magnitude(truncatingIfNeeded: a >> k)
        case "rotl": r = k == 0 ? x : (x << k) | (x >> (width - k))
        default: r = k == 0 ? x : (x >> k) | (x << (width - k))  // rotr
        }
        return T(truncatingIfNeeded: r)
    }

    static func i32Expected(_ op: String, _ a: Int32, _ c: Int32) -> Int32 { expected(op, a, c) }
    static func i64Expected(_ op: String, _ a: Int64, _ c: Int64) -> Int64 { expected(op, a, c) }

    static func name(_ type: String, _ op: String, _ k: Int) -> String { "\(type)_\(op)_\(k)" }

    /// Every op of `i32Ops` at type `type` (`"i32"` or `"i64"`) with each of `constants` as its
    /// right operand, one function each, called on every input.
    static func checkOpsWithAConstantOperand<T: FixedWidthInteger & SignedInteger>(
        _ type: String, constants: [T], inputs: [T], value: (T) -> Value
    ) throws {
        var funcs = ""
        for op in i32Ops {
            for (k, c) in constants.enumerated() {
                funcs += "(func (export \"\(name(type, op, k))\") (param \(type)) (result \(type)) (\(type).\(op) (local.get 0) (\(type).const \(c))))\n"
            }
        }
        let (_, inst) = try instantiate("(module\n\(funcs))")
        for op in i32Ops {
            for (k, c) in constants.enumerated() {
                for a in inputs {
                    #expect(try call(inst, name(type, op, k), [value(a)]) == [value(expected(op, a, c))], "\(type).\(op) \(a) \(c)")
                }
            }
        }
    }

    @Test func i32BinaryOpsWithAConstantOperand() throws {
        try Self.checkOpsWithAConstantOperand("i32", constants: Self.i32Constants, inputs: Self.i32Inputs, value: Value.i32)
    }

    @Test func i64BinaryOpsWithAConstantOperand() throws {
        try Self.checkOpsWithAConstantOperand("i64", constants: Self.i64Constants, inputs: Self.i64Inputs, value: Value.i64)
    }

    @Test func rotationsByAVariableCount() throws {
        let (_, inst) = try instantiate("""
        (module
          (func (export "i32_rotl") (param i32 i32) (result i32) (i32.rotl (local.get 0) (local.get 1)))
          (func (export "i32_rotr") (param i32 i32) (result i32) (i32.rotr (local.get 0) (local.get 1)))
          (func (export "i64_rotl") (param i64 i64) (result i64) (i64.rotl (local.get 0) (local.get 1)))
          (func (export "i64_rotr") (param i64 i64) (result i64) (i64.rotr (local.get 0) (local.get 1)))
        )
        """)
        for op in ["rotl", "rotr"] {
            for c in Self.i32Constants {
                for a in Self.i32Inputs {
                    #expect(try call(inst, "i32_\(op)", [.i32(a), .i32(c)]) == [.i32(Self.i32Expected(op, a, c))], "i32.\(op) \(a) \(c)")
                }
            }
            for c in Self.i64Constants {
                for a in Self.i64Inputs {
                    #expect(try call(inst, "i64_\(op)", [.i64(a), .i64(c)]) == [.i64(Self.i64Expected(op, a, c))], "i64.\(op) \(a) \(c)")
                }
            }
        }
    }

    /// Functions `(param T) (result i32)` returning 1 when `x <op> c` (`rhs`) or `c <op> x`
    /// (`lhs`) holds, through `br_if`, `if`, and `br_if` on the `i32.eqz` of the comparison.
    static func compareFunctions(_ type: String, _ constants: [Int64]) -> String {
        var out = ""
        for op in integerComparisonOps {
            for (k, c) in constants.enumerated() {
                for side in ["rhs", "lhs"] {
                    let cmp = side == "rhs" ? "(\(type).\(op) (local.get 0) (\(type).const \(c)))"
                                            : "(\(type).\(op) (\(type).const \(c)) (local.get 0))"
                    let n = "\(type)_\(op)_\(k)_\(side)"
                    out += """
                      (func (export "br_\(n)") (param \(type)) (result i32)
                        (block $taken (br_if $taken \(cmp)) (return (i32.const 0))) (i32.const 1))
                      (func (export "if_\(n)") (param \(type)) (result i32)
                        (if (result i32) \(cmp) (then (i32.const 1)) (else (i32.const 0))))
                      (func (export "eqz_\(n)") (param \(type)) (result i32)
                        (block $taken (br_if $taken (i32.eqz \(cmp))) (return (i32.const 1))) (i32.const 0))

                    """
                }
            }
        }
        return out
    }

    @Test func comparisonsWithAConstantBranchLikeTheUnfusedOnes() throws {
        let c32: [Int64] = [0, 5, -1, Int64(Int32.min), Int64(Int32.max)]
        let c64: [Int64] = [0, 5, -1, Int64(Int32.min), Int64(Int32.max), 1 << 40, Int64.min]
        let (_, inst) = try instantiate("(module\n" + Self.compareFunctions("i32", c32) + Self.compareFunctions("i64", c64) + ")")
        for op in integerComparisonOps {
            for (k, c) in c32.enumerated() {
                let inputs: [Int32] = [0, 1, -1, 4, 5, 6, Int32.min, Int32.max, Int32(truncatingIfNeeded: c &- 1), Int32(truncatingIfNeeded: c &+ 1)]
                for a in inputs {
                    // i32 unsigned order is that of the 32-bit patterns.
                    let x = Int64(a), y = c
                    let signed = integerComparisonHolds(op, x, y)
                    let unsigned = integerComparisonHolds(op, Int64(UInt32(bitPattern: a)), Int64(UInt32(bitPattern: Int32(truncatingIfNeeded: c))))
                    let rhs = op.hasSuffix("_u") ? unsigned : signed
                    let lhsSigned = integerComparisonHolds(op, y, x)
                    let lhsUnsigned = integerComparisonHolds(op, Int64(UInt32(bitPattern: Int32(truncatingIfNeeded: c))), Int64(UInt32(bitPattern: a)))
                    let lhs = op.hasSuffix("_u") ? lhsUnsigned : lhsSigned
                    for (side, want) in [("rhs", rhs), ("lhs", lhs)] {
                        let n = "i32_\(op)_\(k)_\(side)"
                        #expect(try call(inst, "br_\(n)", [.i32(a)]) == [.i32(want ? 1 : 0)], "br \(n) \(a)")
                        #expect(try call(inst, "if_\(n)", [.i32(a)]) == [.i32(want ? 1 : 0)], "if \(n) \(a)")
                        #expect(try call(inst, "eqz_\(n)", [.i32(a)]) == [.i32(want ? 1 : 0)], "eqz \(n) \(a)")
                    }
                }
            }
            for (k, c) in c64.enumerated() {
                let inputs: [Int64] = [0, 1, -1, 4, 5, 6, Int64.min, Int64.max, c &- 1, c &+ 1, Int64(Int32.min), 1 << 40]
                for a in inputs {
                    for (side, want) in [("rhs", integerComparisonHolds(op, a, c)), ("lhs", integerComparisonHolds(op, c, a))] {
                        let n = "i64_\(op)_\(k)_\(side)"
                        #expect(try call(inst, "br_\(n)", [.i64(a)]) == [.i32(want ? 1 : 0)], "br \(n) \(a)")
                        #expect(try call(inst, "if_\(n)", [.i64(a)]) == [.i32(want ? 1 : 0)], "if \(n) \(a)")
                        #expect(try call(inst, "eqz_\(n)", [.i64(a)]) == [.i32(want ? 1 : 0)], "eqz \(n) \(a)")
                    }
                }
            }
        }
    }

    @Test func multiplyByAConstantThenAddAConstant() throws {
        let (_, inst) = try instantiate("""
        (module
          (func (export "lcg") (param i32) (result i32)
            (i32.add (i32.mul (local.get 0) (i32.const 1103515245)) (i32.const 12345)))
          (func (export "scaled") (param i32) (result i32)
            (i32.sub (i32.mul (local.get 0) (i32.const -12)) (i32.const 5)))
          (func (export "plus_product") (param i32 i32) (result i32)
            (i32.add (local.get 1) (i32.mul (local.get 0) (i32.const 7))))
          (func (export "product_plus") (param i32 i32) (result i32)
            (i32.add (i32.mul (local.get 0) (i32.const -3)) (local.get 1)))
          (func (export "collatz") (param i64) (result i64)
            (i64.add (i64.mul (local.get 0) (i64.const 3)) (i64.const 1)))
          (func (export "negative") (param i64) (result i64)
            (i64.sub (i64.mul (local.get 0) (i64.const -5)) (i64.const 7)))
          (func (export "wide") (param i64) (result i64)
            (i64.add (i64.mul (local.get 0) (i64.const 0x100000001)) (i64.const 0x7fffffff)))
        )
        """)
        for a: Int32 in [0, 1, -1, 12345, Int32.min, Int32.max] {
            let x = UInt32(bitPattern: a)
            #expect(try call(inst, "lcg", [.i32(a)]) == [.i32(Int32(bitPattern: x &* 1103515245 &+ 12345))], "lcg \(a)")
            #expect(try call(inst, "scaled", [.i32(a)]) == [.i32(Int32(bitPattern: x &* UInt32(bitPattern: -12) &- 5))], "scaled \(a)")
        }
        for a: Int32 in [0, 1, -1, Int32.min, Int32.max] {
            for b: Int32 in [0, 5, -1, Int32.max] {
                #expect(try call(inst, "plus_product", [.i32(a), .i32(b)]) == [.i32(b &+ a &* 7)], "plus_product \(a) \(b)")
                #expect(try call(inst, "product_plus", [.i32(a), .i32(b)]) == [.i32(a &* -3 &+ b)], "product_plus \(a) \(b)")
            }
        }
        for a: Int64 in [0, 1, -1, 27, Int64.min, Int64.max, 0x1234_5678_9abc] {
            #expect(try call(inst, "collatz", [.i64(a)]) == [.i64(a &* 3 &+ 1)], "collatz \(a)")
            #expect(try call(inst, "negative", [.i64(a)]) == [.i64(a &* -5 &- 7)], "negative \(a)")
            #expect(try call(inst, "wide", [.i64(a)]) == [.i64(a &* 0x1_0000_0001 &+ 0x7fff_ffff)], "wide \(a)")
        }
    }

    @Test func storesToAnAddressPlusAConstant() throws {
        let (_, inst) = try instantiate("""
        (module
          (memory 1)
          (func (export "store") (param i32 i32)
            (i32.store offset=8 (i32.add (local.get 0) (i32.const 4)) (local.get 1)))
          (func (export "store64") (param i32 i64)
            (i64.store (i32.add (local.get 0) (i32.const 16)) (local.get 1)))
          ;; The value is computed after the address.
          (func (export "computed") (param i32 i32)
            (i32.store (i32.add (local.get 0) (i32.const 4)) (i32.mul (local.get 1) (i32.const 3))))
          ;; The address's local changes while the value is computed: the address keeps the old value.
          (func (export "retee") (param i32) (result i32)
            (i32.store (i32.add (local.get 0) (i32.const 4)) (local.tee 0 (i32.const 100)))
            (local.get 0))
          (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
          (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
        )
        """)
        _ = try call(inst, "store", [.i32(100), .i32(7)])
        #expect(try call(inst, "load", [.i32(112)]) == [.i32(7)])
        // 0xFFFF_FFFC + 4 wraps to 0 before the offset is added: the store lands at 8.
        _ = try call(inst, "store", [.i32(-4), .i32(9)])
        #expect(try call(inst, "load", [.i32(8)]) == [.i32(9)])
        // The last 4 bytes start at 65532 = 65520 + 4 + 8; one more is past the end.
        #expect(trapKind { try call(inst, "store", [.i32(65520), .i32(1)]) } == nil)
        #expect(trapKind { try call(inst, "store", [.i32(65521), .i32(1)]) } == .outOfBoundsMemoryAccess)
        _ = try call(inst, "store64", [.i32(200), .i64(-2)])
        #expect(try call(inst, "load64", [.i32(216)]) == [.i64(-2)])
        #expect(trapKind { try call(inst, "store64", [.i32(65512), .i64(1)]) } == nil)
        #expect(trapKind { try call(inst, "store64", [.i32(65513), .i64(1)]) } == .outOfBoundsMemoryAccess)
        _ = try call(inst, "computed", [.i32(300), .i32(5)])
        #expect(try call(inst, "load", [.i32(304)]) == [.i32(15)])
        #expect(try call(inst, "retee", [.i32(400)]) == [.i32(100)])
        #expect(try call(inst, "load", [.i32(404)]) == [.i32(100)])
        #expect(try call(inst, "load", [.i32(104)]) == [.i32(0)])
    }

    @Test func loadsThroughAPointerSteppedInPlace() throws {
        let (_, inst) = try instantiate("""
        (module
          (memory 1)
          (data (i32.const 16) "\\01\\00\\00\\00\\02\\00\\00\\00\\03\\00\\00\\00\\04\\00\\00\\00")
          ;; Sums the words after `p` until a zero word: `p += 4; x = *p` in one step.
          (func (export "sum") (param i32) (result i32) (local i32 i32)
            (block $done (loop $l
              (local.tee 1 (i32.load (local.tee 0 (i32.add (local.get 0) (i32.const 4)))))
              (br_if $done (i32.eqz))
              (local.set 2 (i32.add (local.get 2) (local.get 1)))
              (br $l)))
            (local.get 2))
          ;; With an offset, and the stepped pointer returned with the loaded value.
          (func (export "step") (param i32) (result i32 i32)
            (i32.load offset=4 (local.tee 0 (i32.add (local.get 0) (i32.const -8))))
            (local.get 0))
        )
        """)
        #expect(try call(inst, "sum", [.i32(12)]) == [.i32(10)])
        #expect(try call(inst, "sum", [.i32(20)]) == [.i32(7)])
        // 28 - 8 = 20, loaded at 24: the word 3.
        #expect(try call(inst, "step", [.i32(28)]) == [.i32(3), .i32(20)])
        // 4 - 8 wraps to 0xFFFF_FFFC: out of bounds (the offset does not wrap).
        #expect(trapKind { try call(inst, "step", [.i32(4)]) } == .outOfBoundsMemoryAccess)
        #expect(try call(inst, "step", [.i32(65536)]) == [.i32(0), .i32(65528)])
        #expect(trapKind { try call(inst, "step", [.i32(65540)]) } == .outOfBoundsMemoryAccess)
    }

    @Test func countersSteppedAndTestedByBrIf() throws {
        let (_, inst) = try instantiate("""
        (module
          (func (export "countdown") (param i32) (result i32) (local i32)
            (loop $l
              (local.set 1 (i32.add (local.get 1) (i32.const 3)))
              (br_if $l (local.tee 0 (i32.add (local.get 0) (i32.const -1)))))
            (local.get 1))
          (func (export "skip") (param i32) (result i32)
            (block $b (br_if $b (local.tee 0 (i32.add (local.get 0) (i32.const 1)))) (return (i32.const -1)))
            (local.get 0))
          ;; A read of the local pushed before the step keeps the old value.
          (func (export "old") (param i32) (result i32)
            (block (result i32)
              (local.get 0)
              (br_if 0 (local.tee 0 (i32.add (local.get 0) (i32.const -1))))
              (drop) (i32.const -7)))
        )
        """)
        #expect(try call(inst, "countdown", [.i32(4)]) == [.i32(12)])
        #expect(try call(inst, "countdown", [.i32(1)]) == [.i32(3)])
        #expect(try call(inst, "skip", [.i32(5)]) == [.i32(6)])
        // -1 + 1 wraps to 0: not taken.
        #expect(try call(inst, "skip", [.i32(-1)]) == [.i32(-1)])
        #expect(try call(inst, "old", [.i32(5)]) == [.i32(5)])
        #expect(try call(inst, "old", [.i32(1)]) == [.i32(-7)])
    }

    @Test func xorShiftStepsAndLoopExits() throws {
        let (_, inst) = try instantiate("""
        (module
          ;; Three xorshift32 steps, `x ^ (x << k)` with the shift on either side of the xor.
          (func (export "xorshift") (param i32 i32) (result i32)
            (loop $l
              (local.set 0 (i32.xor (i32.shl (local.get 0) (i32.const 13)) (local.get 0)))
              (local.set 0 (i32.xor (local.get 0) (i32.shr_u (local.get 0) (i32.const 17))))
              (local.tee 0 (i32.xor (i32.shl (local.get 0) (i32.const 5)) (local.get 0)))
              (drop)
              (br_if $l (i32.ne (local.tee 1 (i32.sub (local.get 1) (i32.const 1))) (i32.const 0))))
            (local.get 0))
          ;; The shift reads another local than the xor: no fusion, same result as wasm.
          (func (export "mixed") (param i32 i32) (result i32)
            (i32.xor (i32.shl (local.get 0) (i32.const 3)) (local.get 1)))
          ;; Shift counts past the width of a fused step.
          (func (export "wide") (param i32) (result i32)
            (i32.xor (local.get 0) (i32.shr_u (local.get 0) (i32.const 36))))
        )
        """)
        func step(_ x: UInt32) -> UInt32 {
            var s = x
            s ^= s << 13; s ^= s >> 17; s ^= s << 5
            return s
        }
        var s: UInt32 = 2463534242
        for _ in 0..<10 { s = step(s) }
        #expect(try call(inst, "xorshift", [.i32(Int32(bitPattern: 2463534242)), .i32(10)]) == [.i32(Int32(bitPattern: s))])
        #expect(try call(inst, "mixed", [.i32(5), .i32(3)]) == [.i32((5 << 3) ^ 3)])
        let x: UInt32 = 0xdead_beef
        #expect(try call(inst, "wide", [.i32(Int32(bitPattern: x))]) == [.i32(Int32(bitPattern: x ^ (x >> 4)))])
    }
}
