import Testing
import WAT
@testable import WasmEngine
@testable import WasmInterpreter

/// A `select` on a bit test whose arm is an unsigned shift right by a constant, the shift computed
/// in the select (`selectAndImmI64ShrURhs` & co.). Expected values come from Swift arithmetic on
/// the same operands; the lowered code is inspected to check that the fused op is (or is not)
/// chosen.
@Suite struct ShiftSelectFusionTests {
    static func isShiftSelect(_ op: Op) -> Bool {
        switch op {
        case .selectAndImmI64ShrURhs, .selectAndImmI32ShrURhs, .selectAndImmI64ShrULhs, .selectAndImmI32ShrULhs: return true
        default: return false
        }
    }

    static func isSteppedBranch(_ op: Op) -> Bool {
        switch op {
        case .brI64NeImmStep, .brI32NeImmStep: return true
        default: return false
        }
    }

    static func isShiftRight(_ op: Op) -> Bool {
        switch op {
        case .i64ShrUImm, .i32ShrUImm: return true
        default: return false
        }
    }

    /// Halving steps in both arm orders and widths: `x & MASK ? x * 3 + 1 : x >> SHIFT` (`eqz`
    /// form: the shift is the false arm) and `x & MASK ? x >> SHIFT : x + 7` (the true arm), plus
    /// a shift of another value than the tested one.
    static let stepWat = """
    (module
      (func (export "i64_rhs") (param $x i64) (result i64)
        (select (i64.shr_u (local.get $x) (i64.const SHIFT64))
                (i64.add (i64.mul (local.get $x) (i64.const 3)) (i64.const 1))
                (i64.eqz (i64.and (local.get $x) (i64.const MASK)))))
      (func (export "i64_lhs") (param $x i64) (result i64)
        (select (i64.add (local.get $x) (i64.const 7))
                (i64.shr_u (local.get $x) (i64.const SHIFT64))
                (i64.eqz (i64.and (local.get $x) (i64.const MASK)))))
      (func (export "i32_rhs") (param $x i32) (result i32)
        (select (i32.shr_u (local.get $x) (i32.const SHIFT32))
                (i32.add (i32.mul (local.get $x) (i32.const 3)) (i32.const 1))
                (i32.eqz (i32.and (local.get $x) (i32.const MASK)))))
      (func (export "i32_lhs") (param $x i32) (result i32)
        (select (i32.shr_u (local.get $x) (i32.const SHIFT32))
                (i32.add (local.get $x) (i32.const 7))
                (i32.and (local.get $x) (i32.const MASK))))
      (func (export "i32_other") (param $x i32) (param $y i32) (result i32)
        (select (i32.sub (local.get $y) (local.get $x))
                (i32.shr_u (local.get $y) (i32.const SHIFT32))
                (i32.and (local.get $x) (i32.const MASK))))
    )
    """

    static func stepModule(shift64: Int64, shift32: Int32, mask: Int32) -> String {
        stepWat.replacingOccurrences(of: "SHIFT64", with: String(shift64))
            .replacingOccurrences(of: "SHIFT32", with: String(shift32))
            .replacingOccurrences(of: "MASK", with: String(mask))
    }

