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
            #expect(m.load(UInt8.self, at: 15) == 0x0F)
            #expect(m.load(UInt8.self, at: 16) == nil)
            #expect(m.load(UInt32.self, at: 12) == 0x0F0E_0D0C)
            #expect(m.load(UInt32.self, at: 13) == nil)
            #expect(m.load(UInt32.self, at: 10, offset: 2) == 0x0F0E_0D0C)
            #expect(m.load(UInt32.self, at: 10, offset: 3) == nil)
            #expect(m.load(UInt64.self, at: 8) == 0x0F0E_0D0C_0B0A_0908)
            #expect(m.load(UInt64.self, at: 9) == nil)
            #expect(m.load(UInt64.self, at: 1) == 0x0807_0605_0403_0201) // unaligned
        }
    }

    @Test func addressPlusOffsetDoesNotWrap() {
        Self.withMemory { m in
            // In 32 bits 0xFFFF_FFFF + 1 would be address 0.
            #expect(m.load(UInt8.self, at: 0xFFFF_FFFF, offset: 1) == nil)
            #expect(m.load(UInt32.self, at: 0xFFFF_FFFC, offset: 4) == nil)
            #expect(m.load(UInt64.self, at: 0xFFFF_FFFF, offset: 0xFFFF_FFFF) == nil)
            #expect(m.checkedPointer(at: 0xFFFF_FFF8, offset: 8, width: 8) == nil)
            #expect(m.store(at: 0xFFFF_FFFF, offset: 1, UInt8(1)) == false)
        }
    }

    @Test func storesWriteOnlyInBounds() {
        Self.withMemory { m in
            #expect(m.store(at: 12, UInt32(0xAABB_CCDD)))
            #expect(m.load(UInt32.self, at: 12) == 0xAABB_CCDD)
            #expect(m.load(UInt8.self, at: 12) == 0xDD) // little-endian
            #expect(m.store(at: 13, UInt32(0x1122_3344)) == false)
            #expect(m.load(UInt32.self, at: 12) == 0xAABB_CCDD) // nothing written
            #expect(m.store(at: 4, offset: 4, UInt64(0x0102_0304_0506_0708)))
            #expect(m.load(UInt64.self, at: 8) == 0x0102_0304_0506_0708)
            #expect(m.store(at: 15, UInt8(0x7F)))
            #expect(m.store(at: 16, UInt8(0x7F)) == false)
            #expect(m.checkedPointer(at: 0, width: 16) == m.base)
            #expect(m.checkedPointer(at: 1, width: 16) == nil)
        }
    }
}
