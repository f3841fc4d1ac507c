// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/devices/jailhouse: state of the hypervisor, its memory pools, its
 * console and its cells (cells/<id>/...).
 */
#define pr_fmt(fmt) "jailhouse: " fmt

#include <linux/cpumask.h>
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include <jailhouse/hypercall.h>
#include <jailhouse/ioctl.h>

#include "hypercall-arm64.h"
#include "jh-driver.h"

static struct kobject *cells_dir;

/*
 * A hypercall on behalf of a sysfs reader: only while the hypervisor is
 * there, which hv_sem keeps so for the duration of the call.
 */
static long jailhouse_sysfs_hvc(unsigned long code, unsigned long arg1,
				unsigned long arg2)
{
	long ret = -ENODEV;

	down_read(&jailhouse.hv_sem);
	if (jailhouse.enabled)
		ret = (long)jailhouse_hvc(code, arg1, arg2);
	up_read(&jailhouse.hv_sem);
	return ret;
}

/*
 * The files of /sys/devices/jailhouse, one table entry each: what a file
 * shows is its kind, plus the HYPERVISOR_GET_INFO type for pool files.
 */
enum jailhouse_dev_kind {
	JH_DEV_ENABLED,		/* 0 or 1 */
	JH_DEV_INFO,		/* a HYPERVISOR_GET_INFO value, 0 if disabled */
	JH_DEV_CONSOLE,		/* the hypervisor's console ring */
};

struct jailhouse_dev_file {
	struct device_attribute attr;
	enum jailhouse_dev_kind kind;
	unsigned long info_type;
};

static ssize_t jailhouse_dev_info(char *buf, unsigned long type)
{
	long value = 0;

	if (mutex_lock_interruptible(&jailhouse.lock))
		return -EINTR;
	if (jailhouse.enabled)
		value = (long)jailhouse_hvc(JAILHOUSE_HC_HYPERVISOR_GET_INFO,
					    type, 0);
	mutex_unlock(&jailhouse.lock);

	if (value < 0)
		return value;
	return sysfs_emit(buf, "%ld\n", value);
}

static ssize_t jailhouse_dev_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	const struct jailhouse_dev_file *file =
		container_of(attr, struct jailhouse_dev_file, attr);
	ssize_t len;

	switch (file->kind) {
	case JH_DEV_ENABLED:
		return sysfs_emit(buf, "%d\n", jailhouse.enabled ? 1 : 0);
	case JH_DEV_INFO:
		return jailhouse_dev_info(buf, file->info_type);
	case JH_DEV_CONSOLE:
		if (mutex_lock_interruptible(&jailhouse.lock))
			return -EINTR;
		len = jailhouse_console_read(buf, PAGE_SIZE);
		mutex_unlock(&jailhouse.lock);
		return len;
	}
	return -EINVAL;
}

#define JH_DEV_FILE(_name, _kind, _type)				\
	{								\
		.attr = __ATTR(_name, 0444, jailhouse_dev_show, NULL),	\
		.kind = (_kind),					\
		.info_type = (_type),					\
	}

static struct jailhouse_dev_file jailhouse_dev_files[] = {
	JH_DEV_FILE(enabled, JH_DEV_ENABLED, 0),
	JH_DEV_FILE(mem_pool_size, JH_DEV_INFO, JAILHOUSE_INFO_MEM_POOL_SIZE),
	JH_DEV_FILE(mem_pool_used, JH_DEV_INFO, JAILHOUSE_INFO_MEM_POOL_USED),
	JH_DEV_FILE(remap_pool_size, JH_DEV_INFO,
		    JAILHOUSE_INFO_REMAP_POOL_SIZE),
	JH_DEV_FILE(remap_pool_used, JH_DEV_INFO,
		    JAILHOUSE_INFO_REMAP_POOL_USED),
	JH_DEV_FILE(console, JH_DEV_CONSOLE, 0),
};

