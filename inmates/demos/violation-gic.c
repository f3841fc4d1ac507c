// SPDX-License-Identifier: GPL-2.0
/*
 * violation-gic: tries one thing at the GIC that a cell must not do.  The
 * hypervisor must stop the cell there; the line after the access is only
 * printed when it did not.
 *
 * Command line:
 *   attack=NAME  one of
 *     spi        enable, at the distributor, an SPI this cell does not own
 *                (default; irq=N picks it, default 33: the root's PL011)
 *     propbaser  point the LPI configuration table of this CPU's
 *                redistributor somewhere (GICR_PROPBASER)
 *     lpis       switch LPIs on at this CPU's redistributor (GICR_CTLR)
 *     sleep      put this CPU's redistributor to sleep (GICR_WAKER)
 *     impdef     read an implementation-defined distributor register
 *     reserved   read a reserved offset of this CPU's redistributor
 *     frame      write the redistributor frame of another CPU (frame 0)
 */
#include <inmate.h>

#define GICD_ISENABLER		0x0100
#define GICD_IMPDEF		0xc000
#define GICR_CTLR		0x0000
#define GICR_WAKER		0x0014
#define GICR_PROPBASER		0x0070
#define GICR_RESERVED		0x0100
#define GICR_SGI_ISENABLER0	0x10100
#define DEFAULT_IRQ		33

static void ignore_irq(unsigned int irq __attribute__((unused)))
{
}

void inmate_main(void)
{
	const struct jailhouse_comm_region *comm = comm_region();
	unsigned int irq = (unsigned int)cmdline_parse_int("irq", DEFAULT_IRQ);
	unsigned long gicd = comm->gicd_base, gicr;
	char attack_buf[16];
	const char *attack;

	attack = cmdline_parse_str("attack", attack_buf, sizeof(attack_buf),
				   "spi");
	if (irq_init(ignore_irq)) {
		printk("violation-gic: no GIC\n");
		return;
	}
	gicr = gic_redist_base();

	printk("violation-gic: attack %s\n", attack);
	if (!strcmp(attack, "spi")) {
		printk("violation-gic: enabling interrupt %u at the distributor "
		       "(0x%lx), which this cell does not own\n", irq,
		       gicd + GICD_ISENABLER + (irq / 32) * 4);
		mmio_write32(gicd + GICD_ISENABLER + (irq / 32) * 4,
			     1U << (irq % 32));
	} else if (!strcmp(attack, "propbaser")) {
		printk("violation-gic: writing GICR_PROPBASER at 0x%lx\n",
		       gicr + GICR_PROPBASER);
		mmio_write64(gicr + GICR_PROPBASER, 0x40000000ULL | 0xf);
	} else if (!strcmp(attack, "lpis")) {
		printk("violation-gic: setting GICR_CTLR.EnableLPIs at 0x%lx\n",
		       gicr + GICR_CTLR);
		mmio_write32(gicr + GICR_CTLR, 1);
	} else if (!strcmp(attack, "sleep")) {
		printk("violation-gic: setting GICR_WAKER.ProcessorSleep at "
		       "0x%lx\n", gicr + GICR_WAKER);
		mmio_write32(gicr + GICR_WAKER, 2);
	} else if (!strcmp(attack, "impdef")) {
		printk("violation-gic: reading GICD+0x%x\n", GICD_IMPDEF);
		printk("violation-gic: read 0x%x\n",
		       mmio_read32(gicd + GICD_IMPDEF));
	} else if (!strcmp(attack, "reserved")) {
		printk("violation-gic: reading GICR+0x%x\n", GICR_RESERVED);
		printk("violation-gic: read 0x%x\n",
		       mmio_read32(gicr + GICR_RESERVED));
	} else if (!strcmp(attack, "frame")) {
		printk("violation-gic: enabling SGIs in redistributor frame 0 "
		       "(0x%llx)\n", (unsigned long long)comm->gicr_base);
		mmio_write32(comm->gicr_base + GICR_SGI_ISENABLER0, 0xffff);
	} else {
		printk("violation-gic: unknown attack\n");
		return;
	}
	dsb();
	printk("violation-gic: FAILED, the access went through: isolation not "
	       "enforced\n");
	comm_region_set_state(JAILHOUSE_CELL_FAILED);
}
