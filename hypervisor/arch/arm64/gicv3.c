// SPDX-License-Identifier: GPL-2.0
/*
 * GICv3: physical interrupts are taken at EL2, priority-dropped and
 * injected into the running cell through the list registers (HW bit set,
 * so the guest's deactivation deactivates the physical interrupt).  SGIs
 * are deactivated here and injected as pure virtual interrupts.  The
 * distributor and the redistributors are not mapped into cells but
 * emulated on top of the real ones, filtered by interrupt and CPU
 * ownership.
 */
#include <asm/gic.h>
#include <hv/printk.h>
#include <hv/lib.h>

/* RD_base + SGI_base; a GICv4 frame adds the two VLPI pages */
#define GICR_FRAME_MIN		0x20000UL
#define GICR_FRAME_VLPI		0x40000UL

#define ICC_CTLR_CBPR		BIT(0)
#define ICC_CTLR_EOIMODE	BIT(1)

#define ICH_HCR_EN		BIT(0)
#define ICH_HCR_UIE		BIT(1)

#define ICH_VMCR_VENG1		BIT(1)
#define ICH_VMCR_VCBPR		BIT(4)
#define ICH_VMCR_VEOIM		BIT(9)
#define ICH_VMCR_VBPR1_SHIFT	18
#define ICH_VMCR_VBPR0_SHIFT	21
#define ICH_VMCR_VPMR_SHIFT	24

#define ICH_LR_STATE_PENDING	BIT_ULL(62)
#define ICH_LR_STATE_ACTIVE	BIT_ULL(63)
#define ICH_LR_STATE_MASK	(3ULL << 62)
#define ICH_LR_HW		BIT_ULL(61)
#define ICH_LR_GROUP1		BIT_ULL(60)
#define ICH_LR_PRIO_SHIFT	48
#define ICH_LR_PINTID_SHIFT	32
#define ICH_LR_VINTID_MASK	0xffffffffULL

#define VIRQ_PRIORITY		0xa0
/* SGI_EVENT must get through the PMR EL2 runs with (0xf0) */
#define EVENT_PRIORITY		0x80
#define SPURIOUS_INTID		1020
#define LPI_FIRST		8192

void *gicd;
void *gicr;
unsigned long gicr_stride;
unsigned int gicr_frames;
unsigned int maint_irq;
spinlock_t dist_lock;
/* affinity of each redistributor frame, as GICR_TYPER says */
static u32 gicr_aff[HV_MAX_CPUS];

/*
 * The root cell's settings of the SPIs a cell took, so that they come
 * back as they were when the cell is destroyed.  An SPI belongs to one
 * cell at a time, so one entry per SPI serves all cells.
 */
struct spi_saved {
	u64 route;
	u8 priority;
	u8 config;
	bool enabled, group1, saved;
};
static struct spi_saved root_spi_saved[1020];

static u64 read_lr(unsigned int n)
{
	switch (n) {
	case 0: return read_sysreg(S3_4_C12_C12_0);
	case 1: return read_sysreg(S3_4_C12_C12_1);
	case 2: return read_sysreg(S3_4_C12_C12_2);
	case 3: return read_sysreg(S3_4_C12_C12_3);
	case 4: return read_sysreg(S3_4_C12_C12_4);
	case 5: return read_sysreg(S3_4_C12_C12_5);
	case 6: return read_sysreg(S3_4_C12_C12_6);
	case 7: return read_sysreg(S3_4_C12_C12_7);
	case 8: return read_sysreg(S3_4_C12_C13_0);
	case 9: return read_sysreg(S3_4_C12_C13_1);
	case 10: return read_sysreg(S3_4_C12_C13_2);
	case 11: return read_sysreg(S3_4_C12_C13_3);
	case 12: return read_sysreg(S3_4_C12_C13_4);
	case 13: return read_sysreg(S3_4_C12_C13_5);
	case 14: return read_sysreg(S3_4_C12_C13_6);
	default: return read_sysreg(S3_4_C12_C13_7);
	}
}

