// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI 1.0 and SMCCC 1.1 towards the cells (SMC trapped by HCR_EL2.TSC).
 * CPU_OFF parks the CPU in EL2, CPU_ON releases a parked CPU into its cell.
 */
#include <asm/arm64.h>
#include <hv/control.h>
#include <hv/printk.h>
#include <hv/lib.h>

#define SMCCC_VERSION			0x80000000
#define SMCCC_ARCH_FEATURES		0x80000001

#define PSCI_VERSION			0x84000000
#define PSCI_CPU_SUSPEND_32		0x84000001
#define PSCI_CPU_OFF			0x84000002
#define PSCI_CPU_ON_32			0x84000003
#define PSCI_AFFINITY_INFO_32		0x84000004
#define PSCI_MIGRATE_INFO_TYPE		0x84000006
#define PSCI_SYSTEM_OFF			0x84000008
#define PSCI_SYSTEM_RESET		0x84000009
#define PSCI_FEATURES			0x8400000a
#define PSCI_CPU_ON_64			0xc4000003
#define PSCI_CPU_SUSPEND_64		0xc4000001
#define PSCI_AFFINITY_INFO_64		0xc4000004

#define PSCI_SUCCESS			0
#define PSCI_NOT_SUPPORTED		(-1)
#define PSCI_INVALID_PARAMETERS		(-2)
#define PSCI_DENIED			(-3)
#define PSCI_ALREADY_ON			(-4)
#define PSCI_ON_PENDING			(-5)

#define PSCI_AFF_ON			0
#define PSCI_AFF_OFF			1
#define PSCI_AFF_ON_PENDING		2

static spinlock_t psci_lock;
u64 hv_parking_vttbr;

static long psci_cpu_on(struct cell *cell, u64 mpidr, u64 entry, u64 context)
{
	struct per_cpu *target = cpu_by_mpidr(cell, mpidr);
	long ret;

	if (!target)
		return PSCI_INVALID_PARAMETERS;

	spin_lock(&psci_lock);
	switch (target->psci_state) {
	case CPU_PSCI_OFF:
		target->psci_entry = entry;
		target->psci_context = context;
		__atomic_store_n(&target->psci_state, CPU_PSCI_ON_PENDING,
				 __ATOMIC_RELEASE);
		dsb(ish);
		sev();
		ret = PSCI_SUCCESS;
		break;
	case CPU_PSCI_ON_PENDING:
		ret = PSCI_ON_PENDING;
		break;
	case CPU_PSCI_ON:
		ret = PSCI_ALREADY_ON;
		break;
	default:
		ret = PSCI_DENIED;
		break;
	}
	spin_unlock(&psci_lock);
	return ret;
}

static long psci_affinity_info(struct cell *cell, u64 mpidr, u64 level)
{
	struct per_cpu *target;

	if (level != 0)
		return PSCI_INVALID_PARAMETERS;
	target = cpu_by_mpidr(cell, mpidr);
	if (!target)
		return PSCI_INVALID_PARAMETERS;
	switch (target->psci_state) {
	case CPU_PSCI_ON:
		return PSCI_AFF_ON;
	case CPU_PSCI_ON_PENDING:
		return PSCI_AFF_ON_PENDING;
	default:
		return PSCI_AFF_OFF;
	}
}

static bool psci_supported(u32 fid)
{
	switch (fid) {
	case PSCI_VERSION:
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case SMCCC_VERSION:
		return true;
	default:
		return false;
	}
}

/*
 * Set the CPU up for entering its cell at @entry, PSCI CPU_ON style: EL1
 * as after a reset (cpu-reset.c: nothing the previous owner left is
 * readable), all general purpose registers 0 but x0 = @context, the
 * traps of the cell (sysreg-emul.c), the cell's stage 2 with its VMID,
 * and an empty GIC virtual interface.
 */
static void cpu_reset_to(struct per_cpu *pc, struct trap_frame *frame,
			 u64 entry, u64 context)
{
	struct cell *cell = pc->info->cell;

	memset(frame, 0, sizeof(*frame));
	frame->x[0] = context;
	frame->elr = entry;
	frame->spsr = PSR_DAIF | PSR_MODE_EL1H;

	cpu_reset_el1();
	sysreg_traps_init(pc);

	if (cell) {
		write_sysreg(cell->stage2.root_phys | ((u64)cell->vmid << 48),
			     vttbr_el2);
		isb();
		/* the VMID may have served a destroyed cell before */
		arch_flush_vmid_tlb();
	}
	gic_cpu_reset(pc);
	isb();
}

/*
 * Park the calling CPU until CPU_ON releases it (then @frame describes the
 * new entry and we return) or the hypervisor shuts down (then the CPU is
 * switched off by firmware).  @failed: parked for a violation, only
 * shutdown ends it.
 */
