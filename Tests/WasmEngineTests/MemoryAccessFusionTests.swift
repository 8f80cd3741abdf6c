import Testing
@testable import WasmEngine
@testable import WasmInterpreter

/// Cases aimed at the interpreter's memory fusions (imem): a load through a scaled index
/// (`i32LoadScaled`), a read-modify-write of an i32 (`i32MemAddImm`) and an add into another
/// local fused into its compare-and-branch (`brAddImmToI32*`). Expected values and traps come
/// from a Swift model of the memory and Swift arithmetic; the lowered code is inspected to check
/// which op is chosen.
@Suite struct MemoryAccessFusionTests {
    /// Bytes 16..<48 of a one-page memory (zeros elsewhere): 0x10, 0x11, ... 0x2F.
    static let data: [UInt8] = (0..<32).map { UInt8(0x10 + $0) }
    static var dataString: String { data.map { "\\" + String($0, radix: 16) }.joined() }

    /// The little-endian i32 at `ea` of the model memory, nil where the load traps.
    static func word(at ea: UInt64, in memory: [UInt8]? = nil) -> UInt32? {
        guard ea + 4 <= 65536 else { return nil }
        let byte = { (k: UInt64) -> UInt32 in
            if let memory { return UInt32(memory[Int(k)]) }
            return k >= 16 && k < 48 ? UInt32(data[Int(k) - 16]) : 0
        }
        return (0..<4).reduce(UInt32(0)) { $0 | byte(ea + UInt64($1)) << (8 * UInt32($1)) }
    }

    static func isScaled(_ op: Op) -> Bool { if case .i32LoadScaled = op { true } else { false } }
    static func isMemAdd(_ op: Op) -> Bool { if case .i32MemAddImm = op { true } else { false } }
    static func isAddedValueBranch(_ op: Op) -> Bool {
        switch op {
        case .brAddImmToI32Ne, .brAddImmToI32LtS, .brAddImmToI32LtU: return true
        default: return false
        }
    }
    static func isIndexCopy(_ op: Op) -> Bool { if case .i32ShlImmAddImmCopy = op { true } else { false } }

    /// `i32.load offset=OFFSET (i32.shl i SHIFT)` (`SHIFTED` as the shift amount: a constant, or
    /// `(local.get $s)` for the unfused twin), and the `f32.load` form (bits).
    static func scaledWat(shift: String, offset: UInt32) -> String {
        """
        (module (memory 1)
          (data (i32.const 16) "\(dataString)")
          (func (export "i32") (param $i i32) (param $s i32) (result i32)
            (i32.load offset=\(offset) (i32.shl (local.get $i) \(shift))))
          (func (export "f32") (param $i i32) (param $s i32) (result i32)
            (i32.reinterpret_f32 (f32.load offset=\(offset) (i32.shl (local.get $i) \(shift))))))
        """
    }

    @Test(arguments: [(UInt32(2), UInt32(16)), (0, 0), (3, 17), (31, 16), (34, 20), (2, 65520), (0, 65533), (1, 0xFFFF_FFF0)])
    func scaledLoadsLoadLikeTheModel(shift: UInt32, offset: UInt32) throws {
        let wat = MemoryAccessFusionTests.scaledWat(shift: "(i32.const \(shift))", offset: offset)
        for f in 0..<2 {
            let ops = try LoopFusionTests.loweredOps(wat, function: f)
            #expect(ops.contains(where: MemoryAccessFusionTests.isScaled), "function \(f): \(ops)")
        }
        let (_, inst) = try instantiate(wat)
        for i: UInt32 in [0, 1, 3, 4, 7, 8, 0x3FFF, 0x4000, 0x8000_0000, 0xFFFF_FFFF, 0x4000_0004] {
            let ea = UInt64(i << (shift & 31)) + UInt64(offset)
            let args: [Value] = [.i32(Int32(bitPattern: i)), .i32(0)]
            for name in ["i32", "f32"] {
                if let w = MemoryAccessFusionTests.word(at: ea) {
                    #expect(try call(inst, name, args) == [.i32(Int32(bitPattern: w))], "\(name) \(i) << \(shift) + \(offset)")
                } else {
                    #expect(trapKind { try call(inst, name, args) } == .outOfBoundsMemoryAccess, "\(name) \(i) << \(shift) + \(offset)")
                }
            }
        }
    }

    @Test func scaledLoadTrapsAtTheLoadsOffset() throws {
        let fused = MemoryAccessFusionTests.scaledWat(shift: "(i32.const 2)", offset: 16)
        // The same encoding size: `local.get 1` instead of `i32.const 2`.
        let unfused = MemoryAccessFusionTests.scaledWat(shift: "(local.get $s)", offset: 16)
        #expect(!(try LoopFusionTests.loweredOps(unfused).contains(where: MemoryAccessFusionTests.isScaled)))
        let (_, f) = try instantiate(fused), (_, u) = try instantiate(unfused)
        let tf = try #require(trapOf { try call(f, "i32", [.i32(0x4000), .i32(2)]) })
        let tu = try #require(trapOf { try call(u, "i32", [.i32(0x4000), .i32(2)]) })
        expectSameOutOfBoundsOffset(tf, tu)
    }

