/// Integer instruction encodings checked against llvm-objdump (Intel syntax, hex immediates).

import Testing
@testable import WasmJIT

@Suite struct IntegerEncodingTests {
    @Test func movForms() throws {
        try checkEncodings([
            EncodingCase("mov rax, rbx") { $0.mov(.qword, .rax, .rbx) },
            EncodingCase("mov eax, ebx") { $0.mov(.dword, .rax, .rbx) },
            EncodingCase("mov r8, r15") { $0.mov(.qword, .r8, .r15) },
            EncodingCase("mov r9d, esp") { $0.mov(.dword, .r9, .rsp) },
            EncodingCase("mov rax, qword ptr [rdi + 0x8]") { $0.mov(.qword, .rax, .base(.rdi, 8)) },
            EncodingCase("mov ecx, dword ptr [rsp]") { $0.mov(.dword, .rcx, .base(.rsp)) },
            EncodingCase("mov dx, word ptr [rbp]") { $0.mov(.word, .rdx, .base(.rbp)) },
            EncodingCase("mov al, byte ptr [r12 + 4*rcx + 0x10]") { $0.mov(.byte, .rax, .sib(.r12, .rcx, .x4, 16)) },
            EncodingCase("mov r10, qword ptr [r13 - 0x8]") { $0.mov(.qword, .r10, .base(.r13, -8)) },
            EncodingCase("mov r11d, dword ptr [rax + 8*r9 + 0x12345]") { $0.mov(.dword, .r11, .sib(.rax, .r9, .x8, 0x12345)) },
            EncodingCase("mov rax, qword ptr [r14 + r12]") { $0.mov(.qword, .rax, .sib(.r14, .r12)) },
            EncodingCase("mov rax, qword ptr [2*rcx + 0x40]") { $0.mov(.qword, .rax, .index(.rcx, .x2, 0x40)) },
            EncodingCase("mov eax, dword ptr [0x1000]") { $0.mov(.dword, .rax, .absolute(0x1000)) },
            EncodingCase("mov rcx, qword ptr [rip + 0x20]") { $0.mov(.qword, .rcx, .rip(0x20)) },
            EncodingCase("mov byte ptr [rdi], sil") { $0.mov(.byte, .base(.rdi), .rsi) },
            EncodingCase("mov byte ptr [rdi], al") { $0.mov(.byte, .base(.rdi), .rax) },
            EncodingCase("mov byte ptr [rax], r8b") { $0.mov(.byte, .base(.rax), .r8) },
            EncodingCase("mov word ptr [r14 + rdx], cx") { $0.mov(.word, .sib(.r14, .rdx), .rcx) },
            EncodingCase("mov dword ptr [rsp + 0x4], r15d") { $0.mov(.dword, .base(.rsp, 4), .r15) },
            EncodingCase("mov qword ptr [rbp - 0x100], rbx") { $0.mov(.qword, .base(.rbp, -0x100), .rbx) },
            EncodingCase("mov byte ptr [rdi], 0x7f") { $0.mov(.byte, .base(.rdi), imm: 0x7F) },
            EncodingCase("mov word ptr [rdi], 0x1234") { $0.mov(.word, .base(.rdi), imm: 0x1234) },
            EncodingCase("mov dword ptr [rdi + 0x4], 0x12345678") { $0.mov(.dword, .base(.rdi, 4), imm: 0x1234_5678) },
            EncodingCase("mov qword ptr [rdi], -0x1") { $0.mov(.qword, .base(.rdi), imm: -1) },
            EncodingCase("mov eax, 0x7b") { $0.mov(.dword, .rax, imm: 123) },
            EncodingCase("mov r9d, 0xffffffff") { $0.mov(.dword, .r9, imm: -1) },
            EncodingCase("mov eax, 0xffffffff") { $0.mov(.qword, .rax, imm: 0xFFFF_FFFF) },
            EncodingCase("mov rax, -0x2") { $0.mov(.qword, .rax, imm: -2) },
            EncodingCase("movabs r12, 0x123456789abcdef0") { $0.mov(.qword, .r12, imm: 0x1234_5678_9ABC_DEF0) },
            EncodingCase("movabs rax, 0x1") { $0.movabs(.rax, imm: 1) },
        ])
    }

