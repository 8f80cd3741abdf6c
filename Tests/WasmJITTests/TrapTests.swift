/// Traps: generated code leaves through `cwasmjit_trap` back to `invokeCatchingTraps`.

#if arch(x86_64)
import Testing
@testable import WasmJIT

/// A stand-in for the compiler's context struct: the trap slot and one more field.
private struct TestContext {
    var trapSlot: UnsafeMutableRawPointer?
    var marker: UInt64
}

private let trapSlotOffset = Int32(MemoryLayout<TestContext>.offset(of: \TestContext.trapSlot) ?? 0)

/// Assembles `body`, runs it catching traps, and returns the trap code, the buffer and the
/// trap slot's value after the call.
private func runCatching(
    _ args: [UInt64], initialSlot: UnsafeMutableRawPointer? = nil, _ body: (inout X64Assembler) throws -> Void
) throws -> (code: Int32, args: [UInt64], slotAfter: UnsafeMutableRawPointer?) {
    var asm = X64Assembler()
    try body(&asm)
    let memory = try CodeMemory(code: try asm.finish())
    let context = UnsafeMutablePointer<TestContext>.allocate(capacity: 1)
    defer { context.deallocate() }
    context.initialize(to: TestContext(trapSlot: initialSlot, marker: 0))
    let slot = UnsafeMutableRawPointer(context).advanced(by: Int(trapSlotOffset))
        .assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
    var buffer = args
    let code = buffer.withUnsafeMutableBytes { raw in
        memory.invokeCatchingTraps(at: 0, context: UnsafeMutableRawPointer(context),
                                   arguments: raw.baseAddress, trapSlot: slot)
    }
    return (code, buffer, context.pointee.trapSlot)
}

@Suite struct TrapTests {
    /// i64.div_s with the zero check of wasm: divisor 0 traps with code 3.
    private func divide(_ asm: inout X64Assembler) throws {
        let ok = asm.newLabel()
        try asm.prologue(localSlots: 0)
        asm.mov(.qword, .rcx, .base(.rsi, 8))
        asm.test(.qword, .rcx, .rcx)
        asm.jcc(.ne, ok)
        asm.trap(code: 3, trapSlot: .base(.r15, trapSlotOffset))
        asm.bind(ok)
        asm.mov(.qword, .rax, .base(.rsi))
        asm.cqo()
        asm.idiv(.qword, .rcx)
        asm.mov(.qword, .base(.rsi, 16), .rax)
        asm.epilogue()
    }

    @Test func trapSequenceEncoding() throws {
        var asm = X64Assembler()
        asm.trap(code: 5, trapSlot: .base(.r15, 0x18))
        guard Disassembler.tools != nil else { print("skipped: llvm-objdump not found"); return }
        let lines = try Disassembler.disassemble(try asm.finish()).map(\.text)
        let address = "0x" + String(X64Assembler.trapFunctionAddress, radix: 16)
        #expect(lines == ["mov rdi, qword ptr [r15 + 0x18]", "mov esi, 0x5", "movabs rax, \(address)", "call rax", "ud2"])
    }

    @Test func normalReturnGivesZero() throws {
        let r = try runCatching([84, 2, 0], divide)
        #expect(r.code == 0)
        #expect(r.args[2] == 42)
        #expect(r.slotAfter == nil)
    }

    @Test func trapReturnsItsCodeAndSkipsTheRest() throws {
        let r = try runCatching([84, 0, 0xAAAA], divide)
        #expect(r.code == 3)
        #expect(r.args[2] == 0xAAAA)  // the store after the check never ran
        #expect(r.slotAfter == nil)
    }

    @Test func previousTrapSlotIsRestored() throws {
        let outer = UnsafeMutableRawPointer(bitPattern: 0x1000)
        let r = try runCatching([1, 0, 0], initialSlot: outer, divide)
        #expect(r.code == 3)
        #expect(r.slotAfter == outer)
    }

    @Test func trapUnwindsThroughNestedFrames() throws {
        let r = try runCatching([0]) { asm in
            let inner = asm.newLabel()
            try asm.prologue(localSlots: 1)
            asm.call(inner)
            asm.mov(.qword, .base(.rsi), imm: 99)  // not reached
            asm.epilogue()
            asm.bind(inner)
            try asm.prologue(localSlots: 2)
            asm.trap(code: 7, trapSlot: .base(.r15, trapSlotOffset))
        }
        #expect(r.code == 7)
        #expect(r.args[0] == 0)
    }

    @Test func repeatedTrapsAndReturnsInterleave() throws {
        var asm = X64Assembler()
        try divide(&asm)
        let memory = try CodeMemory(code: try asm.finish())
        var context = TestContext(trapSlot: nil, marker: 0)
        for i in 0..<50 {
            let divisor: UInt64 = i % 2 == 0 ? 0 : UInt64(i)
            var buffer: [UInt64] = [UInt64(i * 10), divisor, 0]
            let code = withUnsafeMutablePointer(to: &context) { ctx in
                buffer.withUnsafeMutableBytes { raw in
                    memory.invokeCatchingTraps(
                        at: 0, context: UnsafeMutableRawPointer(ctx), arguments: raw.baseAddress,
                        trapSlot: UnsafeMutableRawPointer(ctx).advanced(by: Int(trapSlotOffset))
                            .assumingMemoryBound(to: UnsafeMutableRawPointer?.self))
                }
            }
            #expect(code == (divisor == 0 ? 3 : 0))
            if divisor != 0 { #expect(buffer[2] == 10) }
        }
    }
}
#endif
