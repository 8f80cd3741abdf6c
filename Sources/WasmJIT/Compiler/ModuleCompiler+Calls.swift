import WasmCore

/// Direct, imported, indirect and host calls.
extension ModuleCompiler {
    /// Records the site of the call instruction just emitted (its return address).
    mutating func recordCallSite() {
        sites[asm.offset] = site
    }

    mutating func call(_ f: UInt32) throws {
        guard let type = module.functionType(at: f) else { throw JITCompileError(message: "unknown function \(f)") }
        spillAll()
        let n = type.params.count, m = type.results.count
        let argDepth = stack.count - n
        maxDepth = Swift.max(maxDepth, argDepth + Swift.max(n, m))
        beginCallSequence()
        let imported = module.importedFunctions.count
        asm.lea(.qword, .rsi, stackMem(argDepth))
        if Int(f) >= imported {
            asm.mov(.qword, .rdi, .r15)
            asm.call(functionLabels[Int(f) - imported])
            recordCallSite()
        } else {
            asm.mov(.qword, .rax, .base(.r15, Offsets.functions))
            asm.mov(.qword, .rax, .base(.rax, Int32(truncatingIfNeeded: 8 * Int(f))))
            callEntry()
        }
        finishCall(n, m)
    }

    mutating func callIndirect(typeIndex: UInt32, table: UInt32) throws {
        guard Int(typeIndex) < module.types.count else { throw JITCompileError(message: "unknown type \(typeIndex)") }
        let type = module.types[Int(typeIndex)]
        spillAll()
        let (e, ed) = pop()
        let n = type.params.count, m = type.results.count
        let argDepth = stack.count - n
        maxDepth = Swift.max(maxDepth, argDepth + Swift.max(n, m))
        beginCallSequence()
        asm.mov(.qword, .rdi, .r15)
        asm.mov(.dword, .rsi, imm: Int64(table))
        load(.rdx, e, ed)
        asm.mov(.dword, .rcx, imm: Int64(typeIndex))
        callHelper(Helpers.resolveIndirect)
        checkHelperTrap()
        asm.lea(.qword, .rsi, stackMem(argDepth))
        callEntry()
        finishCall(n, m)
    }

    /// Calls the `FunctionEntry` in `rax` with the buffer in `rsi`: wasm code directly, host
    /// functions through the `callHost` helper.
    mutating func callEntry() {
        let host = asm.newLabel(), done = asm.newLabel()
        asm.mov(.qword, .r11, .base(.rax, Offsets.entryCode))
        asm.test(.qword, .r11, .r11)
        asm.jcc(.e, host, .near)
        asm.mov(.qword, .rdi, .base(.rax, Offsets.entryContext))
        asm.call(.r11)
        recordCallSite()
        asm.jmp(done, .near)
        asm.bind(host)
        asm.mov(.qword, .rdi, .r15)
        asm.mov(.qword, .rdx, .rsi)
        asm.mov(.qword, .rsi, .rax)
        callHelper(Helpers.callHost)
        checkHelperTrap()
        asm.bind(done)
    }

    /// Saves the pinned locals in caller-saved registers for a call (and the helpers it uses).
    mutating func beginCallSequence() {
        savePinnedLocals()
        pinnedLocalsSaved = true
    }

    mutating func finishCall(_ n: Int, _ m: Int) {
        restorePinnedLocals()
        pinnedLocalsSaved = false
        reloadMemory()
        truncateStack(to: stack.count - n)
        for _ in 0..<m { pushSlot() }
    }
}
