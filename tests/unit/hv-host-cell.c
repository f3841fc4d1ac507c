// SPDX-License-Identifier: GPL-2.0
/*
 * Host implementation of the cell management arch hooks, see
 * hv-host-cell.h.
 */
#include <string.h>

#include "hv-host-cell.h"

struct hv_cell_shim hv_cell_shim;

void hv_cell_shim_reset(void)
{
	memset(&hv_cell_shim, 0, sizeof(hv_cell_shim));
}

int arch_map_phys(u64 phys, u64 size)
{
	hv_cell_shim.maps++;
	if (hv_cell_shim.map_hook)
		hv_cell_shim.map_hook(phys, size);
	return hv_cell_shim.map_ret;
}

void arch_unmap_phys(u64 phys, u64 size)
{
	(void)phys;
	(void)size;
	hv_cell_shim.unmaps++;
}

void arch_flush_memory(u64 phys, u64 size)
{
	hv_cell_shim.flushes++;
	hv_cell_shim.flush_phys = phys;
	hv_cell_shim.flush_size = size;
}

void arch_flush_root_tlb(void)
{
	hv_cell_shim.root_tlb_flushes++;
}

void arch_park_cell_cpus(struct cell *cell)
{
	hv_cell_shim.parks++;
	hv_cell_shim.parked |= cell->cpus.bits[0];
}

bool arch_cpu_parked(unsigned int cpu)
{
	return cpu < 64 && (hv_cell_shim.parked & (1ULL << cpu));
}

void arch_start_cell_cpus(struct cell *cell, u64 entry)
{
	hv_cell_shim.starts++;
	hv_cell_shim.start_cell = cell;
	hv_cell_shim.start_entry = entry;
	hv_cell_shim.parked &= ~cell->cpus.bits[0];
}

void arch_cpu_reassigned(unsigned int cpu)
{
	(void)cpu;
	hv_cell_shim.reassigned++;
}

void arch_irq_move(unsigned int irq, const struct cell *to)
{
	hv_cell_shim.irq_moves++;
	hv_cell_shim.irq = irq;
	hv_cell_shim.irq_to = to;
}

u64 arch_time_ns(void)
{
	hv_cell_shim.time_ns += hv_cell_shim.time_step;
	return hv_cell_shim.time_ns;
}
