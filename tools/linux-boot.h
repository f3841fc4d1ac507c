/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What "jailhouse cell linux" decides before it touches a cell: the arm64
 * Image header, the cell's RAM and loader area from its configuration,
 * where kernel, device tree and initramfs go, and the edits of /chosen.
 * No I/O: messages go to the caller's buffer.  Unit-tested on the host.
 */
#ifndef _JAILHOUSE_TOOL_LINUX_BOOT_H
#define _JAILHOUSE_TOOL_LINUX_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fdt.h"

#define JH_SZ_2M		0x200000ULL
/* the arm64 boot protocol's bound of the device tree */
#define JH_LINUX_DT_MAX		JH_SZ_2M
/* the Image header (Documentation/arch/arm64/booting.rst) */
#define JH_IMAGE_HEADER_SIZE	64
/* image_size 0 (before Linux 3.17): what linux-loader assumes, too */
#define JH_IMAGE_SIZE_UNKNOWN	(32 * JH_SZ_2M)
/* linux-loader's command line: cell reset address + 0x1000 */
#define JH_LOADER_PARAMS_OFFSET	0x1000ULL

struct jh_image_info {
	uint64_t text_offset;
	uint64_t image_size;	/* from the header (0 replaced) */
	uint64_t file_size;
	uint64_t flags;
};

/*
 * Checks the arm64 Image in @buf (@size bytes): its magic, header, and,
 * for an Image with an EFI stub, that the file holds all its PE/COFF
 * sections (a truncated copy does not).  Returns 0 or -1 with @err.
 */
int jh_linux_parse_image(const void *buf, size_t size,
			 struct jh_image_info *info, char *err,
			 size_t err_size);

/* an address range of the cell, [start, end) */
struct jh_range {
	uint64_t start, end;
};

struct jh_cell_layout {
	char name[32];
	uint64_t loader;	/* linux-loader: the cell's reset address */
	uint64_t params;	/* its "kernel=... dtb=..." string */
	struct jh_range ram;	/* where kernel, DT and initramfs go */
};

/*
 * From the cell configuration @config (@size bytes): the loader's place
 * (a loadable region at the reset address holding @loader_size bytes and
 * @params_size bytes at reset + 0x1000), and the RAM: the largest span
 * of loadable memory (loadable, read/write, neither I/O, communication
 * region nor shared with the root; adjacent regions joined) less the
 * loader's pages.  Returns 0 or -1 with @err.
 */
int jh_linux_cell_layout(const void *config, size_t size,
			 uint64_t loader_size, uint64_t params_size,
			 struct jh_cell_layout *layout, char *err,
			 size_t err_size);

struct jh_linux_files {
	const char *kernel, *dtb, *initrd;	/* for messages */
};

struct jh_linux_placement {
	uint64_t dtb, dtb_size;
	uint64_t kernel, kernel_end;	/* load address, + image size */
	uint64_t initrd, initrd_end;	/* 0 without one */
};

/*
 * Places the device tree (@dtb_size bytes) at the start of @ram (4 KiB
 * aligned), the kernel at the next 2 MiB aligned base plus its
 * text_offset, with max(image_size, file size, @decomp_factor * file
 * size) bytes reserved from there, and the initramfs (@initrd_size bytes,
 * none if 0) at the next 4 KiB boundary after that.  Returns 0 or -1
 * with @err naming what does not fit.
 */
int jh_linux_place(const struct jh_range *ram, const struct jh_image_info *img,
		   uint64_t dtb_size, uint64_t initrd_size,
		   unsigned int decomp_factor,
		   const struct jh_linux_files *files,
		   struct jh_linux_placement *place, char *err,
		   size_t err_size);

/*
 * The edits of /chosen (created if missing): bootargs = @cmdline unless
 * NULL; linux,initrd-start/-end = @initrd_start/@initrd_end, as many
 * cells as the root's #address-cells (default 2), or both removed when
 * @initrd_end is 0.  The size of the result does not depend on the
 * addresses.  Returns 0 or -1 with @err.
 */
int jh_linux_patch_dt(struct jh_fdt *fdt, const char *cmdline,
		      uint64_t initrd_start, uint64_t initrd_end, char *err,
		      size_t err_size);

/* ---- "cell load" with linux-loader's string ---- */

/*
 * The "kernel=ADDR" of linux-loader's command line @params (one of the
 * space-separated words; the last one wins, as in the loader).  Returns
 * true with @addr if there is one that parses.
 */
bool jh_loader_kernel_addr(const char *params, uint64_t *addr);

/* an image of one "cell load", as messages name it */
struct jh_loaded {
	const char *name;	/* file name, or "-s STRING" */
	uint64_t address, size;
};

/*
 * The arm64 Image @file (@size bytes of @buf) about to be loaded at
 * @addr, the kernel= address of linux-loader's string.  Refused (-1 with
 * @err naming the field) unless its header is sound
 * (jh_linux_parse_image()), the file lies within image_size (0, before
 * Linux 3.17: the file's extent is all there is to check), and
 * [@addr, @addr + image_size) lies inside one of the @n_ram loadable
 * ranges of the cell (not checked when @n_ram is 0) and clear of the
 * @n_others other images of the same load.
 */
int jh_linux_check_loaded_kernel(const char *file, const void *buf,
				 size_t size, uint64_t addr,
				 const struct jh_range *ram,
				 unsigned int n_ram,
				 const struct jh_loaded *others,
				 unsigned int n_others, char *err,
				 size_t err_size);

#endif /* !_JAILHOUSE_TOOL_LINUX_BOOT_H */
