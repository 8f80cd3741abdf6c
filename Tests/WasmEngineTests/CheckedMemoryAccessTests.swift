import Testing
import WasmRuntime
@testable import WasmInterpreter

/// The bounds-checked accesses every interpreter load and store goes through
/// (CheckedMemoryAccess.swift), on a 16-byte memory: in bounds up to the last byte, nil / false
/// from one byte past it, and an address plus offset past 4 GiB not wrapping around.
@Suite struct CheckedMemoryAccessTests {
    /// Runs `body` on a 16-byte memory holding bytes 0x00...0x0F.
    static func withMemory(_ body: (MemoryContext) -> Void) {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 8)
        defer { raw.deallocate() }
        for k in 0..<16 { raw.storeBytes(of: UInt8(k), toByteOffset: k, as: UInt8.self) }
        body(MemoryContext(base: raw, size: 16))
    }

    @Test func loadsUpToTheLastByte() {
        Self.withMemory { m in
            #expect(checkedLoad(UInt8.self, at: 15, in: m) == 0x0F)
            #expect(checkedLoad(UInt8.self, at: 16, in: m) == nil)
            #expect(checkedLoad(UInt32.self, at: 12, in: m) == 0x0F0E_0D0C)
            #expect(checkedLoad(UInt32.self, at: 13, in: m) == nil)
            #expect(checkedLoad(UInt32.self, at: 10, offset: 2, in: m) == 0x0F0E_0D0C)
            #expect(checkedLoad(UInt32.self, at: 10, offset: 3, in: m) == nil)
            #expect(checkedLoad(UInt64.self, at: 8, in: m) == 0x0F0E_0D0C_0B0A_0908)
            #expect(checkedLoad(UInt64.self, at: 9, in: m) == nil)
            #expect(checkedLoad(UInt64.self, at: 1, in: m) == 0x0807_0605_0403_0201) // unaligned
        }
    }

    @Test func addressPlusOffsetDoesNotWrap() {
        Self.withMemory { m in
            // In 32 bits 0xFFFF_FFFF + 1 would be address 0.
            #expect(checkedLoad(UInt8.self, at: 0xFFFF_FFFF, offset: 1, in: m) == nil)
            #expect(checkedLoad(UInt32.self, at: 0xFFFF_FFFC, offset: 4, in: m) == nil)
            #expect(checkedLoad(UInt64.self, at: 0xFFFF_FFFF, offset: 0xFFFF_FFFF, in: m) == nil)
            #expect(checkedPointer(at: 0xFFFF_FFF8, offset: 8, width: 8, in: m) == nil)
            #expect(checkedStore(at: 0xFFFF_FFFF, offset: 1, UInt8(1), in: m) == false)
        }
    }

    @Test func storesWriteOnlyInBounds() {
        Self.withMemory { m in
            #expect(checkedStore(at: 12, UInt32(0xAABB_CCDD), in: m))
            #expect(checkedLoad(UInt32.self, at: 12, in: m) == 0xAABB_CCDD)
            #expect(checkedLoad(UInt8.self, at: 12, in: m) == 0xDD) // little-endian
            #expect(checkedStore(at: 13, UInt32(0x1122_3344), in: m) == false)
            #expect(checkedLoad(UInt32.self, at: 12, in: m) == 0xAABB_CCDD) // nothing written
            #expect(checkedStore(at: 4, offset: 4, UInt64(0x0102_0304_0506_0708), in: m))
            #expect(checkedLoad(UInt64.self, at: 8, in: m) == 0x0102_0304_0506_0708)
            #expect(checkedStore(at: 15, UInt8(0x7F), in: m))
            #expect(checkedStore(at: 16, UInt8(0x7F), in: m) == false)
            #expect(checkedPointer(at: 0, width: 16, in: m) == m.base)
            #expect(checkedPointer(at: 1, width: 16, in: m) == nil)
        }
    }
}
