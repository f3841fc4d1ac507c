// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the EL2 exception handling (hypervisor/arch/arm64/traps.c)
 * and PSCI (psci.c, cell-cpus.c), compiled unchanged against the fake CPU of
 * fake-arm64.c, with the real GIC, MMIO and hypercall code:
 *  - data aborts: ESR/ISS decoding (ISV, SAS, SSE, SRT, SF, WnR, S1PTW),
 *    the IPA from HPFAR_EL2/FAR_EL2, write values, read results with sign
 *    and zero extension, XZR, and the refusal of what no handler takes;
 *  - HVC (hypercall ABI), SMC, trapped ICC_SGI1R_EL1 writes, other traps;
 *  - PSCI and SMCCC: argument decoding (32- and 64-bit calls), CPU_ON /
 *    CPU_OFF / AFFINITY_INFO / CPU_SUSPEND, system calls, forwarding of
 *    SiP and trusted OS calls for the root cell only;
 *  - the CPU side of cell management: parking a cell's CPUs, starting
 *    them, handing a parked CPU to another cell.
 *
 * Code that never returns on the target (parking, panics) is left through
 * the fake's wait hook with longjmp().
 *
 * CPUs 0, 1, 3 (MPIDR = id) are the root cell's, CPU 2 another cell's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <asm/arm64.h>
#include <hv/control.h>
#include <hv/printk.h>
#include <jailhouse/fw-header.h>

#include "fake-arm64.h"
#include "hv-host-shim.h"

#ifndef JH_CELLS_DIR
#error JH_CELLS_DIR must name the folder of the host-built .cell files
#endif

#define NUM_CPUS	4
/* above 4 GiB: all HPFAR bits count */
#define MMIO_BASE	0x4010000000ULL

/* ESR_EL2 of a data abort */
#define DABT(sas, srt, flags) \
	(((u64)EC_DABT_LOW << ESR_EC_SHIFT) | ESR_IL | DABT_ISV | \
	 ((u64)(sas) << DABT_SAS_SHIFT) | ((u64)(srt) << DABT_SRT_SHIFT) | \
	 (flags))

/* PSCI and SMCCC function IDs and results */
#define PSCI_VERSION		0x84000000
#define PSCI_CPU_OFF		0x84000002
#define PSCI_CPU_ON_32		0x84000003
#define PSCI_AFFINITY_INFO_32	0x84000004
#define PSCI_MIGRATE_INFO_TYPE	0x84000006
#define PSCI_SYSTEM_OFF		0x84000008
#define PSCI_SYSTEM_RESET	0x84000009
#define PSCI_FEATURES		0x8400000a
#define PSCI_CPU_ON_64		0xc4000003
#define PSCI_AFFINITY_INFO_64	0xc4000004
#define SMCCC_VERSION		0x80000000
#define SMCCC_ARCH_FEATURES	0x80000001

#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	-1
#define PSCI_INVALID_PARAMS	-2
#define PSCI_DENIED		-3
#define PSCI_ALREADY_ON		-4
#define PSCI_ON_PENDING		-5

static u8 *sys_file;
static size_t sys_len;
static struct jailhouse_system *sys;
static struct cell other;
static struct trap_frame frame;
static jmp_buf escape;

static union {
	struct jailhouse_fw_console hdr;
	u8 bytes[sizeof(struct jailhouse_fw_console) + 8192];
} ring;

/* what the MMIO region saw, and what it answers */
static struct {
	unsigned int calls;
	struct mmio_access seen;
	u64 read_value;
	enum mmio_result result;
} dev;

static enum mmio_result dev_handler(void *arg, struct mmio_access *access)
{
	(void)arg;
	dev.calls++;
	dev.seen = *access;
	if (!access->is_write)
		access->value = dev.read_value;
	return dev.result;
}

static void leave(const char *what)
{
	(void)what;
	longjmp(escape, 1);
}

static bool console_has(const char *text)
{
	static char buf[sizeof(ring.bytes)];
	unsigned int n;

	for (n = 0; n < ring.hdr.tail && n + 1 < sizeof(buf); n++)
		buf[n] = ring.hdr.content[n % ring.hdr.content_size];
	buf[n] = '\0';
	return strstr(buf, text) != NULL;
}

static int group_setup(void **state)
{
	char path[512];
	FILE *f;
	long size;

	(void)state;
	snprintf(path, sizeof(path), "%s/qemu-arm64.cell", JH_CELLS_DIR);
	f = fopen(path, "rb");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	sys_file = malloc(size);
	if (!sys_file || fread(sys_file, 1, size, f) != (size_t)size)
		return -1;
	fclose(f);
	sys_len = size;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	free(sys_file);
	return 0;
}

static int setup(void **state)
{
	unsigned int n;

	(void)state;
	hv_shim_reset();
	fake_arm64_reset();
	fake_arm64.wait_hook = leave;
	sys = malloc(sys_len);
	assert_non_null(sys);
	memcpy(sys, sys_file, sys_len);
	system_config = sys;
	console_set_uart(NULL);
	console_set_ring(&ring.hdr, sizeof(ring));

	memset(&root_cell, 0, sizeof(root_cell));
	root_cell.config = &sys->root_cell;
	memset(&other, 0, sizeof(other));
	other.config = &sys->root_cell;
	other.id = 1;
	num_cells = 2;
	for (n = 0; n < NUM_CPUS; n++) {
		cpu_set_add(n == 2 ? &other.cpus : &root_cell.cpus, n);
		cpu_info[n].id = n;
		cpu_info[n].online = true;
		cpu_info[n].arch_id = n;
		cpu_info[n].cell = n == 2 ? &other : &root_cell;
		fake_per_cpu[n].cpu_id = n;
		fake_per_cpu[n].mpidr = n;
		fake_per_cpu[n].info = &cpu_info[n];
		fake_per_cpu[n].psci_state = CPU_PSCI_ON;
	}
	memset(&dev, 0, sizeof(dev));
	dev.result = MMIO_HANDLED;
	assert_int_equal(mmio_region_register(&root_cell.mmio, MMIO_BASE,
					      0x1000, dev_handler, NULL), 0);
	assert_int_equal(mmio_region_register(&other.mmio, MMIO_BASE,
					      0x1000, dev_handler, NULL), 0);
	memset(&frame, 0, sizeof(frame));
	frame.elr = 0x40001000;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(hv_shim.locks_held, 0);
	system_config = NULL;
	free(sys);
	return 0;
}

