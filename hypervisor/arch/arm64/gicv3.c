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
#include <asm/arm64.h>
#include <hv/control.h>
#include <hv/printk.h>
#include <hv/lib.h>

#define GICD_SIZE		0x10000
#define GICR_MAP_SIZE		(HV_MAX_CPUS * 0x40000UL)

#define GICD_CTLR		0x0000
#define GICD_CTLR_ARE_NS	BIT(4)
#define GICD_TYPER		0x0004
#define GICD_SETSPI_NSR		0x0040
#define GICD_CLRSPI_NSR		0x0048
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ISPENDR		0x0200
#define GICD_ICPENDR		0x0280
#define GICD_ICACTIVER		0x0380
#define GICD_IROUTER		0x6000
#define GICD_IROUTER_END	0x8000
#define GICD_IROUTER_IRM	BIT_ULL(31)
#define GICD_PIDR2		0xffe8

#define GICR_IIDR		0x0004
#define GICR_TYPER		0x0008
#define GICR_TYPER_VLPIS	BIT(1)
#define GICR_TYPER_LAST		BIT(4)
#define GICR_PIDR2		0xffe8
#define GICR_SGI_BASE		0x10000
#define GICR_IGROUPR0		0x0080
#define GICR_ISENABLER0		0x0100
#define GICR_ICENABLER0		0x0180
#define GICR_ISPENDR0		0x0200
#define GICR_ICPENDR0		0x0280
#define GICR_ICACTIVER0		0x0380
#define GICR_IPRIORITYR		0x0400

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

static void *gicd;
static void *gicr;
static unsigned long gicr_stride;
static unsigned int gicr_frames;
static u32 gicr_aff[HV_MAX_CPUS * 4];
static unsigned int maint_irq;
static spinlock_t dist_lock;

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

static void write_lr(unsigned int n, u64 v)
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

int gic_map_hyp(void)
{
	const typeof(system_config->platform_info.arm) *arm;
	u64 start, end;
	int err;

	arm = &system_config->platform_info.arm;
	if (arm->gic_version != 3 || !arm->gicd_base || !arm->gicr_base)
		return -EINVAL;

	err = paging_create(&hv_paging, arm->gicd_base, GICD_SIZE,
			    arm->gicd_base, PAGE_FLAG_RW | PAGE_FLAG_DEVICE,
			    PAGING_HUGE);
	if (err)
		return err;
	start = arm->gicr_base & PAGE_MASK;
	end = PAGE_ALIGN(arm->gicr_base + GICR_MAP_SIZE);
	err = paging_create(&hv_paging, start, end - start, start,
			    PAGE_FLAG_RW | PAGE_FLAG_DEVICE, PAGING_HUGE);
	if (err)
		return err;
	remap_pool.used += (GICD_SIZE + end - start) / PAGE_SIZE;
	gicd = (void *)(unsigned long)arm->gicd_base;
	gicr = (void *)(unsigned long)arm->gicr_base;
	return 0;
}

