// SPDX-License-Identifier: GPL-2.0
/*
 * The redistributors as a cell sees them.  In the frames of its own CPUs
 * a cell reaches the architected SGI/PPI registers of the SGI frame (but
 * the hypervisor's maintenance interrupt), reads the identification
 * registers and sees the control and wake registers as a CPU that is
 * awake and has no LPIs.  LPI, virtual-LPI and implementation-defined
 * registers are refused, and so is everything not in the tables below.
 * Other CPUs' frames show only what it takes to find one's own (TYPER,
 * IIDR, ID registers); writing them is refused.
 */
#include <asm/gic.h>

#define GICR_CTLR_RWP		BIT(3)
#define GICR_CTLR_UWP		BIT(31)
#define GICR_TYPER_DIRECT_LPI	BIT(3)
#define GICR_VLPI_BASE		0x20000

static unsigned int frame_of(void *base)
{
	return ((char *)base - (char *)gicr) / gicr_stride;
}

static enum mmio_result gicr_ctlr(struct cell *cell, void *base, u64 offset,
				  struct mmio_access *access)
{
	if (access->size != 4)
		return MMIO_ERROR;
	if (!access->is_write) {
		/* the write-pending bits Linux polls; LPIs stay off */
		access->value = mmio_read32(base + offset) &
			(GICR_CTLR_RWP | GICR_CTLR_UWP);
		return MMIO_HANDLED;
	}
	if (access->value & GICR_CTLR_ENABLE_LPIS)
		vgic_refuse(cell, GIC_VIOLATION_GICR_REG, frame_of(base),
			    "GICR_CTLR.EnableLPIs", offset, access);
	return MMIO_HANDLED;
}

static enum mmio_result gicr_typer(struct cell *cell, void *base, u64 offset,
				   struct mmio_access *access)
{
	u64 val;

	if (access->is_write)
		return MMIO_HANDLED;
	val = mmio_read64(base + GICR_TYPER) &
		~(u64)(GICR_TYPER_PLPIS | GICR_TYPER_DIRECT_LPI);
	if (access->size == 8)
		access->value = val;
	else
		access->value = (u32)(val >> (offset & 4 ? 32 : 0));
	return MMIO_HANDLED;
}

/*
 * A cell's CPU is awake while the cell runs: it may say so (Linux clears
 * ProcessorSleep at every CPU start), but not put its redistributor to
 * sleep.  The root cell keeps the real register, as before enable.
 */
static enum mmio_result gicr_waker(struct cell *cell, void *base, u64 offset,
				   struct mmio_access *access)
{
	if (access->size != 4)
		return MMIO_ERROR;
	if (cell == &root_cell) {
		if (access->is_write)
			mmio_write32(base + offset, access->value);
		else
			access->value = mmio_read32(base + offset);
		return MMIO_HANDLED;
	}
	if (!access->is_write)
		access->value = 0;
	else if (access->value & GICR_WAKER_PROC_SLEEP)
		vgic_refuse(cell, GIC_VIOLATION_GICR_REG, frame_of(base),
			    "GICR_WAKER.ProcessorSleep", offset, access);
	return MMIO_HANDLED;
}

static enum mmio_result gicr_per_irq(struct cell *cell, void *base,
				     u64 offset, struct mmio_access *access)
{
	enum mmio_result res;

	res = vgic_irq_reg_access(base + GICR_SGI_BASE,
				  offset - GICR_SGI_BASE, access, cell,
				  vgic_private_irq_owned);
	if (res != MMIO_UNHANDLED)
		return res;
	vgic_refuse(cell, GIC_VIOLATION_GICR_REG, frame_of(base), NULL,
		    offset, access);
	return MMIO_HANDLED;
}

#define REG(off, len, nm, rl)	{ off, len, nm, rl, 0, 0, NULL }
#define REG64(off, len, nm, rl)	{ off, len, nm, rl, 1, 0, NULL }
#define EMUL(off, len, nm, fn)	{ off, len, nm, VGIC_HANDLER, 0, 0, fn }

static const struct vgic_reg gicr_regs[] = {
	/* RD_base */
	EMUL(GICR_CTLR, 4, "GICR_CTLR", gicr_ctlr),
	REG(GICR_IIDR, 4, "GICR_IIDR", VGIC_READ_ONLY),
	EMUL(GICR_TYPER, 8, "GICR_TYPER", gicr_typer),
	REG(0x0010, 4, "GICR_STATUSR", VGIC_RAZ_WI),
	EMUL(GICR_WAKER, 4, "GICR_WAKER", gicr_waker),
	REG64(0x0040, 0x10, "GICR_SETLPIR/CLRLPIR", VGIC_REFUSE),
	REG64(0x0070, 8, "GICR_PROPBASER", VGIC_REFUSE),
	REG64(0x0078, 8, "GICR_PENDBASER", VGIC_REFUSE),
	REG64(0x00a0, 8, "GICR_INVLPIR", VGIC_REFUSE),
	REG64(0x00b0, 8, "GICR_INVALLR", VGIC_REFUSE),
	REG(0x00c0, 4, "GICR_SYNCR", VGIC_REFUSE),
	REG(0xffd0, 0x30, "GICR ID", VGIC_READ_ONLY),
	/* SGI_base: IGROUPR0 .. NSACR, filtered; the extended PPI
	 * registers in between read as zero (no extended PPIs) */
	EMUL(GICR_SGI_BASE + 0x0080, 0x0e80, "GICR per-interrupt",
	     gicr_per_irq),
	REG(GICR_SGI_BASE + 0x0f80, 4, "GICR_INMIR0", VGIC_RAZ_WI),
	REG(GICR_SGI_BASE + 0xffd0, 0x30, "GICR ID", VGIC_READ_ONLY),
};

/* registers of other CPUs' frames a cell may read to find its own */
static bool foreign_readable(u64 offset)
{
	return offset == GICR_TYPER || offset == GICR_TYPER + 4 ||
		offset == GICR_IIDR || (offset >= 0xffd0 && offset < 0x10000);
}

/* one of @cell's CPUs is behind @frame (a walk of the cell's CPUs only) */
static bool frame_owned(const struct cell *cell, unsigned int frame)
{
	u32 aff = gicr_frame_aff(frame);
	unsigned int cpu;

	for_each_cpu(cpu, &cell->cpus)
		if (mpidr_to_aff32(cpu_info[cpu].arch_id) == aff)
			return true;
	return false;
}

enum mmio_result vgic_redist_handler(void *arg, struct mmio_access *access)
{
	struct cell *cell = arg;
	unsigned int frame = access->address / gicr_stride;
	u64 offset = access->address % gicr_stride;
	void *base = gicr + frame * gicr_stride;
	const struct vgic_reg *reg;

	if (offset & (access->size - 1))
		return MMIO_ERROR;
	if (frame >= gicr_frames) {
		if (!access->is_write)
			access->value = 0;
		return MMIO_HANDLED;
	}

	if (!frame_owned(cell, frame)) {
		if (access->is_write)
			vgic_refuse(cell, GIC_VIOLATION_GICR, frame, NULL,
				    offset, access);
		else if (foreign_readable(offset) && access->size == 4)
			access->value = mmio_read32(base + offset);
		else if (offset == GICR_TYPER && access->size == 8)
			access->value = mmio_read64(base + offset);
		else
			access->value = 0;
		return MMIO_HANDLED;
	}

	reg = offset < GICR_VLPI_BASE ?
		vgic_find(gicr_regs, ARRAY_SIZE(gicr_regs), offset) : NULL;
	return vgic_apply(reg, cell, base, offset, frame, access);
}
