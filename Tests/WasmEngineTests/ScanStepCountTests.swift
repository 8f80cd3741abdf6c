import Testing
@testable import WasmEngine
@testable import WasmInterpreter

/// imem8: scan loops whose index step heads the loop and whose pointer steps after the load
/// (`while (v[j] > p) j--;` as clang compiles it) become one `scanLoadStepCountI32*` op that runs
/// every iteration. Expected values and traps come from the Swift model of
/// `MemoryScanFusionTests` (the array at address 16, zeros elsewhere in the page); the lowered
/// code is inspected to check which op is chosen.
@Suite struct ScanStepCountTests {
    static func isScanStepCount(_ op: Op) -> Bool {
        switch op {
        case .scanLoadStepCountI32LtU, .scanLoadStepCountI32GtU, .scanLoadStepCountI32LtS, .scanLoadStepCountI32GtS: return true
        default: return false
        }
    }

    /// Scans from index `j`: steps `j` by `count`, loads `v = *p`, steps `p` by `step` bytes
    /// (through `local.tee $q` when `tee`, else in place), while the test holds. Returns
    /// (j, p, q, v). `bound` replaces the compared value `$k` by another expression.
    static func wat(_ cmp: String, elementFirst: Bool, tee: Bool = true, step: Int32 = -4, count: Int32 = -1,
                    epoch: Bool = false, test: String? = nil) -> String {
        let stepCode = tee ? "(local.set $p (local.tee $q (i32.add (local.get $p) (i32.const \(step)))))"
                           : "(local.set $p (i32.add (local.get $p) (i32.const \(step))))"
        return """
        (module (memory 1)
          (data (i32.const 16) "\(MemoryScanFusionTests.arrayBytes)")
          (func (export "scan") (param $j i32) (param $k i32) (result i32 i32 i32 i32) (local $p i32) (local $v i32) (local $q i32)
            (local.set $p (i32.add (i32.shl (local.get $j) (i32.const 2)) (i32.const 16)))
            (loop $l
              (local.set $j (i32.add (local.get $j) (i32.const \(count))))
              (local.set $v (i32.load (local.get $p)))
              \(stepCode)
              (br_if $l \(test ?? MemoryScanFusionTests.test(cmp, elementFirst: elementFirst))))
            (local.get $j) (local.get $p) (local.get $q) (local.get $v)))
        """
    }

    /// The model's result of `wat` from index `start` against `k`; nil where the scan traps.
    static func expected(start: Int, k: UInt32, step: Int32, count: Int32, tee: Bool,
                         holds: (UInt32, UInt32) -> Bool) -> [Value]? {
        var j = UInt32(bitPattern: Int32(start)), e = start, v: UInt32
        repeat {
            j &+= UInt32(bitPattern: count)
            guard let x = MemoryScanFusionTests.element(e) else { return nil }
            v = x
            e += Int(step / 4)
        } while holds(v, k)
        let p = Int32(truncatingIfNeeded: 16 + 4 * e)
        return [.i32(Int32(bitPattern: j)), .i32(p), .i32(tee ? p : 0), .i32(Int32(bitPattern: v))]
    }

    @Test(arguments: [(Int32(-4), Int32(-1)), (4, 1), (8, 3), (-4, 32767), (-4, -32768), (-4, 70000)])
    func scansLikeSwift(step: Int32, count: Int32) throws {
        for (cmp, elementFirst, holds) in MemoryScanFusionTests.comparisons {
            for tee in [true, false] {
                let wat = ScanStepCountTests.wat(cmp, elementFirst: elementFirst, tee: tee, step: step, count: count)
                let ops = try LoopFusionTests.loweredOps(wat)
                let label = "\(cmp) \(elementFirst) tee \(tee) step \(step) count \(count)"
                // A counter step beyond 16 bits keeps the two-op loop.
                #expect(ops.contains(where: ScanStepCountTests.isScanStepCount) == (Int16(exactly: count) != nil), "\(label): \(ops)")
                let (_, inst) = try instantiate(wat)
                for k: UInt32 in [0, 1, 5, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF] {
                    for start in [0, 3, 11] {
                        let args: [Value] = [.i32(Int32(start)), .i32(Int32(bitPattern: k))]
                        guard let want = ScanStepCountTests.expected(start: start, k: k, step: step, count: count, tee: tee, holds: holds) else {
                            #expect(trapKind { try call(inst, "scan", args) } == .outOfBoundsMemoryAccess, "\(label) k \(k) from \(start)")
                            continue
                        }
                        #expect(try call(inst, "scan", args) == want, "\(label) k \(k) from \(start)")
                    }
                }
            }
        }
    }