/* take a lower-EL synchronous exception with @esr on CPU @cpu */
static void trap_on(unsigned int cpu, u64 esr)
{
	hv_shim.cpu_id = cpu;
	fake_sysreg_set("esr_el2", esr);
	arch_handle_exception(&frame, EXC_LOWER_SYNC);
}

/* the same for a data abort at @ipa */
static void dabt_on(unsigned int cpu, u64 esr, u64 ipa)
{
	fake_sysreg_set("hpfar_el2", (ipa >> 12) << 4);
	/* FAR_EL2 holds the virtual address: only its page offset counts */
	fake_sysreg_set("far_el2", 0xffff000000000000ULL | (ipa & 0xfff));
	trap_on(cpu, esr);
}

/* ---- data aborts ---- */

static void test_dabt_write(void **state)
{
	static const struct {
		unsigned int sas;
		u64 value;
	} cases[] = {
		{ 0, 0x88 }, { 1, 0x7788 }, { 2, 0x55667788 },
		{ 3, 0x1122334455667788ULL },
	};
	unsigned int n;

	(void)state;
	for (n = 0; n < ARRAY_SIZE(cases); n++) {
		frame.x[7] = 0x1122334455667788ULL;
		frame.elr = 0x40001000;
		dabt_on(0, DABT(cases[n].sas, 7, DABT_WNR | DABT_SF),
			MMIO_BASE + 0x10 + n * 8);
		assert_int_equal(dev.calls, n + 1);
		assert_int_equal(dev.seen.address, 0x10 + n * 8);
		assert_int_equal(dev.seen.size, 1U << cases[n].sas);
		assert_true(dev.seen.is_write);
		/* only the bytes written */
		assert_int_equal(dev.seen.value, cases[n].value);
		/* the instruction is done */
		assert_int_equal(frame.elr, 0x40001004);
		assert_int_equal(frame.x[7], 0x1122334455667788ULL);
	}
	assert_int_equal(cpu_info[0].stats[JAILHOUSE_CPU_STAT_VMEXITS_MMIO],
			 ARRAY_SIZE(cases));
	assert_int_equal(cpu_info[0].stats[JAILHOUSE_CPU_STAT_VMEXITS_TOTAL],
			 ARRAY_SIZE(cases));

	/* a store of XZR (register 31) writes zero */
	frame.x[30] = ~0ULL;
	dabt_on(0, DABT(2, 31, DABT_WNR), MMIO_BASE + 0xffc);
	assert_int_equal(dev.seen.address, 0xffc);
	assert_int_equal(dev.seen.value, 0);
	assert_true(dev.seen.is_write);
}

static void test_dabt_read(void **state)
{
	static const struct {
		unsigned int sas;
		u64 flags, value, result;
	} cases[] = {
		/* zero extension */
		{ 0, DABT_SF, 0x80, 0x80 },
		{ 1, DABT_SF, 0x8000, 0x8000 },
		{ 2, DABT_SF, 0x80000000, 0x80000000 },
		{ 3, DABT_SF, 0x8000000000000001ULL, 0x8000000000000001ULL },
		/* sign extension to 64 bits (LDRSB Xt, ...) */
		{ 0, DABT_SSE | DABT_SF, 0x80, 0xffffffffffffff80ULL },
		{ 0, DABT_SSE | DABT_SF, 0x7f, 0x7f },
		{ 1, DABT_SSE | DABT_SF, 0x8001, 0xffffffffffff8001ULL },
		{ 2, DABT_SSE | DABT_SF, 0xfffffffe, 0xfffffffffffffffeULL },
		{ 3, DABT_SSE | DABT_SF, 0x8000000000000000ULL,
		  0x8000000000000000ULL },
		/* ...to 32 bits (LDRSB Wt): the upper half is zero */
		{ 0, DABT_SSE, 0x80, 0xffffff80 },
		{ 1, DABT_SSE, 0x9000, 0xffff9000 },
		/* 32-bit register, no extension */
		{ 2, 0, 0x12345678, 0x12345678 },
	};
	unsigned int n;

	(void)state;
	for (n = 0; n < ARRAY_SIZE(cases); n++) {
		frame.x[3] = 0xdeadbeefdeadbeefULL;
		frame.x[4] = 0x4444;
		frame.elr = 0x40002000;
		dev.read_value = cases[n].value;
		dabt_on(1, DABT(cases[n].sas, 3, cases[n].flags),
			MMIO_BASE + 0x100);
		assert_false(dev.seen.is_write);
		assert_int_equal(dev.seen.size, 1U << cases[n].sas);
		if (frame.x[3] != cases[n].result)
			fail_msg("case %u: x3 = 0x%llx, expected 0x%llx", n,
				 (unsigned long long)frame.x[3],
				 (unsigned long long)cases[n].result);
		/* no other register touched */
		assert_int_equal(frame.x[4], 0x4444);
		assert_int_equal(frame.elr, 0x40002004);
	}

	/* a load into XZR changes no register */
	memset(frame.x, 0x5a, sizeof(frame.x));
	dev.read_value = 0x1234;
	dabt_on(1, DABT(2, 31, DABT_SF), MMIO_BASE);
	for (n = 0; n < 31; n++)
		assert_int_equal(frame.x[n], 0x5a5a5a5a5a5a5a5aULL);
}

/* the IPA: HPFAR_EL2 gives the page, FAR_EL2 the offset in it */
static void test_dabt_address(void **state)
{
	(void)state;
	dabt_on(0, DABT(0, 0, 0), MMIO_BASE + 0xabc);
	assert_int_equal(dev.seen.address, 0xabc);
	assert_int_equal(dev.calls, 1);
	/* the other cell has its own regions at the same address */
	dabt_on(2, DABT(0, 0, 0), MMIO_BASE + 0x123);
	assert_int_equal(dev.calls, 2);
	assert_int_equal(dev.seen.address, 0x123);
}

