/// Jumps, calls, labels, padding and jump tables, checked against llvm-objdump and by hand.

import Testing
@testable import WasmJIT

@Suite struct ControlEncodingTests {
    /// Branch targets print as absolute offsets in the code, so this layout is spelled out:
    /// 0 nop | 1 jmp L0 (rel8, 2) | 3 jne L1 (rel32, 6) | 9 je L1 (rel8, 2) | 11 jmp L1 (rel32, 5)
    /// | 16 call L0 (5) | 21 L1: ret.
    @Test func labelsForwardAndBackward() throws {
        try checkEncodings([
            EncodingCase("nop") { _ = $0.newLabel(); $0.bind(Label(id: 0)); $0.nop() },
            EncodingCase("jmp 0x0") { _ = $0.newLabel(); $0.jmp(Label(id: 0)) },
            EncodingCase("jne 0x15") { $0.jcc(.ne, Label(id: 1), .near) },
            EncodingCase("je 0x15") { $0.jcc(.e, Label(id: 1), .short) },
            EncodingCase("jmp 0x15") { $0.jmp(Label(id: 1)) },
            EncodingCase("call 0x0") { $0.call(Label(id: 0)) },
            EncodingCase("ret") { $0.bind(Label(id: 1)); $0.ret() },
        ])
    }

    @Test func everyConditionCode() throws {
        // All 16 jcc as rel8 backward branches to offset 0 (within reach), then as rel32.
        let names = ["jo", "jno", "jb", "jae", "je", "jne", "jbe", "ja",
                     "js", "jns", "jp", "jnp", "jl", "jge", "jle", "jg"]
        var cases: [EncodingCase] = [EncodingCase("nop") { $0.bind($0.newLabel()); $0.nop() }]
        for form in [BranchForm.short, .near] {
            for (i, cond) in Condition.allCases.enumerated() {
                cases.append(EncodingCase("\(names[i]) 0x0") { $0.jcc(cond, Label(id: 0), form) })
            }
        }
        try checkEncodings(cases)
    }

    @Test func indirectAndMisc() throws {
        try checkEncodings([
            EncodingCase("jmp rax") { $0.jmp(.rax) },
            EncodingCase("jmp r11") { $0.jmp(.r11) },
            EncodingCase("jmp qword ptr [rax + 8*rcx]") { $0.jmp(.sib(.rax, .rcx, .x8)) },
            EncodingCase("call r11") { $0.call(.r11) },
            EncodingCase("call rax") { $0.call(.rax) },
            EncodingCase("call qword ptr [r15 + 0x18]") { $0.call(.base(.r15, 0x18)) },
            EncodingCase("ud2") { $0.ud2() },
            EncodingCase("int3") { $0.int3() },
            EncodingCase("nop") { $0.nop() },
            EncodingCase("ret") { $0.ret() },
        ])
    }

    @Test func multiByteNops() throws {
        // Each padding of 1...9 bytes must decode as exactly one nop.
        var asm = X64Assembler()
        var starts: [Int] = []
        for n in 1...9 {
            starts.append(asm.offset)
            asm.nop(count: n)
        }
        #expect(asm.offset == 45)
        guard Disassembler.tools != nil else { print("skipped: llvm-objdump not found"); return }
        let lines = try Disassembler.disassemble(try asm.finish())
        #expect(lines.map(\.offset) == starts)
        #expect(lines.allSatisfy { $0.text.hasPrefix("nop") })
    }

    @Test func alignPadsToBoundary() throws {
        var asm = X64Assembler()
        asm.ret()
        asm.align(16)
        #expect(asm.offset == 16)
        asm.align(16)
        #expect(asm.offset == 16)
        asm.int3()
        asm.align(8, withNops: false)
        #expect(asm.bytes[17..<24].allSatisfy { $0 == 0 })
    }

