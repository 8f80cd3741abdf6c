import WasmCore
import WasmRuntime

/// A compilation failure: only reachable for modules the validator should have rejected, or
/// for functions too large to address.
struct JITCompileError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The single-pass compiler from validated function bodies to x86-64 code (one buffer per module).
///
/// ## Design
/// A baseline compiler in the spirit of Liftoff/Winch, kept deliberately simple:
/// - Frame: `rsp`-relative 8-byte slots: slot 0 holds the argument/result buffer pointer, then
///   the locals (parameters first), then memory 0's length minus 1, 2, 4 and 8, then save slots for the parameters of `if` blocks, then the
///   operand stack (one home slot per stack depth). `rsp` never moves inside a body, so it stays
///   16-byte aligned for every call.
/// - Abstract value stack (`ValueStack.swift`): each entry is a lazy constant (folded into
///   immediates when used), a value in a pooled register (`RegisterPool.swift`: `rbx r12 rsi rdi
///   r8-r10`, `xmm2-xmm15`), a comparison result still in the flags (fused into `br_if`/`if`/`select`),
///   or a value in its home slot. Everything goes to its slot at control-flow merges and calls, so
///   every merge has the same simple state. Scratch registers: `rax rcx rdx`, `xmm0 xmm1`.
/// - Locals live in their frame slots, except the (up to) six hottest integer (seven in bodies
///   without memory instructions) and eight hottest float locals of each function, weighted by
///   loop depth, which stay in registers for the whole body (`PinnedLocals.swift`: `rbx r12
///   r13 [r14] r10 r11 r9`, `xmm8-xmm15`; written back to their slots around calls: all of them
///   around wasm calls, the System V caller-saved ones around helpers). `local.get` of a pinned
///   local is lazy, and a result that the next instruction stores into a pinned local is
///   computed straight into its register.
/// - Calling convention between wasm functions: `rdi` = callee instance context, the first two
///   parameters in `rdx` and `rcx` when they are integers (`registerParameters`), `rsi` = a
///   buffer (the caller's operand slots, contiguous and ascending) holding the other arguments,
///   into which the callee writes its results from the second on; the first result (its bits,
///   whatever its type) comes back in `rax`. A callee preserves only `rbp` and `rsp`: the caller
///   reloads `r15` from its frame (`contextSlot`) and the memory registers, and keeps its pinned
///   locals that are read after the call (`LiveAfterCall`) in their slots across it. The host
///   entry (`cwasmjit_invoke_on_stack`) uses the same shape through a trampoline that saves the
///   System V callee-saved registers, loads `rdx`/`rcx` from the buffer and stores `rax` back.
/// - Pinned registers: `r15` instance context, `r14` memory 0 base (with its limits in frame
///   slots), reloaded after every call (callees clobber them; a callee or host function may also
///   grow the memory) and `memory.grow`; bodies without memory instructions never load them,
///   and use `r14` for a local.
/// - Bounds checks are explicit: effective address (64-bit: zero-extended i32 + offset) is
///   compared with the length minus the access width (a frame slot); no guard pages or signal handlers are involved.
/// - Traps: every trap site is a `call` to a per-kind stub; the return address identifies the site
///   (function index, module offset) and the stub records it, then longjmps out through
///   `cwasmjit_trap`. Helpers written in Swift report traps through `StoreContext.trapCode`.
/// - Numeric operations with subtle semantics (float min/max, conversions that trap, etc.) call
///   the interpreter's semantics (`NumericSemantics`) through a helper, so both backends agree.
///
/// Debugging: with `WASMJIT_DUMP=/path` set, each module's raw code is written to that file
/// (disassemble with `llvm-objcopy -I binary -O elf64-x86-64 --rename-section=.data=.text,code`
/// then `llvm-objdump -d -M intel`).
struct ModuleCompiler {
    let module: ModuleDefinition
    let engine: EngineShared
    let cpu = CPUFeatures.host
    var asm = X64Assembler()
    /// Labels of the defined functions the code in `asm` calls, by defined-function index
    /// (the function being compiled included): bound when the functions are linked
    /// (`ModuleCompiler+Linking.swift`).
    var calleeLabels: [Int: Label] = [:]
    var sites = SiteTable()
    /// Module-wide trap stubs, by trap code.
    var trapStubs: [Int32: Label] = [:]
    /// Jump tables to emit at the end of the module.
    var pendingTables: [(Label, [Label])] = []
    /// Float constants read RIP-relative (8 bytes each; an f32 in the low 4), emitted at the end
    /// of the module.
    var floatConstants: [UInt64: Label] = [:]
    /// Absolute helper addresses baked into the code, for precompiled artifacts.
    var relocations: [JITRelocation] = []

