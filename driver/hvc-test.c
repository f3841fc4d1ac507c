// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse-hvc-test.ko: issues the Jailhouse "hypervisor info" hypercall
 * on request, whether or not the hypervisor is there, and shows the raw x0
 * it gets back.  Reading /sys/kernel/jailhouse_hvc_test/<item> makes the
 * call on the reading CPU.  With the hypervisor off, Linux's hyp stub
 * answers HVC_STUB_ERR (0xbadca11).
 *
 * Writing a physical address to cell_create issues CELL_CREATE with it, as
 * a root that passes whatever it likes would; reading cell_create shows
 * the last result (signed).  For scenarios that probe the hypervisor's
 * argument checks; the jailhouse driver never does this.
 */
#define pr_fmt(fmt) "jailhouse-hvc-test: " fmt

#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/smp.h>
#include <linux/sysfs.h>

#include <jailhouse/hypercall.h>

#include "hypercall-arm64.h"

static struct kobject *hvc_test_kobj;

static ssize_t hvc_test_info(char *buf, unsigned long type)
{
	unsigned long result;
	int cpu;

	cpu = get_cpu();
	result = jailhouse_hvc(JAILHOUSE_HC_HYPERVISOR_GET_INFO, type, 0);
	put_cpu();

	pr_debug("CPU %d: get_info(%lu) = 0x%lx\n", cpu, type, result);
	return sysfs_emit(buf, "0x%lx\n", result);
}

#define HVC_TEST_ATTR(_name, _type)					\
static ssize_t _name##_show(struct kobject *kobj,			\
			    struct kobj_attribute *attr, char *buf)	\
{									\
	return hvc_test_info(buf, _type);				\
}									\
static struct kobj_attribute _name##_attr = __ATTR_RO(_name)

HVC_TEST_ATTR(mem_pool_size, JAILHOUSE_INFO_MEM_POOL_SIZE);
HVC_TEST_ATTR(mem_pool_used, JAILHOUSE_INFO_MEM_POOL_USED);
HVC_TEST_ATTR(remap_pool_size, JAILHOUSE_INFO_REMAP_POOL_SIZE);
HVC_TEST_ATTR(remap_pool_used, JAILHOUSE_INFO_REMAP_POOL_USED);
HVC_TEST_ATTR(num_cells, JAILHOUSE_INFO_NUM_CELLS);

static long last_create_result;

static ssize_t cell_create_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%ld\n", last_create_result);
}

static ssize_t cell_create_store(struct kobject *kobj,
				 struct kobj_attribute *attr, const char *buf,
				 size_t count)
{
	unsigned long phys;
	int err;

	err = kstrtoul(buf, 0, &phys);
	if (err)
		return err;
	last_create_result = (long)jailhouse_hvc(JAILHOUSE_HC_CELL_CREATE,
						 phys, 0);
	pr_info("cell_create(0x%lx) = %ld\n", phys, last_create_result);
	return count;
}

static struct kobj_attribute cell_create_attr = __ATTR_RW(cell_create);

static struct attribute *hvc_test_attrs[] = {
	&mem_pool_size_attr.attr,
	&mem_pool_used_attr.attr,
	&remap_pool_size_attr.attr,
	&remap_pool_used_attr.attr,
	&num_cells_attr.attr,
	&cell_create_attr.attr,
	NULL,
};

static const struct attribute_group hvc_test_group = {
	.attrs = hvc_test_attrs,
};

static int __init hvc_test_init(void)
{
	int err;

	hvc_test_kobj = kobject_create_and_add("jailhouse_hvc_test",
					       kernel_kobj);
	if (!hvc_test_kobj)
		return -ENOMEM;

	err = sysfs_create_group(hvc_test_kobj, &hvc_test_group);
	if (err) {
		kobject_put(hvc_test_kobj);
		return err;
	}
	return 0;
}

static void __exit hvc_test_exit(void)
{
	sysfs_remove_group(hvc_test_kobj, &hvc_test_group);
	kobject_put(hvc_test_kobj);
}

module_init(hvc_test_init);
module_exit(hvc_test_exit);

MODULE_DESCRIPTION("Issues Jailhouse info hypercalls and shows the raw results");
MODULE_LICENSE("GPL");
