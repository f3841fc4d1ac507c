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

static ssize_t enabled_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", jailhouse.enabled ? 1 : 0);
}

static ssize_t jailhouse_info_show(char *buf, unsigned long type)
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

static ssize_t mem_pool_size_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	return jailhouse_info_show(buf, JAILHOUSE_INFO_MEM_POOL_SIZE);
}

static ssize_t mem_pool_used_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	return jailhouse_info_show(buf, JAILHOUSE_INFO_MEM_POOL_USED);
}

static ssize_t remap_pool_size_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	return jailhouse_info_show(buf, JAILHOUSE_INFO_REMAP_POOL_SIZE);
}

static ssize_t remap_pool_used_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	return jailhouse_info_show(buf, JAILHOUSE_INFO_REMAP_POOL_USED);
}

static ssize_t console_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	ssize_t len;

	if (mutex_lock_interruptible(&jailhouse.lock))
		return -EINTR;
	len = jailhouse_console_read(buf, PAGE_SIZE);
	mutex_unlock(&jailhouse.lock);
	return len;
}

static DEVICE_ATTR_RO(enabled);
static DEVICE_ATTR_RO(mem_pool_size);
static DEVICE_ATTR_RO(mem_pool_used);
static DEVICE_ATTR_RO(remap_pool_size);
static DEVICE_ATTR_RO(remap_pool_used);
static DEVICE_ATTR_RO(console);

static struct attribute *jailhouse_attrs[] = {
	&dev_attr_enabled.attr,
	&dev_attr_mem_pool_size.attr,
	&dev_attr_mem_pool_used.attr,
	&dev_attr_remap_pool_size.attr,
	&dev_attr_remap_pool_used.attr,
	&dev_attr_console.attr,
	NULL,
};

static const struct attribute_group jailhouse_attr_group = {
	.attrs = jailhouse_attrs,
};

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

static struct jailhouse_cell *kobj_to_cell(struct kobject *kobj)
{
	return container_of(kobj, struct jailhouse_cell, kobj);
}

static ssize_t name_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", kobj_to_cell(kobj)->name);
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

static ssize_t state_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	long state = jailhouse_sysfs_hvc(JAILHOUSE_HC_CELL_GET_STATE,
					 kobj_to_cell(kobj)->id, 0);

	return sysfs_emit(buf, "%s\n", jailhouse_state_name(state));
}

static ssize_t cpus_assigned_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%*pb\n",
			  cpumask_pr_args(&kobj_to_cell(kobj)->cpus_assigned));
}

static ssize_t cpus_assigned_list_show(struct kobject *kobj,
				       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%*pbl\n",
			  cpumask_pr_args(&kobj_to_cell(kobj)->cpus_assigned));
}

/* the cell's CPUs the hypervisor declared failed */
static ssize_t jailhouse_cpus_failed_show(struct jailhouse_cell *cell,
					  char *buf, bool as_list)
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
	if (as_list)
		len = sysfs_emit(buf, "%*pbl\n", cpumask_pr_args(failed));
	else
		len = sysfs_emit(buf, "%*pb\n", cpumask_pr_args(failed));
	free_cpumask_var(failed);
	return len;
}

static ssize_t cpus_failed_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return jailhouse_cpus_failed_show(kobj_to_cell(kobj), buf, false);
}

static ssize_t cpus_failed_list_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf)
{
	return jailhouse_cpus_failed_show(kobj_to_cell(kobj), buf, true);
}

static struct kobj_attribute cell_name_attr = __ATTR_RO(name);
static struct kobj_attribute cell_state_attr = __ATTR_RO(state);
static struct kobj_attribute cell_cpus_assigned_attr =
	__ATTR_RO(cpus_assigned);
static struct kobj_attribute cell_cpus_assigned_list_attr =
	__ATTR_RO(cpus_assigned_list);
static struct kobj_attribute cell_cpus_failed_attr = __ATTR_RO(cpus_failed);
static struct kobj_attribute cell_cpus_failed_list_attr =
	__ATTR_RO(cpus_failed_list);

static struct attribute *cell_attrs[] = {
	&cell_name_attr.attr,
	&cell_state_attr.attr,
	&cell_cpus_assigned_attr.attr,
	&cell_cpus_assigned_list_attr.attr,
	&cell_cpus_failed_attr.attr,
	&cell_cpus_failed_list_attr.attr,
	NULL,
};
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

/* statistics/<counter>: the sum over the cell's CPUs */
struct jailhouse_stat_attr {
	struct kobj_attribute attr;
	unsigned int code;
};

static ssize_t stat_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	struct jailhouse_stat_attr *stat =
		container_of(attr, struct jailhouse_stat_attr, attr);
	struct jailhouse_cell *cell =
		container_of(kobj, struct jailhouse_cell, stats_kobj);
	unsigned long long sum = 0;
	unsigned int cpu;
	long value;

	for_each_cpu(cpu, &cell->cpus_assigned) {
		value = jailhouse_sysfs_hvc(JAILHOUSE_HC_CPU_GET_INFO, cpu,
					    JAILHOUSE_CPU_INFO_STAT_BASE +
					    stat->code);
		if (value < 0)
			return value;
		sum += value;
	}
	return sysfs_emit(buf, "%llu\n", sum);
}

#define JAILHOUSE_STAT_ATTR(_name, _code)				\
	static struct jailhouse_stat_attr stat_attr_##_name = {	\
		.attr = __ATTR(_name, 0444, stat_show, NULL),		\
		.code = _code,						\
	}

JAILHOUSE_STAT_ATTR(vmexits_total, JAILHOUSE_CPU_STAT_VMEXITS_TOTAL);
JAILHOUSE_STAT_ATTR(vmexits_mmio, JAILHOUSE_CPU_STAT_VMEXITS_MMIO);
JAILHOUSE_STAT_ATTR(vmexits_management,
		    JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT);
JAILHOUSE_STAT_ATTR(vmexits_hypercall, JAILHOUSE_CPU_STAT_VMEXITS_HYPERCALL);
JAILHOUSE_STAT_ATTR(vmexits_maintenance,
		    JAILHOUSE_CPU_STAT_VMEXITS_MAINTENANCE);
JAILHOUSE_STAT_ATTR(vmexits_virt_irq, JAILHOUSE_CPU_STAT_VMEXITS_VIRQ);
JAILHOUSE_STAT_ATTR(vmexits_virt_sgi, JAILHOUSE_CPU_STAT_VMEXITS_VSGI);
JAILHOUSE_STAT_ATTR(vmexits_psci, JAILHOUSE_CPU_STAT_VMEXITS_PSCI);
JAILHOUSE_STAT_ATTR(vmexits_smccc, JAILHOUSE_CPU_STAT_VMEXITS_SMCCC);

static struct attribute *stats_attrs[] = {
	&stat_attr_vmexits_total.attr.attr,
	&stat_attr_vmexits_mmio.attr.attr,
	&stat_attr_vmexits_management.attr.attr,
	&stat_attr_vmexits_hypercall.attr.attr,
	&stat_attr_vmexits_maintenance.attr.attr,
	&stat_attr_vmexits_virt_irq.attr.attr,
	&stat_attr_vmexits_virt_sgi.attr.attr,
	&stat_attr_vmexits_psci.attr.attr,
	&stat_attr_vmexits_smccc.attr.attr,
	NULL,
};
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
	int err;

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
