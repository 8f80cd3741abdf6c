/// The registers the compiler hands out to operand stack entries, and which of them are free.
///
/// Reserved elsewhere, never in the pool: `rsp`, `rbp` (frame), `r15` (instance context), `r14`/`r13`
/// (memory 0 base and length), `r11` (pinned locals only; scratch inside call sequences), the
/// scratch registers every instruction may clobber (`rax rcx rdx`, `xmm0 xmm1`). The pooled GPRs include the System V argument registers `rsi rdi r8 r9`: the compiler
/// spills every pooled register entry before it sets up a call or a helper call, so argument set-up
/// never overwrites a live value. A function's pinned locals (`PinnedLocals.swift`) take their
/// registers out of its pool. All sixteen XMM registers are 128 bits wide, so `v128` entries can share
/// the XMM pool later.
struct RegisterPool {
    /// Allocation order of the GPR pool.
    static let gprs: [GPR] = [.rbx, .r12, .rsi, .rdi, .r8, .r9, .r10]
    /// Allocation order of the XMM pool.
    static let xmms: [XMM] = [.xmm2, .xmm3, .xmm4, .xmm5, .xmm6, .xmm7, .xmm8, .xmm9,
                              .xmm10, .xmm11, .xmm12, .xmm13, .xmm14, .xmm15]

    static let allGPRs: UInt16 = gprs.reduce(0) { $0 | (1 << $1.rawValue) }
    static let allXMMs: UInt16 = xmms.reduce(0) { $0 | (1 << $1.rawValue) }

    /// The registers of this function's pool (the pool minus the pinned locals' registers).
    private(set) var availableGPRs: UInt16 = allGPRs
    private(set) var availableXMMs: UInt16 = allXMMs
    /// One bit per hardware register number: set when the register is free.
    private(set) var freeGPRs: UInt16 = allGPRs
    private(set) var freeXMMs: UInt16 = allXMMs

    /// Every pooled register free except those in the masks (at function entry).
    mutating func reset(excludingGPRs: UInt16 = 0, excludingXMMs: UInt16 = 0) {
        availableGPRs = Self.allGPRs & ~excludingGPRs
        availableXMMs = Self.allXMMs & ~excludingXMMs
        freeGPRs = availableGPRs
        freeXMMs = availableXMMs
    }

    /// Takes a free GPR not in `avoiding` (a register bit mask), in allocation order.
    mutating func takeGPR(avoiding: UInt16 = 0) -> GPR? {
        for r in Self.gprs where freeGPRs & ~avoiding & (1 << r.rawValue) != 0 {
            freeGPRs &= ~(1 << r.rawValue)
            return r
        }
        return nil
    }

    /// Takes a free XMM register not in `avoiding`, in allocation order.
    mutating func takeXMM(avoiding: UInt16 = 0) -> XMM? {
        for x in Self.xmms where freeXMMs & ~avoiding & (1 << x.rawValue) != 0 {
            freeXMMs &= ~(1 << x.rawValue)
            return x
        }
        return nil
    }

    /// Marks a specific free register as taken again (reusing a popped operand's register).
    mutating func take(_ r: GPR) { freeGPRs &= ~(1 << r.rawValue) }
    mutating func take(_ x: XMM) { freeXMMs &= ~(1 << x.rawValue) }

    mutating func release(_ r: GPR) { freeGPRs |= (1 << r.rawValue) & availableGPRs }
    mutating func release(_ x: XMM) { freeXMMs |= (1 << x.rawValue) & availableXMMs }
}
