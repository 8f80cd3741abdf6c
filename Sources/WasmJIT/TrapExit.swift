/// Leaving generated code early on a trap: the entry path records an unwind point (setjmp in
/// `cwasmjit_invoke_catching`), generated code calls `cwasmjit_trap` to return there with a code.
///
/// The compiler keeps the trap slot, a pointer-sized field, in its context struct; generated code
/// reaches it through the context register (`r15` by convention).

import CWasmJIT

extension X64Assembler {
    /// The address of the C trap function generated code calls.
    public static var trapFunctionAddress: UInt64 {
        UInt64(UInt(bitPattern: cwasmjit_trap_address()))
    }

    /// Emits a trap with a nonzero `code`: `mov rdi, [trapSlot]; mov esi, code; movabs rax, trap;
    /// call rax; ud2`. `rsp` must be 16-byte aligned (as everywhere a call is made); the call
    /// never returns, so the registers it clobbers do not matter.
    public mutating func trap(code: Int32, trapSlot: Mem) {
        precondition(code != 0, "trap code 0 means no trap")
        mov(.qword, .rdi, trapSlot)
        mov(.dword, .rsi, imm: Int64(code))
        call(absolute: Self.trapFunctionAddress, scratch: .rax)
        ud2()  // not reached: marks the end for disassemblers and catches a broken trap path
    }
}

extension CodeMemory {
    /// Calls the function at `offset` like `invoke`, catching traps raised with
    /// `X64Assembler.trap(code:trapSlot:)`. `trapSlot` must be the context field the generated code
    /// reads; it is set for the call and restored afterwards (calls may nest).
    /// - Returns: 0 if the code returned normally, otherwise the trap code.
    public func invokeCatchingTraps(
        at offset: Int, context: UnsafeMutableRawPointer?, arguments: UnsafeMutableRawPointer?,
        trapSlot: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    ) -> Int32 {
        guard let entry = address(at: offset) else {
            preconditionFailure("entry offset \(offset) outside code of \(codeSize) bytes")
        }
        return cwasmjit_invoke_catching(entry, context, arguments, trapSlot)
    }
}
