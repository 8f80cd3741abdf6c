import Testing
@testable import WasmEngine
@testable import WasmInterpreter

/// Cases aimed at the interpreter's fused array scans (imem): a pointer loaded through and then
/// stepped (`brLoadStepI32*`, `v = *q; q -= 1` with the step tee'd into a second local or done
/// in place) and a pointer stepped together with an index (`brLoadBumpCountI32*`). Expected
/// values and traps come from a Swift model of the memory (`MemoryScanFusionTests.element`);
/// the lowered code is inspected to check which op is chosen.
@Suite struct MemoryScanFusionTests {
    /// The i32 array at address 16 (index 0) of a one-page memory; zeros elsewhere.
    static let array: [UInt32] = [9, 5, 0x8000_0000, 1, 7, 0xFFFF_FFFF, 2, 0x7FFF_FFFF, 4, 3, 6, 8]

    /// `array` as a data segment string (little-endian bytes).
    static var arrayBytes: String {
        array.flatMap { v in (0..<4).map { k in "\\" + String((v >> (8 * k)) & 0xFF, radix: 16).leftPadded() } }.joined()
    }

    /// The element at index `i` (address `16 + 4 i`), or nil where that load traps (outside the page).
    static func element(_ i: Int) -> UInt32? {
        let address = 16 + 4 * i
        guard address >= 0, address + 4 <= 65536 else { return nil }
        return i >= 0 && i < array.count ? array[i] : 0
    }

    /// (wasm comparison, element on the left?, Swift's test of (element, k))
    static let comparisons: [(String, Bool, @Sendable (UInt32, UInt32) -> Bool)] = [
        ("lt_u", true, { $0 < $1 }), ("gt_u", true, { $0 > $1 }),
        ("lt_s", true, { Int32(bitPattern: $0) < Int32(bitPattern: $1) }), ("gt_s", true, { Int32(bitPattern: $0) > Int32(bitPattern: $1) }),
        ("gt_u", false, { $1 > $0 }), ("lt_u", false, { $1 < $0 }),
        ("gt_s", false, { Int32(bitPattern: $1) > Int32(bitPattern: $0) }), ("lt_s", false, { Int32(bitPattern: $1) < Int32(bitPattern: $0) }),
    ]

    static func isLoadStep(_ op: Op) -> Bool {
        switch op {
        case .brLoadStepI32LtU, .brLoadStepI32GtU, .brLoadStepI32LtS, .brLoadStepI32GtS: return true
        default: return false
        }
    }

    static func isLoadBumpCount(_ op: Op) -> Bool {
        switch op {
        case .brLoadBumpCountI32LtU, .brLoadBumpCountI32GtU, .brLoadBumpCountI32LtS, .brLoadBumpCountI32GtS: return true
        default: return false
        }
    }

    static func test(_ cmp: String, elementFirst: Bool) -> String {
        elementFirst ? "(i32.\(cmp) (local.get $v) (local.get $k))" : "(i32.\(cmp) (local.get $k) (local.get $v))"
    }

    /// Scans down from index `j`: loads `v = *p`, then steps `p` by `STEP` bytes (`tee`: through
    /// `local.tee $q`, as clang writes `*q--`; else in place), while the test holds. Returns
    /// (p, q, v).
    static func stepWat(_ cmp: String, elementFirst: Bool, tee: Bool, step: Int32 = -4) -> String {
        let stepCode = tee ? "(local.set $p (local.tee $q (i32.add (local.get $p) (i32.const \(step)))))"
                           : "(local.set $p (i32.add (local.get $p) (i32.const \(step))))"
        return """
        (module (memory 1)
          (data (i32.const 16) "\(arrayBytes)")
          (func (export "scan") (param $j i32) (param $k i32) (result i32 i32 i32) (local $p i32) (local $v i32) (local $q i32)
            (local.set $p (i32.add (i32.shl (local.get $j) (i32.const 2)) (i32.const 16)))
            (loop $l
              (local.set $v (i32.load (local.get $p)))
              \(stepCode)
              (br_if $l \(test(cmp, elementFirst: elementFirst))))
            (local.get $p) (local.get $q) (local.get $v)))
        """
    }

