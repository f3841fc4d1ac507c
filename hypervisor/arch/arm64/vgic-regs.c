// SPDX-License-Identifier: GPL-2.0
/*
 * What the emulated distributor and redistributors have in common: the
 * register tables with their access rules (anything not in a table is
 * refused), the reports of refused accesses, and the per-interrupt
 * registers, which exist in the distributor (SPIs) and in each
 * redistributor's SGI frame (SGIs and PPIs) and are filtered by ownership.
 */
#include <asm/gic.h>
#include <hv/printk.h>

/* the root cell is only told so often */
#define ROOT_REPORTS_MAX	32

static unsigned int root_reports;

void vgic_refuse(struct cell *cell, unsigned int kind, unsigned int arg,
		 const char *name, u64 offset, struct mmio_access *access)
{
	struct per_cpu *pc = this_cpu();

	if (!access->is_write)
		access->value = 0;
	if (cell != &root_cell) {
		/* the first one counts: traps.c reports it and parks */
		if (pc->gic_violation)
			return;
		pc->gic_violation = kind;
		pc->gic_violation_arg = arg;
		pc->gic_violation_reg = name;
		pc->gic_violation_offset = offset;
		pc->gic_violation_value = access->value;
		pc->gic_violation_write = access->is_write;
		return;
	}
	if (root_reports >= ROOT_REPORTS_MAX)
		return;
	if (++root_reports == ROOT_REPORTS_MAX)
		printk("GIC: further refused accesses of the root cell not reported\n");
	printk("GIC: root cell CPU %u: %s %s %s (offset 0x%llx, value 0x%llx) refused\n",
	       pc->cpu_id, name ? name : "unknown register",
	       access->is_write ? "write" : "read",
	       kind == GIC_VIOLATION_GICR ? "of another CPU's redistributor" :
	       kind == GIC_VIOLATION_SPI ? "of an interrupt of another cell" :
	       "", offset, access->value);
}

enum mmio_result vgic_read_only(const struct vgic_reg *reg, void *base,
				u64 offset, struct mmio_access *access)
{
	if (!access->is_write) {
		access->value = mmio_read(base + offset, access->size);
		if (reg->mask)
			access->value &= reg->mask;
	}
	return MMIO_HANDLED;
}

enum mmio_result vgic_refused(struct cell *cell, unsigned int kind,
			      unsigned int arg, const char *name, u64 offset,
			      struct mmio_access *access)
{
	vgic_refuse(cell, kind, arg, name, offset, access);
	return MMIO_HANDLED;
}

/* per-interrupt registers: offset range, bits per interrupt, kind */
enum irq_reg_kind { IRQ_REG_RW, IRQ_REG_SETCLR, IRQ_REG_RAZWI };

struct irq_reg {
	u32 start, end;
	u8 bits;
	u8 kind;
	/* setting a bit of an interrupt one does not own is a violation */
	u8 strict;
};

static const struct irq_reg irq_regs[] = {
	{ 0x0080, 0x0100, 1, IRQ_REG_RW, 0 },	/* IGROUPR */
	{ 0x0100, 0x0180, 1, IRQ_REG_SETCLR, 1 },	/* ISENABLER */
	{ 0x0180, 0x0200, 1, IRQ_REG_SETCLR, 0 },	/* ICENABLER */
	{ 0x0200, 0x0280, 1, IRQ_REG_SETCLR, 1 },	/* ISPENDR */
	{ 0x0280, 0x0300, 1, IRQ_REG_SETCLR, 0 },	/* ICPENDR */
	{ 0x0300, 0x0380, 1, IRQ_REG_SETCLR, 1 },	/* ISACTIVER */
	{ 0x0380, 0x0400, 1, IRQ_REG_SETCLR, 0 },	/* ICACTIVER */
	{ 0x0400, 0x0800, 8, IRQ_REG_RW, 0 },	/* IPRIORITYR */
	{ 0x0800, 0x0c00, 8, IRQ_REG_RAZWI, 0 },	/* ITARGETSR */
	{ 0x0c00, 0x0d00, 2, IRQ_REG_RW, 0 },	/* ICFGR */
	{ 0x0d00, 0x0d80, 1, IRQ_REG_RW, 0 },	/* IGRPMODR */
	{ 0x0e00, 0x0f00, 2, IRQ_REG_RAZWI, 0 },	/* NSACR */
};

bool vgic_spi_owned(const struct cell *cell, unsigned int irq)
{
	return irq >= 32 && cell_owns_irq(cell, irq);
}

bool vgic_private_irq_owned(const struct cell *cell, unsigned int irq)
{
	return irq < 32 && irq != maint_irq;
}

enum mmio_result vgic_irq_reg_access(void *base, u64 offset,
				     struct mmio_access *access,
				     struct cell *cell, irq_owner_fn owns)
{
	const struct irq_reg *reg = NULL;
	unsigned int first, num, n;
	u64 mask = 0, field, old;

	for (n = 0; n < ARRAY_SIZE(irq_regs); n++)
		if (offset >= irq_regs[n].start && offset < irq_regs[n].end)
			reg = &irq_regs[n];
	if (!reg)
		return MMIO_UNHANDLED;

	if (access->size > 4 || (offset & (access->size - 1)))
		return MMIO_ERROR;
	if (reg->kind == IRQ_REG_RAZWI) {
		if (!access->is_write)
			access->value = 0;
		return MMIO_HANDLED;
	}
	first = (offset - reg->start) * 8 / reg->bits;
	num = access->size * 8 / reg->bits;
	field = (1ULL << reg->bits) - 1;
	for (n = 0; n < num; n++)
		if (owns(cell, first + n))
			mask |= field << (n * reg->bits);

	/*
	 * Non-root cells may clear and configure what they do not own (a
	 * Linux inmate does that for all SPIs; it has no effect), but
	 * enabling, pending or activating another's SPI breaks isolation.
	 */
	if (access->is_write && reg->strict && owns == vgic_spi_owned) {
		for (n = 0; n < num; n++) {
			if (first + n < 32 || (mask & BIT_ULL(n)) ||
			    !(access->value & BIT_ULL(n)))
				continue;
			vgic_refuse(cell, GIC_VIOLATION_SPI, first + n, NULL,
				    offset, access);
			break;
		}
	}

	if (!access->is_write) {
		access->value = mmio_read(base + offset, access->size) & mask;
		return MMIO_HANDLED;
	}
	if (reg->kind == IRQ_REG_SETCLR) {
		if (access->value & mask)
			mmio_write(base + offset, access->size,
				   access->value & mask);
		return MMIO_HANDLED;
	}
	spin_lock(&dist_lock);
	old = mmio_read(base + offset, access->size);
	mmio_write(base + offset, access->size,
		   (old & ~mask) | (access->value & mask));
	spin_unlock(&dist_lock);
	return MMIO_HANDLED;
}
