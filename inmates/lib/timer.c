// SPDX-License-Identifier: GPL-2.0
/*
 * Arch timer: the virtual counter and the EL1 virtual timer (PPI 27).
 */
#include <inmate.h>

#define CNTV_CTL_ENABLE		(1 << 0)
#define CNTV_CTL_IMASK		(1 << 1)

/*
 * ticks * 10^9 / freq, split into whole seconds and the remainder so that
 * no intermediate product exceeds 64 bits (remainder < freq < 2^32).
 */
u64 timer_ticks_to_ns(u64 ticks)
{
	u64 freq = timer_get_frequency();

	if (!freq)
		return 0;
	return (ticks / freq) * NS_PER_SEC + (ticks % freq) * NS_PER_SEC / freq;
}

u64 timer_ns_to_ticks(u64 ns)
{
	u64 freq = timer_get_frequency();

	return (ns / NS_PER_SEC) * freq + (ns % NS_PER_SEC) * freq / NS_PER_SEC;
}

u64 timer_get_ns(void)
{
	return timer_ticks_to_ns(timer_get_ticks());
}

void timer_start_at(u64 cval)
{
	write_sysreg(cntv_cval_el0, cval);
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
}

void timer_start(u64 delta_ticks)
{
	timer_start_at(timer_get_ticks() + delta_ticks);
}

void timer_stop(void)
{
	write_sysreg(cntv_ctl_el0, 0);
	isb();
}

void delay_ns(u64 ns)
{
	u64 end = timer_get_ticks() + timer_ns_to_ticks(ns);

	while (timer_get_ticks() < end)
		comm_region_poll();
}

void delay_us(u64 us)
{
	delay_ns(us * NS_PER_USEC);
}
