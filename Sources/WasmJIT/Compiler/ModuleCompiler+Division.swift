/// Integer division and remainder by a constant divisor.
///
/// A divisor that is neither 0 nor -1 cannot trap, so no checks are emitted; and `div`/`idiv`
/// (tens of cycles) give way to shifts and masks for powers of two and, for unsigned 32-bit
/// operands, to a multiplication by a 64-bit reciprocal:
/// with `m = ceil(2^64 / d)` for a `d` that is no power of two, `m * d = 2^64 + r` with
/// `0 < r < d`, and for every `n < 2^32` the high half of `n * m` is `floor(n / d)`:
/// `n * m / 2^64 = n / d + n * r / (d * 2^64)`, whose second term is below `1 / d`, too little
/// to reach the next multiple of `1 / d`.
extension ModuleCompiler {
    /// Division or remainder of the top two entries when the divisor (top) is a constant that
    /// cannot trap; returns false, emitting nothing, otherwise.
    mutating func divideByConstant(_ w: Width, signed: Bool, remainder: Bool) -> Bool {
        guard case .const(let raw)? = stack.last else { return false }
        let bits = w == .dword ? 32 : 64
        let divisor: Int64 = w == .dword ? Int64(Int32(truncatingIfNeeded: raw)) : Int64(bitPattern: raw)
        guard divisor != 0, !(signed && divisor == -1) else { return false }
        let unsignedDivisor = w == .dword ? UInt64(UInt32(truncatingIfNeeded: raw)) : raw
        _ = pop()
        let (a, ad) = pop()
        load(.rax, a, ad)
        if w == .dword { asm.mov(.dword, .rax, .rax) }
        if signed {
            if divisor > 0, divisor & (divisor - 1) == 0 {
                signedByPowerOfTwo(w, bits: bits, shift: UInt8(divisor.trailingZeroBitCount), remainder: remainder)
            } else {
                asm.signExtendAccumulator(w)
                asm.mov(w, .rcx, imm: divisor)
                asm.idiv(w, .rcx)
                pushReg(remainder ? .rdx : .rax)
            }
        } else if unsignedDivisor & (unsignedDivisor - 1) == 0 {
            let k = UInt8(unsignedDivisor.trailingZeroBitCount)
            if remainder {
                if unsignedDivisor - 1 <= UInt64(Int32.max) {
                    asm.and(w, .rax, imm: Int32(truncatingIfNeeded: unsignedDivisor - 1))
                } else {
                    asm.mov(.qword, .rcx, imm: Int64(bitPattern: unsignedDivisor - 1))
                    asm.and(.qword, .rax, .rcx)
                }
            } else if k > 0 {
                asm.shr(w, .rax, imm: k)
            }
            pushReg(.rax)
        } else if w == .dword {
            // q = high half of n * ceil(2^64 / d); r = n - q * d (q * d < 2^32: 64-bit imul is exact).
            let reciprocal = UInt64.max / unsignedDivisor + 1
            asm.mov(.dword, .rcx, .rax)
            asm.mov(.qword, .rax, imm: Int64(bitPattern: reciprocal))
            asm.mul(.qword, .rcx)
            if remainder {
                asm.mov(.dword, .rax, imm: Int64(unsignedDivisor))
                asm.imul(.qword, .rdx, .rax)
                asm.sub(.dword, .rcx, .rdx)
                pushReg(.rcx)
            } else {
                pushReg(.rdx)
            }
        } else {
            asm.xor(.dword, .rdx, .rdx)
            asm.mov(.qword, .rcx, imm: divisor)
            asm.div(.qword, .rcx)
            pushReg(remainder ? .rdx : .rax)
        }
        return true
    }

    /// Signed `rax / 2^shift` rounded toward zero (or the remainder, with the dividend's sign):
    /// a negative dividend is biased by `2^shift - 1` before the arithmetic shift.
    private mutating func signedByPowerOfTwo(_ w: Width, bits: Int, shift k: UInt8, remainder: Bool) {
        if k == 0 {
            // Division by 1.
            if remainder { pushConst(0) } else { pushReg(.rax) }
            return
        }
        asm.mov(.qword, .rcx, .rax)
        asm.sar(w, .rcx, imm: UInt8(bits - 1))
        asm.shr(w, .rcx, imm: UInt8(bits) - k)
        asm.add(w, .rcx, .rax)
        asm.sar(w, .rcx, imm: k)
        if remainder {
            asm.shl(w, .rcx, imm: k)
            asm.sub(w, .rax, .rcx)
            pushReg(.rax)
        } else {
            pushReg(.rcx)
        }
    }
}
