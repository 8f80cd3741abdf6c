import Testing
import WAT
@testable import WasmEngine
@testable import WasmInterpreter

/// icalls8-r2: a rotated counted loop's compare on the counter's old value, the step teed into
/// two locals and the `br_if` on the compare in one op (`brI32GtUImmStepTee`,
/// `brI32GtSImmStepTee`). Expected values come from Swift arithmetic on the same operands.
@Suite struct CompareStepTeeBranchTests {
    /// `loop` steps `$n` by STEP while `$n > BOUND` (signedness from CMP), counting iterations
    /// (capped at 1000 by an outer test so wrapping steps end); it returns the counter, the
    /// copy, the compare's local (read after the loop: the fused op still writes it) and the
    /// iteration count. `other` compares a different local than the one stepped: not fused.
    static let wat = """
    (module
      (func (export "loop") (param $n i32) (result i32 i32 i32 i32)
        (local $c i32) (local $copy i32) (local $iterations i32)
        (block
          (loop
            (local.set $iterations (i32.add (local.get $iterations) (i32.const 1)))
            (br_if 1 (i32.gt_u (local.get $iterations) (i32.const 1000)))
            (local.set $c (i32.CMP (local.get $n) (i32.const BOUND)))
            (local.set $n (local.tee $copy (i32.add (local.get $n) (i32.const STEP))))
            (br_if 0 (local.get $c))))
        (local.get $n) (local.get $copy) (local.get $c) (local.get $iterations))
      (func (export "other") (param $n i32) (param $m i32) (result i32 i32)
        (local $c i32) (local $copy i32)
        (loop
          (local.set $c (i32.CMP (local.get $m) (i32.const BOUND)))
          (local.set $m (i32.add (local.get $m) (i32.const -1)))
          (local.set $n (local.tee $copy (i32.add (local.get $n) (i32.const STEP))))
          (br_if 0 (local.get $c)))
        (local.get $n) (local.get $m))
    )
    """

    static func module(signed: Bool, bound: Int32, step: Int32) -> String {
        wat.replacingOccurrences(of: "CMP", with: signed ? "gt_s" : "gt_u")
            .replacingOccurrences(of: "BOUND", with: String(bound)).replacingOccurrences(of: "STEP", with: String(step))
    }

    /// `loop` as Swift runs it.
    static func loop(_ n: Int32, signed: Bool, bound: Int32, step: Int32) -> [Int32] {
        var x = n, copy: Int32 = 0, c: Int32 = 0, iterations: Int32 = 0
        while true {
            iterations += 1
            if iterations > 1000 { break }
            let taken = signed ? x > bound : UInt32(bitPattern: x) > UInt32(bitPattern: bound)
            c = taken ? 1 : 0
            x = x &+ step
            copy = x
            if !taken { break }
        }
        return [x, copy, c, iterations]
    }

    static func fusedCompares(_ wat: String, function: Int) throws -> (unsigned: Int, signed: Int) {
        let ops = try LoopFusionTests.loweredOps(wat, function: function)
        return (ops.filter { if case .brI32GtUImmStepTee = $0 { true } else { false } }.count,
                ops.filter { if case .brI32GtSImmStepTee = $0 { true } else { false } }.count)
    }

    /// (bound, step): down and up steps, bounds at the ends of both orders, wrapping steps.
    static let parameters: [(Int32, Int32)] = [(3, -2), (0, -1), (-5, -3), (10, 7), (Int32.max, -1), (Int32.min, -0x4000_0000), (-1, 1)]

    @Test(arguments: [false, true], CompareStepTeeBranchTests.parameters)
    func loopComputesLikeSwift(signed: Bool, parameters: (Int32, Int32)) throws {
        let (bound, step) = parameters
        let wat = CompareStepTeeBranchTests.module(signed: signed, bound: bound, step: step)
        let (_, inst) = try instantiate(wat)
        for n: Int32 in [0, 1, 2, 3, 4, 5, 11, -1, -6, 2000, Int32.max, Int32.min, Int32.min + 1] {
            let expected = CompareStepTeeBranchTests.loop(n, signed: signed, bound: bound, step: step).map { Value.i32($0) }
            #expect(try call(inst, "loop", [.i32(n)]) == expected, "loop \(n) \(signed) \(bound) \(step)")
        }
        let fused = try CompareStepTeeBranchTests.fusedCompares(wat, function: 0)
        #expect(fused.unsigned == (signed ? 0 : 1) && fused.signed == (signed ? 1 : 0))
    }

    /// A precompiled artifact keeps the fused ops (their operands written and read back) and
    /// runs like Swift.
    @Test(arguments: [false, true])
    func precompiledArtifactRunsTheFusedOp(signed: Bool) throws {
        let e = try interpreterEngine()
        let wat = CompareStepTeeBranchTests.module(signed: signed, bound: -5, step: -3)
        let loaded = try Module.deserialize(e, try e.precompileModule(try wat2wasm(wat)))
        let f = unsafeDowncast(loaded.box.compiled, to: CompiledModule.self).functions[0]
        let ops = (0..<f.codeCount).map { f.op($0) }
        #expect(ops.contains { if case .brI32GtUImmStepTee(_, _, _, let k, 0xFFFF_FFFD, _) = $0 { !signed && k == 0xFFFF_FFFB } else { false } }
                || ops.contains { if case .brI32GtSImmStepTee(_, _, _, let k, 0xFFFF_FFFD, _) = $0 { signed && k == 0xFFFF_FFFB } else { false } })
        let store = Store(e)
        let inst = try Instance(store, module: loaded, imports: [])
        for n: Int32 in [7, -5, -4, Int32.min] {
            let expected = CompareStepTeeBranchTests.loop(n, signed: signed, bound: -5, step: -3).map { Value.i32($0) }
            #expect(try call(inst, "loop", [.i32(n)]) == expected, "loop \(n) \(signed)")
        }
    }

    @Test(arguments: [false, true])
    func compareOfAnotherLocalIsNotFused(signed: Bool) throws {
        let wat = CompareStepTeeBranchTests.module(signed: signed, bound: 0, step: 3)
        let (_, inst) = try instantiate(wat)
        // `m` from 4 down: the compare holds for m = 4..1, so 5 passes; n steps by 3 each.
        #expect(try call(inst, "other", [.i32(10), .i32(4)]) == [.i32(25), .i32(-1)])
        let fused = try CompareStepTeeBranchTests.fusedCompares(wat, function: 1)
        #expect(fused.unsigned == 0 && fused.signed == 0)
    }
}
