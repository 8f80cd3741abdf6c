import Testing
import WasmEngine

/// The JIT's call conventions for results and saved locals: a callee returns its first result
/// in `rax` only (any type; the others in the buffer), the host entry stores it for Swift, a
/// caller saves only the pinned locals still read after a call, and the prologue writes the
/// slots of unpinned locals only. Checked against the interpreter and values computed in Swift.
@Suite struct JITCallResultTests {
    /// First results of every type, and several results, through direct calls, `call_indirect`,
    /// a host function and the host entry.
    static let results = """
    (module
      (type $ff (func (param f32) (result f32)))
      (type $multi (func (param i32) (result f64 i32 i64 f32)))
      (import "env" "hostf" (func $hostf (param f64) (result f64 i32)))
      (table 4 funcref)
      (elem (i32.const 0) $half $multi)
      (func $half (param f32) (result f32) (f32.mul (local.get 0) (f32.const 0.5)))
      (func $twice (param f64) (result f64) (f64.add (local.get 0) (local.get 0)))
      (func $multi (param i32) (result f64 i32 i64 f32)
        (f64.convert_i32_s (local.get 0))
        (i32.add (local.get 0) (i32.const 1))
        (i64.mul (i64.extend_i32_s (local.get 0)) (i64.const 0x100000000))
        (f32.convert_i32_s (i32.sub (i32.const 0) (local.get 0))))
      (func (export "direct") (param i32) (result f64 i32 i64 f32) (call $multi (local.get 0)))
      (func (export "indirect") (param i32) (result f64 i32 i64 f32)
        (call_indirect (type $multi) (local.get 0) (i32.const 1)))
      (func (export "floats") (param f32 f64) (result f64)
        (f64.add
          (f64.promote_f32 (call_indirect (type $ff) (call $half (local.get 0)) (i32.const 0)))
          (call $twice (local.get 1))))
      (func (export "host") (param f64) (result f64)
        (local $i i32)
        (call $hostf (local.get 0))
        (local.set $i)
        (f64.add (f64.convert_i32_s (local.get $i))))
      (func (export "one") (result i64) (i64.const -2))
      (func (export "none") (param i32)))
    """

    /// `results` instantiated on `engine`, with `env.hostf(x) = (x * 3, 7)`.
    static func instance(_ engine: Engine) throws -> Instance {
        let store = Store(engine)
        let linker = Linker(engine)
        try linker.defineFunction(store, "env", "hostf", type: FuncType(params: [.f64], results: [.f64, .i32])) { _, args in
            guard case .f64(let bits)? = args.first else { return [.float64(.nan), .i32(-1)] }
            return [.float64(Double(bitPattern: bits) * 3), .i32(7)]
        }
        return try linker.instantiate(store, try Module(engine, wat: results))
    }

    @Test func resultsOfEveryTypeMatchSwiftAndTheInterpreter() throws {
        let jit = try Self.instance(try jitEngine())
        let reference = try Self.instance(try interpreterEngine())
        for x: Int32 in [0, 5, -9] {
            let expected: [Value] = [.float64(Double(x)), .i32(x &+ 1), .i64(Int64(x) << 32), .float32(Float(-x))]
            #expect(try invoke(jit, "direct", [.i32(x)]) == expected, "x = \(x)")
            #expect(try invoke(jit, "indirect", [.i32(x)]) == expected, "x = \(x)")
            #expect(try invoke(reference, "direct", [.i32(x)]) == expected, "x = \(x)")
        }
        #expect(try invoke(jit, "floats", [.float32(3), .float64(1.25)]) == [.float64(0.75 + 2.5)])
        #expect(try invoke(jit, "host", [.float64(2)]) == [.float64(6 + 7)])
        #expect(try invoke(reference, "host", [.float64(2)]) == [.float64(6 + 7)])
        #expect(try invoke(jit, "one") == [.i64(-2)])
        #expect(try invoke(jit, "none", [.i32(1)]) == [])
    }

