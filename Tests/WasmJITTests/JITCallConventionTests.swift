import Testing
import WasmEngine

/// The JIT's wasm-to-wasm calling convention: a callee preserves only `rbp` and `rsp`, so the
/// caller must get back its instance context, its pinned locals and its memory registers; the
/// host entry must preserve the System V callee-saved registers for Swift.
@Suite struct JITCallConventionTests {
    /// A caller whose hot locals (integer and float, pinned in registers) live across direct and
    /// indirect calls to a callee that uses many registers itself.
    static let busyCallee = """
    (module
      (type $b (func (param i32) (result i32)))
      (table 1 funcref)
      (elem (i32.const 0) $busy)
      (func $busy (param $x i32) (result i32)
        (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $f f64) (local $g f64)
        (local.set $a (i32.add (local.get $x) (i32.const 1)))
        (local.set $b (i32.mul (local.get $a) (i32.const 3)))
        (local.set $c (i32.xor (local.get $b) (i32.const 0x5555)))
        (local.set $d (i32.sub (local.get $c) (local.get $a)))
        (local.set $f (f64.convert_i32_s (local.get $d)))
        (local.set $g (f64.mul (local.get $f) (f64.const 0.5)))
        (i32.add
          (i32.add (i32.add (local.get $a) (local.get $b)) (i32.add (local.get $c) (local.get $d)))
          (i32.trunc_f64_s (local.get $g))))
      (func (export "run") (param $n i32) (result i64)
        (local $i i32) (local $s i64) (local $t i32) (local $u i32) (local $p f64) (local $q f32)
        (local.set $t (i32.const 7))
        (local.set $p (f64.const 1.5))
        (local.set $q (f32.const 2.25))
        (loop $l
          (local.set $u (call $busy (local.get $i)))
          (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (local.get $u))))
          (local.set $u (call_indirect (type $b) (local.get $t) (i32.const 0)))
          (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (local.get $u))))
          (local.set $t (i32.add (local.get $t) (i32.const 7)))
          (local.set $p (f64.add (local.get $p) (f64.const 1.5)))
          (local.set $q (f32.add (local.get $q) (f32.const 2.25)))
          (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
        (i64.add (i64.add (local.get $s) (i64.extend_i32_u (local.get $t)))
                 (i64.add (i64.trunc_f64_u (local.get $p)) (i64.trunc_f32_u (local.get $q))))))
    """

    /// `$busy` and `run`, computed in Swift (independently of both backends).
    static func expectedRun(_ n: Int) -> Int64 {
        func busy(_ x: Int32) -> Int32 {
            let a = x &+ 1, b = a &* 3, c = b ^ 0x5555, d = c &- a
            let g = Double(d) * 0.5
            return a &+ b &+ c &+ d &+ Int32(g.rounded(.towardZero))
        }
        var s: Int64 = 0, t: Int32 = 7, p = 1.5, q: Float = 2.25
        for i in 0..<n {
            s &+= Int64(UInt32(bitPattern: busy(Int32(i))))
            s &+= Int64(UInt32(bitPattern: busy(t)))
            t &+= 7
            p += 1.5
            q += 2.25
        }
        return s &+ Int64(t) &+ Int64(p) &+ Int64(q)
    }

    @Test func pinnedLocalsSurviveCalls() throws {
        let (_, inst) = try jitInstance(Self.busyCallee)
        for n: Int32 in [1, 2, 50] {
            #expect(try invoke(inst, "run", [.i32(n)]) == [.i64(Self.expectedRun(Int(n)))], "n = \(n)")
        }
    }

    /// Each instance reads its own memory after calling into the other (whose code loads its own
    /// memory base into the same registers).
    @Test func memoryRegistersAreReloadedAfterCrossInstanceCalls() throws {
        let engine = try jitEngine()
        let store = Store(engine)
        let linker = Linker(engine)
        let other = try linker.instantiate(store, try Module(engine, wat: """
        (module
          (memory 1)
          (data (i32.const 16) "\\2a\\00\\00\\00")
          (func (export "peek") (result i32) (i32.load (i32.const 16))))
        """))
        try linker.defineInstance("other", other)
        let inst = try linker.instantiate(store, try Module(engine, wat: """
        (module
          (import "other" "peek" (func $peek (result i32)))
          (memory 2)
          (data (i32.const 16) "\\05\\00\\00\\00")
          (func (export "mix") (result i32)
            (i32.add (i32.mul (call $peek) (i32.const 100)) (i32.load (i32.const 16))))
          (func (export "size") (result i32) (drop (call $peek)) (memory.size)))
        """))
        #expect(try invoke(inst, "mix") == [.i32(42 * 100 + 5)])
        #expect(try invoke(inst, "size") == [.i32(2)])
    }

    /// Host → wasm → host → wasm, with Swift state live across each entry into generated code.
    @Test func hostStateSurvivesReentry() throws {
        let engine = try jitEngine()
        let store = Store(engine)
        let linker = Linker(engine)
        try linker.defineFunction(store, "env", "back", type: FuncType(params: [.i32], results: [.i32])) { caller, args in
            guard case .i32(let x)? = args.first, case .function(let leaf)? = caller.export("leaf") else { return [.i32(-1)] }
            var sum: Int32 = 0
            var products: [Int32] = []
            for k: Int32 in 1...5 {
                guard case .i32(let r)? = try leaf.call([.i32(x &+ k)]).first else { return [.i32(-1)] }
                sum &+= r
                products.append(r &* k)
            }
            return [.i32(sum &+ products.reduce(0, &+))]
        }
        let inst = try linker.instantiate(store, try Module(engine, wat: """
        (module
          (import "env" "back" (func $back (param i32) (result i32)))
          (func (export "leaf") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
          (func (export "outer") (param i32) (result i32)
            (local $keep i32)
            (local.set $keep (i32.mul (local.get 0) (i32.const 1000)))
            (i32.add (local.get $keep) (call $back (local.get 0)))))
        """))
        for x: Int32 in [0, 3] {
            // back(x) = Σk (x+k)² + Σk k·(x+k)², k = 1...5.
            var expected = x &* 1000
            for k: Int32 in 1...5 { expected &+= (x + k) * (x + k) * (1 + k) }
            #expect(try invoke(inst, "outer", [.i32(x)]) == [.i32(expected)], "x = \(x)")
        }
    }
}
