/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host implementation of the arch interface (hypervisor/include/hv/arch.h
 * and the arch hooks core code calls), for the unit tests: one CPU, no
 * concurrency, and counters the tests can look at.
 */
#ifndef _HV_HOST_SHIM_H
#define _HV_HOST_SHIM_H

struct cell;

/*
 * CPU ids the tests have: hv_shim_reset() points cpu_info at a zeroed
 * array of this many entries and sets num_cpu_slots (the firmware sizes
 * them from the system configuration, cpu_info_init()).
 */
#define HV_SHIM_CPUS	16

struct hv_shim {
	/* what arch_cpu_id() returns */
	unsigned int cpu_id;
	/* arch_paging_sync() calls */
	unsigned long paging_syncs;
	/* spin_lock() calls, and locks currently held */
	unsigned long locks_taken;
	unsigned int locks_held;
	/* arch_cell_init(): calls, last cell, and what it returns */
	unsigned int cell_init_calls;
	struct cell *cell_init_last;
	int cell_init_ret;
	/* arch_cpu_relax() calls, and a hook called by each */
	unsigned long relaxes;
	void (*relax_hook)(void);
	/* ivshmem: state tables mapped now, SPIs raised, the last one */
	int ivshmem_tables;
	unsigned long irqs_raised;
	unsigned int last_irq;
};

extern struct hv_shim hv_shim;

/*
 * back to CPU 0, counters zero, arch_cell_init() succeeding, HV_SHIM_CPUS
 * zeroed cpu_info[] entries
 */
void hv_shim_reset(void);

#endif /* !_HV_HOST_SHIM_H */