    /// Parameters of every type in the two register positions and after them, passed by direct
    /// calls, `call_indirect`, to a host import (which reads them from the buffer) and from the
    /// host entry; each callee mixes them in an order-sensitive way.
    static let arguments = """
    (module
      (type $ii (func (param i32 i64) (result i64)))
      (type $fi (func (param f32 i32 f64) (result f64)))
      (type $if (func (param i64 f64 i32 i32) (result i64)))
      (import "env" "mix" (func $mix (param i32 i64) (result i64)))
      (table 4 funcref)
      (elem (i32.const 0) $ii $fi $if $mix)
      (func $ii (param i32 i64) (result i64)
        (i64.sub (i64.mul (i64.extend_i32_u (local.get 0)) (i64.const 1000)) (local.get 1)))
      (func $fi (param f32 i32 f64) (result f64)
        (f64.sub (f64.mul (f64.promote_f32 (local.get 0)) (f64.convert_i32_s (local.get 1))) (local.get 2)))
      (func $if (param i64 f64 i32 i32) (result i64)
        (i64.add (i64.mul (local.get 0) (i64.const 7))
          (i64.add (i64.trunc_f64_s (local.get 1))
            (i64.extend_i32_s (i32.sub (local.get 2) (i32.mul (local.get 3) (i32.const 3)))))))
      (func (export "direct") (param $a i32) (param $b i64) (result i64)
        (i64.add (i64.add (call $ii (local.get $a) (local.get $b)) (call $mix (i32.add (local.get $a) (i32.const 1)) (local.get $b)))
          (i64.add (i64.trunc_f64_s (call $fi (f32.const 1.5) (local.get $a) (f64.const 0.25)))
                   (call $if (local.get $b) (f64.const 9.75) (local.get $a) (i32.const 5)))))
      (func (export "indirect") (param $a i32) (param $b i64) (result i64)
        (i64.add (i64.add (call_indirect (type $ii) (local.get $a) (local.get $b) (i32.const 0))
                          (call_indirect (type $ii) (i32.add (local.get $a) (i32.const 1)) (local.get $b) (i32.const 3)))
          (i64.add (i64.trunc_f64_s (call_indirect (type $fi) (f32.const 1.5) (local.get $a) (f64.const 0.25) (i32.const 1)))
                   (call_indirect (type $if) (local.get $b) (f64.const 9.75) (local.get $a) (i32.const 5) (i32.const 2)))))
      (func (export "ii") (param i32 i64) (result i64) (call $ii (local.get 0) (local.get 1)))
      (func (export "if") (param i64 f64 i32 i32) (result i64) (call $if (local.get 0) (local.get 1) (local.get 2) (local.get 3))))
    """

    @Test func argumentsInRegistersAndInTheBuffer() throws {
        func instance(_ engine: Engine) throws -> Instance {
            let store = Store(engine)
            let linker = Linker(engine)
            try linker.defineFunction(store, "env", "mix", type: FuncType(params: [.i32, .i64], results: [.i64])) { _, args in
                guard case .i32(let a)? = args.first, case .i64(let b)? = args.last else { return [.i64(-1)] }
                return [.i64(Int64(a) * 31 - b)]
            }
            return try linker.instantiate(store, try Module(engine, wat: Self.arguments))
        }
        func expected(_ a: Int32, _ b: Int64) -> Int64 {
            let ii = Int64(UInt32(bitPattern: a)) &* 1000 &- b
            let mix = Int64(a &+ 1) &* 31 &- b
            let fi = Int64((1.5 * Double(a) - 0.25).rounded(.towardZero))
            let iff = b &* 7 &+ 9 &+ Int64(a &- 15)
            return ii &+ mix &+ fi &+ iff
        }
        let jit = try instance(try jitEngine())
        let reference = try instance(try interpreterEngine())
        for (a, b): (Int32, Int64) in [(0, 0), (3, -4), (-7, 1 << 40)] {
            #expect(try invoke(jit, "direct", [.i32(a), .i64(b)]) == [.i64(expected(a, b))], "\(a), \(b)")
            #expect(try invoke(jit, "indirect", [.i32(a), .i64(b)]) == [.i64(expected(a, b))], "\(a), \(b)")
            #expect(try invoke(reference, "direct", [.i32(a), .i64(b)]) == [.i64(expected(a, b))], "\(a), \(b)")
        }
        #expect(try invoke(jit, "ii", [.i32(-1), .i64(5)]) == [.i64(4_294_967_295 * 1000 - 5)])
        #expect(try invoke(jit, "if", [.i64(2), .float64(-3.5), .i32(10), .i32(4)]) == [.i64(14 - 3 - 2)])
    }

