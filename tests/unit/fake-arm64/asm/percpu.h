/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host seam: the real asm/percpu.h (struct per_cpu and all), except that
 * this_cpu() - an mrs of TPIDR_EL2 there - is fake-arm64.c's.  The real
 * inline function is renamed out of the way; being static inline and
 * unused, it is never compiled into host code.
 */
#ifndef _FAKE_ASM_PERCPU_H
#define _FAKE_ASM_PERCPU_H

#define this_cpu	__arm64_this_cpu_unused
#include_next <asm/percpu.h>
#undef this_cpu

#ifndef __ASSEMBLY__
struct per_cpu *this_cpu(void);
#endif

#endif /* !_FAKE_ASM_PERCPU_H */
