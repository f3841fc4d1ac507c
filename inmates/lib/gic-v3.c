// SPDX-License-Identifier: GPL-2.0
/*
 * GICv3: distributor, the redistributor of the current CPU and the system
 * register CPU interface (group 1 interrupts, signalled as IRQ).
 *
 * Under the hypervisor the distributor and the redistributors are trapped
 * and emulated and the CPU interface is the virtual one; root Linux has set
 * the distributor up long before, so the "enable if not yet enabled" steps
 * below only do something when the inmate runs on bare hardware.
 */
#include <inmate.h>

#define GICD_CTLR		0x0000
#define GICD_CTLR_ENABLE_G1	(1 << 0)
#define GICD_CTLR_ENABLE_G1A	(1 << 1)
#define GICD_CTLR_ARE_NS	(1 << 4)
#define GICD_CTLR_RWP		(1U << 31)
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_IPRIORITYR		0x0400
#define GICD_IROUTER		0x6000

#define GICR_CTLR		0x0000
#define GICR_CTLR_RWP		(1U << 3)
#define GICR_TYPER		0x0008
#define GICR_TYPER_VLPIS	(1ULL << 1)
#define GICR_TYPER_LAST		(1ULL << 4)
#define GICR_WAKER		0x0014
#define GICR_WAKER_PROC_SLEEP	(1 << 1)
#define GICR_WAKER_CHILD_ASLEEP	(1 << 2)
#define GICR_SGI_BASE		0x10000
#define GICR_IGROUPR0		(GICR_SGI_BASE + 0x0080)
#define GICR_ISENABLER0		(GICR_SGI_BASE + 0x0100)
#define GICR_ICENABLER0		(GICR_SGI_BASE + 0x0180)
#define GICR_IPRIORITYR		(GICR_SGI_BASE + 0x0400)

#define GICR_FRAME_SIZE		0x20000
#define GICR_FRAME_SIZE_VLPI	0x40000
#define GICR_MAX_FRAMES		512

/* system register CPU interface, by encoding */
#define ICC_PMR_EL1		S3_0_C4_C6_0
#define ICC_IAR1_EL1		S3_0_C12_C12_0
#define ICC_EOIR1_EL1		S3_0_C12_C12_1
#define ICC_BPR1_EL1		S3_0_C12_C12_3
#define ICC_CTLR_EL1		S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1		S3_0_C12_C12_7

#define IRQ_PRIORITY		0xa0
#define PRIORITY_MASK		0xf0
#define INTID_SPURIOUS_FIRST	1020
#define INTID_SPURIOUS_LAST	1023
#define NUM_SGI_PPI		32

#define read_icc(reg)		read_sysreg(reg)
#define write_icc(reg, val)	write_sysreg(reg, val)

static unsigned long gicd;
static unsigned long gicr;
static irq_handler_t irq_handler;

unsigned long gic_redist_base(void)
{
	return gicr;
}

/* MPIDR affinity in the GICR_TYPER[63:32] layout: Aff3.Aff2.Aff1.Aff0 */
static u32 cpu_affinity(void)
{
	u64 mpidr = read_sysreg(mpidr_el1);

	return (u32)(((mpidr >> 8) & 0xff000000ULL) | (mpidr & 0xffffff));
}

/* GICD_IROUTER layout: Aff3 in [39:32], Aff2..Aff0 in [23:0] */
static u64 cpu_route(void)
{
	return read_sysreg(mpidr_el1) & 0xff00ffffffULL;
}

static void gicd_wait_rwp(void)
{
	unsigned int spin = 1000000;

	while ((mmio_read32(gicd + GICD_CTLR) & GICD_CTLR_RWP) && --spin)
		cpu_relax();
}

static void gicr_wait_rwp(void)
{
	unsigned int spin = 1000000;

	while ((mmio_read32(gicr + GICR_CTLR) & GICR_CTLR_RWP) && --spin)
		cpu_relax();
}

static void gicd_enable(void)
{
	const u32 wanted = GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A |
			   GICD_CTLR_ENABLE_G1;
	u32 ctlr = mmio_read32(gicd + GICD_CTLR);

	/*
	 * Which of the two group 1 enables reads back depends on the
	 * security configuration; either one set means firmware or root
	 * Linux did the job already.
	 */
	if ((ctlr & GICD_CTLR_ARE_NS) &&
	    (ctlr & (GICD_CTLR_ENABLE_G1A | GICD_CTLR_ENABLE_G1)))
		return;
	if (!(ctlr & GICD_CTLR_ARE_NS)) {
		/* affinity routing may only be switched on while disabled */
		mmio_write32(gicd + GICD_CTLR, 0);
		gicd_wait_rwp();
		ctlr = 0;
	}
	mmio_write32(gicd + GICD_CTLR, ctlr | wanted);
	gicd_wait_rwp();
}

