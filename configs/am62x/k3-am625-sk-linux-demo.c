/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux inmate cell for the TI AM62x SK/EVM, as in TI's guide ("Two Guest
 * VMs"): CPUs 2 and 3, the inmate RAM of the root configuration less the
 * 64 KiB at its top, which hold linux-loader at cell address 0, MAIN UART1
 * as the inmate's console, peer 2 of the 3-peer ivshmem demo device
 * 0001:00:00.0 and peer 1 of the ivshmem-net link 0001:00:01.0, both
 * shared with the root cell (peer 0).  It takes the RAM of inmate-demo and
 * ivshmem-demo, UART1 and CPU 2, so it runs instead of them.
 *
 * Started as in TI's guide (inmate-k3-am625-sk.dts for the device tree):
 *   jailhouse cell load k3-am625-sk-linux-demo linux-loader.bin -a 0x0 \
 *	-s "kernel=0xe0200000 dtb=0xe0000000" -a 0x1000 \
 *	Image -a 0xe0200000 rootfs.cpio -a 0xe28d4000 \
 *	inmate-k3-am625-sk.dtb -a 0xe0000000
 *
 * Inmate view:
 *   0x00000000  loader RAM, 64 KiB (physical 0xffff0000), entry at 0
 *   0x01800000  GICv3 distributor, 0x01880000 redistributors (trapped)
 *   0x02810000  MAIN UART1, GIC interrupt 211
 *   0x10000000  where the inmate's Linux puts the ivshmem BARs (unmapped,
 *               trapped; see the dts)
 *   0x76000000  virtual PCI host, ECAM of bus 0 (trapped)
 *   0x80000000  communication region
 *   0xdfa00000  ivshmem demo: state table, r/w section, 3 output sections
 *   0xdfb00000  ivshmem-net: state table, 2 output sections
 *   0xe0000000  RAM, 512 MiB - 64 KiB, identity mapped
 * The ivshmem INTx of slot s is GIC interrupt 32 + vpci_irq_base + s:
 * 189 (demo) and 190 (net), the numbers of TI's configuration.
 *
 * TI's configuration also hands the cell the secure proxy threads of host
 * A53_3 (TI-SCI, for power domains and clocks).  They are left out: the
 * inmate device tree here has no TI-SCI node, so Linux in the cell does
 * not manage UART1's power domain and clock, which must stay on as the
 * boot firmware left them.
 */

#include <jailhouse/types.h>
#include <jailhouse/cell-config.h>

#define UART1_IRQ	211
#define VPCI_IRQ	189

struct {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[13];
	struct jailhouse_irqchip irqchips[1];
	struct jailhouse_pci_device pci_devices[2];
} __attribute__((packed)) config = {
	.cell = {
		.signature = JAILHOUSE_CELL_DESC_SIGNATURE,
		.architecture = JAILHOUSE_ARM64,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.name = "k3-am625-sk-linux-demo",
		.flags = JAILHOUSE_CELL_PASSIVE_COMMREG,

		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
		.num_irqchips = ARRAY_SIZE(config.irqchips),
		.num_pci_devices = ARRAY_SIZE(config.pci_devices),

		.vpci_irq_base = VPCI_IRQ - 32,

		/* linux-loader's messages; Linux finds the UART in the dts */
		.console = {
			.address = 0x02810000,
			.size = 0x1000,
			/* 48 MHz UART clock / (16 * 0x1b): 115200 baud */
			.divider = 0x1b,
			.type = JAILHOUSE_CON_TYPE_8250,
			.flags = JAILHOUSE_CON_ACCESS_MMIO |
				 JAILHOUSE_CON_REGDIST_4,
		},
	},

	.cpus = {
		0xc,
	},

	.mem_regions = {
		/* 0..4: ivshmem demo 0001:00:00.0, peer 2 of 3 */
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
		/* output section of peer 1 */ {
			.phys_start = 0xdfa30000,
			.virt_start = 0xdfa30000,
			.size = 0x10000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED,
		},
		/* output section of peer 2 (ours) */ {
			.phys_start = 0xdfa40000,
			.virt_start = 0xdfa40000,
			.size = 0x10000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_ROOTSHARED,
		},
		/* 5..8: ivshmem-net 0001:00:01.0, peer 1 of 2 */
		JAILHOUSE_SHMEM_NET_REGIONS(0xdfb00000, 1),
		/* 9: MAIN UART1 */ {
			.phys_start = 0x02810000,
			.virt_start = 0x02810000,
			.size = 0x10000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_IO,
		},
		/* 10: loader RAM (linux-loader.bin and its command line) */ {
			.phys_start = 0xffff0000,
			.virt_start = 0,
			.size = 0x00010000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_EXECUTE | JAILHOUSE_MEM_LOADABLE,
		},
		/* 11: RAM of the Linux inmate, below the loader's 64 KiB */ {
			.phys_start = 0xe0000000,
			.virt_start = 0xe0000000,
			.size = 0x1fff0000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_EXECUTE | JAILHOUSE_MEM_LOADABLE,
		},
		/* 12: communication region */ {
			.virt_start = 0x80000000,
			.size = 0x00001000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_COMM_REGION,
		},
	},

	.irqchips = {
		/* GICv3 distributor: the two ivshmem INTx, the UART */ {
			.address = 0x01800000,
			.pin_base = 160,
			.pin_bitmap = {
				(1 << (VPCI_IRQ - 160)) |
				(1 << (VPCI_IRQ + 1 - 160)),
				1 << (UART1_IRQ - 192),
				0,
				0,
			},
		},
	},

	.pci_devices = {
		/* ivshmem demo 0001:00:00.0, INTx 189 */ {
			.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
			.domain = 1,
			.bdf = 0 << 3,
			.bar_mask = JAILHOUSE_IVSHMEM_BAR_MASK_INTX_64K,
			.shmem_regions_start = 0,
			.shmem_dev_id = 2,
			.shmem_peers = 3,
			.shmem_protocol = JAILHOUSE_SHMEM_PROTO_UNDEFINED,
		},
		/* ivshmem-net 0001:00:01.0, INTx 190 */ {
			.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
			.domain = 1,
			.bdf = 1 << 3,
			.bar_mask = JAILHOUSE_IVSHMEM_BAR_MASK_INTX_64K,
			.shmem_regions_start = 5,
			.shmem_dev_id = 1,
			.shmem_peers = 2,
			.shmem_protocol = JAILHOUSE_SHMEM_PROTO_VETH,
		},
	},
};
