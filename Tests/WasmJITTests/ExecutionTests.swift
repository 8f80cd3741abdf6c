/// Runs assembled functions through `CodeMemory` and the C entry trampoline.
/// Each function has the entry signature `void f(void *context /* rdi */, uint64_t *args /* rsi */)`
/// and returns its results in the argument buffer.

#if arch(x86_64)
import Foundation
import Testing
@testable import WasmJIT

/// Assembles `body`, maps it and runs it once with `args` as the argument/result buffer.
func execute(
    _ args: [UInt64], context: UnsafeMutableRawPointer? = nil, _ body: (inout X64Assembler) throws -> Void
) throws -> [UInt64] {
    var asm = X64Assembler()
    try body(&asm)
    let code = try CodeMemory(code: try asm.finish())
    var buffer = args
    buffer.withUnsafeMutableBytes { raw in
        code.invoke(at: 0, context: context, arguments: raw.baseAddress)
    }
    return buffer
}

@Suite struct ExecutionTests {
    @Test(arguments: [
        (2, 40, 42),
        (UInt64.max, 1, 0),  // wraps like i64.add
        (1 << 63, 1 << 63, 0),
    ] as [(UInt64, UInt64, UInt64)])
    func addTwoI64(a: UInt64, b: UInt64, sum: UInt64) throws {
        let out = try execute([a, b]) { asm in
            asm.mov(.qword, .rax, .base(.rsi))
            asm.add(.qword, .rax, .base(.rsi, 8))
            asm.mov(.qword, .base(.rsi), .rax)
            asm.ret()
        }
        #expect(out[0] == sum)
    }

    /// sum = 0; for i = n; i != 0; i -= 1 { sum += i }: a backward conditional jump.
    @Test(arguments: [(0, 0), (1, 1), (100, 5050), (100_000, 5_000_050_000)] as [(UInt64, UInt64)])
    func loopSumsOneToN(n: UInt64, expected: UInt64) throws {
        let out = try execute([n]) { asm in
            let top = asm.newLabel(), done = asm.newLabel()
            asm.mov(.qword, .rcx, .base(.rsi))
            asm.xor(.dword, .rax, .rax)
            asm.test(.qword, .rcx, .rcx)
            asm.jcc(.e, done)
            asm.bind(top)
            asm.add(.qword, .rax, .rcx)
            asm.sub(.qword, .rcx, imm: 1)
            asm.jcc(.ne, top)
            asm.bind(done)
            asm.mov(.qword, .base(.rsi), .rax)
            asm.ret()
        }
        #expect(out[0] == expected)
    }

    @Test func sqrtF64AndF32() throws {
        let out = try execute([(2.0).bitPattern, UInt64(Float(16.0).bitPattern), (-1.0).bitPattern]) { asm in
            asm.movs(.double, .xmm0, .base(.rsi))
            asm.sqrt(.double, .xmm0, .xmm0)
            asm.movs(.double, .base(.rsi), .xmm0)
            asm.movs(.single, .xmm9, .base(.rsi, 8))
            asm.sqrt(.single, .xmm9, .xmm9)
            asm.movs(.single, .base(.rsi, 8), .xmm9)
            asm.movs(.double, .xmm1, .base(.rsi, 16))
            asm.sqrt(.double, .xmm1, .xmm1)
            asm.movs(.double, .base(.rsi, 16), .xmm1)
            asm.ret()
        }
        #expect(Double(bitPattern: out[0]) == 1.4142135623730951)
        #expect(Float(bitPattern: UInt32(truncatingIfNeeded: out[1])) == 4.0)
        #expect(Double(bitPattern: out[2]).isNaN)
    }

