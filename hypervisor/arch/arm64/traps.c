// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions taken to EL2: hypercalls, SMC (PSCI), trapped system register
 * writes (SGIs), stage-2 data aborts (MMIO dispatch) and interrupts.
 */
#include <asm/gic.h>
#include <asm/psci.h>
#include <hv/control.h>
#include <hv/printk.h>

void arch_shutdown_cpu(struct trap_frame *frame);

static const char *const exc_names[] = {
	"lower sync", "lower IRQ", "lower FIQ", "lower SError",
	"hyp sync", "hyp IRQ", "hyp FIQ", "hyp SError",
};

void __noreturn arch_panic_park(void)
{
	struct per_cpu *pc = this_cpu();

	if (pc->info)
		pc->info->state = JAILHOUSE_CPU_FAILED;
	pc->psci_state = CPU_PSCI_FAILED;
	for (;;) {
		if (__atomic_load_n(&hv_shutting_down, __ATOMIC_ACQUIRE))
			arch_cpu_off_for_shutdown(pc);
		wfe();
	}
}

/*
 * A synchronous fault at EL2 while this CPU worked for a non-root cell
 * (e.g. an external abort from a device it accessed for the cell): the
 * cell fails as for a violation, and the CPU is parked so that the cell's
 * destruction can hand it back.  Its EL2 stack is abandoned: on release it
 * enters the next cell from a fresh frame.  Not possible for the root's
 * CPUs, or while the CPU holds a lock others would wait for forever.
 */
static void hyp_fault_park(struct per_cpu *pc)
{
	struct trap_frame fresh;
	struct cell *cell = pc->info ? pc->info->cell : NULL;

	if (!cell || cell == &root_cell || pc->locks_held) {
		printk("CPU %u cannot be recovered (%s)\n", pc->cpu_id,
		       pc->locks_held ? "holds a hypervisor lock" :
		       "root cell CPU");
		return;
	}
	printk("Parking CPU %u (Cell: \"%s\") after a hypervisor fault\n",
	       pc->cpu_id, cell_name(cell));
	pc->info->state = JAILHOUSE_CPU_FAILED;
	cell_cpu_failed(cell, pc->cpu_id);
	arch_park_cpu(&fresh, true);
	vm_return(&fresh);
}

static void dump_frame(struct trap_frame *frame)
{
	unsigned int n;

	printk("pc: 0x%016llx  spsr: 0x%08llx  esr: 0x%08llx  far: 0x%016llx\n",
	       frame->elr, frame->spsr, read_sysreg(esr_el2),
	       read_sysreg(far_el2));
	for (n = 0; n < 31; n += 3)
		printk("x%-2u: 0x%016llx  x%-2u: 0x%016llx  x%-2u: 0x%016llx\n",
		       n, frame->x[n], n + 1, n + 1 < 31 ? frame->x[n + 1] : 0,
		       n + 2, n + 2 < 31 ? frame->x[n + 2] : 0);
}

/*
 * A cell did something it must not: park the CPU for good.  A non-root
 * cell is then FAILED; the root cell and other cells run on, and the cell
 * can still be shut down, restarted or destroyed.
 */
static int cell_violation(struct trap_frame *frame)
{
	struct per_cpu *pc = this_cpu();
	struct cell *cell = pc->info ? pc->info->cell : NULL;

	printk("Parking CPU %u (Cell: \"%s\")\n", pc->cpu_id,
	       cell ? cell_name(cell) : "?");
	pc->info->state = JAILHOUSE_CPU_FAILED;
	if (cell && cell != &root_cell)
		cell_cpu_failed(cell, pc->cpu_id);
	arch_park_cpu(frame, true);
	/* released into a cell again: the frame is a fresh one */
	return TRAP_RELOAD;
}

