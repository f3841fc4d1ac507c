// SPDX-License-Identifier: GPL-2.0
/*
 * Fake arm64 CPU for host tests of arch code, see fake-arm64.h.  Also the
 * definitions of arch/arm64/setup.c, cell.c and entry.S that the GIC,
 * trap and PSCI code use: hv_paging, hv_shutting_down, per_cpu(),
 * cpu_by_mpidr() (with the behaviour setup.c documents), and recorders for
 * arch_smc(), arch_smc_forward(), arch_shutdown_cpu() and
 * arch_flush_vmid_tlb().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/arm64.h>
#include <hv/control.h>

#include "fake-arm64.h"
#include "hv-host-shim.h"

#define ICH_LR_STATE_MASK	(3ULL << 62)
#define MAX_SYSREGS		128

static struct {
	char name[24];
	u64 value;
} regs[MAX_SYSREGS];
static unsigned int num_regs;

struct fake_arm64 fake_arm64;
struct per_cpu fake_per_cpu[HV_MAX_CPUS];
struct paging_structures hv_paging;
volatile u32 hv_shutting_down;

void fake_arm64_reset(void)
{
	memset(regs, 0, sizeof(regs));
	num_regs = 0;
	memset(&fake_arm64, 0, sizeof(fake_arm64));
	memset(fake_per_cpu, 0, sizeof(fake_per_cpu));
	hv_shutting_down = 0;
}

const char *fake_lr_name(unsigned int n)
{
	static char names[16][24];

	if (n >= 16)
		abort();
	snprintf(names[n], sizeof(names[n]), "S3_4_C12_C%u_%u",
		 12 + n / 8, n % 8);
	return names[n];
}

static u64 *reg(const char *name)
{
	unsigned int n;

	for (n = 0; n < num_regs; n++)
		if (strcmp(regs[n].name, name) == 0)
			return &regs[n].value;
	if (num_regs == MAX_SYSREGS || strlen(name) >= sizeof(regs[0].name)) {
		fprintf(stderr, "fake-arm64: cannot hold register %s\n",
			name);
		abort();
	}
	strcpy(regs[num_regs].name, name);
	return &regs[num_regs++].value;
}

void fake_sysreg_set(const char *name, u64 value)
{
	*reg(name) = value;
}

u64 fake_sysreg_get(const char *name)
{
	return *reg(name);
}

/* empty list registers, as the hardware reports them */
static u64 elrsr(void)
{
	u64 v = 0;
	unsigned int n;

	for (n = 0; n < 16; n++)
		if (!(*reg(fake_lr_name(n)) & ICH_LR_STATE_MASK))
			v |= 1ULL << n;
	return v;
}

u64 fake_sysreg_read(const char *name)
{
	if (strcmp(name, FAKE_SYSREG(ICH_ELRSR_EL2)) == 0)
		return elrsr();
	if (strcmp(name, FAKE_SYSREG(ICC_IAR1_EL1)) == 0) {
		if (fake_arm64.iar_pos < fake_arm64.iar_len)
			return fake_arm64.iar[fake_arm64.iar_pos++];
		return 1023;
	}
	return *reg(name);
}

void fake_sysreg_write(const char *name, u64 value)
{
	struct fake_sysreg_write *w;

	*reg(name) = value;
	if (fake_arm64.log_len == FAKE_LOG_LEN) {
		fprintf(stderr, "fake-arm64: write log full\n");
		abort();
	}
	w = &fake_arm64.log[fake_arm64.log_len++];
	/* the name is a string literal of the code under test */
	w->name = name;
	w->value = value;
}

void fake_barrier(const char *what)
{
	fake_arm64.barriers++;
	if (strcmp(what, "wfe") && strcmp(what, "wfi"))
		return;
	fake_arm64.waits++;
	if (fake_arm64.wait_hook)
		fake_arm64.wait_hook(what);
	else if (fake_arm64.waits > 1000000)
		abort();	/* waiting forever */
}

u64 arch_smc(u64 fid, u64 a1, u64 a2, u64 a3)
{
	if (fake_arm64.smc_calls < ARRAY_SIZE(fake_arm64.smc))
		fake_arm64.smc[fake_arm64.smc_calls] =
			(struct fake_smc){ fid, a1, a2, a3 };
	fake_arm64.smc_calls++;
	return fake_arm64.smc_ret;
}

void arch_smc_forward(struct trap_frame *frame)
{
	(void)frame;
	fake_arm64.smc_forwards++;
}

/* arch/arm64/cell.c */
void arch_flush_vmid_tlb(void)
{
	fake_arm64.vmid_tlb_flushes++;
}

/* arch/arm64/cell.c: DC CISW by set/way */
void arch_dc_cisw(u64 setway)
{
	fake_arm64.setway_ops++;
	fake_arm64.last_setway = setway;
}

/* arch/arm64/cpu-reset.c (system registers by the dozen, fpsimd.S) */
/* the EL2 return path; only hyp_fault_park() calls it, never in a test */
void vm_return(struct trap_frame *frame)
{
	(void)frame;
	abort();
}

void cpu_reset_el1(void)
{
	fake_arm64.el1_resets++;
}

/* does not return on the target: the hook must leave by longjmp() */
void arch_shutdown_cpu(struct trap_frame *frame)
{
	(void)frame;
	fake_arm64.shutdowns++;
	if (fake_arm64.wait_hook)
		fake_arm64.wait_hook("shutdown");
	fprintf(stderr, "fake-arm64: arch_shutdown_cpu returned\n");
	abort();
}

unsigned int fake_writes(const char *name)
{
	unsigned int n, count = 0;

	for (n = 0; n < fake_arm64.log_len; n++)
		if (strcmp(fake_arm64.log[n].name, name) == 0)
			count++;
	return count;
}

u64 fake_write_value(const char *name, unsigned int nth)
{
	unsigned int n;

	for (n = 0; n < fake_arm64.log_len; n++)
		if (strcmp(fake_arm64.log[n].name, name) == 0 && nth-- == 0)
			return fake_arm64.log[n].value;
	fprintf(stderr, "fake-arm64: no such write to %s\n", name);
	abort();
}

void fake_iar_push(u32 intid)
{
	if (fake_arm64.iar_len == ARRAY_SIZE(fake_arm64.iar))
		abort();
	fake_arm64.iar[fake_arm64.iar_len++] = intid;
}

struct per_cpu *this_cpu(void)
{
	return &fake_per_cpu[hv_shim.cpu_id];
}

struct per_cpu *per_cpu(unsigned int cpu)
{
	return &fake_per_cpu[cpu];
}

/* setup.c: the CPU of @cell with affinity @mpidr, or NULL */
struct per_cpu *cpu_by_mpidr(const struct cell *cell, u64 mpidr)
{
	unsigned int cpu;

	mpidr &= MPIDR_AFF_MASK;
	for_each_cpu(cpu, &cell->cpus)
		if (cpu_info[cpu].cell == cell &&
		    cpu_info[cpu].arch_id == mpidr)
			return per_cpu(cpu);
	return NULL;
}