    /// Signed (`cqo; idiv`) and unsigned (`xor edx, edx; div`) division with remainders.
    @Test(arguments: [
        (7, 2), (-7, 2), (7, -2), (-7, -2), (Int64.min, 3), (123_456_789_012, 1000),
    ] as [(Int64, Int64)])
    func division(a: Int64, b: Int64) throws {
        let out = try execute([UInt64(bitPattern: a), UInt64(bitPattern: b), 0, 0, 0, 0]) { asm in
            asm.mov(.qword, .rax, .base(.rsi))
            asm.cqo()
            asm.idiv(.qword, .base(.rsi, 8))
            asm.mov(.qword, .base(.rsi, 16), .rax)
            asm.mov(.qword, .base(.rsi, 24), .rdx)
            asm.mov(.qword, .rax, .base(.rsi))
            asm.mov(.qword, .rcx, .base(.rsi, 8))
            asm.xor(.dword, .rdx, .rdx)
            asm.div(.qword, .rcx)
            asm.mov(.qword, .base(.rsi, 32), .rax)
            asm.mov(.qword, .base(.rsi, 40), .rdx)
            asm.ret()
        }
        #expect(Int64(bitPattern: out[2]) == a / b)
        #expect(Int64(bitPattern: out[3]) == a % b)
        let (ua, ub) = (UInt64(bitPattern: a), UInt64(bitPattern: b))
        #expect(out[4] == ua / ub)
        #expect(out[5] == ua % ub)
    }

    @Test func i32DivisionWithCdq() throws {
        let out = try execute([UInt64(UInt32(bitPattern: -100)), UInt64(UInt32(bitPattern: 7))]) { asm in
            asm.mov(.dword, .rax, .base(.rsi))
            asm.mov(.dword, .r9, .base(.rsi, 8))
            asm.cdq()
            asm.idiv(.dword, .r9)
            asm.mov(.qword, .base(.rsi), .rax)  // 32-bit idiv zero-extends eax into rax
            asm.mov(.qword, .base(.rsi, 8), .rdx)
            asm.ret()
        }
        #expect(out[0] == UInt64(UInt32(bitPattern: -14)))
        #expect(out[1] == UInt64(UInt32(bitPattern: -2)))
    }

    @Test func contextPointerArrivesInRdi() throws {
        var context: [UInt64] = [0xDEAD_BEEF_CAFE_F00D, 5]
        let out = try context.withUnsafeMutableBytes { ctx in
            try execute([0, 0], context: ctx.baseAddress) { asm in
                asm.mov(.qword, .rax, .base(.rdi))
                asm.mov(.qword, .base(.rsi), .rax)
                asm.mov(.qword, .base(.rdi, 8), imm: 77)  // write back into the context
                asm.ret()
            }
        }
        #expect(out[0] == 0xDEAD_BEEF_CAFE_F00D)
        #expect(context[1] == 77)
    }

    /// br_table shape: clamp the index to the default, then jump through a rel32 table.
    @Test(arguments: [(0, 100), (1, 200), (2, 300), (3, 999), (1_000_000, 999)] as [(UInt64, UInt64)])
    func jumpTableDispatch(index: UInt64, expected: UInt64) throws {
        let out = try execute([index]) { asm in
            let cases = (0..<4).map { _ in asm.newLabel() }
            let inRange = asm.newLabel()
            asm.mov(.qword, .rax, .base(.rsi))
            asm.cmp(.qword, .rax, imm: 3)
            asm.jcc(.b, inRange)
            asm.mov(.dword, .rax, imm: 3)
            asm.bind(inRange)
            let table = asm.newLabel()
            asm.tableJump(index: .rax, table: table, scratch: .r11)
            for (i, value) in [100, 200, 300, 999].enumerated() {
                asm.bind(cases[i])
                asm.mov(.qword, .base(.rsi), imm: Int32(value))
                asm.ret()
            }
            asm.jumpTable(table, cases)  // after the last `ret`: never executed
        }
        #expect(out[0] == expected)
    }