    @Test func replacesTheStepAndTheBranch() throws {
        let ops = try LoopFusionTests.loweredOps(ScanStepCountTests.wat("gt_u", elementFirst: true))
        let index = try #require(ops.firstIndex(where: ScanStepCountTests.isScanStepCount), "\(ops)")
        #expect(!ops.contains(where: MemoryScanFusionTests.isLoadStep), "\(ops)")
        #expect(!ops.contains { if case .i32Load = $0 { true } else { false } }, "\(ops)")
        // Nothing branches back to the op: it loops by itself.
        #expect(!ops.contains { MemoryScanFusionTests.scanTarget($0).map(Int.init) == index }, "\(ops)")
    }

    @Test func trapsAtTheLoadsOffset() throws {
        // `lt_u` with k = 1 scans the zeros below the array down to address 0; the load at
        // 0xFFFF_FFFC traps. The unfused twin (`ne`, the same encoding size) reports the same offset.
        let fused = ScanStepCountTests.wat("lt_u", elementFirst: true)
        let unfused = ScanStepCountTests.wat("ne", elementFirst: true)
        #expect(try LoopFusionTests.loweredOps(fused).contains(where: ScanStepCountTests.isScanStepCount))
        #expect(!(try LoopFusionTests.loweredOps(unfused).contains(where: ScanStepCountTests.isScanStepCount)))
        let (_, f) = try instantiate(fused), (_, u) = try instantiate(unfused)
        let tf = try #require(trapOf { try call(f, "scan", [.i32(-1), .i32(1)]) })
        let tu = try #require(trapOf { try call(u, "scan", [.i32(-1), .i32(-1)]) })
        expectSameOutOfBoundsOffset(tf, tu)
        // A first load out of bounds traps too (no iteration completed).
        #expect(trapKind { try call(f, "scan", [.i32(20000), .i32(1)]) } == .outOfBoundsMemoryAccess)
    }

    @Test func theCounterAsTheBoundIsNotFused() throws {
        // `while (v[j] > j) j--`: the branch reads the stepped counter; not fused, still right.
        let wat = ScanStepCountTests.wat("gt_u", elementFirst: true, test: "(i32.gt_u (local.get $v) (local.get $j))")
        #expect(!(try LoopFusionTests.loweredOps(wat).contains(where: ScanStepCountTests.isScanStepCount)))
        let (_, inst) = try instantiate(wat)
        for start in [0, 5, 11] {
            var j = Int32(start), e = start, v: UInt32
            repeat {
                j -= 1
                v = try #require(MemoryScanFusionTests.element(e))
                e -= 1
            } while v > UInt32(bitPattern: j)
            let p = Int32(16 + 4 * e)
            #expect(try call(inst, "scan", [.i32(Int32(start)), .i32(0)]) == [.i32(j), .i32(p), .i32(p), .i32(Int32(bitPattern: v))])
        }
    }

    @Test func epochChecksKeepTheBackEdge() throws {
        // With epoch interruption the loop starts with a check: the back edge must run it, so
        // the scan is not one op.
        let wat = ScanStepCountTests.wat("gt_u", elementFirst: true)
        let e = try interpreterEngine { $0.epochInterruption = true }
        let module = try Module(e, wat: wat)
        let f = unsafeDowncast(module.box.compiled, to: CompiledModule.self).functions[0]
        #expect(!(0..<f.codeCount).map { f.op($0) }.contains(where: ScanStepCountTests.isScanStepCount))
    }
}
