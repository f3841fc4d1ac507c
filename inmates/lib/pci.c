// SPDX-License-Identifier: GPL-2.0
/*
 * PCI configuration space through the (virtual) ECAM window the
 * communication region announces.  Bus 0 only, aligned 32-bit accesses
 * only, which every ECAM implementation and trap handler understands.
 */
#include <inmate.h>

static unsigned long ecam;

int pci_init(void)
{
	struct jailhouse_comm_region *comm = comm_region();

	if (comm_region_valid())
		ecam = (unsigned long)comm->pci_mmconfig_base;
	ecam = (unsigned long)cmdline_parse_int("pci-base", (long long)ecam);
	return ecam ? 0 : -1;
}

static unsigned long cfg_addr(u16 bdf, unsigned int reg)
{
	return ecam + ((unsigned long)bdf << 12) + (reg & 0xffc);
}

u32 pci_read_config(u16 bdf, unsigned int reg, unsigned int size)
{
	u32 val = mmio_read32(cfg_addr(bdf, reg));

	val >>= (reg & 3) * 8;
	if (size == 1)
		return val & 0xff;
	if (size == 2)
		return val & 0xffff;
	return val;
}

void pci_write_config(u16 bdf, unsigned int reg, u32 value,
		      unsigned int size)
{
	unsigned long addr = cfg_addr(bdf, reg);
	unsigned int shift = (reg & 3) * 8;
	u32 mask, val;

	if (size == 4) {
		mmio_write32(addr, value);
		return;
	}
	mask = (size == 1 ? 0xffU : 0xffffU) << shift;
	val = mmio_read32(addr);
	val = (val & ~mask) | ((value << shift) & mask);
	mmio_write32(addr, val);
}

int pci_find_device(u16 vendor, u16 device, u16 start_bdf)
{
	unsigned int bdf;
	u32 id;

	if (!ecam)
		return -1;
	for (bdf = start_bdf; bdf < 0x100; bdf++) {
		id = pci_read_config((u16)bdf, PCI_CFG_VENDOR_ID, 4);
		if ((id & 0xffff) == vendor && (id >> 16) == device)
			return (int)bdf;
	}
	return -1;
}

int pci_find_cap(u16 bdf, u8 cap_id)
{
	unsigned int pos, guard = 48;

	if (!(pci_read_config(bdf, PCI_CFG_STATUS, 2) & PCI_STS_CAPS))
		return -1;
	pos = pci_read_config(bdf, PCI_CFG_CAP_PTR, 1) & ~3U;
	while (pos && guard--) {
		if (pci_read_config(bdf, pos, 1) == cap_id)
			return (int)pos;
		pos = pci_read_config(bdf, pos + 1, 1) & ~3U;
	}
	return -1;
}
