// SPDX-License-Identifier: GPL-2.0
/*
 * The hypercall dispatcher: who may call what, and the information calls.
 * Cell management itself is cell.c.
 */
#include <hv/control.h>
#include <hv/printk.h>

/* each hypercall by its code (hypercall_cpu(), hv/control.h) */
static long hc_disable(struct cpu_info *self, unsigned long arg1,
		       unsigned long arg2)
{
	if (self->cell != &root_cell)
		return -EPERM;
	if (num_cells > 1)
		return -EBUSY;
	return 0;
}

/* cell management: the root cell's only */
static bool management_permitted(struct cpu_info *self, unsigned long code)
{
	self->stats[JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT]++;
	if (self->cell == &root_cell)
		return true;
	printk("cell \"%s\": hypercall %lu is for the root cell only\n",
	       cell_name(self->cell), code);
	return false;
}

static long hc_cell_create(struct cpu_info *self, unsigned long arg1,
			   unsigned long arg2)
{
	if (!management_permitted(self, JAILHOUSE_HC_CELL_CREATE))
		return -EPERM;
	return cell_create(arg1);
}

static long hc_cell_start(struct cpu_info *self, unsigned long arg1,
			  unsigned long arg2)
{
	if (!management_permitted(self, JAILHOUSE_HC_CELL_START))
		return -EPERM;
	return cell_start(arg1);
}

static long hc_cell_set_loadable(struct cpu_info *self, unsigned long arg1,
				 unsigned long arg2)
{
	if (!management_permitted(self, JAILHOUSE_HC_CELL_SET_LOADABLE))
		return -EPERM;
	return cell_set_loadable(arg1);
}

static long hc_cell_destroy(struct cpu_info *self, unsigned long arg1,
			    unsigned long arg2)
{
	if (!management_permitted(self, JAILHOUSE_HC_CELL_DESTROY))
		return -EPERM;
	return cell_destroy(arg1);
}

/* HYPERVISOR_GET_INFO: each value by its type, one load instead of a switch */
static const unsigned long *const info_values[] = {
	[JAILHOUSE_INFO_MEM_POOL_SIZE] = &mem_pool.pages,
	[JAILHOUSE_INFO_MEM_POOL_USED] = &mem_pool.used,
	[JAILHOUSE_INFO_REMAP_POOL_SIZE] = &remap_pool.pages,
	[JAILHOUSE_INFO_REMAP_POOL_USED] = &remap_pool.used,
	[JAILHOUSE_INFO_NUM_CELLS] = &num_cells,
};

static long hc_hypervisor_get_info(struct cpu_info *self,
				   unsigned long type, unsigned long arg2)
{
	if (type >= ARRAY_SIZE(info_values))
		return -EINVAL;
	return *info_values[type];
}

static long hc_cell_get_state(struct cpu_info *self, unsigned long id,
			      unsigned long arg2)
{
	return cell_get_state(self->cell, id);
}

static long hc_cpu_get_info(struct cpu_info *self, unsigned long cpu,
			    unsigned long type)
{
	struct cell *caller = self->cell;
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

static long hc_debug_console_putc(struct cpu_info *self, unsigned long c,
				  unsigned long arg2)
{
	struct cell *cell = self->cell;

	if (cell != &root_cell &&
	    !CELL_FLAGS_VIRTUAL_CONSOLE_PERMITTED(cell->config->flags))
		return -EPERM;
	console_putc((char)c);
	return 0;
}

const hypercall_fn hypercalls[NUM_HYPERCALLS] = {
	[JAILHOUSE_HC_DISABLE] = hc_disable,
	[JAILHOUSE_HC_CELL_CREATE] = hc_cell_create,
	[JAILHOUSE_HC_CELL_START] = hc_cell_start,
	[JAILHOUSE_HC_CELL_SET_LOADABLE] = hc_cell_set_loadable,
	[JAILHOUSE_HC_CELL_DESTROY] = hc_cell_destroy,
	[JAILHOUSE_HC_HYPERVISOR_GET_INFO] = hc_hypervisor_get_info,
	[JAILHOUSE_HC_CELL_GET_STATE] = hc_cell_get_state,
	[JAILHOUSE_HC_CPU_GET_INFO] = hc_cpu_get_info,
	[JAILHOUSE_HC_DEBUG_CONSOLE_PUTC] = hc_debug_console_putc,
};

long hypercall(unsigned long code, unsigned long arg1, unsigned long arg2)
{
	return hypercall_cpu(this_cpu_info(), code, arg1, arg2);
}