static void write_lr_n(unsigned int n, u64 v)
{
	switch (n) {
	case 0: write_sysreg(v, S3_4_C12_C12_0); break;
	case 1: write_sysreg(v, S3_4_C12_C12_1); break;
	case 2: write_sysreg(v, S3_4_C12_C12_2); break;
	case 3: write_sysreg(v, S3_4_C12_C12_3); break;
	case 4: write_sysreg(v, S3_4_C12_C12_4); break;
	case 5: write_sysreg(v, S3_4_C12_C12_5); break;
	case 6: write_sysreg(v, S3_4_C12_C12_6); break;
	case 7: write_sysreg(v, S3_4_C12_C12_7); break;
	case 8: write_sysreg(v, S3_4_C12_C13_0); break;
	case 9: write_sysreg(v, S3_4_C12_C13_1); break;
	case 10: write_sysreg(v, S3_4_C12_C13_2); break;
	case 11: write_sysreg(v, S3_4_C12_C13_3); break;
	case 12: write_sysreg(v, S3_4_C12_C13_4); break;
	case 13: write_sysreg(v, S3_4_C12_C13_5); break;
	case 14: write_sysreg(v, S3_4_C12_C13_6); break;
	default: write_sysreg(v, S3_4_C12_C13_7); break;
	}
}

/*
 * LR0 is the first free one whenever the cell deactivates its interrupts
 * before the next arrives: worth a test before the jump table.
 */
static inline void write_lr(unsigned int n, u64 v)
{
	if (n == 0)
		write_sysreg(v, S3_4_C12_C12_0);
	else
		write_lr_n(n, v);
}

/* identity-map device memory for EL2, on the live tables */
static int gic_map(u64 addr, u64 size)
{
	u64 start = addr & PAGE_MASK, end = PAGE_ALIGN(addr + size);
	int err;

	err = paging_create(&hv_paging, start, end - start, start,
			    PAGE_FLAG_RW | PAGE_FLAG_DEVICE, PAGING_HUGE);
	if (err)
		return err;
	remap_pool.used += (end - start) / PAGE_SIZE;
	dsb(ishst);
	isb();
	return 0;
}

/* the distributor; the redistributors follow in gic_global_init() */
int gic_map_hyp(void)
{
	const typeof(system_config->platform_info.arm) *arm;
	int err;

	arm = &system_config->platform_info.arm;
	if (arm->gic_version != 3 || !arm->gicd_base || !arm->gicr_base)
		return -EINVAL;

	err = gic_map(arm->gicd_base, GICD_SIZE);
	if (err)
		return err;
	gicd = (void *)(unsigned long)arm->gicd_base;
	gicr = (void *)(unsigned long)arm->gicr_base;
	return 0;
}

/*
 * Walk the redistributors from gicr_base to the one that says it is the
 * last (GICR_TYPER.Last), mapping each frame before reading it: EL2 maps
 * exactly the frames the GIC has, however many CPUs the board has or the
 * configuration declares.  At most HV_MAX_CPUS frames; CPUs behind further
 * ones would not find theirs (gic_cpu_init fails).
 */
static int gicr_probe(void)
{
	u64 base = (unsigned long)gicr, typer;
	unsigned int n;
	int err;

	err = gic_map(base, GICR_FRAME_MIN);
	if (err)
		return err;
	typer = mmio_read64(gicr + GICR_TYPER);
	gicr_stride = (typer & GICR_TYPER_VLPIS) ? GICR_FRAME_VLPI :
		GICR_FRAME_MIN;
	if (gicr_stride > GICR_FRAME_MIN) {
		err = gic_map(base + GICR_FRAME_MIN,
			      gicr_stride - GICR_FRAME_MIN);
		if (err)
			return err;
	}
	for (n = 0;; n++) {
		if (n > 0) {
			err = gic_map(base + n * gicr_stride, gicr_stride);
			if (err)
				return err;
		}
		typer = mmio_read64(gicr + n * gicr_stride + GICR_TYPER);
		gicr_aff[n] = typer >> 32;
		if (typer & GICR_TYPER_LAST)
			break;
		if (n + 1 == ARRAY_SIZE(gicr_aff)) {
			printk("GIC: more than %u redistributors, using the first %u\n",
			       n + 1, n + 1);
			break;
		}
	}
	gicr_frames = n + 1;
	return 0;
}

