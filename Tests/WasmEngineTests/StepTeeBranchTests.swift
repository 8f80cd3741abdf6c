import Testing
@testable import WasmEngine
@testable import WasmInterpreter

/// A loop's back edge on a condition computed before a counter's step, the step stored in two
/// locals (`brIfI32StepTee`), and direct calls of callees that need no entry slots
/// (`t_callDefinedCode`). Expected values come from Swift arithmetic on the same operands.
@Suite struct StepTeeBranchTests {
    /// `fib` of Benchmarks/programs/calls.c as clang emits it (one recursive call turned into a
    /// loop: compare on the old `n`, `n - 2` teed into two locals, `br_if` on the compare), and a
    /// loop of the same shape returning both stepped locals and an iteration count, with the
    /// bound and the step as parameters of the module text.
    static let wat = """
    (module
      (func $fib (export "fib") (param i32) (result i32)
        (local i32 i32 i32)
        (block
          (br_if 0 (i32.ge_s (local.get 0) (i32.const 2)))
          (return (i32.add (local.get 0) (i32.const 0))))
        (local.set 1 (i32.const 0))
        (loop
          (local.set 1 (i32.add (call $fib (i32.add (local.get 0) (i32.const -1))) (local.get 1)))
          (local.set 2 (i32.gt_u (local.get 0) (i32.const 3)))
          (local.set 0 (local.tee 3 (i32.add (local.get 0) (i32.const -2))))
          (br_if 0 (local.get 2)))
        (i32.add (local.get 3) (local.get 1)))
      (func (export "count") (param $n i32) (result i32 i32 i32)
        (local $c i32) (local $copy i32) (local $iterations i32)
        (loop
          (local.set $iterations (i32.add (local.get $iterations) (i32.const 1)))
          (local.set $c (i32.and (i32.gt_s (local.get $n) (i32.const BOUND))
                                 (i32.lt_u (local.get $iterations) (i32.const 1000))))
          (local.set $n (local.tee $copy (i32.add (local.get $n) (i32.const STEP))))
          (br_if 0 (local.get $c)))
        (local.get $n) (local.get $copy) (local.get $iterations))
      ;; The stepped local is the branch condition itself: not fused.
      (func (export "self") (param $n i32) (result i32 i32)
        (local $copy i32) (local $iterations i32)
        (loop
          (local.set $iterations (i32.add (local.get $iterations) (i32.const 1)))
          (local.set $copy (local.tee $n (i32.add (local.get $n) (i32.const -1))))
          (br_if 0 (local.get $n)))
        (local.get $copy) (local.get $iterations))
      ;; The condition computed right before the tee (a plain `br_if` on a local).
      (func (export "plain") (param $n i32) (result i32 i32)
        (local $c i32) (local $copy i32)
        (loop
          (local.set $c (i32.gt_u (local.get $n) (i32.const 3)))
          (local.set $n (local.tee $copy (i32.add (local.get $n) (i32.const -2))))
          (br_if 0 (local.get $c)))
        (local.get $n) (local.get $copy))
    )
    """

    static func module(bound: Int32, step: Int32) -> String {
        wat.replacingOccurrences(of: "BOUND", with: String(bound)).replacingOccurrences(of: "STEP", with: String(step))
    }

    static func isStepTeeBranch(_ op: Op) -> Bool {
        switch op {
        case .brIfI32StepTee, .brI32GtUImmStepTee, .brI32GtSImmStepTee: return true // the last two: icalls8-r2
        default: return false
        }
    }

    static func fib(_ n: Int32) -> Int32 { n < 2 ? n : fib(n - 1) &+ fib(n - 2) }

    @Test func fibComputesLikeSwift() throws {
        let (_, inst) = try instantiate(StepTeeBranchTests.module(bound: 3, step: -2))
        for n: Int32 in [-7, -1, 0, 1, 2, 3, 4, 5, 10, 17, 20] {
            #expect(try call(inst, "fib", [.i32(n)]) == [.i32(StepTeeBranchTests.fib(n))], "fib \(n)")
        }
    }

    /// `plain` as Swift runs it: compare (unsigned) on the old value, then step; both locals.
    static func plain(_ n: UInt32) -> (UInt32, UInt32) {
        var x = n, copy: UInt32 = 0, c: Bool
        repeat {
            c = x > 3
            x = x &- 2
            copy = x
        } while c
        return (x, copy)
    }

