// SPDX-License-Identifier: GPL-2.0
/*
 * The distributor as a cell sees it: a table of the GICD registers and
 * how each answers.  Per-interrupt registers and IROUTER show and change
 * only the cell's own SPIs; identification registers read through;
 * architected features the hypervisor does not offer (LPIs, extended
 * SPIs, NMIs, message-based SPIs, 1-of-N routing) are hidden and their
 * registers read as zero; everything else is refused.
 */
#include <asm/gic.h>

#define GICD_TYPER_ESPI		BIT(8)
#define GICD_TYPER_NMI		BIT(9)
#define GICD_TYPER_MBIS		BIT(16)
#define GICD_TYPER_LPIS		BIT(17)
#define GICD_TYPER_DVIS		BIT(18)
#define GICD_TYPER_NO1N		BIT(25)
#define GICD_TYPER_ESPI_RANGE	(0x1fU << 27)
/* what CTLR keeps whatever the root writes: the group enables, ARE, DS */
#define GICD_CTLR_KEEP		0x37

static enum mmio_result gicd_ctlr(struct cell *cell, void *base, u64 offset,
				  struct mmio_access *access)
{
	u32 val;

	if (access->size != 4)
		return MMIO_ERROR;
	if (!access->is_write) {
		access->value = mmio_read32(base + offset);
		return MMIO_HANDLED;
	}
	/* the root may change E1NWF; nobody turns the distributor off */
	if (cell == &root_cell) {
		spin_lock(&dist_lock);
		val = mmio_read32(base + offset);
		mmio_write32(base + offset,
			     access->value | (val & GICD_CTLR_KEEP));
		spin_unlock(&dist_lock);
	}
	return MMIO_HANDLED;
}

static enum mmio_result gicd_typer(struct cell *cell, void *base, u64 offset,
				   struct mmio_access *access)
{
	if (access->size != 4)
		return MMIO_ERROR;
	if (!access->is_write)
		access->value = (mmio_read32(base + offset) &
				 ~(GICD_TYPER_ESPI | GICD_TYPER_NMI |
				   GICD_TYPER_MBIS | GICD_TYPER_LPIS |
				   GICD_TYPER_DVIS | GICD_TYPER_ESPI_RANGE)) |
			GICD_TYPER_NO1N;
	return MMIO_HANDLED;
}

static enum mmio_result gicd_spi_msg(struct cell *cell, void *base,
				     u64 offset, struct mmio_access *access)
{
	unsigned int irq = access->value & 0x3ff;

	if (access->size != 4)
		return MMIO_ERROR;
	if (!access->is_write) {
		access->value = 0;
		return MMIO_HANDLED;
	}
	if (vgic_spi_owned(cell, irq))
		mmio_write32(base + offset, access->value);
	else if (offset == GICD_SETSPI_NSR)
		vgic_refuse(cell, GIC_VIOLATION_SETSPI, irq, "GICD_SETSPI_NSR",
			    offset, access);
	return MMIO_HANDLED;
}

/*
 * Routing of the cell's own SPIs: a target must be one of its CPUs, and
 * 1-of-N routing (which the hardware may resolve to any CPU of the
 * system) is confined to the CPU that asks for it.  Others' SPIs read as
 * zero and cannot be changed.
 */
static enum mmio_result gicd_irouter(struct cell *cell, void *base,
				     u64 offset, struct mmio_access *access)
{
	unsigned int irq = (offset - GICD_IROUTER) / 8;
	void *reg = base + GICD_IROUTER + irq * 8;
	u64 route;

	if ((access->size != 8 && access->size != 4) ||
	    (offset & (access->size - 1)))
		return MMIO_ERROR;
	/* a Linux inmate routes all SPIs at start: ignored, not refused */
	if (!vgic_spi_owned(cell, irq)) {
		if (!access->is_write)
			access->value = 0;
		return MMIO_HANDLED;
	}
	if (!access->is_write) {
		access->value = mmio_read(base + offset, access->size);
		return MMIO_HANDLED;
	}

	spin_lock(&dist_lock);
	route = mmio_read64(reg);
	if (access->size == 8)
		route = access->value;
	else if (offset & 4)
		route = (route & 0xffffffffULL) | (access->value << 32);
	else
		route = (route & ~0xffffffffULL) | access->value;
	if (route & GICD_IROUTER_IRM)
		route = this_cpu()->mpidr & MPIDR_AFF_MASK;
	if (cpu_by_mpidr(cell, route & MPIDR_AFF_MASK))
		mmio_write64(reg, route & MPIDR_AFF_MASK);
	spin_unlock(&dist_lock);
	return MMIO_HANDLED;
}

static enum mmio_result gicd_per_irq(struct cell *cell, void *base,
				     u64 offset, struct mmio_access *access)
{
	enum mmio_result res;

	res = vgic_irq_reg_access(base, offset, access, cell, vgic_spi_owned);
	if (res != MMIO_UNHANDLED)
		return res;
	/* a reserved gap between the arrays */
	vgic_refuse(cell, GIC_VIOLATION_GICD_REG, ~0U, NULL, offset, access);
	return MMIO_HANDLED;
}

