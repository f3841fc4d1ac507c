// SPDX-License-Identifier: GPL-2.0
/*
 * violation-gic: enables, at the GIC distributor, a shared peripheral
 * interrupt this cell does not own - by default SPI 1 (interrupt 33, the
 * root cell's PL011 on the emulated board).  The hypervisor must stop the
 * cell there; the line after the write is only printed when it did not.
 *
 * Command line: irq=N (default 33, must be an SPI: 32..1019).
 */
#include <inmate.h>

#define GICD_ISENABLER		0x100
#define DEFAULT_IRQ		33

void inmate_main(void)
{
	const struct jailhouse_comm_region *comm = comm_region();
	unsigned int irq = (unsigned int)cmdline_parse_int("irq", DEFAULT_IRQ);
	unsigned long reg = comm->gicd_base + GICD_ISENABLER + (irq / 32) * 4;

	printk("violation-gic: enabling interrupt %u at the distributor "
	       "(0x%lx), which this cell does not own\n", irq, reg);
	mmio_write32(reg, 1U << (irq % 32));
	dsb();
	printk("violation-gic: FAILED, the write went through: isolation not "
	       "enforced\n");
	comm_region_set_state(JAILHOUSE_CELL_FAILED);
}
