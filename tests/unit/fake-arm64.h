/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fake arm64 CPU for host tests of arch code (see fake-arm64/asm/): a
 * system register file with a write log, list registers whose empty
 * status (ICH_ELRSR_EL2) follows their contents as on hardware, a queue
 * of interrupt IDs for ICC_IAR1_EL1, and per-CPU data for this_cpu()
 * (the CPU is hv_shim.cpu_id, as for arch_cpu_id()).  Also the firmware
 * calls of entry.S, setup.c and cell.c (arch_smc, arch_smc_forward,
 * arch_shutdown_cpu, arch_flush_vmid_tlb, arch_dc_cisw) and cpu-reset.c's
 * cpu_reset_el1 as recorders.
 *
 * Waiting (wfe, wfi) calls the test's hook, which may change the state
 * waited for or longjmp() out of a loop that never ends on the target;
 * so does arch_shutdown_cpu() ("shutdown"), which must not return.
 */
#ifndef _FAKE_ARM64_H
#define _FAKE_ARM64_H

#include <asm/arm64.h>

#define FAKE_LOG_LEN	512

struct fake_sysreg_write {
	const char *name;
	u64 value;
};

struct fake_smc {
	u64 fid, a1, a2, a3;
};

struct fake_arm64 {
	struct fake_sysreg_write log[FAKE_LOG_LEN];
	unsigned int log_len;
	unsigned long barriers;
	/* ICC_IAR1_EL1 answers these, then 1023 (spurious) */
	u32 iar[32];
	unsigned int iar_len, iar_pos;
	/* wfe/wfi: how often, and the hook called each time */
	unsigned long waits;
	void (*wait_hook)(const char *what);
	/* arch_smc(): the first calls, how many, and what it returns */
	struct fake_smc smc[16];
	unsigned long smc_calls;
	u64 smc_ret;
	/* arch_smc_forward(), arch_shutdown_cpu(), arch_flush_vmid_tlb() */
	unsigned int smc_forwards;
	unsigned int shutdowns;
	unsigned int vmid_tlb_flushes;
	/* arch_dc_cisw(), cpu_reset_el1() */
	unsigned int setway_ops;
	u64 last_setway;
	unsigned int el1_resets;
};

extern struct fake_arm64 fake_arm64;
extern struct per_cpu fake_per_cpu[HV_MAX_CPUS];

/* everything back to zero: registers, log, IAR queue, per-CPU data */
void fake_arm64_reset(void);

/* set a register without logging a write */
void fake_sysreg_set(const char *name, u64 value);
u64 fake_sysreg_get(const char *name);

/* name of ICH_LR<n>_EL2 by encoding */
const char *fake_lr_name(unsigned int n);

/* writes to @name logged so far, and the value of the @nth of them */
unsigned int fake_writes(const char *name);
u64 fake_write_value(const char *name, unsigned int nth);

void fake_iar_push(u32 intid);

/* setup.c, declared by traps.c itself */
void arch_shutdown_cpu(struct trap_frame *frame);

/* traps.c, called by the vectors of entry.S */
int arch_handle_exception(struct trap_frame *frame, unsigned long kind);

#endif /* !_FAKE_ARM64_H */