    /// A direct call keeps the caller's instance context in `r15` (no reload): the callee calls
    /// into another instance (whose context its code loads) and must return with its own. The
    /// caller then reads its globals, table and memory.
    @Test func directCallsReturnWithTheCallersContext() throws {
        let engine = try jitEngine()
        let store = Store(engine)
        let linker = Linker(engine)
        let other = try linker.instantiate(store, try Module(engine, wat: """
        (module
          (global $g (mut i32) (i32.const 1000))
          (memory 1)
          (func (export "bump") (param i32) (result i32)
            (global.set $g (i32.add (global.get $g) (local.get 0)))
            (i32.store (i32.const 0) (global.get $g))
            (global.get $g)))
        """))
        try linker.defineInstance("other", other)
        let inst = try linker.instantiate(store, try Module(engine, wat: """
        (module
          (import "other" "bump" (func $bump (param i32) (result i32)))
          (global $mine (mut i32) (i32.const 7))
          (memory 1)
          (table 1 funcref)
          (elem (i32.const 0) $seven)
          (type $t (func (result i32)))
          (func $seven (result i32) (i32.const 7))
          (func $via (param i32) (result i32) (call $bump (local.get 0)))
          (func (export "run") (param i32) (result i32)
            (local $r i32)
            (local.set $r (call $via (local.get 0)))
            (global.set $mine (i32.add (global.get $mine) (local.get $r)))
            (i32.store (i32.const 4) (global.get $mine))
            (i32.add (i32.add (global.get $mine) (i32.load (i32.const 4)))
                     (call_indirect (type $t) (i32.const 0)))))
        """))
        // bump(5) = 1005; mine = 7 + 1005 = 1012; result = 1012 + 1012 + 7.
        #expect(try invoke(inst, "run", [.i32(5)]) == [.i32(2031)])
        // bump(1) = 1006; mine = 1012 + 1006 = 2018.
        #expect(try invoke(inst, "run", [.i32(1)]) == [.i32(2018 * 2 + 7)])
    }

    /// Naive Fibonacci written like clang's output: a loop whose two hot locals are dead after
    /// the recursive call (written before any read) and two that stay live.
    static let fib = """
    (module
      (func $fib (export "fib") (param i32) (result i32)
        (local i32 i32 i32)
        (block
          (br_if 0 (i32.ge_s (local.get 0) (i32.const 2)))
          (return (local.get 0)))
        (loop
          (local.set 1 (i32.add (call $fib (i32.add (local.get 0) (i32.const -1))) (local.get 1)))
          (local.set 2 (i32.gt_u (local.get 0) (i32.const 3)))
          (local.set 0 (local.tee 3 (i32.add (local.get 0) (i32.const -2))))
          (br_if 0 (local.get 2)))
        (i32.add (local.get 3) (local.get 1))))
    """

    @Test func localsDeadAfterACallAreNotNeeded() throws {
        func fib(_ n: Int) -> Int32 { n < 2 ? Int32(n) : fib(n - 1) &+ fib(n - 2) }
        let (_, inst) = try jitInstance(Self.fib)
        for n in [0, 1, 2, 3, 10, 20] {
            #expect(try invoke(inst, "fib", [.i32(Int32(n))]) == [.i32(fib(n))], "n = \(n)")
        }
    }

    /// A local read after the call only on a branch (live), one written on every path before
    /// any read (dead), and a float local read after an `if` (live).
    static let branches = """
    (module
      (func $id (param i32) (result i32) (local.get 0))
      (func (export "run") (param $n i32) (result i32)
        (local $a i32) (local $b i32) (local $c i32) (local $f f64) (local $i i32)
        (local.set $f (f64.const 0.5))
        (loop $l
          (local.set $a (i32.add (local.get $i) (i32.const 100)))
          (local.set $b (i32.mul (local.get $i) (i32.const 3)))
          (local.set $c (i32.const 11))
          (drop (call $id (local.get $i)))
          (if (i32.and (local.get $i) (i32.const 1))
            (then (local.set $c (i32.add (local.get $c) (local.get $a)))))
          (local.set $b (i32.add (local.get $b) (local.get $c)))
          (local.set $f (f64.add (local.get $f) (f64.convert_i32_s (local.get $b))))
          (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
        (i32.trunc_f64_s (local.get $f))))
    """

