// SPDX-License-Identifier: GPL-2.0
/*
 * Sub-page I/O regions: a cell may own part of a page of device memory
 * (JAILHOUSE_MEMORY_IS_SUBPAGE, or a region not starting on a page).
 * Stage 2 cannot map less than a page, so the hypervisor performs each
 * access for the cell, and for that it maps the page into its own address
 * space while any cell has such a region in it.
 */
#include <hv/control.h>
#include <hv/printk.h>
#include <hv/lib.h>

/* without an architecture (host tests) physical addresses are usable */
int __weak arch_map_device(u64 phys, u64 size)
{
	return 0;
}

void __weak arch_unmap_device(u64 phys, u64 size)
{
}

static void subpage_bytewise(u8 *addr, struct mmio_access *access)
{
	unsigned int n;

	if (access->is_write) {
		for (n = 0; n < access->size; n++)
			mmio_write(addr + n, 1, (access->value >> (8 * n)) & 0xff);
		return;
	}
	access->value = 0;
	for (n = 0; n < access->size; n++)
		access->value |= mmio_read(addr + n, 1) << (8 * n);
}

static enum mmio_result subpage_handler(void *arg, struct mmio_access *access)
{
	const struct jailhouse_memory *mem = arg;
	u8 *addr = (u8 *)(unsigned long)(mem->phys_start + access->address);
	u64 widths = mem->flags & (JAILHOUSE_MEM_IO_8 | JAILHOUSE_MEM_IO_16 |
				   JAILHOUSE_MEM_IO_32 | JAILHOUSE_MEM_IO_64);

	if (widths && !(widths & ((u64)access->size <<
				  JAILHOUSE_MEM_IO_WIDTH_SHIFT)))
		return MMIO_ERROR;
	if (access->is_write && !(mem->flags & JAILHOUSE_MEM_WRITE))
		return MMIO_ERROR;
	if (!access->is_write && !(mem->flags & JAILHOUSE_MEM_READ))
		return MMIO_ERROR;
	if (access->address & (access->size - 1)) {
		if (!(mem->flags & JAILHOUSE_MEM_IO_UNALIGNED))
			return MMIO_ERROR;
		/*
		 * A misaligned access to Device memory is an alignment fault
		 * at EL2: replay it byte by byte, little endian.
		 */
		subpage_bytewise(addr, access);
		return MMIO_HANDLED;
	}
	if (access->is_write)
		mmio_write(addr, access->size, access->value);
	else
		access->value = mmio_read(addr, access->size);
	return MMIO_HANDLED;
}

bool region_is_subpage(const struct jailhouse_memory *mem)
{
	return mem->size && !(mem->flags & JAILHOUSE_MEM_COMM_REGION) &&
		(JAILHOUSE_MEMORY_IS_SUBPAGE(mem) ||
		 (mem->phys_start & PAGE_OFFS_MASK));
}

int subpage_register(struct cell *cell, const struct jailhouse_memory *mem)
{
	u64 start = mem->phys_start & PAGE_MASK;
	u64 end = PAGE_ALIGN(mem->phys_start + mem->size);
	int err;

	if (!(mem->flags & JAILHOUSE_MEM_IO))
		return -EINVAL;
	err = arch_map_device(start, end - start);
	if (err)
		return err;
	return mmio_region_register(&cell->mmio, mem->virt_start, mem->size,
				    subpage_handler, (void *)mem);
}

/* does a cell other than @except have a sub-page region in @page? */
static bool page_in_use(const struct cell *except, u64 page)
{
	const struct jailhouse_memory *mem;
	const struct cell *cell;
	unsigned int id, n;

	for (id = 0; id < HV_MAX_CELLS; id++) {
		cell = id ? cells[id] : &root_cell;
		if (!cell || cell == except || !cell->config)
			continue;
		mem = jailhouse_cell_mem_regions(cell->config);
		for (n = 0; n < cell->config->num_memory_regions; n++, mem++)
			if (region_is_subpage(mem) &&
			    page >= (mem->phys_start & PAGE_MASK) &&
			    page < PAGE_ALIGN(mem->phys_start + mem->size))
				return true;
	}
	return false;
}

void subpage_release(struct cell *cell)
{
	const struct jailhouse_memory *mem =
		jailhouse_cell_mem_regions(cell->config);
	u64 page, con = system_config->debug_console.address & PAGE_MASK;
	unsigned int n;

	for (n = 0; n < cell->config->num_memory_regions; n++, mem++) {
		if (!region_is_subpage(mem))
			continue;
		for (page = mem->phys_start & PAGE_MASK;
		     page < PAGE_ALIGN(mem->phys_start + mem->size);
		     page += PAGE_SIZE)
			/* the debug console stays, and so do others' pages */
			if (page != con && !page_in_use(cell, page))
				arch_unmap_device(page, PAGE_SIZE);
	}
}