    /// Shift amounts include ones wasm masks to the width (64 -> 0, 65 -> 1, -1 -> 63 / 31).
    @Test(arguments: [(Int64(1), Int32(1), Int32(1)), (0, 0, 1), (63, 31, 2), (64, 32, 1), (65, 33, 0x80),
                      (-1, -1, -0x8000_0000), (17, 5, 6)])
    func shiftArmSelectsLikeSwift(shift64: Int64, shift32: Int32, mask: Int32) throws {
        let (_, inst) = try instantiate(ShiftSelectFusionTests.stepModule(shift64: shift64, shift32: shift32, mask: mask))
        let k64 = UInt64(bitPattern: shift64) & 63, k32 = UInt32(bitPattern: shift32) & 31
        let m = UInt32(bitPattern: mask)
        let inputs64: [UInt64] = [0, 1, 2, 3, 27, 0x8000_0000, 0xFFFF_FFFF, 1 << 40 | 1, 0xFFFF_FFFF_FFFF_FFFF,
                                  0x8000_0000_0000_0000, 0x1234_5678_9ABC_DEF1]
        // The i64 masks are the i32 ones sign-extended (`i64.const` of the same number).
        let m64 = UInt64(bitPattern: Int64(mask))
        for x in inputs64 {
            let set = m64 & x != 0
            let rhs = set ? x &* 3 &+ 1 : x >> k64
            let lhs = set ? x >> k64 : x &+ 7
            #expect(try call(inst, "i64_rhs", [.i64(Int64(bitPattern: x))]) == [.i64(Int64(bitPattern: rhs))], "i64_rhs \(x)")
            #expect(try call(inst, "i64_lhs", [.i64(Int64(bitPattern: x))]) == [.i64(Int64(bitPattern: lhs))], "i64_lhs \(x)")
        }
        let inputs32: [UInt32] = [0, 1, 2, 3, 27, 0x8000_0000, 0x8000_0001, 0xFFFF_FFFF, 0x1234_5679]
        for x in inputs32 {
            let set = m & x != 0
            let rhs = set ? x &* 3 &+ 1 : x >> k32
            let lhs = set ? x >> k32 : x &+ 7
            #expect(try call(inst, "i32_rhs", [.i32(Int32(bitPattern: x))]) == [.i32(Int32(bitPattern: rhs))], "i32_rhs \(x)")
            #expect(try call(inst, "i32_lhs", [.i32(Int32(bitPattern: x))]) == [.i32(Int32(bitPattern: lhs))], "i32_lhs \(x)")
            for y: UInt32 in [0, 5, 0xFFFF_FFFF, 0x8000_0000] {
                let other = set ? y &- x : y >> k32
                #expect(try call(inst, "i32_other", [.i32(Int32(bitPattern: x)), .i32(Int32(bitPattern: y))])
                        == [.i32(Int32(bitPattern: other))], "i32_other \(x) \(y)")
            }
        }
    }

    @Test func shiftArmIsFusedIntoTheSelect() throws {
        let wat = ShiftSelectFusionTests.stepModule(shift64: 1, shift32: 1, mask: 1)
        for f in 0..<5 {
            let ops = try LoopFusionTests.loweredOps(wat, function: f)
            #expect(ops.contains(where: ShiftSelectFusionTests.isShiftSelect), "function \(f)")
            #expect(!ops.contains(where: ShiftSelectFusionTests.isShiftRight), "function \(f)")
            #expect(!ops.contains(where: LoopFusionTests.isSelectAndImm), "function \(f)")
        }
    }

    /// The other arm stores into the shifted local (`local.tee`) after the shift read it: the
    /// shift must see the old value, so it is not moved into the select.
    static let teeWat = """
    (module
      (func (export "tee") (param $x i32) (result i32)
        (select (i32.shr_u (local.get $x) (i32.const 1))
                (local.tee $x (i32.add (local.get $x) (i32.const 5)))
                (i32.and (local.get $x) (i32.const 1))))
    )
    """

    @Test func shiftOfALocalTheOtherArmWritesIsNotMoved() throws {
        let (_, inst) = try instantiate(ShiftSelectFusionTests.teeWat)
        for x: UInt32 in [0, 1, 2, 6, 0xFFFF_FFFF, 0xFFFF_FFFA, 0x8000_0000] {
            let y = x &+ 5
            let want = y & 1 != 0 ? x >> 1 : y
            #expect(try call(inst, "tee", [.i32(Int32(bitPattern: x))]) == [.i32(Int32(bitPattern: want))], "tee \(x)")
        }
        let ops = try LoopFusionTests.loweredOps(ShiftSelectFusionTests.teeWat)
        #expect(!ops.contains(where: ShiftSelectFusionTests.isShiftSelect))
    }

    /// The Collatz loop of Benchmarks/programs/loops.c as clang emits it (the step a `select`
    /// stored by `local.tee`, then compared and branched on): step counts from Swift.
    static let collatzWat = """
    (module
      (func (export "steps64") (param $n i64) (result i32)
        (local $count i32)
        (if (i64.ne (local.get $n) (i64.const 1))
          (then
            (loop $l
              (local.set $count (i32.add (local.get $count) (i32.const 1)))
              (br_if $l (i64.ne (local.tee $n
                (select (i64.shr_u (local.get $n) (i64.const 1))
                        (i64.add (i64.mul (local.get $n) (i64.const 3)) (i64.const 1))
                        (i64.eqz (i64.and (local.get $n) (i64.const 1)))))
                (i64.const 1))))))
        (local.get $count))
      (func (export "steps32") (param $n i32) (result i32)
        (local $count i32)
        (if (i32.ne (local.get $n) (i32.const 1))
          (then
            (loop $l
              (local.set $count (i32.add (local.get $count) (i32.const 1)))
              (br_if $l (i32.ne (local.tee $n
                (select (i32.add (i32.mul (local.get $n) (i32.const 3)) (i32.const 1))
                        (i32.shr_u (local.get $n) (i32.const 1))
                        (i32.and (local.get $n) (i32.const 1))))
                (i32.const 1))))))
        (local.get $count))
    )
    """

    static func collatzSteps(_ n: UInt64, width: Int) -> UInt32 {
        var x = n, count: UInt32 = 0
        while x != 1 {
            x = x & 1 != 0 ? x &* 3 &+ 1 : x >> 1
            if width == 32 { x &= 0xFFFF_FFFF }
            count &+= 1
        }
        return count
    }

    @Test func collatzLoopCountsLikeSwift() throws {
        let (_, inst) = try instantiate(ShiftSelectFusionTests.collatzWat)
        for n: UInt64 in [1, 2, 3, 7, 27, 97, 871, 77_031, 837_799, 1 << 40, 0xFFFF_FFFF] {
            #expect(try call(inst, "steps64", [.i64(Int64(bitPattern: n))])
                    == [.i32(Int32(bitPattern: ShiftSelectFusionTests.collatzSteps(n, width: 64)))], "steps64 \(n)")
        }
        // Trajectories that stay below 2^32 (77031 peaks at 21933016).
        for n: UInt64 in [1, 2, 3, 7, 27, 97, 871, 77_031] {
            #expect(try call(inst, "steps32", [.i32(Int32(truncatingIfNeeded: n))])
                    == [.i32(Int32(bitPattern: ShiftSelectFusionTests.collatzSteps(n, width: 32)))], "steps32 \(n)")
        }
        for f in 0..<2 {
            let ops = try LoopFusionTests.loweredOps(ShiftSelectFusionTests.collatzWat, function: f)
            #expect(ops.contains(where: ShiftSelectFusionTests.isShiftSelect), "function \(f)")
            // The count step moved into the back edge.
            #expect(ops.contains(where: ShiftSelectFusionTests.isSteppedBranch), "function \(f)")
            #expect(!ops.contains { if case .i32AddImm = $0 { true } else { false } }, "function \(f)")
        }
    }

    /// `(a & k) + rest`, the mask computed before the other operand (the xorshift checksum of
    /// loops.c): with the same mask on both sides, one `i32AddAndImmPair`; with different masks,
    /// two `i32AddAndImm`; not fused when the other operand's op writes the masked local.
    static let maskFirstWat = """
    (module
      (func (export "sum") (param $a i32) (param $b i32) (param $c i32) (result i32)
        (i32.add (i32.and (local.get $a) (i32.const 7)) (i32.add (i32.and (local.get $b) (i32.const 7)) (local.get $c))))
      (func (export "masks") (param $a i32) (param $b i32) (param $c i32) (result i32)
        (i32.add (i32.and (local.get $a) (i32.const -16)) (i32.add (i32.and (local.get $b) (i32.const 255)) (local.get $c))))
      (func (export "tee") (param $a i32) (result i32)
        (i32.add (i32.and (local.get $a) (i32.const -2147483647)) (local.tee $a (i32.add (local.get $a) (i32.const 1)))))
    )
    """

    static func count(_ ops: [Op], _ match: (Op) -> Bool) -> Int { ops.filter(match).count }

    @Test func maskComputedFirstIsFusedIntoTheAdd() throws {
        let (_, inst) = try instantiate(ShiftSelectFusionTests.maskFirstWat)
        let values: [UInt32] = [0, 1, 7, 8, 0x8000_0000, 0xFFFF_FFFF, 0x7FFF_FFFF, 0x1234_5678]
        for a in values {
            for b in values {
                for c in values {
                    let args: [Value] = [.i32(Int32(bitPattern: a)), .i32(Int32(bitPattern: b)), .i32(Int32(bitPattern: c))]
                    let sum = (a & 7) &+ ((b & 7) &+ c)
                    #expect(try call(inst, "sum", args) == [.i32(Int32(bitPattern: sum))], "sum \(a) \(b) \(c)")
                    let masks = (a & 0xFFFF_FFF0) &+ ((b & 255) &+ c)
                    #expect(try call(inst, "masks", args) == [.i32(Int32(bitPattern: masks))], "masks \(a) \(b) \(c)")
                }
            }
            let tee = (a & 0x8000_0001) &+ (a &+ 1)
            #expect(try call(inst, "tee", [.i32(Int32(bitPattern: a))]) == [.i32(Int32(bitPattern: tee))], "tee \(a)")
        }
        let wat = ShiftSelectFusionTests.maskFirstWat
        let isPair: (Op) -> Bool = { if case .i32AddAndImmPair = $0 { true } else { false } }
        let isAddAnd: (Op) -> Bool = { if case .i32AddAndImm = $0 { true } else { false } }
        let isAnd: (Op) -> Bool = { if case .i32AndImm = $0 { true } else { false } }
        let sum = try LoopFusionTests.loweredOps(wat, function: 0)
        #expect(ShiftSelectFusionTests.count(sum, isPair) == 1 && ShiftSelectFusionTests.count(sum, isAnd) == 0)
        let masks = try LoopFusionTests.loweredOps(wat, function: 1)
        #expect(ShiftSelectFusionTests.count(masks, isAddAnd) == 2 && ShiftSelectFusionTests.count(masks, isAnd) == 0)
        let tee = try LoopFusionTests.loweredOps(wat, function: 2)
        #expect(ShiftSelectFusionTests.count(tee, isAnd) == 1)
    }

    /// The xorshift checksum loop of loops.c as clang emits it (unrolled twice; the sum updated in
    /// place by a masked pair): the result from Swift, and the sum op hands the accumulator on.
    static let xorshiftWat = """
    (module
      (func (export "run") (param $n i32) (result i32)
        (local $s i32) (local $t8 i32) (local $t9 i32) (local $total i32)
        (block $done
          (br_if $done (i32.eqz (local.get $n)))
          (local.set $s (i32.const -1831433054))
          (loop $l
            (local.set $t8 (i32.xor (i32.shr_u (local.tee $s (i32.xor (i32.shl (local.get $s) (i32.const 13)) (local.get $s)))
                                              (i32.const 17)) (local.get $s)))
            (local.set $s (i32.xor (i32.shl (local.get $t8) (i32.const 5)) (local.get $t8)))
            (local.set $t9 (i32.xor (i32.shr_u (local.tee $s (i32.xor (i32.shl (local.get $s) (i32.const 13)) (local.get $s)))
                                              (i32.const 17)) (local.get $s)))
            (local.set $s (i32.xor (i32.shl (local.get $t9) (i32.const 5)) (local.get $t9)))
            (local.set $total (i32.add (i32.and (local.get $t9) (i32.const 7))
                                       (i32.add (i32.and (local.get $t8) (i32.const 7)) (local.get $total))))
            (br_if $l (local.tee $n (i32.add (local.get $n) (i32.const -1))))))
        (i32.add (local.get $total) (local.get $s)))
    )
    """

    @Test func xorshiftChecksumMatchesSwift() throws {
        let (_, inst) = try instantiate(ShiftSelectFusionTests.xorshiftWat)
        for n: UInt32 in [0, 1, 2, 3, 100, 4099] {
            var s: UInt32 = n == 0 ? 0 : 2_463_534_242, total: UInt32 = 0
            for _ in 0..<(2 * Int(n)) {
                s ^= s << 13
                s ^= s >> 17
                s ^= s << 5
                total &+= s & 7
            }
            #expect(try call(inst, "run", [.i32(Int32(bitPattern: n))]) == [.i32(Int32(bitPattern: total &+ s))], "n \(n)")
        }
        let module = try Module(try interpreterEngine(), wat: ShiftSelectFusionTests.xorshiftWat)
        let f = unsafeDowncast(module.box.compiled, to: CompiledModule.self).functions[0]
        let sums = (0..<f.codeCount).filter { if case .i32AddAndImmPair(let d, let l, _, _, _) = f.op($0) { d == l } else { false } }
        #expect(sums.count == 1)
        for k in sums {
            #expect(unsafeBitCast(f.code[k].handler, to: UnsafeRawPointer.self)
                    == unsafeBitCast(t_i32AddAndImmPairInPlace as ThreadedHandler, to: UnsafeRawPointer.self))
        }
        // So the loop header, the first xorshift step of `s` (slot 1), reads it from the accumulator.
        let header = (0..<f.codeCount).first { if case .i32XorShlImm(1, 1, 13) = f.op($0) { true } else { false } }
        #expect(header.map { f.code[$0].accumulatorSlot } == 1)
    }

    /// Counting loops whose back edge tests another value (a stepped value's test fuses with its
    /// own step instead): the counter's step moves into the branch (wrapping at 2^32, negative
    /// steps, the i64 test's constant sign-extended), except when an op after the step reads it.
    static let countingWat = """
    (module
      (func (export "down32") (param $x i32) (param $n i32) (result i32)
        (loop $l
          (local.set $n (i32.add (local.get $n) (i32.const STEP)))
          (local.set $x (i32.shr_u (local.get $x) (i32.const 1)))
          (br_if $l (i32.ne (local.get $x) (i32.const 1))))
        (local.get $n))
      (func (export "down64") (param $x i64) (param $n i32) (result i32)
        (loop $l
          (local.set $n (i32.add (local.get $n) (i32.const STEP)))
          (local.set $x (i64.sub (local.get $x) (i64.const 1)))
          (br_if $l (i64.ne (local.get $x) (i64.const -3))))
        (local.get $n))
      (func (export "reads") (param $x i64) (result i32)
        (local $n i32)
        (loop $l
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (local.set $x (i64.add (local.get $x) (i64.extend_i32_u (local.get $n))))
          (br_if $l (i64.ne (local.get $x) (i64.const 55))))
        (local.get $n))
    )
    """

    @Test(arguments: [Int32(1), -3, 7, Int32.min])
    func counterSteppedInTheBackEdgeCountsLikeSwift(step: Int32) throws {
        let wat = ShiftSelectFusionTests.countingWat.replacingOccurrences(of: "STEP", with: String(step))
        let (_, inst) = try instantiate(wat)
        let s = UInt32(bitPattern: step)
        // `x` halves down to 1: floor(log2(x)) steps.
        for (x, n) in [(UInt32(2), UInt32(0)), (7, 0xFFFF_FFFE), (40, 5), (0xFFFF_FFFF, 0x8000_0000)] {
            let want = n &+ s &* UInt32(31 - x.leadingZeroBitCount)
            #expect(try call(inst, "down32", [.i32(Int32(bitPattern: x)), .i32(Int32(bitPattern: n))])
                    == [.i32(Int32(bitPattern: want))], "down32 \(x) \(n)")
        }
        for (x, n) in [(Int64(-2), UInt32(0)), (2, 0xFFFF_FFFF), (100, 3)] {
            let want = n &+ s &* UInt32(x + 3)
            #expect(try call(inst, "down64", [.i64(x), .i32(Int32(bitPattern: n))]) == [.i32(Int32(bitPattern: want))], "down64 \(x) \(n)")
        }
        for f in 0..<2 {
            #expect(try LoopFusionTests.loweredOps(wat, function: f).contains(where: ShiftSelectFusionTests.isSteppedBranch), "function \(f)")
        }
        // x = 0, 1, 3, 6, ..., 55 after 10 steps; 45, 46, 48, 51, 55 after 4.
        #expect(try call(inst, "reads", [.i64(0)]) == [.i32(10)])
        #expect(try call(inst, "reads", [.i64(45)]) == [.i32(4)])
        #expect(!(try LoopFusionTests.loweredOps(wat, function: 2)).contains(where: ShiftSelectFusionTests.isSteppedBranch))
    }

    /// The fused ops survive a precompiled artifact (serialized, verified, loaded): the loaded
    /// code holds them and computes what the directly compiled module does.
    @Test func precompiledArtifactsKeepTheFusedOps() throws {
        let e = try interpreterEngine()
        let modules = [ShiftSelectFusionTests.stepModule(shift64: 1, shift32: 1, mask: 1),
                       ShiftSelectFusionTests.xorshiftWat,
                       ShiftSelectFusionTests.countingWat.replacingOccurrences(of: "STEP", with: "-3")]
        let calls: [[(String, [Value])]] = [
            [("i64_rhs", [.i64(27)]), ("i64_lhs", [.i64(27)]), ("i32_rhs", [.i32(26)]), ("i32_lhs", [.i32(-1)]),
             ("i32_other", [.i32(3), .i32(100)])],
            [("run", [.i32(1000)])],
            [("down32", [.i32(1 << 20), .i32(1)]), ("down64", [.i64(50), .i32(0)])],
        ]
        for (wat, functionCalls) in zip(modules, calls) {
            let loaded = try Module.deserialize(e, try e.precompileModule(try wat2wasm(wat)))
            let direct = try Module(e, wat: wat)
            let loadedInstance = try Instance(Store(e), module: loaded, imports: [])
            let directInstance = try Instance(Store(e), module: direct, imports: [])
            for (name, args) in functionCalls {
                #expect(try call(loadedInstance, name, args) == (try call(directInstance, name, args)), "\(name)")
            }
            let compiled = unsafeDowncast(loaded.box.compiled, to: CompiledModule.self)
            let ops = compiled.functions.flatMap { f in (0..<f.codeCount).map { f.op($0) } }
            #expect(ops.contains { op in
                if ShiftSelectFusionTests.isShiftSelect(op) || ShiftSelectFusionTests.isSteppedBranch(op) { return true }
                if case .i32AddAndImmPair = op { return true }
                return false
            })
        }
    }
}
