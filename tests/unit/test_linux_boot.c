// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of what "jailhouse cell linux" decides before it creates a
 * cell (tools/linux-boot.c): the arm64 Image header, the cell's RAM and
 * loader area, where device tree, kernel and initramfs go.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jailhouse/cell-config.h>

#include "linux-boot.h"

#ifndef JH_CELLS_DIR
#error JH_CELLS_DIR must name the folder of the host-built .cell files
#endif

#define MiB		0x100000ULL

static char err[512];

static void expect_err(const char *what)
{
	if (!strstr(err, what))
		fail_msg("expected \"%s\" in \"%s\"", what, err);
}

static void put_le(uint8_t *p, uint64_t v, unsigned int bytes)
{
	while (bytes--) {
		*p++ = v;
		v >>= 8;
	}
}

/* ---- the Image header ---- */

/*
 * An Image of @size bytes; with @pe, an EFI stub whose sections end at
 * @pe_end.
 */
static uint8_t *image(size_t size, uint64_t text_offset, uint64_t image_size,
		      bool pe, uint64_t pe_end)
{
	uint8_t *b = calloc(1, size < 4096 ? 4096 : size);

	put_le(b + 8, text_offset, 8);
	put_le(b + 16, image_size, 8);
	put_le(b + 24, 0xa, 8);
	memcpy(b + 56, "ARM\x64", 4);
	if (pe) {
		b[0] = 'M';
		b[1] = 'Z';
		put_le(b + 60, 0x40, 4);
		memcpy(b + 0x40, "PE\0\0", 4);
		put_le(b + 0x40 + 6, 2, 2);	/* sections */
		put_le(b + 0x40 + 20, 160, 2);	/* opt. header */
		/* .text 0x10000.., .data up to pe_end */
		put_le(b + 0x40 + 24 + 160 + 16, 0x10000, 4);
		put_le(b + 0x40 + 24 + 160 + 20, 0x10000, 4);
		put_le(b + 0x40 + 24 + 200 + 16, pe_end - 0x20000, 4);
		put_le(b + 0x40 + 24 + 200 + 20, 0x20000, 4);
	}
	return b;
}

static void test_image_header(void **state)
{
	struct jh_image_info info;
	uint8_t *b;

	(void)state;
	b = image(4096, 0, 0x2010000, false, 0);
	assert_int_equal(jh_linux_parse_image(b, 4096, &info, err,
					      sizeof(err)), 0);
	assert_int_equal(info.text_offset, 0);
	assert_int_equal(info.image_size, 0x2010000);
	assert_int_equal(info.file_size, 4096);

	/* image_size 0: an old kernel, 64 MiB assumed as linux-loader does */
	put_le(b + 16, 0, 8);
	put_le(b + 8, 0x80000, 8);
	assert_int_equal(jh_linux_parse_image(b, 4096, &info, err,
					      sizeof(err)), 0);
	assert_int_equal(info.image_size, 64 * MiB);
	assert_int_equal(info.text_offset, 0x80000);

	assert_int_equal(jh_linux_parse_image(b, 63, &info, err,
					      sizeof(err)), -1);
	expect_err("truncated: 63 bytes, shorter than the 64-byte arm64 Image header");

	b[57] = 'X';
	assert_int_equal(jh_linux_parse_image(b, 4096, &info, err,
					      sizeof(err)), -1);
	expect_err("not an arm64 Image (no magic \"ARM\\x64\" at offset 56)");
	b[57] = 'R';

	b[24] |= 1;
	assert_int_equal(jh_linux_parse_image(b, 4096, &info, err,
					      sizeof(err)), -1);
	expect_err("big-endian");
	b[24] &= ~1;

	put_le(b + 8, 4 * MiB, 8);
	assert_int_equal(jh_linux_parse_image(b, 4096, &info, err,
					      sizeof(err)), -1);
	expect_err("implausible text_offset 0x400000");

	b[0] = 0x1f;
	b[1] = 0x8b;
	assert_int_equal(jh_linux_parse_image(b, 4096, &info, err,
					      sizeof(err)), -1);
	expect_err("gzip-compressed");
	memcpy(b, "\xd0\x0d\xfe\xed", 4);
	assert_int_equal(jh_linux_parse_image(b, 4096, &info, err,
					      sizeof(err)), -1);
	expect_err("a device tree, not an arm64 Image");
	free(b);
}

