import Testing
@testable import WasmEngine
@testable import WasmInterpreter

/// Cases aimed at the interpreter's fusions for array code (ifloats): a scaled index plus a
/// constant (`i32ShlImmAddImm`) and a pointer stepped, loaded through and the element compared
/// and branched on (`brLoadBumpI32LtU`...). Expected values come from Swift arithmetic and Swift
/// scans of the same arrays; the lowered code is inspected to check that the fused op is chosen.
@Suite struct MemoryFusionTests {
    static func has(_ ops: [Op], _ test: (Op) -> Bool) -> Bool { ops.contains(where: test) }

    static let shlAddWat = """
    (module
      (func (export "add") (param $x i32) (result i32)
        (i32.add (i32.shl (local.get $x) (i32.const SHIFT)) (i32.const ADD)))
      (func (export "sub") (param $x i32) (result i32)
        (i32.sub (i32.shl (local.get $x) (i32.const SHIFT)) (i32.const ADD)))
    )
    """

    @Test(arguments: [(UInt32(2), UInt32(1024)), (0, 1), (31, 0x8000_0000), (33, 12), (3, 0xFFFF_FFFF), (2, 0xFFFF_FF00)])
    func scaledIndexPlusAConstantWrapsLikeSwift(shift: UInt32, add: UInt32) throws {
        let wat = MemoryFusionTests.shlAddWat.replacingOccurrences(of: "SHIFT", with: String(shift))
            .replacingOccurrences(of: "ADD", with: String(Int32(bitPattern: add)))
        let (_, inst) = try instantiate(wat)
        for x: UInt32 in [0, 1, 2, 7, 0x3FFF_FFFF, 0x4000_0000, 0x8000_0000, 0xFFFF_FFFF, 0x1234_5678] {
            let scaled = x << (shift & 31)
            #expect(try call(inst, "add", [.i32(Int32(bitPattern: x))]) == [.i32(Int32(bitPattern: scaled &+ add))], "\(x) << \(shift) + \(add)")
            #expect(try call(inst, "sub", [.i32(Int32(bitPattern: x))]) == [.i32(Int32(bitPattern: scaled &- add))], "\(x) << \(shift) - \(add)")
        }
        for f in 0..<2 {
            let ops = try LoopFusionTests.loweredOps(wat, function: f)
            #expect(MemoryFusionTests.has(ops) { if case .i32ShlImmAddImm = $0 { true } else { false } }, "function \(f): \(ops)")
            #expect(ops.count == 2, "function \(f): \(ops)")
        }
    }

    /// Scans the i32 array at 16.. from index `i`: steps a pointer (`local.tee` of an add), loads
    /// through it and loops while `element CMP k` (or `k CMP element` with `SWAP`), returning
    /// the index where it stopped. Memory: one page, the array below from a data segment.
    static func scanWat(_ cmp: String, swapped: Bool) -> String {
        let test = swapped ? "(i32.\(cmp) (local.get $k) (local.tee $v (i32.load (local.tee $p (i32.add (local.get $p) (i32.const 4))))))"
                           : "(i32.\(cmp) (local.tee $v (i32.load (local.tee $p (i32.add (local.get $p) (i32.const 4))))) (local.get $k))"
        return """
        (module (memory 1)
          (data (i32.const 16) "\(MemoryFusionTests.arrayBytes)")
          (func (export "scan") (param $i i32) (param $k i32) (result i32) (local $p i32) (local $v i32)
            (local.set $p (i32.add (i32.shl (local.get $i) (i32.const 2)) (i32.const 12)))
            (loop $l (br_if $l \(test)))
            (i32.shr_u (i32.sub (local.get $p) (i32.const 16)) (i32.const 2)))
          (func (export "last") (param $i i32) (param $k i32) (result i32) (local $p i32) (local $v i32)
            (local.set $p (i32.add (i32.shl (local.get $i) (i32.const 2)) (i32.const 12)))
            (loop $l (br_if $l \(test)))
            (local.get $v)))
        """
    }

    static let array: [UInt32] = [3, 5, 1, 0, 0x8000_0000, 7, 0xFFFF_FFFF, 2, 0x7FFF_FFFF, 9, 4, 0]

    static var arrayBytes: String {
        let hex = Array("0123456789abcdef")
        return array.flatMap { v in (0..<4).map { k -> String in
            let byte = Int((v >> (8 * k)) & 0xFF)
            return "\\" + String(hex[byte >> 4]) + String(hex[byte & 15])
        } }.joined()
    }