    @Test func loadThenStepScansLikeSwift() throws {
        for (cmp, elementFirst, holds) in MemoryScanFusionTests.comparisons {
            for tee in [true, false] {
                let wat = MemoryScanFusionTests.stepWat(cmp, elementFirst: elementFirst, tee: tee)
                let ops = try LoopFusionTests.loweredOps(wat)
                #expect(ops.contains(where: MemoryScanFusionTests.isLoadStep), "\(cmp) \(elementFirst) tee \(tee): \(ops)")
                #expect(!ops.contains { if case .i32Load = $0 { true } else { false } }, "\(cmp) \(elementFirst) tee \(tee): \(ops)")
                let (_, inst) = try instantiate(wat)
                for k: UInt32 in [0, 1, 5, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF] {
                    for start in [0, 3, 11] {
                        var j = start, v: UInt32? = MemoryScanFusionTests.element(j)
                        while let x = v, holds(x, k) { j -= 1; v = MemoryScanFusionTests.element(j) }
                        let args: [Value] = [.i32(Int32(start)), .i32(Int32(bitPattern: k))]
                        let label = "\(cmp) \(elementFirst) tee \(tee) k \(k) from \(start)"
                        guard let stopped = v else {
                            #expect(trapKind { try call(inst, "scan", args) } == .outOfBoundsMemoryAccess, "\(label)")
                            continue
                        }
                        // The element at `j` stopped the scan; the pointer was stepped past it.
                        let p = Int32(truncatingIfNeeded: 16 + 4 * (j - 1))
                        let expected: [Value] = [.i32(p), .i32(tee ? p : 0), .i32(Int32(bitPattern: stopped))]
                        #expect(try call(inst, "scan", args) == expected, "\(label)")
                    }
                }
            }
        }
    }

    @Test func loadThenStepTrapsAtTheLoadsOffset() throws {
        // `lt_u` with k = 1 keeps scanning the zeros below the array down to address 0; the load
        // at 0xFFFF_FFFC traps. The unfused twin (`ne`, the same encoding size) reports the same offset.
        let fused = MemoryScanFusionTests.stepWat("lt_u", elementFirst: true, tee: true)
        let unfused = MemoryScanFusionTests.stepWat("ne", elementFirst: true, tee: true)
        #expect(try LoopFusionTests.loweredOps(fused).contains(where: MemoryScanFusionTests.isLoadStep))
        #expect(!(try LoopFusionTests.loweredOps(unfused).contains(where: MemoryScanFusionTests.isLoadStep)))
        let (_, f) = try instantiate(fused), (_, u) = try instantiate(unfused)
        let tf = try #require(trapOf { try call(f, "scan", [.i32(-1), .i32(1)]) })
        let tu = try #require(trapOf { try call(u, "scan", [.i32(-1), .i32(-1)]) })
        expectSameOutOfBoundsOffset(tf, tu)
    }

    @Test func loadThenStepKeepsTheUnfusableForms() throws {
        // The step overwrites the loaded value's local: not fused, and the branch reads the step.
        let wat = """
        (module (memory 1)
          (func (export "f") (param $p i32) (result i32) (local $v i32)
            (loop $l
              (local.set $v (i32.load (local.get $p)))
              (local.set $p (local.tee $v (i32.add (local.get $p) (i32.const 4))))
              (br_if $l (i32.lt_u (local.get $v) (i32.const 64))))
            (local.get $v)))
        """
        #expect(!(try LoopFusionTests.loweredOps(wat).contains(where: MemoryScanFusionTests.isLoadStep)))
        let (_, inst) = try instantiate(wat)
        #expect(try call(inst, "f", [.i32(0)]) == [.i32(64)])
        #expect(try call(inst, "f", [.i32(100)]) == [.i32(104)])
    }

