/// `i32.div_u` / `i32.rem_u` by a constant divisor d ≥ 2 without `div` (whose ~25-cycle latency
/// sits on the critical path of, e.g., table index computations before `call_indirect`).
///
/// Lemire, Kaser and Kurz, "Faster Remainder by Direct Computation" (2019): with
/// c = ⌈2^64 / d⌉ = ⌊(2^64 − 1) / d⌋ + 1, for every 32-bit x and 1 < d < 2^32
///   x / d = ⌊c·x / 2^64⌋                     (the high half of a 64×64-bit `mul`),
///   x % d = ⌊(c·x mod 2^64)·d / 2^64⌋        (the high half of a second `mul` by d).
/// (c·d = 2^64 + e with 0 ≤ e < d, so c·x/2^64 = x/d + x·e/(d·2^64) and the error term is
/// below 2^-32 ≤ 1/d: it never carries into the next integer.)
extension ModuleCompiler {
    /// The multiplier c for divisor `d` (nil when `d` < 2: zero traps, one is handled by `div`).
    static func reciprocal(of d: UInt32) -> UInt64? {
        guard d >= 2 else { return nil }
        return UInt64.max / UInt64(d) + 1
    }

    /// Emits an unsigned 32-bit division or remainder by the constant on top of the stack, if it
    /// is one this handles; returns false (emitting nothing) otherwise.
    mutating func divideByConstant(_ w: Width, signed: Bool, remainder: Bool) -> Bool {
        guard w == .dword, !signed, case .const(let v)? = stack.last else { return false }
        let d = UInt32(truncatingIfNeeded: v)
        guard let c = Self.reciprocal(of: d) else { return false }
        _ = pop()
        let (a, ad) = pop()
        load(.rax, a, ad)
        asm.mov(.dword, .rax, .rax)
        asm.movabs(.rcx, imm: c)
        asm.mul(.qword, .rcx)  // rdx:rax = x·c; rdx = x / d
        if remainder {
            asm.mov(.dword, .rcx, imm: Int64(d))
            asm.mul(.qword, .rcx)  // rdx = high half of (x·c mod 2^64)·d = x % d
        }
        pushReg(.rdx)
        return true
    }
}
