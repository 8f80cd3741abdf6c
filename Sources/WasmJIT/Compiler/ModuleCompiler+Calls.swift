import WasmCore

/// The out-of-line part of one `call_indirect` (see `callIndirect`).
struct IndirectSlowPath {
    var label: Label
    var resume: Label
    var table: UInt32
    var typeIndex: UInt32
    var site: CodeSite
    /// Registers holding register arguments, with the free home slots to keep them in across
    /// the helper call (which clobbers the caller-saved ones).
    var preserved: [(reg: GPR, slot: Mem)] = []
}

/// Direct, imported, indirect and host calls.
extension ModuleCompiler {
    /// Records the site of the call instruction just emitted (its return address).
    mutating func recordCallSite() {
        sites.append(asm.offset, site)
    }

    /// The registers of the first two parameters when they are integers (`i32`, `i64`,
    /// references): wasm callees take them in `rdx` and `rcx` rather than from the buffer (the
    /// host entry, `cwasmjit_invoke_on_stack`, loads both from the buffer's first two slots).
    static func registerParameters(_ type: FuncType) -> [(index: Int, reg: GPR)] {
        let registers: [GPR] = [.rdx, .rcx]
        var assigned: [(index: Int, reg: GPR)] = []
        for (k, t) in type.params.prefix(registers.count).enumerated() {
            switch t {
            case .i32, .i64, .ref: assigned.append((k, registers[k]))
            case .f32, .f64, .v128: break
            }
        }
        return assigned
    }

    /// Whether a wasm callee of `type` reads the buffer in `rsi`: a parameter not in a register
    /// or a second result.
    static func readsBuffer(_ type: FuncType) -> Bool {
        type.results.count > 1 || registerParameters(type).count < type.params.count
    }

    mutating func call(_ f: UInt32) throws {
        guard let type = module.functionType(at: f) else { throw JITCompileError(message: "unknown function \(f)") }
        let registerArgs = Self.registerParameters(type)
        materializeFlags()
        let n = type.params.count, m = type.results.count
        let argDepth = stack.count - n
        // Every entry to its slot but the register arguments (loaded straight into theirs).
        for d in stack.indices where !registerArgs.contains(where: { argDepth + $0.index == d }) { spill(d) }
        maxDepth = Swift.max(maxDepth, argDepth + Swift.max(n, m))
        beginCallSequence()
        for (k, r) in registerArgs { load(r, stack[argDepth + k], argDepth + k) }
        let imported = module.importedFunctions.count
        if Int(f) >= imported {
            if Self.readsBuffer(type) { asm.lea(.qword, .rsi, stackMem(argDepth)) }
            asm.mov(.qword, .rdi, .r15)
            asm.call(functionLabel(Int(f) - imported))
            recordCallSite()
            finishCall(n, m, type, sameInstance: true)
            return
        } else {
            asm.lea(.qword, .rsi, stackMem(argDepth))
            asm.mov(.qword, .rax, .base(.r15, Offsets.functions))
            asm.mov(.qword, .rax, .base(.rax, Int32(truncatingIfNeeded: 8 * Int(f))))
            callEntry(resultSlot: stackMem(argDepth), registerArgs: registerArgs)
        }
        finishCall(n, m, type)
    }

    /// `call_indirect`, resolved inline: table bounds, element → store entry table (entries
    /// inline, indexed by function address) → type id.
    /// Anything off the fast path (out of bounds, null, an entry not created yet, a type
    /// mismatch) goes to an out-of-line call of the `resolveIndirect` helper, which creates the
    /// entry or raises the interpreter's trap (`IndirectSlowPath`).
    mutating func callIndirect(typeIndex: UInt32, table: UInt32) throws {
        guard Int(typeIndex) < module.types.count else { throw JITCompileError(message: "unknown type \(typeIndex)") }
        let type = module.types[Int(typeIndex)]
        // rcx = element index (kept for the slow path): taken from its register before the
        // spill when it is in one (no store and reload on the way to the call).
        var indexLoaded = false
        if case .gpr(let r)? = stack.last {
            asm.mov(.dword, .rcx, r)
            indexLoaded = true
        }
        let n = type.params.count, m = type.results.count
        let argDepth = stack.count - 1 - n
        // Every entry to its slot but the register arguments in registers or constants: those
        // are loaded into theirs after the checks (which use only `rax rcx rdx`), with no store
        // and reload in the argument's dependency chain.
        let registerArgs = Self.registerParameters(type)
        var preserved: [(reg: GPR, slot: Mem)] = []
        for d in stack.indices {
            if let k = registerArgs.firstIndex(where: { argDepth + $0.index == d }) {
                switch stack[d] {
                case .gpr(let r):
                    preserved.append((r, stackMem(argDepth + registerArgs[k].index)))
                    continue
                case .const: continue
                default: break
                }
            }
            spill(d)
        }
        let (e, ed) = pop()
        maxDepth = Swift.max(maxDepth, argDepth + Swift.max(n, m))
        beginCallSequence()
        let slow = asm.newLabel(), resume = asm.newLabel()
        if !indexLoaded {
            load(.rcx, e, ed)
            asm.mov(.dword, .rcx, .rcx)
        }
        // rax = table context.
        if table == 0 {
            asm.mov(.qword, .rax, .base(.r15, Offsets.table0))
        } else {
            asm.mov(.qword, .rax, .base(.r15, Offsets.tables))
            asm.mov(.qword, .rax, .base(.rax, Int32(truncatingIfNeeded: 8 * Int(table))))
        }
        asm.cmp(.qword, .rcx, .base(.rax, Offsets.tableCount))
        asm.jcc(.ae, slow, .near)
        asm.mov(.qword, .rax, .base(.rax, Offsets.tableBase))
        asm.mov(.qword, .rdx, .sib(.rax, .rcx, .x8))
        // rdx = function address (slot - 1; null wraps to 2^64 - 1, beyond any entry count).
        asm.alu(.sub, .qword, .rdx, imm: 1)
        asm.mov(.qword, .rax, .base(.r15, Offsets.store))
        asm.cmp(.qword, .rdx, .base(.rax, Offsets.entryCount))
        asm.jcc(.ae, slow, .near)
        // rax = &entries[rdx]; an entry not created yet has a type id no type has.
        asm.shift(.shl, .qword, .rdx, imm: Offsets.entryStrideShift)
        asm.add(.qword, .rdx, .base(.rax, Offsets.entries))
        asm.mov(.qword, .rax, .rdx)
        asm.mov(.qword, .rdx, .base(.r15, Offsets.typeIDs))
        asm.mov(.qword, .rdx, .base(.rdx, Int32(truncatingIfNeeded: 8 * Int(typeIndex))))
        asm.cmp(.qword, .rdx, .base(.rax, Offsets.entryTypeID))
        asm.jcc(.ne, slow, .near)
        asm.bind(resume)
        indirectSlowPaths.append(IndirectSlowPath(label: slow, resume: resume, table: table, typeIndex: typeIndex,
                                                  site: site, preserved: preserved))
        // Before `rsi` is set: it may hold an argument.
        for (k, r) in registerArgs { load(r, stack[argDepth + k], argDepth + k) }
        asm.lea(.qword, .rsi, stackMem(argDepth))
        callEntry(resultSlot: stackMem(argDepth), registerArgs: registerArgs)
        finishCall(n, m, type)
    }

