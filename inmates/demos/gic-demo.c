// SPDX-License-Identifier: GPL-2.0
/*
 * gic-demo: the EL1 virtual timer (PPI 27) fires periodically through the
 * GICv3; every interrupt reports how late it was handled against the
 * programmed expiry ("jitter"), with the minimum and maximum seen so far.
 *
 * Command line: period_ms=N (default 100).
 *
 * Debugging: this file is built without optimisation (see CMakeLists.txt),
 * so gdb sees plain frames.  handle_timer_irq() measures the jitter into
 * its local "jitter" first thing: "break handle_timer_irq", "continue",
 * "next", "print jitter" shows the value the handler is about to print;
 * or break on the line of the "gdb marker" comment and print it there.
 */
#include <inmate.h>

static u64 period_ticks;
static u64 expiry;		/* programmed compare value, in ticks */
static u64 jitter_min = ~0ULL;
static u64 jitter_max;

/* last measured jitter in ns, for debuggers and tests */
u64 gic_demo_last_jitter_ns;
unsigned long gic_demo_ticks;

/* how late we are against the programmed expiry, in ns */
static u64 __noinline timer_lateness_ns(void)
{
	return timer_ticks_to_ns(timer_get_ticks() - expiry);
}

void __noinline handle_timer_irq(unsigned int irq)
{
	volatile u64 jitter = timer_lateness_ns();
	u64 now;

	/* gdb marker: jitter measured */

	if (irq != TIMER_IRQ) {
		printk("Unexpected IRQ %u\n", irq);
		return;
	}

	if (jitter < jitter_min)
		jitter_min = jitter;
	if (jitter > jitter_max)
		jitter_max = jitter;
	gic_demo_last_jitter_ns = jitter;
	gic_demo_ticks++;
	/* el2-count marker 2 (sim/plugin/el2-count.c), a NOP elsewhere */
	asm volatile("hint #0x72" : : : "memory");

	printk("Timer fired, jitter: %llu ns, min: %llu ns, max: %llu ns\n",
	       (unsigned long long)jitter, jitter_min, jitter_max);

	/* next period on the original grid, unless that is already over */
	expiry += period_ticks;
	now = timer_get_ticks();
	if (expiry <= now)
		expiry = now + period_ticks;
	timer_start_at(expiry);
}

void inmate_main(void)
{
	u64 period_ms = (u64)cmdline_parse_int("period_ms", 100);

	if (!period_ms)
		period_ms = 100;

	printk("Initializing the GIC...\n");
	if (irq_init(handle_timer_irq))
		inmate_fail("GIC initialisation failed");
	irq_enable(TIMER_IRQ);

	printk("Initializing the timer...\n");
	period_ticks = timer_ns_to_ticks(period_ms * NS_PER_MSEC);
	expiry = timer_get_ticks() + period_ticks;
	timer_start_at(expiry);
	irqs_enable();

	for (;;) {
		asm volatile("wfi" : : : "memory");
		comm_region_poll();
	}
}
