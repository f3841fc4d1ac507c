// SPDX-License-Identifier: GPL-2.0
/*
 * A cell's memory regions in its stage 2: page flags from region flags, and
 * what never gets mapped (hypervisor memory; sub-page regions are emulated,
 * see subpage.c).
 */
#include <hv/control.h>
#include <hv/printk.h>

/* the one translation of a region's access flags into page flags */
unsigned long mem_page_flags(const struct jailhouse_memory *mem)
{
	unsigned long flags = 0;

	if (mem->flags & JAILHOUSE_MEM_READ)
		flags |= PAGE_FLAG_READ;
	if (mem->flags & JAILHOUSE_MEM_WRITE)
		flags |= PAGE_FLAG_WRITE;
	if (mem->flags & JAILHOUSE_MEM_EXECUTE)
		flags |= PAGE_FLAG_EXEC;
	if (mem->flags & JAILHOUSE_MEM_IO)
		flags |= PAGE_FLAG_DEVICE;
	return flags;
}

int cell_map_memory(struct cell *cell)
{
	const struct jailhouse_memory *mem =
		jailhouse_cell_mem_regions(cell->config);
	const struct jailhouse_memory *hv = &system_config->hypervisor_memory;
	unsigned int n;
	int err;

	for (n = 0; n < cell->config->num_memory_regions; n++, mem++) {
		/* the communication region is a hypervisor page, see cell.c */
		if (!mem->size || (mem->flags & JAILHOUSE_MEM_COMM_REGION))
			continue;
		if (region_is_subpage(mem)) {
			err = subpage_register(cell, mem);
			if (err)
				return err;
			continue;
		}
		if (!paging_covers(&cell->stage2, mem->virt_start, mem->size)) {
			printk("cell \"%s\": memory region %u at 0x%llx is "
			       "beyond the stage-2 input address range\n",
			       cell->config->name, n,
			       (unsigned long long)mem->virt_start);
			return -ERANGE;
		}
		err = paging_create(&cell->stage2, mem->phys_start, mem->size,
				    mem->virt_start, mem_page_flags(mem),
				    (mem->flags & JAILHOUSE_MEM_NO_HUGEPAGES) ?
				    PAGING_NON_HUGE : PAGING_HUGE);
		if (err)
			return err;
	}

	/* whatever the config says, cells never see hypervisor memory */
	if (cell == &root_cell)
		return paging_destroy(&cell->stage2, hv->phys_start,
				      PAGE_ALIGN(hv->size));
	return 0;
}
