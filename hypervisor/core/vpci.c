// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual PCI host bridge of a cell (pci_mmconfig_base, pci_is_virtual):
 * an ECAM window over buses 0..pci_mmconfig_end_bus in which each cell sees
 * its own ivshmem functions (core/ivshmem.c) at their bdf, and nothing
 * else: an empty slot reads all-ones, writes to it are dropped.
 *
 * The root cell's BARs live in the window right after ECAM, of the same
 * size (the driver gives it to Linux's host bridge); nothing may be mapped
 * there, so accesses trap and reach ivshmem_bar_access().
 */
#include <hv/control.h>

#define ECAM_BUS_SIZE		(1ULL << 20)
#define ECAM_FN_SHIFT		12
#define ECAM_REG_MASK		0xfffULL

static u64 size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

static enum mmio_result vpci_ecam_handler(void *arg,
					  struct mmio_access *access)
{
	struct cell *cell = arg;
	struct ivshmem_endpoint *ep;
	unsigned int reg = access->address & ECAM_REG_MASK;
	unsigned int shift = (reg & 3) * 8;
	u64 mask = size_mask(access->size);

	ep = ivshmem_find(cell, access->address >> ECAM_FN_SHIFT);
	/* config accesses are naturally aligned, at most 32 bits */
	if (!ep || access->size > 4 || (reg & (access->size - 1))) {
		if (!access->is_write)
			access->value = mask;
		return MMIO_HANDLED;
	}
	if (access->is_write)
		ivshmem_cfg_write(ep, reg, (u32)(access->value << shift),
				  (u32)(mask << shift));
	else
		access->value = (ivshmem_cfg_read(ep, reg) >> shift) & mask;
	return MMIO_HANDLED;
}

int cell_init_vpci(struct cell *cell)
{
	u64 base = system_config->platform_info.pci_mmconfig_base;
	u64 size = ((u64)system_config->platform_info.pci_mmconfig_end_bus +
		    1) * ECAM_BUS_SIZE;
	int err;

	if (!base || !system_config->platform_info.pci_is_virtual)
		return 0;
	/* the root's BAR window too, in one go */
	err = paging_destroy(&cell->stage2, base,
			     cell == &root_cell ? 2 * size : size);
	if (err)
		return err;
	return mmio_region_register(&cell->mmio, base, size,
				    vpci_ecam_handler, cell);
}
