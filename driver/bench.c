// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse-bench.ko: events for the path-length benchmarks
 * (tests/scenarios/test_bench.py), each a loop of one kind of trap into
 * the hypervisor, run on the CPU that writes the command, between two
 * markers that the el2-count QEMU plugin (sim/plugin/el2-count.c) takes
 * snapshots on:
 *
 *   hint #0x70		window begins (marker 0)
 *   hint #0x71		window ends (marker 1)
 *
 * Writing to /sys/kernel/jailhouse_bench/run:
 *
 *   hvc N		N HYPERVISOR_GET_INFO(NUM_CELLS) hypercalls
 *   gicd N		N reads of GICD_TYPER (the root's GICD is trapped)
 *   sgi N CPU		N smp_call_function_single() to CPU, waiting: one
 *			SGI (ICC_SGI1R_EL1 write) each
 *   psci N		N PSCI_VERSION calls (SMC)
 *   doorbell N PEER	N ivshmem doorbells to PEER, each waiting for the
 *			answer of the ivshmem-demo inmate in echo mode (its
 *			count in the word at ivshmem_echo, then a doorbell
 *			back): a round trip each.  ivshmem_regs is the
 *			physical address of the root's register page (BAR 0
 *			of the device); the root's INT_CONTROL is on during
 *			the loop, so the answer interrupts the root too.
 *   begin CPU, end CPU	just the marker, for windows the shell spans
 *
 * Around every window the module reads the hypervisor's counters
 * (CPU_GET_INFO: VM exits total, injected interrupts) of the CPU the
 * events happen on: of the writing CPU for a loop, of CPU for begin/end.
 * The read of the total is the instruction next to the marker, so the
 * hypervisor's count and the plugin's count of entries cover the same
 * stretch of that CPU's time.  Reading /sys/kernel/jailhouse_bench/result
 * gives
 *
 *   cmd=hvc cpu=1 n=100 before=X after=Y virq_before=V virq_after=W err=0
 *
 * (for a loop on the writing CPU, Y also counts the exit of the read
 * itself; V and W are read one hypercall further out than X and Y).
 * Preemption is off during a loop; interrupts are not masked, so the
 * root's own interrupts still come in and show up in the window.
 * The module is a test tool: any root cell code can do the same.
 */
#define pr_fmt(fmt) "jailhouse-bench: " fmt

#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include <jailhouse/hypercall.h>

#include "hypercall-arm64.h"

#define GICD_TYPER		0x0004
#define PSCI_0_2_VERSION	0x84000000UL
#define IVSHMEM_INT_CTRL	0x08
#define IVSHMEM_DOORBELL	0x0c
/* guest time for an echo before a doorbell loop gives up */
#define ECHO_TIMEOUT_NS		(100 * NSEC_PER_MSEC)

static unsigned long gicd_phys = 0x08000000;
module_param(gicd_phys, ulong, 0444);
MODULE_PARM_DESC(gicd_phys, "physical address of the GIC distributor");

static unsigned long ivshmem_regs;
module_param(ivshmem_regs, ulong, 0644);
MODULE_PARM_DESC(ivshmem_regs, "physical address of the root's ivshmem register page, for doorbell");

static unsigned long ivshmem_echo;
module_param(ivshmem_echo, ulong, 0644);
MODULE_PARM_DESC(ivshmem_echo, "physical address of the echoing peer's count, for doorbell");

/* mapped for one doorbell command */
static void __iomem *ivshmem;
static u32 *echo_count;

static struct kobject *bench_kobj;
static void __iomem *gicd;
static DEFINE_MUTEX(bench_lock);
static char last_result[192] = "none\n";

static inline void mark_begin(void)
{
	asm volatile("hint #0x70" : : : "memory");
}

static inline void mark_end(void)
{
	asm volatile("hint #0x71" : : : "memory");
}

static unsigned long stat_of(unsigned int cpu, unsigned int stat)
{
	return jailhouse_hvc(JAILHOUSE_HC_CPU_GET_INFO, cpu,
			     JAILHOUSE_CPU_INFO_STAT_BASE + stat);
}

