import Testing
import WasmEngine

/// Cases aimed at the interpreter's loop-counter branches (a local stepped by a constant, then
/// compared with another local or a constant by the `br_if` of the loop: one fused op), and at
/// `x + 0` / `return (local.get 0)`, which lower to no op. Expected values come from a Swift
/// simulation of the same loop with wrapping 32-bit arithmetic.
@Suite struct SteppedCounterTests {
    /// At most this many iterations (a guard at the top of every loop).
    static let cap: UInt32 = 40

    /// (name, comparison as written in the wat with `I` the stepped counter and `L` the limit).
    static let forms: [(String, String)] = [
        ("ne", "(i32.ne I L)"), ("ne_swapped", "(i32.ne L I)"),
        ("lt_s", "(i32.lt_s I L)"), ("lt_u", "(i32.lt_u I L)"),
        ("gt_s_swapped", "(i32.gt_s L I)"), ("gt_u_swapped", "(i32.gt_u L I)"),
        // Not fused (the counter on the other side): still has to agree.
        ("gt_s", "(i32.gt_s I L)"), ("le_u", "(i32.le_u I L)"),
    ]

    /// Whether the loop goes on for counter `i` and limit `l` under `form`.
    static func holds(_ form: String, _ i: UInt32, _ l: UInt32) -> Bool {
        let si = Int32(bitPattern: i), sl = Int32(bitPattern: l)
        switch form {
        case "ne", "ne_swapped": return i != l
        case "lt_s", "gt_s_swapped": return si < sl
        case "lt_u", "gt_u_swapped": return i < l
        case "gt_s": return si > sl
        default: return i <= l  // le_u
        }
    }

    /// (iterations, final counter) of the loop, simulated.
    static func simulate(_ form: String, start: Int32, step: Int32, limit: Int32) -> [Value] {
        var i = UInt32(bitPattern: start), n: UInt32 = 0
        while n < cap {
            n += 1
            i = i &+ UInt32(bitPattern: step)
            if !holds(form, i, UInt32(bitPattern: limit)) { break }
        }
        return [.i32(Int32(bitPattern: n)), .i32(Int32(bitPattern: i))]
    }

    /// A loop `n += 1; i += step; br_if loop (cmp)` with the limit in a parameter (`slot`) or a
    /// constant; the comparison's operand is the `local.tee` of the step, as compilers emit it.
    static func loop(_ name: String, _ cmp: String, step: Int32, limit: Int32?) -> String {
        let tee = "(local.tee $i (i32.add (local.get $i) (i32.const \(step))))"
        let l = limit.map { "(i32.const \($0))" } ?? "(local.get $limit)"
        // Both operands are evaluated in order: the limit first when it comes first.
        let test = cmp.replacingOccurrences(of: "I", with: tee).replacingOccurrences(of: "L", with: l)
        return """
          (func (export "\(name)") (param $i i32) (param $limit i32) (result i32 i32)
            (local $n i32)
            (block $exit
              (loop $l
                (br_if $exit (i32.ge_u (local.get $n) (i32.const \(cap))))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (br_if $l \(test))))
            (local.get $n) (local.get $i))
        """
    }

    static let starts: [Int32] = [0, -3, Int32.max - 1, Int32.min + 2, 7]
    static let steps: [Int32] = [1, -1, 3, Int32.max]
    static let limits: [Int32] = [0, 5, -2, Int32.min, Int32.max, 9]