int gic_global_init(void)
{
	u64 typer;
	unsigned int n;

	maint_irq = system_config->platform_info.arm.maintenance_irq;
	if (maint_irq < 16 || maint_irq >= 32) {
		printk("GIC: invalid maintenance interrupt %u\n", maint_irq);
		return -EINVAL;
	}
	if (!(mmio_read32(gicd + GICD_CTLR) & GICD_CTLR_ARE_NS)) {
		printk("GIC: distributor not in affinity routing mode\n");
		return -EIO;
	}

	typer = mmio_read64(gicr + GICR_TYPER);
	gicr_stride = (typer & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
	for (n = 0; n < ARRAY_SIZE(gicr_aff); n++) {
		if ((n + 1) * gicr_stride > GICR_MAP_SIZE)
			break;
		typer = mmio_read64(gicr + n * gicr_stride + GICR_TYPER);
		gicr_aff[n] = typer >> 32;
		if (typer & GICR_TYPER_LAST) {
			n++;
			break;
		}
	}
	gicr_frames = n;
	return 0;
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

/* put @intid into a free list register; false if none is free */
static bool lr_inject(struct per_cpu *pc, unsigned int intid, bool hw)
{
	u64 elrsr = read_sysreg(ICH_ELRSR_EL2), lr;
	int free_lr = -1;
	unsigned int n;

	for (n = 0; n < pc->num_lrs; n++) {
		if (elrsr & (1UL << n)) {
			if (free_lr < 0)
				free_lr = n;
			continue;
		}
		lr = read_lr(n);
		if ((lr & ICH_LR_VINTID_MASK) != intid)
			continue;
		/* already there: a pending SGI coalesces, an active one
		 * becomes active and pending */
		if (!hw && !(lr & ICH_LR_STATE_PENDING))
			write_lr(n, lr | ICH_LR_STATE_PENDING);
		return true;
	}
	if (free_lr < 0)
		return false;

	lr = intid | ICH_LR_GROUP1 | ICH_LR_STATE_PENDING |
		((u64)VIRQ_PRIORITY << ICH_LR_PRIO_SHIFT);
	if (hw)
		lr |= ICH_LR_HW | ((u64)intid << ICH_LR_PINTID_SHIFT);
	write_lr(free_lr, lr);
	return true;
}

void gic_inject(struct per_cpu *pc, unsigned int intid, bool hw)
{
	unsigned int n, idx;

	if (!pc->virq_count && lr_inject(pc, intid, hw))
		return;

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

/* anything waiting for the cell on this CPU? */
bool gic_virq_pending(void)
{
	struct per_cpu *pc = this_cpu();
	unsigned int n;

	if (pc->virq_count)
		return true;
	for (n = 0; n < pc->num_lrs; n++)
		if (read_lr(n) & ICH_LR_STATE_PENDING)
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

void gic_handle_irq(void)
{
	struct per_cpu *pc = this_cpu();
	unsigned int n, intid;

	for (n = 0; n < 16; n++) {
		intid = read_sysreg(ICC_IAR1_EL1) & 0xffffff;
		if (intid >= SPURIOUS_INTID && intid < 1024)
			break;

		write_sysreg(intid, ICC_EOIR1_EL1);
		if (intid == maint_irq) {
			write_sysreg(intid, ICC_DIR_EL1);
			pc->info->stats[JAILHOUSE_CPU_STAT_VMEXITS_MAINTENANCE]++;
			/* gic_flush_pending refills the list registers */
			continue;
		}
		if (intid == SGI_EVENT && pc->park_request) {
			/* the hypervisor's own kick: the trap path parks us */
			write_sysreg(intid, ICC_DIR_EL1);
			pc->info->stats[JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT]++;
			continue;
		}
		if (intid < 16 || intid >= LPI_FIRST) {
			/* SGIs and LPIs: no hardware link, done here */
			write_sysreg(intid, ICC_DIR_EL1);
			gic_inject(pc, intid, false);
		} else {
			gic_inject(pc, intid, true);
		}
		pc->info->stats[JAILHOUSE_CPU_STAT_VMEXITS_VIRQ]++;
	}
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
 * not active (but for the maintenance interrupt and SGI_EVENT), and its
 * virtual CPU interface is empty.
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
	mmio_write32(sgi_base + GICR_IGROUPR0,
		     mmio_read32(sgi_base + GICR_IGROUPR0) | (1U << SGI_EVENT));
	mmio_write8(sgi_base + GICR_IPRIORITYR + SGI_EVENT, EVENT_PRIORITY);
	mmio_write32(sgi_base + GICR_ISENABLER0, keep);
}

/*
 * SPI @irq changes hands (the caller updates the ownership bitmaps): it is
 * disabled, whatever was pending or active is dropped, and it is routed to
 * the first CPU of @to (the calling CPU for the root cell).
 */
void arch_irq_move(unsigned int irq, const struct cell *to)
{
	unsigned int cpu, reg = (irq / 32) * 4;
	u32 bit = 1U << (irq % 32);
	u64 route = this_cpu()->mpidr;

	if (irq < 32 || irq >= 1020)
		return;
	if (to != &root_cell) {
		for (cpu = 0; cpu < HV_MAX_CPUS; cpu++) {
			if (cpu_info[cpu].cell == to ||
			    (to->cpu_set & (1ULL << cpu))) {
				route = cpu_info[cpu].arch_id;
				break;
			}
		}
	}

	spin_lock(&dist_lock);
	mmio_write32(gicd + GICD_ICENABLER + reg, bit);
	mmio_write32(gicd + GICD_ICPENDR + reg, bit);
	mmio_write32(gicd + GICD_ICACTIVER + reg, bit);
	mmio_write64(gicd + GICD_IROUTER + irq * 8, route & MPIDR_AFF_MASK);
	spin_unlock(&dist_lock);
}

void gic_send_sgis(struct cell *cell, u64 sgir)
{
	unsigned int intid = (sgir >> 24) & 0xf, cpu, rs, self;
	u64 target_list = sgir & 0xffff, aff;
	bool irm = sgir & BIT_ULL(40);

	self = this_cpu()->cpu_id;
	rs = (sgir >> 44) & 0xf;
	for (cpu = 0; cpu < HV_MAX_CPUS; cpu++) {
		if (cpu_info[cpu].cell != cell)
			continue;
		aff = cpu_info[cpu].arch_id;
		if (irm) {
			if (cpu == self)
				continue;
		} else {
			if (((aff >> 32) & 0xff) != ((sgir >> 48) & 0xff) ||
			    ((aff >> 16) & 0xff) != ((sgir >> 32) & 0xff) ||
			    ((aff >> 8) & 0xff) != ((sgir >> 16) & 0xff) ||
			    ((aff & 0xff) >> 4) != rs ||
			    !(target_list & (1ULL << (aff & 0xf))))
				continue;
		}
		send_sgi_to(aff, intid);
	}
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

typedef bool (*irq_owner_fn)(const struct cell *cell, unsigned int irq);

/*
 * A non-root cell broke isolation at the GIC: note it for the trap
 * handler, which parks the CPU once the (filtered) access is done.
 */
static void gic_violation(unsigned int kind, unsigned int arg, u64 offset,
			  u64 value)
{
	struct per_cpu *pc = this_cpu();

	if (pc->gic_violation)
		return;
	pc->gic_violation = kind;
	pc->gic_violation_arg = arg;
	pc->gic_violation_offset = offset;
	pc->gic_violation_value = value;
}

static const struct irq_reg *find_irq_reg(u64 offset)
{
	unsigned int n;

	for (n = 0; n < ARRAY_SIZE(irq_regs); n++)
		if (offset >= irq_regs[n].start && offset < irq_regs[n].end)
			return &irq_regs[n];
	return NULL;
}

static bool spi_owned(const struct cell *cell, unsigned int irq);

static enum mmio_result handle_irq_reg(const struct irq_reg *reg,
				       void *base, u64 offset,
				       struct mmio_access *access,
				       const struct cell *cell,
				       irq_owner_fn owns)
{
	unsigned int first = (offset - reg->start) * 8 / reg->bits;
	unsigned int num = access->size * 8 / reg->bits, n;
	u64 mask = 0, field = (1ULL << reg->bits) - 1, old;

	if (access->size > 4 || (offset & (access->size - 1)))
		return MMIO_ERROR;
	if (reg->kind == IRQ_REG_RAZWI) {
		access->value = 0;
		return MMIO_HANDLED;
	}
	for (n = 0; n < num; n++)
		if (owns(cell, first + n))
			mask |= field << (n * reg->bits);

	/*
	 * Non-root cells may clear and configure what they do not own (a
	 * Linux inmate does that for all SPIs; it has no effect), but
	 * enabling, pending or activating another's SPI breaks isolation.
	 */
	if (access->is_write && reg->strict && cell != &root_cell &&
	    owns == spi_owned) {
		for (n = 0; n < num; n++) {
			if (first + n < 32 || (mask & BIT_ULL(n)) ||
			    !(access->value & BIT_ULL(n)))
				continue;
			gic_violation(GIC_VIOLATION_SPI, first + n, offset,
				      access->value);
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

static bool spi_owned(const struct cell *cell, unsigned int irq)
{
	return irq >= 32 && cell_owns_irq(cell, irq);
}

static bool private_irq_owned(const struct cell *cell, unsigned int irq)
{
	return irq < 32 && irq != maint_irq;
}

static enum mmio_result handle_irouter(struct cell *cell,
				       struct mmio_access *access)
{
	u64 offset = access->address - GICD_IROUTER;
	unsigned int irq = offset / 8;
	void *reg = gicd + GICD_IROUTER + irq * 8;
	u64 route;

	if ((access->size != 8 && access->size != 4) ||
	    (offset & (access->size - 1)))
		return MMIO_ERROR;
	if (!spi_owned(cell, irq)) {
		access->value = 0;
		return MMIO_HANDLED;
	}
	if (!access->is_write) {
		access->value = mmio_read(gicd + access->address,
					  access->size);
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
	/* a specific target must be a CPU of the cell */
	if ((route & GICD_IROUTER_IRM) ||
	    cpu_by_mpidr(cell, route & MPIDR_AFF_MASK))
		mmio_write(gicd + access->address, access->size,
			   access->value);
	spin_unlock(&dist_lock);
	return MMIO_HANDLED;
}

static enum mmio_result gicd_handler(void *arg, struct mmio_access *access)
{
	struct cell *cell = arg;
	u64 offset = access->address;
	const struct irq_reg *reg;
	u32 val;

	reg = find_irq_reg(offset);
	if (reg)
		return handle_irq_reg(reg, gicd, offset, access, cell,
				      spi_owned);
	if (offset >= GICD_IROUTER && offset < GICD_IROUTER_END)
		return handle_irouter(cell, access);

	if (access->size > 4 || (offset & (access->size - 1)))
		return MMIO_ERROR;

	switch (offset) {
	case GICD_CTLR:
		if (!access->is_write)
			break;
		if (cell == &root_cell) {
			/* affinity routing and the enables stay on */
			spin_lock(&dist_lock);
			val = mmio_read32(gicd + GICD_CTLR);
			mmio_write32(gicd + GICD_CTLR,
				     access->value | (val & 0x37));
			spin_unlock(&dist_lock);
		}
		return MMIO_HANDLED;
	case GICD_SETSPI_NSR:
	case GICD_CLRSPI_NSR:
		if (access->is_write && spi_owned(cell, access->value & 0x3ff))
			mmio_write32(gicd + offset, access->value);
		else if (access->is_write && offset == GICD_SETSPI_NSR &&
			 cell != &root_cell)
			gic_violation(GIC_VIOLATION_SETSPI,
				      access->value & 0x3ff, offset,
				      access->value);
		if (!access->is_write)
			access->value = 0;
		return MMIO_HANDLED;
	}

	/* identification and other read-only state: pass reads through */
	if (access->is_write)
		return MMIO_HANDLED;
	access->value = mmio_read(gicd + offset, access->size);
	return MMIO_HANDLED;
}

static enum mmio_result gicr_handler(void *arg, struct mmio_access *access)
{
	struct cell *cell = arg;
	unsigned int frame = access->address / gicr_stride, cpu;
	u64 offset = access->address % gicr_stride;
	void *base = gicr + frame * gicr_stride;
	const struct irq_reg *reg;
	bool own = false;

	if (offset & (access->size - 1))
		return MMIO_ERROR;
	if (frame >= gicr_frames) {
		access->value = 0;
		return MMIO_HANDLED;
	}
	for (cpu = 0; cpu < HV_MAX_CPUS; cpu++)
		if (cpu_info[cpu].cell == cell &&
		    mpidr_to_aff32(cpu_info[cpu].arch_id) == gicr_aff[frame])
			own = true;

	if (!own) {
		if (access->is_write && cell != &root_cell)
			gic_violation(GIC_VIOLATION_GICR, frame, offset,
				      access->value);
		/* others' frames: enough to find one's own, nothing more */
		if (!access->is_write &&
		    (offset == GICR_TYPER || offset == GICR_TYPER + 4 ||
		     offset == GICR_IIDR || offset == GICR_PIDR2))
			access->value = mmio_read(base + offset, access->size);
		else
			access->value = 0;
		return MMIO_HANDLED;
	}

	if (offset >= GICR_SGI_BASE) {
		reg = find_irq_reg(offset - GICR_SGI_BASE);
		if (reg)
			return handle_irq_reg(reg, base + GICR_SGI_BASE,
					      offset - GICR_SGI_BASE, access,
					      cell, private_irq_owned);
	}
	if (access->is_write)
		mmio_write(base + offset, access->size, access->value);
	else
		access->value = mmio_read(base + offset, access->size);
	return MMIO_HANDLED;
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
					   gicd_handler, cell);
	if (!err)
		err = mmio_region_register(&cell->mmio, gicr_base, gicr_size,
					   gicr_handler, cell);
	return err;
}