    /// Scans up from index `i` stepping the index by `COUNT` and a pointer by `STEP` bytes
    /// before each load, while the test holds. Returns (i, p, v).
    static func countWat(_ cmp: String, elementFirst: Bool, step: Int32 = 4, count: Int32 = 1) -> String {
        """
        (module (memory 1)
          (data (i32.const 16) "\(arrayBytes)")
          (func (export "scan") (param $i i32) (param $k i32) (result i32 i32 i32) (local $p i32) (local $v i32)
            (local.set $p (i32.add (i32.shl (local.get $i) (i32.const 2)) (i32.const 16)))
            (loop $l
              (local.set $i (i32.add (local.get $i) (i32.const \(count))))
              (local.set $v (i32.load (local.tee $p (i32.add (local.get $p) (i32.const \(step))))))
              (br_if $l \(test(cmp, elementFirst: elementFirst))))
            (local.get $i) (local.get $p) (local.get $v)))
        """
    }

    @Test(arguments: [(Int32(4), Int32(1)), (-4, -1), (8, 3), (4, -32768), (4, 70000)])
    func stepsWithAnIndexScanLikeSwift(step: Int32, count: Int32) throws {
        for (cmp, elementFirst, holds) in MemoryScanFusionTests.comparisons {
            let wat = MemoryScanFusionTests.countWat(cmp, elementFirst: elementFirst, step: step, count: count)
            let ops = try LoopFusionTests.loweredOps(wat)
            let fits = Int16(exactly: count) != nil
            #expect(ops.contains(where: MemoryScanFusionTests.isLoadBumpCount) == fits, "\(cmp) \(elementFirst): \(ops)")
            let (_, inst) = try instantiate(wat)
            for k: UInt32 in [0, 1, 5, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF] {
                for start in [0, 2, 5] {
                    // The model: index `e` of the element at the pointer, `i` stepped alongside.
                    var i = UInt32(bitPattern: Int32(start)), e = start, v: UInt32?
                    repeat {
                        i = i &+ UInt32(bitPattern: count)
                        e += Int(step / 4)
                        v = MemoryScanFusionTests.element(e)
                    } while v.map { holds($0, k) } ?? false
                    let args: [Value] = [.i32(Int32(start)), .i32(Int32(bitPattern: k))]
                    let label = "\(cmp) \(elementFirst) step \(step) count \(count) k \(k) from \(start)"
                    guard let stopped = v else {
                        #expect(trapKind { try call(inst, "scan", args) } == .outOfBoundsMemoryAccess, "\(label)")
                        continue
                    }
                    let expected: [Value] = [.i32(Int32(bitPattern: i)), .i32(Int32(truncatingIfNeeded: 16 + 4 * e)), .i32(Int32(bitPattern: stopped))]
                    #expect(try call(inst, "scan", args) == expected, "\(label)")
                }
            }
        }
    }

    @Test func stepsWithAnIndexTrapAtTheLoadsOffset() throws {
        // Zeros up to the end of the page: `lt_u` with k = 1 scans until the load traps.
        let fused = MemoryScanFusionTests.countWat("lt_u", elementFirst: true)
        let unfused = MemoryScanFusionTests.countWat("ne", elementFirst: true)
        #expect(try LoopFusionTests.loweredOps(fused).contains(where: MemoryScanFusionTests.isLoadBumpCount))
        #expect(!(try LoopFusionTests.loweredOps(unfused).contains(where: MemoryScanFusionTests.isLoadBumpCount)))
        let (_, f) = try instantiate(fused), (_, u) = try instantiate(unfused)
        let tf = try #require(trapOf { try call(f, "scan", [.i32(20), .i32(1)]) })
        let tu = try #require(trapOf { try call(u, "scan", [.i32(20), .i32(-1)]) })
        expectSameOutOfBoundsOffset(tf, tu)
    }

