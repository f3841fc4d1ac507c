/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ivshmem demo cell for the TI AM62x SK/EVM: CPU 2, 64 KiB RAM, the
 * communication region and peer 1 of the 3-peer ivshmem demo device
 * 0001:00:00.0 the root cell (peer 0) also has; peer 2 is left for a
 * Linux inmate, as in TI's guide.  Output goes through the hypervisor's
 * debug console (virtual console), so this cell can run next to
 * inmate-demo, which owns MAIN UART1.
 *
 * Inmate view:
 *   0x00000000  RAM (image loaded here, entry at 0), physical 0xe0010000,
 *               next to inmate-demo's 64 KiB in the inmate area
 *   0x80000000  communication region
 *   0xdfa00000  ivshmem: state table, r/w section, 3 output sections
 * The device's INTx is GIC interrupt vpci_irq_base + 32 = 184: between
 * the root's virtual PCI interrupts (180..183) and those TI's Linux
 * inmate uses (189, 190).
 */

#include <jailhouse/types.h>
#include <jailhouse/cell-config.h>

struct {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[7];
	struct jailhouse_irqchip irqchips[1];
	struct jailhouse_pci_device pci_devices[1];
} __attribute__((packed)) config = {
	.cell = {
		.signature = JAILHOUSE_CELL_DESC_SIGNATURE,
		.architecture = JAILHOUSE_ARM64,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.name = "ivshmem-demo",
		.flags = JAILHOUSE_CELL_PASSIVE_COMMREG |
			 JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED |
			 JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE,

		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
		.num_irqchips = ARRAY_SIZE(config.irqchips),
		.num_pci_devices = ARRAY_SIZE(config.pci_devices),

		.vpci_irq_base = 184 - 32,
	},

	.cpus = {
		0x4,
	},

	.mem_regions = {
		/* 0..4: ivshmem demo, peer 1 of 3, 64 KiB sections */
		/* state table */ {
			.phys_start = 0xdfa00000,
			.virt_start = 0xdfa00000,
			.size = 0x10000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED,
		},
		/* read/write section */ {
			.phys_start = 0xdfa10000,
			.virt_start = 0xdfa10000,
			.size = 0x10000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_ROOTSHARED,
		},
		/* output section of peer 0 */ {
			.phys_start = 0xdfa20000,
			.virt_start = 0xdfa20000,
			.size = 0x10000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED,
		},
		/* output section of peer 1 (ours) */ {
			.phys_start = 0xdfa30000,
			.virt_start = 0xdfa30000,
			.size = 0x10000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_ROOTSHARED,
		},
		/* output section of peer 2 */ {
			.phys_start = 0xdfa40000,
			.virt_start = 0xdfa40000,
			.size = 0x10000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED,
		},
		/* 5: RAM */ {
			.phys_start = 0xe0010000,
			.virt_start = 0,
			.size = 0x00010000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_EXECUTE | JAILHOUSE_MEM_LOADABLE,
		},
		/* 6: communication region */ {
			.virt_start = 0x80000000,
			.size = 0x00001000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_COMM_REGION,
		},
	},

	.irqchips = {
		/* GICv3 distributor: the ivshmem INTx, 184 */ {
			.address = 0x01800000,
			.pin_base = 160,
			.pin_bitmap = {
				1 << (184 - 160), 0, 0, 0,
			},
		},
	},

	.pci_devices = {
		/* ivshmem demo 0001:00:00.0 */ {
			.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
			.domain = 1,
			.bdf = 0 << 3,
			.bar_mask = JAILHOUSE_IVSHMEM_BAR_MASK_INTX_64K,
			.shmem_regions_start = 0,
			.shmem_dev_id = 1,
			.shmem_peers = 3,
			.shmem_protocol = JAILHOUSE_SHMEM_PROTO_UNDEFINED,
		},
	},
};
