// SPDX-License-Identifier: GPL-2.0
/*
 * violation-hypercall: issues a hypercall reserved to the root cell (by
 * default JAILHOUSE_HC_CELL_CREATE with a null configuration) and prints
 * what the hypervisor returned; it must be -EPERM (-1).
 *
 * Command line: code=N (hypercall code), arg=N (first argument, default 0).
 */
#include <inmate.h>

#define EPERM	1

void inmate_main(void)
{
	unsigned long code = (unsigned long)
		cmdline_parse_int("code", JAILHOUSE_HC_CELL_CREATE);
	unsigned long arg = (unsigned long)cmdline_parse_int("arg", 0);
	long ret;

	printk("violation-hypercall: calling root-only hypercall %lu (arg 0x%lx) from a non-root cell\n",
	       code, arg);
	ret = jailhouse_call_arg1(code, arg);
	printk("hypercall %lu returned %ld\n", code, ret);
	if (ret == -EPERM)
		printk("violation-hypercall: refused with -EPERM, as it must be\n");
	else
		printk("violation-hypercall: FAILED, expected -EPERM (-1)\n");
}
