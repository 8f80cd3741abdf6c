#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE  // pthread_getattr_np
#endif
#include "CWasmJIT.h"

#include <pthread.h>
#include <setjmp.h>
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

#if defined(__x86_64__) && (defined(__ELF__) || defined(__APPLE__))
#if defined(__ELF__)
#define CWASMJIT_SYMBOL(name) #name
#define CWASMJIT_TYPE(name) ".type " #name ",@function\n"
#define CWASMJIT_SIZE(name) ".size " #name ", .-" #name "\n"
#else
#define CWASMJIT_SYMBOL(name) "_" #name
#define CWASMJIT_TYPE(name) ""
#define CWASMJIT_SIZE(name) ""
#endif
// An entry trampoline `name(code, context, arguments)`: calls code(context, arguments) for
// generated code that preserves only rbp and rsp (the JIT's wasm-to-wasm convention), saving the
// other System V callee-saved registers around it, after `load_arguments` (instructions that may
// read the buffer in rsi); returns the code's rax (untouched by the epilogue).
#define CWASMJIT_ENTER(name, load_arguments) \
__asm__( \
    ".text\n" \
    ".globl " CWASMJIT_SYMBOL(name) "\n" \
    CWASMJIT_TYPE(name) \
    CWASMJIT_SYMBOL(name) ":\n" \
    "  push %rbp\n" \
    "  mov %rsp, %rbp\n" \
    "  push %rbx\n" \
    "  push %r12\n" \
    "  push %r13\n" \
    "  push %r14\n" \
    "  push %r15\n" \
    "  sub $8, %rsp\n"         /* rsp 16-byte aligned for the call */ \
    "  mov %rdi, %rax\n" \
    "  mov %rsi, %rdi\n" \
    "  mov %rdx, %rsi\n" \
    load_arguments \
    "  call *%rax\n" \
    "  lea -40(%rbp), %rsp\n" \
    "  pop %r15\n" \
    "  pop %r14\n" \
    "  pop %r13\n" \
    "  pop %r12\n" \
    "  pop %rbx\n" \
    "  pop %rbp\n" \
    "  ret\n" \
    CWASMJIT_SIZE(name));

// uint64_t cwasmjit_enter(const void *code, void *context, void *arguments).
CWASMJIT_ENTER(cwasmjit_enter, "")
// uint64_t cwasmjit_enter_wasm(const void *code, void *context, void *arguments): for the JIT's
// wasm functions, which take their first two parameters in rdx and rcx when those are integers
// (`ModuleCompiler.registerParameters`; the others are ignored): loads both from the first two
// slots of the buffer, which must have at least two.
CWASMJIT_ENTER(cwasmjit_enter_wasm, "  mov (%rsi), %rdx\n  mov 8(%rsi), %rcx\n")
uint64_t cwasmjit_enter(const void *code, void *context, void *arguments);
uint64_t cwasmjit_enter_wasm(const void *code, void *context, void *arguments);
#define CWASMJIT_HAVE_ENTER 1
#endif

/// The state of one `cwasmjit_invoke_catching` call, on its C stack frame.
struct cwasmjit_trap_state {
    jmp_buf buf;
    int32_t code;
};

typedef uint64_t (*cwasmjit_entry_rax_fn)(void *context, void *arguments);

/// `cwasmjit_invoke_catching`; with `result_slot` not NULL, for the JIT's wasm functions: enters
/// through `cwasmjit_enter_wasm` (`arguments` at least two slots long) and, when the code returns
/// normally, stores its rax at `result_slot`.
static int32_t cwasmjit_invoke_catching_rax(const void *code, void *context, void *arguments, void **trap_slot,
                                            uint64_t *result_slot) {
    struct cwasmjit_trap_state state;
    state.code = 0;
    void *const previous = *trap_slot;
    *trap_slot = &state;
    int32_t result = 0;
    // No local that is changed after setjmp is read after longjmp: `state` lives in memory and
    // `previous`/`trap_slot` are not modified, so no `volatile` is needed.
    if (setjmp(state.buf) == 0) {
#if defined(CWASMJIT_HAVE_ENTER)
        uint64_t rax = result_slot != NULL ? cwasmjit_enter_wasm(code, context, arguments)
                                           : cwasmjit_enter(code, context, arguments);
#else
        cwasmjit_entry_rax_fn fn = (cwasmjit_entry_rax_fn)code;
        uint64_t rax = fn(context, arguments);
#endif
        if (result_slot != NULL) *result_slot = rax;
    } else {
        result = state.code;
    }
    *trap_slot = previous;
    return result;
}

int32_t cwasmjit_invoke_catching(const void *code, void *context, void *arguments, void **trap_slot) {
    return cwasmjit_invoke_catching_rax(code, context, arguments, trap_slot, NULL);
}

void cwasmjit_trap(void *trap_state, int32_t trap_code) {
    struct cwasmjit_trap_state *state = (struct cwasmjit_trap_state *)trap_state;
    state->code = trap_code != 0 ? trap_code : -1;
    longjmp(state->buf, 1);
}

const void *cwasmjit_trap_address(void) {
    return (const void *)&cwasmjit_trap;
}

int cwasmjit_thread_stack(void **low, size_t *size) {
#if defined(__linux__)
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return 1;
    void *addr = NULL;
    size_t sz = 0;
    int rc = pthread_attr_getstack(&attr, &addr, &sz);
    pthread_attr_destroy(&attr);
    if (rc != 0) return 1;
    *low = addr;
    *size = sz;
    return 0;
#else
    (void)low; (void)size;
    return 1;
#endif
}

#if defined(__x86_64__) && defined(__ELF__)
// void cwasmjit_call_on_stack(void *stack_top, void (*fn)(void *), void *arg):
// runs fn(arg) with rsp = stack_top, then returns on the original stack.
__asm__(
    ".text\n"
    ".globl cwasmjit_call_on_stack\n"
    ".type cwasmjit_call_on_stack,@function\n"
    "cwasmjit_call_on_stack:\n"
    "  push %rbp\n"
    "  mov %rsp, %rbp\n"
    "  mov %rdi, %rsp\n"
    "  mov %rdx, %rdi\n"
    "  call *%rsi\n"
    "  mov %rbp, %rsp\n"
    "  pop %rbp\n"
    "  ret\n"
    ".size cwasmjit_call_on_stack, .-cwasmjit_call_on_stack\n");
void cwasmjit_call_on_stack(void *stack_top, void (*fn)(void *), void *arg);
#define CWASMJIT_HAVE_STACK_SWITCH 1
#endif

struct cwasmjit_stack_call {
    const void *code;
    void *context;
    void *arguments;
    void **trap_slot;
    int32_t result;
};

static void cwasmjit_stack_call_body(void *p) {
    struct cwasmjit_stack_call *c = (struct cwasmjit_stack_call *)p;
    // The JIT's wasm functions return their first result in rax only (`ModuleCompiler.emitReturn`).
    c->result = cwasmjit_invoke_catching_rax(c->code, c->context, c->arguments, c->trap_slot,
                                             (uint64_t *)c->arguments);
}

int32_t cwasmjit_invoke_on_stack(const void *code, void *context, void *arguments, void **trap_slot,
                                 void *stack_top) {
    struct cwasmjit_stack_call c = { code, context, arguments, trap_slot, 0 };
#if defined(CWASMJIT_HAVE_STACK_SWITCH)
    if (stack_top != NULL) {
        cwasmjit_call_on_stack(stack_top, cwasmjit_stack_call_body, &c);
        return c.result;
    }
#endif
    (void)stack_top;
    cwasmjit_stack_call_body(&c);
    return c.result;
}
