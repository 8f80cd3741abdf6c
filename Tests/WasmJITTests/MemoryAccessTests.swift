/// Loads and stores of every width with zero/sign extension (the shapes of wasm's `i32.load8_s`,
/// `i64.load32_u`, `i32.store16`, ...), and RIP-relative constant pool access.

#if arch(x86_64)
import Testing
@testable import WasmJIT

@Suite struct MemoryAccessTests {
    /// The buffer's first word holds the bytes F0 DE BC 9A 78 56 34 92 (0x92345678_9ABCDEF0),
    /// read with every extending load; results go to words 1...
    @Test func extendingLoads() throws {
        let word: UInt64 = 0x9234_5678_9ABC_DEF0
        let out = try execute([word] + [UInt64](repeating: 0, count: 9)) { asm in
            let loads: [(inout X64Assembler) -> Void] = [
                { $0.movzx(.dword, .rax, .base(.rsi), from: .byte) },  // i32.load8_u
                { $0.movsx(.dword, .rax, .base(.rsi), from: .byte) },  // i32.load8_s
                { $0.movzx(.dword, .rax, .base(.rsi), from: .word) },  // i32.load16_u
                { $0.movsx(.dword, .rax, .base(.rsi), from: .word) },  // i32.load16_s
                { $0.mov(.dword, .rax, .base(.rsi)) },  // i32.load / i64.load32_u
                { $0.movsx(.qword, .rax, .base(.rsi, 4), from: .dword) },  // i64.load32_s (high half)
                { $0.movsx(.qword, .rax, .base(.rsi), from: .byte) },  // i64.load8_s
                { $0.movsx(.qword, .rax, .base(.rsi), from: .word) },  // i64.load16_s
                { $0.mov(.qword, .rax, .base(.rsi)) },  // i64.load
            ]
            for (i, load) in loads.enumerated() {
                asm.mov(.qword, .rax, imm: -1)  // poison: a load that keeps upper bits shows up
                load(&asm)
                asm.mov(.qword, .base(.rsi, Int32(8 + 8 * i)), .rax)
            }
            asm.ret()
        }
        #expect(out[1] == 0xF0)
        #expect(out[2] == 0xFFFF_FFF0)  // 32-bit result zero-extends into rax
        #expect(out[3] == 0xDEF0)
        #expect(out[4] == 0xFFFF_DEF0)
        #expect(out[5] == 0x9ABC_DEF0)
        #expect(out[6] == 0xFFFF_FFFF_9234_5678)
        #expect(out[7] == 0xFFFF_FFFF_FFFF_FFF0)
        #expect(out[8] == 0xFFFF_FFFF_FFFF_DEF0)
        #expect(out[9] == word)
    }

    /// Narrow stores write only their bytes, including from `sil`/`dil`, which need a REX prefix.
    @Test func narrowStores() throws {
        let fill = UInt64.max
        let out = try execute([0x1122_3344_5566_7788, fill, fill, fill, fill]) { asm in
            asm.mov(.qword, .rdx, .base(.rsi))
            asm.mov(.qword, .rdi, .rdx)  // rdi/dil as the byte source
            asm.mov(.byte, .base(.rsi, 8), .rdi)  // i32.store8
            asm.mov(.word, .base(.rsi, 16), .rdx)  // i32.store16
            asm.mov(.dword, .base(.rsi, 24), .rdx)  // i32.store / i64.store32
            asm.mov(.byte, .base(.rsi, 33), imm: 0)  // a byte immediate in the middle of a word
            asm.ret()
        }
        #expect(out[1] == 0xFFFF_FFFF_FFFF_FF88)
        #expect(out[2] == 0xFFFF_FFFF_FFFF_7788)
        #expect(out[3] == 0xFFFF_FFFF_5566_7788)
        #expect(out[4] == 0xFFFF_FFFF_FFFF_00FF)
    }

    /// f64.abs and f64.neg with 16-byte-aligned masks in a constant pool after the code.
    @Test func ripRelativeConstantPool() throws {
        let out = try execute([(-3.25).bitPattern, 0, 0]) { asm in
            let absMask = asm.newLabel(), signMask = asm.newLabel()
            asm.movs(.double, .xmm0, .base(.rsi))
            asm.movaps(.xmm1, .xmm0)
            asm.bitwise(.and, .double, .xmm1, .rip(absMask))
            asm.movs(.double, .base(.rsi, 8), .xmm1)
            asm.bitwise(.xor, .double, .xmm0, .rip(signMask))
            asm.movs(.double, .base(.rsi, 16), .xmm0)
            asm.ret()
            // andpd/xorpd with memory need 16-byte alignment (misalignment would fault).
            asm.align(16, withNops: false)
            asm.bind(absMask)
            asm.data64(0x7FFF_FFFF_FFFF_FFFF)
            asm.data64(0x7FFF_FFFF_FFFF_FFFF)
            asm.bind(signMask)
            asm.data64(0x8000_0000_0000_0000)
            asm.data64(0x8000_0000_0000_0000)
        }
        #expect(Double(bitPattern: out[1]) == 3.25)
        #expect(Double(bitPattern: out[2]) == 3.25)
    }

    /// Base + index*scale + displacement at run time: the wasm address shape `[mem + addr + offset]`.
    @Test func scaledIndexAddressing() throws {
        let out = try execute([10, 20, 30, 40, 50, 2, 0]) { asm in
            asm.mov(.qword, .rcx, .base(.rsi, 40))  // index 2
            asm.mov(.qword, .rax, .sib(.rsi, .rcx, .x8, 8))  // word[2 + 1] = 40
            asm.lea(.qword, .rdx, .sib(.rcx, .rcx, .x4, 3))  // 2 + 2*4 + 3 = 13
            asm.add(.qword, .rax, .rdx)
            asm.mov(.qword, .base(.rsi, 48), .rax)
            asm.ret()
        }
        #expect(out[6] == 53)
    }
}
#endif