/* the access that just passed the GIC emulation broke isolation */
static int __attribute__((noinline))
gic_violation_report(struct trap_frame *frame)
{
	struct per_cpu *pc = this_cpu();
	const char *name = cell_name(pc->info->cell);
	const char *reg = pc->gic_violation_reg ? pc->gic_violation_reg :
		"an unknown register";

	switch (pc->gic_violation) {
	case GIC_VIOLATION_SPI:
		printk("FATAL: cell \"%s\" CPU %u: GICD write to interrupt %u it does not own (offset 0x%llx, value 0x%llx), PC 0x%llx\n",
		       name, pc->cpu_id, pc->gic_violation_arg,
		       pc->gic_violation_offset, pc->gic_violation_value,
		       frame->elr);
		break;
	case GIC_VIOLATION_SETSPI:
		printk("FATAL: cell \"%s\" CPU %u: GICD_SETSPI_NSR for interrupt %u it does not own, PC 0x%llx\n",
		       name, pc->cpu_id, pc->gic_violation_arg, frame->elr);
		break;
	case GIC_VIOLATION_GICD_REG:
		printk("FATAL: cell \"%s\" CPU %u: GICD %s of %s (offset 0x%llx, value 0x%llx) refused, PC 0x%llx\n",
		       name, pc->cpu_id,
		       pc->gic_violation_write ? "write" : "read", reg,
		       pc->gic_violation_offset, pc->gic_violation_value,
		       frame->elr);
		break;
	case GIC_VIOLATION_GICR_REG:
		printk("FATAL: cell \"%s\" CPU %u: GICR frame %u %s of %s (offset 0x%llx, value 0x%llx) refused, PC 0x%llx\n",
		       name, pc->cpu_id, pc->gic_violation_arg,
		       pc->gic_violation_write ? "write" : "read", reg,
		       pc->gic_violation_offset, pc->gic_violation_value,
		       frame->elr);
		break;
	default:
		printk("FATAL: cell \"%s\" CPU %u: write to GIC redistributor frame %u of a CPU it does not own (offset 0x%llx, value 0x%llx), PC 0x%llx\n",
		       name, pc->cpu_id, pc->gic_violation_arg,
		       pc->gic_violation_offset, pc->gic_violation_value,
		       frame->elr);
		break;
	}
	pc->gic_violation = GIC_VIOLATION_NONE;
	return cell_violation(frame);
}

static void set_reg(struct trap_frame *frame, unsigned int reg, u64 val)
{
	if (reg < 31)
		frame->x[reg] = val;
}

static u64 get_reg(struct trap_frame *frame, unsigned int reg)
{
	return reg < 31 ? frame->x[reg] : 0;
}

/*
 * trap_done() found something to do (asm/arm64.h): rarely needed, and
 * not inline, so that the handlers' common paths stay short.
 */
int __attribute__((noinline))
trap_done_work(struct trap_frame *frame, int res)
{
	/*
	 * Cell management wants this CPU out of its cell.  A plain load
	 * (park_request is volatile): arch_park_cpu() takes cpu_state_lock,
	 * which orders everything after it.
	 */
	if (this_cpu()->park_request) {
		arch_park_cpu(frame, false);
		res = TRAP_RELOAD;
	}
	gic_flush_pending();
	return res;
}

/* a hypercall with another immediate, or JAILHOUSE_HC_DISABLE */
static int __attribute__((noinline))
hvc_special(struct trap_frame *frame, u64 esr)
{
	long ret;

	if ((esr & 0xffff) != JAILHOUSE_HVC_CODE) {
		frame->x[0] = (u64)-ENOSYS;
		return trap_done(frame, TRAP_RESUME);
	}
	ret = hypercall_cpu(this_cpu()->info, JAILHOUSE_HC_DISABLE, 0, 0);
	frame->x[0] = ret;
	/* entry.S completes the frame and calls arch_shutdown_cpu() */
	if (ret == 0)
		return TRAP_SHUTDOWN;
	return trap_done(frame, TRAP_RESUME);
}

static int handle_hvc(struct trap_frame *frame, u64 esr)
{
	struct cpu_info *info = this_cpu()->info;
	unsigned long code = frame->x[0];

	info->stats[JAILHOUSE_CPU_STAT_VMEXITS_TOTAL]++;
	if (unlikely(code == JAILHOUSE_HC_DISABLE ||
		     (esr & 0xffff) != JAILHOUSE_HVC_CODE))
		return hvc_special(frame, esr);
	frame->x[0] = hypercall_cpu(info, code, frame->x[1], frame->x[2]);
	return trap_done(frame, TRAP_RESUME);
}

static int handle_smc(struct trap_frame *frame, u64 esr)
{
	struct per_cpu *pc = this_cpu();

	pc->info->stats[JAILHOUSE_CPU_STAT_VMEXITS_TOTAL]++;
	frame->elr += 4;
	return trap_done(frame, psci_handle_smc(frame));
}