    // MARK: Per-function state

    struct Control {
        enum Kind { case block, loop, ifThen, elseBranch, function }
        var kind: Kind
        /// End label (loop: start label).
        var label: Label
        var elseLabel: Label?
        /// Operand stack height below the block's parameters.
        var height: Int
        var params: Int
        var results: Int
        /// First save slot of an `if`'s parameters.
        var saveSlot: Int = 0
        /// Code after an unconditional branch: not emitted until the block ends.
        var unreachable = false
        /// Some branch targets this block's end label.
        var branchedTo = false
        var arity: Int { kind == .loop ? params : results }
    }

    /// An epoch check's out-of-line deadline path: from `slow` back to `back`.
    struct EpochSlowPath {
        var slow: Label
        var back: Label
        var offset: Int?
    }

    /// An out-of-line trap site: `call stub` at `label`.
    struct TrapSite {
        var label: Label
        var code: Int32
        var site: CodeSite
    }

    /// A deliberate miscompilation for harness tests (honoured in debug builds only).
    var seededMiscompile: SeededMiscompile?
    var functionIndex: UInt32 = 0
    var stack: [Operand] = []
    var pool = RegisterPool()
    var pinned = PinnedLocals()
    /// Inside a call sequence whose pinned locals are already saved (helpers called there must not
    /// save them again).
    var pinnedLocalsSaved = false
    /// The body has memory instructions (else `r14` and the length slot are never loaded: callers
    /// reload theirs after every call anyway).
    var usesMemory = true
    /// The limit slots (`limitWidths`) the body reads: only these are written by `reloadMemory`.
    var usedLimitWidths: [Int] = limitWidths
    /// Parameter and local types (to load float locals into XMM registers).
    var localTypes: [ValueType] = []
    var maxDepth = 0
    var controls: [Control] = []
    var deadDepth = 0
    var localCount = 0
    var saveBase = 0
    var nextSave = 0
    var stackBase = 0
    var offsets: [Int] = []
    var currentOffset: Int?
    var trapSites: [TrapSite] = []
    var indirectSlowPaths: [IndirectSlowPath] = []
    var epochSlowPaths: [EpochSlowPath] = []
    var resultCount = 0
    /// The body being compiled, and the index of the instruction after the current one.
    var instructions: [Instruction] = []
    /// The body's variable-length immediates (`FunctionBody.lists`).
    var lists: [UInt32] = []
    var nextIndex = 0
    /// The instruction after the one being compiled (results go straight into the register of a
    /// pinned local that it sets). Computed on use: copying every instruction into a stored
    /// property cost more than the few reads.
    var nextInstruction: Instruction? {
        nextIndex < instructions.count ? instructions[nextIndex] : nil
    }
    /// The pinned locals the current call sequence saved (the ones live after the call).
    var savedAcrossCall: [Int] = []

    init(module: ModuleDefinition, engine: EngineShared) {
        self.module = module
        self.engine = engine
    }

    /// The memory operand of float constant `bits` in the module's constant pool.
    mutating func floatConstant(_ bits: UInt64) -> Mem { .rip(floatConstantLabel(bits)) }

