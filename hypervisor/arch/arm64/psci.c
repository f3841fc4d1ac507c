// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI 1.0 and SMCCC 1.1 towards the cells (SMC trapped by HCR_EL2.TSC).
 * CPU_OFF parks the CPU in EL2, CPU_ON releases a parked CPU into its cell;
 * the parking and starting themselves are cell-cpus.c.
 */
#include <asm/arm64.h>
#include <asm/psci.h>
#include <hv/control.h>
#include <hv/printk.h>
#include <hv/lib.h>


static long psci_cpu_on(struct cell *cell, u64 mpidr, u64 entry, u64 context)
{
	struct per_cpu *target = cpu_by_mpidr(cell, mpidr);
	long ret;

	if (!target)
		return PSCI_INVALID_PARAMETERS;

	spin_lock(&cpu_state_lock);
	/* cell management may have moved it since the lookup */
	if (target->info->cell != cell) {
		spin_unlock(&cpu_state_lock);
		return PSCI_INVALID_PARAMETERS;
	}
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
	spin_unlock(&cpu_state_lock);
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

int psci_handle_smc(struct trap_frame *frame)
{
	struct per_cpu *pc = this_cpu();
	struct cell *cell = pc->info->cell;
	u32 fid = frame->x[0];
	u64 esr = read_sysreg(esr_el2);
	long ret;

	if (esr & 0xffff) {
		frame->x[0] = (u64)PSCI_NOT_SUPPORTED;
		return TRAP_RESUME;
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
		return TRAP_RELOAD;
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
			/* the cell's own system: it stops, as a board would */
			cell_powered_off(cell, fid == PSCI_SYSTEM_RESET);
			arch_park_cpu(frame, false);
			return TRAP_RELOAD;
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
			return TRAP_RESUME;
		}
		ret = PSCI_NOT_SUPPORTED;
		break;
	}
	frame->x[0] = ret;
	return TRAP_RESUME;
}
