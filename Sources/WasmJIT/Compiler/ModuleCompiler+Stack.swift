/// The abstract operand stack: entries in home slots or lazy constants.

extension ModuleCompiler {
    mutating func pushSlot() {
        stack.append(.slot)
        if stack.count > maxDepth { maxDepth = stack.count }
    }

    mutating func pushConst(_ v: UInt64) {
        stack.append(.const(v))
        if stack.count > maxDepth { maxDepth = stack.count }
    }

    /// Stores `r` (64 bits) as a new top entry.
    mutating func pushReg(_ r: GPR) {
        asm.mov(.qword, stackMem(stack.count), r)
        pushSlot()
    }

    /// Stores the low 32 or 64 bits of `x` (zero-extended) as a new top entry.
    mutating func pushXMM(_ x: XMM, _ fw: FloatWidth) {
        asm.movq(fw == .single ? .dword : .qword, .rax, x)
        pushReg(.rax)
    }

    /// Pops the top entry; returns it with its depth.
    mutating func pop() -> (Operand, Int) {
        let e = stack.removeLast()
        return (e, stack.count)
    }

    /// Loads an entry (64 bits) into `r`.
    mutating func load(_ r: GPR, _ e: Operand, _ depth: Int) {
        switch e {
        case .const(let v): asm.mov(.qword, r, imm: Int64(bitPattern: v))
        case .slot: asm.mov(.qword, r, stackMem(depth))
        }
    }

    /// Loads an entry into `x` (f32 in the low 32 bits, f64 in the low 64).
    mutating func loadXMM(_ x: XMM, _ e: Operand, _ depth: Int, _ fw: FloatWidth) {
        switch e {
        case .const(let v):
            asm.mov(.qword, .rax, imm: Int64(bitPattern: v))
            asm.movq(.qword, x, .rax)
        case .slot: asm.movs(fw, x, stackMem(depth))
        }
    }

    /// The entry as a sign-extended 32-bit immediate usable with `w`-wide instructions.
    func immediate(_ e: Operand, _ w: Width) -> Int32? {
        guard case .const(let v) = e else { return nil }
        if w == .dword { return Int32(bitPattern: UInt32(truncatingIfNeeded: v)) }
        return Int32(exactly: Int64(bitPattern: v))
    }

    /// Writes a lazy constant at `depth` to its slot.
    mutating func materialize(_ depth: Int) {
        guard case .const(let v) = stack[depth] else { return }
        if let i = Int32(exactly: Int64(bitPattern: v)) {
            asm.mov(.qword, stackMem(depth), imm: i)
        } else {
            asm.mov(.qword, .rax, imm: Int64(bitPattern: v))
            asm.mov(.qword, stackMem(depth), .rax)
        }
        stack[depth] = .slot
    }

    /// Writes every lazy constant to its slot (before merges, branches and calls).
    mutating func spillAll() {
        for d in stack.indices { materialize(d) }
    }
}
