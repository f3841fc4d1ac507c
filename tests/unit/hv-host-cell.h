/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host implementation of the arch hooks of cell management (declared in
 * hypervisor/include/hv/control.h; core/cell.c has weak stand-ins that
 * make management answer -ENOSYS): "physical" addresses are host
 * addresses, CPUs park and start by bookkeeping, and time advances by a
 * fixed step on every reading.  Linked into test_cell only: the arm64
 * files some other tests compile have their own definitions.
 */
#ifndef _HV_HOST_CELL_H
#define _HV_HOST_CELL_H

#include <hv/control.h>

struct hv_cell_shim {
	/* arch_map_phys(): calls, answer, and a hook run before answering */
	unsigned int maps, unmaps;
	int map_ret;
	void (*map_hook)(u64 phys, u64 size);
	/* arch_flush_memory(): calls and the last range */
	unsigned int flushes;
	u64 flush_phys, flush_size;
	unsigned int root_tlb_flushes;
	/* CPUs 0..63 parked in the hypervisor, as arch_cpu_parked() says */
	u64 parked;
	unsigned int parks, starts;
	const struct cell *start_cell;
	u64 start_entry;
	unsigned int reassigned;
	/* arch_irq_move(): calls, and the last move */
	unsigned int irq_moves;
	unsigned int irq;
	const struct cell *irq_to;
	/* arch_time_ns(): the time, and its step per reading */
	u64 time_ns, time_step;
};

extern struct hv_cell_shim hv_cell_shim;

void hv_cell_shim_reset(void);

#endif /* !_HV_HOST_CELL_H */
