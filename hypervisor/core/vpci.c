// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual PCI host bridge of a cell (pci_mmconfig_base, pci_is_virtual).
 */
#include <hv/control.h>

/*
 * Virtual PCI host bridge: until virtual PCI devices exist, the ECAM window
 * is an empty bus (all-ones reads, writes ignored).
 */
static enum mmio_result vpci_ecam_handler(void *arg,
					  struct mmio_access *access)
{
	if (!access->is_write)
		access->value = access->size == 8 ? ~0ULL :
			(1ULL << (8 * access->size)) - 1;
	return MMIO_HANDLED;
}

int cell_init_vpci(struct cell *cell)
{
	u64 base = system_config->platform_info.pci_mmconfig_base;
	u64 size = ((u64)system_config->platform_info.pci_mmconfig_end_bus +
		    1) << 20;
	int err;

	if (!base || !system_config->platform_info.pci_is_virtual)
		return 0;
	err = paging_destroy(&cell->stage2, base, size);
	if (err)
		return err;
	return mmio_region_register(&cell->mmio, base, size,
				    vpci_ecam_handler, cell);
}