    @Test func extensionsAndLea() throws {
        try checkEncodings([
            EncodingCase("movzx eax, bl") { $0.movzx(.dword, .rax, .rbx, from: .byte) },
            EncodingCase("movzx eax, sil") { $0.movzx(.dword, .rax, .rsi, from: .byte) },
            EncodingCase("movzx r8, r9b") { $0.movzx(.qword, .r8, .r9, from: .byte) },
            EncodingCase("movzx ecx, dx") { $0.movzx(.dword, .rcx, .rdx, from: .word) },
            EncodingCase("movzx rax, word ptr [rdi + 0x2]") { $0.movzx(.qword, .rax, .base(.rdi, 2), from: .word) },
            EncodingCase("movzx esi, byte ptr [rsi]") { $0.movzx(.dword, .rsi, .base(.rsi), from: .byte) },
            EncodingCase("movsx eax, cl") { $0.movsx(.dword, .rax, .rcx, from: .byte) },
            EncodingCase("movsx rax, dil") { $0.movsx(.qword, .rax, .rdi, from: .byte) },
            EncodingCase("movsx r11, ax") { $0.movsx(.qword, .r11, .rax, from: .word) },
            EncodingCase("movsx edx, word ptr [r14 + rax]") { $0.movsx(.dword, .rdx, .sib(.r14, .rax), from: .word) },
            EncodingCase("movsxd rax, ecx") { $0.movsx(.qword, .rax, .rcx, from: .dword) },
            EncodingCase("movsxd r10, dword ptr [r14 + rdx + 0x8]") { $0.movsx(.qword, .r10, .sib(.r14, .rdx, .x1, 8), from: .dword) },
            EncodingCase("lea rax, [rdi + 8*rsi + 0x10]") { $0.lea(.qword, .rax, .sib(.rdi, .rsi, .x8, 16)) },
            EncodingCase("lea ecx, [rax + rax]") { $0.lea(.dword, .rcx, .sib(.rax, .rax)) },
            EncodingCase("lea r11, [rip + 0x100]") { $0.lea(.qword, .r11, .rip(0x100)) },
            // Multiplication by 3, 5 and 9 (`ModuleCompiler.multiply`), with the bases that need
            // special encodings (r13: a displacement byte; r12: a SIB byte).
            EncodingCase("lea r13, [r13 + 2*r13]") { $0.lea(.qword, .r13, .sib(.r13, .r13, .x2)) },
            EncodingCase("lea r12d, [r12 + 4*r12]") { $0.lea(.dword, .r12, .sib(.r12, .r12, .x4)) },
            EncodingCase("lea esi, [rbx + 8*rbx]") { $0.lea(.dword, .rsi, .sib(.rbx, .rbx, .x8)) },
            EncodingCase("lea rdi, [r11 + 2*r11]") { $0.lea(.qword, .rdi, .sib(.r11, .r11, .x2)) },
            EncodingCase("xchg rbx, rax") { $0.xchg(.qword, .rax, .rbx) },
        ])
    }

    @Test func aluForms() throws {
        try checkEncodings([
            EncodingCase("add rax, rbx") { $0.add(.qword, .rax, .rbx) },
            EncodingCase("add r8d, ecx") { $0.add(.dword, .r8, .rcx) },
            EncodingCase("sub rsp, 0x28") { $0.sub(.qword, .rsp, imm: 0x28) },
            EncodingCase("sub eax, 0x1000") { $0.sub(.dword, .rax, imm: 0x1000) },
            EncodingCase("and rcx, -0x10") { $0.and(.qword, .rcx, imm: -16) },
            EncodingCase("and r9, r10") { $0.and(.qword, .r9, .r10) },
            EncodingCase("or edx, dword ptr [rdi + 0x4]") { $0.or(.dword, .rdx, .base(.rdi, 4)) },
            EncodingCase("or r15, 0x1") { $0.or(.qword, .r15, imm: 1) },
            EncodingCase("xor eax, eax") { $0.xor(.dword, .rax, .rax) },
            EncodingCase("xor r12, qword ptr [r15 + 0x80]") { $0.xor(.qword, .r12, .base(.r15, 0x80)) },
            EncodingCase("cmp rax, rdx") { $0.cmp(.qword, .rax, .rdx) },
            EncodingCase("cmp ecx, 0x7fffffff") { $0.cmp(.dword, .rcx, imm: Int32.max) },
            EncodingCase("cmp r13, qword ptr [rsp + 0x8]") { $0.cmp(.qword, .r13, .base(.rsp, 8)) },
            EncodingCase("cmp dword ptr [r15 + 0x10], 0x0") { $0.cmp(.dword, .base(.r15, 16), imm: 0) },
            EncodingCase("add qword ptr [rdi], rax") { $0.alu(.add, .qword, .base(.rdi), .rax) },
            EncodingCase("sub dword ptr [rbx + 0x4], 0x3") { $0.alu(.sub, .dword, .base(.rbx, 4), imm: 3) },
            EncodingCase("adc rax, rcx") { $0.alu(.adc, .qword, .rax, .rcx) },
            EncodingCase("sbb edx, 0x0") { $0.alu(.sbb, .dword, .rdx, imm: 0) },
            EncodingCase("test rax, rax") { $0.test(.qword, .rax, .rax) },
            EncodingCase("test r10d, ebx") { $0.test(.dword, .r10, .rbx) },
            EncodingCase("test ecx, 0x1f") { $0.test(.dword, .rcx, imm: 0x1F) },
            EncodingCase("test qword ptr [rdi + 0x8], rax") { $0.test(.qword, .base(.rdi, 8), .rax) },
            EncodingCase("test dword ptr [r15], 0x100") { $0.test(.dword, .base(.r15), imm: 0x100) },
            // `and` with a constant used only as a condition (`ModuleCompiler.testsNextCondition`).
            EncodingCase("test r13, 0x1") { $0.test(.qword, .r13, imm: 1) },
            EncodingCase("test r12d, 0x80000000") { $0.test(.dword, .r12, imm: Int32.min) },
            EncodingCase("test qword ptr [rsp + 0x40], -0x2") { $0.test(.qword, .base(.rsp, 0x40), imm: -2) },
        ])
    }

