// SPDX-License-Identifier: GPL-2.0
/*
 * gic-probe: looks at the GIC the way a curious (or hostile) cell would,
 * without doing anything the hypervisor must stop, and checks that it
 * sees only its own interrupts and CPU: no state of other cells' SPIs, no
 * LPIs, extended SPIs or NMIs, 1-of-N routing confined to its own CPU.
 * One line per check, "gic-probe: NAME ok" or "gic-probe: NAME FAILED
 * (read 0x.., expected 0x..)", then "gic-probe: done, N failed".
 *
 * It also checks that its CPU's SGIs and PPIs come as after a reset
 * (disabled but for the hypervisor's SGI 15, nothing pending or active,
 * default priority, level-triggered): with dirty=1 it then leaves them
 * all changed, for the next cell or the next start on this CPU to check.
 *
 * Command line: own=N (an SPI of this cell, default 36: the second UART
 * on the emulated board), foreign=N (one of the root's, default 33),
 * dirty=1.
 */
#include <inmate.h>

#define GICD_TYPER		0x0004
#define GICD_TYPER_ESPI		(1U << 8)
#define GICD_TYPER_NMI		(1U << 9)
#define GICD_TYPER_LPIS		(1U << 17)
#define GICD_TYPER_NO1N		(1U << 25)
#define GICD_ISENABLER		0x0100
#define GICD_ISACTIVER		0x0300
#define GICD_IPRIORITYR		0x0400
#define GICD_ICFGR		0x0c00
#define GICD_INMIR		0x0f80
#define GICD_ISENABLERE		0x1200
#define GICD_IROUTER		0x6000
#define GICD_IROUTER_IRM	(1ULL << 31)
#define GICD_IROUTERE		0x8000
#define GICR_CTLR		0x0000
#define GICR_TYPER		0x0008
#define GICR_TYPER_PLPIS	(1ULL << 0)
#define GICR_WAKER		0x0014
#define GICR_ISENABLER0		0x10100
#define GICR_ISPENDR0		0x10200
#define GICR_ISACTIVER0		0x10300
#define GICR_IPRIORITYR		0x10400
#define GICR_ICFGR1		0x10c04
#define SGI_EVENT_BIT		(1U << 15)

static unsigned int failed;

static void check(const char *name, u64 got, u64 want)
{
	if (got == want) {
		printk("gic-probe: %s ok\n", name);
		return;
	}
	printk("gic-probe: %s FAILED (read 0x%llx, expected 0x%llx)\n", name,
	       (unsigned long long)got, (unsigned long long)want);
	failed++;
}

static void ignore_irq(unsigned int irq __attribute__((unused)))
{
}

void inmate_main(void)
{
	unsigned int own = (unsigned int)cmdline_parse_int("own", 36);
	unsigned int foreign = (unsigned int)cmdline_parse_int("foreign", 33);
	unsigned long gicd = comm_region()->gicd_base, gicr;
	u64 mpidr = read_sysreg(mpidr_el1) & 0xff00ffffffULL;
	u32 typer, bit = 1U << (foreign % 32);

	if (irq_init(ignore_irq)) {
		printk("gic-probe: no GIC\n");
		return;
	}
	gicr = gic_redist_base();

	typer = mmio_read32(gicd + GICD_TYPER);
	check("typer-no-lpis", typer & GICD_TYPER_LPIS, 0);
	check("typer-no-espi", typer & (GICD_TYPER_ESPI | GICD_TYPER_NMI), 0);
	check("typer-no-1ofn", typer & GICD_TYPER_NO1N, GICD_TYPER_NO1N);

	/* the root's SPI is enabled and configured, but not for us */
	check("foreign-enable",
	      mmio_read32(gicd + GICD_ISENABLER + (foreign / 32) * 4) & bit, 0);
	check("foreign-active",
	      mmio_read32(gicd + GICD_ISACTIVER + (foreign / 32) * 4) & bit, 0);
	check("foreign-priority", mmio_read8(gicd + GICD_IPRIORITYR + foreign),
	      0);
	check("foreign-config",
	      (mmio_read32(gicd + GICD_ICFGR + (foreign / 16) * 4) >>
	       ((foreign % 16) * 2)) & 3, 0);
	check("foreign-route", mmio_read64(gicd + GICD_IROUTER + foreign * 8),
	      0);
	/* routing someone else's SPI here is ignored */
	mmio_write64(gicd + GICD_IROUTER + foreign * 8, mpidr);
	check("foreign-route-write",
	      mmio_read64(gicd + GICD_IROUTER + foreign * 8), 0);

	check("espi-enable", mmio_read32(gicd + GICD_ISENABLERE), 0);
	check("espi-route", mmio_read64(gicd + GICD_IROUTERE), 0);
	check("nmi", mmio_read32(gicd + GICD_INMIR + (foreign / 32) * 4), 0);

	/* 1-of-N routing of our own SPI stays on this CPU */
	mmio_write64(gicd + GICD_IROUTER + own * 8, GICD_IROUTER_IRM);
	check("own-route-1ofn", mmio_read64(gicd + GICD_IROUTER + own * 8),
	      mpidr);

	check("gicr-no-plpis", mmio_read64(gicr + GICR_TYPER) &
	      GICR_TYPER_PLPIS, 0);
	check("gicr-lpis-off", mmio_read32(gicr + GICR_CTLR) & 1, 0);
	check("gicr-awake", mmio_read32(gicr + GICR_WAKER), 0);

	/* this CPU's private interrupts as after a reset */
	check("private-enable", mmio_read32(gicr + GICR_ISENABLER0),
	      SGI_EVENT_BIT);
	check("private-pending", mmio_read32(gicr + GICR_ISPENDR0), 0);
	check("private-active", mmio_read32(gicr + GICR_ISACTIVER0), 0);
	check("private-priority", mmio_read32(gicr + GICR_IPRIORITYR + 4),
	      0xa0a0a0a0);
	check("private-config", mmio_read32(gicr + GICR_ICFGR1), 0);

	if (cmdline_parse_int("dirty", 0)) {
		mmio_write32(gicr + GICR_IPRIORITYR + 4, 0x10203040);
		mmio_write32(gicr + GICR_ICFGR1, 0xaaaaaaaa);
		mmio_write32(gicr + GICR_ISENABLER0, 0xffff00ff);
		mmio_write32(gicr + GICR_ISPENDR0, 0x00000f00);
		printk("gic-probe: dirtied private interrupts (enable 0x%x, "
		       "pending 0x%x)\n", mmio_read32(gicr + GICR_ISENABLER0),
		       mmio_read32(gicr + GICR_ISPENDR0));
	}

	printk("gic-probe: done, %u failed\n", failed);
}