    /// `mem[p + OFFSET] += K` as clang writes it, and variants that must not fuse: another
    /// offset for the store (`store offset=OFFSET2`), another address local.
    static func addWat(k: Int32, offset: UInt32, storeOffset: UInt32? = nil, otherAddress: Bool = false) -> String {
        """
        (module (memory 1)
          (data (i32.const 16) "\(dataString)")
          (func (export "bump") (param $p i32) (param $q i32)
            (i32.store offset=\(storeOffset ?? offset) (local.get \(otherAddress ? "$q" : "$p"))
              (i32.add (i32.load offset=\(offset) (local.get $p)) (i32.const \(k)))))
          (func (export "get") (param $p i32) (result i32) (i32.load (local.get $p))))
        """
    }

    @Test(arguments: [(Int32(1), UInt32(0)), (-1, 4), (0x7FFF_FFFF, 16), (-0x8000_0000, 1), (5, 65532)])
    func memoryAddsLikeTheModel(k: Int32, offset: UInt32) throws {
        let wat = MemoryAccessFusionTests.addWat(k: k, offset: offset)
        let ops = try LoopFusionTests.loweredOps(wat)
        #expect(ops.contains(where: MemoryAccessFusionTests.isMemAdd), "\(ops)")
        #expect(ops.count == 2, "\(ops)")
        for p: UInt32 in [16, 17, 20, 45, 0, 65532, 65533, 0xFFFF_FFFC] {
            let (_, inst) = try instantiate(wat)
            // The model: the page with the data, the word at `p + offset` bumped unless it traps.
            var memory = [UInt8](repeating: 0, count: 65536)
            for (k, b) in MemoryAccessFusionTests.data.enumerated() { memory[16 + k] = b }
            let ea = UInt64(p) + UInt64(offset)
            if let w = MemoryAccessFusionTests.word(at: ea, in: memory) {
                let v = w &+ UInt32(bitPattern: k)
                for b in 0..<4 { memory[Int(ea) + b] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(b))) }
                #expect(try call(inst, "bump", [.i32(Int32(bitPattern: p)), .i32(0)]) == [], "p \(p)")
            } else {
                #expect(trapKind { try call(inst, "bump", [.i32(Int32(bitPattern: p)), .i32(0)]) } == .outOfBoundsMemoryAccess, "p \(p)")
            }
            // Every word around the data and the bumped one reads as in the model.
            for a: UInt64 in [12, 16, 20, 28, 44, 48, ea & ~3, ea, min(ea + 4, 65532), 65532] where a + 4 <= 65536 {
                let expected = MemoryAccessFusionTests.word(at: a, in: memory).map { Int32(bitPattern: $0) }
                #expect(try call(inst, "get", [.i32(Int32(truncatingIfNeeded: a))]) == [.i32(expected ?? 0)], "p \(p) word \(a)")
            }
        }
    }

    @Test func memoryAddNeedsTheSameAddress() throws {
        for wat in [MemoryAccessFusionTests.addWat(k: 3, offset: 16, storeOffset: 20),
                    MemoryAccessFusionTests.addWat(k: 3, offset: 16, otherAddress: true)] {
            #expect(!(try LoopFusionTests.loweredOps(wat).contains(where: MemoryAccessFusionTests.isMemAdd)))
            let (_, inst) = try instantiate(wat)
            // Loads the word at 32 (p = 16), stores it + 3 at 36 (store offset 20, or q = 20).
            _ = try call(inst, "bump", [.i32(16), .i32(20)])
            let w32 = try #require(MemoryAccessFusionTests.word(at: 32))
            #expect(try call(inst, "get", [.i32(36)]) == [.i32(Int32(bitPattern: w32 &+ 3))])
            #expect(try call(inst, "get", [.i32(32)]) == [.i32(Int32(bitPattern: w32))])
        }
    }

    @Test func memoryAddTrapsAtTheLoadsOffset() throws {
        let fused = MemoryAccessFusionTests.addWat(k: 1, offset: 16)
        // The same encoding size, not fused: the store goes through the other parameter.
        let unfused = MemoryAccessFusionTests.addWat(k: 1, offset: 16, otherAddress: true)
        let (_, f) = try instantiate(fused), (_, u) = try instantiate(unfused)
        let args: [Value] = [.i32(65520), .i32(65520)]
        let tf = try #require(trapOf { try call(f, "bump", args) })
        let tu = try #require(trapOf { try call(u, "bump", args) })
        expectSameOutOfBoundsOffset(tf, tu)
    }

    /// `j = x + K`, then a branch out of a block when `j CMP n` (`SWAP`: `n CMP j`); returns
    /// (taken, j).
    static func addedBranchWat(_ cmp: String, k: Int32, swapped: Bool) -> String {
        let test = swapped ? "(i32.\(cmp) (local.get $n) (local.tee $j (i32.add (local.get $x) (i32.const \(k)))))"
                           : "(i32.\(cmp) (local.tee $j (i32.add (local.get $x) (i32.const \(k)))) (local.get $n))"
        return """
        (module
          (func (export "f") (param $x i32) (param $n i32) (result i32 i32) (local $j i32)
            (block $b
              (br_if $b \(test))
              (return (i32.const 0) (local.get $j)))
            (i32.const 1) (local.get $j)))
        """
    }

    @Test func addedValueBranchesLikeSwift() throws {
        let cases: [(String, Bool, Bool, @Sendable (UInt32, UInt32) -> Bool)] = [
            ("lt_s", false, true, { Int32(bitPattern: $0) < Int32(bitPattern: $1) }),
            ("lt_u", false, true, { $0 < $1 }),
            ("ne", false, true, { $0 != $1 }),
            ("ne", true, true, { $0 != $1 }),
            // `n > j` is `j < n`; `j > n` is not fused (the sum on the right), still exact.
            ("gt_s", true, true, { Int32(bitPattern: $0) < Int32(bitPattern: $1) }),
            ("gt_u", false, false, { $0 > $1 }),
        ]
        for (cmp, swapped, fuses, holds) in cases {
            for k: Int32 in [1, -1, 0x7FFF_FFFF, -0x8000_0000] {
                let wat = MemoryAccessFusionTests.addedBranchWat(cmp, k: k, swapped: swapped)
                let ops = try LoopFusionTests.loweredOps(wat)
                #expect(ops.contains(where: MemoryAccessFusionTests.isAddedValueBranch) == fuses, "\(cmp) \(swapped) \(k): \(ops)")
                let (_, inst) = try instantiate(wat)
                for x: UInt32 in [0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF] {
                    for n: UInt32 in [0, 2, 0x8000_0000, 0xFFFF_FFFF] {
                        let j = x &+ UInt32(bitPattern: k)
                        let taken: Int32 = holds(j, n) ? 1 : 0
                        let got = try call(inst, "f", [.i32(Int32(bitPattern: x)), .i32(Int32(bitPattern: n))])
                        #expect(got == [.i32(taken), .i32(Int32(bitPattern: j))], "\(cmp) \(swapped) k \(k) x \(x) n \(n)")
                    }
                }
            }
        }
    }

    /// `p = (i << SHIFT) + ADD; j = i` (`overwrite`: the sum goes to `i` itself, so `j` copies
    /// the new value, and nothing is fused); returns (p, j, i).
    static func indexCopyWat(shift: UInt32, add: Int32, overwrite: Bool) -> String {
        """
        (module
          (func (export "f") (param $i i32) (result i32 i32 i32) (local $p i32) (local $j i32)
            (local.set \(overwrite ? "$i" : "$p") (i32.add (i32.shl (local.get $i) (i32.const \(shift))) (i32.const \(add))))
            (local.set $j (local.get $i))
            (local.get \(overwrite ? "$i" : "$p")) (local.get $j) (local.get $i)))
        """
    }

    @Test(arguments: [(UInt32(2), Int32(1024)), (0, 1), (31, -4), (3, 0x7FFF_FFFF)])
    func indexCopiesLikeSwift(shift: UInt32, add: Int32) throws {
        for overwrite in [false, true] {
            let wat = MemoryAccessFusionTests.indexCopyWat(shift: shift, add: add, overwrite: overwrite)
            let ops = try LoopFusionTests.loweredOps(wat)
            #expect(ops.contains(where: MemoryAccessFusionTests.isIndexCopy) == !overwrite, "overwrite \(overwrite): \(ops)")
            let (_, inst) = try instantiate(wat)
            for i: UInt32 in [0, 1, 5, 0x4000_0000, 0x8000_0001, 0xFFFF_FFFF] {
                let p = (i << shift) &+ UInt32(bitPattern: add)
                let expected: [Value] = overwrite ? [.i32(Int32(bitPattern: p)), .i32(Int32(bitPattern: p)), .i32(Int32(bitPattern: p))]
                                                  : [.i32(Int32(bitPattern: p)), .i32(Int32(bitPattern: i)), .i32(Int32(bitPattern: i))]
                #expect(try call(inst, "f", [.i32(Int32(bitPattern: i))]) == expected, "overwrite \(overwrite) i \(i)")
            }
        }
    }
}