/* filled from the table by jailhouse_sysfs_init() */
static struct attribute *jailhouse_attrs[ARRAY_SIZE(jailhouse_dev_files) + 1];

static const struct attribute_group jailhouse_attr_group = {
	.attrs = jailhouse_attrs,
};

/* the files of cells/<id>/, one table entry each */
enum jailhouse_cell_kind {
	JH_CELL_NAME,
	JH_CELL_STATE,
	JH_CELL_CPUS_ASSIGNED,
	JH_CELL_CPUS_FAILED,	/* assigned CPUs the hypervisor says failed */
	JH_CELL_LOADABLE,	/* the config's loadable memory */
};

struct jailhouse_cell_file {
	struct kobj_attribute attr;
	enum jailhouse_cell_kind kind;
	bool as_list;		/* CPU sets: "0-1,3" rather than a bitmap */
};

static struct jailhouse_cell *kobj_to_cell(struct kobject *kobj)
{
	return container_of(kobj, struct jailhouse_cell, kobj);
}

static const char *jailhouse_state_name(long state)
{
	switch (state) {
	case JAILHOUSE_CELL_RUNNING:
		return "running";
	case JAILHOUSE_CELL_RUNNING_LOCKED:
		return "running/locked";
	case JAILHOUSE_CELL_SHUT_DOWN:
		return "shut down";
	case JAILHOUSE_CELL_FAILED:
		return "failed";
	case JAILHOUSE_CELL_FAILED_COMM_REV:
		return "failed/commreg";
	default:
		return "invalid";
	}
}

static ssize_t jailhouse_emit_cpus(char *buf, const struct cpumask *mask,
				   bool as_list)
{
	if (as_list)
		return sysfs_emit(buf, "%*pbl\n", cpumask_pr_args(mask));
	return sysfs_emit(buf, "%*pb\n", cpumask_pr_args(mask));
}

static ssize_t jailhouse_emit_failed(struct jailhouse_cell *cell, char *buf,
				     bool as_list)
{
	cpumask_var_t failed;
	unsigned int cpu;
	ssize_t len;

	if (!zalloc_cpumask_var(&failed, GFP_KERNEL))
		return -ENOMEM;
	for_each_cpu(cpu, &cell->cpus_assigned)
		if (jailhouse_sysfs_hvc(JAILHOUSE_HC_CPU_GET_INFO, cpu,
					JAILHOUSE_CPU_INFO_STATE) ==
		    JAILHOUSE_CPU_FAILED)
			cpumask_set_cpu(cpu, failed);
	len = jailhouse_emit_cpus(buf, failed, as_list);
	free_cpumask_var(failed);
	return len;
}

/*
 * "ADDRESS SIZE" (cell addresses, hex) of each loadable memory region of
 * the cell's configuration, one a line: what "cell load" may write, so
 * that the tool can check an image's extent beyond its file (the kernel's
 * image_size) before anything is stopped or written.
 */
static ssize_t jailhouse_emit_loadable(struct jailhouse_cell *cell, char *buf)
{
	const struct jailhouse_memory *mem =
		jailhouse_cell_mem_regions(cell->config);
	ssize_t len = 0;
	u32 n;

	for (n = 0; n < cell->config->num_memory_regions; n++, mem++) {
		if (!(mem->flags & JAILHOUSE_MEM_LOADABLE) ||
		    (mem->flags & JAILHOUSE_MEM_COMM_REGION) || !mem->size)
			continue;
		len += sysfs_emit_at(buf, len, "0x%llx 0x%llx\n",
				     mem->virt_start, mem->size);
	}
	return len;
}

