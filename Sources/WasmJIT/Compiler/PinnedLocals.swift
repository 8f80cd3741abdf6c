import WasmCore

/// Locals kept in registers for a whole function body: the most used integer and float locals,
/// weighted by loop nesting (a use inside n nested loops counts 8^n).
///
/// A pinned local's value lives in its register at every point of the body, so control-flow merges
/// need no moves, `local.get` pushes the register itself and `local.set` is a register copy (or
/// none, when the value is computed straight into it). Its frame slot holds the value only
/// while a call runs: all of them are written to their slots before a call to wasm code (which
/// preserves no register but `rbp`) and reloaded after it; around a helper (System V) only the
/// caller-saved ones (`r10`, `r11`, `r9`, `xmm8-xmm15`): the callee-saved ones (`rbx`, `r12`,
/// `r13`, `r14`) survive by themselves. Helper argument set-up never disturbs them: `r10`/`r11`
/// are no argument registers, and `r9` is pinned only in bodies without the five-argument helpers.
struct PinnedLocals {
    /// Registers for i32/i64/reference locals, in assignment order (most used local first;
    /// callee-saved ones first, as they cost nothing around calls).
    static let gprs: [GPR] = [.rbx, .r12, .r13, .r10, .r11]
    /// One more for bodies without memory instructions (memory 0's base register is free there).
    static let memoryBaseGPR: GPR = .r14
    /// One more for bodies without `table.copy`/`table.init`, the only helpers with a fifth
    /// argument (in `r9`; the others take at most four: `rdi rsi rdx rcx`).
    static let fifthArgumentGPR: GPR = .r9
    /// Registers for f32/f64 locals.
    static let xmms: [XMM] = [.xmm15, .xmm14, .xmm13, .xmm12, .xmm11, .xmm10, .xmm9, .xmm8]
    /// Whether System V helpers preserve `r` (`rbx r12 r13 r14` among the pinned registers): a
    /// switch, not a set, since it is asked around every helper call.
    static func isCalleeSaved(_ r: GPR) -> Bool {
        switch r {
        case .rbx, .r12, .r13, .r14: return true
        default: return false
        }
    }
    /// A local needs at least this weight to be worth a register. (Pinning parameters used
    /// once was tried: on AMD EPYC the `calls` benchmark's `call_indirect` loop, whose callees
    /// are a few instructions long, then ran 4x slower or not depending on code layout alone,
    /// two more instructions before the epilogue made it fast again.)
    static let minimumWeight = 2

    /// Pinned integer-class locals with their registers (at most seven: searched linearly).
    private(set) var gprs: [(local: Int, reg: GPR)] = []
    /// Pinned float locals with their registers and widths.
    private(set) var xmms: [(local: Int, reg: XMM, width: FloatWidth)] = []

    /// The pinned registers as bit masks (to keep them out of the operand stack's pool).
    var gprMask: UInt16 { gprs.reduce(0) { $0 | (1 << $1.reg.rawValue) } }
    var xmmMask: UInt16 { xmms.reduce(0) { $0 | (1 << $1.reg.rawValue) } }

    func gpr(_ local: Int) -> GPR? { gprs.first { $0.local == local }?.reg }
    func xmm(_ local: Int) -> (XMM, FloatWidth)? { xmms.first { $0.local == local }.map { ($0.reg, $0.width) } }

    /// No local pinned.
    init() {}

    /// Chooses the locals (types `localTypes`, parameters first) to pin from the body's `facts`
    /// (its local weights, whether it reads memory 0's registers or calls five-argument helpers).
    init(facts: BodyFacts, localTypes: [ValueType]) {
        var ranked: [(offset: Int, element: Int)] = []
        for (local, weight) in facts.localWeights.enumerated() where weight >= Self.minimumWeight && local < localTypes.count {
            ranked.append((local, weight))
        }
        guard !ranked.isEmpty else { return }
        ranked.sort { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
        var available = Self.gprs
        if !facts.usesMemory { available.insert(Self.memoryBaseGPR, at: 3) }
        if !facts.usesFifthArgument { available.append(Self.fifthArgumentGPR) }
        var freeGPRs = available[...], freeXMMs = Self.xmms[...]
        for (local, _) in ranked {
            switch localTypes[local] {
            case .i32, .i64, .ref:
                if let r = freeGPRs.popFirst() { gprs.append((local, r)) }
            case .f32:
                if let x = freeXMMs.popFirst() { xmms.append((local, x, .single)) }
            case .f64:
                if let x = freeXMMs.popFirst() { xmms.append((local, x, .double)) }
            case .v128:
                break
            }
        }
    }
}

extension ModuleCompiler {
    /// Loads the pinned locals at function entry: parameters from their `registers` or the
    /// argument buffer (`rsi`), declared locals as zero. (Their frame slots are not written: a
    /// pinned local's slot holds its value only while a call runs.)
    mutating func loadPinnedLocalsAtEntry(params: Int, registers: [(index: Int, reg: GPR)]) {
        for (i, r) in pinned.gprs {
            if let source = registers.first(where: { $0.index == i })?.reg {
                asm.mov(.qword, r, source)
            } else if i < params {
                asm.mov(.qword, r, .base(.rsi, Int32(8 * i)))
            } else {
                asm.xor(.dword, r, r)
            }
        }
        for (i, x, fw) in pinned.xmms {
            if i < params { asm.movs(fw, x, .base(.rsi, Int32(8 * i))) } else { asm.xorps(x, x) }
        }
    }

    /// Writes the pinned locals a helper (System V) clobbers to their slots: those in caller-saved
    /// registers.
    mutating func savePinnedLocals() {
        for (i, r) in pinned.gprs where !PinnedLocals.isCalleeSaved(r) { asm.mov(.qword, localMem(i), r) }
        for (i, x, _) in pinned.xmms { asm.movs(.double, localMem(i), x) }
    }

    /// Reloads the pinned locals `savePinnedLocals()` saved (after the helper).
    mutating func restorePinnedLocals() {
        for (i, r) in pinned.gprs where !PinnedLocals.isCalleeSaved(r) { asm.mov(.qword, r, localMem(i)) }
        for (i, x, fw) in pinned.xmms { asm.movs(fw, x, localMem(i)) }
    }

    /// Before a call to wasm code (which preserves no register but `rbp`) or a host function:
    /// writes the pinned locals still read after the call (`LiveAfterCall`) to their slots and
    /// remembers them in `savedAcrossCall`.
    mutating func savePinnedLocalsForCall() {
        let all = pinned.gprs.map(\.local) + pinned.xmms.map(\.local)
        savedAcrossCall = LiveAfterCall.live(all, after: nextIndex - 1, in: instructions)
        for (i, r) in pinned.gprs where savedAcrossCall.contains(i) { asm.mov(.qword, localMem(i), r) }
        for (i, x, _) in pinned.xmms where savedAcrossCall.contains(i) { asm.movs(.double, localMem(i), x) }
    }

    /// After the call: reloads the pinned locals `savePinnedLocalsForCall()` saved. The others
    /// are dead: their registers keep whatever the callee left until the next write.
    mutating func restorePinnedLocalsAfterCall() {
        for (i, r) in pinned.gprs where savedAcrossCall.contains(i) { asm.mov(.qword, r, localMem(i)) }
        for (i, x, fw) in pinned.xmms where savedAcrossCall.contains(i) { asm.movs(fw, x, localMem(i)) }
        savedAcrossCall = []
    }
}
