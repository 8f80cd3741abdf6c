/// Register names, condition negation and other small value types.

import Testing
@testable import WasmJIT

@Suite struct RegisterTests {
    @Test func gprNamesAtEverySize() {
        #expect(GPR.rax.name(.qword) == "rax")
        #expect(GPR.rax.name(.dword) == "eax")
        #expect(GPR.rax.name(.word) == "ax")
        #expect(GPR.rax.name(.byte) == "al")
        #expect(GPR.rsi.name(.byte) == "sil")
        #expect(GPR.rsp.name(.byte) == "spl")
        #expect(GPR.rdx.name(.byte) == "dl")
        #expect(GPR.r9.name(.dword) == "r9d")
        #expect(GPR.r12.name(.word) == "r12w")
        #expect(GPR.r15.name(.byte) == "r15b")
        #expect(GPR.r8.description == "r8")
        #expect(XMM.xmm13.description == "xmm13")
    }

    @Test func negatedConditions() {
        let pairs: [(Condition, Condition)] = [(.e, .ne), (.l, .ge), (.le, .g), (.b, .ae), (.be, .a),
                                               (.p, .np), (.o, .no), (.s, .ns)]
        for (c, n) in pairs {
            #expect(c.negated == n)
            #expect(n.negated == c)
        }
    }

    @Test func localSlotsSitBelowSavedRegisters() throws {
        // rbp - 8 ... rbp - 40 hold rbx, r12-r15; slot 0 is the next 8 bytes down.
        var asm = X64Assembler()
        asm.mov(.qword, .rax, X64Assembler.localSlot(0))
        asm.mov(.qword, .rax, X64Assembler.localSlot(1))
        // 48 8B 45 D0 = mov rax, [rbp - 0x30]; 48 8B 45 C8 = mov rax, [rbp - 0x38].
        #expect(try asm.finish() == [0x48, 0x8B, 0x45, 0xD0, 0x48, 0x8B, 0x45, 0xC8])
    }

    @Test func largestFrameIsAccepted() throws {
        var asm = X64Assembler()
        try asm.prologue(localSlots: X64Assembler.maxLocalSlots)
        #expect(throws: AssemblerError.frameTooLarge(X64Assembler.maxLocalSlots + 1)) {
            var other = X64Assembler()
            try other.prologue(localSlots: X64Assembler.maxLocalSlots + 1)
        }
    }
}