static void test_image_truncated_pe(void **state)
{
	struct jh_image_info info;
	const size_t size = 0x30000;
	uint8_t *b = image(size, 0, 0x2010000, true, 0x2f000);

	(void)state;
	/* complete, and with a signature appended */
	assert_int_equal(jh_linux_parse_image(b, 0x2f000, &info, err,
					      sizeof(err)), 0);
	assert_int_equal(jh_linux_parse_image(b, size, &info, err,
					      sizeof(err)), 0);
	/* cut anywhere in the sections */
	assert_int_equal(jh_linux_parse_image(b, 0x2efff, &info, err,
					      sizeof(err)), -1);
	expect_err("truncated: 192511 bytes, its PE/COFF sections end at 192512");
	assert_int_equal(jh_linux_parse_image(b, 0x1000, &info, err,
					      sizeof(err)), -1);
	expect_err("its PE/COFF sections end at");
	/* cut in the PE header, in the section table */
	assert_int_equal(jh_linux_parse_image(b, 0x50, &info, err,
					      sizeof(err)), -1);
	expect_err("its PE/COFF header is at offset 64");
	assert_int_equal(jh_linux_parse_image(b, 0x100, &info, err,
					      sizeof(err)), -1);
	expect_err("section table ends at");
	/* "MZ" without a PE header says nothing about the length */
	memcpy(b + 0x40, "XX", 2);
	assert_int_equal(jh_linux_parse_image(b, 0x1000, &info, err,
					      sizeof(err)), 0);
	free(b);
}

/* ---- the cell's memory ---- */

struct test_cell {
	struct jailhouse_cell_desc cell;
	uint8_t cpus[8];
	struct jailhouse_memory mem[8];
} __attribute__((packed));

#define RWXL	(JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE | \
		 JAILHOUSE_MEM_EXECUTE | JAILHOUSE_MEM_LOADABLE)

static void new_cell(struct test_cell *c, unsigned int regions)
{
	memset(c, 0, sizeof(*c));
	memcpy(c->cell.signature, JAILHOUSE_CELL_DESC_SIGNATURE,
	       JAILHOUSE_SIGNATURE_LEN);
	c->cell.architecture = JAILHOUSE_ARM64;
	c->cell.revision = JAILHOUSE_CONFIG_REVISION;
	strcpy(c->cell.name, "test-linux");
	c->cell.cpu_set_size = sizeof(c->cpus);
	c->cell.num_memory_regions = regions;
}

static void region(struct test_cell *c, unsigned int n, uint64_t virt,
		   uint64_t size, uint64_t flags)
{
	c->mem[n].phys_start = 0x80000000 + virt;
	c->mem[n].virt_start = virt;
	c->mem[n].size = size;
	c->mem[n].flags = flags;
}

static int layout(struct test_cell *c, struct jh_cell_layout *l)
{
	return jh_linux_cell_layout(c, sizeof(*c), 17584, 64, l, err,
				    sizeof(err));
}

static void test_layout_shipped_linux_demo(void **state)
{
	struct jh_cell_layout l;
	char path[512];
	size_t size;
	void *buf;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/qemu-arm64-linux-demo.cell",
		 JH_CELLS_DIR);
	f = fopen(path, "rb");
	assert_non_null(f);
	buf = malloc(65536);
	size = fread(buf, 1, 65536, f);
	fclose(f);
	assert_int_equal(jh_linux_cell_layout(buf, size, 17584, 64, &l, err,
					      sizeof(err)), 0);
	assert_string_equal(l.name, "qemu-arm64-linux-demo");
	assert_int_equal(l.loader, 0);
	assert_int_equal(l.params, 0x1000);
	/* region 11, not the loader's 64 KiB nor the shared memory */
	assert_int_equal(l.ram.start, 0x70000000);
	assert_int_equal(l.ram.end, 0x78000000);

	/* a system configuration is not a cell's */
	snprintf(path, sizeof(path), "%s/qemu-arm64.cell", JH_CELLS_DIR);
	f = fopen(path, "rb");
	assert_non_null(f);
	size = fread(buf, 1, 65536, f);
	fclose(f);
	assert_int_equal(jh_linux_cell_layout(buf, size, 17584, 64, &l, err,
					      sizeof(err)), -1);
	expect_err("a system configuration");
	free(buf);
}