    /// Starting values around the bound and small odd ones (whose last step wraps below 0).
    @Test func plainLoopStepsLikeSwift() throws {
        let (_, inst) = try instantiate(StepTeeBranchTests.module(bound: 3, step: -2))
        for n: UInt32 in [0, 1, 2, 3, 4, 5, 6, 7, 100, 101] {
            let (x, copy) = StepTeeBranchTests.plain(n)
            #expect(try call(inst, "plain", [.i32(Int32(bitPattern: n))])
                    == [.i32(Int32(bitPattern: x)), .i32(Int32(bitPattern: copy))], "plain \(n)")
        }
    }

    /// `count` as Swift runs it (signed compare, capped at 1000 iterations).
    static func count(_ n: Int32, bound: Int32, step: Int32) -> (Int32, Int32, Int32) {
        var x = n, copy: Int32 = 0, iterations: Int32 = 0, c: Bool
        repeat {
            iterations += 1
            c = x > bound
            x = x &+ step
            copy = x
        } while c && iterations < 1000
        return (x, copy, iterations)
    }

    /// (bound, step) pairs: steps down and up, a bound no value exceeds and one all but one do.
    static let loopParameters: [(Int32, Int32)] = [(3, -2), (0, -1), (-5, -3), (10, 7), (Int32.max, -1), (Int32.min, -0x4000_0000)]

    @Test(arguments: StepTeeBranchTests.loopParameters)
    func countingLoopStepsLikeSwift(bound: Int32, step: Int32) throws {
        let (_, inst) = try instantiate(StepTeeBranchTests.module(bound: bound, step: step))
        for n: Int32 in [0, 1, 3, 4, 5, 11, -1, -6, 2000, Int32.max, Int32.min, Int32.min + 1] {
            let (x, copy, iterations) = StepTeeBranchTests.count(n, bound: bound, step: step)
            #expect(try call(inst, "count", [.i32(n)]) == [.i32(x), .i32(copy), .i32(iterations)], "count \(n) \(bound) \(step)")
        }
    }

    @Test func stepOfTheConditionIsNotFused() throws {
        let (_, inst) = try instantiate(StepTeeBranchTests.module(bound: 3, step: -2))
        for n: Int32 in [1, 2, 5, 40] {
            #expect(try call(inst, "self", [.i32(n)]) == [.i32(0), .i32(n)], "self \(n)")
        }
        #expect(!(try LoopFusionTests.loweredOps(StepTeeBranchTests.module(bound: 3, step: -2), function: 2))
                    .contains(where: StepTeeBranchTests.isStepTeeBranch))
    }

    @Test func teeAndBranchAreOneOp() throws {
        let wat = StepTeeBranchTests.module(bound: 3, step: -2)
        for f in [0, 1, 3] {
            let ops = try LoopFusionTests.loweredOps(wat, function: f)
            #expect(ops.contains(where: StepTeeBranchTests.isStepTeeBranch), "function \(f)")
            #expect(!ops.contains { if case .i32AddImmTee = $0 { true } else { false } }, "function \(f)")
        }
    }

    /// The loop header reads the stepped counter, which both ways into it (the entry and the
    /// back edge) leave in the accumulator: it reads it from there.
    @Test func loopHeaderReadsTheCounterFromTheAccumulator() throws {
        let module = try Module(try interpreterEngine(), wat: StepTeeBranchTests.module(bound: 3, step: -2))
        let functions = unsafeDowncast(module.box.compiled, to: CompiledModule.self).functions
        for index in [0, 3] {
            let f = functions[index]
            let branch = (0..<f.codeCount).compactMap { k -> (PC, Slot16)? in
                switch f.op(k) {
                case .brIfI32StepTee(_, let counter, _, _, let t),
                     .brI32GtUImmStepTee(_, let counter, _, _, _, let t), .brI32GtSImmStepTee(_, let counter, _, _, _, let t):
                    return (t, counter)
                default: return nil
                }
            }
            #expect(branch.count == 1, "function \(index)")
            guard let (target, counter) = branch.first else { continue }
            #expect(f.code[Int(target)].accumulatorSlot == Slot(counter), "function \(index)")
        }
    }

    /// The direct call of `fib` (no entry slots: its locals are written before they are read)
    /// runs `t_callDefinedCode`, which also checks the stack: unbounded recursion through it
    /// traps with "call stack exhausted" and the recursion's frames in the backtrace.
    static let recursionWat = """
    (module
      (func $down (export "down") (param i32) (result i32)
        (local i32)
        (local.set 1 (i32.add (local.get 0) (i32.const 1)))
        (i32.add (call $down (local.get 1)) (i32.const 1)))
    )
    """

    @Test func directCallsOfCalleesWithoutEntrySlotsCheckTheStack() throws {
        let module = try Module(try interpreterEngine(), wat: StepTeeBranchTests.recursionWat)
        let f = unsafeDowncast(module.box.compiled, to: CompiledModule.self).functions[0]
        let calls = (0..<f.codeCount).filter { if case .callDefined = f.op($0) { true } else { false } }
        #expect(calls.count == 1)
        #expect(f.entryChunkBytes == 0)
        let direct = unsafeBitCast(t_callDefinedCode as ThreadedHandler, to: UnsafeRawPointer.self)
        #expect(calls.allSatisfy { unsafeBitCast(f.code[$0].handler, to: UnsafeRawPointer.self) == direct })
        let (_, inst) = try instantiate(StepTeeBranchTests.recursionWat)
        let trap = trapOf { try call(inst, "down", [.i32(0)]) }
        #expect(trap?.kind == .callStackExhausted)
        #expect((trap?.backtrace.count ?? 0) > 100)
        #expect(trap?.backtrace.allSatisfy { $0.functionIndex == 0 } == true)
    }
}
