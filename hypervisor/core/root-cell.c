// SPDX-License-Identifier: GPL-2.0
/*
 * The root cell: set up from the system configuration at enable, when all
 * CPUs are in the hypervisor and Linux waits for them.
 */
#include <hv/control.h>
#include <hv/lib.h>
#include <hv/printk.h>

int root_cell_init(void)
{
	const struct jailhouse_cell_desc *desc = &system_config->root_cell;
	const u8 *set = (const u8 *)jailhouse_cell_cpu_set(desc);
	struct cell *cell = &root_cell;
	unsigned int n;
	int err;

	memset(cell, 0, sizeof(*cell));
	cell->config = desc;
	cell->id = 0;
	cell->state = JAILHOUSE_CELL_RUNNING;
	for (n = 0; n < desc->cpu_set_size * 8; n++) {
		if (!(set[n / 8] & (1 << (n % 8))))
			continue;
		if (n >= num_cpu_slots) {
			printk("Root cell: CPU %u has no per-CPU data (%u CPU slots)\n",
			       n, num_cpu_slots);
			return -EINVAL;
		}
		cpu_set_add(&cell->cpus, n);
	}

	cell_init_irqs(cell);

	err = paging_init(&cell->stage2, &arch_cell_paging_format, &mem_pool);
	if (err)
		return err;
	err = cell_map_memory(cell);
	if (err)
		return err;
	err = cell_init_vpci(cell);
	if (err)
		return err;
	ivshmem_init();
	err = ivshmem_cell_init(cell);
	if (err)
		return err;
	err = arch_cell_init(cell);
	if (err)
		return err;
	/* from now on root CPUs may walk these tables while they change */
	cell->stage2.invalidate = arch_flush_root_tlb;
	cells[0] = cell;
	num_cells = 1;
	return 0;
}
