// Fibers for async calls: a separate native stack and the context switch into and out of it.
#ifndef CWASMFIBER_H
#define CWASMFIBER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The control block of one fiber. `fiber_sp` is the fiber's saved stack pointer while it is
/// suspended, `caller_sp` the resumer's while the fiber runs. The fiber runs
/// `run(job)` every time it is resumed after finishing the previous job.
typedef struct cwasmfiber {
    void *fiber_sp;
    void *caller_sp;
    void (*run)(void *job);
    void *job;
} cwasmfiber_t;

/// Whether fibers work on this platform (x86-64 System V with ELF); when 0 the other
/// functions must not be called.
int cwasmfiber_supported(void);

/// Prepares a fresh fiber whose stack ends at `stack_top` (16-byte aligned, at least 128 bytes
/// usable below it): the first `cwasmfiber_resume(fiber)` enters a loop that calls
/// `fiber->run(fiber->job)` and then suspends, forever. `run` and `job` may be set later, before
/// each resume.
void cwasmfiber_init(cwasmfiber_t *fiber, void *stack_top);

/// Switches from the caller onto the fiber; returns when the fiber suspends (a job finished or
/// `cwasmfiber_suspend` was called on the fiber).
void cwasmfiber_resume(cwasmfiber_t *fiber);

/// Called on the fiber: switches back to the code that resumed it; returns at the next resume.
void cwasmfiber_suspend(cwasmfiber_t *fiber);

#ifdef __cplusplus
}
#endif

#endif
