/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Root cell (system) configuration for the emulated board: QEMU "virt",
 * GICv3, 4 Cortex-A53, 1 GiB RAM at 0x40000000.
 *
 * Memory map used here:
 *   0x40000000..0x6fffffff  root Linux RAM (boot it with "mem=768M")
 *   0x70000000..0x7f9fffff  spare RAM, still owned by the root cell
 *   0x7fa00000..0x7fa0ffff  inmate-demo RAM (taken away on cell create)
 *   0x7fa10000..0x7faeffff  spare RAM, root cell
 *   0x7faf0000..0x7fafffff  ivshmem demo device 0001:00:00.0 (3 peers)
 *   0x7fb00000..0x7fbfffff  ivshmem-net device 0001:00:01.0 (2 peers)
 *   0x7fc00000..0x7fffffff  hypervisor
 *
 * The second UART (inmates' console) is a PCI 16550, "-device pci-serial",
 * at 00:01.0 (slot 1) of QEMU's PCIe host, I/O port 0x1000, i.e. physical
 * 0x3eff1000 through the PIO window.  The virt board routes INTx of slot s,
 * pin p to SPI 3 + ((s + p) % 4), so its INTA is SPI 4 = GIC interrupt 36.
 * It is mapped here as part of the PIO window and handed to the inmate by
 * qemu-arm64-inmate-demo.c.
 */

#include <jailhouse/types.h>
#include <jailhouse/cell-config.h>

struct {
	struct jailhouse_system header;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[19];
	struct jailhouse_irqchip irqchips[1];
	struct jailhouse_pci_device pci_devices[2];
} __attribute__((packed)) config = {
	.header = {
		.signature = JAILHOUSE_SYSTEM_SIGNATURE,
		.architecture = JAILHOUSE_ARM64,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.flags = JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE,
		.hypervisor_memory = {
			.phys_start = 0x7fc00000,
			.size =       0x00400000,
		},
		.debug_console = {
			.address = 0x09000000,
			.size = 0x1000,
			.type = JAILHOUSE_CON_TYPE_PL011,
			.flags = JAILHOUSE_CON_ACCESS_MMIO |
				 JAILHOUSE_CON_REGDIST_4,
		},
		.platform_info = {
			.pci_mmconfig_base = 0x08e00000,
			.pci_mmconfig_end_bus = 0,
			.pci_is_virtual = 1,
			.pci_domain = 1,
			.arm = {
				.gic_version = 3,
				.gicd_base = 0x08000000,
				.gicr_base = 0x080a0000,
				.maintenance_irq = 25,
			},
		},
		.root_cell = {
			.name = "qemu-arm64",

			.cpu_set_size = sizeof(config.cpus),
			.num_memory_regions = ARRAY_SIZE(config.mem_regions),
			.num_irqchips = ARRAY_SIZE(config.irqchips),
			.num_pci_devices = ARRAY_SIZE(config.pci_devices),

			/* virtual PCI INTx: GIC interrupts 128..131 */
			.vpci_irq_base = 128 - 32,
		},
	},

	.cpus = {
		0xf,
	},

	.mem_regions = {
		/* 0..4: ivshmem demo 0001:00:00.0, peer 0 of 3 */
		/* state table */ {
			.phys_start = 0x7faf0000,
			.virt_start = 0x7faf0000,
			.size = 0x1000,
			.flags = JAILHOUSE_MEM_READ,
		},
		/* read/write section */ {
			.phys_start = 0x7faf1000,
			.virt_start = 0x7faf1000,
			.size = 0x9000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE,
		},
		/* output section of peer 0 (ours) */ {
			.phys_start = 0x7fafa000,
			.virt_start = 0x7fafa000,
			.size = 0x2000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE,
		},
		/* output section of peer 1 */ {
			.phys_start = 0x7fafc000,
			.virt_start = 0x7fafc000,
			.size = 0x2000,
			.flags = JAILHOUSE_MEM_READ,
		},
		/* output section of peer 2 */ {
			.phys_start = 0x7fafe000,
			.virt_start = 0x7fafe000,
			.size = 0x2000,
			.flags = JAILHOUSE_MEM_READ,
		},
		/* 5..8: ivshmem-net 0001:00:01.0, peer 0 of 2 */
		JAILHOUSE_SHMEM_NET_REGIONS(0x7fb00000, 0),
		/* 9: RAM below the ivshmem areas, includes inmate RAM */ {
			.phys_start = 0x40000000,
			.virt_start = 0x40000000,
			.size = 0x3faf0000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_EXECUTE,
		},
		/* 10: UART0, PL011 (root console, hypervisor output) */ {
			.phys_start = 0x09000000,
			.virt_start = 0x09000000,
			.size = 0x1000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_IO,
		},
		/* 11: RTC, PL031 */ {
			.phys_start = 0x09010000,
			.virt_start = 0x09010000,
			.size = 0x1000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_IO,
		},
		/* 12: fw_cfg */ {
			.phys_start = 0x09020000,
			.virt_start = 0x09020000,
			.size = 0x1000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_IO,
		},
		/* 13: GPIO, PL061 */ {
			.phys_start = 0x09030000,
			.virt_start = 0x09030000,
			.size = 0x1000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_IO,
		},
		/* 14: virtio-mmio transports, 32 x 0x200 */ {
			.phys_start = 0x0a000000,
			.virt_start = 0x0a000000,
			.size = 0x4000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_IO,
		},
		/* 15: PCIe 32-bit MMIO window */ {
			.phys_start = 0x10000000,
			.virt_start = 0x10000000,
			.size = 0x2eff0000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_IO,
		},
		/* 16: PCIe PIO window (pci-serial at port 0x1000) */ {
			.phys_start = 0x3eff0000,
			.virt_start = 0x3eff0000,
			.size = 0x10000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_IO,
		},
		/* 17: PCIe ECAM, low (used by QEMU with highmem=off) */ {
			.phys_start = 0x3f000000,
			.virt_start = 0x3f000000,
			.size = 0x01000000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_IO,
		},
		/* 18: PCIe ECAM, high (what QEMU 7.2's DT gives Linux) */ {
			.phys_start = 0x4010000000,
			.virt_start = 0x4010000000,
			.size = 0x10000000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_IO,
		},
	},

	.irqchips = {
		/* GICv3 distributor: all SPIs 32..159 to the root cell */ {
			.address = 0x08000000,
			.pin_base = 32,
			.pin_bitmap = {
				0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
			},
		},
	},

	.pci_devices = {
		/* ivshmem demo 0001:00:00.0 */ {
			.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
			.domain = 1,
			.bdf = 0 << 3,
			.bar_mask = JAILHOUSE_IVSHMEM_BAR_MASK_INTX,
			.shmem_regions_start = 0,
			.shmem_dev_id = 0,
			.shmem_peers = 3,
			.shmem_protocol = JAILHOUSE_SHMEM_PROTO_UNDEFINED,
		},
		/* ivshmem-net 0001:00:01.0 */ {
			.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
			.domain = 1,
			.bdf = 1 << 3,
			.bar_mask = JAILHOUSE_IVSHMEM_BAR_MASK_INTX,
			.shmem_regions_start = 5,
			.shmem_dev_id = 0,
			.shmem_peers = 2,
			.shmem_protocol = JAILHOUSE_SHMEM_PROTO_VETH,
		},
	},
};
