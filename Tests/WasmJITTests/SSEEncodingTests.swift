/// SSE2 / SSE4.1 scalar encodings checked against llvm-objdump (Intel syntax).

import Testing
@testable import WasmJIT

@Suite struct SSEEncodingTests {
    @Test func moves() throws {
        try checkEncodings([
            EncodingCase("movss xmm0, xmm1") { $0.movs(.single, .xmm0, .xmm1) },
            EncodingCase("movsd xmm10, xmm3") { $0.movs(.double, .xmm10, .xmm3) },
            EncodingCase("movss xmm2, dword ptr [rdi + 0x8]") { $0.movs(.single, .xmm2, .base(.rdi, 8)) },
            EncodingCase("movsd xmm2, qword ptr [r14 + rax]") { $0.movs(.double, .xmm2, .sib(.r14, .rax)) },
            EncodingCase("movss dword ptr [rsp], xmm9") { $0.movs(.single, .base(.rsp), .xmm9) },
            EncodingCase("movsd qword ptr [rsi + 0x10], xmm0") { $0.movs(.double, .base(.rsi, 16), .xmm0) },
            EncodingCase("movsd xmm1, qword ptr [rip + 0x40]") { $0.movs(.double, .xmm1, .rip(0x40)) },
            EncodingCase("movaps xmm1, xmm15") { $0.movaps(.xmm1, .xmm15) },
            EncodingCase("movd xmm0, eax") { $0.movq(.dword, .xmm0, .rax) },
            EncodingCase("movq xmm8, rcx") { $0.movq(.qword, .xmm8, .rcx) },
            EncodingCase("movd eax, xmm3") { $0.movq(.dword, .rax, .xmm3) },
            EncodingCase("movq r10, xmm12") { $0.movq(.qword, .r10, .xmm12) },
            EncodingCase("movdqu xmm0, xmmword ptr [rdi]") { $0.movdqu(.xmm0, .base(.rdi)) },
            EncodingCase("movdqu xmmword ptr [r14 + rax], xmm7") { $0.movdqu(.sib(.r14, .rax), .xmm7) },
        ])
    }

    @Test func arithmetic() throws {
        try checkEncodings([
            EncodingCase("addss xmm0, xmm1") { $0.add(.single, .xmm0, .xmm1) },
            EncodingCase("addsd xmm8, xmm9") { $0.add(.double, .xmm8, .xmm9) },
            EncodingCase("subss xmm3, xmm4") { $0.sub(.single, .xmm3, .xmm4) },
            EncodingCase("subsd xmm0, xmm15") { $0.sub(.double, .xmm0, .xmm15) },
            EncodingCase("mulss xmm14, xmm2") { $0.mul(.single, .xmm14, .xmm2) },
            EncodingCase("mulsd xmm1, xmm1") { $0.mul(.double, .xmm1, .xmm1) },
            EncodingCase("divss xmm5, xmm6") { $0.div(.single, .xmm5, .xmm6) },
            EncodingCase("divsd xmm0, qword ptr [rdi]") { $0.arith(.div, .double, .xmm0, .base(.rdi)) },
            EncodingCase("sqrtss xmm0, xmm0") { $0.sqrt(.single, .xmm0, .xmm0) },
            EncodingCase("sqrtsd xmm11, xmm12") { $0.sqrt(.double, .xmm11, .xmm12) },
            EncodingCase("minss xmm0, xmm1") { $0.min(.single, .xmm0, .xmm1) },
            EncodingCase("minsd xmm2, xmm3") { $0.min(.double, .xmm2, .xmm3) },
            EncodingCase("maxss xmm4, xmm5") { $0.max(.single, .xmm4, .xmm5) },
            EncodingCase("maxsd xmm13, xmm7") { $0.max(.double, .xmm13, .xmm7) },
            EncodingCase("ucomiss xmm0, xmm1") { $0.ucomi(.single, .xmm0, .xmm1) },
            EncodingCase("ucomisd xmm10, xmm2") { $0.ucomi(.double, .xmm10, .xmm2) },
            EncodingCase("ucomiss xmm1, dword ptr [rsi + 0x4]") { $0.ucomi(.single, .xmm1, .base(.rsi, 4)) },
            EncodingCase("ucomisd xmm0, qword ptr [rip + 0x8]") { $0.ucomi(.double, .xmm0, .rip(8)) },
            EncodingCase("sqrtsd xmm2, qword ptr [rbp - 0x10]") { $0.arith(.sqrt, .double, .xmm2, .base(.rbp, -16)) },
        ])
    }

