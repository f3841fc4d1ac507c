// SPDX-License-Identifier: GPL-2.0
/*
 * C side of the start-up and the report of unexpected exceptions.
 */
#include <inmate.h>

void mmu_enable(void);
void inmate_lib_start(void);
void report_exception(unsigned long nr, u64 *frame);

static const char *const vector_names[16] = {
	"sync (EL1t)", "irq (EL1t)", "fiq (EL1t)", "serror (EL1t)",
	"sync", "irq", "fiq", "serror",
	"sync (lower EL)", "irq (lower EL)", "fiq (lower EL)",
	"serror (lower EL)",
	"sync (AArch32)", "irq (AArch32)", "fiq (AArch32)",
	"serror (AArch32)",
};

void __noreturn halt(void)
{
	irqs_disable();
	for (;;)
		asm volatile("wfi" : : : "memory");
}

void __noreturn inmate_fail(const char *reason)
{
	printk("FATAL: %s\n", reason);
	comm_region_set_state(JAILHOUSE_CELL_FAILED);
	halt();
}

/*
 * Called from the vectors with the saved frame: x0..x30, elr, spsr.
 * Prints what happened and stops; the cell is marked FAILED.
 */
void __noreturn report_exception(unsigned long nr, u64 *frame)
{
	static bool reporting;
	u64 esr = read_sysreg(esr_el1);
	u64 far = read_sysreg(far_el1);
	unsigned int n;

	/* the report itself faulted (console gone?): just stop */
	if (reporting) {
		comm_region_set_state(JAILHOUSE_CELL_FAILED);
		halt();
	}
	reporting = true;

	printk("\nUNEXPECTED EXCEPTION: %s\n", vector_names[nr & 15]);
	printk("  ESR_EL1 %016llx (EC 0x%02llx)  FAR_EL1 %016llx\n",
	       esr, (esr >> 26) & 0x3f, far);
	printk("  ELR_EL1 %016llx  SPSR_EL1 %016llx  SP %016llx\n",
	       frame[31], frame[32], (u64)(unsigned long)(frame + 34));
	for (n = 0; n < 31; n += 2) {
		if (n == 30)
			printk("  x30 %016llx\n", frame[30]);
		else
			printk("  x%-2u %016llx  x%-2u %016llx\n",
			       n, frame[n], n + 1, frame[n + 1]);
	}
	inmate_fail("unexpected exception, halting");
}

static void __noreturn main_returned(void)
{
	/*
	 * Nothing left to do, but the cell stays responsive: shutdown
	 * requests are still answered (delay_ns() polls the
	 * communication region, which halts on approval).
	 */
	for (;;)
		delay_ns(NS_PER_SEC);
}

void __noreturn inmate_lib_start(void)
{
	/* whatever the CPU's previous owner left in the virtual timer */
	timer_stop();

	if (!cmdline_parse_bool("mmu-off"))
		mmu_enable();
	console_init();
	if (!comm_region_valid())
		printk("WARNING: no communication region at 0x%lx\n",
		       COMM_REGION_BASE);

	inmate_main();

	main_returned();
}
