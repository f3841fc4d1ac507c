/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Commands of the /dev/jailhouse control device.
 *
 * The numbers and argument structures follow the Jailhouse driver ABI, so
 * the same user space binaries work against either driver.  This header is
 * shared between the kernel module and the user space tools.
 */
#ifndef _JAILHOUSE_IOCTL_H
#define _JAILHOUSE_IOCTL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define JAILHOUSE_DEVICE_NAME		"jailhouse"
#define JAILHOUSE_DEVICE_PATH		"/dev/jailhouse"
#define JAILHOUSE_SYSFS_PATH		"/sys/devices/jailhouse"
#define JAILHOUSE_FW_NAME		"jailhouse.bin"

/* longest cell name, without the terminating NUL */
#define JAILHOUSE_CELL_ID_NAMELEN	31

/* jailhouse_cell_id.id when the cell is selected by name */
#define JAILHOUSE_CELL_ID_UNUSED	(-1)

/*
 * Argument of JAILHOUSE_CELL_CREATE: a cell configuration (struct
 * jailhouse_cell_desc and its arrays) in user memory.  The cell's CPUs are
 * taken from Linux; the new cell is shut down, ready for loading.
 */
struct jailhouse_cell_create {
	__u64 config_address;
	__u32 config_size;
	__u32 padding;
};

/* one image to copy into a cell's memory before it is started */
struct jailhouse_preload_image {
	__u64 source_address;	/* user space address of the data */
	__u64 size;		/* bytes to copy */
	__u64 target_address;	/* guest physical address inside the cell */
	__u64 padding;
};

/* selects a cell either by id or, with id == JAILHOUSE_CELL_ID_UNUSED, by name */
struct jailhouse_cell_id {
	__s32 id;
	__u32 padding;
	char name[JAILHOUSE_CELL_ID_NAMELEN + 1];
};

/*
 * Argument of JAILHOUSE_CELL_LOAD, followed by the image descriptors.  The
 * cell is stopped first; each image must lie in one loadable memory region
 * of the cell.  No images at all just stops the cell ("cell shutdown").
 */
struct jailhouse_cell_load {
	struct jailhouse_cell_id cell_id;
	__u32 num_preload_images;
	__u32 padding;
	struct jailhouse_preload_image image[];
};

/* Jailhouse's layout: the same on every architecture, no hidden padding */
#if !defined(__cplusplus) && defined(__STDC_VERSION__) && \
	__STDC_VERSION__ >= 201112L
_Static_assert(sizeof(struct jailhouse_cell_create) == 16, "cell_create");
_Static_assert(sizeof(struct jailhouse_preload_image) == 32, "preload_image");
_Static_assert(sizeof(struct jailhouse_cell_id) == 40, "cell_id");
_Static_assert(sizeof(struct jailhouse_cell_load) == 48, "cell_load");
#endif

/*
 * JAILHOUSE_ENABLE takes a user pointer to a complete system configuration
 * (struct jailhouse_system followed by its arrays), not a pointer to a
 * pointer: the argument value itself is the address.
 */
#define JAILHOUSE_ENABLE		_IOW(0, 0, void *)
#define JAILHOUSE_DISABLE		_IO(0, 1)
#define JAILHOUSE_CELL_CREATE		_IOW(0, 2, struct jailhouse_cell_create)
#define JAILHOUSE_CELL_LOAD		_IOW(0, 3, struct jailhouse_cell_load)
#define JAILHOUSE_CELL_START		_IOW(0, 4, struct jailhouse_cell_id)
#define JAILHOUSE_CELL_DESTROY		_IOW(0, 5, struct jailhouse_cell_id)

#endif /* !_JAILHOUSE_IOCTL_H */