    @Test func conversionsAndRounding() throws {
        try checkEncodings([
            EncodingCase("cvtsi2ss xmm0, eax") { $0.cvtsi2s(.single, .xmm0, .dword, .rax) },
            EncodingCase("cvtsi2ss xmm1, rbx") { $0.cvtsi2s(.single, .xmm1, .qword, .rbx) },
            EncodingCase("cvtsi2sd xmm2, ecx") { $0.cvtsi2s(.double, .xmm2, .dword, .rcx) },
            EncodingCase("cvtsi2sd xmm9, r8") { $0.cvtsi2s(.double, .xmm9, .qword, .r8) },
            EncodingCase("cvtsi2sd xmm1, qword ptr [rdi]") { $0.cvtsi2s(.double, .xmm1, .qword, .base(.rdi)) },
            EncodingCase("cvtsi2ss xmm4, dword ptr [rdi + 0x4]") { $0.cvtsi2s(.single, .xmm4, .dword, .base(.rdi, 4)) },
            EncodingCase("cvttss2si eax, xmm0") { $0.cvtts2si(.dword, .rax, .single, .xmm0) },
            EncodingCase("cvttsd2si rdx, qword ptr [rsp + 0x8]") { $0.cvtts2si(.qword, .rdx, .double, .base(.rsp, 8)) },
            EncodingCase("cvttss2si rax, xmm1") { $0.cvtts2si(.qword, .rax, .single, .xmm1) },
            EncodingCase("cvttsd2si ecx, xmm2") { $0.cvtts2si(.dword, .rcx, .double, .xmm2) },
            EncodingCase("cvttsd2si r11, xmm15") { $0.cvtts2si(.qword, .r11, .double, .xmm15) },
            EncodingCase("cvtss2sd xmm0, xmm1") { $0.cvtss2sd(.xmm0, .xmm1) },
            EncodingCase("cvtsd2ss xmm2, xmm11") { $0.cvtsd2ss(.xmm2, .xmm11) },
            EncodingCase("roundss xmm0, xmm1, 0x8") { $0.round(.single, .xmm0, .xmm1, .nearest) },
            EncodingCase("roundss xmm2, xmm2, 0x9") { $0.round(.single, .xmm2, .xmm2, .down) },
            EncodingCase("roundsd xmm3, xmm4, 0xa") { $0.round(.double, .xmm3, .xmm4, .up) },
            EncodingCase("roundsd xmm8, xmm9, 0xb") { $0.round(.double, .xmm8, .xmm9, .towardZero) },
        ])
    }

    @Test func bitwise() throws {
        try checkEncodings([
            EncodingCase("andps xmm0, xmm1") { $0.andps(.xmm0, .xmm1) },
            EncodingCase("andpd xmm2, xmm3") { $0.andpd(.xmm2, .xmm3) },
            EncodingCase("andnps xmm4, xmm5") { $0.andnps(.xmm4, .xmm5) },
            EncodingCase("andnpd xmm8, xmm0") { $0.andnpd(.xmm8, .xmm0) },
            EncodingCase("orps xmm6, xmm7") { $0.orps(.xmm6, .xmm7) },
            EncodingCase("orpd xmm0, xmm12") { $0.orpd(.xmm0, .xmm12) },
            EncodingCase("xorps xmm15, xmm15") { $0.xorps(.xmm15, .xmm15) },
            EncodingCase("xorpd xmm1, xmm2") { $0.xorpd(.xmm1, .xmm2) },
            EncodingCase("andps xmm0, xmmword ptr [rip + 0x20]") { $0.bitwise(.and, .single, .xmm0, .rip(0x20)) },
            EncodingCase("xorpd xmm3, xmmword ptr [r15 + 0x30]") { $0.bitwise(.xor, .double, .xmm3, .base(.r15, 0x30)) },
        ])
    }
}