    /// The label of float constant `bits` in the module's constant pool.
    mutating func floatConstantLabel(_ bits: UInt64) -> Label {
        if let l = floatConstants[bits] { return l }
        let l = asm.newLabel()
        floatConstants[bits] = l
        return l
    }

    /// The label of defined function `defined` (a callee of the code being compiled).
    mutating func functionLabel(_ defined: Int) -> Label {
        if let l = calleeLabels[defined] { return l }
        let l = asm.newLabel()
        calleeLabels[defined] = l
        return l
    }

    /// A guess at the machine code size of a body of `instructions` instructions (two bytes per
    /// wasm instruction: some take ten, dead code takes none), to size a buffer up front.
    static func expectedCodeSize(instructions: Int) -> Int {
        Swift.min(instructions, 1 << 24) * 2 + 64
    }

    // MARK: Frame

    static func slotMem(_ i: Int) -> Mem { .base(.rsp, Int32(truncatingIfNeeded: 8 * i)) }
    func localMem(_ i: Int) -> Mem { Self.slotMem(1 + i) }
    /// The access widths with a limit slot.
    static let limitWidths = [1, 2, 4, 8]
    /// Memory 0's byte length minus `width` (one of `limitWidths`; may be negative), written by
    /// `reloadMemory`, in the slots between the locals and the save slots.
    func memoryLimitSlot(_ width: Int) -> Mem {
        Self.slotMem(1 + localCount + (Self.limitWidths.firstIndex(of: width) ?? 0))
    }
    func stackMem(_ depth: Int) -> Mem { Self.slotMem(stackBase + depth) }
    static let argsSlot = slotMem(0)
    /// The frame's instance context, pushed by the prologue: `r15` is reloaded from it after
    /// calls (callees do not preserve it) and backtraces read callers' contexts from it.
    static let contextSlot = Mem.base(.rbp, -8)