void arch_park_cpu(struct trap_frame *frame, bool failed)
{
	struct per_cpu *pc = this_cpu();

	gic_cpu_park(pc);
	if (hv_parking_vttbr) {
		write_sysreg(hv_parking_vttbr, vttbr_el2);
		isb();
	}

	spin_lock(&psci_lock);
	pc->psci_state = failed ? CPU_PSCI_FAILED : CPU_PSCI_OFF;
	/* whoever asked us to park sees it done */
	pc->park_request = 0;
	spin_unlock(&psci_lock);

	for (;;) {
		if (__atomic_load_n(&hv_shutting_down, __ATOMIC_ACQUIRE)) {
			/* firmware turns us off; Linux may CPU_ON us later */
			__atomic_store_n(&pc->psci_state, CPU_PSCI_GONE,
					 __ATOMIC_RELEASE);
			dsb(sy);
			arch_smc(PSCI_CPU_OFF, 0, 0, 0);
			for (;;)
				wfi();
		}
		if (__atomic_load_n(&pc->psci_state, __ATOMIC_ACQUIRE) ==
		    CPU_PSCI_ON_PENDING)
			break;
		wfe();
	}

	cpu_reset_to(pc, frame, pc->psci_entry, pc->psci_context);
	pc->info->state = JAILHOUSE_CPU_RUNNING;
	__atomic_store_n(&pc->psci_state, CPU_PSCI_ON, __ATOMIC_RELEASE);
}

/* how many polls between two kicks of a CPU that does not park */
#define PARK_KICK_INTERVAL	100000

/*
 * Cell management: stop every CPU of @cell in the hypervisor.  Running ones
 * get SGI_EVENT and park on their way back into the cell; ones that are
 * off or failed already stay as they are.  Another CPU of the cell may
 * switch one back on meanwhile (PSCI CPU_ON), so poll until all are down.
 */
void arch_park_cell_cpus(struct cell *cell)
{
	unsigned long polls = 0;
	struct cpu_set kicked;
	struct per_cpu *pc;
	unsigned int cpu;
	bool busy;
	u32 state;

	cpu_set_clear(&kicked);
	do {
		busy = false;
		for_each_cpu(cpu, &cell->cpus) {
			pc = per_cpu(cpu);
			spin_lock(&psci_lock);
			state = pc->psci_state;
			if (state == CPU_PSCI_ON || state == CPU_PSCI_ON_PENDING) {
				busy = true;
				pc->park_request = 1;
				/*
				 * One coming out of the park sees the request
				 * on its first exit; kick it once it runs.
				 * Kick again now and then, in case the cell
				 * fiddled with SGI_EVENT meanwhile.
				 */
				if (state == CPU_PSCI_ON &&
				    (!cpu_set_test(&kicked, cpu) ||
				     polls % PARK_KICK_INTERVAL == 0)) {
					gic_kick_cpu(pc);
					cpu_set_add(&kicked, cpu);
				}
			}
			spin_unlock(&psci_lock);
		}
		if (busy)
			arch_cpu_relax();
		polls++;
	} while (busy);

	/* drop kicks that arrived after the CPU had parked anyway */
	for_each_cpu(cpu, &kicked)
		gic_clear_kick(per_cpu(cpu));
}

bool arch_cpu_parked(unsigned int cpu)
{
	u32 state;

	if (cpu >= num_cpu_slots)
		return false;
	state = __atomic_load_n(&per_cpu(cpu)->psci_state, __ATOMIC_ACQUIRE);
	return state == CPU_PSCI_OFF || state == CPU_PSCI_FAILED;
}

/*
 * Start @cell (all its CPUs are parked): its first CPU enters at @entry,
 * the others stay off until the cell switches them on with PSCI CPU_ON.
 * Also brings the cell's communication region to PoC.
 */
void arch_start_cell_cpus(struct cell *cell, u64 entry)
{
	bool first = true;
	struct per_cpu *pc;
	unsigned int cpu;

	/*
	 * The communication region was written through the cache; a CPU
	 * with its MMU off reads memory.
	 */
	if (cell->comm)
		arch_flush_memory(page_pool_virt2phys(&mem_pool, cell->comm),
				  PAGE_SIZE);

	spin_lock(&psci_lock);
	for_each_cpu(cpu, &cell->cpus) {
		pc = per_cpu(cpu);
		pc->park_request = 0;
		if (first) {
			pc->psci_entry = entry;
			pc->psci_context = 0;
			pc->psci_state = CPU_PSCI_ON_PENDING;
			first = false;
		} else {
			pc->psci_state = CPU_PSCI_OFF;
		}
	}
	spin_unlock(&psci_lock);
	dsb(ish);
	sev();
}

/* a parked CPU changes cells: a failed one becomes simply off */
void arch_cpu_reassigned(unsigned int cpu)
{
	struct per_cpu *pc = per_cpu(cpu);

	spin_lock(&psci_lock);
	if (pc->psci_state == CPU_PSCI_FAILED)
		pc->psci_state = CPU_PSCI_OFF;
	pc->park_request = 0;
	spin_unlock(&psci_lock);
}

