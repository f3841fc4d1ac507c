/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Calls from a Linux kernel module at EL1 into EL2: the Jailhouse hypercall
 * (hvc #0x4a48) and the hyp stub's soft restart (hvc #0) that starts the
 * firmware.  Shared by jailhouse.ko and jailhouse-hvc-test.ko.
 */
#ifndef _JAILHOUSE_DRIVER_HYPERCALL_ARM64_H
#define _JAILHOUSE_DRIVER_HYPERCALL_ARM64_H

#include <linux/compiler.h>
#include <linux/types.h>

/*
 * Jailhouse hypercall: code in x0, arguments in x1 and x2, result in x0.
 * The hypervisor preserves the other registers, but Linux's hyp stub (what
 * answers while the hypervisor is off) is only promised to keep the
 * callee-saved ones, so the caller-saved argument registers are treated as
 * clobbered as well.  The raw x0 is returned, unsigned, so that callers can
 * show stub answers such as HVC_STUB_ERR verbatim.
 */
static inline unsigned long jailhouse_hvc(unsigned long code,
					  unsigned long arg1,
					  unsigned long arg2)
{
	register unsigned long x0 asm("x0") = code;
	register unsigned long x1 asm("x1") = arg1;
	register unsigned long x2 asm("x2") = arg2;

	asm volatile("hvc #0x4a48"
		     : "+r" (x0), "+r" (x1), "+r" (x2)
		     :
		     : "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
		       "x11", "x12", "x13", "x14", "x15", "x16", "x17",
		       "cc", "memory");
	return x0;
}

#endif /* !_JAILHOUSE_DRIVER_HYPERCALL_ARM64_H */