    mutating func compileFunction(index: UInt32, label: Label, type: FuncType, body: FunctionBody) throws {
        functionIndex = index
        offsets = body.offsets
        currentOffset = offsets.first
        // Per-function buffers are emptied, not replaced: their capacity is reused by the next body.
        stack.removeAll(keepingCapacity: true)
        maxDepth = 0
        controls.removeAll(keepingCapacity: true)
        deadDepth = 0
        trapSites.removeAll(keepingCapacity: true)
        indirectSlowPaths.removeAll(keepingCapacity: true)
        epochSlowPaths.removeAll(keepingCapacity: true)
        resultCount = type.results.count
        var declared = 0
        for l in body.locals {
            declared += Int(l.count)
            guard declared <= 1_000_000 else { throw JITCompileError(message: "too many locals") }
        }
        localCount = type.params.count + declared
        localTypes.removeAll(keepingCapacity: true)
        localTypes.append(contentsOf: type.params)
        for l in body.locals { localTypes.append(contentsOf: repeatElement(l.type, count: Int(l.count))) }
        let facts = BodyFacts.of(body, types: module.types, localCount: localTypes.count)
        usesMemory = facts.usesMemory
        usedLimitWidths = usesMemory ? facts.limitWidthsRead : []
        pinned = PinnedLocals(facts: facts, localTypes: localTypes)
        pool.reset(excludingGPRs: pinned.gprMask, excludingXMMs: pinned.xmmMask)
        pinnedLocalsSaved = false
        saveBase = 1 + localCount + Self.limitWidths.count
        nextSave = saveBase
        stackBase = saveBase + facts.ifSaveSlots

        asm.bind(label)
        // Prologue: push rbp; mov rbp, rsp; push rdi (this frame's context, `contextSlot`);
        // sub rsp, imm32 (patched below). No other register is preserved for the caller.
        asm.push(.rbp)
        asm.mov(.qword, .rbp, .rsp)
        asm.push(.rdi)
        asm.data([0x48, 0x81, 0xEC])
        let framePatch = asm.offset
        asm.data32(0)
        asm.mov(.qword, .r15, .rdi)
        // Stack limit: the whole frame must lie above the store's limit.
        if !Self.skipsStackCheck(instructionCount: body.instructions.count, callsWasm: facts.callsWasm, slots: stackBase) {
            asm.cmp(.qword, .rsp, .base(.r15, Offsets.instanceStackLimit))
            trapIf(.b, .callStackExhausted, skip: true)
        }
        // The result buffer is written only from the second result on.
        if type.results.count > 1 { asm.mov(.qword, Self.argsSlot, .rsi) }
        // Parameters come in `rdx`/`rcx` (`registerParameters`) or the buffer. Pinned locals
        // live in registers: their slots are written only around calls.
        let registerParams = Self.registerParameters(type)
        for k in 0..<type.params.count where !isPinned(k) {
            if let r = registerParams.first(where: { $0.index == k })?.reg {
                asm.mov(.qword, localMem(k), r)
            } else {
                asm.mov(.qword, .rax, .base(.rsi, Int32(8 * k)))
                asm.mov(.qword, localMem(k), .rax)
            }
        }
        loadPinnedLocalsAtEntry(params: type.params.count, registers: registerParams)
        // Clobbers `rax`, `rcx` and `rdi`: after every parameter is in place.
        zeroLocals(from: type.params.count, count: declared)
        reloadMemory()
        if engine.epochInterruption { epochCheck() }

        controls.append(Control(kind: .function, label: asm.newLabel(), height: 0, params: 0, results: type.results.count))
        let segments = engine.consumeFuel ? fuelSegments(of: body) : []
        var segmentCost: [Int: UInt64] = [:]
        for s in segments where s.cost > 0 { segmentCost[s.start] = s.cost }

        // Instructions are read in place (not copied into a loop variable: `Instruction` is
        // not trivially copyable, so every copy is a call).
        let code = body.instructions
        instructions = code
        lists = body.lists
        defer {
            instructions = []
            lists = []
        }
        for i in code.indices {
            currentOffset = i < offsets.count ? offsets[i] : nil
            nextIndex = i + 1
            if controls.isEmpty { break }
            if !segmentCost.isEmpty, isLive, let cost = segmentCost[i] {
                materializeFlags()
                chargeFuel(cost)
            }
            try compile(code[i])
        }

        // Deadline paths return into the body: they keep the pinned locals.
        emitEpochSlowPaths()
        // Trap sites and stubs do not return: no locals to keep.
        pinned = PinnedLocals()

        for p in indirectSlowPaths { emitIndirectSlowPath(p) }
        // Out-of-line trap sites.
        for t in trapSites {
            asm.bind(t.label)
            asm.call(stub(t.code))
            sites.append(asm.offset, t.site)
        }
        let slots = stackBase + maxDepth + 1
        guard slots <= X64Assembler.maxLocalSlots else { throw JITCompileError(message: "function frame too large") }
        let frame = (slots * 8 + 15) & ~15
        let adjust = UInt32(frame + 8)
        for k in 0..<4 { asm.bytes[framePatch + k] = UInt8(truncatingIfNeeded: adjust >> (8 * UInt32(k))) }
    }

    var isLive: Bool { deadDepth == 0 && !(controls.last?.unreachable ?? true) }

    func isPinned(_ local: Int) -> Bool { pinned.gpr(local) != nil || pinned.xmm(local) != nil }

    /// Zeroes the slots of the declared locals `first..<first+count` that are not pinned.
    mutating func zeroLocals(from first: Int, count: Int) {
        guard count > 0 else { return }
        let unpinned = count - pinned.gprs.count(where: { $0.local >= first }) - pinned.xmms.count(where: { $0.local >= first })
        guard unpinned > 0 else { return }
        asm.xor(.dword, .rax, .rax)
        if unpinned <= 16 {
            for k in first..<first + count where !isPinned(k) { asm.mov(.qword, localMem(k), .rax) }
        } else {
            asm.lea(.qword, .rdi, localMem(first))
            asm.mov(.qword, .rcx, imm: Int64(count))
            asm.data([0xF3, 0x48, 0xAB])  // rep stosq
        }
    }