    @Test func multiplyDivideUnary() throws {
        try checkEncodings([
            EncodingCase("imul rax, rcx") { $0.imul(.qword, .rax, .rcx) },
            EncodingCase("imul r8d, dword ptr [rsi]") { $0.imul(.dword, .r8, .base(.rsi)) },
            EncodingCase("imul rdx, rbx, 0xa") { $0.imul(.qword, .rdx, .rbx, imm: 10) },
            EncodingCase("imul eax, ecx, 0x1000") { $0.imul(.dword, .rax, .rcx, imm: 0x1000) },
            EncodingCase("mul rcx") { $0.mul(.qword, .rcx) },
            EncodingCase("div rcx") { $0.div(.qword, .rcx) },
            EncodingCase("div r11d") { $0.div(.dword, .r11) },
            EncodingCase("idiv rbx") { $0.idiv(.qword, .rbx) },
            EncodingCase("idiv dword ptr [rsp + 0x8]") { $0.idiv(.dword, .base(.rsp, 8)) },
            EncodingCase("div qword ptr [rdi]") { $0.div(.qword, .base(.rdi)) },
            EncodingCase("cdq") { $0.cdq() },
            EncodingCase("cqo") { $0.cqo() },
            EncodingCase("neg rax") { $0.neg(.qword, .rax) },
            EncodingCase("neg r9d") { $0.neg(.dword, .r9) },
            EncodingCase("not rdx") { $0.not(.qword, .rdx) },
        ])
    }

    @Test func shiftsAndRotates() throws {
        try checkEncodings([
            EncodingCase("shl rax, cl") { $0.shlCL(.qword, .rax) },
            EncodingCase("shr edx, cl") { $0.shrCL(.dword, .rdx) },
            EncodingCase("sar r8, cl") { $0.sarCL(.qword, .r8) },
            EncodingCase("rol ebx, cl") { $0.rolCL(.dword, .rbx) },
            EncodingCase("ror r15, cl") { $0.rorCL(.qword, .r15) },
            EncodingCase("shl eax, 0x3") { $0.shl(.dword, .rax, imm: 3) },
            EncodingCase("shr rcx, 0x3f") { $0.shr(.qword, .rcx, imm: 63) },
            EncodingCase("sar r11d, 0x1f") { $0.sar(.dword, .r11, imm: 31) },
            EncodingCase("rol rax, 0x8") { $0.rol(.qword, .rax, imm: 8) },
            EncodingCase("ror esi, 0x10") { $0.ror(.dword, .rsi, imm: 16) },
        ])
    }

    @Test func bitCountsSetccCmov() throws {
        try checkEncodings([
            EncodingCase("lzcnt rax, rcx") { $0.lzcnt(.qword, .rax, .rcx) },
            EncodingCase("lzcnt r8d, ebx") { $0.lzcnt(.dword, .r8, .rbx) },
            EncodingCase("tzcnt eax, r9d") { $0.tzcnt(.dword, .rax, .r9) },
            EncodingCase("tzcnt rdx, rdx") { $0.tzcnt(.qword, .rdx, .rdx) },
            EncodingCase("popcnt rax, rbx") { $0.popcnt(.qword, .rax, .rbx) },
            EncodingCase("popcnt r12d, r13d") { $0.popcnt(.dword, .r12, .r13) },
            EncodingCase("bsr eax, ecx") { $0.bsr(.dword, .rax, .rcx) },
            EncodingCase("bsf r10, rax") { $0.bsf(.qword, .r10, .rax) },
            EncodingCase("sete al") { $0.setcc(.e, .rax) },
            EncodingCase("setne sil") { $0.setcc(.ne, .rsi) },
            EncodingCase("setl r9b") { $0.setcc(.l, .r9) },
            EncodingCase("seta dil") { $0.setcc(.a, .rdi) },
            EncodingCase("setp cl") { $0.setcc(.p, .rcx) },
            EncodingCase("setb bl") { $0.setcc(.b, .rbx) },
            EncodingCase("setge dl") { $0.setcc(.ge, .rdx) },
            EncodingCase("cmove rax, rcx") { $0.cmov(.e, .qword, .rax, .rcx) },
            EncodingCase("cmovne r8d, edx") { $0.cmov(.ne, .dword, .r8, .rdx) },
            EncodingCase("cmovb rax, qword ptr [rdi]") { $0.cmov(.b, .qword, .rax, .base(.rdi)) },
            EncodingCase("cmovg ecx, r11d") { $0.cmov(.g, .dword, .rcx, .r11) },
        ])
    }

    @Test func stack() throws {
        try checkEncodings([
            EncodingCase("push rbp") { $0.push(.rbp) },
            EncodingCase("push r15") { $0.push(.r15) },
            EncodingCase("pop rbx") { $0.pop(.rbx) },
            EncodingCase("pop r12") { $0.pop(.r12) },
            EncodingCase("push 0x2a") { $0.push(imm: 42) },
        ])
    }
}
