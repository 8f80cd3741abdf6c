/// The abstract operand stack (Liftoff-style): each entry is a lazy constant, a value in a pooled
/// register (GPR or XMM), a comparison result still in the CPU flags, or a value in its home slot.
///
/// Rules the instruction emitters follow:
/// - `pop()` releases the entry's register at once, so a popped operand must be read before anything
///   allocates, except through `resultGPR`/`resultXMM`, which avoid the registers named.
/// - Allocation spills the oldest register entry when its pool is empty. Spills only emit `mov`s, so
///   they neither clobber the scratch registers (`rax rcx rdx r11`, `xmm0 xmm1`) nor the flags.
/// - A `.flags` entry only ever sits at the top of the stack; instructions other than its consumers
///   (`br_if`, `if`, `select`, `i32.eqz`) turn it into a register first (`materializeFlags`).
/// - Merges (block, loop, if, else, end, branches) and calls see every entry in its slot
///   (`spillAll`); helper calls see every register entry spilled (`spillRegisters`).
/// - An f32 in an XMM register has zero bits above bit 31 (every producer guarantees it), so any
///   XMM entry can be stored or moved to a GPR as 64 bits.
/// - `local.get` of a pinned local pushes the local's own register (`.gpr`/`.xmm` of a register
///   outside the pool): a lazy read, valid until the local is written. Writers of a pinned register
///   first spill the entries that still name it (`spillReferences`); the pool never hands it out,
///   `release` ignores it and `resultGPR`/`resultXMM` never reuse it as an operation's result.

extension ModuleCompiler {
    /// An operand stack entry.
    enum Operand: Equatable {
        /// In its home slot.
        case slot
        /// A constant not yet written anywhere (64-bit pattern; i32/f32 zero-extended).
        case const(UInt64)
        /// In a pooled GPR (i32 values zero-extended).
        case gpr(GPR)
        /// In a pooled XMM register (f32 in the low 32 bits, f64 in the low 64).
        case xmm(XMM)
        /// An i32 that is 1 exactly when the condition holds for the current flags.
        case flags(Condition)

        /// The entry's GPR as a register bit mask (0 if not in a GPR).
        var gprMask: UInt16 {
            if case .gpr(let r) = self { return 1 << r.rawValue }
            return 0
        }

        var xmmMask: UInt16 {
            if case .xmm(let x) = self { return 1 << x.rawValue }
            return 0
        }

        var isConstant: Bool {
            if case .const = self { return true }
            return false
        }
    }

    // MARK: Push and pop

    mutating func push(_ e: Operand) {
        stack.append(e)
        if stack.count > maxDepth { maxDepth = stack.count }
    }

    mutating func pushSlot() { push(.slot) }

    mutating func pushConst(_ v: UInt64) { push(.const(v)) }

    /// Pushes the value of scratch register `r` (64 bits) as a new register entry.
    mutating func pushReg(_ r: GPR) {
        let d = allocGPR()
        asm.mov(.qword, d, r)
        push(.gpr(d))
    }

    /// Pushes the value of scratch register `x` as a new XMM entry.
    mutating func pushXMM(_ x: XMM, _ fw: FloatWidth) {
        let d = allocXMM()
        asm.movaps(d, x)
        push(.xmm(d))
    }

    /// Pops the top entry, releasing its register; returns it with its depth.
    mutating func pop() -> (Operand, Int) {
        let e = stack.removeLast()
        release(e)
        return (e, stack.count)
    }

    mutating func release(_ e: Operand) {
        switch e {
        case .gpr(let r): pool.release(r)
        case .xmm(let x): pool.release(x)
        default: break
        }
    }

    /// Drops every entry above `height`, releasing their registers.
    mutating func truncateStack(to height: Int) {
        while stack.count > height { _ = pop() }
    }

    // MARK: Allocation

    /// A free pooled GPR not in `avoiding`; spills the oldest GPR entry when none is free.
    mutating func allocGPR(avoiding: UInt16 = 0) -> GPR {
        while true {
            if let r = pool.takeGPR(avoiding: avoiding) { return r }
            guard let d = stack.firstIndex(where: { $0.gprMask & pool.availableGPRs != 0 }) else {
                preconditionFailure("JIT register pool exhausted with no register entry to spill")
            }
            spill(d)
        }
    }

