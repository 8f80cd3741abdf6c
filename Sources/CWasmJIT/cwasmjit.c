#include "CWasmJIT.h"

#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

int cwasmjit_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]) {
    memset(out, 0, 4 * sizeof(uint32_t));
#if defined(__x86_64__)
    // __get_cpuid_max checks that the leaf (basic or extended range) exists before querying it.
    if (__get_cpuid_max(leaf & 0x80000000u, 0) < leaf) return 0;
    unsigned a, b, c, d;
    __cpuid_count(leaf, subleaf, a, b, c, d);
    out[0] = a; out[1] = b; out[2] = c; out[3] = d;
    return 1;
#else
    (void)leaf; (void)subleaf;
    return 0;
#endif
}

typedef void (*cwasmjit_entry_fn)(void *context, void *arguments);

void cwasmjit_invoke(const void *code, void *context, void *arguments) {
    // Converting an object pointer to a function pointer is implementation-defined in ISO C
    // but well-defined on every POSIX platform (dlsym relies on it).
    cwasmjit_entry_fn fn = (cwasmjit_entry_fn)code;
    fn(context, arguments);
}
