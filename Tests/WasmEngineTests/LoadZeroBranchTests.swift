import Foundation
import Testing
@testable import WasmEngine
@testable import WasmInterpreter

/// imem8: an `i32.load` whose value the next `br_if` tests against zero becomes one
/// `brLoadI32Eqz` / `brLoadI32Nez`. Expected values come from a Swift model of the memory (the
/// words of `LoadZeroBranchTests.words` at address 64, zeros elsewhere in the one page); the
/// lowered code is inspected to check the op is made.
@Suite struct LoadZeroBranchTests {
    static let words: [UInt32] = [7, 0x8000_0000, 1, 0, 0xFFFF_FFFF, 3, 0, 0, 9]

    static var bytes: String {
        words.flatMap { v in (0..<4).map { k in "\\" + String(format: "%02x", (v >> (8 * k)) & 0xFF) } }.joined()
    }

    /// The word at byte address `a` (4-aligned here), nil where a load traps.
    static func word(_ a: Int) -> UInt32? {
        guard a >= 0, a + 4 <= 65536 else { return nil }
        let i = (a - 64) / 4
        return a >= 64 && i < words.count ? words[i] : 0
    }

    static func fused(_ ops: [Op]) -> (eqz: Int, nez: Int) {
        (ops.filter { if case .brLoadI32Eqz = $0 { true } else { false } }.count,
         ops.filter { if case .brLoadI32Nez = $0 { true } else { false } }.count)
    }

    /// `probe`: from address `p`, steps 4 bytes while the word is nonzero and differs from `k`
    /// (a hash-table probe: the zero test leaves the loop forward); returns (p, word).
    /// `skip`: steps `p` by `s` bytes, then loads the word at `p + 4` (the offset added without
    /// wrapping), again while it is nonzero (`while (*p) p++`: the test is the back edge);
    /// returns (p, word).
    static let wat = """
    (module (memory 1)
      (data (i32.const 64) "\(bytes)")
      (func (export "probe") (param $p i32) (param $k i32) (result i32 i32) (local $v i32)
        (block $out
          (loop $l
            (br_if $out (i32.eqz (local.tee $v (i32.load (local.get $p)))))
            (br_if $out (i32.eq (local.get $v) (local.get $k)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $l)))
        (local.get $p) (local.get $v))
      (func (export "skip") (param $p i32) (param $s i32) (result i32 i32) (local $v i32)
        (loop $l
          (local.set $p (i32.add (local.get $p) (local.get $s)))
          (br_if $l (local.tee $v (i32.load offset=4 (local.get $p)))))
        (local.get $p) (local.get $v)))
    """

    @Test func probesAndSkipsLikeSwift() throws {
        let w = LoadZeroBranchTests.wat
        #expect(LoadZeroBranchTests.fused(try LoopFusionTests.loweredOps(w, function: 0)).eqz == 1)
        #expect(LoadZeroBranchTests.fused(try LoopFusionTests.loweredOps(w, function: 1)).nez == 1)
        let (_, inst) = try instantiate(w)
        for start in [0, 60, 64, 68, 76, 80, 92, 96, 65532, 65536, -4] {
            for k: UInt32 in [0, 1, 3, 0xFFFF_FFFF] {
                var p = start, v: UInt32? = LoadZeroBranchTests.word(p)
                while let x = v, x != 0, x != k { p += 4; v = LoadZeroBranchTests.word(p) }
                let args: [Value] = [.i32(Int32(truncatingIfNeeded: start)), .i32(Int32(bitPattern: k))]
                if let x = v {
                    #expect(try call(inst, "probe", args) == [.i32(Int32(p)), .i32(Int32(bitPattern: x))], "probe \(start) \(k)")
                } else {
                    #expect(trapKind { try call(inst, "probe", args) } == .outOfBoundsMemoryAccess, "probe \(start) \(k)")
                }
            }
            for s: Int32 in [4, -4] {
                var p = UInt32(truncatingIfNeeded: start), v: UInt32?
                repeat {
                    p &+= UInt32(bitPattern: s)
                    v = LoadZeroBranchTests.word(Int(p) + 4)
                } while v.map { $0 != 0 } ?? false
                let args: [Value] = [.i32(Int32(truncatingIfNeeded: start)), .i32(s)]
                if let x = v {
                    #expect(try call(inst, "skip", args) == [.i32(Int32(bitPattern: p)), .i32(Int32(bitPattern: x))], "skip \(start) \(s)")
                } else {
                    #expect(trapKind { try call(inst, "skip", args) } == .outOfBoundsMemoryAccess, "skip \(start) \(s)")
                }
            }
        }
    }

    @Test func trapsAtTheLoadsOffset() throws {
        // The same load, tested by a comparison after it in the twin (not fused): the trap
        // offsets must agree (the load is at the same byte offset in both).
        func module(_ test: String) -> String {
            """
            (module (memory 1)
              (func (export "f") (param $p i32) (result i32) (local $v i32)
                (block $out
                  (br_if $out \(test))
                  (return (i32.const 1)))
                (i32.const 0)))
            """
        }
        let fused = module("(i32.eqz (local.tee $v (i32.load (local.get $p))))")
        let twin = module("(i32.lt_u (local.tee $v (i32.load (local.get $p))) (i32.const 1))")
        #expect(LoadZeroBranchTests.fused(try LoopFusionTests.loweredOps(fused)).eqz == 1)
        #expect(LoadZeroBranchTests.fused(try LoopFusionTests.loweredOps(twin)) == (0, 0))
        let (_, f) = try instantiate(fused), (_, u) = try instantiate(twin)
        #expect(try call(f, "f", [.i32(0)]) == [.i32(0)])
        let tf = try #require(trapOf { try call(f, "f", [.i32(65533)]) })
        let tu = try #require(trapOf { try call(u, "f", [.i32(65533)]) })
        expectSameOutOfBoundsOffset(tf, tu)
    }
}
