/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GICv3 internals shared by the physical driver (gicv3.c) and the
 * emulation of the distributor and redistributors for the cells
 * (vgic-*.c).  Register offsets are those of the GICv3 architecture
 * specification.
 */
#ifndef _ASM_GIC_H
#define _ASM_GIC_H

#include <asm/arm64.h>
#include <hv/control.h>

#define GICD_SIZE		0x10000

#define GICD_CTLR		0x0000
#define GICD_CTLR_ARE_NS	BIT(4)
#define GICD_TYPER		0x0004
#define GICD_IIDR		0x0008
#define GICD_TYPER2		0x000c
#define GICD_STATUSR		0x0010
#define GICD_SETSPI_NSR		0x0040
#define GICD_CLRSPI_NSR		0x0048
#define GICD_SETSPI_SR		0x0050
#define GICD_CLRSPI_SR		0x0058
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ISPENDR		0x0200
#define GICD_ICPENDR		0x0280
#define GICD_ISACTIVER		0x0300
#define GICD_ICACTIVER		0x0380
#define GICD_IPRIORITYR		0x0400
#define GICD_ICFGR		0x0c00
#define GICD_IROUTER		0x6000
#define GICD_IROUTER_END	0x8000
#define GICD_IROUTER_IRM	BIT_ULL(31)
#define GICD_PIDR2		0xffe8

#define GICR_CTLR		0x0000
#define GICR_CTLR_ENABLE_LPIS	BIT(0)
#define GICR_IIDR		0x0004
#define GICR_TYPER		0x0008
#define GICR_TYPER_PLPIS	BIT(0)
#define GICR_TYPER_VLPIS	BIT(1)
#define GICR_TYPER_LAST		BIT(4)
#define GICR_WAKER		0x0014
#define GICR_WAKER_PROC_SLEEP	BIT(1)
#define GICR_PIDR2		0xffe8
#define GICR_SGI_BASE		0x10000
#define GICR_IGROUPR0		0x0080
#define GICR_ISENABLER0		0x0100
#define GICR_ICENABLER0		0x0180
#define GICR_ISPENDR0		0x0200
#define GICR_ICPENDR0		0x0280
#define GICR_ICACTIVER0		0x0380
#define GICR_IPRIORITYR		0x0400
#define GICR_ICFGR1		0x0c04
#define GICR_IGRPMODR0		0x0d00

/* the physical GIC, as gicv3.c found it */
extern void *gicd;
extern void *gicr;
extern unsigned long gicr_stride;
extern unsigned int gicr_frames;
extern unsigned int maint_irq;
/* serialises read-modify-write of shared distributor registers */
extern spinlock_t dist_lock;

/* Aff3.Aff2.Aff1.Aff0 of the CPU behind redistributor frame @frame */
u32 gicr_frame_aff(unsigned int frame);

/*
 * How an emulated GIC register answers a cell.  Registers not listed in
 * a table are refused: that is the default.
 */
enum vgic_rule {
	/* reads show the hardware (through the entry's mask), writes ignored */
	VGIC_READ_ONLY,
	/* architected, but nothing a cell may see or change: RAZ/WI */
	VGIC_RAZ_WI,
	/* architected, but not for cells (LPIs, ...): refused */
	VGIC_REFUSE,
	/* the entry's handler decides */
	VGIC_HANDLER,
};

struct vgic_reg {
	u32 offset;
	/* bytes covered from @offset (one register or an array of them) */
	u32 len;
	const char *name;
	u8 rule;
	/* 64-bit registers: 8-byte accesses too */
	u8 wide;
	/* VGIC_READ_ONLY: bits of the hardware value shown; 0 = all */
	u64 mask;
	enum mmio_result (*handler)(struct cell *cell, void *base,
				    u64 offset, struct mmio_access *access);
};


/*
 * @cell tried what it may not: a non-root cell's CPU is parked after the
 * access (see traps.c), the root cell's access is only ignored and reported
 * (parking a CPU of the root would stop Linux).  @kind: GIC_VIOLATION_*.
 */
void vgic_refuse(struct cell *cell, unsigned int kind, unsigned int arg,
		 const char *name, u64 offset, struct mmio_access *access);
/* VGIC_READ_ONLY, out of line: the handlers need no stack frame */
enum mmio_result vgic_read_only(const struct vgic_reg *reg, void *base,
				u64 offset, struct mmio_access *access);
/* vgic_refuse(), answering MMIO_HANDLED: a tail call for the handlers */
enum mmio_result vgic_refused(struct cell *cell, unsigned int kind,
			      unsigned int arg, const char *name, u64 offset,
			      struct mmio_access *access);

/*
 * The table walk and the rule are inline in both handlers (vgic-dist.c,
 * vgic-redist.c): they are on the path of every emulated GIC access.
 */
static inline const struct vgic_reg *
vgic_find(const struct vgic_reg *table, unsigned int num, u64 offset)
{
	unsigned int n;

	for (n = 0; n < num; n++)
		if (offset >= table[n].offset &&
		    offset < (u64)table[n].offset + table[n].len)
			return &table[n];
	return NULL;
}

/*
 * Apply @reg's rule to @access (at @offset of the frame mapped at @base);
 * @frame: the redistributor frame, ~0U for the distributor.  No @reg:
 * the access is refused.
 */
static inline enum mmio_result
vgic_apply(const struct vgic_reg *reg, struct cell *cell, void *base,
	   u64 offset, unsigned int frame, struct mmio_access *access)
{
	unsigned int kind = frame == ~0U ? GIC_VIOLATION_GICD_REG :
		GIC_VIOLATION_GICR_REG;

	if (!reg)
		return vgic_refused(cell, kind, frame, NULL, offset, access);
	/* the handler checks the access itself */
	if (reg->rule == VGIC_HANDLER)
		return reg->handler(cell, base, offset, access);
	if ((reg->rule == VGIC_READ_ONLY || reg->rule == VGIC_RAZ_WI) &&
	    ((access->size != 4 && !(reg->wide && access->size == 8)) ||
	     (offset & (access->size - 1))))
		return MMIO_ERROR;
	switch (reg->rule) {
	case VGIC_READ_ONLY:
		return vgic_read_only(reg, base, offset, access);
	case VGIC_RAZ_WI:
		if (!access->is_write)
			access->value = 0;
		return MMIO_HANDLED;
	default:
		return vgic_refused(cell, kind, frame, reg->name, offset,
				    access);
	}
}

/* per-interrupt registers (GICD, and the SGI frame of a GICR) */
typedef bool (*irq_owner_fn)(const struct cell *cell, unsigned int irq);
bool vgic_spi_owned(const struct cell *cell, unsigned int irq);
bool vgic_private_irq_owned(const struct cell *cell, unsigned int irq);
/* MMIO_UNHANDLED if @offset is no per-interrupt register */
enum mmio_result vgic_irq_reg_access(void *base, u64 offset,
				     struct mmio_access *access,
				     struct cell *cell, irq_owner_fn owns);

enum mmio_result vgic_dist_handler(void *arg, struct mmio_access *access);
enum mmio_result vgic_redist_handler(void *arg, struct mmio_access *access);

#endif /* !_ASM_GIC_H */