/* the hypervisor's counters of a CPU: all exits, injected interrupts */
struct exits {
	unsigned long total;
	unsigned long virq;
};

/* total read last: it is what the marker after it must be next to */
static void exits_before(unsigned int cpu, struct exits *e)
{
	e->virq = stat_of(cpu, JAILHOUSE_CPU_STAT_VMEXITS_VIRQ);
	e->total = stat_of(cpu, JAILHOUSE_CPU_STAT_VMEXITS_TOTAL);
}

/* total read first, right after the marker */
static void exits_after(unsigned int cpu, struct exits *e)
{
	e->total = stat_of(cpu, JAILHOUSE_CPU_STAT_VMEXITS_TOTAL);
	e->virq = stat_of(cpu, JAILHOUSE_CPU_STAT_VMEXITS_VIRQ);
}

static unsigned long psci_version(void)
{
	register unsigned long x0 asm("x0") = PSCI_0_2_VERSION;

	asm volatile("smc #0"
		     : "+r" (x0)
		     :
		     : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
		       "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17",
		       "cc", "memory");
	return x0;
}

static void sgi_target(void *unused)
{
}

/* one doorbell to @peer and the wait for its echo */
static int doorbell_round_trip(unsigned int peer)
{
	u32 count = READ_ONCE(*echo_count);
	u64 deadline = ktime_get_ns() + ECHO_TIMEOUT_NS;

	writel(peer << 16, ivshmem + IVSHMEM_DOORBELL);
	while (READ_ONCE(*echo_count) == count) {
		if (ktime_get_ns() > deadline)
			return -ETIMEDOUT;
		cpu_relax();
	}
	return 0;
}

static int doorbell_map(void)
{
	if (!ivshmem_regs || !ivshmem_echo)
		return -ENODEV;
	ivshmem = ioremap(ivshmem_regs, PAGE_SIZE);
	if (!ivshmem)
		return -ENOMEM;
	echo_count = memremap(ivshmem_echo, sizeof(*echo_count), MEMREMAP_WB);
	if (!echo_count) {
		iounmap(ivshmem);
		return -ENOMEM;
	}
	return 0;
}

static void doorbell_unmap(void)
{
	memunmap(echo_count);
	iounmap(ivshmem);
}

enum bench_cmd {
	CMD_HVC, CMD_GICD, CMD_SGI, CMD_PSCI, CMD_DOORBELL, CMD_BEGIN, CMD_END
};

static const char *const cmd_names[] = {
	[CMD_HVC] = "hvc", [CMD_GICD] = "gicd", [CMD_SGI] = "sgi",
	[CMD_PSCI] = "psci", [CMD_DOORBELL] = "doorbell", [CMD_BEGIN] = "begin",
	[CMD_END] = "end",
};

/* runs with preemption off, on @cpu */
static int bench_loop(enum bench_cmd cmd, unsigned long n, unsigned int arg,
		      unsigned int cpu, struct exits *before,
		      struct exits *after)
{
	unsigned long i;
	int err = 0;

	exits_before(cpu, before);
	mark_begin();
	for (i = 0; i < n && !err; i++) {
		switch (cmd) {
		case CMD_HVC:
			jailhouse_hvc(JAILHOUSE_HC_HYPERVISOR_GET_INFO,
				      JAILHOUSE_INFO_NUM_CELLS, 0);
			break;
		case CMD_GICD:
			readl_relaxed(gicd + GICD_TYPER);
			break;
		case CMD_SGI:
			err = smp_call_function_single(arg, sgi_target, NULL,
						       1);
			break;
		case CMD_PSCI:
			psci_version();
			break;
		case CMD_DOORBELL:
			err = doorbell_round_trip(arg);
			break;
		default:
			err = -EINVAL;
			break;
		}
	}
	mark_end();
	exits_after(cpu, after);
	return err;
}