#define REG(off, len, nm, rl)	{ off, len, nm, rl, 0, 0, NULL }
#define REG64(off, len, nm, rl)	{ off, len, nm, rl, 1, 0, NULL }
#define EMUL(off, len, nm, fn)	{ off, len, nm, VGIC_HANDLER, 0, 0, fn }

/* the single registers below GICD_IGROUPR, in gicd_regs[] */
enum {
	R_CTLR, R_TYPER, R_IIDR, R_TYPER2, R_STATUSR, R_SETSPI_NSR,
	R_CLRSPI_NSR, R_SETSPI_SR, R_CLRSPI_SR,
	/* the rest is searched */
	R_ARRAYS
};

static const struct vgic_reg gicd_regs[] = {
	[R_CTLR] = EMUL(GICD_CTLR, 4, "GICD_CTLR", gicd_ctlr),
	[R_TYPER] = EMUL(GICD_TYPER, 4, "GICD_TYPER", gicd_typer),
	[R_IIDR] = REG(GICD_IIDR, 4, "GICD_IIDR", VGIC_READ_ONLY),
	[R_TYPER2] = REG(GICD_TYPER2, 4, "GICD_TYPER2", VGIC_RAZ_WI),
	[R_STATUSR] = REG(GICD_STATUSR, 4, "GICD_STATUSR", VGIC_RAZ_WI),
	[R_SETSPI_NSR] = EMUL(GICD_SETSPI_NSR, 4, "GICD_SETSPI_NSR",
			      gicd_spi_msg),
	[R_CLRSPI_NSR] = EMUL(GICD_CLRSPI_NSR, 4, "GICD_CLRSPI_NSR",
			      gicd_spi_msg),
	[R_SETSPI_SR] = REG(GICD_SETSPI_SR, 4, "GICD_SETSPI_SR", VGIC_RAZ_WI),
	[R_CLRSPI_SR] = REG(GICD_CLRSPI_SR, 4, "GICD_CLRSPI_SR", VGIC_RAZ_WI),
	/* IGROUPR .. NSACR, filtered by SPI ownership */
	EMUL(GICD_IGROUPR, 0x0f00 - GICD_IGROUPR, "GICD per-interrupt",
	     gicd_per_irq),
	/* SGIR, CPENDSGIR, SPENDSGIR: without effect under affinity routing */
	REG(0x0f00, 4, "GICD_SGIR", VGIC_RAZ_WI),
	REG(0x0f10, 0x20, "GICD_C/SPENDSGIR", VGIC_RAZ_WI),
	/* NMI and extended SPI registers: not offered (see TYPER) */
	REG(0x0f80, 0x80, "GICD_INMIR", VGIC_RAZ_WI),
	REG(0x1000, 0x0e00, "GICD extended SPI", VGIC_RAZ_WI),
	REG(0x2000, 0x0400, "GICD_IPRIORITYRnE", VGIC_RAZ_WI),
	REG(0x3000, 0x0100, "GICD_ICFGRnE", VGIC_RAZ_WI),
	REG(0x3400, 0x0080, "GICD_IGRPMODRnE", VGIC_RAZ_WI),
	REG(0x3600, 0x0080, "GICD_NSACRnE", VGIC_RAZ_WI),
	REG(0x3b00, 0x0080, "GICD_INMIRnE", VGIC_RAZ_WI),
	/* IROUTER<n> exists for SPIs only: 0..31 are reserved */
	EMUL(GICD_IROUTER + 32 * 8, GICD_IROUTER_END - GICD_IROUTER - 32 * 8,
	     "GICD_IROUTER", gicd_irouter),
	REG64(0x8000, 0x2000, "GICD_IROUTERnE", VGIC_RAZ_WI),
	/* PIDR4..7, PIDR0..3, CIDR0..3 */
	REG(0xffd0, 0x30, "GICD ID", VGIC_READ_ONLY),
};

/*
 * The registers below GICD_IGROUPR by offset / 4 (NULL: none): the most
 * used of them (CTLR, TYPER) without a search.
 */
#define LOW(r)	[GICD_##r / 4] = &gicd_regs[R_##r]
static const struct vgic_reg *const gicd_low[GICD_IGROUPR / 4] = {
	LOW(CTLR), LOW(TYPER), LOW(IIDR), LOW(TYPER2), LOW(STATUSR),
	LOW(SETSPI_NSR), LOW(CLRSPI_NSR), LOW(SETSPI_SR), LOW(CLRSPI_SR),
};

enum mmio_result vgic_dist_handler(void *arg, struct mmio_access *access)
{
	struct cell *cell = arg;
	u64 offset = access->address;
	const struct vgic_reg *reg;

	if (offset < GICD_IGROUPR) {
		reg = gicd_low[offset / 4];
	} else {
		reg = vgic_find(gicd_regs + R_ARRAYS,
				ARRAY_SIZE(gicd_regs) - R_ARRAYS, offset);
	}
	return vgic_apply(reg, cell, gicd, offset, ~0U, access);
}