static void expect_parked_failed(unsigned int cpu)
{
	assert_int_equal(cpu_info[cpu].state, JAILHOUSE_CPU_FAILED);
	assert_int_equal(fake_per_cpu[cpu].psci_state, CPU_PSCI_FAILED);
}

/* what no handler takes parks the CPU for good */
static void test_dabt_violations(void **state)
{
	(void)state;
	/* nothing there */
	if (!setjmp(escape)) {
		frame.x[5] = 0x77;
		dabt_on(1, DABT(2, 5, DABT_WNR), 0x50000000);
		fail_msg("returned from a violation");
	}
	expect_parked_failed(1);
	assert_true(console_has("Parking CPU 1"));
	assert_true(console_has("write"));
	assert_int_equal(dev.calls, 0);

	/* a read the handler refuses */
	fake_per_cpu[3].psci_state = CPU_PSCI_ON;
	dev.result = MMIO_ERROR;
	if (!setjmp(escape)) {
		dabt_on(3, DABT(2, 5, 0), MMIO_BASE);
		fail_msg("returned from a violation");
	}
	expect_parked_failed(3);
	assert_int_equal(dev.calls, 1);
	assert_true(console_has("read"));

	/* no syndrome (ISV clear): not even looked at */
	dev.result = MMIO_HANDLED;
	fake_per_cpu[0].psci_state = CPU_PSCI_ON;
	if (!setjmp(escape)) {
		dabt_on(0, DABT(2, 5, 0) & ~DABT_ISV, MMIO_BASE);
		fail_msg("returned from a violation");
	}
	expect_parked_failed(0);
	assert_int_equal(dev.calls, 1);
	assert_true(console_has("syndrome"));

	/* a fault on a stage-1 table walk is no MMIO access either */
	fake_per_cpu[2].psci_state = CPU_PSCI_ON;
	if (!setjmp(escape)) {
		dabt_on(2, DABT(3, 5, DABT_S1PTW), MMIO_BASE);
		fail_msg("returned from a violation");
	}
	expect_parked_failed(2);
	assert_int_equal(dev.calls, 1);
}

/* ---- HVC, SMC, system registers, the rest ---- */

static void test_hvc(void **state)
{
	const u64 hvc = ((u64)EC_HVC64 << ESR_EC_SHIFT) | ESR_IL;

	(void)state;
	frame.x[0] = JAILHOUSE_HC_HYPERVISOR_GET_INFO;
	frame.x[1] = JAILHOUSE_INFO_NUM_CELLS;
	trap_on(0, hvc | JAILHOUSE_HVC_CODE);
	assert_int_equal(frame.x[0], 2);
	/* the preferred return address is after the HVC already */
	assert_int_equal(frame.elr, 0x40001000);
	assert_int_equal(
		cpu_info[0].stats[JAILHOUSE_CPU_STAT_VMEXITS_HYPERCALL], 1);

	/* errors come back negative in x0 */
	frame.x[0] = JAILHOUSE_HC_DISABLE;
	trap_on(2, hvc | JAILHOUSE_HVC_CODE);
	assert_int_equal((long)frame.x[0], -EPERM);

	/* other immediates (Linux's hvc #0) are not hypercalls */
	frame.x[0] = JAILHOUSE_HC_HYPERVISOR_GET_INFO;
	trap_on(0, hvc | 0);
	assert_int_equal((long)frame.x[0], -ENOSYS);
	assert_int_equal(
		cpu_info[0].stats[JAILHOUSE_CPU_STAT_VMEXITS_HYPERCALL], 1);

	/* an accepted DISABLE leaves the hypervisor on this CPU */
	num_cells = 1;
	frame.x[0] = JAILHOUSE_HC_DISABLE;
	if (!setjmp(escape)) {
		trap_on(1, hvc | JAILHOUSE_HVC_CODE);
		fail_msg("DISABLE returned to the cell");
	}
	assert_int_equal(fake_arm64.shutdowns, 1);
}

static void test_smc_trap(void **state)
{
	const u64 smc = ((u64)EC_SMC64 << ESR_EC_SHIFT) | ESR_IL;

	(void)state;
	/* the preferred return address is the SMC itself: skipped */
	frame.x[0] = PSCI_VERSION;
	trap_on(0, smc);
	assert_int_equal(frame.x[0], 0x10000);
	assert_int_equal(frame.elr, 0x40001004);

	/* SMC with an immediate: not SMCCC */
	frame.x[0] = PSCI_VERSION;
	trap_on(0, smc | 1);
	assert_int_equal((long)frame.x[0], PSCI_NOT_SUPPORTED);
}

/* ISS of a trapped MSR/MRS (EC 0x18) */
static u64 sysreg_esr(unsigned int op0, unsigned int op1, unsigned int crn,
		      unsigned int crm, unsigned int op2, unsigned int rt,
		      bool read)
{
	return ((u64)EC_SYSREG << ESR_EC_SHIFT) | ESR_IL |
		((u64)op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) |
		(rt << 5) | (crm << 1) | read;
}

static void test_sgi_trap(void **state)
{
	const char *sgi1r = FAKE_SYSREG(ICC_SGI1R_EL1);

	(void)state;
	/* MSR ICC_SGI1R_EL1, x9: SGI 6 to CPUs 1 and 2 (2 is not ours) */
	frame.x[9] = (6ULL << 24) | BIT(1) | BIT(2);
	trap_on(0, sysreg_esr(3, 0, 12, 11, 5, 9, false));
	assert_int_equal(frame.elr, 0x40001004);
	assert_int_equal(fake_writes(sgi1r), 1);
	assert_int_equal(fake_write_value(sgi1r, 0), (6ULL << 24) | BIT(1));
	assert_int_equal(cpu_info[0].stats[JAILHOUSE_CPU_STAT_VMEXITS_VSGI],
			 1);

	/* ICC_ASGI1R_EL1 and ICC_SGI0R_EL1 are routed the same way */
	frame.x[9] = (1ULL << 40) | (2ULL << 24);
	trap_on(0, sysreg_esr(3, 0, 12, 11, 6, 9, false));
	trap_on(0, sysreg_esr(3, 0, 12, 11, 7, 9, false));
	/* IRM: CPUs 1 and 3, twice */
	assert_int_equal(fake_writes(sgi1r), 5);

	/* reading it is not allowed */
	if (!setjmp(escape)) {
		trap_on(1, sysreg_esr(3, 0, 12, 11, 5, 9, true));
		fail_msg("returned from a violation");
	}
	expect_parked_failed(1);

	/* nor any other register */
	if (!setjmp(escape)) {
		trap_on(2, sysreg_esr(3, 0, 1, 0, 0, 1, false));
		fail_msg("returned from a violation");
	}
	expect_parked_failed(2);
	assert_true(console_has("system register"));
}

