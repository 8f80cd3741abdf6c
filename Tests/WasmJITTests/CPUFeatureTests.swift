/// CPUID detection against the kernel's view (/proc/cpuinfo), and the optional instructions run
/// where the CPU has them.

#if arch(x86_64)
import Foundation
import Testing
@testable import WasmJIT

@Suite struct CPUFeatureTests {
    /// The "flags" of the first processor in /proc/cpuinfo, or nil where there is none.
    static func kernelFlags() -> Set<String>? {
        guard let text = readProcFile("/proc/cpuinfo"),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":")
        else { return nil }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }

    @Test func detectionMatchesKernelFlags() throws {
        guard let flags = Self.kernelFlags() else {
            print("skipped: /proc/cpuinfo not readable")
            return
        }
        let host = CPUFeatures.detect()
        #expect(host.popcnt == flags.contains("popcnt"))
        #expect(host.sse41 == flags.contains("sse4_1"))
        #expect(host.bmi1 == flags.contains("bmi1"))
        // The kernel calls LZCNT "abm" (AMD's name for the 8000_0001h ECX bit 5).
        #expect(host.lzcnt == flags.contains("abm"))
        #expect(CPUFeatures.host == host)
    }

    @Test func bitCountInstructions() throws {
        let host = CPUFeatures.host
        let inputs: [UInt64] = [0, 1, 8, 0x00FF_00FF, 1 << 63, UInt64.max]
        for x in inputs {
            let out = try execute([x, 0, 0, 0, 0, 0]) { asm in
                asm.mov(.qword, .rax, .base(.rsi))
                if host.lzcnt {
                    asm.lzcnt(.qword, .rcx, .rax)
                    asm.mov(.qword, .base(.rsi, 8), .rcx)
                    asm.lzcnt(.dword, .rcx, .rax)
                    asm.mov(.qword, .base(.rsi, 32), .rcx)
                }
                if host.bmi1 {
                    asm.tzcnt(.qword, .rcx, .rax)
                    asm.mov(.qword, .base(.rsi, 16), .rcx)
                }
                if host.popcnt {
                    asm.popcnt(.qword, .rcx, .rax)
                    asm.mov(.qword, .base(.rsi, 24), .rcx)
                }
                // Fallback for clz: bsr leaves ZF=1 on zero input; 63 - bsr otherwise.
                let zero = asm.newLabel(), done = asm.newLabel()
                asm.bsr(.qword, .rcx, .rax)
                asm.jcc(.e, zero)
                asm.xor(.qword, .rcx, imm: 63)
                asm.jmp(done)
                asm.bind(zero)
                asm.mov(.dword, .rcx, imm: 64)
                asm.bind(done)
                asm.mov(.qword, .base(.rsi, 40), .rcx)
                asm.ret()
            }
            if host.lzcnt {
                #expect(out[1] == UInt64(x.leadingZeroBitCount))
                #expect(out[4] == UInt64(UInt32(truncatingIfNeeded: x).leadingZeroBitCount))
            }
            if host.bmi1 { #expect(out[2] == UInt64(x.trailingZeroBitCount)) }
            if host.popcnt { #expect(out[3] == UInt64(x.nonzeroBitCount)) }
            #expect(out[5] == UInt64(x.leadingZeroBitCount), "bsr fallback for \(x)")
        }
        if !host.lzcnt || !host.bmi1 || !host.popcnt {
            print("partly skipped: CPU lacks lzcnt, tzcnt or popcnt")
        }
    }

    @Test(arguments: [-2.5, -1.5, -0.5, 0.5, 1.2, 2.5, 3.7, -0.0])
    func roundingModes(x: Double) throws {
        guard CPUFeatures.host.sse41 else {
            print("skipped: CPU lacks SSE4.1")
            return
        }
        let modes: [RoundingMode] = [.nearest, .down, .up, .towardZero]
        let out = try execute([x.bitPattern, 0, 0, 0, 0, 0, 0, 0, 0]) { asm in
            asm.movs(.double, .xmm0, .base(.rsi))
            asm.cvtsd2ss(.xmm1, .xmm0)
            for (i, mode) in modes.enumerated() {
                asm.round(.double, .xmm2, .xmm0, mode)
                asm.movs(.double, .base(.rsi, Int32(8 + 8 * i)), .xmm2)
                asm.round(.single, .xmm3, .xmm1, mode)
                asm.movs(.single, .base(.rsi, Int32(40 + 8 * i)), .xmm3)
            }
            asm.ret()
        }
        let rules: [FloatingPointRoundingRule] = [.toNearestOrEven, .down, .up, .towardZero]
        for (i, rule) in rules.enumerated() {
            let d = Double(bitPattern: out[1 + i])
            #expect(d.bitPattern == x.rounded(rule).bitPattern, "f64 \(x) \(rule)")
            let f = Float(bitPattern: UInt32(truncatingIfNeeded: out[5 + i]))
            #expect(f.bitPattern == Float(x).rounded(rule).bitPattern, "f32 \(x) \(rule)")
        }
    }
}
#endif