static const struct jh_linux_files files = {
	.kernel = "Image", .dtb = "inmate.dtb", .initrd = "rootfs.cpio",
};

/*
 * TI's AM62x Linux inmate: linux-loader in the 64 KiB at cell address 0
 * (physical 0xffff0000), Linux in the 512 MiB - 64 KiB at 0xe0000000, and
 * the pieces where TI's guide loads them by hand: device tree 0xe0000000,
 * kernel 0xe0200000.
 */
static void test_layout_shipped_am62x_linux_demo(void **state)
{
	const struct jh_image_info img = {
		.image_size = 0x2010000, .file_size = 0x1f6dfc0,
	};
	struct jh_linux_placement p;
	struct jh_cell_layout l;
	char path[512];
	size_t size;
	void *buf;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/k3-am625-sk-linux-demo.cell",
		 JH_CELLS_DIR);
	f = fopen(path, "rb");
	assert_non_null(f);
	buf = malloc(65536);
	size = fread(buf, 1, 65536, f);
	fclose(f);
	assert_int_equal(jh_linux_cell_layout(buf, size, 17584, 64, &l, err,
					      sizeof(err)), 0);
	free(buf);
	assert_string_equal(l.name, "k3-am625-sk-linux-demo");
	assert_int_equal(l.loader, 0);
	assert_int_equal(l.params, 0x1000);
	assert_int_equal(l.ram.start, 0xe0000000);
	assert_int_equal(l.ram.end, 0xffff0000);

	assert_int_equal(jh_linux_place(&l.ram, &img, 0x900, 4 * MiB, 0,
					&files, &p, err, sizeof(err)), 0);
	assert_int_equal(p.dtb, 0xe0000000);
	assert_int_equal(p.kernel, 0xe0200000);
	assert_true(p.initrd >= p.kernel_end);
	assert_true(p.initrd_end <= 0xffff0000);
}

static void test_layout_choices(void **state)
{
	struct test_cell c;
	struct jh_cell_layout l;

	(void)state;
	/* loader region, then RAM in two adjacent regions: joined */
	new_cell(&c, 5);
	region(&c, 0, 0, 0x10000, RWXL);
	region(&c, 1, 0x40000000, 16 * MiB, RWXL);
	region(&c, 2, 0x41000000, 16 * MiB, RWXL);
	/* larger, but not RAM: shared with the root, I/O, comm region */
	region(&c, 3, 0x50000000, 64 * MiB, RWXL | JAILHOUSE_MEM_ROOTSHARED);
	region(&c, 4, 0x60000000, 64 * MiB, RWXL | JAILHOUSE_MEM_IO);
	assert_int_equal(layout(&c, &l), 0);
	assert_int_equal(l.ram.start, 0x40000000);
	assert_int_equal(l.ram.end, 0x42000000);

	/* not loadable, not executable: not RAM for Linux */
	c.mem[1].flags &= ~JAILHOUSE_MEM_LOADABLE;
	c.mem[2].flags &= ~JAILHOUSE_MEM_EXECUTE;
	assert_int_equal(layout(&c, &l), 0);
	/* what is left of the loader's region after its pages */
	assert_int_equal(l.ram.start, 0x5000);
	assert_int_equal(l.ram.end, 0x10000);

	/* a tiny loader region and nothing else */
	c.mem[0].size = 0x5000;
	assert_int_equal(layout(&c, &l), -1);
	expect_err("no RAM region");

	/* the loader's region too small for the loader */
	c.mem[0].size = 0x4000;
	assert_int_equal(layout(&c, &l), -1);
	expect_err("no loadable, executable region at the cell's reset address 0x0 for linux-loader (0x0..0x4fff)");

	/* RAM at 0 holding the loader: Linux gets what is above its pages */
	new_cell(&c, 2);
	region(&c, 0, 0, 128 * MiB, RWXL);
	region(&c, 1, 0x80000000, 0x1000,
	       JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
	       JAILHOUSE_MEM_COMM_REGION | JAILHOUSE_MEM_LOADABLE);
	assert_int_equal(layout(&c, &l), 0);
	assert_int_equal(l.ram.start, 0x5000);
	assert_int_equal(l.ram.end, 128 * MiB);

	/* a reset address elsewhere moves the loader and its string */
	c.cell.cpu_reset_address = 0x7000000;
	assert_int_equal(layout(&c, &l), 0);
	assert_int_equal(l.loader, 0x7000000);
	assert_int_equal(l.params, 0x7001000);
	assert_int_equal(l.ram.start, 0);
	assert_int_equal(l.ram.end, 0x7000000);

	/* bad configurations */
	new_cell(&c, 2);
	assert_int_equal(jh_linux_cell_layout(&c, sizeof(c.cell) + 8 + 32,
					      0, 64, &l, err, sizeof(err)),
			 -1);
	expect_err("truncated cell configuration");
	c.cell.revision = 13;
	assert_int_equal(layout(&c, &l), -1);
	expect_err("configuration revision 13");
	c.cell.signature[0] = 'X';
	assert_int_equal(layout(&c, &l), -1);
	expect_err("not a cell configuration");
}

