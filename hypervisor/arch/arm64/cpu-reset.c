// SPDX-License-Identifier: GPL-2.0
/*
 * EL1/EL0 state of a CPU that enters a cell (cell start, PSCI CPU_ON, a
 * CPU handed back to the root cell): everything the next owner could read
 * is reset, so nothing of the previous owner leaks.  General purpose
 * registers are the trap frame's (psci.c), FP/SIMD is in fpsimd.S.
 */
#include <asm/arm64.h>

#define PMCR_P			BIT(1)	/* reset event counters */
#define PMCR_C			BIT(2)	/* reset cycle counter */
#define PMCR_N(pmcr)		(((pmcr) >> 11) & 0x1f)

#define DBG_BCR_VR(n)							\
	case n:								\
		write_sysreg(0, dbgbcr##n##_el1);			\
		write_sysreg(0, dbgbvr##n##_el1);			\
		break

#define DBG_WCR_VR(n)							\
	case n:								\
		write_sysreg(0, dbgwcr##n##_el1);			\
		write_sysreg(0, dbgwvr##n##_el1);			\
		break

static void reset_breakpoint(unsigned int n)
{
	switch (n) {
	DBG_BCR_VR(0); DBG_BCR_VR(1); DBG_BCR_VR(2); DBG_BCR_VR(3);
	DBG_BCR_VR(4); DBG_BCR_VR(5); DBG_BCR_VR(6); DBG_BCR_VR(7);
	DBG_BCR_VR(8); DBG_BCR_VR(9); DBG_BCR_VR(10); DBG_BCR_VR(11);
	DBG_BCR_VR(12); DBG_BCR_VR(13); DBG_BCR_VR(14); DBG_BCR_VR(15);
	}
}

static void reset_watchpoint(unsigned int n)
{
	switch (n) {
	DBG_WCR_VR(0); DBG_WCR_VR(1); DBG_WCR_VR(2); DBG_WCR_VR(3);
	DBG_WCR_VR(4); DBG_WCR_VR(5); DBG_WCR_VR(6); DBG_WCR_VR(7);
	DBG_WCR_VR(8); DBG_WCR_VR(9); DBG_WCR_VR(10); DBG_WCR_VR(11);
	DBG_WCR_VR(12); DBG_WCR_VR(13); DBG_WCR_VR(14); DBG_WCR_VR(15);
	}
}

static void reset_debug(void)
{
	u64 dfr0 = read_sysreg(id_aa64dfr0_el1);
	unsigned int n, brps = ((dfr0 >> 12) & 0xf) + 1;
	unsigned int wrps = ((dfr0 >> 20) & 0xf) + 1;

	write_sysreg(0, mdscr_el1);
	for (n = 0; n < brps; n++)
		reset_breakpoint(n);
	for (n = 0; n < wrps; n++)
		reset_watchpoint(n);
}

static void reset_pmu(void)
{
	u64 pmuver = (read_sysreg(id_aa64dfr0_el1) >> 8) & 0xf;
	unsigned int n, counters;

	/* no PMU, or an IMPLEMENTATION DEFINED one we do not know */
	if (pmuver == 0 || pmuver == 0xf)
		return;
	/* at EL2 all counters are visible, whatever MDCR_EL2.HPMN says */
	counters = PMCR_N(read_sysreg(pmcr_el0));
	write_sysreg(~0UL, pmcntenclr_el0);
	write_sysreg(~0UL, pmintenclr_el1);
	write_sysreg(~0UL, pmovsclr_el0);
	/* disabled, counters reset */
	write_sysreg(PMCR_P | PMCR_C, pmcr_el0);
	for (n = 0; n < counters; n++) {
		write_sysreg(n, pmselr_el0);
		isb();
		write_sysreg(0, pmxevtyper_el0);
		write_sysreg(0, pmxevcntr_el0);
	}
	write_sysreg(0, pmselr_el0);
	write_sysreg(0, pmuserenr_el0);
	write_sysreg(0, pmccfiltr_el0);
	write_sysreg(0, pmccntr_el0);
}

void cpu_reset_el1(void)
{
	write_sysreg(SCTLR_EL1_RES1, sctlr_el1);
	write_sysreg(0, vbar_el1);
	write_sysreg(0, tcr_el1);
	write_sysreg(0, ttbr0_el1);
	write_sysreg(0, ttbr1_el1);
	write_sysreg(0, mair_el1);
	write_sysreg(0, amair_el1);
	write_sysreg(0, contextidr_el1);
	write_sysreg(0, cpacr_el1);
	write_sysreg(0, sp_el0);
	write_sysreg(0, sp_el1);
	write_sysreg(0, elr_el1);
	write_sysreg(0, spsr_el1);
	write_sysreg(0, esr_el1);
	write_sysreg(0, far_el1);
	write_sysreg(0, afsr0_el1);
	write_sysreg(0, afsr1_el1);
	write_sysreg(0, par_el1);
	write_sysreg(0, csselr_el1);
	write_sysreg(0, tpidr_el0);
	write_sysreg(0, tpidrro_el0);
	write_sysreg(0, tpidr_el1);

	/* timers: off, no compare value, no offset, no EL0 access */
	write_sysreg(0, cntv_ctl_el0);
	write_sysreg(0, cntp_ctl_el0);
	write_sysreg(0, cntv_cval_el0);
	write_sysreg(0, cntp_cval_el0);
	write_sysreg(0, cntvoff_el2);
	write_sysreg(0, cntkctl_el1);

	reset_pmu();
	reset_debug();
	cpu_clear_fpsimd();
	isb();
}