int gic_global_init(void)
{
	maint_irq = system_config->platform_info.arm.maintenance_irq;
	if (maint_irq < 16 || maint_irq >= 32) {
		printk("GIC: invalid maintenance interrupt %u\n", maint_irq);
		return -EINVAL;
	}
	if (!(mmio_read32(gicd + GICD_CTLR) & GICD_CTLR_ARE_NS)) {
		printk("GIC: distributor not in affinity routing mode\n");
		return -EIO;
	}
	return gicr_probe();
}

u32 gicr_frame_aff(unsigned int frame)
{
	return frame < gicr_frames ? gicr_aff[frame] : ~0U;
}

static void *gicr_of(u64 mpidr)
{
	u32 aff = mpidr_to_aff32(mpidr);
	unsigned int n;

	for (n = 0; n < gicr_frames; n++)
		if (gicr_aff[n] == aff)
			return gicr + n * gicr_stride;
	return NULL;
}

int gic_cpu_init(struct per_cpu *pc)
{
	u64 ctlr, vmcr;
	unsigned int n;

	pc->gicr = gicr_of(pc->mpidr);
	if (!pc->gicr)
		return -EIO;
	pc->num_lrs = (read_sysreg(ICH_VTR_EL2) & 0xf) + 1;
#ifdef HV_DEBUG_NUM_LRS
	/* exercise the software queue and the maintenance interrupt */
	pc->num_lrs = MIN(pc->num_lrs, HV_DEBUG_NUM_LRS);
#endif
	pc->lr_mask = (1ULL << pc->num_lrs) - 1;
	pc->virq_head = pc->virq_count = 0;

	ctlr = read_sysreg(ICC_CTLR_EL1);
	pc->linux_icc_ctlr = ctlr;
	pc->linux_pmr = read_sysreg(ICC_PMR_EL1);
	pc->linux_bpr0 = read_sysreg(ICC_BPR0_EL1);
	pc->linux_bpr1 = read_sysreg(ICC_BPR1_EL1);
	pc->linux_igrpen1 = read_sysreg(ICC_IGRPEN1_EL1);

	vmcr = ((u64)(pc->linux_pmr & 0xff) << ICH_VMCR_VPMR_SHIFT) |
		((u64)(pc->linux_bpr0 & 7) << ICH_VMCR_VBPR0_SHIFT) |
		((u64)(pc->linux_bpr1 & 7) << ICH_VMCR_VBPR1_SHIFT);
	if (ctlr & ICC_CTLR_EOIMODE)
		vmcr |= ICH_VMCR_VEOIM;
	if (ctlr & ICC_CTLR_CBPR)
		vmcr |= ICH_VMCR_VCBPR;
	if (pc->linux_igrpen1 & 1)
		vmcr |= ICH_VMCR_VENG1;

	for (n = 0; n < pc->num_lrs; n++)
		write_lr(n, 0);
	write_sysreg(0, ICH_AP0R0_EL2);
	write_sysreg(0, ICH_AP1R0_EL2);
	write_sysreg(vmcr, ICH_VMCR_EL2);
	write_sysreg(ICH_HCR_EN, ICH_HCR_EL2);

	/* physical CPU interface, as EL2 uses it: split EOI/deactivation */
	write_sysreg(ctlr | ICC_CTLR_EOIMODE, ICC_CTLR_EL1);
	write_sysreg(0xf0, ICC_PMR_EL1);
	write_sysreg(1, ICC_IGRPEN1_EL1);
	isb();

	mmio_write32(pc->gicr + GICR_SGI_BASE + GICR_ISENABLER0,
		     1U << maint_irq);
	return 0;
}

static void set_phys_pending(struct per_cpu *pc, unsigned int intid)
{
	if (intid < 32)
		mmio_write32(pc->gicr + GICR_SGI_BASE + GICR_ISPENDR0,
			     1U << intid);
	else if (intid < 1020)
		mmio_write32(gicd + GICD_ISPENDR + (intid / 32) * 4,
			     1U << (intid % 32));
}

