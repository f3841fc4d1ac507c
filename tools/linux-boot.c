// SPDX-License-Identifier: GPL-2.0
/*
 * Boot decisions of "jailhouse cell linux"; see linux-boot.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jailhouse/cell-config.h>

#include "linux-boot.h"

#define SZ_4K			0x1000ULL

/* Image header fields, little endian */
#define IMAGE_TEXT_OFFSET	8
#define IMAGE_SIZE		16
#define IMAGE_FLAGS		24
#define IMAGE_MAGIC_OFF		56
#define IMAGE_PE_OFF		60
#define IMAGE_MAGIC		0x644d5241U	/* "ARM\x64" */
#define IMAGE_FLAG_BE		0x1

/* PE/COFF, as far as the EFI stub's header goes */
#define PE_FILE_HEADER		24	/* signature + COFF header */
#define PE_NUM_SECTIONS		6
#define PE_OPT_HEADER_SIZE	20
#define PE_SECTION_SIZE		40
#define PE_SECTION_RAW_SIZE	16
#define PE_SECTION_RAW_PTR	20

static uint64_t le(const uint8_t *p, unsigned int bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

static uint64_t align_up(uint64_t v, uint64_t align)
{
	return (v + align - 1) & ~(align - 1);
}

static uint64_t max3(uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t m = a > b ? a : b;

	return m > c ? m : c;
}

/* ---- the Image ---- */

/*
 * An Image with an EFI stub is a PE/COFF file: its sections say how long
 * the file is.  Returns 0 when it is complete or says nothing.
 */
static int check_pe_length(const uint8_t *b, size_t size, char *err,
			   size_t err_size)
{
	uint64_t pe = le(b + IMAGE_PE_OFF, 4), table, end = 0, raw;
	unsigned int num, n;

	if (b[0] != 'M' || b[1] != 'Z' || !pe)
		return 0;
	if (pe + PE_FILE_HEADER > size)
		return jh_errorf(err, err_size,
			    "truncated: %zu bytes, its PE/COFF header is at offset %llu",
			    size, (unsigned long long)pe);
	if (memcmp(b + pe, "PE\0\0", 4))
		return 0;
	num = le(b + pe + PE_NUM_SECTIONS, 2);
	table = pe + PE_FILE_HEADER + le(b + pe + PE_OPT_HEADER_SIZE, 2);
	if (table + (uint64_t)num * PE_SECTION_SIZE > size)
		return jh_errorf(err, err_size,
			    "truncated: %zu bytes, its PE/COFF section table ends at %llu",
			    size, (unsigned long long)(table +
						     num * PE_SECTION_SIZE));
	for (n = 0; n < num; n++) {
		const uint8_t *s = b + table + n * PE_SECTION_SIZE;

		raw = le(s + PE_SECTION_RAW_SIZE, 4);
		if (raw && le(s + PE_SECTION_RAW_PTR, 4) + raw > end)
			end = le(s + PE_SECTION_RAW_PTR, 4) + raw;
	}
	if (end > size)
		return jh_errorf(err, err_size,
			    "truncated: %zu bytes, its PE/COFF sections end at %llu",
			    size, (unsigned long long)end);
	return 0;
}

int jh_linux_parse_image(const void *buf, size_t size,
			 struct jh_image_info *info, char *err,
			 size_t err_size)
{
	const uint8_t *b = buf;

	memset(info, 0, sizeof(*info));
	if (size >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return jh_errorf(err, err_size,
			    "gzip-compressed: give the uncompressed arm64 Image");
	if (size >= 4 && !memcmp(b, "\xd0\x0d\xfe\xed", 4))
		return jh_errorf(err, err_size,
			    "a device tree, not an arm64 Image");
	if (size < JH_IMAGE_HEADER_SIZE)
		return jh_errorf(err, err_size,
			    "truncated: %zu bytes, shorter than the %u-byte arm64 Image header",
			    size, JH_IMAGE_HEADER_SIZE);
	if (le(b + IMAGE_MAGIC_OFF, 4) != IMAGE_MAGIC)
		return jh_errorf(err, err_size,
			    "not an arm64 Image (no magic \"ARM\\x64\" at offset 56)");
	info->text_offset = le(b + IMAGE_TEXT_OFFSET, 8);
	info->image_size = le(b + IMAGE_SIZE, 8);
	info->flags = le(b + IMAGE_FLAGS, 8);
	info->file_size = size;
	if (info->flags & IMAGE_FLAG_BE)
		return jh_errorf(err, err_size,
			    "a big-endian kernel (Image flags 0x%llx), the cell runs little endian",
			    (unsigned long long)info->flags);
	if (info->text_offset >= JH_SZ_2M || (info->text_offset & 7))
		return jh_errorf(err, err_size,
			    "implausible text_offset 0x%llx in the Image header",
			    (unsigned long long)info->text_offset);
	if (!info->image_size)
		info->image_size = JH_IMAGE_SIZE_UNKNOWN;
	return check_pe_length(b, size, err, err_size);
}

/* ---- the cell's memory ---- */

static int compare_ranges(const void *a, const void *b)
{
	const struct jh_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static void print_range(char *buf, size_t size, const struct jh_range *r)
{
	snprintf(buf, size, "0x%llx..0x%llx", (unsigned long long)r->start,
		 (unsigned long long)r->end - 1);
}

int jh_linux_cell_layout(const void *config, size_t size,
			 uint64_t loader_size, uint64_t params_size,
			 struct jh_cell_layout *layout, char *err,
			 size_t err_size)
{
	const uint64_t ram_flags = JAILHOUSE_MEM_LOADABLE |
		JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
		JAILHOUSE_MEM_EXECUTE;
	const uint64_t not_ram = JAILHOUSE_MEM_IO |
		JAILHOUSE_MEM_COMM_REGION | JAILHOUSE_MEM_ROOTSHARED;
	const struct jailhouse_cell_desc *cell = config;
	const struct jailhouse_memory *mem;
	struct jh_range loader, *spans, best = { 0, 0 };
	unsigned int n, num = 0, k;
	uint64_t end, offset;
	bool loader_ok = false;

	memset(layout, 0, sizeof(*layout));
	if (size >= JAILHOUSE_SIGNATURE_LEN &&
	    !memcmp(config, JAILHOUSE_SYSTEM_SIGNATURE,
		    JAILHOUSE_SIGNATURE_LEN))
		return jh_errorf(err, err_size,
			    "a system configuration, not a cell configuration");
	if (size < sizeof(*cell) ||
	    memcmp(config, JAILHOUSE_CELL_DESC_SIGNATURE,
		   JAILHOUSE_SIGNATURE_LEN))
		return jh_errorf(err, err_size,
			    "not a cell configuration (bad signature)");
	if (cell->revision != JAILHOUSE_CONFIG_REVISION)
		return jh_errorf(err, err_size,
			    "configuration revision %u, this version supports %u",
			    cell->revision, JAILHOUSE_CONFIG_REVISION);
	if (cell->architecture != JAILHOUSE_ARM64)
		return jh_errorf(err, err_size,
			    "configuration for another architecture (%u), not arm64",
			    cell->architecture);
	offset = sizeof(*cell) + (uint64_t)cell->cpu_set_size;
	if (offset + (uint64_t)cell->num_memory_regions * sizeof(*mem) > size)
		return jh_errorf(err, err_size,
			    "truncated cell configuration (%zu bytes, its memory regions need %llu)",
			    size, (unsigned long long)(offset +
				(uint64_t)cell->num_memory_regions *
				sizeof(*mem)));
	mem = (const void *)((const uint8_t *)config + offset);
	memcpy(layout->name, cell->name, sizeof(layout->name) - 1);
	layout->name[sizeof(layout->name) - 1] = '\0';

	/* the loader and its string, in whole pages */
	layout->loader = cell->cpu_reset_address;
	layout->params = layout->loader + JH_LOADER_PARAMS_OFFSET;
	loader.start = layout->loader;
	end = JH_LOADER_PARAMS_OFFSET + params_size;
	loader.end = loader.start + align_up(loader_size > end ?
					     loader_size : end, SZ_4K);

	spans = calloc(2 * cell->num_memory_regions + 1, sizeof(*spans));
	if (!spans)
		return jh_errorf(err, err_size, "out of memory");
	for (n = 0; n < cell->num_memory_regions; n++) {
		struct jh_range r = {
			mem[n].virt_start, mem[n].virt_start + mem[n].size
		};

		if (!(mem[n].flags & JAILHOUSE_MEM_LOADABLE) ||
		    (mem[n].flags & JAILHOUSE_MEM_COMM_REGION) ||
		    !mem[n].size || r.end < r.start)
			continue;
		if ((mem[n].flags & JAILHOUSE_MEM_EXECUTE) &&
		    r.start <= loader.start && loader.end <= r.end)
			loader_ok = true;
		if ((mem[n].flags & ram_flags) != ram_flags ||
		    (mem[n].flags & not_ram))
			continue;
		/* the loader's pages are not for Linux */
		if (r.start < loader.end && loader.start < r.end) {
			if (r.start < loader.start)
				spans[num++] = (struct jh_range){
					r.start, loader.start };
			if (loader.end < r.end)
				spans[num++] = (struct jh_range){
					loader.end, r.end };
			continue;
		}
		spans[num++] = r;
	}
	if (!loader_ok) {
		free(spans);
		return jh_errorf(err, err_size,
			    "no loadable, executable region at the cell's reset address 0x%llx for linux-loader (0x%llx..0x%llx)",
			    (unsigned long long)loader.start,
			    (unsigned long long)loader.start,
			    (unsigned long long)loader.end - 1);
	}

	/* adjacent regions are one span of RAM */
	qsort(spans, num, sizeof(*spans), compare_ranges);
	for (n = 0; n < num; n = k) {
		struct jh_range r = spans[n];

		for (k = n + 1; k < num && spans[k].start == r.end; k++)
			r.end = spans[k].end;
		if (r.end - r.start > best.end - best.start)
			best = r;
	}
	free(spans);
	if (best.end == best.start)
		return jh_errorf(err, err_size,
			    "no RAM region: the cell has no loadable read/write/execute memory besides linux-loader's");
	layout->ram = best;
	return 0;
}

/* ---- placement ---- */

int jh_linux_place(const struct jh_range *ram, const struct jh_image_info *img,
		   uint64_t dtb_size, uint64_t initrd_size,
		   unsigned int decomp_factor,
		   const struct jh_linux_files *files,
		   struct jh_linux_placement *place, char *err,
		   size_t err_size)
{
	uint64_t ram_size = ram->end - ram->start, reserve, base;
	char where[64];

	memset(place, 0, sizeof(*place));
	print_range(where, sizeof(where), ram);
	if (dtb_size > JH_LINUX_DT_MAX)
		return jh_errorf(err, err_size,
			    "device tree %s: %llu bytes, more than the 2 MiB the arm64 boot protocol allows",
			    files->dtb, (unsigned long long)dtb_size);
	reserve = max3(img->image_size, img->file_size,
		       (uint64_t)decomp_factor * img->file_size);
	if (reserve > ram_size)
		return jh_errorf(err, err_size,
			    "kernel %s: needs 0x%llx bytes (%s), larger than the cell's RAM %s (0x%llx bytes)",
			    files->kernel, (unsigned long long)reserve,
			    reserve == img->image_size ?
			    "image_size of its header" :
			    reserve == img->file_size ? "its file size" :
			    "file size times the decompression factor",
			    where, (unsigned long long)ram_size);

	place->dtb = align_up(ram->start, SZ_4K);
	place->dtb_size = dtb_size;
	base = align_up(place->dtb + dtb_size, JH_SZ_2M);
	place->kernel = base + img->text_offset;
	place->kernel_end = place->kernel + reserve;
	if (base < ram->start || place->kernel_end > ram->end ||
	    place->kernel_end < base)
		return jh_errorf(err, err_size,
			    "kernel %s does not fit the cell's RAM %s: at 0x%llx (2 MiB aligned, after the device tree at 0x%llx) its 0x%llx bytes end at 0x%llx",
			    files->kernel, where,
			    (unsigned long long)place->kernel,
			    (unsigned long long)place->dtb,
			    (unsigned long long)reserve,
			    (unsigned long long)place->kernel_end);
	if (!initrd_size)
		return 0;

	place->initrd = align_up(place->kernel_end, SZ_4K);
	if (place->initrd > ram->end || initrd_size > ram->end - place->initrd)
		return jh_errorf(err, err_size,
			    "initramfs %s (%llu bytes) does not fit the cell's RAM %s after the kernel (0x%llx..0x%llx): it would end at 0x%llx",
			    files->initrd, (unsigned long long)initrd_size,
			    where, (unsigned long long)place->kernel,
			    (unsigned long long)place->kernel_end - 1,
			    (unsigned long long)(place->initrd + initrd_size));
	place->initrd_end = place->initrd + initrd_size;
	return 0;
}

/* ---- "cell load" with linux-loader's string ---- */

bool jh_loader_kernel_addr(const char *params, uint64_t *addr)
{
	const char *p = params;
	bool found = false;
	char *end;

	while (*p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, "kernel=", 7)) {
			unsigned long long v = strtoull(p + 7, &end, 0);

			if (end != p + 7 && (*end == ' ' || *end == '\0')) {
				*addr = v;
				found = true;
			}
		}
		while (*p && *p != ' ')
			p++;
	}
	return found;
}

int jh_linux_check_loaded_kernel(const char *file, const void *buf,
				 size_t size, uint64_t addr,
				 const struct jh_range *ram,
				 unsigned int n_ram,
				 const struct jh_loaded *others,
				 unsigned int n_others, char *err,
				 size_t err_size)
{
	struct jh_image_info img;
	char why[256], where[64];
	uint64_t end;
	unsigned int n;

	if (jh_linux_parse_image(buf, size, &img, why, sizeof(why)) < 0)
		return jh_errorf(err, err_size, "kernel=0x%llx: %s: %s",
				 (unsigned long long)addr, file, why);
	/*
	 * Before Linux 3.17 (image_size 0) the extent is unknown: the file
	 * is all that can be checked, not refused for a guess.
	 */
	if (!le((const uint8_t *)buf + IMAGE_SIZE, 8)) {
		img.image_size = img.file_size;
	} else if (img.file_size > img.image_size) {
		/*
		 * image_size covers text, data and bss: a longer file is
		 * not what its header describes.
		 */
		return jh_errorf(err, err_size,
			    "kernel=0x%llx: %s: image_size 0x%llx in its header is smaller than the file (0x%llx bytes)",
			    (unsigned long long)addr, file,
			    (unsigned long long)img.image_size,
			    (unsigned long long)img.file_size);
	}
	end = addr + img.image_size;
	if (end < addr)
		return jh_errorf(err, err_size,
			    "kernel=0x%llx: %s: image_size 0x%llx wraps around",
			    (unsigned long long)addr, file,
			    (unsigned long long)img.image_size);

	/* Linux runs from where it was loaded: all of it in one region */
	for (n = 0; n < n_ram; n++) {
		if (addr < ram[n].start || addr >= ram[n].end)
			continue;
		if (end <= ram[n].end)
			break;
		print_range(where, sizeof(where), &ram[n]);
		return jh_errorf(err, err_size,
			    "kernel=0x%llx: %s: image_size 0x%llx ends at 0x%llx, beyond the cell's loadable memory %s",
			    (unsigned long long)addr, file,
			    (unsigned long long)img.image_size,
			    (unsigned long long)end - 1, where);
	}
	if (n_ram && n == n_ram)
		return jh_errorf(err, err_size,
			    "kernel=0x%llx: %s: the address is in none of the cell's loadable memory",
			    (unsigned long long)addr, file);

	/* its bss would overwrite what is loaded there */
	for (n = 0; n < n_others; n++) {
		const struct jh_loaded *o = &others[n];

		if (!o->size || o->address >= end ||
		    o->address + o->size <= addr)
			continue;
		return jh_errorf(err, err_size,
			    "kernel=0x%llx: %s: image_size 0x%llx (up to 0x%llx) overlaps %s loaded at 0x%llx",
			    (unsigned long long)addr, file,
			    (unsigned long long)img.image_size,
			    (unsigned long long)end - 1, o->name,
			    (unsigned long long)o->address);
	}
	return 0;
}

/* ---- the device tree ---- */

int jh_linux_patch_dt(struct jh_fdt *fdt, const char *cmdline,
		      uint64_t initrd_start, uint64_t initrd_end, char *err,
		      size_t err_size)
{
	int root = jh_fdt_path_offset(fdt, "/"), chosen;
	unsigned int cells;

	if (root < 0)
		return jh_errorf(err, err_size, "no root node");
	cells = jh_fdt_getprop_u32(fdt, root, "#address-cells", 2) == 1 ?
		1 : 2;
	if (cells == 1 && initrd_end > 0x100000000ULL)
		return jh_errorf(err, err_size,
			    "initramfs at 0x%llx, above 4 GiB, but the root's #address-cells is 1",
			    (unsigned long long)initrd_start);

	chosen = jh_fdt_path_offset(fdt, "/chosen");
	if (chosen < 0)
		chosen = jh_fdt_add_subnode(fdt, root, "chosen");
	if (chosen < 0)
		return jh_errorf(err, err_size, "cannot add /chosen (out of memory)");

	if (cmdline &&
	    jh_fdt_setprop_string(fdt, chosen, "bootargs", cmdline) < 0)
		return jh_errorf(err, err_size, "out of memory");
	if (!initrd_end) {
		/* an initramfs named there would not be loaded */
		if (jh_fdt_delprop(fdt, chosen, "linux,initrd-start") < 0 ||
		    jh_fdt_delprop(fdt, chosen, "linux,initrd-end") < 0)
			return jh_errorf(err, err_size, "out of memory");
		return 0;
	}
	if (jh_fdt_setprop_cells(fdt, chosen, "linux,initrd-start", cells,
				 initrd_start) < 0 ||
	    jh_fdt_setprop_cells(fdt, chosen, "linux,initrd-end", cells,
				 initrd_end) < 0)
		return jh_errorf(err, err_size, "out of memory");
	return 0;
}
