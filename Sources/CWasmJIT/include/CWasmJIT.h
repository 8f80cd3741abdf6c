// C helpers for the WasmJIT target: things Swift cannot express directly.
#ifndef CWASMJIT_H
#define CWASMJIT_H

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

#ifdef __cplusplus
}
#endif

#endif
