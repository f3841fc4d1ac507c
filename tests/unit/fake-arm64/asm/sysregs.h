/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host seam for arm64 code that reaches the CPU only through the macros
 * of the real asm/sysregs.h: this header comes first on the include path
 * of such tests, pulls in the real one and turns its system register and
 * barrier macros into calls of a fake register file (fake-arm64.c).
 *
 * Registers are named by the expanded macro argument, e.g. "esr_el2" or,
 * for the GIC registers defined by encoding, "S3_4_C12_C11_5"; tests
 * spell them with FAKE_SYSREG(ICH_ELRSR_EL2).
 */
#ifndef _FAKE_ASM_SYSREGS_H
#define _FAKE_ASM_SYSREGS_H

#include_next <asm/sysregs.h>

#include <hv/types.h>

#define __fake_sysreg_str(x)	#x
#define FAKE_SYSREG(r)		__fake_sysreg_str(r)

u64 fake_sysreg_read(const char *name);
void fake_sysreg_write(const char *name, u64 value);
void fake_barrier(const char *what);

#undef read_sysreg
#undef write_sysreg
#undef isb
#undef dsb
#undef sev
#undef wfe
#undef wfi

#define read_sysreg(r)		fake_sysreg_read(FAKE_SYSREG(r))
#define write_sysreg(v, r)	fake_sysreg_write(FAKE_SYSREG(r), (u64)(v))
#define isb()			fake_barrier("isb")
#define dsb(opt)		fake_barrier("dsb " #opt)
#define sev()			fake_barrier("sev")
#define wfe()			fake_barrier("wfe")
#define wfi()			fake_barrier("wfi")

#endif /* !_FAKE_ASM_SYSREGS_H */