/*
 * A translation fault on an address the cell has mapped: the access hit the
 * break window of a stage-2 change made by another CPU (break-before-make,
 * see struct paging_structures).  Wait for the change and retry it.
 */
static bool stage2_fault_transient(struct cell *cell, u64 esr, u64 ipa)
{
	u64 fsc = ESR_ISS(esr) & 0x3f;

	if ((fsc & 0x3c) != 0x04)
		return false;
	return paging_wait_mapped(&cell->stage2, ipa);
}

static inline u64 fault_ipa(void)
{
	return ((read_sysreg(hpfar_el2) >> 4) << 12) |
		(read_sysreg(far_el2) & 0xfff);
}

/*
 * What handle_dabt() does not handle: a transient fault, or a violation.
 * Out of line, so that the common path needs few registers; the syndrome
 * registers still hold what they held at the trap.
 */
static int __attribute__((noinline))
dabt_unhandled(struct trap_frame *frame, struct mmio_access *access)
{
	struct per_cpu *pc = this_cpu();
	struct cell *cell = pc->info->cell;
	u64 esr = read_sysreg(esr_el2), ipa = fault_ipa();

	if (stage2_fault_transient(cell, esr, ipa))
		return trap_done(frame, TRAP_RESUME);
	if (!(esr & DABT_ISV))
		printk("FATAL: cell \"%s\" CPU %u: unhandled access to 0x%llx without syndrome (no MMIO decoding possible), PC 0x%llx\n",
		       cell_name(cell), pc->cpu_id, ipa, frame->elr);
	else if (access->is_write)
		printk("FATAL: cell \"%s\" CPU %u: unhandled write to 0x%llx (%u bytes, value 0x%llx), PC 0x%llx\n",
		       cell_name(cell), pc->cpu_id, ipa, access->size,
		       access->value, frame->elr);
	else
		printk("FATAL: cell \"%s\" CPU %u: unhandled read from 0x%llx (%u bytes), PC 0x%llx\n",
		       cell_name(cell), pc->cpu_id, ipa, access->size,
		       frame->elr);
	return trap_done(frame, cell_violation(frame));
}

/* a read's value as the load instruction puts it into its register */
static inline u64 dabt_load_value(u64 iss, u64 val, unsigned int size)
{
	unsigned int bits = 8 * size;

	/* sign-extending loads are rare for MMIO */
	if (unlikely(iss & DABT_SSE) && bits < 64 &&
	    (val & (1ULL << (bits - 1))))
		val |= ~0ULL << bits;
	if (!(iss & DABT_SF))
		val &= 0xffffffffULL;
	return val;
}

#define DABT_SRT(iss)	(((iss) >> DABT_SRT_SHIFT) & 0x1f)
#define DABT_SIZE(iss)	(1U << (((iss) >> DABT_SAS_SHIFT) & 3))

