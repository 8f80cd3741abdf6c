/// The standard prologue/epilogue: callee-saved registers survive, rsp is aligned, locals work.

#if arch(x86_64)
import Testing
@testable import WasmJIT

@Suite struct FrameTests {
    @Test func prologueEncoding() throws {
        var asm = X64Assembler()
        try asm.prologue(localSlots: 3)
        asm.epilogue()
        guard Disassembler.tools != nil else { print("skipped: llvm-objdump not found"); return }
        let lines = try Disassembler.disassemble(try asm.finish()).map(\.text)
        // 3 slots = 24 bytes, rounded to 32, plus 8 to re-align after six pushes.
        #expect(lines == [
            "push rbp", "mov rbp, rsp", "push rbx", "push r12", "push r13", "push r14", "push r15",
            "sub rsp, 0x28", "mov r15, rdi",
            "lea rsp, [rbp - 0x28]", "pop r15", "pop r14", "pop r13", "pop r12", "pop rbx", "pop rbp", "ret",
        ])
    }

    @Test func oversizedFrameIsReported() {
        var asm = X64Assembler()
        #expect(throws: AssemblerError.frameTooLarge(Int.max)) { try asm.prologue(localSlots: Int.max) }
        #expect(throws: AssemblerError.frameTooLarge(-1)) { try asm.prologue(localSlots: -1) }
        #expect(asm.offset == 0)
    }

    /// An outer function loads marker values into every callee-saved register, calls an inner
    /// function that uses `prologue`/`epilogue` and clobbers them all, then stores them to the buffer.
    @Test func calleeSavedRegistersSurviveAndStackIsAligned() throws {
        let markers: [GPR] = [.rbx, .rbp, .r12, .r13, .r14, .r15]
        var context: UInt64 = 0x1234
        let out = try withUnsafeMutablePointer(to: &context) { ctx in
            try execute([UInt64](repeating: 0, count: 10), context: UnsafeMutableRawPointer(ctx)) { asm in
                let inner = asm.newLabel()
                // Outer: save what the System V caller (Swift) expects preserved.
                for r in markers { asm.push(r) }
                asm.push(.rsi)  // keep the buffer; 7 pushes: rsp = 0 (mod 16)
                for (i, r) in markers.enumerated() { asm.mov(.qword, r, imm: Int64(0x1000 + i)) }
                // rdi (context) and rsi (buffer) pass straight through to the inner function.
                asm.call(inner)
                asm.pop(.rsi)
                for (i, r) in markers.enumerated() { asm.mov(.qword, .base(.rsi, Int32(8 * i)), r) }
                for r in markers.reversed() { asm.pop(r) }
                asm.ret()

                // Inner: a standard frame with 3 local slots.
                asm.bind(inner)
                try asm.prologue(localSlots: 3)
                // rsp alignment: store rsp & 15 (expected 0).
                asm.mov(.qword, .rax, .rsp)
                asm.and(.qword, .rax, imm: 15)
                asm.mov(.qword, .base(.rsi, 48), .rax)
                // r15 holds the context: load through it.
                asm.mov(.qword, .rax, .base(.r15))
                asm.mov(.qword, .base(.rsi, 56), .rax)
                // Locals round-trip through the frame.
                asm.mov(.qword, X64Assembler.localSlot(0), imm: 7)
                asm.mov(.qword, X64Assembler.localSlot(2), imm: 35)
                asm.mov(.qword, .rax, X64Assembler.localSlot(0))
                asm.add(.qword, .rax, X64Assembler.localSlot(2))
                asm.mov(.qword, .base(.rsi, 64), .rax)
                // Clobber every callee-saved register the prologue saved.
                for r in X64Assembler.savedRegisters { asm.mov(.qword, r, imm: -1) }
                asm.epilogue()
            }
        }
        for i in 0..<markers.count { #expect(out[i] == UInt64(0x1000 + i), "register \(markers[i])") }
        #expect(out[6] == 0, "rsp & 15 inside the frame")
        #expect(out[7] == 0x1234)
        #expect(out[8] == 42)
    }
}
#endif