    @Test(arguments: testedBackends)
    func steppedCountersAgainstASlotLimit(_ backend: Strategy) throws {
        var funcs = ""
        for (name, cmp) in Self.forms {
            for (k, step) in Self.steps.enumerated() { funcs += Self.loop("\(name)_\(k)", cmp, step: step, limit: nil) + "\n" }
        }
        let (_, inst) = try instantiate("(module\n\(funcs))", engine: engine(backend))
        for (name, _) in Self.forms {
            for (k, step) in Self.steps.enumerated() {
                for start in Self.starts {
                    for limit in Self.limits {
                        #expect(try call(inst, "\(name)_\(k)", [.i32(start), .i32(limit)])
                                == Self.simulate(name, start: start, step: step, limit: limit), "\(name) start \(start) step \(step) limit \(limit)")
                    }
                }
            }
        }
    }

    @Test(arguments: testedBackends)
    func steppedCountersAgainstAConstantLimit(_ backend: Strategy) throws {
        var funcs = ""
        for (name, cmp) in Self.forms {
            for (k, step) in Self.steps.enumerated() {
                for (j, limit) in Self.limits.enumerated() {
                    funcs += Self.loop("\(name)_\(k)_\(j)", cmp, step: step, limit: limit) + "\n"
                }
            }
        }
        let (_, inst) = try instantiate("(module\n\(funcs))", engine: engine(backend))
        for (name, _) in Self.forms {
            for (k, step) in Self.steps.enumerated() {
                for (j, limit) in Self.limits.enumerated() {
                    for start in Self.starts {
                        #expect(try call(inst, "\(name)_\(k)_\(j)", [.i32(start), .i32(0)])
                                == Self.simulate(name, start: start, step: step, limit: limit), "\(name) start \(start) step \(step) const limit \(limit)")
                    }
                }
            }
        }
    }

    /// A counter stepped and compared with itself is not fused (the fused op reads its limit after
    /// the step); `i != i` never holds, so the loop runs once.
    @Test func counterComparedWithItself() throws {
        let (_, inst) = try instantiate("""
        (module (func (export "f") (param $i i32) (result i32 i32)
          (local $n i32)
          (loop $l
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (br_if $l (i32.ne (local.get $i) (local.get $i))))
          (local.get $n) (local.get $i)))
        """)
        #expect(try call(inst, "f", [.i32(5)]) == [.i32(1), .i32(7)])
        #expect(try call(inst, "f", [.i32(-1)]) == [.i32(1), .i32(1)])
    }

    /// `x + 0`, `x - 0` and a returned parameter need no op; the value is still the operand.
    @Test(arguments: testedBackends)
    func addingZeroAndReturningAParameter(_ backend: Strategy) throws {
        let (_, inst) = try instantiate("""
        (module
          (func (export "add0") (param i32) (result i32) (i32.add (local.get 0) (i32.const 0)))
          (func (export "sub0") (param i32) (result i32) (i32.sub (local.get 0) (i32.const 0)))
          (func (export "ret") (param i32) (result i32)
            (if (i32.lt_s (local.get 0) (i32.const 2)) (then (return (i32.add (local.get 0) (i32.const 0)))))
            (i32.mul (local.get 0) (i32.const 3)))
          (func (export "add0_set") (param i32) (result i32) (local i32)
            (local.set 1 (i32.add (local.get 0) (i32.const 0)))
            (local.set 0 (i32.const 9))
            (local.get 1)))
        """, engine: engine(backend))
        for x: Int32 in [0, 1, -1, Int32.min, Int32.max, 2, 12345] {
            #expect(try call(inst, "add0", [.i32(x)]) == [.i32(x)])
            #expect(try call(inst, "sub0", [.i32(x)]) == [.i32(x)])
            #expect(try call(inst, "ret", [.i32(x)]) == [.i32(x < 2 ? x : x &* 3)])
            #expect(try call(inst, "add0_set", [.i32(x)]) == [.i32(x)])
        }
    }

    /// `local.set y (local.tee x (i32.add (local.get a) (i32.const k)))`: one op writes both locals,
    /// also when `y` or `x` is the operand `a` itself, and inside a loop that reads both.
    @Test(arguments: testedBackends)
    func teeOfAnAddStoredAgain(_ backend: Strategy) throws {
        let (_, inst) = try instantiate("""
        (module
          (func (export "two") (param i32) (result i32 i32 i32) (local i32 i32)
            (local.set 2 (local.tee 1 (i32.add (local.get 0) (i32.const -4))))
            (local.get 0) (local.get 1) (local.get 2))
          (func (export "back") (param i32) (result i32 i32) (local i32)
            (local.set 0 (local.tee 1 (i32.add (local.get 0) (i32.const 7))))
            (local.get 0) (local.get 1))
          (func (export "same") (param i32) (result i32 i32) (local i32)
            (local.set 1 (local.tee 1 (i32.add (local.get 0) (i32.const 1))))
            (local.get 0) (local.get 1))
          (func (export "walk") (param $p i32) (param $n i32) (result i32 i32) (local $q i32)
            (loop $l
              (local.set $p (local.tee $q (i32.add (local.get $p) (i32.const -4))))
              (br_if $l (local.tee $n (i32.add (local.get $n) (i32.const -1)))))
            (local.get $p) (local.get $q)))
        """, engine: engine(backend))
        for a: Int32 in [0, 3, -1, Int32.min, Int32.max] {
            #expect(try call(inst, "two", [.i32(a)]) == [.i32(a), .i32(a &- 4), .i32(a &- 4)])
            #expect(try call(inst, "back", [.i32(a)]) == [.i32(a &+ 7), .i32(a &+ 7)])
            #expect(try call(inst, "same", [.i32(a)]) == [.i32(a), .i32(a &+ 1)])
            for n: Int32 in [1, 2, 5] {
                #expect(try call(inst, "walk", [.i32(a), .i32(n)]) == [.i32(a &- 4 &* n), .i32(a &- 4 &* n)])
            }
        }
    }

    /// `i32.div_u` by a constant (a multiplication by a precomputed reciprocal in the interpreter)
    /// against Swift's division, for divisors from 0 (traps) and 1 up to 2^32 - 1 and dividends at
    /// the edges and between.
    @Test(arguments: testedBackends)
    func unsignedDivisionByAConstant(_ backend: Strategy) throws {
        let divisors: [UInt32] = [0, 1, 2, 3, 5, 7, 10, 12, 641, 5000, 65535, 65536, 0x7fff_ffff, 0x8000_0000, 0x8000_0001,
                                  0xffff_fffe, 0xffff_ffff, 1_000_000_007, 0x5555_5555]
        let funcs = divisors.enumerated().map { k, d in
            "(func (export \"div\(k)\") (param i32) (result i32) (i32.div_u (local.get 0) (i32.const \(Int32(bitPattern: d)))))"
        }.joined(separator: "\n")
        let (_, inst) = try instantiate("(module\n\(funcs))", engine: engine(backend))
        var dividends: [UInt32] = [0, 1, 2, 3, 4, 6, 7, 9, 640, 641, 642, 4999, 5000, 0x7fff_ffff, 0x8000_0000,
                                   0xffff_fffe, 0xffff_ffff, 0xdead_beef, 1_000_000_006, 1_000_000_007]
        var x: UInt32 = 12345
        for _ in 0..<200 {
            x = x &* 1_103_515_245 &+ 12345
            dividends.append(x)
        }
        for (k, d) in divisors.enumerated() {
            for n in dividends + [d &- 1, d, d &+ 1, d &* 2, d &* 2 &- 1] {
                if d == 0 {
                    #expect(trapKind { try call(inst, "div\(k)", [.i32(Int32(bitPattern: n))]) } == .integerDivideByZero)
                } else {
                    #expect(try call(inst, "div\(k)", [.i32(Int32(bitPattern: n))]) == [.i32(Int32(bitPattern: n / d))], "\(n) / \(d)")
                }
            }
        }
    }
}