    @Test func setccAndCmov() throws {
        // out0 = (a <s b) ? 1 : 0; out1 = max_unsigned(a, b)
        let a = UInt64(bitPattern: -5), b: UInt64 = 3
        let out = try execute([a, b]) { asm in
            asm.mov(.qword, .rax, .base(.rsi))
            asm.mov(.qword, .rcx, .base(.rsi, 8))
            asm.cmp(.qword, .rax, .rcx)
            asm.setcc(.l, .rdx)
            asm.movzx(.dword, .rdx, .rdx, from: .byte)
            asm.cmov(.b, .qword, .rax, .rcx)  // unsigned: if a < b then b
            asm.mov(.qword, .base(.rsi), .rdx)
            asm.mov(.qword, .base(.rsi, 8), .rax)
            asm.ret()
        }
        #expect(out[0] == 1)
        #expect(out[1] == a)
    }

    @Test func callsHostFunctionThroughRegister() throws {
        let triple: @convention(c) (Int64) -> Int64 = { $0 &* 3 }
        let address = UInt64(UInt(bitPattern: unsafeBitCast(triple, to: UnsafeRawPointer.self)))
        let out = try execute([14]) { asm in
            asm.push(.rbx)  // callee-saved; also realigns rsp to 16 for the call
            asm.mov(.qword, .rbx, .rsi)
            asm.mov(.qword, .rdi, .base(.rbx))
            asm.call(absolute: address)
            asm.mov(.qword, .base(.rbx), .rax)
            asm.pop(.rbx)
            asm.ret()
        }
        #expect(out[0] == 42)
    }

    @Test func callsLocalFunctionThroughLabel() throws {
        let out = try execute([5, 0]) { asm in
            let square = asm.newLabel()
            asm.mov(.qword, .rax, .base(.rsi))
            asm.push(.rax)  // align the stack for the call
            asm.call(square)
            asm.pop(.rcx)
            asm.mov(.qword, .base(.rsi, 8), .rax)
            asm.ret()
            asm.bind(square)
            asm.imul(.qword, .rax, .rax)
            asm.ret()
        }
        #expect(out[1] == 25)
    }

    @Test func floatConversions() throws {
        let out = try execute([UInt64(bitPattern: -3), (-2.75).bitPattern, 0, 0, 0]) { asm in
            asm.mov(.qword, .rax, .base(.rsi))
            asm.xorps(.xmm0, .xmm0)
            asm.cvtsi2s(.double, .xmm0, .qword, .rax)  // -3.0
            asm.movs(.double, .base(.rsi, 16), .xmm0)
            asm.movs(.double, .xmm1, .base(.rsi, 8))
            asm.cvtts2si(.qword, .rcx, .double, .xmm1)  // trunc(-2.75) = -2
            asm.mov(.qword, .base(.rsi, 24), .rcx)
            asm.cvtsd2ss(.xmm2, .xmm1)  // -2.75f
            asm.movq(.dword, .rdx, .xmm2)
            asm.mov(.qword, .base(.rsi, 32), .rdx)
            asm.ret()
        }
        #expect(Double(bitPattern: out[2]) == -3.0)
        #expect(Int64(bitPattern: out[3]) == -2)
        #expect(out[4] == UInt64(Float(-2.75).bitPattern))
    }

    @Test func signBitTricks() throws {
        // abs via andpd with 0x7FFF..., neg via xorpd with 0x8000...: masks moved in through a GPR.
        let out = try execute([(-1.5).bitPattern, 0, 0]) { asm in
            asm.movs(.double, .xmm0, .base(.rsi))
            asm.mov(.qword, .rax, imm: Int64(bitPattern: 0x7FFF_FFFF_FFFF_FFFF))
            asm.movq(.qword, .xmm1, .rax)
            asm.movaps(.xmm2, .xmm0)
            asm.andpd(.xmm2, .xmm1)
            asm.movs(.double, .base(.rsi, 8), .xmm2)
            asm.mov(.qword, .rax, imm: Int64.min)
            asm.movq(.qword, .xmm3, .rax)
            asm.xorpd(.xmm0, .xmm3)
            asm.movs(.double, .base(.rsi, 16), .xmm0)
            asm.ret()
        }
        #expect(Double(bitPattern: out[1]) == 1.5)
        #expect(Double(bitPattern: out[2]) == 1.5)
    }
}
#endif