static int handle_dabt(struct trap_frame *frame, u64 esr)
{
	struct cpu_info *info = this_cpu()->info;
	u64 iss = ESR_ISS(esr), ipa = fault_ipa(), offset;
	struct mmio_access access;
	enum mmio_result res;

	access.size = DABT_SIZE(iss);
	access.is_write = iss & DABT_WNR;
	access.value = 0;
	if (iss & DABT_WNR) {
		access.value = get_reg(frame, DABT_SRT(iss));
		if (access.size < 8)
			access.value &= (1ULL << (8 * access.size)) - 1;
	}

	info->stats[JAILHOUSE_CPU_STAT_VMEXITS_TOTAL]++;
	info->stats[JAILHOUSE_CPU_STAT_VMEXITS_MMIO]++;

	this_cpu()->gic_violation = GIC_VIOLATION_NONE;
	/* no syndrome, or a fault of the cell's own page table walk */
	if (unlikely(!(iss & DABT_ISV)) || unlikely(iss & DABT_S1PTW))
		return dabt_unhandled(frame, &access);

	/*
	 * The distributor first: the most frequent MMIO trap by far, and at
	 * the same place in every cell (gic_cell_init registers it there,
	 * and no other region may overlap it), so it needs no list walk.
	 * The region list's bounds check, done here instead.
	 */
	offset = ipa - (unsigned long)gicd;
	if (likely(offset < GICD_SIZE)) {
		if (unlikely(offset + access.size > GICD_SIZE))
			return dabt_unhandled(frame, &access);
		access.address = offset;
		res = vgic_dist_handler(info->cell, &access);
	} else {
		access.address = ipa;
		res = mmio_handle_access(&info->cell->mmio, &access);
		/* BARs move at run time: not in the region list */
		if (res == MMIO_UNHANDLED)
			res = ivshmem_bar_access(info->cell, &access);
	}
	if (unlikely(res != MMIO_HANDLED))
		return dabt_unhandled(frame, &access);

	/*
	 * The syndrome read again: cheaper than keeping it, and what came
	 * of it, in callee-saved registers over the call.  Nothing at EL2
	 * took an exception since (that would have ended in a panic).
	 */
	iss = ESR_ISS(read_sysreg(esr_el2));
	if (!(iss & DABT_WNR))
		set_reg(frame, DABT_SRT(iss),
			dabt_load_value(iss, access.value, DABT_SIZE(iss)));
	if (unlikely(this_cpu()->gic_violation)) {
		if (this_cpu()->info->cell != &root_cell)
			return trap_done(frame, gic_violation_report(frame));
		this_cpu()->gic_violation = GIC_VIOLATION_NONE;
	}
	frame->elr += 4;
	return trap_done(frame, TRAP_RESUME);
}

static int handle_iabt(struct trap_frame *frame, u64 esr)
{
	struct per_cpu *pc = this_cpu();
	u64 ipa = fault_ipa();

	pc->info->stats[JAILHOUSE_CPU_STAT_VMEXITS_TOTAL]++;
	if (stage2_fault_transient(pc->info->cell, esr, ipa))
		return trap_done(frame, TRAP_RESUME);
	printk("FATAL: cell \"%s\" CPU %u: instruction fetch from 0x%llx it may not execute, PC 0x%llx\n",
	       cell_name(pc->info->cell), pc->cpu_id, ipa, frame->elr);
	return trap_done(frame, cell_violation(frame));
}

/* op0, op1, CRn, CRm, op2 as in the ISS of EC 0x18 */
#define SYSREG_ISS(op0, op1, crn, crm, op2) \
	(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | \
	 ((crm) << 1))
#define SYSREG_ISS_MASK		SYSREG_ISS(3, 7, 15, 15, 7)
#define SYSREG_RT_SHIFT		5

#define ISS_ICC_SGI1R		SYSREG_ISS(3, 0, 12, 11, 5)
#define ISS_ICC_ASGI1R		SYSREG_ISS(3, 0, 12, 11, 6)
#define ISS_ICC_SGI0R		SYSREG_ISS(3, 0, 12, 11, 7)

static int handle_sysreg(struct trap_frame *frame, u64 esr)
{
	u64 iss = ESR_ISS(esr);
	unsigned int rt = (iss >> SYSREG_RT_SHIFT) & 0x1f;
	bool read = iss & 1;
	struct per_cpu *pc = this_cpu();

	pc->info->stats[JAILHOUSE_CPU_STAT_VMEXITS_TOTAL]++;
	switch (iss & SYSREG_ISS_MASK) {
	case ISS_ICC_SGI1R:
	case ISS_ICC_ASGI1R:
	case ISS_ICC_SGI0R:
		if (read)
			break;
		pc->info->stats[JAILHOUSE_CPU_STAT_VMEXITS_VSGI]++;
		gic_send_sgis(pc->info->cell, get_reg(frame, rt));
		frame->elr += 4;
		return trap_done(frame, TRAP_RESUME);
	}
	/* set/way, ACTLR, impl-defined, PMU, debug: sysreg-emul.c */
	if (sysreg_emulate(frame, iss))
		return trap_done(frame, TRAP_RESUME);
	printk("FATAL: cell \"%s\" CPU %u: unhandled system register %s: op0=%llu op1=%llu CRn=%llu CRm=%llu op2=%llu (ISS 0x%llx), PC 0x%llx\n",
	       cell_name(pc->info->cell), pc->cpu_id,
	       read ? "read" : "write", (iss >> 20) & 3, (iss >> 14) & 7,
	       (iss >> 10) & 0xf, (iss >> 1) & 0xf, (iss >> 17) & 7, iss,
	       frame->elr);
	return trap_done(frame, cell_violation(frame));
}