static void test_other_traps(void **state)
{
	(void)state;
	/* an exception class nobody handles: register dump and park */
	frame.x[30] = 0x3030303030303030ULL;
	if (!setjmp(escape)) {
		trap_on(3, (u64)EC_WFX << ESR_EC_SHIFT);
		fail_msg("returned from a violation");
	}
	expect_parked_failed(3);
	assert_true(console_has("0x3030303030303030"));

	/* interrupts: to the GIC code (nothing pending here) */
	hv_shim.cpu_id = 0;
	arch_handle_exception(&frame, EXC_LOWER_IRQ);
	arch_handle_exception(&frame, EXC_LOWER_FIQ);
	assert_int_equal(cpu_info[0].stats[JAILHOUSE_CPU_STAT_VMEXITS_TOTAL],
			 2);
	arch_handle_exception(&frame, EXC_LOWER_SERROR);
	assert_true(console_has("SError"));
}

/* exceptions of the hypervisor itself, or from AArch32: panic */
static void panic_on(unsigned int cpu, unsigned long kind)
{
	cpu_info[cpu].state = JAILHOUSE_CPU_RUNNING;
	fake_per_cpu[cpu].psci_state = CPU_PSCI_ON;
	if (!setjmp(escape)) {
		hv_shim.cpu_id = cpu;
		arch_handle_exception(&frame, kind);
		fail_msg("returned from a panic");
	}
	expect_parked_failed(cpu);
}

static void test_panics(void **state)
{
	(void)state;
	panic_on(1, EXC_HYP_SYNC);
	panic_on(1, EXC_HYP_IRQ);
	panic_on(2, EXC_HYP_SERROR);
	assert_true(console_has("Hypervisor exception"));
	panic_on(3, EXC_AARCH32);
	assert_true(console_has("AArch32"));
	/* no statistics for any of them */
	assert_int_equal(cpu_info[1].stats[JAILHOUSE_CPU_STAT_VMEXITS_TOTAL],
			 0);
}

/* a panicked CPU still goes off with the hypervisor */
static unsigned int panic_waits;

static void shut_down_later(const char *what)
{
	if (++panic_waits == 3)
		hv_shutting_down = 1;
	if (!strcmp(what, "wfi"))
		longjmp(escape, 1);
}

static void test_panic_then_shutdown(void **state)
{
	(void)state;
	panic_waits = 0;
	fake_arm64.wait_hook = shut_down_later;
	if (!setjmp(escape)) {
		hv_shim.cpu_id = 3;
		arch_handle_exception(&frame, EXC_HYP_SYNC);
		fail_msg("returned from a panic");
	}
	assert_int_equal(fake_per_cpu[3].psci_state, CPU_PSCI_GONE);
	assert_int_equal(fake_arm64.smc_calls, 1);
	assert_int_equal(fake_arm64.smc[0].fid, PSCI_CPU_OFF);
}

/* ---- PSCI and SMCCC ---- */

static long smc_on(unsigned int cpu, u64 fid, u64 a1, u64 a2, u64 a3)
{
	hv_shim.cpu_id = cpu;
	fake_sysreg_set("esr_el2", (u64)EC_SMC64 << ESR_EC_SHIFT);
	frame.x[0] = fid;
	frame.x[1] = a1;
	frame.x[2] = a2;
	frame.x[3] = a3;
	psci_handle_smc(&frame);
	return (long)frame.x[0];
}

