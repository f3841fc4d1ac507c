// SPDX-License-Identifier: GPL-2.0
/*
 * Host implementation of the arch interface for the unit tests.  The
 * descriptor formats (arch_hyp_paging_format, arch_cell_paging_format) are
 * not faked: the tests link the real hypervisor/arch/arm64/mmu.c.
 *
 * The tests are single threaded, so a lock found taken is a lock taken
 * twice (a deadlock on the target), and releasing a free lock is a bug as
 * well: both abort the test program.
 */
#include <stdio.h>
#include <stdlib.h>

#include <hv/arch.h>
#include <hv/control.h>
#include <hv/lib.h>

#include "hv-host-shim.h"

struct hv_shim hv_shim;
static struct cpu_info shim_cpu_info[HV_SHIM_CPUS];

void hv_shim_reset(void)
{
	struct hv_shim clean = { 0 };

	hv_shim = clean;
	memset(shim_cpu_info, 0, sizeof(shim_cpu_info));
	cpu_info = shim_cpu_info;
	num_cpu_slots = HV_SHIM_CPUS;
}

void spin_lock(spinlock_t *lock)
{
	if (lock->locked) {
		fprintf(stderr, "hv-host-shim: lock %p taken twice\n",
			(void *)lock);
		abort();
	}
	lock->locked = 1;
	hv_shim.locks_taken++;
	hv_shim.locks_held++;
}

void spin_unlock(spinlock_t *lock)
{
	if (!lock->locked) {
		fprintf(stderr, "hv-host-shim: lock %p released while free\n",
			(void *)lock);
		abort();
	}
	lock->locked = 0;
	hv_shim.locks_held--;
}

unsigned int arch_cpu_id(void)
{
	return hv_shim.cpu_id;
}

/* a polling loop: the hook may change what is polled for */
void arch_cpu_relax(void)
{
	hv_shim.relaxes++;
	if (hv_shim.relax_hook)
		hv_shim.relax_hook();
}

void arch_paging_sync(void *entry)
{
	(void)entry;
	hv_shim.paging_syncs++;
}

/* an ivshmem state table: host memory stands for the physical page */
void *ivshmem_map_table(u64 phys, u64 size)
{
	(void)phys;
	hv_shim.ivshmem_tables++;
	return calloc(1, size);
}

void ivshmem_unmap_table(void *table, u64 phys, u64 size)
{
	(void)phys;
	(void)size;
	hv_shim.ivshmem_tables--;
	free(table);
}

/* weak: test_gicv3 has the real one */
__attribute__((weak)) void arch_irq_set_pending(unsigned int irq)
{
	hv_shim.irqs_raised++;
	hv_shim.last_irq = irq;
}

int arch_cell_init(struct cell *cell)
{
	hv_shim.cell_init_calls++;
	hv_shim.cell_init_last = cell;
	return hv_shim.cell_init_ret;
}