static int handle_unknown(struct trap_frame *frame, u64 esr)
{
	struct per_cpu *pc = this_cpu();

	pc->info->stats[JAILHOUSE_CPU_STAT_VMEXITS_TOTAL]++;
	printk("FATAL: cell \"%s\" CPU %u: unhandled trap (exception class 0x%02llx), PC 0x%llx\n",
	       cell_name(pc->info->cell), pc->cpu_id, ESR_EC(esr),
	       frame->elr);
	dump_frame(frame);
	return trap_done(frame, cell_violation(frame));
}

/*
 * Synchronous traps from the cells by exception class, read by the
 * vectors of entry.S without any C in between.  .frame: see
 * TRAP_FRAME_*.  Every class not named is a violation, with the register
 * dump of the full frame.
 */
#define TRAP_UNKNOWN	{ handle_unknown, TRAP_FRAME_FULL }
#define TRAP_UNKNOWN4	TRAP_UNKNOWN, TRAP_UNKNOWN, TRAP_UNKNOWN, \
	TRAP_UNKNOWN
#define TRAP_UNKNOWN16	TRAP_UNKNOWN4, TRAP_UNKNOWN4, TRAP_UNKNOWN4, \
	TRAP_UNKNOWN4

const struct trap_handler trap_sync_handlers[64] = {
	TRAP_UNKNOWN16,					/* 0x00 */
	TRAP_UNKNOWN4,					/* 0x10 */
	TRAP_UNKNOWN,
	TRAP_UNKNOWN,
	[EC_HVC64] = { handle_hvc, TRAP_FRAME_PARTIAL },
	[EC_SMC64] = { handle_smc, TRAP_FRAME_PARTIAL_ELR },
	[EC_SYSREG] = { handle_sysreg, TRAP_FRAME_REG(SYSREG_RT_SHIFT) },
	TRAP_UNKNOWN,
	TRAP_UNKNOWN,
	TRAP_UNKNOWN,
	TRAP_UNKNOWN4,					/* 0x1c */
	[EC_IABT_LOW] = { handle_iabt, TRAP_FRAME_FULL },
	TRAP_UNKNOWN,
	TRAP_UNKNOWN,
	TRAP_UNKNOWN,
	[EC_DABT_LOW] = { handle_dabt, TRAP_FRAME_REG(DABT_SRT_SHIFT) },
	TRAP_UNKNOWN,
	TRAP_UNKNOWN,
	TRAP_UNKNOWN,
	TRAP_UNKNOWN4,					/* 0x28 */
	TRAP_UNKNOWN4,
	TRAP_UNKNOWN16,					/* 0x30 */
};

/* every exception, with a full frame (the hot paths go around it) */
int arch_handle_exception(struct trap_frame *frame, unsigned long kind)
{
	struct per_cpu *pc = this_cpu();
	u64 esr;
	int res;

	if (kind == EXC_AARCH32) {
		printk("FATAL: Exception from AArch32 EL1 on CPU %u\n",
		       pc->cpu_id);
		dump_frame(frame);
		arch_panic_park();
	}
	if (kind >= EXC_HYP_SYNC) {
		printk("FATAL: Hypervisor exception (%s) on CPU %u\n",
		       exc_names[kind & 7], pc->cpu_id);
		dump_frame(frame);
		if (kind == EXC_HYP_SYNC)
			hyp_fault_park(pc);
		arch_panic_park();
	}

	switch (kind) {
	case EXC_LOWER_SYNC:
		esr = read_sysreg(esr_el2);
		res = trap_sync_handlers[ESR_EC(esr)].handle(frame, esr);
		if (res == TRAP_SHUTDOWN)
			arch_shutdown_cpu(frame);
		return res;
	case EXC_LOWER_IRQ:
	case EXC_LOWER_FIQ:
		return arch_handle_irq(frame);
	default:
		pc->info->stats[JAILHOUSE_CPU_STAT_VMEXITS_TOTAL]++;
		printk("SError from cell %s on CPU %u, esr 0x%llx\n",
		       cell_name(pc->info->cell), pc->cpu_id,
		       read_sysreg(esr_el2));
		return trap_done(frame, TRAP_RESUME);
	}
}
