/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test input, not a configuration of ours: our own text for the bytes of
 * Jailhouse's published linux-demo cell of QEMU arm64
 * (siemens/jailhouse configs/arm64/qemu-arm64-linux-demo.c, config
 * revision 14, commit f2320d2ee4de).  The build compiles it as it does
 * configs/ and checks the SHA-256 of the .cell against the one the
 * published file gives (published.sha256), so the tests run on exactly
 * what a Jailhouse user has.
 *
 * What sets it apart from our qemu-arm64-linux-demo.c: its console and
 * region 9 are the PL011 at 0x09000000, the hypervisor's debug UART,
 * shared with the root (JAILHOUSE_MEM_ROOTSHARED), with the UART's GIC
 * interrupt 33; the loader RAM is at 0x7f900000; the Linux RAM carries
 * JAILHOUSE_MEM_DMA; the net link's device is in PCI domain 0.
 */

#include <jailhouse/types.h>
#include <jailhouse/cell-config.h>

#define RD		JAILHOUSE_MEM_READ
#define RW		(JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE)
#define RWX		(RW | JAILHOUSE_MEM_EXECUTE)
#define SHARED		JAILHOUSE_MEM_ROOTSHARED

/* identity mapped */
#define REGION(addr, len, access)					\
	{								\
		.phys_start = (addr),					\
		.virt_start = (addr),					\
		.size = (len),						\
		.flags = (access),					\
	}

#define DEMO_SHMEM	0x7faf0000
#define NET_SHMEM	0x7fb00000
#define DEBUG_UART	0x09000000
#define UART_IRQ	33
#define INTX_BASE	140

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
		.flags = JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED |
			 JAILHOUSE_CELL_PASSIVE_COMMREG,
		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
		.num_irqchips = ARRAY_SIZE(config.irqchips),
		.num_pci_devices = ARRAY_SIZE(config.pci_devices),
		.vpci_irq_base = INTX_BASE - 32,
		/* no size: the published file leaves it 0 */
		.console = {
			.type = JAILHOUSE_CON_TYPE_PL011,
			.address = DEBUG_UART,
			.flags = JAILHOUSE_CON_REGDIST_4 |
				 JAILHOUSE_CON_ACCESS_MMIO,
		},
	},

	/* CPUs 2 and 3 */
	.cpus = { (1 << 2) | (1 << 3) },

	.mem_regions = {
		/* demo link, peer 2: state, r/w, outputs of peers 0, 1, 2 */
		REGION(DEMO_SHMEM, 0x1000, RD | SHARED),
		REGION(DEMO_SHMEM + 0x1000, 0x9000, RW | SHARED),
		REGION(DEMO_SHMEM + 0xa000, 0x2000, RD | SHARED),
		REGION(DEMO_SHMEM + 0xc000, 0x2000, RD | SHARED),
		REGION(DEMO_SHMEM + 0xe000, 0x2000, RW | SHARED),
		/* net link, peer 1 */
		JAILHOUSE_SHMEM_NET_REGIONS(NET_SHMEM, 1),
		/* the debug UART, kept by the root as well */
		REGION(DEBUG_UART, 0x1000, RW | JAILHOUSE_MEM_IO | SHARED),
		/* loader RAM at cell address 0 */
		{
			.phys_start = 0x7f900000,
			.size = 0x10000,
			.flags = RWX | JAILHOUSE_MEM_LOADABLE,
		},
		REGION(0x70000000, 128 << 20,
		       RWX | JAILHOUSE_MEM_DMA | JAILHOUSE_MEM_LOADABLE),
		{
			.virt_start = 0x80000000,
			.size = 0x1000,
			.flags = RW | JAILHOUSE_MEM_COMM_REGION,
		},
	},

	.irqchips = {
		{
			.address = 0x08000000,
			.pin_base = 32,
			.pin_bitmap = {
				[0] = 1 << (UART_IRQ - 32),
				[3] = (1 << (INTX_BASE - 128)) |
				      (1 << (INTX_BASE + 1 - 128)),
			},
		},
	},

	.pci_devices = {
		{
			.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
			.domain = 1,
			.bdf = 0x00,
			.bar_mask = JAILHOUSE_IVSHMEM_BAR_MASK_INTX,
			.shmem_peers = 3,
			.shmem_dev_id = 2,
			.shmem_regions_start = 0,
			.shmem_protocol = JAILHOUSE_SHMEM_PROTO_UNDEFINED,
		},
		{
			/* domain left 0, as published */
			.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
			.bdf = 0x08,
			.bar_mask = JAILHOUSE_IVSHMEM_BAR_MASK_INTX,
			.shmem_peers = 2,
			.shmem_dev_id = 1,
			.shmem_regions_start = 5,
			.shmem_protocol = JAILHOUSE_SHMEM_PROTO_VETH,
		},
	},
};