static int bench_run(enum bench_cmd cmd, unsigned long n, unsigned int arg)
{
	struct exits before, after;
	unsigned int cpu;
	int err = 0;

	/* begin/end name a hypervisor CPU, maybe one a cell has taken */
	if (cmd == CMD_SGI && (arg >= nr_cpu_ids || !cpu_online(arg)))
		return -EINVAL;

	cpu = get_cpu();
	if (cmd == CMD_SGI && arg == cpu) {
		put_cpu();
		return -EINVAL;
	}
	switch (cmd) {
	case CMD_BEGIN:
		exits_before(arg, &before);
		mark_begin();
		after = before;
		cpu = arg;
		break;
	case CMD_END:
		mark_end();
		exits_after(arg, &after);
		before = after;
		cpu = arg;
		break;
	default:
		err = bench_loop(cmd, n, arg, cpu, &before, &after);
		break;
	}
	put_cpu();

	snprintf(last_result, sizeof(last_result),
		 "cmd=%s cpu=%u n=%lu before=%lu after=%lu virq_before=%lu "
		 "virq_after=%lu err=%d\n", cmd_names[cmd], cpu, n,
		 before.total, after.total, before.virq, after.virq, err);
	return err;
}

/* the mappings may sleep: made here, outside the loop's atomic stretch */
static int bench_doorbell(unsigned long n, unsigned int peer)
{
	u32 int_ctrl;
	int err;

	err = doorbell_map();
	if (err)
		return err;
	int_ctrl = readl(ivshmem + IVSHMEM_INT_CTRL);
	writel(1, ivshmem + IVSHMEM_INT_CTRL);
	err = bench_run(CMD_DOORBELL, n, peer);
	writel(int_ctrl, ivshmem + IVSHMEM_INT_CTRL);
	doorbell_unmap();
	return err;
}

static ssize_t run_store(struct kobject *kobj, struct kobj_attribute *attr,
			 const char *buf, size_t count)
{
	char name[9];
	unsigned long n = 0;
	unsigned int arg = 0;
	enum bench_cmd cmd;
	int fields, err;

	fields = sscanf(buf, "%8s %lu %u", name, &n, &arg);
	if (fields < 2)
		return -EINVAL;
	for (cmd = 0; cmd < ARRAY_SIZE(cmd_names); cmd++)
		if (!strcmp(name, cmd_names[cmd]))
			break;
	if (cmd == ARRAY_SIZE(cmd_names))
		return -EINVAL;
	/* begin/end take the CPU as their one number */
	if (cmd == CMD_BEGIN || cmd == CMD_END) {
		arg = n;
		n = 0;
	} else if ((cmd == CMD_SGI || cmd == CMD_DOORBELL) && fields < 3) {
		return -EINVAL;
	}
	if (n > 1000000)
		return -E2BIG;

	mutex_lock(&bench_lock);
	if (cmd == CMD_DOORBELL)
		err = bench_doorbell(n, arg);
	else
		err = bench_run(cmd, n, arg);
	mutex_unlock(&bench_lock);
	return err ? err : count;
}

static ssize_t result_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	ssize_t len;

	mutex_lock(&bench_lock);
	len = sysfs_emit(buf, "%s", last_result);
	mutex_unlock(&bench_lock);
	return len;
}

static struct kobj_attribute run_attr = __ATTR_WO(run);
static struct kobj_attribute result_attr = __ATTR_RO(result);

static struct attribute *bench_attrs[] = {
	&run_attr.attr,
	&result_attr.attr,
	NULL,
};

static const struct attribute_group bench_group = {
	.attrs = bench_attrs,
};

static int __init bench_init(void)
{
	int err;

	gicd = ioremap(gicd_phys, 0x10000);
	if (!gicd)
		return -ENOMEM;

	bench_kobj = kobject_create_and_add("jailhouse_bench", kernel_kobj);
	if (!bench_kobj) {
		iounmap(gicd);
		return -ENOMEM;
	}
	err = sysfs_create_group(bench_kobj, &bench_group);
	if (err) {
		kobject_put(bench_kobj);
		iounmap(gicd);
	}
	return err;
}

static void __exit bench_exit(void)
{
	sysfs_remove_group(bench_kobj, &bench_group);
	kobject_put(bench_kobj);
	iounmap(gicd);
}

module_init(bench_init);
module_exit(bench_exit);

MODULE_DESCRIPTION("Trap loops between el2-count markers, for benchmarks");
MODULE_LICENSE("GPL");