/* ---- placement ---- */

static void test_place_linux_demo(void **state)
{
	const struct jh_range ram = { 0x70000000, 0x78000000 };
	struct jh_image_info img = {
		.image_size = 0x2010000, .file_size = 0x1f6dfc0,
	};
	struct jh_linux_placement p;

	(void)state;
	assert_int_equal(jh_linux_place(&ram, &img, 0x771, 4 * MiB, 0,
					&files, &p, err, sizeof(err)), 0);
	assert_int_equal(p.dtb, 0x70000000);
	assert_int_equal(p.dtb_size, 0x771);
	assert_int_equal(p.kernel, 0x70200000);
	assert_int_equal(p.kernel_end, 0x72210000);
	assert_int_equal(p.initrd, 0x72210000);
	assert_int_equal(p.initrd_end, 0x72610000);

	/* text_offset from the 2 MiB aligned base; the initramfs page
	 * aligned after image_size */
	img.text_offset = 0x80000;
	img.image_size = 0x1234567;
	assert_int_equal(jh_linux_place(&ram, &img, 0x771, 4 * MiB, 0,
					&files, &p, err, sizeof(err)), 0);
	assert_int_equal(p.kernel, 0x70280000);
	assert_int_equal(p.kernel_end, 0x70280000 + 0x1f6dfc0);
	assert_int_equal(p.initrd, 0x721ee000);

	/* no initramfs */
	assert_int_equal(jh_linux_place(&ram, &img, 0x771, 0, 0, &files, &p,
					err, sizeof(err)), 0);
	assert_int_equal(p.initrd, 0);
	assert_int_equal(p.initrd_end, 0);
}

static void test_place_layout_rules(void **state)
{
	struct jh_range ram = { 0x40001000, 0x48000000 };
	struct jh_image_info img = {
		.image_size = 16 * MiB, .file_size = 10 * MiB,
	};
	struct jh_linux_placement p;

	(void)state;
	/* a device tree of more than 2 MiB: the kernel moves up */
	assert_int_equal(jh_linux_place(&ram, &img, 2 * MiB, MiB, 0, &files,
					&p, err, sizeof(err)), 0);
	assert_int_equal(p.dtb, 0x40001000);
	assert_int_equal(p.kernel, 0x40400000);
	assert_int_equal(p.initrd, 0x41400000);

	/* the decompression factor reserves more than image_size */
	assert_int_equal(jh_linux_place(&ram, &img, 0x1000, MiB, 3, &files,
					&p, err, sizeof(err)), 0);
	assert_int_equal(p.kernel, 0x40200000);
	assert_int_equal(p.kernel_end, 0x40200000 + 30 * MiB);
	assert_int_equal(p.initrd, p.kernel_end);

	/* a RAM start within a page: the device tree at the next page */
	ram.start = 0x40000800;
	assert_int_equal(jh_linux_place(&ram, &img, 0x1000, 0, 0, &files, &p,
					err, sizeof(err)), 0);
	assert_int_equal(p.dtb, 0x40001000);
}

