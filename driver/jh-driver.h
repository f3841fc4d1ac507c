/* SPDX-License-Identifier: GPL-2.0 */
/*
 * State shared between the parts of jailhouse.ko.
 */
#ifndef _JAILHOUSE_DRIVER_H
#define _JAILHOUSE_DRIVER_H

#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/types.h>

#include <jailhouse/cell-config.h>
#include <jailhouse/ioctl.h>

struct device;

/*
 * A cell as the driver knows it: the root cell (id 0, from the system
 * configuration) or one created through JAILHOUSE_CELL_CREATE.  Lives as
 * long as its kobject; it is on jailhouse.cells while the hypervisor knows
 * it.
 */
struct jailhouse_cell {
	struct kobject kobj;
	/* statistics/ below the cell's directory */
	struct kobject stats_kobj;
	bool in_sysfs;
	struct list_head entry;

	unsigned int id;
	char name[JAILHOUSE_CELL_ID_NAMELEN + 1];
	/* CPUs the cell owns now */
	struct cpumask cpus_assigned;

	/*
	 * The cell's configuration: a private copy for non-root cells, the
	 * root cell descriptor inside jailhouse.system_config for the root.
	 */
	const struct jailhouse_cell_desc *config;
	size_t config_size;
	/* config is ours to free */
	bool owns_config;
};

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

	/*
	 * Copy of the system configuration the hypervisor runs with, kept
	 * while enabled for checking new cells against it.
	 */
	struct jailhouse_system *system_config;
	size_t system_config_size;

	/*
	 * CPUs owned by non-root cells or being handed to one: Linux must
	 * not bring them up.  Changed under lock, read by the hotplug
	 * callback without it.
	 */
	struct cpumask cpus_in_cells;

	/* every cell, the root cell first; changed under lock */
	struct list_head cells;
	struct jailhouse_cell *root_cell;

	/*
	 * Held for writing while the hypervisor comes or goes, for reading
	 * by sysfs readers issuing hypercalls.  Those never take lock: the
	 * commands remove cell directories while holding it.
	 */
	struct rw_semaphore hv_sem;
};

extern struct jailhouse_state jailhouse;

int jailhouse_sysfs_init(void);
void jailhouse_sysfs_exit(void);
int jailhouse_sysfs_cell_add(struct jailhouse_cell *cell);
void jailhouse_sysfs_cell_del(struct jailhouse_cell *cell);
void jailhouse_cell_kobj_init(struct jailhouse_cell *cell);

/* clean [addr, addr + size) to the point of coherency */
void jailhouse_clean_dcache_poc(void *addr, size_t size);

int jailhouse_cells_init(void);
void jailhouse_cells_exit(void);

/* cells; callers hold jailhouse.lock */
int jailhouse_cell_prepare_root(const struct jailhouse_system *sys);
void jailhouse_cell_register_root(void);
void jailhouse_cell_drop_root(void);
unsigned int jailhouse_cell_count_others(void);
long jailhouse_cmd_cell_create(void __user *arg);
long jailhouse_cmd_cell_load(void __user *arg);
long jailhouse_cmd_cell_start(void __user *arg);
long jailhouse_cmd_cell_destroy(void __user *arg);

/* the root's virtual PCI host; callers hold jailhouse.lock */
int jailhouse_pci_prepare(const struct jailhouse_system *sys);
void jailhouse_pci_unprepare(void);
void jailhouse_pci_probe(void);
int jailhouse_pci_check_idle(void);
void jailhouse_pci_remove(void);

/* console helpers; callers hold jailhouse.lock */
ssize_t jailhouse_console_read(char *buf, size_t size);
size_t jailhouse_console_fetch(struct jailhouse_console_reader *reader,
			       char *buf, size_t size);
void jailhouse_console_reset(void);
void jailhouse_console_snapshot(void);
void jailhouse_console_dump(const char *why);

#endif /* !_JAILHOUSE_DRIVER_H */
