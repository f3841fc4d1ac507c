// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/devices/jailhouse: state of the hypervisor, its memory pools and its
 * console.
 */
#define pr_fmt(fmt) "jailhouse: " fmt

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