static ssize_t jailhouse_cell_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	const struct jailhouse_cell_file *file =
		container_of(attr, struct jailhouse_cell_file, attr);
	struct jailhouse_cell *cell = kobj_to_cell(kobj);

	switch (file->kind) {
	case JH_CELL_NAME:
		return sysfs_emit(buf, "%s\n", cell->name);
	case JH_CELL_STATE:
		return sysfs_emit(buf, "%s\n", jailhouse_state_name(
				jailhouse_sysfs_hvc(JAILHOUSE_HC_CELL_GET_STATE,
						    cell->id, 0)));
	case JH_CELL_CPUS_ASSIGNED:
		return jailhouse_emit_cpus(buf, &cell->cpus_assigned,
					   file->as_list);
	case JH_CELL_CPUS_FAILED:
		return jailhouse_emit_failed(cell, buf, file->as_list);
	case JH_CELL_LOADABLE:
		return jailhouse_emit_loadable(cell, buf);
	}
	return -EINVAL;
}

#define JH_CELL_FILE(_name, _kind, _list)				\
	{								\
		.attr = __ATTR(_name, 0444, jailhouse_cell_show, NULL),	\
		.kind = (_kind),					\
		.as_list = (_list),					\
	}

static struct jailhouse_cell_file jailhouse_cell_files[] = {
	JH_CELL_FILE(name, JH_CELL_NAME, false),
	JH_CELL_FILE(state, JH_CELL_STATE, false),
	JH_CELL_FILE(cpus_assigned, JH_CELL_CPUS_ASSIGNED, false),
	JH_CELL_FILE(cpus_assigned_list, JH_CELL_CPUS_ASSIGNED, true),
	JH_CELL_FILE(cpus_failed, JH_CELL_CPUS_FAILED, false),
	JH_CELL_FILE(cpus_failed_list, JH_CELL_CPUS_FAILED, true),
	JH_CELL_FILE(loadable, JH_CELL_LOADABLE, false),
};

/* filled from the table by jailhouse_sysfs_init() */
static struct attribute *cell_attrs[ARRAY_SIZE(jailhouse_cell_files) + 1];
ATTRIBUTE_GROUPS(cell);

static void jailhouse_cell_release(struct kobject *kobj)
{
	struct jailhouse_cell *cell = kobj_to_cell(kobj);

	if (cell->owns_config)
		kfree(cell->config);
	kfree(cell);
}

static struct kobj_type jailhouse_cell_type = {
	.release = jailhouse_cell_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = cell_groups,
};

/* statistics/<counter>: the sum over the cell's CPUs, one entry each */
struct jailhouse_stat_file {
	struct kobj_attribute attr;
	unsigned int code;	/* JAILHOUSE_CPU_STAT_* */
};

static ssize_t jailhouse_stat_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	const struct jailhouse_stat_file *file =
		container_of(attr, struct jailhouse_stat_file, attr);
	struct jailhouse_cell *cell =
		container_of(kobj, struct jailhouse_cell, stats_kobj);
	unsigned long long sum = 0;
	unsigned int cpu;
	long value;

	for_each_cpu(cpu, &cell->cpus_assigned) {
		value = jailhouse_sysfs_hvc(JAILHOUSE_HC_CPU_GET_INFO, cpu,
					    JAILHOUSE_CPU_INFO_STAT_BASE +
					    file->code);
		if (value < 0)
			return value;
		sum += value;
	}
	return sysfs_emit(buf, "%llu\n", sum);
}

#define JH_STAT_FILE(_name, _code)					\
	{								\
		.attr = __ATTR(_name, 0444, jailhouse_stat_show, NULL),	\
		.code = (_code),					\
	}