static unsigned long gicr_find(unsigned long base)
{
	u32 aff = cpu_affinity();
	unsigned int n;
	u64 typer;

	for (n = 0; n < GICR_MAX_FRAMES; n++) {
		typer = mmio_read64(base + GICR_TYPER);
		if ((u32)(typer >> 32) == aff)
			return base;
		if (typer & GICR_TYPER_LAST)
			break;
		base += (typer & GICR_TYPER_VLPIS) ? GICR_FRAME_SIZE_VLPI :
						     GICR_FRAME_SIZE;
	}
	return 0;
}

static void gicr_wake(void)
{
	unsigned int spin = 1000000;
	u32 waker = mmio_read32(gicr + GICR_WAKER);

	if (!(waker & GICR_WAKER_PROC_SLEEP))
		return;
	mmio_write32(gicr + GICR_WAKER, waker & ~GICR_WAKER_PROC_SLEEP);
	while ((mmio_read32(gicr + GICR_WAKER) & GICR_WAKER_CHILD_ASLEEP) &&
	       --spin)
		cpu_relax();
}

int irq_init(irq_handler_t handler)
{
	struct jailhouse_comm_region *comm = comm_region();
	unsigned long gicr_base = 0;

	if (comm_region_valid() && comm->gic_version == 3) {
		gicd = (unsigned long)comm->gicd_base;
		gicr_base = (unsigned long)comm->gicr_base;
	}
	gicd = (unsigned long)cmdline_parse_int("gicd-base", (long long)gicd);
	gicr_base = (unsigned long)cmdline_parse_int("gicr-base",
						     (long long)gicr_base);
	if (!gicd || !gicr_base) {
		printk("GIC: no GICv3 described in the communication region\n");
		return -1;
	}

	gicr = gicr_find(gicr_base);
	if (!gicr) {
		printk("GIC: no redistributor for MPIDR affinity 0x%x\n",
		       cpu_affinity());
		return -1;
	}

	irq_handler = handler;
	gicd_enable();
	gicr_wake();

	write_icc(ICC_PMR_EL1, PRIORITY_MASK);
	write_icc(ICC_BPR1_EL1, 0);
	/* EOImode 0: writing EOIR drops the priority and deactivates */
	write_icc(ICC_CTLR_EL1, 0);
	write_icc(ICC_IGRPEN1_EL1, 1);
	isb();
	return 0;
}

static void set_priority(unsigned long reg_base, unsigned int irq)
{
	unsigned long reg = reg_base + (irq & ~3U);
	unsigned int shift = (irq & 3) * 8;
	u32 val = mmio_read32(reg);

	val &= ~(0xffU << shift);
	val |= (u32)IRQ_PRIORITY << shift;
	mmio_write32(reg, val);
}

void irq_enable(unsigned int irq)
{
	u32 bit = 1U << (irq % 32);
	unsigned long reg;

	if (irq < NUM_SGI_PPI) {
		if (!gicr)
			return;
		mmio_write32(gicr + GICR_IGROUPR0,
			     mmio_read32(gicr + GICR_IGROUPR0) | bit);
		set_priority(gicr + GICR_IPRIORITYR, irq);
		mmio_write32(gicr + GICR_ISENABLER0, bit);
		gicr_wait_rwp();
	} else {
		if (!gicd)
			return;
		reg = gicd + GICD_IGROUPR + (irq / 32) * 4;
		mmio_write32(reg, mmio_read32(reg) | bit);
		set_priority(gicd + GICD_IPRIORITYR, irq);
		mmio_write64(gicd + GICD_IROUTER + irq * 8, cpu_route());
		mmio_write32(gicd + GICD_ISENABLER + (irq / 32) * 4, bit);
		gicd_wait_rwp();
	}
}

void irq_disable(unsigned int irq)
{
	u32 bit = 1U << (irq % 32);

	if (irq < NUM_SGI_PPI) {
		if (!gicr)
			return;
		mmio_write32(gicr + GICR_ICENABLER0, bit);
		gicr_wait_rwp();
	} else {
		if (!gicd)
			return;
		mmio_write32(gicd + GICD_ICENABLER + (irq / 32) * 4, bit);
		gicd_wait_rwp();
	}
}

void irq_dispatch(void)
{
	u64 iar = read_icc(ICC_IAR1_EL1);
	unsigned int irq = (unsigned int)(iar & 0xffffff);

	if (irq >= INTID_SPURIOUS_FIRST && irq <= INTID_SPURIOUS_LAST)
		return;

	if (irq_handler)
		irq_handler(irq);
	else
		printk("IRQ %u without handler\n", irq);

	write_icc(ICC_EOIR1_EL1, iar);
	isb();
}