    /// (wasm comparison, element on the left?, the fused op's test, Swift's comparison)
    static let comparisons: [(String, Bool, @Sendable (Op) -> Bool, @Sendable (UInt32, UInt32) -> Bool)] = [
        ("lt_u", false, { if case .brLoadBumpI32LtU = $0 { true } else { false } }, { $0 < $1 }),
        ("gt_u", false, { if case .brLoadBumpI32GtU = $0 { true } else { false } }, { $0 > $1 }),
        ("lt_s", false, { if case .brLoadBumpI32LtS = $0 { true } else { false } }, { Int32(bitPattern: $0) < Int32(bitPattern: $1) }),
        ("gt_s", false, { if case .brLoadBumpI32GtS = $0 { true } else { false } }, { Int32(bitPattern: $0) > Int32(bitPattern: $1) }),
        ("gt_u", true, { if case .brLoadBumpI32LtU = $0 { true } else { false } }, { $1 > $0 }),
        ("lt_u", true, { if case .brLoadBumpI32GtU = $0 { true } else { false } }, { $1 < $0 }),
        ("gt_s", true, { if case .brLoadBumpI32LtS = $0 { true } else { false } }, { Int32(bitPattern: $1) > Int32(bitPattern: $0) }),
        ("lt_s", true, { if case .brLoadBumpI32GtS = $0 { true } else { false } }, { Int32(bitPattern: $1) < Int32(bitPattern: $0) }),
    ]

    @Test func loadBumpBranchScansLikeSwift() throws {
        let a = MemoryFusionTests.array
        for (cmp, swapped, isFused, holds) in MemoryFusionTests.comparisons {
            let wat = MemoryFusionTests.scanWat(cmp, swapped: swapped)
            let ops = try LoopFusionTests.loweredOps(wat, function: 0)
            #expect(MemoryFusionTests.has(ops, isFused), "\(cmp) swapped \(swapped): \(ops)")
            #expect(!MemoryFusionTests.has(ops) { if case .i32LoadBump = $0 { true } else { false } }, "\(cmp) swapped \(swapped)")
            let (_, inst) = try instantiate(wat)
            for k: UInt32 in [0, 1, 4, 6, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF] {
                for start in 0..<3 {
                    // The loop body runs at least once; it stops at the first element failing the test
                    // (the array ends with elements that stop every one of these scans in bounds:
                    // the last is 0, and the memory after it is zeros).
                    var i = start
                    while holds(i < a.count ? a[i] : 0, k) { i += 1 }
                    let args: [Value] = [.i32(Int32(start)), .i32(Int32(bitPattern: k))]
                    let stopped = try call(inst, "scan", args), last = try call(inst, "last", args)
                    #expect(stopped == [.i32(Int32(i))], "\(cmp) swapped \(swapped) k \(k) from \(start)")
                    #expect(last == [.i32(Int32(bitPattern: i < a.count ? a[i] : 0))], "\(cmp) swapped \(swapped) k \(k) from \(start)")
                }
            }
        }
    }

    @Test func loadBumpBranchTrapsAtTheLoadsOffset() throws {
        // Zeros from 16 to the end of the page: `0 < 1` keeps scanning until the load traps. The
        // unfused twin (`i32.ne`, same encoding size) must report the same backtrace offset.
        let fused = MemoryFusionTests.scanWat("lt_u", swapped: false)
        let unfused = MemoryFusionTests.scanWat("ne", swapped: false)
        #expect(!MemoryFusionTests.has(try LoopFusionTests.loweredOps(unfused, function: 0)) {
            if case .brLoadBumpI32LtU = $0 { true } else { false }
        })
        let (_, f) = try instantiate(fused), (_, u) = try instantiate(unfused)
        let args: [Value] = [.i32(20), .i32(1)]
        let tf = try #require(trapOf { try call(f, "scan", args) })
        let tu = try #require(trapOf { try call(u, "scan", args) })
        expectSameOutOfBoundsOffset(tf, tu)
        // The JIT (where there is one) agrees on the offset too.
        for b in testedBackends where b != .interpreter {
            let (_, j) = try instantiate(fused, engine: try engine(b))
            let tj = try #require(trapOf { try call(j, "scan", args) })
            #expect(tj.backtrace.compactMap(\.moduleOffset) == tf.backtrace.compactMap(\.moduleOffset))
        }
    }
}