    /// The largest frame a leaf function may have without checking the stack limit.
    static let uncheckedLeafFrameBytes = 16 * 1024

    /// Whether a body may skip the prologue's stack-limit check: it calls no wasm function and
    /// its frame (`slots` before the operand stack, which is at most one slot per instruction)
    /// is small. Its caller passed the check, so the frame ends at most that far below the limit,
    /// inside the margin kept below it for helpers (`WasmStack.hostMargin`,
    /// `JITStoreState.hostMargin`); recursion always goes through a checked frame.
    static func skipsStackCheck(instructionCount: Int, callsWasm: Bool, slots: Int) -> Bool {
        let (bound, o) = slots.addingReportingOverflow(instructionCount + 2)
        guard !o, bound <= uncheckedLeafFrameBytes / 8 else { return false }
        return !callsWasm
    }

    /// Loads memory 0's base into `r14` and its limits (length minus access width) into the frame
    /// slots the body reads, if the body needs them. Clobbers `rax` and `rcx`.
    mutating func reloadMemory() {
        guard usesMemory else { return }
        asm.mov(.qword, .rax, .base(.r15, Offsets.memory))
        asm.mov(.qword, .r14, .base(.rax, Offsets.memoryBase))
        if usedLimitWidths.isEmpty { return }
        asm.mov(.qword, .rax, .base(.rax, Offsets.memorySize))
        for w in usedLimitWidths {
            asm.lea(.qword, .rcx, .base(.rax, Int32(-w)))
            asm.mov(.qword, memoryLimitSlot(w), .rcx)
        }
    }

    /// Leaves the function with its results: the first in `rax` (its bits, whatever its type),
    /// the others in the result buffer from its second slot on (see `finishCall`).
    mutating func emitReturn() {
        let first = stack.count - resultCount
        if resultCount > 1 {
            // `rdx`: not a pinned or pooled register, so every entry is still readable.
            asm.mov(.qword, .rdx, Self.argsSlot)
            for k in (1..<resultCount).reversed() {
                let r = register(stack[first + k], first + k, scratch: .rax)
                asm.mov(.qword, .base(.rdx, Int32(8 * k)), r)
            }
        }
        if resultCount > 0 {
            switch stack[first] {
            case .xmm(let x): asm.movq(.qword, .rax, x)
            case let e:
                let r = register(e, first, scratch: .rax)
                if r != .rax { asm.mov(.qword, .rax, r) }
            }
        }
        asm.mov(.qword, .rsp, .rbp)
        asm.pop(.rbp)
        asm.ret()
    }

    // MARK: Traps

    mutating func stub(_ code: Int32) -> Label {
        if let l = trapStubs[code] { return l }
        let l = asm.newLabel()
        trapStubs[code] = l
        return l
    }

    var site: CodeSite { CodeSite(functionIndex: functionIndex, wasmOffset: currentOffset) }

    /// Jumps to a trap of `kind` when `cond` holds.
    mutating func trapIf(_ cond: Condition, _ kind: TrapKind, skip: Bool = false) {
        let l = asm.newLabel()
        asm.jcc(cond, l, .near)
        var s = site
        s.skip = skip
        trapSites.append(TrapSite(label: l, code: TrapCode.code(kind), site: s))
    }

    /// Traps unconditionally.
    mutating func trapNow(_ kind: TrapKind) {
        let l = asm.newLabel()
        asm.jmp(l, .near)
        trapSites.append(TrapSite(label: l, code: TrapCode.code(kind), site: site))
    }

    /// After a helper that may trap: traps with the code it stored (reported at `at`, by default
    /// the current instruction).
    mutating func checkHelperTrap(at: CodeSite? = nil) {
        asm.mov(.qword, .rcx, .base(.r15, Offsets.store))
        asm.cmp(.qword, .base(.rcx, Offsets.trapCode), imm: 0)
        let l = asm.newLabel()
        asm.jcc(.ne, l, .near)
        trapSites.append(TrapSite(label: l, code: 0, site: at ?? site))
    }

