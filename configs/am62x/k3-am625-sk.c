/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Root cell (system) configuration for the TI AM62x SK/EVM (K3 AM625):
 * 4 Cortex-A53, GICv3, 2 GiB DDR at 0x80000000.
 *
 * Layout as in TI's Processor SDK Jailhouse guide (see README.md):
 *   0x80000000..0xdf9fffff  root Linux RAM
 *   0xdfa00000..0xdfafffff  ivshmem demo device 0001:00:00.0 (3 peers)
 *   0xdfb00000..0xdfbfffff  ivshmem-net device 0001:00:01.0 (2 peers)
 *   0xdfc00000..0xdfffffff  hypervisor (4 MiB)
 *   0xe0000000..0xffffffff  inmate RAM (512 MiB), root-owned until a cell
 *                           takes it
 * The root device tree reserves 0xdfa00000 size 0x20600000 (no-map) and
 * disables main_uart1, which belongs to the inmate.
 */

#include <jailhouse/types.h>
#include <jailhouse/cell-config.h>

#define MMIO_RW(start, len)						\
	{								\
		.phys_start = (start),					\
		.virt_start = (start),					\
		.size = (len),						\
		.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |	\
			JAILHOUSE_MEM_IO,				\
	}

#define ALL_SPIS_FROM(base)						\
	{								\
		.address = 0x01800000,					\
		.pin_base = (base),					\
		.pin_bitmap = {						\
			0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,	\
		},							\
	}

