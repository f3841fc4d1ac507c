// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse-mem-reader-test.ko: keeps one CPU reading a range of physical
 * memory the root owns, from a kernel thread, for scenarios that change the
 * root cell's stage-2 tables while other root CPUs run (cell create and
 * destroy).  An access that hits the hypervisor's break-before-make window
 * must simply be retried; a root CPU stopped or a changed value shows that
 * it was not.
 *
 * /sys/kernel/jailhouse_mem_reader_test/
 *	start	write "PHYS SIZE CPU [STRIDE NUM]": fill NUM (default 1,
 *		at most READER_MAX_CHUNKS) chunks of SIZE bytes, STRIDE
 *		apart, from PHYS with a pattern, then read and compare
 *		them in a loop on CPU
 *	stop	write anything: end the loop
 *	passes	completed read passes since start
 *	errors	words that did not match the pattern
 */
#define pr_fmt(fmt) "jailhouse-mem-reader-test: " fmt

#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sysfs.h>

static struct kobject *reader_kobj;
static DEFINE_MUTEX(reader_lock);
static struct task_struct *reader_task;
#define READER_MAX_CHUNKS	16

static u64 *reader_mem[READER_MAX_CHUNKS];
static unsigned int reader_chunks;
static size_t reader_words;
static atomic_long_t reader_passes, reader_errors;

static u64 pattern(size_t n)
{
	return 0x5a5a000000000000ULL ^ (n * 0x9e3779b97f4a7c15ULL);
}

static int reader_fn(void *unused)
{
	unsigned int c;
	size_t n;

	while (!kthread_should_stop()) {
		for (c = 0; c < reader_chunks; c++)
			for (n = 0; n < reader_words; n++)
				if (READ_ONCE(reader_mem[c][n]) != pattern(n))
					atomic_long_inc(&reader_errors);
		atomic_long_inc(&reader_passes);
		cond_resched();
	}
	return 0;
}

static void reader_stop(void)
{
	unsigned int c;

	if (reader_task)
		kthread_stop(reader_task);
	reader_task = NULL;
	for (c = 0; c < reader_chunks; c++)
		memunmap(reader_mem[c]);
	reader_chunks = 0;
}

static ssize_t start_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	unsigned long long phys, size, stride = 0;
	unsigned int cpu, num = 1, c;
	size_t n;
	int err = 0, fields;

	fields = sscanf(buf, "%llx %llx %u %llx %u", &phys, &size, &cpu,
			&stride, &num);
	if ((fields != 3 && fields != 5) || !size || size % sizeof(u64) ||
	    !num || num > READER_MAX_CHUNKS || (num > 1 && stride < size) ||
	    cpu >= nr_cpu_ids || !cpu_online(cpu))
		return -EINVAL;

	mutex_lock(&reader_lock);
	reader_stop();
	reader_words = size / sizeof(u64);
	for (c = 0; c < num; c++) {
		/* not RAM of this kernel (beyond mem=): no linear map */
		reader_mem[c] = memremap(phys + c * stride, size, MEMREMAP_WB);
		if (!reader_mem[c]) {
			err = -ENOMEM;
			reader_stop();
			goto out;
		}
		reader_chunks = c + 1;
		for (n = 0; n < reader_words; n++)
			reader_mem[c][n] = pattern(n);
	}
	atomic_long_set(&reader_passes, 0);
	atomic_long_set(&reader_errors, 0);
	reader_task = kthread_create(reader_fn, NULL, "jh-mem-reader/%u", cpu);
	if (IS_ERR(reader_task)) {
		err = PTR_ERR(reader_task);
		reader_task = NULL;
		reader_stop();
		goto out;
	}
	kthread_bind(reader_task, cpu);
	wake_up_process(reader_task);
	pr_info("reading %u x 0x%llx bytes from 0x%llx on CPU %u\n", num,
		size, phys, cpu);
out:
	mutex_unlock(&reader_lock);
	return err ? err : count;
}

static ssize_t stop_store(struct kobject *kobj, struct kobj_attribute *attr,
			  const char *buf, size_t count)
{
	mutex_lock(&reader_lock);
	reader_stop();
	mutex_unlock(&reader_lock);
	return count;
}

static ssize_t passes_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&reader_passes));
}

static ssize_t errors_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&reader_errors));
}

static struct kobj_attribute start_attr = __ATTR_WO(start);
static struct kobj_attribute stop_attr = __ATTR_WO(stop);
static struct kobj_attribute passes_attr = __ATTR_RO(passes);
static struct kobj_attribute errors_attr = __ATTR_RO(errors);

static struct attribute *reader_attrs[] = {
	&start_attr.attr,
	&stop_attr.attr,
	&passes_attr.attr,
	&errors_attr.attr,
	NULL,
};

static const struct attribute_group reader_group = {
	.attrs = reader_attrs,
};

static int __init reader_init(void)
{
	int err;

	reader_kobj = kobject_create_and_add("jailhouse_mem_reader_test",
					     kernel_kobj);
	if (!reader_kobj)
		return -ENOMEM;
	err = sysfs_create_group(reader_kobj, &reader_group);
	if (err)
		kobject_put(reader_kobj);
	return err;
}

static void __exit reader_exit(void)
{
	mutex_lock(&reader_lock);
	reader_stop();
	mutex_unlock(&reader_lock);
	sysfs_remove_group(reader_kobj, &reader_group);
	kobject_put(reader_kobj);
}

module_init(reader_init);
module_exit(reader_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Reads root memory in a loop while its stage 2 changes");