/*
 * ivshmem's INTx: the SPI becomes pending in the distributor, which
 * delivers it as its owner configured it.  What the raising CPU (or the
 * cell it trapped from) wrote before is visible first.
 */
void arch_irq_set_pending(unsigned int irq)
{
	if (irq < 32 || irq >= 1020)
		return;
	dsb(ish);
	set_phys_pending(NULL, irq);
}

static void send_sgi_to(u64 mpidr, unsigned int intid)
{
	u64 aff0 = mpidr & 0xff;
	u64 sgir = ((mpidr >> 32) & 0xff) << 48 |
		((mpidr >> 16) & 0xff) << 32 |
		((mpidr >> 8) & 0xff) << 16 |
		(aff0 >> 4) << 44 | (1ULL << (aff0 & 0xf)) |
		((u64)intid << 24);

	write_sysreg(sgir, ICC_SGI1R_EL1);
}

/*
 * Give back what sits in the list registers and the queue: physical
 * interrupts get deactivated; SPIs (and, when @all, SGIs and PPIs too) are
 * made pending again so that whoever handles them next sees them.
 */
static void gic_drain(struct per_cpu *pc, bool all)
{
	unsigned int n, intid;
	u64 lr;

	for (n = 0; n < pc->num_lrs; n++) {
		lr = read_lr(n);
		write_lr(n, 0);
		if (!(lr & ICH_LR_STATE_MASK))
			continue;
		intid = lr & ICH_LR_VINTID_MASK;
		if (lr & ICH_LR_HW)
			write_sysreg(intid, ICC_DIR_EL1);
		if (!(lr & ICH_LR_STATE_PENDING))
			continue;
		if (intid < 16) {
			if (all)
				send_sgi_to(pc->mpidr, intid);
		} else if (intid >= 32 || all) {
			set_phys_pending(pc, intid);
		}
	}
	for (; pc->virq_count; pc->virq_count--) {
		intid = pc->virq_queue[pc->virq_head];
		pc->virq_head = (pc->virq_head + 1) % VIRQ_QUEUE_LEN;
		if (intid >= LPI_FIRST)
			continue;
		if (intid < 16) {
			if (all)
				send_sgi_to(pc->mpidr, intid);
			continue;
		}
		write_sysreg(intid, ICC_DIR_EL1);
		if (intid >= 32 || all)
			set_phys_pending(pc, intid);
	}
	write_sysreg(0, ICH_AP0R0_EL2);
	write_sysreg(0, ICH_AP1R0_EL2);
	isb();
}

void gic_cpu_park(struct per_cpu *pc)
{
	if (!pc->gicr)
		return;
	gic_drain(pc, false);
	/* the cell re-initializes its CPU interface on CPU_ON */
	write_sysreg(0, ICH_VMCR_EL2);
	write_sysreg(ICH_HCR_EN, ICH_HCR_EL2);
	isb();
}

void gic_cpu_shutdown(struct per_cpu *pc)
{
	u64 vmcr, ctlr;

	if (!pc->gicr)
		return;

	mmio_write32(pc->gicr + GICR_SGI_BASE + GICR_ICENABLER0,
		     1U << maint_irq);
	gic_drain(pc, true);

	/* hand Linux's (possibly updated) virtual settings back */
	vmcr = read_sysreg(ICH_VMCR_EL2);
	ctlr = pc->linux_icc_ctlr & ~(ICC_CTLR_EOIMODE | ICC_CTLR_CBPR);
	if (vmcr & ICH_VMCR_VEOIM)
		ctlr |= ICC_CTLR_EOIMODE;
	if (vmcr & ICH_VMCR_VCBPR)
		ctlr |= ICC_CTLR_CBPR;
	write_sysreg(0, ICH_HCR_EL2);
	write_sysreg((vmcr >> ICH_VMCR_VBPR0_SHIFT) & 7, ICC_BPR0_EL1);
	write_sysreg((vmcr >> ICH_VMCR_VBPR1_SHIFT) & 7, ICC_BPR1_EL1);
	write_sysreg(ctlr, ICC_CTLR_EL1);
	write_sysreg((vmcr >> ICH_VMCR_VPMR_SHIFT) & 0xff, ICC_PMR_EL1);
	write_sysreg(!!(vmcr & ICH_VMCR_VENG1), ICC_IGRPEN1_EL1);
	isb();
	pc->gicr = NULL;
}