    /// A free pooled XMM register not in `avoiding`; spills the oldest XMM entry when none is free.
    mutating func allocXMM(avoiding: UInt16 = 0) -> XMM {
        while true {
            if let x = pool.takeXMM(avoiding: avoiding) { return x }
            guard let d = stack.firstIndex(where: { $0.xmmMask & pool.availableXMMs != 0 }) else {
                preconditionFailure("JIT XMM pool exhausted with no register entry to spill")
            }
            spill(d)
        }
    }

    /// The register for the result of an operation whose first operand is `a` (already popped):
    /// the pinned register of the local that the next instruction sets, when that is none of
    /// `avoiding` (the other operands' registers, read after the result is first written); else
    /// `a`'s own pooled GPR when it has one; else a fresh one that is none of `avoiding`.
    mutating func resultGPR(reusing a: Operand, avoiding: UInt16 = 0) -> GPR {
        if let r = nextSetPinnedGPR(avoiding: avoiding) { return r }
        if case .gpr(let r) = a, pool.availableGPRs & (1 << r.rawValue) != 0 {
            pool.take(r)
            return r
        }
        return allocGPR(avoiding: avoiding)
    }

    mutating func resultXMM(reusing a: Operand, avoiding: UInt16 = 0) -> XMM {
        if let x = nextSetPinnedXMM(avoiding: avoiding) { return x }
        if case .xmm(let x) = a, pool.availableXMMs & (1 << x.rawValue) != 0 {
            pool.take(x)
            return x
        }
        return allocXMM(avoiding: avoiding)
    }

    /// A register for a fresh result (no operand to reuse): see `resultGPR(reusing:avoiding:)`.
    mutating func resultGPR(avoiding: UInt16 = 0) -> GPR {
        nextSetPinnedGPR(avoiding: avoiding) ?? allocGPR(avoiding: avoiding)
    }

    mutating func resultXMM(avoiding: UInt16 = 0) -> XMM {
        nextSetPinnedXMM(avoiding: avoiding) ?? allocXMM(avoiding: avoiding)
    }

    // MARK: Results straight into pinned locals

    /// The local that the next instruction (`local.set`/`local.tee`) writes, if any.
    var nextSetLocal: Int? {
        switch nextInstruction {
        case .localSet(let i)?, .localTee(let i)?: return Int(i)
        default: return nil
        }
    }

    /// When the next instruction stores the result into a pinned integer local whose register is
    /// not in `avoiding`: that register, with the stack entries still naming it spilled (the
    /// store that follows is then a move of the register onto itself, which `load` omits).
    mutating func nextSetPinnedGPR(avoiding: UInt16) -> GPR? {
        guard let i = nextSetLocal, let r = pinned.gpr(i), avoiding & (1 << r.rawValue) == 0 else { return nil }
        spillReferences(to: .gpr(r), below: stack.count)
        return r
    }

    mutating func nextSetPinnedXMM(avoiding: UInt16) -> XMM? {
        guard let i = nextSetLocal, let (x, _) = pinned.xmm(i), avoiding & (1 << x.rawValue) == 0 else { return nil }
        spillReferences(to: .xmm(x), below: stack.count)
        return x
    }

    /// Spills the entries below depth `limit` that read pinned register `e` (before it is written).
    mutating func spillReferences(to e: Operand, below limit: Int) {
        for d in 0..<limit where stack[d] == e { spill(d) }
    }

    // MARK: Spilling

    /// Writes the entry at `depth` to its home slot (flags through `rax`, large constants too).
    mutating func spill(_ depth: Int) {
        let mem = stackMem(depth)
        switch stack[depth] {
        case .slot: return
        case .const(let v):
            if let i = Int32(exactly: Int64(bitPattern: v)) {
                asm.mov(.qword, mem, imm: i)
            } else {
                asm.mov(.qword, .rax, imm: Int64(bitPattern: v))
                asm.mov(.qword, mem, .rax)
            }
        case .gpr(let r):
            asm.mov(.qword, mem, r)
            pool.release(r)
        case .xmm(let x):
            asm.movs(.double, mem, x)
            pool.release(x)
        case .flags(let c):
            asm.setcc(c, .rax)
            asm.movzx(.dword, .rax, .rax, from: .byte)
            asm.mov(.qword, mem, .rax)
        }
        stack[depth] = .slot
    }