static void test_place_misfits(void **state)
{
	const struct jh_range ram = { 0x70000000, 0x78000000 };
	struct jh_image_info img = {
		.image_size = 0x2010000, .file_size = 140 * MiB,
	};
	struct jh_linux_placement p;

	(void)state;
	/* a file larger than the RAM */
	assert_int_equal(jh_linux_place(&ram, &img, 0x771, 0, 0, &files, &p,
					err, sizeof(err)), -1);
	expect_err("kernel Image: needs 0x8c00000 bytes (its file size), larger than the cell's RAM 0x70000000..0x77ffffff (0x8000000 bytes)");

	/* image_size larger than the RAM */
	img.file_size = 10 * MiB;
	img.image_size = 129 * MiB;
	assert_int_equal(jh_linux_place(&ram, &img, 0x771, 0, 0, &files, &p,
					err, sizeof(err)), -1);
	expect_err("needs 0x8100000 bytes (image_size of its header)");

	/* fits the RAM, not after the device tree and the 2 MiB alignment */
	img.image_size = 127 * MiB;
	assert_int_equal(jh_linux_place(&ram, &img, 0x771, 0, 0, &files, &p,
					err, sizeof(err)), -1);
	expect_err("kernel Image does not fit the cell's RAM 0x70000000..0x77ffffff: at 0x70200000");
	/* just fits */
	img.image_size = 126 * MiB;
	assert_int_equal(jh_linux_place(&ram, &img, 0x771, 0, 0, &files, &p,
					err, sizeof(err)), 0);
	assert_int_equal(p.kernel_end, 0x78000000);

	/* no room for the initramfs after the kernel */
	assert_int_equal(jh_linux_place(&ram, &img, 0x771, 1, 0, &files, &p,
					err, sizeof(err)), -1);
	expect_err("initramfs rootfs.cpio (1 bytes) does not fit the cell's RAM 0x70000000..0x77ffffff after the kernel (0x70200000..0x77ffffff): it would end at 0x78000001");
	img.image_size = 0x2010000;
	assert_int_equal(jh_linux_place(&ram, &img, 0x771, 100 * MiB, 0,
					&files, &p, err, sizeof(err)), -1);
	expect_err("initramfs rootfs.cpio (104857600 bytes) does not fit");
	assert_int_equal(jh_linux_place(&ram, &img, 0x771, 0x5df0000, 0,
					&files, &p, err, sizeof(err)), 0);
	assert_int_equal(p.initrd_end, 0x78000000);

	/* the boot protocol's bound of the device tree */
	assert_int_equal(jh_linux_place(&ram, &img, 2 * MiB + 1, 0, 0,
					&files, &p, err, sizeof(err)), -1);
	expect_err("device tree inmate.dtb: 2097153 bytes, more than the 2 MiB");
}

/* ---- "cell load" with linux-loader's string ---- */

static void test_loader_kernel_addr(void **state)
{
	uint64_t a = 0;

	(void)state;
	assert_true(jh_loader_kernel_addr("kernel=0x70200000 dtb=0x70000000",
					  &a));
	assert_int_equal(a, 0x70200000);
	assert_true(jh_loader_kernel_addr("dtb=0xe0000000 kernel=0xe0200000",
					  &a));
	assert_int_equal(a, 0xe0200000);
	/* the last one, as the loader reads it */
	assert_true(jh_loader_kernel_addr("kernel=1 kernel=0x2000", &a));
	assert_int_equal(a, 0x2000);
	assert_false(jh_loader_kernel_addr("dtb=0x70000000", &a));
	assert_false(jh_loader_kernel_addr("kernel=", &a));
	assert_false(jh_loader_kernel_addr("kernel=0x12zz", &a));
	assert_false(jh_loader_kernel_addr("mykernel=0x1000", &a));
	assert_false(jh_loader_kernel_addr("", &a));
}

/*
 * The guide's load of the qemu-arm64-linux-demo cell: loader at 0, its
 * string at 0x1000, Image at 0x70200000, initramfs at 0x74000000, device
 * tree at 0x70000000; the cell's loadable memory as cells/<id>/loadable
 * gives it.
 */
