// SPDX-License-Identifier: GPL-2.0
/*
 * uart-demo: prints "Hello N from cell!" about once a second, timed by the
 * arch timer, while answering messages of the communication region.
 *
 * Command line: count=N stops after N lines (default 0: forever),
 * period_ms=N changes the interval (default 1000).
 */
#include <inmate.h>

void inmate_main(void)
{
	unsigned long long count = (unsigned long long)
		cmdline_parse_int("count", 0);
	u64 period_ms = (u64)cmdline_parse_int("period_ms", 1000);
	u64 period, next;
	unsigned long long n;

	if (!period_ms)
		period_ms = 1000;
	period = timer_ns_to_ticks(period_ms * NS_PER_MSEC);

	printk("uart-demo: console %s, timer %llu Hz, a line every %llu ms\n",
	       console_name(), timer_get_frequency(), period_ms);

	next = timer_get_ticks();
	for (n = 1; !count || n <= count; n++) {
		printk("Hello %llu from cell!\n", n);

		next += period;
		while (timer_get_ticks() < next)
			comm_region_poll();
	}
	printk("uart-demo: done\n");
}