    /// The branch target of a fused scan op; nil for other ops.
    static func scanTarget(_ op: Op) -> PC? {
        switch op {
        case .brLoadStepI32LtU(_, _, _, _, _, let t), .brLoadStepI32GtU(_, _, _, _, _, let t),
             .brLoadStepI32LtS(_, _, _, _, _, let t), .brLoadStepI32GtS(_, _, _, _, _, let t),
             .brLoadBumpCountI32LtU(_, _, _, _, _, let t), .brLoadBumpCountI32GtU(_, _, _, _, _, let t),
             .brLoadBumpCountI32LtS(_, _, _, _, _, let t), .brLoadBumpCountI32GtS(_, _, _, _, _, let t): return t
        default: return nil
        }
    }

    @Test func scanLoopsOfOneOpBranchToThemselves() throws {
        // imem2: such an op runs all its iterations in one handler call (LoadScanLoops.swift);
        // the value tests above then exercise that loop, traps included.
        for wat in [MemoryScanFusionTests.stepWat("lt_u", elementFirst: true, tee: true),
                    MemoryScanFusionTests.countWat("gt_s", elementFirst: false)] {
            let ops = try LoopFusionTests.loweredOps(wat)
            let index = try #require(ops.firstIndex { MemoryScanFusionTests.scanTarget($0) != nil })
            #expect(MemoryScanFusionTests.scanTarget(ops[index]).map(Int.init) == index, "\(ops)")
        }
    }

    @Test func scanOpsInALongerLoopCountEveryIteration() throws {
        // The fused op is not the loop's first op: its branch goes to the `$n` step, which has to
        // run once per element (the op must not loop on itself).
        for (cmp, elementFirst, holds) in MemoryScanFusionTests.comparisons {
            let wat = """
            (module (memory 1)
              (data (i32.const 16) "\(MemoryScanFusionTests.arrayBytes)")
              (func (export "scan") (param $i i32) (param $k i32) (result i32 i32 i32 i32) (local $p i32) (local $v i32) (local $n i32)
                (local.set $p (i32.add (i32.shl (local.get $i) (i32.const 2)) (i32.const 16)))
                (loop $l
                  (local.set $n (i32.add (local.get $n) (i32.const 3)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (local.set $v (i32.load (local.tee $p (i32.add (local.get $p) (i32.const 4)))))
                  (br_if $l \(MemoryScanFusionTests.test(cmp, elementFirst: elementFirst))))
                (local.get $i) (local.get $p) (local.get $v) (local.get $n)))
            """
            let ops = try LoopFusionTests.loweredOps(wat)
            let index = try #require(ops.firstIndex { MemoryScanFusionTests.scanTarget($0) != nil }, "\(ops)")
            #expect(MemoryScanFusionTests.scanTarget(ops[index]).map(Int.init) != index, "\(ops)")
            let (_, inst) = try instantiate(wat)
            for k: UInt32 in [0, 1, 5, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF] {
                for start in [0, 2, 5] {
                    var e = start, n: UInt32 = 0, v: UInt32?
                    repeat {
                        n &+= 3
                        e += 1
                        v = MemoryScanFusionTests.element(e)
                    } while v.map { holds($0, k) } ?? false
                    let args: [Value] = [.i32(Int32(start)), .i32(Int32(bitPattern: k))]
                    let label = "\(cmp) \(elementFirst) k \(k) from \(start)"
                    guard let stopped = v else {
                        #expect(trapKind { try call(inst, "scan", args) } == .outOfBoundsMemoryAccess, "\(label)")
                        continue
                    }
                    let expected: [Value] = [.i32(Int32(e)), .i32(Int32(16 + 4 * e)), .i32(Int32(bitPattern: stopped)), .i32(Int32(bitPattern: n))]
                    #expect(try call(inst, "scan", args) == expected, "\(label)")
                }
            }
        }
    }
}

private extension String {
    /// Two hex digits.
    func leftPadded() -> String { count < 2 ? "0" + self : self }
}