/*
 * Put @intid into a free list register; false if none is free.  Only the
 * list registers in use are looked at, as ICH_ELRSR_EL2 tells: usually
 * none, since a cell deactivates what it got before the next arrives.
 */
static inline bool lr_inject(struct per_cpu *pc, unsigned int intid,
			     bool hw)
{
	u64 empty = read_sysreg(ICH_ELRSR_EL2) & pc->lr_mask;
	u64 busy = ~empty & pc->lr_mask, lr;
	unsigned int n;

	for (; busy; busy &= busy - 1) {
		n = __builtin_ctzll(busy);
		lr = read_lr(n);
		if ((lr & ICH_LR_VINTID_MASK) != intid)
			continue;
		/* already there: a pending SGI coalesces, an active one
		 * becomes active and pending */
		if (!hw && !(lr & ICH_LR_STATE_PENDING))
			write_lr(n, lr | ICH_LR_STATE_PENDING);
		return true;
	}
	if (!empty)
		return false;

	lr = intid | ICH_LR_GROUP1 | ICH_LR_STATE_PENDING |
		((u64)VIRQ_PRIORITY << ICH_LR_PRIO_SHIFT);
	if (hw)
		lr |= ICH_LR_HW | ((u64)intid << ICH_LR_PINTID_SHIFT);
	write_lr(__builtin_ctzll(empty), lr);
	return true;
}

/* no list register free, or others wait already: the software queue */
static void __attribute__((noinline))
virq_enqueue(struct per_cpu *pc, unsigned int intid, bool hw)
{
	unsigned int n, idx;

	for (n = 0; n < pc->virq_count; n++) {
		idx = (pc->virq_head + n) % VIRQ_QUEUE_LEN;
		if (pc->virq_queue[idx] == intid)
			return;
	}
	if (pc->virq_count == VIRQ_QUEUE_LEN) {
		printk("GIC: virtual IRQ queue overflow on CPU %u, dropping %u\n",
		       pc->cpu_id, intid);
		if (hw)
			write_sysreg(intid, ICC_DIR_EL1);
		return;
	}
	pc->virq_queue[(pc->virq_head + pc->virq_count) % VIRQ_QUEUE_LEN] =
		intid;
	pc->virq_count++;
}

static inline void inject(struct per_cpu *pc, unsigned int intid, bool hw)
{
	if (likely(!pc->virq_count && lr_inject(pc, intid, hw)))
		return;
	virq_enqueue(pc, intid, hw);
}

void gic_inject(struct per_cpu *pc, unsigned int intid, bool hw)
{
	inject(pc, intid, hw);
}

/* anything waiting for the cell on this CPU? */
bool gic_virq_pending(void)
{
	struct per_cpu *pc = this_cpu();

	u64 busy;

	if (pc->virq_count)
		return true;
	busy = ~read_sysreg(ICH_ELRSR_EL2) & pc->lr_mask;
	for (; busy; busy &= busy - 1)
		if (read_lr(__builtin_ctzll(busy)) & ICH_LR_STATE_PENDING)
			return true;
	return false;
}

void gic_flush_pending(void)
{
	struct per_cpu *pc = this_cpu();
	u64 hcr;
	unsigned int intid;

	while (pc->virq_count) {
		intid = pc->virq_queue[pc->virq_head];
		if (!lr_inject(pc, intid, intid >= 16 && intid < LPI_FIRST))
			break;
		pc->virq_head = (pc->virq_head + 1) % VIRQ_QUEUE_LEN;
		pc->virq_count--;
	}

	hcr = read_sysreg(ICH_HCR_EL2);
	if (pc->virq_count)
		hcr |= ICH_HCR_UIE;
	else
		hcr &= ~ICH_HCR_UIE;
	write_sysreg(hcr, ICH_HCR_EL2);
}

