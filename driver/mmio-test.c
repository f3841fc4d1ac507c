// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse-mmio-test.ko: single physical accesses from the root cell's
 * kernel, for scenarios that look at what the hypervisor emulates (the
 * virtual PCI host's config space, ivshmem register pages) or shares
 * (ivshmem memory) without a driver in between.  /dev/mem cannot: the
 * Debian kernel's strict devmem refuses the ECAM window, which lies in
 * the GIC's redistributor range of the device tree.
 *
 * /sys/kernel/jailhouse_mmio_test/access
 *	write "io|mem PHYS WIDTH [VALUE]": read (or write VALUE) WIDTH bits
 *	(8, 16, 32, 64) at PHYS, mapped as device memory (io) or cacheable
 *	(mem, for RAM that Linux does not own); a read shows "0x..." after
 */
#define pr_fmt(fmt) "jailhouse-mmio-test: " fmt

#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/sysfs.h>

static struct kobject *mmio_kobj;
static DEFINE_MUTEX(mmio_lock);
static u64 mmio_last;

static int mmio_do(bool io, phys_addr_t phys, unsigned int width, bool write,
		   u64 value)
{
	phys_addr_t page = phys & PAGE_MASK;
	void __iomem *base;
	void __iomem *at;

	if (io)
		base = ioremap(page, PAGE_SIZE);
	else
		base = (void __iomem *)memremap(page, PAGE_SIZE, MEMREMAP_WB);
	if (!base)
		return -ENOMEM;
	at = base + (phys - page);
	switch (width) {
	case 8:
		if (write)
			writeb(value, at);
		else
			mmio_last = readb(at);
		break;
	case 16:
		if (write)
			writew(value, at);
		else
			mmio_last = readw(at);
		break;
	case 32:
		if (write)
			writel(value, at);
		else
			mmio_last = readl(at);
		break;
	default:
		if (write)
			writeq(value, at);
		else
			mmio_last = readq(at);
		break;
	}
	if (io)
		iounmap(base);
	else
		memunmap((void __force *)base);
	return 0;
}

static ssize_t access_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	unsigned long long phys, value = 0;
	unsigned int width;
	char kind[4];
	int n, err;

	n = sscanf(buf, "%3s %llx %u %llx", kind, &phys, &width, &value);
	if (n < 3 || (strcmp(kind, "io") && strcmp(kind, "mem")) ||
	    (width != 8 && width != 16 && width != 32 && width != 64) ||
	    phys & (width / 8 - 1))
		return -EINVAL;
	mutex_lock(&mmio_lock);
	err = mmio_do(!strcmp(kind, "io"), phys, width, n == 4, value);
	mutex_unlock(&mmio_lock);
	return err ? err : count;
}

static ssize_t access_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "0x%llx\n", mmio_last);
}

static struct kobj_attribute access_attr = __ATTR_RW(access);

static int __init mmio_test_init(void)
{
	int err;

	mmio_kobj = kobject_create_and_add("jailhouse_mmio_test", kernel_kobj);
	if (!mmio_kobj)
		return -ENOMEM;
	err = sysfs_create_file(mmio_kobj, &access_attr.attr);
	if (err)
		kobject_put(mmio_kobj);
	return err;
}

static void __exit mmio_test_exit(void)
{
	kobject_put(mmio_kobj);
}

module_init(mmio_test_init);
module_exit(mmio_test_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Single physical accesses for the hypervisor's scenarios");
