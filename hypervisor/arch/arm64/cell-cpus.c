// SPDX-License-Identifier: GPL-2.0
/*
 * Parking and starting the CPUs of cells.  Each CPU's psci_state
 * (CPU_PSCI_*) says whether it runs in its cell, is parked in EL2 (off, or
 * failed after a violation), or is being released; PSCI calls of the
 * cells (psci.c) and cell management (core/cell.c) move it, under
 * cpu_state_lock.  A parked CPU runs on an empty stage 2 (VMID 0), so
 * nothing walks the tables of the cell it left.
 */
#include <asm/arm64.h>
#include <asm/psci.h>
#include <hv/control.h>
#include <hv/printk.h>
#include <hv/lib.h>

spinlock_t cpu_state_lock;
u64 hv_parking_vttbr;

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
 * The hypervisor shuts down while this CPU is parked: firmware switches it
 * off for real, so Linux can PSCI CPU_ON it later.
 */
void __noreturn arch_cpu_off_for_shutdown(struct per_cpu *pc)
{
	__atomic_store_n(&pc->psci_state, CPU_PSCI_GONE, __ATOMIC_RELEASE);
	dsb(sy);
	arch_smc(PSCI_CPU_OFF, 0, 0, 0);
	for (;;)
		wfi();
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

	spin_lock(&cpu_state_lock);
	pc->psci_state = failed ? CPU_PSCI_FAILED : CPU_PSCI_OFF;
	/* whoever asked us to park sees it done */
	pc->park_request = 0;
	spin_unlock(&cpu_state_lock);

	for (;;) {
		if (__atomic_load_n(&hv_shutting_down, __ATOMIC_ACQUIRE))
			arch_cpu_off_for_shutdown(pc);
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
			spin_lock(&cpu_state_lock);
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
			spin_unlock(&cpu_state_lock);
		}
		if (busy)
			arch_cpu_relax();
		polls++;
	} while (busy);

	/* drop kicks that arrived after the CPU had parked anyway */
	for_each_cpu(cpu, &kicked)
		gic_clear_kick(per_cpu(cpu));
}

void arch_park_other_cell_cpus(struct cell *cell)
{
	unsigned int self = this_cpu()->cpu_id, cpu;
	struct per_cpu *pc;

	for_each_cpu(cpu, &cell->cpus) {
		if (cpu == self)
			continue;
		pc = per_cpu(cpu);
		spin_lock(&cpu_state_lock);
		if (pc->psci_state == CPU_PSCI_ON ||
		    pc->psci_state == CPU_PSCI_ON_PENDING) {
			pc->park_request = 1;
			if (pc->psci_state == CPU_PSCI_ON)
				gic_kick_cpu(pc);
		}
		spin_unlock(&cpu_state_lock);
	}
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

	spin_lock(&cpu_state_lock);
	for_each_cpu(cpu, &cell->cpus) {
		pc = per_cpu(cpu);
		pc->park_request = 0;
		if (first) {
			pc->psci_entry = entry;
			pc->psci_context = 0;
			/*
			 * The parked CPU polls psci_state without the lock:
			 * the entry must be visible before it sees
			 * ON_PENDING (a plain store let the compiler put
			 * the state first, and the CPU took a stale entry).
			 */
			__atomic_store_n(&pc->psci_state, CPU_PSCI_ON_PENDING,
					 __ATOMIC_RELEASE);
			first = false;
		} else {
			pc->psci_state = CPU_PSCI_OFF;
		}
	}
	spin_unlock(&cpu_state_lock);
	dsb(ish);
	sev();
}

/* a parked CPU changes cells: a failed one becomes simply off */
void arch_cpu_reassigned(unsigned int cpu)
{
	struct per_cpu *pc = per_cpu(cpu);

	spin_lock(&cpu_state_lock);
	if (pc->psci_state == CPU_PSCI_FAILED)
		pc->psci_state = CPU_PSCI_OFF;
	pc->park_request = 0;
	spin_unlock(&cpu_state_lock);
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