/*
 * An SPI reached a CPU whose cell does not own it (stale routing, or a
 * cell that found a way around the emulation): it is not injected, but
 * disabled and reported.
 */
static void gic_foreign_spi(struct per_cpu *pc, unsigned int intid)
{
	mmio_write32(gicd + GICD_ICENABLER + (intid / 32) * 4,
		     1U << (intid % 32));
	write_sysreg(intid, ICC_DIR_EL1);
	printk("GIC: interrupt %u arrived on CPU %u, whose cell \"%s\" does not own it: disabled\n",
	       intid, pc->cpu_id, cell_name(pc->info->cell));
}

/*
 * this_cpu() is x18: used as such below rather than kept in a variable,
 * which would cost a callee-saved register and its save and restore.
 */
#define STAT_TOTAL		JAILHOUSE_CPU_STAT_VMEXITS_TOTAL
#define STAT_MAINTENANCE	JAILHOUSE_CPU_STAT_VMEXITS_MAINTENANCE
#define STAT_MANAGEMENT		JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT
#define STAT_VIRQ		JAILHOUSE_CPU_STAT_VMEXITS_VIRQ

static inline void stat_inc(unsigned int stat)
{
	this_cpu()->info->stats[stat]++;
}

static inline __attribute__((always_inline)) void handle_irqs(void)
{
	unsigned int n, intid, maint = maint_irq;

	for (n = 0; n < 16; n++) {
		intid = read_sysreg(ICC_IAR1_EL1) & 0xffffff;
		if (intid >= SPURIOUS_INTID && intid < 1024)
			break;

		write_sysreg(intid, ICC_EOIR1_EL1);
		if (intid >= 16 && intid < LPI_FIRST) {
			/* PPIs and SPIs: deactivated by the cell (HW bit) */
			if (intid == maint) {
				/* gic_flush_pending refills the LRs */
				write_sysreg(intid, ICC_DIR_EL1);
				stat_inc(STAT_MAINTENANCE);
				continue;
			}
			if (intid >= 32 &&
			    !cell_owns_irq(this_cpu()->info->cell, intid)) {
				gic_foreign_spi(this_cpu(), intid);
				continue;
			}
			inject(this_cpu(), intid, true);
		} else if (intid == SGI_EVENT && this_cpu()->park_request) {
			/* the hypervisor's own kick: the trap path parks us */
			write_sysreg(intid, ICC_DIR_EL1);
			stat_inc(STAT_MANAGEMENT);
			continue;
		} else {
			/* SGIs and LPIs: no hardware link, done here */
			write_sysreg(intid, ICC_DIR_EL1);
			inject(this_cpu(), intid, false);
		}
		stat_inc(STAT_VIRQ);
	}
}

void gic_handle_irq(void)
{
	handle_irqs();
}

/* the IRQ vector of entry.S (FIQs come through arch_handle_exception) */
int arch_handle_irq(struct trap_frame *frame)
{
	stat_inc(STAT_TOTAL);
	handle_irqs();
	return trap_done(frame, TRAP_RESUME);
}

/*
 * Make @pc leave its cell for the hypervisor soon: SGI_EVENT, enabled and
 * with a priority EL2 takes, whatever the cell did to it.
 */
void gic_kick_cpu(struct per_cpu *pc)
{
	void *sgi_base;

	if (!pc->gicr)
		return;
	sgi_base = pc->gicr + GICR_SGI_BASE;
	mmio_write32(sgi_base + GICR_IGROUPR0,
		     mmio_read32(sgi_base + GICR_IGROUPR0) | (1U << SGI_EVENT));
	mmio_write8(sgi_base + GICR_IPRIORITYR + SGI_EVENT, EVENT_PRIORITY);
	mmio_write32(sgi_base + GICR_ISENABLER0, 1U << SGI_EVENT);
	dsb(ishst);
	send_sgi_to(pc->mpidr, SGI_EVENT);
	isb();
}