    /// Emits the out-of-line slow path of a `call_indirect` (after the body: no pinned locals
    /// to preserve, they were saved by the call sequence; the registers of register arguments
    /// are, in their home slots). Expects the element index in `rcx`; continues at `resume`
    /// with the entry in `rax`, or traps.
    mutating func emitIndirectSlowPath(_ p: IndirectSlowPath) {
        asm.bind(p.label)
        for (r, slot) in p.preserved { asm.mov(.qword, slot, r) }
        asm.mov(.qword, .rdx, .rcx)
        asm.mov(.qword, .rdi, .r15)
        asm.mov(.dword, .rsi, imm: Int64(p.table))
        asm.mov(.dword, .rcx, imm: Int64(p.typeIndex))
        callHelper(Helpers.resolveIndirect)
        checkHelperTrap(at: p.site)
        for (r, slot) in p.preserved { asm.mov(.qword, r, slot) }
        asm.jmp(p.resume, .near)
    }

    /// Calls the `FunctionEntry` in `rax` with the buffer in `rsi` (at `resultSlot`) and the
    /// `registerArgs` in their registers: wasm code directly, host functions through the
    /// `callHost` helper (which reads every argument from the buffer). Either way the first
    /// result is left in `rax` (wasm code writes only the others to the buffer).
    mutating func callEntry(resultSlot: Mem, registerArgs: [(index: Int, reg: GPR)]) {
        let host = asm.newLabel(), done = asm.newLabel()
        asm.mov(.qword, .r11, .base(.rax, Offsets.entryCode))
        asm.test(.qword, .r11, .r11)
        asm.jcc(.e, host, .near)
        asm.mov(.qword, .rdi, .base(.rax, Offsets.entryContext))
        asm.call(.r11)
        recordCallSite()
        asm.jmp(done, .near)
        asm.bind(host)
        for (k, r) in registerArgs { asm.mov(.qword, .base(.rsi, Int32(8 * k)), r) }
        asm.mov(.qword, .rdi, .r15)
        asm.mov(.qword, .rdx, .rsi)
        asm.mov(.qword, .rsi, .rax)
        callHelper(Helpers.callHost)
        checkHelperTrap()
        asm.mov(.qword, .rax, resultSlot)
        asm.bind(done)
    }

    /// Saves the pinned locals still read after a call to wasm code (which preserves no
    /// register but `rbp`) or a host function (and the helpers on the way).
    mutating func beginCallSequence() {
        savePinnedLocalsForCall()
        pinnedLocalsSaved = true
    }

    /// After the call: restores `r15`, the live pinned locals and the memory registers. The first
    /// result is taken from `rax` into a register, the others are in their argument slots.
    /// Every wasm function returns with its own instance context in `r15` (its calls restore it,
    /// helpers preserve it): after a direct call in the same instance (`sameInstance`) it is
    /// still the caller's.
    mutating func finishCall(_ n: Int, _ m: Int, _ type: FuncType, sameInstance: Bool = false) {
        if !sameInstance { asm.mov(.qword, .r15, Self.contextSlot) }
        restorePinnedLocalsAfterCall()
        pinnedLocalsSaved = false
        truncateStack(to: stack.count - n)
        switch type.results.first {
        case nil: break
        case .f32?:
            let x = allocXMM()
            asm.movq(.dword, x, .rax)
            push(.xmm(x))
        case .f64?:
            let x = allocXMM()
            asm.movq(.qword, x, .rax)
            push(.xmm(x))
        default:
            pushReg(.rax)
        }
        for _ in 1..<Swift.max(m, 1) { pushSlot() }
        reloadMemory()
    }
}