static struct jailhouse_stat_file jailhouse_stat_files[] = {
	JH_STAT_FILE(vmexits_total, JAILHOUSE_CPU_STAT_VMEXITS_TOTAL),
	JH_STAT_FILE(vmexits_mmio, JAILHOUSE_CPU_STAT_VMEXITS_MMIO),
	JH_STAT_FILE(vmexits_management,
		     JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT),
	JH_STAT_FILE(vmexits_hypercall, JAILHOUSE_CPU_STAT_VMEXITS_HYPERCALL),
	JH_STAT_FILE(vmexits_maintenance,
		     JAILHOUSE_CPU_STAT_VMEXITS_MAINTENANCE),
	JH_STAT_FILE(vmexits_virt_irq, JAILHOUSE_CPU_STAT_VMEXITS_VIRQ),
	JH_STAT_FILE(vmexits_virt_sgi, JAILHOUSE_CPU_STAT_VMEXITS_VSGI),
	JH_STAT_FILE(vmexits_psci, JAILHOUSE_CPU_STAT_VMEXITS_PSCI),
	JH_STAT_FILE(vmexits_smccc, JAILHOUSE_CPU_STAT_VMEXITS_SMCCC),
};

/* filled from the table by jailhouse_sysfs_init() */
static struct attribute *stats_attrs[ARRAY_SIZE(jailhouse_stat_files) + 1];
ATTRIBUTE_GROUPS(stats);

/* the memory belongs to the cell, which outlives its statistics */
static void jailhouse_stats_release(struct kobject *kobj)
{
}

static struct kobj_type jailhouse_stats_type = {
	.release = jailhouse_stats_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = stats_groups,
};

void jailhouse_cell_kobj_init(struct jailhouse_cell *cell)
{
	kobject_init(&cell->kobj, &jailhouse_cell_type);
}

int jailhouse_sysfs_cell_add(struct jailhouse_cell *cell)
{
	int err;

	err = kobject_add(&cell->kobj, cells_dir, "%u", cell->id);
	if (err)
		return err;
	err = kobject_init_and_add(&cell->stats_kobj, &jailhouse_stats_type,
				   &cell->kobj, "statistics");
	if (err) {
		kobject_put(&cell->stats_kobj);
		kobject_del(&cell->kobj);
		return err;
	}
	cell->in_sysfs = true;
	kobject_uevent(&cell->kobj, KOBJ_ADD);
	return 0;
}

void jailhouse_sysfs_cell_del(struct jailhouse_cell *cell)
{
	if (!cell->in_sysfs)
		return;
	kobject_del(&cell->stats_kobj);
	kobject_put(&cell->stats_kobj);
	kobject_del(&cell->kobj);
	cell->in_sysfs = false;
}

int jailhouse_sysfs_init(void)
{
	struct device *dev;
	unsigned int n;
	int err;

	/* the attribute lists of the three tables, NULL-terminated */
	for (n = 0; n < ARRAY_SIZE(jailhouse_dev_files); n++)
		jailhouse_attrs[n] = &jailhouse_dev_files[n].attr.attr;
	for (n = 0; n < ARRAY_SIZE(jailhouse_cell_files); n++)
		cell_attrs[n] = &jailhouse_cell_files[n].attr.attr;
	for (n = 0; n < ARRAY_SIZE(jailhouse_stat_files); n++)
		stats_attrs[n] = &jailhouse_stat_files[n].attr.attr;

	dev = root_device_register(JAILHOUSE_DEVICE_NAME);
	if (IS_ERR(dev))
		return PTR_ERR(dev);

	err = sysfs_create_group(&dev->kobj, &jailhouse_attr_group);
	if (err)
		goto out_unregister;

	cells_dir = kobject_create_and_add("cells", &dev->kobj);
	if (!cells_dir) {
		err = -ENOMEM;
		goto out_remove_group;
	}

	jailhouse.dev = dev;
	return 0;

out_remove_group:
	sysfs_remove_group(&dev->kobj, &jailhouse_attr_group);
out_unregister:
	root_device_unregister(dev);
	return err;
}

void jailhouse_sysfs_exit(void)
{
	kobject_put(cells_dir);
	sysfs_remove_group(&jailhouse.dev->kobj, &jailhouse_attr_group);
	root_device_unregister(jailhouse.dev);
	jailhouse.dev = NULL;
}