/* @pc is parked: a kick still on its way would reach its next owner */
void gic_clear_kick(struct per_cpu *pc)
{
	if (!pc->gicr)
		return;
	mmio_write32(pc->gicr + GICR_SGI_BASE + GICR_ICPENDR0,
		     1U << SGI_EVENT);
}

/*
 * A CPU (re)enters a cell: its SGIs and PPIs start disabled, not pending,
 * not active, in group 1, level-triggered where configurable, at the
 * default priority (but for the maintenance interrupt and SGI_EVENT), its
 * redistributor awake, and its virtual CPU interface is empty.  Nothing
 * the previous cell set there is left.
 */
void gic_cpu_reset(struct per_cpu *pc)
{
	u32 keep = (1U << maint_irq) | (1U << SGI_EVENT);
	void *sgi_base;
	unsigned int n;

	for (n = 0; n < pc->num_lrs; n++)
		write_lr(n, 0);
	write_sysreg(0, ICH_AP0R0_EL2);
	write_sysreg(0, ICH_AP1R0_EL2);
	write_sysreg(0, ICH_VMCR_EL2);
	write_sysreg(ICH_HCR_EN, ICH_HCR_EL2);
	pc->virq_head = pc->virq_count = 0;
	isb();

	if (!pc->gicr)
		return;
	sgi_base = pc->gicr + GICR_SGI_BASE;
	mmio_write32(sgi_base + GICR_ICENABLER0, ~keep);
	mmio_write32(sgi_base + GICR_ICPENDR0, ~keep);
	mmio_write32(sgi_base + GICR_ICACTIVER0, ~keep);
	mmio_write32(sgi_base + GICR_IGROUPR0, ~0U);
	mmio_write32(sgi_base + GICR_IGRPMODR0, 0);
	mmio_write32(sgi_base + GICR_ICFGR1, 0);
	for (n = 0; n < 32; n++)
		if (n != maint_irq)
			mmio_write8(sgi_base + GICR_IPRIORITYR + n,
				    n == SGI_EVENT ? EVENT_PRIORITY :
				    VIRQ_PRIORITY);
	mmio_write32(pc->gicr + GICR_WAKER,
		     mmio_read32(pc->gicr + GICR_WAKER) &
		     ~GICR_WAKER_PROC_SLEEP);
	mmio_write32(sgi_base + GICR_ISENABLER0, keep);
}

/* the first CPU of @cell (for the root cell: the calling CPU) */
static u64 cell_route(const struct cell *cell)
{
	unsigned int cpu;

	if (cell != &root_cell) {
		cpu = cpu_set_next(&cell->cpus, 0);
		if (cpu < num_cpu_slots)
			return cpu_info[cpu].arch_id & MPIDR_AFF_MASK;
	}
	return this_cpu()->mpidr & MPIDR_AFF_MASK;
}

static void spi_save_root(unsigned int irq)
{
	struct spi_saved *s = &root_spi_saved[irq];
	unsigned int reg = (irq / 32) * 4;
	u32 bit = 1U << (irq % 32);

	s->enabled = mmio_read32(gicd + GICD_ISENABLER + reg) & bit;
	s->group1 = mmio_read32(gicd + GICD_IGROUPR + reg) & bit;
	s->priority = mmio_read8(gicd + GICD_IPRIORITYR + irq);
	s->config = (mmio_read32(gicd + GICD_ICFGR + (irq / 16) * 4) >>
		     ((irq % 16) * 2)) & 3;
	s->route = mmio_read64(gicd + GICD_IROUTER + irq * 8);
	s->saved = true;
}

