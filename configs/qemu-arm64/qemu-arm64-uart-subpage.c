/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bare-metal demo cell of qemu-arm64-inmate-demo.c, with the second
 * UART as a sub-page region: only its 8 byte-wide registers, not the
 * whole 4 KiB page.  Stage 2 cannot map less than a page, so every access
 * of the inmate to the UART traps and the hypervisor performs it; accesses
 * beyond the 8 bytes, or wider than a byte, are violations.
 *
 * The UART is QEMU's "-device pci-serial", a 16550 at PCI I/O port 0x1000,
 * seen through the PCIe PIO window at physical 0x3eff1000: byte-wide
 * registers (REGDIST_1), memory mapped.  It sits in slot 1, INTA, which the
 * virt board routes to SPI 4, i.e. GIC interrupt 36.
 *
 * Inmate view:
 *   0x00000000  RAM (image loaded here, entry at 0)
 *   0x3eff1000  16550 UART
 *   0x80000000  communication region
 */

#include <jailhouse/types.h>
#include <jailhouse/cell-config.h>

#define UART_IRQ	36

struct {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[3];
	struct jailhouse_irqchip irqchips[1];
} __attribute__((packed)) config = {
	.cell = {
		.signature = JAILHOUSE_CELL_DESC_SIGNATURE,
		.architecture = JAILHOUSE_ARM64,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.name = "uart-subpage",
		.flags = JAILHOUSE_CELL_PASSIVE_COMMREG |
			 JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED,

		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
		.num_irqchips = ARRAY_SIZE(config.irqchips),

		.console = {
			.address = 0x3eff1000,
			.size = 0x8,
			.type = JAILHOUSE_CON_TYPE_8250,
			.flags = JAILHOUSE_CON_ACCESS_MMIO |
				 JAILHOUSE_CON_REGDIST_1,
		},
	},

	.cpus = {
		0x8,
	},

	.mem_regions = {
		/* UART1: the 16550's registers only */ {
			.phys_start = 0x3eff1000,
			.virt_start = 0x3eff1000,
			.size = 0x8,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_IO | JAILHOUSE_MEM_IO_8,
		},
		/* RAM */ {
			.phys_start = 0x7fa00000,
			.virt_start = 0,
			.size = 0x00010000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_EXECUTE | JAILHOUSE_MEM_LOADABLE,
		},
		/* communication region */ {
			.virt_start = 0x80000000,
			.size = 0x00001000,
			.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
				JAILHOUSE_MEM_COMM_REGION,
		},
	},

	.irqchips = {
		/* GICv3 distributor: the UART's SPI */ {
			.address = 0x08000000,
			.pin_base = 32,
			.pin_bitmap = {
				1 << (UART_IRQ - 32), 0, 0, 0,
			},
		},
	},
};
