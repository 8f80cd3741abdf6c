import Testing
import WasmEngine

/// `call_indirect` resolved inline by generated code (table buffer → store entry table → type
/// id), checked against the interpreter: shared and grown tables, entries created late, host
/// functions in tables, and every failure kind with its backtrace.
@Suite struct JITIndirectCallTests {
    /// Runs `body` once per backend (JIT first, then the interpreter) and returns both results.
    func onBothBackends<T>(_ body: (Engine) throws -> T) throws -> (jit: T, reference: T) {
        (try body(try jitEngine()), try body(try interpreterEngine()))
    }

    /// The outcome of calling `name` (results or trap kind, message and backtrace).
    struct CallResult: Equatable {
        var results: [Value]?
        var trap: TrapKind?
        var message: String?
        var backtrace: [FrameInfo] = []
    }

    func call(_ inst: Instance, _ name: String, _ args: [Value] = []) -> CallResult {
        do {
            return CallResult(results: try invoke(inst, name, args))
        } catch let t as Trap {
            return CallResult(trap: t.kind, message: t.message, backtrace: t.backtrace)
        } catch {
            return CallResult(message: "\(error)")
        }
    }

    static let provider = """
    (module
      (type $i (func (param i32) (result i32)))
      (table (export "t") 4 funcref)
      (elem (i32.const 0) $add1 $double)
      (func $add1 (type $i) (i32.add (local.get 0) (i32.const 1)))
      (func $double (type $i) (i32.mul (local.get 0) (i32.const 2)))
      (func (export "call") (param i32 i32) (result i32)
        (call_indirect (type $i) (local.get 1) (local.get 0))))
    """

    static let user = """
    (module
      (type $i (func (param i32) (result i32)))
      (type $v (func))
      (import "p" "t" (table 4 funcref))
      (elem (i32.const 2) $sub3 $nothing)
      (func $sub3 (type $i) (i32.sub (local.get 0) (i32.const 3)))
      (func $nothing (type $v))
      (func (export "call") (param i32 i32) (result i32)
        (call_indirect (type $i) (local.get 1) (local.get 0)))
      (func (export "grow") (param i32) (result i32) (table.grow (ref.func $sub3) (local.get 0)))
      (func (export "size") (result i32) (table.size)))
    """

    /// The provider and the user instance sharing the provider's table, in one store.
    func linkedPair(_ engine: Engine) throws -> (Instance, Instance) {
        let store = Store(engine)
        let linker = Linker(engine)
        let p = try linker.instantiate(store, try Module(engine, wat: Self.provider))
        try linker.defineInstance("p", p)
        let u = try linker.instantiate(store, try Module(engine, wat: Self.user))
        return (p, u)
    }

