/* SPDX-License-Identifier: GPL-2.0 */
/*
 * State shared between the parts of jailhouse.ko.
 */
#ifndef _JAILHOUSE_DRIVER_H
#define _JAILHOUSE_DRIVER_H

#include <linux/cpumask.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct device;

/* console bytes [tail - len, tail) saved when the hypervisor went away */
struct jailhouse_console_snapshot {
	char *data;
	u32 len;
	u32 tail;
};

/* where a reader of /dev/jailhouse is in the console stream */
struct jailhouse_console_reader {
	u32 pos;
	unsigned int generation;
};

struct jailhouse_state {
	/* serializes every command and every look at the fields below */
	struct mutex lock;
	bool enabled;
	/* a command left the hypervisor on part of the CPUs: hands off */
	bool broken;
	/* the CPUs the hypervisor runs on */
	struct cpumask cpus;

	/* hypervisor memory, mapped while enabled */
	void *hv_mem;
	phys_addr_t hv_phys;
	size_t hv_size;

	/* the firmware's console ring inside hv_mem, if it has one */
	size_t console_offset;
	size_t console_size;

	/*
	 * Copy of the console taken when the hypervisor went away (disable
	 * or failed enable), so that its last words stay readable.
	 */
	struct jailhouse_console_snapshot console_snapshot;
	/* bumped whenever a new console starts (on enable) */
	unsigned int console_generation;

	struct device *dev;
};

extern struct jailhouse_state jailhouse;

int jailhouse_sysfs_init(void);
void jailhouse_sysfs_exit(void);

/* console helpers; callers hold jailhouse.lock */
ssize_t jailhouse_console_read(char *buf, size_t size);
size_t jailhouse_console_fetch(struct jailhouse_console_reader *reader,
			       char *buf, size_t size);
void jailhouse_console_reset(void);
void jailhouse_console_snapshot(void);
void jailhouse_console_dump(const char *why);

#endif /* !_JAILHOUSE_DRIVER_H */