struct {
	struct jailhouse_system header;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[31];
	struct jailhouse_irqchip irqchips[5];
	struct jailhouse_pci_device pci_devices[2];
} __attribute__((packed)) config = {
	.header = {
		.signature = JAILHOUSE_SYSTEM_SIGNATURE,
		.architecture = JAILHOUSE_ARM64,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.flags = JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE,
		.hypervisor_memory = {
			.phys_start = 0xdfc00000,
			.size = 0x400000,
		},
		/* MAIN UART0: 16550, 32-bit registers 4 bytes apart */
		.debug_console = {
			.address = 0x02800000,
			.size = 0x1000,
			.type = JAILHOUSE_CON_TYPE_8250,
			.flags = JAILHOUSE_CON_ACCESS_MMIO |
				 JAILHOUSE_CON_REGDIST_4,
		},
		.platform_info = {
			.pci_mmconfig_base = 0x76000000,
			.pci_mmconfig_end_bus = 0,
			.pci_is_virtual = 1,
			.pci_domain = 1,
			.arm = {
				.gic_version = 3,
				.gicd_base = 0x01800000,
				.gicr_base = 0x01880000,
				.maintenance_irq = 25,
			},
		},
		.root_cell = {
			.name = "k3-am625-sk",

			.cpu_set_size = sizeof(config.cpus),
			.num_memory_regions = ARRAY_SIZE(config.mem_regions),
			.num_irqchips = ARRAY_SIZE(config.irqchips),
			.num_pci_devices = ARRAY_SIZE(config.pci_devices),

			/* virtual PCI INTx: GIC interrupts 180..183 */
			.vpci_irq_base = 180 - 32,
		},
	},

	.cpus = {
		0xf,
	},

	.mem_regions = {
		/* 0..4: ivshmem demo 0001:00:00.0, peer 0 of 3 */
		/* state table */ {
			.phys_start = 0xdfa00000,
			.virt_start = 0xdfa00000,
			.size = 0x10000,
			.flags = JAILHOUSE_MEM_READ,
		},
		/* read/write section */ {
			.phys_start = 0xdfa10000,
			.virt_start = 0xdfa10000,
			.size = 0x10000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE,
		},
		/* output section of peer 0 (ours) */ {
			.phys_start = 0xdfa20000,
			.virt_start = 0xdfa20000,
			.size = 0x10000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE,
		},
		/* output section of peer 1 */ {
			.phys_start = 0xdfa30000,
			.virt_start = 0xdfa30000,
			.size = 0x10000,
			.flags = JAILHOUSE_MEM_READ,
		},
		/* output section of peer 2 */ {
			.phys_start = 0xdfa40000,
			.virt_start = 0xdfa40000,
			.size = 0x10000,
			.flags = JAILHOUSE_MEM_READ,
		},
		/* 5..8: ivshmem-net 0001:00:01.0, peer 0 of 2 */
		JAILHOUSE_SHMEM_NET_REGIONS(0xdfb00000, 0),
		/*
		 * 9: GIC-adjacent window after the distributor, as in TI's
		 * configuration.  TI's second window, 0x018a0000..0x018fffff,
		 * is left out: it is the redistributor frames of CPUs 1-3
		 * (GICR 0x01880000, 0x20000 per CPU), which only the
		 * hypervisor may access (checker: MEM_GICR).
		 */
		MMIO_RW(0x01810000, 0x00070000),
		/* 10: RAM */ {
			.phys_start = 0x80000000,
			.virt_start = 0x80000000,
			.size = 0x5fa00000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_EXECUTE,
		},
		/* 11: RAM reserved for inmates */ {
			.phys_start = 0xe0000000,
			.virt_start = 0xe0000000,
			.size = 0x20000000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_EXECUTE,
		},
		/* 12: control MMRs */
		MMIO_RW(0x000f0000, 0x00030000),
		/* 13: GPIO */
		MMIO_RW(0x00600000, 0x00002000),
		/* 14: GPU */
		MMIO_RW(0x0fd00000, 0x00020000),
		/* 15: time sync router */
		MMIO_RW(0x00a40000, 0x00001000),
		/* 16: first peripheral window, below the GIC */
		MMIO_RW(0x01000000, 0x00800000),
		/* 17: first peripheral window, above the GIC (UARTs) */
		MMIO_RW(0x01900000, 0x01229000),
		/* 18: second peripheral window */
		MMIO_RW(0x0e000000, 0x01d00000),
		/* 19: third peripheral window */
		MMIO_RW(0x20000000, 0x0a008000),
		/* 20: on-chip SRAM */
		MMIO_RW(0x70000000, 0x00010000),
		/* 21: display subsystem */
		MMIO_RW(0x30200000, 0x00010000),
		/* 22: DDR subsystem */
		MMIO_RW(0x48000000, 0x06400000),
		/* 23: PRU subsystem */
		MMIO_RW(0x30040000, 0x00080000),
		/* 24, 25: USB */
		MMIO_RW(0x31000000, 0x00050000),
		MMIO_RW(0x31100000, 0x00050000),
		/* 26: Ethernet switch (CPSW) */
		MMIO_RW(0x08000000, 0x00200000),
		/* 27: crypto */
		MMIO_RW(0x40900000, 0x00030000),
		/* 28, 29: wake-up domain */
		MMIO_RW(0x2b000000, 0x00301000),
		MMIO_RW(0x43000000, 0x00020000),
		/* 30: MCU domain */
		MMIO_RW(0x04000000, 0x01ff2000),
	},

	/* every SPI, 32..671, to the root cell */
	.irqchips = {
		ALL_SPIS_FROM(32),
		ALL_SPIS_FROM(160),
		ALL_SPIS_FROM(288),
		ALL_SPIS_FROM(416),
		ALL_SPIS_FROM(544),
	},

	.pci_devices = {
		/* ivshmem demo 0001:00:00.0 */ {
			.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
			.domain = 1,
			.bdf = 0 << 3,
			.bar_mask = JAILHOUSE_IVSHMEM_BAR_MASK_INTX_64K,
			.shmem_regions_start = 0,
			.shmem_dev_id = 0,
			.shmem_peers = 3,
			.shmem_protocol = JAILHOUSE_SHMEM_PROTO_UNDEFINED,
		},
		/* ivshmem-net 0001:00:01.0 */ {
			.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
			.domain = 1,
			.bdf = 1 << 3,
			.bar_mask = JAILHOUSE_IVSHMEM_BAR_MASK_INTX_64K,
			.shmem_regions_start = 5,
			.shmem_dev_id = 0,
			.shmem_peers = 2,
			.shmem_protocol = JAILHOUSE_SHMEM_PROTO_VETH,
		},
	},
};
