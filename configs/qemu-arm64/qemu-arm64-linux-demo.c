/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux inmate cell for the emulated board (QEMU "virt"): CPUs 2 and 3,
 * 128 MiB of RAM above the root Linux's mem=768M, the second UART as the
 * inmate's console, peer 2 of the 3-peer ivshmem demo device 0001:00:00.0
 * and peer 1 of the ivshmem-net link 0001:00:01.0, both shared with the
 * root cell (peer 0).  It takes the CPUs of inmate-demo (3) and
 * ivshmem-demo (2), so it runs instead of them, not beside them.
 *
 * Started as in TI's guide, with linux-loader.bin at cell address 0 and
 * the kernel, its initramfs and the device tree (inmate-qemu-arm64.dts)
 * in the RAM below:
 *   jailhouse cell load qemu-arm64-linux-demo linux-loader.bin -a 0x0 \
 *	-s "kernel=0x70200000 dtb=0x70000000" -a 0x1000 \
 *	Image -a 0x70200000 rootfs.cpio -a 0x74000000 inmate.dtb -a 0x70000000
 *
 * Inmate view:
 *   0x00000000  loader RAM, 64 KiB (physical 0x7f9f0000), entry at 0
 *   0x08000000  GICv3 distributor, 0x080a0000 redistributors (trapped)
 *   0x08e00000  virtual PCI host, ECAM of bus 0 (trapped)
 *   0x08f00000  where the inmate's Linux puts the ivshmem BARs (unmapped,
 *               trapped; see the dts)
 *   0x3eff1000  16550 UART (QEMU pci-serial behind the PIO window)
 *   0x70000000  RAM, 128 MiB, identity mapped
 *   0x7faf0000  ivshmem demo: state table, r/w section, 3 output sections
 *   0x7fb00000  ivshmem-net: state table, 2 output sections
 *   0x80000000  communication region
 * Interrupts: the UART's SPI 4 (GIC 36); the ivshmem INTx of slot s is
 * GIC interrupt 32 + vpci_irq_base + s, i.e. 140 (demo) and 141 (net).
 */

#include <jailhouse/types.h>
#include <jailhouse/cell-config.h>

#define UART_IRQ	36
#define VPCI_IRQ	140

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
		.name = "qemu-arm64-linux-demo",
		.flags = JAILHOUSE_CELL_PASSIVE_COMMREG |
			 JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED,

		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
		.num_irqchips = ARRAY_SIZE(config.irqchips),
		.num_pci_devices = ARRAY_SIZE(config.pci_devices),

		.vpci_irq_base = VPCI_IRQ - 32,

		/* linux-loader's messages; Linux finds the UART in the dts */
		.console = {
			.address = 0x3eff1000,
			.size = 0x1000,
			.type = JAILHOUSE_CON_TYPE_8250,
			.flags = JAILHOUSE_CON_ACCESS_MMIO |
				 JAILHOUSE_CON_REGDIST_1,
		},
	},

	.cpus = {
		0xc,
	},

	.mem_regions = {
		/* 0..4: ivshmem demo 0001:00:00.0, peer 2 of 3 */
		/* state table */ {
			.phys_start = 0x7faf0000,
			.virt_start = 0x7faf0000,
			.size = 0x1000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED,
		},
		/* read/write section */ {
			.phys_start = 0x7faf1000,
			.virt_start = 0x7faf1000,
			.size = 0x9000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_ROOTSHARED,
		},
		/* output section of peer 0 */ {
			.phys_start = 0x7fafa000,
			.virt_start = 0x7fafa000,
			.size = 0x2000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED,
		},
		/* output section of peer 1 */ {
			.phys_start = 0x7fafc000,
			.virt_start = 0x7fafc000,
			.size = 0x2000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED,
		},
		/* output section of peer 2 (ours) */ {
			.phys_start = 0x7fafe000,
			.virt_start = 0x7fafe000,
			.size = 0x2000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_ROOTSHARED,
		},
		/* 5..8: ivshmem-net 0001:00:01.0, peer 1 of 2 */
		JAILHOUSE_SHMEM_NET_REGIONS(0x7fb00000, 1),
		/* 9: UART1, pci-serial 16550 behind the PIO window */ {
			.phys_start = 0x3eff1000,
			.virt_start = 0x3eff1000,
			.size = 0x1000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_IO,
		},
		/* 10: loader RAM (linux-loader.bin and its command line) */ {
			.phys_start = 0x7f9f0000,
			.virt_start = 0,
			.size = 0x00010000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_EXECUTE | JAILHOUSE_MEM_LOADABLE,
		},
		/* 11: RAM of the Linux inmate */ {
			.phys_start = 0x70000000,
			.virt_start = 0x70000000,
			.size = 0x08000000,
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
		/* GICv3 distributor: the UART's SPI, the two ivshmem INTx */ {
			.address = 0x08000000,
			.pin_base = 32,
			.pin_bitmap = {
				1 << (UART_IRQ - 32),
				0,
				0,
				(1 << (VPCI_IRQ - 128)) |
				(1 << (VPCI_IRQ + 1 - 128)),
			},
		},
	},

	.pci_devices = {
		/* ivshmem demo 0001:00:00.0, INTx 140 */ {
			.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
			.domain = 1,
			.bdf = 0 << 3,
			.bar_mask = JAILHOUSE_IVSHMEM_BAR_MASK_INTX,
			.shmem_regions_start = 0,
			.shmem_dev_id = 2,
			.shmem_peers = 3,
			.shmem_protocol = JAILHOUSE_SHMEM_PROTO_UNDEFINED,
		},
		/* ivshmem-net 0001:00:01.0, INTx 141 */ {
			.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
			.domain = 1,
			.bdf = 1 << 3,
			.bar_mask = JAILHOUSE_IVSHMEM_BAR_MASK_INTX,
			.shmem_regions_start = 5,
			.shmem_dev_id = 1,
			.shmem_peers = 2,
			.shmem_protocol = JAILHOUSE_SHMEM_PROTO_VETH,
		},
	},
};