/* on disable: wait until every parked CPU has been turned off */
void psci_wait_parked_off(void)
{
	unsigned long tries;
	struct per_cpu *pc;
	unsigned int cpu;
	long ret = 0;

	/* on disable only: all CPU ids, cells are gone */
	for (cpu = 0; cpu < num_cpu_slots; cpu++) {
		if (!cpu_info[cpu].online)
			continue;
		pc = per_cpu(cpu);
		if (pc->psci_state != CPU_PSCI_OFF &&
		    pc->psci_state != CPU_PSCI_FAILED &&
		    pc->psci_state != CPU_PSCI_GONE)
			continue;
		while (__atomic_load_n(&pc->psci_state, __ATOMIC_ACQUIRE) !=
		       CPU_PSCI_GONE) {
			sev();
			arch_cpu_relax();
		}
		for (tries = 0; tries < 1000000; tries++) {
			ret = arch_smc(PSCI_AFFINITY_INFO_64, pc->mpidr, 0, 0);
			if (ret != PSCI_AFF_ON && ret != PSCI_AFF_ON_PENDING)
				break;
			arch_cpu_relax();
		}
		if (ret == PSCI_AFF_ON || ret == PSCI_AFF_ON_PENDING)
			printk("CPU %u did not power off\n", cpu);
		cpu_info[cpu].online = false;
	}
}

#define SMCCC_OWNER(fid)	(((fid) >> 24) & 0x3f)
#define SMCCC_OWNER_SIP		2
#define SMCCC_OWNER_OEM		3
#define SMCCC_OWNER_TAPP_FIRST	48

static bool smccc_forwardable(u32 fid)
{
	unsigned int owner = SMCCC_OWNER(fid);

	/* bit 31: fast call; SMCCC calls only */
	if (!(fid & BIT(31)) && owner < SMCCC_OWNER_TAPP_FIRST)
		return false;
	return owner == SMCCC_OWNER_SIP || owner == SMCCC_OWNER_OEM ||
		owner >= SMCCC_OWNER_TAPP_FIRST;
}

void psci_handle_smc(struct trap_frame *frame)
{
	struct per_cpu *pc = this_cpu();
	struct cell *cell = pc->info->cell;
	u32 fid = frame->x[0];
	u64 esr = read_sysreg(esr_el2);
	long ret;

	if (esr & 0xffff) {
		frame->x[0] = (u64)PSCI_NOT_SUPPORTED;
		return;
	}

	if ((fid & 0xff000000) == 0x84000000 ||
	    (fid & 0xff000000) == 0xc4000000)
		pc->info->stats[JAILHOUSE_CPU_STAT_VMEXITS_PSCI]++;
	else
		pc->info->stats[JAILHOUSE_CPU_STAT_VMEXITS_SMCCC]++;

	switch (fid) {
	case PSCI_VERSION:
		ret = 0x10000;		/* 1.0 */
		break;
	case PSCI_CPU_ON_32:
		ret = psci_cpu_on(cell, (u32)frame->x[1], (u32)frame->x[2],
				  (u32)frame->x[3]);
		break;
	case PSCI_CPU_ON_64:
		ret = psci_cpu_on(cell, frame->x[1], frame->x[2], frame->x[3]);
		break;
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		/*
		 * Every state is treated as standby: wait for an interrupt
		 * and return, which PSCI permits for power-down requests too.
		 */
		if (!gic_virq_pending()) {
			dsb(sy);
			wfi();
		}
		ret = PSCI_SUCCESS;
		break;
	case PSCI_CPU_OFF:
		arch_park_cpu(frame, false);
		return;
	case PSCI_AFFINITY_INFO_32:
		ret = psci_affinity_info(cell, (u32)frame->x[1],
					 (u32)frame->x[2]);
		break;
	case PSCI_AFFINITY_INFO_64:
		ret = psci_affinity_info(cell, frame->x[1], frame->x[2]);
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		ret = 2;		/* no trusted OS, migration not needed */
		break;
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		if (cell != &root_cell) {
			ret = PSCI_DENIED;
			break;
		}
		printk("Root cell requests system %s\n",
		       fid == PSCI_SYSTEM_OFF ? "off" : "reset");
		ret = arch_smc(fid, 0, 0, 0);
		break;
	case PSCI_FEATURES:
		ret = psci_supported(frame->x[1]) ? PSCI_SUCCESS :
			PSCI_NOT_SUPPORTED;
		break;
	case SMCCC_VERSION:
		ret = 0x10001;		/* 1.1 */
		break;
	case SMCCC_ARCH_FEATURES:
		ret = ((u32)frame->x[1] == SMCCC_VERSION ||
		       (u32)frame->x[1] == SMCCC_ARCH_FEATURES) ?
			PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
		break;
	default:
		/*
		 * Silicon-provider and trusted-OS services (e.g. OP-TEE
		 * under the root Linux on AM62x) stay reachable for the root
		 * cell; everything else is refused.
		 */
		if (cell == &root_cell && smccc_forwardable(fid)) {
			arch_smc_forward(frame);
			return;
		}
		ret = PSCI_NOT_SUPPORTED;
		break;
	}
	frame->x[0] = ret;
}