    @Test func localsLiveOnSomePathAfterACallSurviveIt() throws {
        func expected(_ n: Int32) -> Int32 {
            var f = 0.5, i: Int32 = 0
            repeat {
                let a = i + 100
                var b = i * 3
                var c: Int32 = 11
                if i & 1 != 0 { c += a }
                b += c
                f += Double(b)
                i += 1
            } while i < n
            return Int32(f.rounded(.towardZero))
        }
        let both = try bothBackends(Self.branches, "run", [.i32(9)])
        #expect(both.jit == both.reference)
        #expect(both.jit.results == [.i32(expected(9))])
    }

    /// More than sixteen declared locals (the prologue zeroes the unpinned ones with `rep stosq`)
    /// and a few (pinned or not) read before any write, in a frame reused after a call that
    /// left other values in the same stack area.
    static let zeroed = """
    (module
      (func $dirty (param i32) (result i32)
        (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
        (local.set 1 (i64.const -1)) (local.set 5 (i64.const -1)) (local.set 9 (i64.const -1))
        (local.set 13 (i64.const -1)) (local.set 17 (i64.const -1)) (local.set 20 (i64.const -1))
        (local.get 0))
      (func $fresh (param $p i32) (result i64)
        (local $hot i64) (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
        (local $f f64) (local $i i32)
        (loop $l
          (local.set $hot (i64.add (local.get $hot) (i64.extend_i32_u (local.get $i))))
          (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $p))))
        (i64.add (i64.add (local.get $hot) (local.get 4))
          (i64.add (local.get 8) (i64.add (local.get 12) (i64.trunc_f64_s (local.get $f))))))
      (func (export "run") (param i32) (result i64)
        (drop (call $dirty (local.get 0)))
        (call $fresh (local.get 0))))
    """

    @Test func unpinnedLocalsStartAtZero() throws {
        let both = try bothBackends(Self.zeroed, "run", [.i32(10)])
        #expect(both.jit == both.reference)
        #expect(both.jit.results == [.i64(45)])
    }

    /// Accesses of each width at constant and computed addresses, near the end of a memory that
    /// grows between calls: every width's limit is written after calls and `memory.grow`.
    static let limits = """
    (module
      (memory (export "mem") 1)
      (func $grow (result i32) (memory.grow (i32.const 1)))
      (func (export "bytes") (param $a i32) (result i32) (i32.load8_u (local.get $a)))
      (func (export "wide") (param $a i32) (result i64)
        (drop (call $grow))
        (i64.store (i32.const 131064) (i64.const 0x0102030405060708))
        (i64.add (i64.load (local.get $a)) (i64.load16_u (i32.const 131070))))
      (func (export "narrow") (param $a i32) (result i32)
        (i32.store16 (i32.const 65534) (i32.const 0x1234))
        (i32.add (i32.load (local.get $a)) (memory.size))))
    """

    @Test func boundsChecksOfEachWidthFollowMemoryGrowth() throws {
        for (name, args) in [("wide", [Value.i32(131064)]), ("wide", [.i32(131065)]), ("narrow", [.i32(65532)]),
                             ("narrow", [.i32(65533)]), ("bytes", [.i32(65535)]), ("bytes", [.i32(65536)])] {
            let both = try bothBackends(Self.limits, name, args)
            #expect(both.jit == both.reference, "\(name)\(args)")
        }
        let wide = try bothBackends(Self.limits, "wide", [.i32(131064)])
        #expect(wide.jit.results == [.i64(0x0102030405060708 + 0x0102)])
        let outOfBounds = try bothBackends(Self.limits, "narrow", [.i32(65533)])
        #expect(outOfBounds.jit.trap == .outOfBoundsMemoryAccess)
    }
}