    @Test func ripRelativeLabelAccountsForImmediate() throws {
        // cmp qword ptr [rip + L], imm8: the displacement is relative to the end of the immediate.
        var asm = X64Assembler()
        let data = asm.newLabel()
        asm.lea(.qword, .rax, .rip(data))  // 7 bytes: 0..<7
        asm.alu(.cmp, .qword, .rip(data), imm: 1)  // 8 bytes: 7..<15
        asm.ret()  // 15
        asm.bind(data)  // 16
        asm.data64(0)
        let code = try asm.finish()
        // lea: 48 8D 05 disp32 with disp = 16 - 7 = 9.
        #expect(Array(code[0..<7]) == [0x48, 0x8D, 0x05, 0x09, 0x00, 0x00, 0x00])
        // cmp: 48 83 3D disp32 01 with disp = 16 - 15 = 1.
        #expect(Array(code[7..<15]) == [0x48, 0x83, 0x3D, 0x01, 0x00, 0x00, 0x00, 0x01])
    }

    @Test func jumpTableEntriesAreRelativeToTableStart() throws {
        var asm = X64Assembler()
        let a = asm.newLabel(), b = asm.newLabel()
        asm.bind(a)  // 0
        asm.nop(count: 3)
        asm.bind(b)  // 3
        asm.ret()  // 3..<4, table aligned to 4 → starts at 4
        let table = asm.newLabel()
        asm.jumpTable(table, [b, a, b])
        #expect(asm.labelOffset(table) == 4)
        let code = try asm.finish()
        // b - 4 = -1, a - 4 = -4.
        #expect(Array(code[4..<16]) == [0xFF, 0xFF, 0xFF, 0xFF, 0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
    }

    @Test func tableJumpSequence() throws {
        // The sequence is checked as one unit since one call emits four instructions.
        var asm = X64Assembler()
        let table = asm.newLabel()
        asm.tableJump(index: .rax, table: table, scratch: .r11)
        asm.bind(table)
        guard Disassembler.tools != nil else { print("skipped: llvm-objdump not found"); return }
        let lines = try Disassembler.disassemble(try asm.finish()).map(\.text)
        #expect(lines == ["lea r11, [rip + 0xa]", "movsxd rax, dword ptr [r11 + 4*rax]", "add r11, rax", "jmp r11"])
    }

    /// `takeFinishedCode` (which patches the assembler's own buffer) gives exactly `finish()`'s
    /// bytes, hands the buffer over, and reports the same errors.
    @Test func takeFinishedCodeMatchesFinish() throws {
        var asm = X64Assembler()
        let back = asm.newLabel(), forward = asm.newLabel(), table = asm.newLabel()
        asm.bind(back)
        asm.jcc(.ne, forward, .near)
        asm.jmp(back)
        asm.lea(.qword, .rax, .rip(table))
        asm.bind(forward)
        asm.ret()
        asm.jumpTable(table, [back, forward])
        let expected = try asm.finish()
        #expect(expected.count > 8)
        #expect(try asm.takeFinishedCode() == expected)
        #expect(asm.offset == 0)

        var broken = X64Assembler()
        let l = broken.newLabel()
        broken.jmp(l)
        #expect(throws: AssemblerError.unboundLabel(l)) { try broken.takeFinishedCode() }
    }

    @Test func unboundLabelIsReported() {
        var asm = X64Assembler()
        let l = asm.newLabel()
        asm.jmp(l)
        #expect(throws: AssemblerError.unboundLabel(l)) { try asm.finish() }
    }

    @Test func shortBranchOutOfRangeIsReported() {
        var asm = X64Assembler()
        let l = asm.newLabel()
        asm.jcc(.e, l, .short)
        asm.nop(count: 200)
        asm.bind(l)
        #expect(throws: AssemblerError.branchOutOfRange(l, distance: 200)) { try asm.finish() }
    }

    @Test func autoBranchPicksRel32WhenBackwardTargetIsFar() throws {
        var asm = X64Assembler()
        let top = asm.newLabel()
        asm.bind(top)
        asm.nop(count: 200)
        asm.jmp(top)  // 200 + 2 > 128 back: must be E9 rel32
        let code = try asm.finish()
        #expect(code.count == 205)
        #expect(code[200] == 0xE9)
        // rel32 = 0 - 205 = -205 = 0xFFFFFF33
        #expect(Array(code[201..<205]) == [0x33, 0xFF, 0xFF, 0xFF])
    }
}