static void test_psci_info(void **state)
{
	(void)state;
	assert_int_equal(smc_on(0, PSCI_VERSION, 0, 0, 0), 0x10000);
	assert_int_equal(smc_on(0, PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
	assert_int_equal(smc_on(0, SMCCC_VERSION, 0, 0, 0), 0x10001);
	assert_int_equal(smc_on(0, PSCI_FEATURES, PSCI_CPU_ON_64, 0, 0),
			 PSCI_SUCCESS);
	assert_int_equal(smc_on(0, PSCI_FEATURES, PSCI_CPU_OFF, 0, 0),
			 PSCI_SUCCESS);
	assert_int_equal(smc_on(0, PSCI_FEATURES, SMCCC_VERSION, 0, 0),
			 PSCI_SUCCESS);
	assert_int_equal(smc_on(0, PSCI_FEATURES, 0x8400001f, 0, 0),
			 PSCI_NOT_SUPPORTED);
	assert_int_equal(smc_on(0, SMCCC_ARCH_FEATURES, SMCCC_VERSION, 0, 0),
			 PSCI_SUCCESS);
	assert_int_equal(smc_on(0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_FEATURES,
				0, 0), PSCI_SUCCESS);
	/* SMCCC_ARCH_WORKAROUND_1 */
	assert_int_equal(smc_on(0, SMCCC_ARCH_FEATURES, 0x80008000, 0, 0),
			 PSCI_NOT_SUPPORTED);
	/* the function ID is 32 bits: the upper half of x0 is ignored */
	assert_int_equal(smc_on(0, 0xffffffff00000000ULL | PSCI_VERSION, 0, 0,
				0), 0x10000);
	assert_int_equal(cpu_info[0].stats[JAILHOUSE_CPU_STAT_VMEXITS_PSCI], 7);
	assert_int_equal(cpu_info[0].stats[JAILHOUSE_CPU_STAT_VMEXITS_SMCCC],
			 4);
}

static void test_psci_cpu_on(void **state)
{
	struct per_cpu *target = &fake_per_cpu[1];

	(void)state;
	target->psci_state = CPU_PSCI_OFF;
	assert_int_equal(smc_on(0, PSCI_CPU_ON_64, 1, 0x40080000, 0xc0ffee),
			 PSCI_SUCCESS);
	assert_int_equal(target->psci_state, CPU_PSCI_ON_PENDING);
	assert_int_equal(target->psci_entry, 0x40080000);
	assert_int_equal(target->psci_context, 0xc0ffee);
	assert_int_equal(smc_on(0, PSCI_CPU_ON_64, 1, 0x40090000, 0),
			 PSCI_ON_PENDING);
	assert_int_equal(target->psci_entry, 0x40080000);
	target->psci_state = CPU_PSCI_ON;
	assert_int_equal(smc_on(0, PSCI_CPU_ON_64, 1, 0x40090000, 0),
			 PSCI_ALREADY_ON);
	target->psci_state = CPU_PSCI_FAILED;
	assert_int_equal(smc_on(0, PSCI_CPU_ON_64, 1, 0x40090000, 0),
			 PSCI_DENIED);

	/* not a CPU of the caller's cell, or none at all */
	fake_per_cpu[2].psci_state = CPU_PSCI_OFF;
	assert_int_equal(smc_on(0, PSCI_CPU_ON_64, 2, 0x40090000, 0),
			 PSCI_INVALID_PARAMS);
	assert_int_equal(fake_per_cpu[2].psci_state, CPU_PSCI_OFF);
	assert_int_equal(smc_on(0, PSCI_CPU_ON_64, 0x100, 0x40090000, 0),
			 PSCI_INVALID_PARAMS);

	/* the 32-bit call takes 32-bit arguments */
	fake_per_cpu[3].psci_state = CPU_PSCI_OFF;
	assert_int_equal(smc_on(0, PSCI_CPU_ON_32, 0xffffffff00000003ULL,
				0x1111111180000000ULL, 0x22222222abcdULL),
			 PSCI_SUCCESS);
	assert_int_equal(fake_per_cpu[3].psci_entry, 0x80000000);
	assert_int_equal(fake_per_cpu[3].psci_context, 0x2222abcd);
	/* ...the 64-bit call does not */
	assert_int_equal(smc_on(0, PSCI_CPU_ON_64, 0xffffffff00000003ULL, 0,
				0), PSCI_INVALID_PARAMS);
}

static void test_psci_affinity_info(void **state)
{
	(void)state;
	fake_per_cpu[1].psci_state = CPU_PSCI_ON;
	assert_int_equal(smc_on(0, PSCI_AFFINITY_INFO_64, 1, 0, 0), 0);
	fake_per_cpu[1].psci_state = CPU_PSCI_OFF;
	assert_int_equal(smc_on(0, PSCI_AFFINITY_INFO_64, 1, 0, 0), 1);
	fake_per_cpu[1].psci_state = CPU_PSCI_FAILED;
	assert_int_equal(smc_on(0, PSCI_AFFINITY_INFO_64, 1, 0, 0), 1);
	fake_per_cpu[1].psci_state = CPU_PSCI_ON_PENDING;
	assert_int_equal(smc_on(0, PSCI_AFFINITY_INFO_32,
				0xffffffff00000001ULL, 0, 0), 2);
	/* only level 0, only own CPUs */
	assert_int_equal(smc_on(0, PSCI_AFFINITY_INFO_64, 1, 1, 0),
			 PSCI_INVALID_PARAMS);
	assert_int_equal(smc_on(0, PSCI_AFFINITY_INFO_64, 2, 0, 0),
			 PSCI_INVALID_PARAMS);
	assert_int_equal(smc_on(2, PSCI_AFFINITY_INFO_64, 2, 0, 0), 0);
}

/* CPU_OFF parks; CPU_ON from a sibling brings it back at the new entry */
static void cpu_on_from_cpu0(const char *what)
{
	struct trap_frame caller = { 0 };
	unsigned int self = hv_shim.cpu_id;

	(void)what;
	if (fake_arm64.waits < 3)
		return;
	hv_shim.cpu_id = 0;
	caller.x[0] = PSCI_CPU_ON_64;
	caller.x[1] = self;
	caller.x[2] = 0x40080000;
	caller.x[3] = 0x1234;
	psci_handle_smc(&caller);
	assert_int_equal(caller.x[0], PSCI_SUCCESS);
	hv_shim.cpu_id = self;
}

static void test_psci_cpu_off_on(void **state)
{
	(void)state;
	fake_arm64.wait_hook = cpu_on_from_cpu0;
	memset(frame.x, 0x77, sizeof(frame.x));
	frame.spsr = 0x3c4;
	assert_int_equal(smc_on(1, PSCI_CPU_OFF, 0, 0, 0), 0x1234);
	/* resumed at the entry with a clean frame, context in x0 */
	assert_int_equal(fake_per_cpu[1].psci_state, CPU_PSCI_ON);
	assert_int_equal(cpu_info[1].state, JAILHOUSE_CPU_RUNNING);
	assert_int_equal(frame.elr, 0x40080000);
	assert_int_equal(frame.x[1], 0);
	assert_int_equal(frame.x[30], 0);
	/* EL1h, DAIF masked, EL1 state reset (cpu-reset.c) */
	assert_int_equal(frame.spsr, 0x3c5);
	assert_int_equal(fake_arm64.el1_resets, 1);
	/* a root CPU: PMU and debug of Linux stay untrapped */
	assert_int_equal(fake_writes("mdcr_el2"), 1);
	assert_int_equal(fake_write_value("mdcr_el2", 0), 0);
	assert_true(fake_arm64.waits >= 3);
}

/* CPU_SUSPEND: standby until an interrupt comes, unless one waits */
static void test_psci_cpu_suspend(void **state)
{
	(void)state;
	fake_arm64.wait_hook = NULL;
	assert_int_equal(smc_on(1, 0xc4000001, 0x10000, 0x40080000, 0),
			 PSCI_SUCCESS);
	assert_int_equal(fake_arm64.waits, 1);
	assert_int_equal(frame.elr, 0x40001000);
	fake_per_cpu[1].virq_count = 1;
	assert_int_equal(smc_on(1, 0x84000001, 0, 0, 0), PSCI_SUCCESS);
	assert_int_equal(fake_arm64.waits, 1);
}

/* a parked CPU is switched off by firmware when the hypervisor goes */
static void test_psci_cpu_off_shutdown(void **state)
{
	(void)state;
	panic_waits = 0;
	fake_arm64.wait_hook = shut_down_later;
	if (!setjmp(escape)) {
		smc_on(3, PSCI_CPU_OFF, 0, 0, 0);
		fail_msg("a parked CPU came back");
	}
	assert_int_equal(fake_per_cpu[3].psci_state, CPU_PSCI_GONE);
	assert_int_equal(fake_arm64.smc_calls, 1);
	assert_int_equal(fake_arm64.smc[0].fid, PSCI_CPU_OFF);
}

static void cpu1_gone_later(void)
{
	if (hv_shim.relaxes == 5)
		fake_per_cpu[1].psci_state = CPU_PSCI_GONE;
}

static void test_psci_wait_parked_off(void **state)
{
	(void)state;
	fake_per_cpu[1].psci_state = CPU_PSCI_GONE;
	fake_per_cpu[1].mpidr = 0x1;
	fake_per_cpu[2].psci_state = CPU_PSCI_GONE;
	fake_per_cpu[2].mpidr = 0x2;
	/* firmware reports them off */
	fake_arm64.smc_ret = 1;
	psci_wait_parked_off();
	assert_false(cpu_info[1].online);
	assert_false(cpu_info[2].online);
	assert_true(cpu_info[0].online);
	assert_true(cpu_info[3].online);
	assert_int_equal(fake_arm64.smc_calls, 2);
	assert_int_equal(fake_arm64.smc[0].fid, PSCI_AFFINITY_INFO_64);
	assert_int_equal(fake_arm64.smc[0].a1, 0x1);
	assert_int_equal(fake_arm64.smc[1].a1, 0x2);

	/* a CPU on its way out is waited for */
	cpu_info[1].online = true;
	fake_per_cpu[1].psci_state = CPU_PSCI_OFF;
	fake_arm64.smc_calls = 0;
	hv_shim.relax_hook = cpu1_gone_later;
	psci_wait_parked_off();
	hv_shim.relax_hook = NULL;
	assert_false(cpu_info[1].online);
	assert_int_equal(fake_per_cpu[1].psci_state, CPU_PSCI_GONE);
	assert_int_equal(hv_shim.relaxes, 5);
	assert_int_equal(fake_arm64.smc_calls, 1);

	/* one that never goes off is given up on, with a message */
	fake_per_cpu[1].psci_state = CPU_PSCI_GONE;
	cpu_info[1].online = true;
	fake_arm64.smc_calls = 0;
	fake_arm64.smc_ret = 0;
	psci_wait_parked_off();
	assert_false(cpu_info[1].online);
	assert_true(fake_arm64.smc_calls > 1);
	assert_true(console_has("did not power off"));
}

static void test_psci_system(void **state)
{
	(void)state;
	/* the root cell may switch the system off or reset it */
	fake_arm64.smc_ret = 0;
	assert_int_equal(smc_on(0, PSCI_SYSTEM_RESET, 0, 0, 0), 0);
	assert_int_equal(fake_arm64.smc_calls, 1);
	assert_int_equal(fake_arm64.smc[0].fid, PSCI_SYSTEM_RESET);
	assert_int_equal(smc_on(1, PSCI_SYSTEM_OFF, 0, 0, 0), 0);
	assert_int_equal(fake_arm64.smc[1].fid, PSCI_SYSTEM_OFF);
	/*
	 * Another cell's stop that cell only: the calling CPU parks (until
	 * the hypervisor shuts down here), firmware never hears of it.
	 */
	other.state = JAILHOUSE_CELL_RUNNING;
	panic_waits = 0;
	fake_arm64.wait_hook = shut_down_later;
	if (!setjmp(escape)) {
		smc_on(2, PSCI_SYSTEM_OFF, 0, 0, 0);
		fail_msg("SYSTEM_OFF returned into the cell");
	}
	assert_int_equal(other.state, JAILHOUSE_CELL_SHUT_DOWN);
	assert_true(console_has("asked for a system off (PSCI)"));
	assert_int_equal(fake_arm64.smc_calls, 3);
	assert_int_equal(fake_arm64.smc[2].fid, PSCI_CPU_OFF);
}

/* SiP, OEM and trusted OS/app fast calls: the root cell's go through */
static void test_smc_forwarding(void **state)
{
	static const struct {
		u32 fid;
		bool forward;
	} cases[] = {
		{ 0xc2000001, true },	/* SiP, 64 bit */
		{ 0x82000010, true },	/* SiP, 32 bit */
		{ 0xc3000000, true },	/* OEM */
		{ 0xb2000000, true },	/* trusted OS (OP-TEE) */
		{ 0xbf00ffff, true },	/* trusted OS, last owner */
		{ 0xf0000001, true },	/* trusted app */
		{ 0x02000001, false },	/* SiP, but a yielding call */
		{ 0xc4000020, false },	/* standard service, unknown */
		{ 0xc5000000, false },	/* standard hypervisor service */
		{ 0xc6000000, false },	/* vendor hypervisor service */
		{ 0x81000000, false },	/* CPU service */
	};
	unsigned int n, forwards = 0;
	long ret;

	(void)state;
	for (n = 0; n < ARRAY_SIZE(cases); n++) {
		ret = smc_on(0, cases[n].fid, 1, 2, 3);
		if (cases[n].forward) {
			forwards++;
			/* the firmware's answer, unchanged by us */
			assert_int_equal(frame.x[0], cases[n].fid);
		} else {
			assert_int_equal(ret, PSCI_NOT_SUPPORTED);
		}
		if (fake_arm64.smc_forwards != forwards)
			fail_msg("0x%08x: %s", cases[n].fid, cases[n].forward ?
				 "not forwarded" : "forwarded");
		/* never for another cell */
		assert_int_equal(smc_on(2, cases[n].fid, 1, 2, 3),
				 PSCI_NOT_SUPPORTED);
		assert_int_equal(fake_arm64.smc_forwards, forwards);
	}
}

/* ---- the CPU side of cell management ---- */

static void test_cpu_parked(void **state)
{
	static const struct {
		u32 psci_state;
		bool parked;
	} cases[] = {
		{ CPU_PSCI_ON, false }, { CPU_PSCI_OFF, true },
		{ CPU_PSCI_ON_PENDING, false }, { CPU_PSCI_FAILED, true },
		{ CPU_PSCI_GONE, false },
	};
	unsigned int n;

	(void)state;
	for (n = 0; n < ARRAY_SIZE(cases); n++) {
		fake_per_cpu[2].psci_state = cases[n].psci_state;
		assert_int_equal(arch_cpu_parked(2), cases[n].parked);
	}
	assert_false(arch_cpu_parked(num_cpu_slots));
	assert_false(arch_cpu_parked(HV_MAX_CPUS));
	assert_false(arch_cpu_parked(~0U));
}

/* a parked CPU moves to another cell: a failure is forgotten */
static void test_cpu_reassigned(void **state)
{
	(void)state;
	fake_per_cpu[2].psci_state = CPU_PSCI_FAILED;
	fake_per_cpu[2].park_request = 1;
	arch_cpu_reassigned(2);
	assert_int_equal(fake_per_cpu[2].psci_state, CPU_PSCI_OFF);
	assert_int_equal(fake_per_cpu[2].park_request, 0);
	fake_per_cpu[3].psci_state = CPU_PSCI_OFF;
	arch_cpu_reassigned(3);
	assert_int_equal(fake_per_cpu[3].psci_state, CPU_PSCI_OFF);
}

/* the first CPU of the cell enters at the entry, the others stay off */
static void test_start_cell_cpus(void **state)
{
	(void)state;
	cpu_info[3].cell = &other;
	cpu_set_del(&root_cell.cpus, 3);
	cpu_set_add(&other.cpus, 3);
	fake_per_cpu[2].psci_state = CPU_PSCI_OFF;
	fake_per_cpu[2].psci_context = 0x55;
	fake_per_cpu[3].psci_state = CPU_PSCI_FAILED;
	fake_per_cpu[3].park_request = 1;
	arch_start_cell_cpus(&other, 0x1000);
	assert_int_equal(fake_per_cpu[2].psci_state, CPU_PSCI_ON_PENDING);
	assert_int_equal(fake_per_cpu[2].psci_entry, 0x1000);
	assert_int_equal(fake_per_cpu[2].psci_context, 0);
	assert_int_equal(fake_per_cpu[3].psci_state, CPU_PSCI_OFF);
	assert_int_equal(fake_per_cpu[3].park_request, 0);
	/* the root cell's CPUs are not touched */
	assert_int_equal(fake_per_cpu[1].psci_state, CPU_PSCI_ON);
}

/* a running CPU of the cell parks when it is kicked (here: after 3 polls) */
static void cpu2_parks_later(void)
{
	if (hv_shim.relaxes == 3) {
		assert_int_equal(fake_per_cpu[2].park_request, 1);
		fake_per_cpu[2].psci_state = CPU_PSCI_OFF;
		fake_per_cpu[2].park_request = 0;
	}
}

static void test_park_cell_cpus(void **state)
{
	(void)state;
	cpu_info[3].cell = &other;
	cpu_set_del(&root_cell.cpus, 3);
	cpu_set_add(&other.cpus, 3);
	fake_per_cpu[2].psci_state = CPU_PSCI_ON;
	fake_per_cpu[3].psci_state = CPU_PSCI_FAILED;
	hv_shim.relax_hook = cpu2_parks_later;
	arch_park_cell_cpus(&other);
	hv_shim.relax_hook = NULL;
	assert_int_equal(hv_shim.relaxes, 3);
	assert_int_equal(fake_per_cpu[2].psci_state, CPU_PSCI_OFF);
	/* a failed one stays failed */
	assert_int_equal(fake_per_cpu[3].psci_state, CPU_PSCI_FAILED);
	/* the root cell's CPUs keep running */
	assert_int_equal(fake_per_cpu[0].psci_state, CPU_PSCI_ON);
	assert_int_equal(fake_per_cpu[0].park_request, 0);

	/* all parked already: nothing to wait for */
	arch_park_cell_cpus(&other);
	assert_int_equal(hv_shim.relaxes, 3);
}

/* ---- trap configuration and sysreg-emul.c ---- */

static void test_trap_config(void **state)
{
	(void)state;
	/* TSW, TACR, TIDCP for every cell */
	assert_int_equal(sysreg_trap_hcr(0x80000019), 0x80700019);
	/* root: MDCR as Linux left it, non-root: HPMN kept, all trapped */
	assert_int_equal(sysreg_trap_mdcr(0x46, true), 0x46);
	assert_int_equal(sysreg_trap_mdcr(0x46, false), 0xe66);
	assert_int_equal(sysreg_trap_mdcr(0x1f, false), 0xe7f);
	/* FP never trapped, trace for non-root cells */
	assert_int_equal(sysreg_trap_cptr(0x33ff, true), 0x33ff & ~0x400);
	assert_int_equal(sysreg_trap_cptr(0x33ff, false),
			 (0x33ff & ~0x400) | BIT(20));

	fake_per_cpu[2].stub_mdcr = 0x4;
	fake_per_cpu[2].stub_cptr = 0x33ff;
	fake_per_cpu[2].emul_reported = 7;
	sysreg_traps_init(&fake_per_cpu[2]);
	assert_int_equal(fake_sysreg_get("mdcr_el2"), 0xe64);
	assert_int_equal(fake_sysreg_get("cptr_el2"), (0x33ff & ~0x400) | BIT(20));
	assert_int_equal(fake_per_cpu[2].emul_reported, 0);
}

static void test_sysreg_classes(void **state)
{
	static const struct {
		unsigned int op0, op1, crn, crm, op2;
		enum sysreg_class class;
	} cases[] = {
		{ 1, 0, 7, 6, 2, SYSREG_SETWAY },	/* DC ISW */
		{ 1, 0, 7, 10, 2, SYSREG_SETWAY },	/* DC CSW */
		{ 1, 0, 7, 14, 2, SYSREG_SETWAY },	/* DC CISW */
		{ 1, 0, 7, 14, 1, SYSREG_OTHER },	/* DC CIVAC is op1 3 */
		{ 3, 0, 1, 0, 1, SYSREG_ACTLR },
		{ 3, 0, 1, 0, 0, SYSREG_OTHER },	/* SCTLR_EL1 */
		{ 3, 1, 15, 2, 0, SYSREG_IMPDEF },	/* CPUACTLR_EL1 */
		{ 3, 1, 11, 0, 2, SYSREG_IMPDEF },	/* L2CTLR_EL1 */
		{ 3, 3, 9, 12, 0, SYSREG_PMU },		/* PMCR_EL0 */
		{ 3, 3, 9, 13, 0, SYSREG_PMU },		/* PMCCNTR_EL0 */
		{ 3, 3, 9, 14, 0, SYSREG_PMU },		/* PMUSERENR_EL0 */
		{ 3, 3, 14, 8, 3, SYSREG_PMU },		/* PMEVCNTR3_EL0 */
		{ 3, 3, 14, 15, 7, SYSREG_PMU },	/* PMCCFILTR_EL0 */
		{ 3, 0, 9, 14, 1, SYSREG_PMU },		/* PMINTENSET_EL1 */
		{ 3, 3, 14, 0, 0, SYSREG_OTHER },	/* CNTFRQ_EL0 */
		{ 2, 0, 0, 2, 2, SYSREG_DEBUG },	/* MDSCR_EL1 */
		{ 2, 0, 0, 0, 5, SYSREG_DEBUG },	/* DBGBCR0_EL1 */
		{ 2, 0, 1, 0, 4, SYSREG_DEBUG },	/* OSLAR_EL1 */
		{ 2, 0, 1, 0, 0, SYSREG_DEBUG },	/* MDRAR_EL1 */
		{ 2, 1, 0, 1, 0, SYSREG_TRACE },	/* TRCPRGCTLR */
	};
	unsigned int n;

	(void)state;
	for (n = 0; n < ARRAY_SIZE(cases); n++) {
		u64 iss = ESR_ISS(sysreg_esr(cases[n].op0, cases[n].op1,
					     cases[n].crn, cases[n].crm,
					     cases[n].op2, 4, true));
		if (sysreg_classify(iss) != cases[n].class)
			fail_msg("case %u: class %d, expected %d", n,
				 sysreg_classify(iss), cases[n].class);
	}
}

static void test_sysreg_answers(void **state)
{
	(void)state;
	/* DC CISW with the operand, for any cell */
	frame.x[5] = 0x80000042;
	trap_on(2, sysreg_esr(1, 0, 7, 6, 2, 5, false));
	assert_int_equal(fake_arm64.setway_ops, 1);
	assert_int_equal(fake_arm64.last_setway, 0x80000042);
	assert_int_equal(frame.elr, 0x40001004);

	/* ACTLR_EL1: zero, writes ignored, one report */
	frame.x[7] = 0x1234;
	trap_on(2, sysreg_esr(3, 0, 1, 0, 1, 7, true));
	assert_int_equal(frame.x[7], 0);
	trap_on(2, sysreg_esr(3, 0, 1, 0, 1, 7, false));
	assert_int_equal(frame.elr, 0x4000100c);
	assert_true(console_has("ACTLR_EL1 read"));
	assert_false(console_has("ACTLR_EL1 write"));

	/* PMU and debug of a non-root cell: zero, ignored, reported */
	frame.x[3] = ~0ULL;
	trap_on(2, sysreg_esr(3, 3, 9, 12, 0, 3, true));
	assert_int_equal(frame.x[3], 0);
	assert_true(console_has("PMU register read"));
	frame.x[3] = ~0ULL;
	trap_on(2, sysreg_esr(2, 0, 0, 0, 5, 3, true));
	assert_int_equal(frame.x[3], 0);
	trap_on(2, sysreg_esr(2, 0, 0, 2, 2, 3, false));
	assert_true(console_has("debug register read"));
	assert_int_equal(frame.elr, 0x40001018);

	/* impl-defined: root reads zero, others are parked */
	frame.x[1] = 5;
	trap_on(0, sysreg_esr(3, 1, 15, 2, 0, 1, true));
	assert_int_equal(frame.x[1], 0);
	assert_true(console_has("implementation-defined register read"));
	if (!setjmp(escape)) {
		trap_on(2, sysreg_esr(3, 1, 11, 0, 2, 1, true));
		fail_msg("returned from a violation");
	}
	expect_parked_failed(2);

	/* trace registers of a non-root cell: violation */
	fake_per_cpu[2].psci_state = CPU_PSCI_ON;
	if (!setjmp(escape)) {
		trap_on(2, sysreg_esr(2, 1, 0, 1, 0, 1, true));
		fail_msg("returned from a violation");
	}
	expect_parked_failed(2);

	/* the root's PMU accesses are never trapped: if so, a violation */
	fake_per_cpu[1].psci_state = CPU_PSCI_ON;
	if (!setjmp(escape)) {
		trap_on(1, sysreg_esr(3, 3, 9, 12, 0, 1, true));
		fail_msg("returned from a violation");
	}
	expect_parked_failed(1);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_dabt_write),
		T(test_dabt_read),
		T(test_dabt_address),
		T(test_dabt_violations),
		T(test_hvc),
		T(test_smc_trap),
		T(test_sgi_trap),
		T(test_other_traps),
		T(test_panics),
		T(test_panic_then_shutdown),
		T(test_psci_info),
		T(test_psci_cpu_on),
		T(test_psci_affinity_info),
		T(test_psci_cpu_off_on),
		T(test_psci_cpu_suspend),
		T(test_psci_cpu_off_shutdown),
		T(test_psci_wait_parked_off),
		T(test_psci_system),
		T(test_smc_forwarding),
		T(test_cpu_parked),
		T(test_cpu_reassigned),
		T(test_start_cell_cpus),
		T(test_park_cell_cpus),
		T(test_trap_config),
		T(test_sysreg_classes),
		T(test_sysreg_answers),
	};

	return cmocka_run_group_tests_name("traps_psci", tests, group_setup,
					   group_teardown);
}