    /// Writes every entry to its slot (before merges, branches and calls).
    mutating func spillAll() {
        for d in stack.indices { spill(d) }
    }

    /// Writes every register and flags entry to its slot, keeping constants lazy (before helper calls,
    /// which clobber the caller-saved registers and may use any argument register).
    /// Reads of pinned locals stay too: `callHelper` keeps the pinned registers intact, and they are
    /// none of the argument registers.
    mutating func spillRegisters() {
        for d in stack.indices {
            switch stack[d] {
            case .const: continue
            case .gpr(let r) where pool.availableGPRs & (1 << r.rawValue) == 0: continue
            case .xmm(let x) where pool.availableXMMs & (1 << x.rawValue) == 0: continue
            default: spill(d)
            }
        }
    }

    /// Turns a `.flags` entry at the top into a GPR entry.
    mutating func materializeFlags() {
        guard case .flags(let c)? = stack.last else { return }
        let r = allocGPR()
        asm.setcc(c, r)
        asm.movzx(.dword, r, r, from: .byte)
        stack[stack.count - 1] = .gpr(r)
    }

    // MARK: Reading entries

    /// Copies an entry (64 bits) into `r`.
    mutating func load(_ r: GPR, _ e: Operand, _ depth: Int) {
        switch e {
        case .const(let v): asm.mov(.qword, r, imm: Int64(bitPattern: v))
        case .slot: asm.mov(.qword, r, stackMem(depth))
        case .gpr(let s): if s != r { asm.mov(.qword, r, s) }
        case .xmm(let x): asm.movq(.qword, r, x)
        case .flags(let c):
            asm.setcc(c, r)
            asm.movzx(.dword, r, r, from: .byte)
        }
    }

    /// Copies an entry into `x` (f32 in the low 32 bits, f64 in the low 64, upper bits zero).
    mutating func loadXMM(_ x: XMM, _ e: Operand, _ depth: Int, _ fw: FloatWidth) {
        let w: Width = fw == .single ? .dword : .qword
        switch e {
        case .const(let v):
            if v == 0 {
                asm.xorps(x, x)
            } else {
                // `movss`/`movsd` from memory zero the bits above the value.
                asm.movs(fw, x, floatConstant(v))
            }
        case .slot: asm.movs(fw, x, stackMem(depth))
        case .gpr(let r): asm.movq(w, x, r)
        case .xmm(let y): if y != x { asm.movaps(x, y) }
        case .flags:
            load(.rax, e, depth)
            asm.movq(w, x, .rax)
        }
    }

    /// A GPR-or-memory-or-immediate form of an entry for two-operand integer instructions.
    enum Source {
        case reg(GPR)
        case mem(Mem)
        case imm(Int32)
    }

    /// The entry as a `Source` for `w`-wide instructions, loading it into `scratch` when it has no
    /// direct form (large constants, XMM and flags entries).
    mutating func source(_ e: Operand, _ depth: Int, _ w: Width, scratch: GPR) -> Source {
        if let i = immediate(e, w) { return .imm(i) }
        switch e {
        case .slot: return .mem(stackMem(depth))
        case .gpr(let r): return .reg(r)
        default:
            load(scratch, e, depth)
            return .reg(scratch)
        }
    }

    /// The entry's GPR, loading it into `scratch` when it is elsewhere.
    mutating func register(_ e: Operand, _ depth: Int, scratch: GPR) -> GPR {
        if case .gpr(let r) = e { return r }
        load(scratch, e, depth)
        return scratch
    }

    /// The entry as a sign-extended 32-bit immediate usable with `w`-wide instructions.
    func immediate(_ e: Operand, _ w: Width) -> Int32? {
        guard case .const(let v) = e else { return nil }
        if w == .dword { return Int32(bitPattern: UInt32(truncatingIfNeeded: v)) }
        return Int32(exactly: Int64(bitPattern: v))
    }
}