    @Test func sharedTableCallsEitherInstancesFunctions() throws {
        let (jit, reference) = try onBothBackends { engine -> [CallResult] in
            let (p, u) = try linkedPair(engine)
            var out: [CallResult] = []
            for inst in [p, u] {
                for slot in 0..<5 { out.append(call(inst, "call", [.i32(Int32(slot)), .i32(10)])) }
            }
            return out
        }
        // Computed by hand: add1, double, sub3 from either instance; $nothing has the wrong type.
        #expect(jit.map(\.results) == [[.i32(11)], [.i32(20)], [.i32(7)], nil, nil, [.i32(11)], [.i32(20)], [.i32(7)], nil, nil])
        #expect(jit.map(\.trap) == [nil, nil, nil, .indirectCallTypeMismatch, .undefinedElement,
                                    nil, nil, nil, .indirectCallTypeMismatch, .undefinedElement])
        #expect(jit == reference)
    }

    @Test func tableGrownAfterCompilationIsSeen() throws {
        let (jit, reference) = try onBothBackends { engine -> [CallResult] in
            let (p, u) = try linkedPair(engine)
            var out = [call(p, "call", [.i32(0), .i32(1)])]  // runs the code before the table grows
            out.append(call(u, "call", [.i32(100), .i32(1)]))
            // Grow in wasm well past the first allocation (the element buffer moves).
            out.append(call(u, "grow", [.i32(200)]))
            out.append(call(u, "size"))
            out.append(call(p, "call", [.i32(100), .i32(50)]))
            out.append(call(u, "call", [.i32(203), .i32(50)]))
            out.append(call(p, "call", [.i32(204), .i32(50)]))
            // Grow and fill from the host API; the old elements are kept.
            guard let t = p.table("t") else { return out }
            try t.grow(by: 1000, initial: .funcref(nil))
            try t.set(1203, t.get(1) ?? .funcref(nil))
            out.append(call(u, "call", [.i32(1203), .i32(21)]))
            out.append(call(u, "call", [.i32(1202), .i32(21)]))
            out.append(call(p, "call", [.i32(0), .i32(21)]))
            return out
        }
        #expect(jit.map(\.results) == [[.i32(2)], nil, [.i32(4)], [.i32(204)], [.i32(47)], [.i32(47)], nil,
                                       [.i32(42)], nil, [.i32(22)]])
        #expect(jit.map(\.trap) == [nil, .undefinedElement, nil, nil, nil, nil, .undefinedElement,
                                    nil, .uninitializedElement, nil])
        #expect(jit == reference)
    }

    @Test func failureKindsMatchTheInterpreterWithBacktraces() throws {
        let wat = """
        (module
          (type $i (func (param i32) (result i32)))
          (type $l (func (param i64) (result i32)))
          (table 3 funcref)
          (elem (i32.const 0) $id $wide)
          (func $id (type $i) (local.get 0))
          (func $wide (type $l) (i32.wrap_i64 (local.get 0)))
          (func $dispatch (param i32) (result i32)
            (i32.add (i32.const 1) (call_indirect (type $i) (i32.const 5) (local.get 0))))
          (func (export "run") (param i32) (result i32) (call $dispatch (local.get 0))))
        """
        for index: Int32 in [0, 1, 2, 3, -1] {
            let (jit, reference) = try onBothBackends { engine -> CallResult in
                let (_, inst) = try jitInstance(wat, engine: engine)
                return call(inst, "run", [.i32(index)])
            }
            let expected: TrapKind?
            switch index {
            case 0: expected = nil
            case 1: expected = .indirectCallTypeMismatch
            case 2: expected = .uninitializedElement
            default: expected = .undefinedElement
            }
            #expect(jit.trap == expected, "index \(index)")
            if expected != nil { #expect(jit.backtrace.map(\.functionIndex) == [2, 3], "index \(index)") }
            #expect(jit == reference, "index \(index)")
        }
    }

    @Test func hostFunctionInTable() throws {
        let (jit, reference) = try onBothBackends { engine -> [CallResult] in
            let store = Store(engine)
            let linker = Linker(engine)
            try linker.defineFunction(store, "env", "triple", type: FuncType(params: [.i32], results: [.i32])) { _, args in
                guard case .i32(let x)? = args.first else { return [.i32(0)] }
                return [.i32(x &* 3)]
            }
            let inst = try linker.instantiate(store, try Module(engine, wat: """
            (module
              (type $i (func (param i32) (result i32)))
              (import "env" "triple" (func $triple (type $i)))
              (table (export "t") 2 funcref)
              (elem (i32.const 0) $triple)
              (func (export "call") (param i32 i32) (result i32) (call_indirect (type $i) (local.get 0) (local.get 1))))
            """))
            var out = [call(inst, "call", [.i32(5), .i32(0)]), call(inst, "call", [.i32(-2), .i32(0)])]
            // A host function created after the code first ran (its store entry does not exist yet).
            let negate = Func(store, type: FuncType(params: [.i32], results: [.i32])) { _, args in
                guard case .i32(let x)? = args.first else { return [.i32(0)] }
                return [.i32(0 &- x)]
            }
            try inst.table("t")?.set(1, .funcref(negate))
            out.append(call(inst, "call", [.i32(9), .i32(1)]))
            out.append(call(inst, "call", [.i32(8), .i32(1)]))
            return out
        }
        #expect(jit.map(\.results) == [[.i32(15)], [.i32(-6)], [.i32(-9)], [.i32(-8)]])
        #expect(jit == reference)
    }

    /// More targets than the store's first entry table holds, each called twice.
    @Test func manyTargetsFirstAndSecondCalls() throws {
        let count = 40
        let funcs = (0..<count).map { "(func $f\($0) (type $i) (i32.add (local.get 0) (i32.const \($0 * 7))))" }.joined(separator: "\n")
        let names = (0..<count).map { "$f\($0)" }.joined(separator: " ")
        let wat = """
        (module
          (type $i (func (param i32) (result i32)))
          (table \(count) funcref)
          (elem (i32.const 0) \(names))
          \(funcs)
          (func (export "call") (param i32 i32) (result i32) (call_indirect (type $i) (local.get 1) (local.get 0))))
        """
        let (_, inst) = try jitInstance(wat)
        for round in 0..<2 {
            for k in 0..<count {
                #expect(try invoke(inst, "call", [.i32(Int32(k)), .i32(Int32(round))]) == [.i32(Int32(k * 7 + round))])
            }
        }
    }
    /// Register arguments still in caller-saved registers when a first call of a target goes
    /// through the slow path (entries created late): kept across its helper call, and loaded
    /// into the argument registers after it. Earlier operands take the first pooled registers,
    /// so the two arguments are in `r8`/`r9` (whether the helper happens to clobber those is up
    /// to the Swift compiler; the results are checked either way).
    @Test func registerArgumentsSurviveTheSlowPath() throws {
        let count = 40
        let funcs = (0..<count).map {
            "(func $f\($0) (type $ii) (i64.add (i64.add (i64.mul (i64.extend_i32_u (local.get 0)) (i64.const 1000)) (local.get 1)) (i64.const \($0))))"
        }.joined(separator: "\n")
        let names = (0..<count).map { "$f\($0)" }.joined(separator: " ")
        let wat = """
        (module
          (type $ii (func (param i32 i64) (result i64)))
          (table \(count) funcref)
          (elem (i32.const 0) \(names))
          \(funcs)
          (func (export "call") (param $k i32) (param $x i32) (result i64)
            (i64.add (i64.extend_i32_u (i32.mul (local.get $x) (i32.const 5)))
              (i64.add (i64.extend_i32_u (i32.add (local.get $x) (i32.const 9)))
                (i64.add (i64.extend_i32_u (i32.sub (local.get $x) (i32.const 2)))
                  (call_indirect (type $ii)
                    (i32.add (local.get $x) (i32.const 1))
                    (i64.extend_i32_u (i32.mul (local.get $x) (i32.const 3)))
                    (local.get $k)))))))
        """
        let (_, inst) = try jitInstance(wat)
        for x: Int64 in [10, 77] {
            for k in 0..<count {
                let expected = (x + 1) * 1000 + 3 * x + Int64(k) + 5 * x + (x + 9) + (x - 2)
                #expect(try invoke(inst, "call", [.i32(Int32(k)), .i32(Int32(x))]) == [.i64(expected)], "k = \(k), x = \(x)")
            }
        }
    }
}
