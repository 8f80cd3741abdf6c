// C helpers for the WasmJIT target: things Swift cannot express directly.
#ifndef CWASMJIT_H
#define CWASMJIT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Runs CPUID with the given leaf (EAX) and subleaf (ECX) and stores EAX, EBX, ECX, EDX into `out`.
/// Returns 0 if the leaf is above the maximum supported leaf or the CPU is not x86-64 (out is zeroed).
int cwasmjit_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]);

/// Entry trampoline: calls generated code at `code` as a System V function
/// `void f(void *context /* rdi */, void *arguments /* rsi */)`.
/// The generated code must follow the System V ABI (preserve rbx, rbp, r12-r15, keep rsp aligned).
void cwasmjit_invoke(const void *code, void *context, void *arguments);

/// Like `cwasmjit_invoke`, but generated code may abandon the call with `cwasmjit_trap`, and
/// the code only needs to preserve rbp and rsp (on x86-64 the other System V callee-saved
/// registers are saved around the call: the JIT's wasm functions clobber them).
/// For the duration of the call `*trap_slot` (a field of the context the generated code can read)
/// points to this call's trap state; its previous value is restored afterwards, so calls nest.
/// Returns 0 if the code returned normally, or the nonzero code passed to `cwasmjit_trap`.
int32_t cwasmjit_invoke_catching(const void *code, void *context, void *arguments, void **trap_slot);

/// Unwinds to the `cwasmjit_invoke_catching` call that owns `trap_state` (the value of its
/// `*trap_slot`), making it return `trap_code` (which must be nonzero). Called from generated code
/// with rsp 16-byte aligned; never returns. Only generated-code frames may lie in between: they
/// hold no resources, so skipping them (longjmp) is safe.
__attribute__((noreturn)) void cwasmjit_trap(void *trap_state, int32_t trap_code);

/// The address of `cwasmjit_trap`, for generated code to call.
const void *cwasmjit_trap_address(void);

/// Like `cwasmjit_invoke_catching`, but runs on the stack whose (16-byte aligned) top is
/// `stack_top`: the trap state, the generated code and everything it calls live on that stack,
/// and the caller's stack is restored afterwards. With `stack_top` NULL it is
/// `cwasmjit_invoke_catching` on the current stack. For the JIT's wasm functions, which take
/// their first two integer parameters in rdx and rcx and return their first result in rax only:
/// the first two slots of `arguments` (at least two) are loaded into rdx and rcx, and when the
/// code returns normally rax is stored to `arguments[0]`.
int32_t cwasmjit_invoke_on_stack(const void *code, void *context, void *arguments, void **trap_slot,
                                 void *stack_top);

/// The lowest address and size of the calling thread's stack. Returns 0 on success, nonzero
/// when the platform cannot tell (then nothing is written).
int cwasmjit_thread_stack(void **low, size_t *size);

#ifdef __cplusplus
}
#endif

#endif
