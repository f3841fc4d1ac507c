// SPDX-License-Identifier: GPL-2.0
/*
 * The hypercall dispatcher: who may call what, and the information calls.
 * Cell management itself is cell.c.
 */
#include <hv/control.h>
#include <hv/printk.h>

static long hypervisor_get_info(unsigned long type)
{
	switch (type) {
	case JAILHOUSE_INFO_MEM_POOL_SIZE:
		return mem_pool.pages;
	case JAILHOUSE_INFO_MEM_POOL_USED:
		return mem_pool.used;
	case JAILHOUSE_INFO_REMAP_POOL_SIZE:
		return remap_pool.pages;
	case JAILHOUSE_INFO_REMAP_POOL_USED:
		return remap_pool.used;
	case JAILHOUSE_INFO_NUM_CELLS:
		return num_cells;
	default:
		return -EINVAL;
	}
}

static long cpu_get_info(struct cell *caller, unsigned long cpu,
			 unsigned long type)
{
	struct cpu_info *info;

	if (cpu >= num_cpu_slots || !cpu_info[cpu].cell)
		return -EINVAL;
	info = &cpu_info[cpu];
	if (caller != &root_cell && info->cell != caller)
		return -EPERM;

	if (type == JAILHOUSE_CPU_INFO_STATE)
		return info->state;
	if (type >= JAILHOUSE_CPU_INFO_STAT_BASE &&
	    type < JAILHOUSE_CPU_INFO_STAT_BASE + JAILHOUSE_NUM_CPU_STATS)
		return info->stats[type - JAILHOUSE_CPU_INFO_STAT_BASE];
	return -EINVAL;
}

long hypercall(unsigned long code, unsigned long arg1, unsigned long arg2)
{
	struct cpu_info *self = this_cpu_info();
	struct cell *cell = self->cell;

	self->stats[JAILHOUSE_CPU_STAT_VMEXITS_HYPERCALL]++;

	switch (code) {
	case JAILHOUSE_HC_DISABLE:
		if (cell != &root_cell)
			return -EPERM;
		if (num_cells > 1)
			return -EBUSY;
		return 0;
	case JAILHOUSE_HC_CELL_CREATE:
	case JAILHOUSE_HC_CELL_START:
	case JAILHOUSE_HC_CELL_SET_LOADABLE:
	case JAILHOUSE_HC_CELL_DESTROY:
		self->stats[JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT]++;
		if (cell != &root_cell) {
			printk("cell \"%s\": hypercall %lu is for the root cell only\n",
			       cell_name(cell), code);
			return -EPERM;
		}
		switch (code) {
		case JAILHOUSE_HC_CELL_CREATE:
			return cell_create(arg1);
		case JAILHOUSE_HC_CELL_START:
			return cell_start(arg1);
		case JAILHOUSE_HC_CELL_SET_LOADABLE:
			return cell_set_loadable(arg1);
		default:
			return cell_destroy(arg1);
		}
	case JAILHOUSE_HC_HYPERVISOR_GET_INFO:
		return hypervisor_get_info(arg1);
	case JAILHOUSE_HC_CELL_GET_STATE:
		return cell_get_state(cell, arg1);
	case JAILHOUSE_HC_CPU_GET_INFO:
		return cpu_get_info(cell, arg1, arg2);
	case JAILHOUSE_HC_DEBUG_CONSOLE_PUTC:
		if (cell != &root_cell &&
		    !CELL_FLAGS_VIRTUAL_CONSOLE_PERMITTED(cell->config->flags))
			return -EPERM;
		console_putc((char)arg1);
		return 0;
	default:
		return -ENOSYS;
	}
}