    /// A trap stub: records the site (return address), frame and context, then calls
    /// `cwasmjit_trap(trapState, code)`; code 0 means "the code stored by a helper".
    mutating func emitTrapStub(code: Int32, label: Label) {
        asm.bind(label)
        asm.pop(.rax)
        asm.mov(.qword, .rcx, .base(.r15, Offsets.store))
        asm.mov(.qword, .base(.rcx, Offsets.trapPC), .rax)
        asm.mov(.qword, .base(.rcx, Offsets.trapFP), .rbp)
        asm.mov(.qword, .base(.rcx, Offsets.trapContext), .r15)
        asm.mov(.qword, .rdi, .r15)
        callHelper(Helpers.captureBacktrace)
        asm.mov(.qword, .rcx, .base(.r15, Offsets.store))
        asm.mov(.qword, .rdi, .base(.rcx, Offsets.trapState))
        if code == 0 {
            asm.mov(.qword, .rsi, .base(.rcx, Offsets.trapCode))
        } else {
            asm.mov(.dword, .rsi, imm: Int64(code))
        }
        callHelper(X64Assembler.trapFunctionAddress)
        asm.ud2()
    }

    // MARK: Epoch and fuel

    /// The epoch check (at function entry and loop headers, where every operand is in its slot):
    /// the comparison inline, the deadline path (`emitEpochSlowPaths`) after the body.
    mutating func epochCheck() {
        asm.mov(.qword, .rax, .base(.r15, Offsets.store))
        asm.mov(.qword, .rcx, .base(.rax, Offsets.epochCounter))
        asm.mov(.qword, .rcx, .base(.rcx, 0))
        asm.cmp(.qword, .rcx, .base(.rax, Offsets.epochDeadline))
        let slow = asm.newLabel(), back = asm.newLabel()
        asm.jcc(.ae, slow, .near)
        asm.bind(back)
        epochSlowPaths.append(EpochSlowPath(slow: slow, back: back, offset: currentOffset))
    }

    /// The deadline paths of the body's epoch checks: call the epoch helper (which runs the
    /// callback or records the interrupt), trap if it says so, else resume after the check.
    mutating func emitEpochSlowPaths() {
        let saved = currentOffset
        for p in epochSlowPaths {
            currentOffset = p.offset
            asm.bind(p.slow)
            asm.mov(.qword, .rdi, .r15)
            callHelper(Helpers.epoch)
            checkHelperTrap()
            asm.jmp(p.back, .near)
        }
        epochSlowPaths.removeAll(keepingCapacity: true)
        currentOffset = saved
    }

    mutating func chargeFuel(_ cost: UInt64) {
        asm.mov(.qword, .rax, .base(.r15, Offsets.store))
        if let c = Int32(exactly: cost) {
            asm.cmp(.qword, .base(.rax, Offsets.fuel), imm: c)
            trapIf(.b, .outOfFuel)
            asm.alu(.sub, .qword, .base(.rax, Offsets.fuel), imm: c)
        } else {
            asm.mov(.qword, .rcx, imm: Int64(bitPattern: cost))
            asm.cmp(.qword, .rcx, .base(.rax, Offsets.fuel))
            trapIf(.a, .outOfFuel)
            asm.alu(.sub, .qword, .base(.rax, Offsets.fuel), .rcx)
        }
    }

    /// Calls a Swift helper (System V); arguments are already in place. Pinned locals in
    /// caller-saved registers are preserved around the call. Records a relocation: the
    /// `movabs rax, imm64` it emits starts with 2 bytes (REX.W, opcode) before the address.
    mutating func callHelper(_ address: UInt64) {
        let preserve = !pinnedLocalsSaved
        if preserve { savePinnedLocals() }
        relocations.append(JITRelocation(offset: asm.offset + 2, address: address))
        asm.call(absolute: address, scratch: .rax)
        if preserve { restorePinnedLocals() }
    }
}
