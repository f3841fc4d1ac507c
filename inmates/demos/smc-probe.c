// SPDX-License-Identifier: GPL-2.0
/*
 * smc-probe: calls firmware through SMC the way a cell might, and checks
 * that the hypervisor answers each call itself: PSCI and the SMCCC basics
 * work, everything that would reach the firmware (silicon-provider, OEM
 * and trusted-OS services, SMCs with an immediate, unknown calls) is
 * refused.  Nothing here is a violation; the cell keeps running.  One line
 * per call, "smc-probe: NAME ok" or "smc-probe: NAME FAILED (got 0x..,
 * expected 0x..)", then "smc-probe: done, N failed".
 *
 * With "system-off" or "system-reset" on the command line it then calls
 * PSCI SYSTEM_OFF or SYSTEM_RESET, which must stop this cell only (and
 * not return).
 */
#include <inmate.h>

#define PSCI_VERSION		0x84000000UL
#define PSCI_SYSTEM_OFF		0x84000008UL
#define PSCI_SYSTEM_RESET	0x84000009UL
#define PSCI_FEATURES		0x8400000aUL
#define PSCI_SYSTEM_RESET2_64	0xc4000012UL
#define SMCCC_VERSION		0x80000000UL
#define SMCCC_ARCH_FEATURES	0x80000001UL
#define SMCCC_ARCH_WORKAROUND_1	0x80008000UL
#define SMCCC_SIP_64		0xc2000000UL
#define SMCCC_OEM_32		0x83000000UL
#define SMCCC_TOS_64		0xf2000000UL
#define SMCCC_YIELD_TOS		0x32000000UL

#define NOT_SUPPORTED		((u64)-1)

static unsigned int failed;

static u64 smc(u64 fid, u64 arg)
{
	register u64 x0 asm("x0") = fid;
	register u64 x1 asm("x1") = arg;

	asm volatile("smc #0" : "+r" (x0), "+r" (x1)
		     : : "x2", "x3", "memory");
	return x0;
}

/* an SMC with a non-zero immediate is not an SMCCC call */
static u64 smc_imm1(u64 fid)
{
	register u64 x0 asm("x0") = fid;

	asm volatile("smc #1" : "+r" (x0) : : "x1", "x2", "x3", "memory");
	return x0;
}

static void check(const char *name, u64 got, u64 want)
{
	if (got == want) {
		printk("smc-probe: %s ok\n", name);
		return;
	}
	printk("smc-probe: %s FAILED (got 0x%llx, expected 0x%llx)\n", name,
	       (unsigned long long)got, (unsigned long long)want);
	failed++;
}

void inmate_main(void)
{
	check("psci-version", smc(PSCI_VERSION, 0), 0x10000);
	check("smccc-version", smc(SMCCC_VERSION, 0), 0x10001);
	check("psci-features-cpu-on", smc(PSCI_FEATURES, 0xc4000003UL), 0);
	check("psci-features-reset2",
	      smc(PSCI_FEATURES, PSCI_SYSTEM_RESET2_64), NOT_SUPPORTED);
	check("arch-workaround-1",
	      smc(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1),
	      NOT_SUPPORTED);
	check("sip-call", smc(SMCCC_SIP_64, 0), NOT_SUPPORTED);
	check("oem-call", smc(SMCCC_OEM_32, 0), NOT_SUPPORTED);
	check("trusted-os-call", smc(SMCCC_TOS_64, 0), NOT_SUPPORTED);
	check("yielding-call", smc(SMCCC_YIELD_TOS, 0), NOT_SUPPORTED);
	check("immediate-1", smc_imm1(PSCI_VERSION), NOT_SUPPORTED);
	check("system-reset2", smc(PSCI_SYSTEM_RESET2_64, 0), NOT_SUPPORTED);
	printk("smc-probe: done, %u failed\n", failed);

	/* last: these stop the cell, and the hypervisor reports it */
	if (cmdline_parse_bool("system-off") ||
	    cmdline_parse_bool("system-reset")) {
		bool reset = cmdline_parse_bool("system-reset");

		printk("smc-probe: calling SYSTEM_%s\n", reset ? "RESET" : "OFF");
		printk("smc-probe: SYSTEM_%s returned 0x%llx\n",
		       reset ? "RESET" : "OFF",
		       smc(reset ? PSCI_SYSTEM_RESET : PSCI_SYSTEM_OFF, 0));
	}
}