/* back to the root's settings of before the cell; enabled last */
static void spi_restore_root(unsigned int irq)
{
	struct spi_saved *s = &root_spi_saved[irq];
	unsigned int reg = (irq / 32) * 4, shift = (irq % 16) * 2;
	void *cfg = gicd + GICD_ICFGR + (irq / 16) * 4;
	u32 bit = 1U << (irq % 32), val;
	u64 route = s->route & MPIDR_AFF_MASK;

	if (!s->saved)
		return;
	/* a route to a CPU the root no longer has goes to the caller */
	if ((s->route & GICD_IROUTER_IRM) || !cpu_by_mpidr(&root_cell, route))
		route = this_cpu()->mpidr & MPIDR_AFF_MASK;
	mmio_write64(gicd + GICD_IROUTER + irq * 8, route);
	mmio_write8(gicd + GICD_IPRIORITYR + irq, s->priority);
	val = mmio_read32(cfg) & ~(3U << shift);
	mmio_write32(cfg, val | ((u32)s->config << shift));
	val = mmio_read32(gicd + GICD_IGROUPR + reg) & ~bit;
	mmio_write32(gicd + GICD_IGROUPR + reg, val | (s->group1 ? bit : 0));
	if (s->enabled)
		mmio_write32(gicd + GICD_ISENABLER + reg, bit);
	s->saved = false;
}

/*
 * SPI @irq changes hands (the caller updates the ownership bitmaps): it is
 * disabled, whatever was pending or active is dropped, and it is routed to
 * the first CPU of @to.  An SPI taken from the root cell keeps the root's
 * settings aside; one given back gets them again (enabled if it was).
 */
void arch_irq_move(unsigned int irq, const struct cell *to)
{
	unsigned int reg = (irq / 32) * 4;
	u32 bit = 1U << (irq % 32);

	if (irq < 32 || irq >= 1020)
		return;

	spin_lock(&dist_lock);
	if (to != &root_cell)
		spi_save_root(irq);
	mmio_write32(gicd + GICD_ICENABLER + reg, bit);
	mmio_write32(gicd + GICD_ICPENDR + reg, bit);
	mmio_write32(gicd + GICD_ICACTIVER + reg, bit);
	mmio_write64(gicd + GICD_IROUTER + irq * 8, cell_route(to));
	if (to == &root_cell)
		spi_restore_root(irq);
	spin_unlock(&dist_lock);
}

/*
 * Every SGI a cell sends.  The sender's cell's CPUs only, no walk over all
 * CPU ids: the words of its CPU set are scanned directly, one bit scan per
 * member, and each member's affinity is compared with the targets' in one
 * go (Aff3.Aff2.Aff1 and the range selector as they sit in an MPIDR).
 */
void gic_send_sgis(struct cell *cell, u64 sgir)
{
	unsigned int intid = (sgir >> 24) & 0xf, self = this_cpu()->cpu_id;
	u64 target_list = sgir & 0xffff, aff, word;
	bool irm = sgir & BIT_ULL(40);
	u64 want = ((sgir >> 48) & 0xff) << 32 | ((sgir >> 32) & 0xff) << 16 |
		((sgir >> 16) & 0xff) << 8 | ((sgir >> 44) & 0xf) << 4;
	unsigned int n, cpu;

	for (n = 0; n < cpu_set_words; n++) {
		for (word = cell->cpus.bits[n]; word; word &= word - 1) {
			cpu = n * 64 + __builtin_ctzll(word);
			aff = cpu_info[cpu].arch_id;
			if (irm) {
				if (cpu == self)
					continue;
			} else if ((aff & MPIDR_AFF_MASK & ~0xfULL) != want ||
				   !(target_list & (1ULL << (aff & 0xf)))) {
				continue;
			}
			send_sgi_to(aff, intid);
		}
	}
}

int gic_cell_init(struct cell *cell)
{
	u64 gicd_base = system_config->platform_info.arm.gicd_base;
	u64 gicr_base = system_config->platform_info.arm.gicr_base;
	u64 gicr_size = gicr_frames * gicr_stride;
	int err;

	/* trapped, never mapped, even if the config says so */
	err = paging_destroy(&cell->stage2, gicd_base, GICD_SIZE);
	if (!err)
		err = paging_destroy(&cell->stage2, gicr_base & PAGE_MASK,
				     PAGE_ALIGN(gicr_size));
	if (!err)
		err = mmio_region_register(&cell->mmio, gicd_base, GICD_SIZE,
					   vgic_dist_handler, cell);
	if (!err)
		err = mmio_region_register(&cell->mmio, gicr_base, gicr_size,
					   vgic_redist_handler, cell);
	return err;
}