static void test_check_loaded_kernel(void **state)
{
	const struct jh_range ram[] = {
		{ 0, 0x10000 }, { 0x70000000, 0x78000000 },
	};
	struct jh_loaded others[] = {
		{ "linux-loader.bin", 0, 0x4000 },
		{ "the -s string", 0x1000, 34 },
		{ "rootfs.cpio", 0x74000000, 4 * MiB },
		{ "inmate.dtb", 0x70000000, 0x900 },
	};
	const size_t size = 0x30000;
	uint8_t *b = image(size, 0, 0x2010000, true, size);

	(void)state;
	assert_int_equal(jh_linux_check_loaded_kernel("Image", b, size,
						      0x70200000, ram, 2,
						      others, 4, err,
						      sizeof(err)), 0);
	/* without the driver's loadable file: no RAM check */
	assert_int_equal(jh_linux_check_loaded_kernel("Image", b, size,
						      0x77f00000, ram, 0,
						      NULL, 0, err,
						      sizeof(err)), 0);

	/* truncated: its PE/COFF sections end beyond the file */
	assert_int_equal(jh_linux_check_loaded_kernel("/tmp/trunc", b,
						      size - 0x1000,
						      0x70200000, ram, 2,
						      others, 4, err,
						      sizeof(err)), -1);
	expect_err("kernel=0x70200000: /tmp/trunc: truncated: 192512 bytes, its PE/COFF sections end at 196608");

	/* no Image at all */
	assert_int_equal(jh_linux_check_loaded_kernel("rootfs.cpio",
						      "070701", 6, 0x70200000,
						      ram, 2, others, 4, err,
						      sizeof(err)), -1);
	expect_err("kernel=0x70200000: rootfs.cpio: truncated: 6 bytes, shorter than the 64-byte arm64 Image header");
	b[56] = 'X';
	assert_int_equal(jh_linux_check_loaded_kernel("Image", b, size,
						      0x70200000, ram, 2,
						      others, 4, err,
						      sizeof(err)), -1);
	expect_err("kernel=0x70200000: Image: not an arm64 Image (no magic");
	b[56] = 'A';

	/* image_size beyond the cell's RAM */
	assert_int_equal(jh_linux_check_loaded_kernel("Image", b, size,
						      0x77000000, ram, 2,
						      NULL, 0, err,
						      sizeof(err)), -1);
	expect_err("kernel=0x77000000: Image: image_size 0x2010000 ends at 0x7900ffff, beyond the cell's loadable memory 0x70000000..0x77ffffff");
	assert_int_equal(jh_linux_check_loaded_kernel("Image", b, size,
						      0x60000000, ram, 2,
						      NULL, 0, err,
						      sizeof(err)), -1);
	expect_err("kernel=0x60000000: Image: the address is in none of the cell's loadable memory");

	/* its bss over the initramfs */
	others[2].address = 0x72000000;
	assert_int_equal(jh_linux_check_loaded_kernel("Image", b, size,
						      0x70200000, ram, 2,
						      others, 4, err,
						      sizeof(err)), -1);
	expect_err("kernel=0x70200000: Image: image_size 0x2010000 (up to 0x7220ffff) overlaps rootfs.cpio loaded at 0x72000000");

	/* a header whose image_size is less than the file */
	put_le(b + 16, 0x20000, 8);
	assert_int_equal(jh_linux_check_loaded_kernel("Image", b, size,
						      0x70200000, ram, 2,
						      NULL, 0, err,
						      sizeof(err)), -1);
	expect_err("kernel=0x70200000: Image: image_size 0x20000 in its header is smaller than the file (0x30000 bytes)");
	/* image_size 0 (before 3.17): the file's extent is what counts */
	put_le(b + 16, 0, 8);
	assert_int_equal(jh_linux_check_loaded_kernel("Image", b, size,
						      0x77fd0000, ram, 2,
						      NULL, 0, err,
						      sizeof(err)), 0);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_image_header),
		cmocka_unit_test(test_image_truncated_pe),
		cmocka_unit_test(test_layout_shipped_linux_demo),
		cmocka_unit_test(test_layout_shipped_am62x_linux_demo),
		cmocka_unit_test(test_layout_choices),
		cmocka_unit_test(test_place_linux_demo),
		cmocka_unit_test(test_place_layout_rules),
		cmocka_unit_test(test_place_misfits),
		cmocka_unit_test(test_loader_kernel_addr),
		cmocka_unit_test(test_check_loaded_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
