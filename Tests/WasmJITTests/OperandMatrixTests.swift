/// Exhaustive operand combinations: every register pair and every base/index/scale/displacement
/// class, to cover the REX and ModRM/SIB special cases (rsp/r12 need a SIB byte, rbp/r13 need a
/// displacement, r8-r15 need REX bits, spl/bpl/sil/dil need an empty REX).

import Testing
@testable import WasmJIT

/// Register names written out independently of `GPR.name(_:)`, indexed by register number.
private let names64 = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                       "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"]
private let names32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
                       "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"]
private let names8 = ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
                      "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"]

/// The LLVM Intel-syntax text of a memory operand's address, e.g. `[r13 + 4*rcx - 0x80]`.
private func addressText(base: Int?, index: Int?, scale: Int, disp: Int32) -> String {
    var parts: [String] = []
    if let base { parts.append(names64[base]) }
    if let index { parts.append(scale == 1 ? names64[index] : "\(scale)*\(names64[index])") }
    var s = "[" + parts.joined(separator: " + ")
    if disp != 0 || parts.isEmpty {
        let magnitude = "0x" + String(disp.magnitude, radix: 16)
        s += parts.isEmpty ? magnitude : (disp < 0 ? " - " : " + ") + magnitude
    }
    return s + "]"
}

@Suite struct OperandMatrixTests {
    @Test func everyRegisterPair() throws {
        var cases: [EncodingCase] = []
        for d in GPR.allCases {
            for s in GPR.allCases {
                let (dn, sn) = (Int(d.rawValue), Int(s.rawValue))
                cases.append(EncodingCase("mov \(names64[dn]), \(names64[sn])") { $0.mov(.qword, d, s) })
                cases.append(EncodingCase("add \(names32[dn]), \(names32[sn])") { $0.add(.dword, d, s) })
                cases.append(EncodingCase("imul \(names64[dn]), \(names64[sn])") { $0.imul(.qword, d, s) })
                cases.append(EncodingCase("movzx \(names32[dn]), \(names8[sn])") { $0.movzx(.dword, d, s, from: .byte) })
            }
            let dn = Int(d.rawValue)
            cases.append(EncodingCase("sete \(names8[dn])") { $0.setcc(.e, d) })
            cases.append(EncodingCase("push \(names64[dn])") { $0.push(d) })
            cases.append(EncodingCase("pop \(names64[dn])") { $0.pop(d) })
            cases.append(EncodingCase("neg \(names32[dn])") { $0.neg(.dword, d) })
            cases.append(EncodingCase("call \(names64[dn])") { $0.call(d) })
        }
        for x in XMM.allCases {
            for y in XMM.allCases {
                let (xn, yn) = (Int(x.rawValue), Int(y.rawValue))
                cases.append(EncodingCase("addsd xmm\(xn), xmm\(yn)") { $0.add(.double, x, y) })
            }
            for g in GPR.allCases {
                let (xn, gn) = (Int(x.rawValue), Int(g.rawValue))
                cases.append(EncodingCase("movq xmm\(xn), \(names64[gn])") { $0.movq(.qword, x, g) })
                cases.append(EncodingCase("cvttss2si \(names32[gn]), xmm\(xn)") { $0.cvtts2si(.dword, g, .single, x) })
            }
        }
        try checkEncodings(cases)
    }

    @Test func everyAddressingForm() throws {
        let disps: [Int32] = [0, 0x7F, -0x80, 0x1234, -0x10000]
        var cases: [EncodingCase] = []
        for base in GPR.allCases {
            for disp in disps {
                let text = addressText(base: Int(base.rawValue), index: nil, scale: 1, disp: disp)
                cases.append(EncodingCase("mov rax, qword ptr \(text)") { $0.mov(.qword, .rax, .base(base, disp)) })
                cases.append(EncodingCase("mov dword ptr \(text), r9d") { $0.mov(.dword, .base(base, disp), .r9) })
            }
            for index in GPR.allCases where index != .rsp {
                for scale in [Scale.x1, .x2, .x4, .x8] {
                    for disp in [disps[0], disps[2], disps[3]] {
                        let text = addressText(base: Int(base.rawValue), index: Int(index.rawValue),
                                               scale: scale.factor, disp: disp)
                        cases.append(EncodingCase("lea r12, \(text)") { $0.lea(.qword, .r12, .sib(base, index, scale, disp)) })
                    }
                }
            }
        }
        for index in GPR.allCases where index != .rsp {
            let text = addressText(base: nil, index: Int(index.rawValue), scale: 8, disp: 0x100)
            cases.append(EncodingCase("movsd xmm3, qword ptr \(text)") { $0.movs(.double, .xmm3, .index(index, .x8, 0x100)) })
        }
        try checkEncodings(cases)
    }
}
