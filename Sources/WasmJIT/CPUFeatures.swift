/// Optional x86-64 instruction set extensions the JIT may use, detected with CPUID.

import CWasmJIT

/// Which optional instructions the host CPU supports. When a flag is false the compiler must use
/// the fallback sequence (e.g. `bsr` + fix-up for `lzcnt`, a helper call for `roundss`).
/// SSE2 is part of x86-64 and always present.
public struct CPUFeatures: Hashable, Sendable {
    /// `lzcnt` (CPUID 8000_0001h ECX bit 5, "ABM"/"LZCNT").
    public var lzcnt: Bool
    /// `tzcnt` (CPUID 7 EBX bit 3, BMI1).
    public var bmi1: Bool
    /// `popcnt` (CPUID 1 ECX bit 23).
    public var popcnt: Bool
    /// `roundss`/`roundsd` and other SSE4.1 instructions (CPUID 1 ECX bit 19).
    public var sse41: Bool

    public init(lzcnt: Bool, bmi1: Bool, popcnt: Bool, sse41: Bool) {
        self.lzcnt = lzcnt
        self.bmi1 = bmi1
        self.popcnt = popcnt
        self.sse41 = sse41
    }

    /// No optional extension: forces every fallback path (for testing them on any CPU).
    public static let baseline = CPUFeatures(lzcnt: false, bmi1: false, popcnt: false, sse41: false)

    /// The features of the CPU this process runs on (all false on non-x86-64 hosts).
    public static let host: CPUFeatures = detect()

    /// Queries CPUID.
    public static func detect() -> CPUFeatures {
        func cpuid(_ leaf: UInt32, _ subleaf: UInt32 = 0) -> (eax: UInt32, ebx: UInt32, ecx: UInt32, edx: UInt32) {
            var out: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
            withUnsafeMutableBytes(of: &out) { raw in
                // The C helper writes exactly four UInt32s, the size of the tuple.
                _ = cwasmjit_cpuid(leaf, subleaf, raw.baseAddress?.assumingMemoryBound(to: UInt32.self))
            }
            return out
        }
        func bit(_ word: UInt32, _ n: UInt32) -> Bool { word & (1 << n) != 0 }
        let leaf1 = cpuid(1)
        let leaf7 = cpuid(7)
        let ext1 = cpuid(0x8000_0001)
        return CPUFeatures(
            lzcnt: bit(ext1.ecx, 5),
            bmi1: bit(leaf7.ebx, 3),
            popcnt: bit(leaf1.ecx, 23),
            sse41: bit(leaf1.ecx, 19)
        )
    }
}
