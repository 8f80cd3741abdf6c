// The context switch between a caller's stack and a fiber's stack (x86-64 System V).
//
// A switch saves what the ABI says a called function must preserve: rbx, rbp, r12-r15, the
// MXCSR and the x87 control word, pushed on the current stack, then stores rsp in `*save_sp`,
// loads `to_sp` and pops the same set from there. Everything else is caller-saved, so to the C
// caller `cwasmfiber_switch` looks like an ordinary call that returns (later, possibly on
// another thread) once someone switches back.
//
// A saved context, from the saved rsp upwards:
//   [rsp+0] MXCSR (4 bytes)  [rsp+4] x87 control word (2 bytes, padded)
//   [rsp+8] r15  [+16] r14  [+24] r13  [+32] r12  [+40] rbx  [+48] rbp  [+56] return address
#include "CWasmFiber.h"

#if defined(__x86_64__) && defined(__ELF__)

void cwasmfiber_switch(void **save_sp, void *to_sp);
void cwasmfiber_trampoline(void);

__asm__(
    ".text\n"
    ".globl cwasmfiber_switch\n"
    ".hidden cwasmfiber_switch\n"
    ".type cwasmfiber_switch,@function\n"
    "cwasmfiber_switch:\n"            // rdi = save_sp, rsi = to_sp
    "  pushq %rbp\n"
    "  pushq %rbx\n"
    "  pushq %r12\n"
    "  pushq %r13\n"
    "  pushq %r14\n"
    "  pushq %r15\n"
    "  subq $8, %rsp\n"
    "  stmxcsr (%rsp)\n"
    "  fnstcw 4(%rsp)\n"
    "  movq %rsp, (%rdi)\n"           // the current context is complete: publish it
    "  movq %rsi, %rsp\n"             // ... and take the other one
    "  ldmxcsr (%rsp)\n"
    "  fldcw 4(%rsp)\n"
    "  addq $8, %rsp\n"
    "  popq %r15\n"
    "  popq %r14\n"
    "  popq %r13\n"
    "  popq %r12\n"
    "  popq %rbx\n"
    "  popq %rbp\n"
    "  ret\n"
    ".size cwasmfiber_switch, .-cwasmfiber_switch\n"
    // The first switch into a fresh fiber "returns" here, with rbx = the fiber's main function,
    // r12 = its argument and rsp 16-byte aligned. The main function never returns.
    ".globl cwasmfiber_trampoline\n"
    ".hidden cwasmfiber_trampoline\n"
    ".type cwasmfiber_trampoline,@function\n"
    "cwasmfiber_trampoline:\n"
    "  .cfi_startproc\n"
    "  .cfi_undefined rip\n"          // unwinders and debuggers: the fiber's stack ends here
    "  movq %r12, %rdi\n"
    "  callq *%rbx\n"
    "  ud2\n"
    "  .cfi_endproc\n"
    ".size cwasmfiber_trampoline, .-cwasmfiber_trampoline\n");

/// The fiber's whole life: run the current job, hand control back, repeat.
static void cwasmfiber_main(cwasmfiber_t *fiber) {
    for (;;) {
        fiber->run(fiber->job);
        cwasmfiber_switch(&fiber->fiber_sp, fiber->caller_sp);
    }
}

int cwasmfiber_supported(void) { return 1; }

void cwasmfiber_init(cwasmfiber_t *fiber, void *stack_top) {
    // Build the context the first resume pops (see the layout above); the return address
    // slot sits 24 bytes below the top so that after `ret` rsp is 16-byte aligned for the
    // trampoline's call.
    uint64_t *top = (uint64_t *)stack_top;
    uint64_t *sp = top - 10;
    sp[0] = 0x1F80u | ((uint64_t)0x037Fu << 32);  // MXCSR default | x87 control word default
    sp[1] = 0;                                     // r15
    sp[2] = 0;                                     // r14
    sp[3] = 0;                                     // r13
    sp[4] = (uint64_t)(uintptr_t)fiber;            // r12: the argument
    sp[5] = (uint64_t)(uintptr_t)&cwasmfiber_main; // rbx: the main function
    sp[6] = 0;                                     // rbp: end of the frame-pointer chain
    sp[7] = (uint64_t)(uintptr_t)&cwasmfiber_trampoline;
    sp[8] = 0;
    sp[9] = 0;
    fiber->fiber_sp = sp;
    fiber->caller_sp = 0;
}

void cwasmfiber_resume(cwasmfiber_t *fiber) { cwasmfiber_switch(&fiber->caller_sp, fiber->fiber_sp); }

void cwasmfiber_suspend(cwasmfiber_t *fiber) { cwasmfiber_switch(&fiber->fiber_sp, fiber->caller_sp); }

#else

int cwasmfiber_supported(void) { return 0; }
void cwasmfiber_init(cwasmfiber_t *fiber, void *stack_top) { (void)fiber; (void)stack_top; }
void cwasmfiber_resume(cwasmfiber_t *fiber) { (void)fiber; }
void cwasmfiber_suspend(cwasmfiber_t *fiber) { (void)fiber; }

#endif
