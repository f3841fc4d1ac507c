// SPDX-License-Identifier: GPL-2.0
/*
 * Spinlocks (ARMv8.0: exclusive load/store), CPU id and the page-table
 * barrier of the arch interface.
 */
#include <hv/arch.h>
#include <asm/percpu.h>

void spin_lock(spinlock_t *lock)
{
	u32 tmp, busy;

	asm volatile(
	"	sevl\n"
	"1:	wfe\n"
	"2:	ldaxr	%w0, [%2]\n"
	"	cbnz	%w0, 1b\n"
	"	stxr	%w1, %w3, [%2]\n"
	"	cbnz	%w1, 2b\n"
	: "=&r" (busy), "=&r" (tmp)
	: "r" (&lock->locked), "r" (1)
	: "memory");
	this_cpu()->locks_held++;
}

void spin_unlock(spinlock_t *lock)
{
	this_cpu()->locks_held--;
	asm volatile("stlr wzr, [%0]" : : "r" (&lock->locked) : "memory");
}

unsigned int arch_cpu_id(void)
{
	return this_cpu()->cpu_id;
}

void arch_cpu_relax(void)
{
	asm volatile("yield" : : : "memory");
}

void arch_paging_sync(void *entry)
{
	asm volatile("dsb ishst" : : : "memory");
}
