// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the arch-neutral cell code (hypervisor/core/control.c):
 * configuration validation, the root cell built from the shipped
 * qemu-arm64 system configuration (stage-2 map, hypervisor memory kept
 * out, interrupt ownership, the virtual PCI ECAM window), sub-page MMIO
 * regions, and the hypercall dispatcher.
 *
 * The arch hooks come from hv-host-shim.c; tables come from the real
 * mem_pool, backed by host memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/control.h>
#include <hv/printk.h>
#include <jailhouse/fw-header.h>

#include "hv-host-shim.h"

#ifndef JH_CELLS_DIR
#error JH_CELLS_DIR must name the folder of the host-built .cell files
#endif

#define POOL_PAGES	128
#define POOL_PHYS	0x7fd00000ULL

#define HV_PHYS		0x7fc00000ULL
#define ECAM_BASE	0x08e00000ULL

static struct {
	u8 *data;
	size_t len;
} sys_file;

static unsigned long pool_bitmap[PAGE_POOL_BITMAP_LONGS(POOL_PAGES)];
static void *pool_mem;

static union {
	struct jailhouse_fw_console hdr;
	u8 bytes[sizeof(struct jailhouse_fw_console) + 4096];
} ring;

static struct jailhouse_system *sys;

static void load_system(void)
{
	char path[512];
	long size;
	FILE *f;

	snprintf(path, sizeof(path), "%s/qemu-arm64.cell", JH_CELLS_DIR);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size > 0);
	rewind(f);
	sys_file.data = calloc(1, size);
	assert_non_null(sys_file.data);
	assert_int_equal(fread(sys_file.data, 1, size, f), (size_t)size);
	fclose(f);
	sys_file.len = size;
}

/* a fresh copy of the system configuration, for tests to modify */
static int setup(void **state)
{
	(void)state;
	sys = malloc(sys_file.len);
	assert_non_null(sys);
	memcpy(sys, sys_file.data, sys_file.len);
	system_config = sys;

	hv_shim_reset();
	page_pool_init(&mem_pool, "mem", pool_mem, POOL_PHYS, POOL_PAGES,
		       pool_bitmap);
	remap_pool.pages = 1024;
	remap_pool.used = 0;
	memset(&root_cell, 0, sizeof(root_cell));
	num_cells = 0;
	console_set_uart(NULL);
	console_set_ring(&ring.hdr, sizeof(ring));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	/* what the root's ivshmem links held, and those of failed inits */
	ivshmem_cell_exit(&root_cell);
	assert_int_equal(root_cell.num_ivshmem, 0);
	ivshmem_init();
	assert_int_equal(hv_shim.ivshmem_tables, 0);
	paging_free(&root_cell.stage2);
	/* every table of the root cell went back */
	assert_int_equal(mem_pool.used, 0);
	assert_int_equal(hv_shim.locks_held, 0);
	system_config = NULL;
	free(sys);
	return 0;
}

static int group_setup(void **state)
{
	(void)state;
	load_system();
	pool_mem = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	return pool_mem ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	free(pool_mem);
	free(sys_file.data);
	return 0;
}

static struct jailhouse_memory *root_mem(unsigned int n)
{
	return (struct jailhouse_memory *)
		jailhouse_cell_mem_regions(&sys->root_cell) + n;
}

static void ring_text(char *out, size_t size)
{
	size_t n;

	for (n = 0; n < ring.hdr.tail && n + 1 < size; n++)
		out[n] = ring.hdr.content[n % ring.hdr.content_size];
	out[n] = '\0';
}

static void expect_map(const struct cell *cell, u64 virt, u64 phys,
		       unsigned long flags)
{
	unsigned long got_flags;
	u64 got;

	if (!paging_virt2phys(&cell->stage2, virt, &got, &got_flags))
		fail_msg("0x%llx not mapped", (unsigned long long)virt);
	assert_int_equal(got, phys);
	assert_int_equal(got_flags, flags);
}

static void expect_unmapped(const struct cell *cell, u64 virt)
{
	if (paging_virt2phys(&cell->stage2, virt, NULL, NULL))
		fail_msg("0x%llx mapped", (unsigned long long)virt);
}

static enum mmio_result cell_access(struct cell *cell, u64 addr,
				    unsigned int size, bool write, u64 *value)
{
	struct mmio_access a = {
		.address = addr, .size = size, .is_write = write,
		.value = write ? *value : 0,
	};
	enum mmio_result res = mmio_handle_access(&cell->mmio, &a);

	if (!write)
		*value = a.value;
	return res;
}

/* ---- configuration ---- */

static void test_config_validate(void **state)
{
	char text[512];

	(void)state;
	assert_int_equal(config_validate(sys, sys_file.len), 0);
	assert_int_equal(ring.hdr.tail, 0);

	sys->revision = 13;
	assert_int_equal(config_validate(sys, sys_file.len), -EINVAL);
	ring_text(text, sizeof(text));
	assert_non_null(strstr(text, "Config error: "));
	assert_non_null(strchr(text, '\n'));

	/* a truncated one, too */
	sys->revision = 14;
	assert_int_equal(config_validate(sys, sys_file.len - 8), -EINVAL);
}

/* ---- the root cell ---- */

static void test_root_cell(void **state)
{
	(void)state;
	assert_int_equal(root_cell_init(), 0);
	assert_ptr_equal(root_cell.config, &sys->root_cell);
	assert_string_equal(cell_name(&root_cell), "qemu-arm64");
	assert_int_equal(root_cell.id, 0);
	assert_int_equal(root_cell.state, JAILHOUSE_CELL_RUNNING);
	assert_int_equal(cpu_set_weight(&root_cell.cpus), 4);
	assert_int_equal(root_cell.cpus.bits[0], 0xf);
	assert_int_equal(num_cells, 1);
	assert_int_equal(hv_shim.cell_init_calls, 1);
	assert_ptr_equal(hv_shim.cell_init_last, &root_cell);
	assert_ptr_equal(root_cell.stage2.fmt, &arch_cell_paging_format);
	assert_ptr_equal(root_cell.stage2.pool, &mem_pool);
	assert_true(mem_pool.used > 1);

	/* RAM, UART, high ECAM of QEMU: 1:1 with their rights */
	expect_map(&root_cell, 0x40000000, 0x40000000,
		   PAGE_FLAG_RW | PAGE_FLAG_EXEC);
	expect_map(&root_cell, 0x7faeffff, 0x7faeffff,
		   PAGE_FLAG_RW | PAGE_FLAG_EXEC);
	expect_map(&root_cell, 0x09000ffc, 0x09000ffc,
		   PAGE_FLAG_RW | PAGE_FLAG_DEVICE);
	expect_map(&root_cell, 0x4010000000ULL, 0x4010000000ULL,
		   PAGE_FLAG_RW | PAGE_FLAG_DEVICE);
	/* between regions and hypervisor memory: nothing */
	expect_unmapped(&root_cell, 0x09001000);
	expect_unmapped(&root_cell, HV_PHYS);
	expect_unmapped(&root_cell, 0);
	expect_unmapped(&root_cell, 0x80000000);
}

static void test_root_cell_irqs(void **state)
{
	(void)state;
	assert_int_equal(root_cell_init(), 0);
	/* the system config gives SPIs 32..159 to the root cell */
	assert_false(cell_owns_irq(&root_cell, 0));
	assert_false(cell_owns_irq(&root_cell, 31));
	assert_true(cell_owns_irq(&root_cell, 32));
	assert_true(cell_owns_irq(&root_cell, 36));
	assert_true(cell_owns_irq(&root_cell, 159));
	assert_false(cell_owns_irq(&root_cell, 160));
	assert_false(cell_owns_irq(&root_cell, 1023));
	assert_false(cell_owns_irq(&root_cell, 1024));
	assert_false(cell_owns_irq(&root_cell, ~0U));
}

/* pin bitmaps: bases, holes, SGIs/PPIs and chips that are not the GICD */
static void test_irq_bitmaps(void **state)
{
	struct jailhouse_irqchip *chip = (struct jailhouse_irqchip *)
		jailhouse_cell_irqchips(&sys->root_cell);

	(void)state;
	assert_int_equal(sys->root_cell.num_irqchips, 1);
	chip->pin_base = 0;
	chip->pin_bitmap[0] = 0x80000001;	/* 0 and 31: private */
	chip->pin_bitmap[1] = 0x00000011;	/* 32 and 36 */
	chip->pin_bitmap[2] = 0;
	chip->pin_bitmap[3] = 0x80000000;	/* 127 */
	/* without the ivshmem INTx interrupts: no ivshmem devices */
	sys->root_cell.num_pci_devices = 0;
	assert_int_equal(root_cell_init(), 0);
	assert_false(cell_owns_irq(&root_cell, 0));
	assert_false(cell_owns_irq(&root_cell, 31));
	assert_true(cell_owns_irq(&root_cell, 32));
	assert_false(cell_owns_irq(&root_cell, 33));
	assert_true(cell_owns_irq(&root_cell, 36));
	assert_false(cell_owns_irq(&root_cell, 64));
	assert_true(cell_owns_irq(&root_cell, 127));
	assert_false(cell_owns_irq(&root_cell, 128));
	paging_free(&root_cell.stage2);

	/* the top of the interrupt space: 1024 and above are cut off */
	chip->pin_base = 960;
	chip->pin_bitmap[0] = 0x1;
	chip->pin_bitmap[1] = 0;
	chip->pin_bitmap[2] = 0;
	chip->pin_bitmap[3] = 0x80000000;	/* 1087 */
	chip->pin_bitmap[1] = 0x80000000;	/* 1023 */
	assert_int_equal(root_cell_init(), 0);
	assert_true(cell_owns_irq(&root_cell, 960));
	assert_true(cell_owns_irq(&root_cell, 1023));
	assert_false(cell_owns_irq(&root_cell, 961));
	paging_free(&root_cell.stage2);

	/* an irqchip elsewhere than the GICD gives nothing */
	chip->address = 0x08010000;
	assert_int_equal(root_cell_init(), 0);
	assert_false(cell_owns_irq(&root_cell, 960));
	assert_false(cell_owns_irq(&root_cell, 1023));
}

/* hypervisor memory and the ECAM window stay out, whatever the config */
static void test_root_cell_holes(void **state)
{
	struct jailhouse_memory *ram = root_mem(9);
	struct jailhouse_memory *pcie = root_mem(15);

	(void)state;
	assert_int_equal(ram->phys_start, 0x40000000);
	assert_int_equal(pcie->phys_start, 0x10000000);
	/* RAM up to 2 GiB, over the hypervisor */
	ram->size = 0x40000000;
	/* the PCIe window over the virtual ECAM */
	pcie->phys_start = pcie->virt_start = 0x08000000;
	pcie->size = 0x01000000;
	assert_int_equal(root_cell_init(), 0);

	expect_map(&root_cell, HV_PHYS - 1, HV_PHYS - 1,
		   PAGE_FLAG_RW | PAGE_FLAG_EXEC);
	expect_unmapped(&root_cell, HV_PHYS);
	expect_unmapped(&root_cell, HV_PHYS + 0x3fffff);
	expect_unmapped(&root_cell, 0x7fffffff);

	expect_map(&root_cell, ECAM_BASE - 1, ECAM_BASE - 1,
		   PAGE_FLAG_RW | PAGE_FLAG_DEVICE);
	expect_unmapped(&root_cell, ECAM_BASE);
	expect_unmapped(&root_cell, ECAM_BASE + 0xfffff);
	/* the root's BAR window right after ECAM, as big */
	expect_unmapped(&root_cell, ECAM_BASE + 0x100000);
	expect_unmapped(&root_cell, ECAM_BASE + 0x1fffff);
	expect_map(&root_cell, ECAM_BASE + 0x200000, ECAM_BASE + 0x200000,
		   PAGE_FLAG_RW | PAGE_FLAG_DEVICE);
}

static u64 ecam_read(u64 offset, unsigned int size)
{
	u64 v = 0;

	assert_int_equal(cell_access(&root_cell, ECAM_BASE + offset, size,
				     false, &v), MMIO_HANDLED);
	return v;
}

static void ecam_write(u64 offset, unsigned int size, u64 v)
{
	assert_int_equal(cell_access(&root_cell, ECAM_BASE + offset, size,
				     true, &v), MMIO_HANDLED);
}

/*
 * The ECAM window of the virtual host bridge: the root's ivshmem devices
 * at 00:00.0 (demo, 3 peers) and 00:01.0 (net), nothing elsewhere.
 */
static void test_vpci_ecam(void **state)
{
	u64 v;

	(void)state;
	assert_int_equal(root_cell_init(), 0);
	/* empty slots and functions: all-ones, writes dropped */
	assert_int_equal(ecam_read(0x10000, 4), 0xffffffff);
	assert_int_equal(ecam_read(0x1000, 1), 0xff);
	assert_int_equal(ecam_read(0x10002, 2), 0xffff);
	assert_int_equal(ecam_read(0xffff8, 8), ~0ULL);
	ecam_write(0x10004, 4, 0x12345678);

	/* 00:00.0: ivshmem v2, undefined protocol; 00:01.0: virtual net */
	assert_int_equal(ecam_read(0, 4), 0x4106110a);
	assert_int_equal(ecam_read(2, 2), 0x4106);
	assert_int_equal(ecam_read(0x8000, 1), 0x0a);
	assert_int_equal(ecam_read(0x08, 4), 0xff000000);
	assert_int_equal(ecam_read(0x8008, 4), 0xff000100);
	assert_int_equal(ecam_read(0x2c, 4), 0x4106110a);
	/* status: a capability list at 0x40, the vendor one, INTA */
	assert_int_equal(ecam_read(0x06, 2), 0x0010);
	assert_int_equal(ecam_read(0x34, 1), 0x40);
	assert_int_equal(ecam_read(0x3d, 1), 1);
	assert_int_equal(ecam_read(0x40, 4), 0x00200009);
	/* state table 4 KiB, r/w 36 KiB, outputs 8 KiB, base 0x7faf0000 */
	assert_int_equal(ecam_read(0x44, 4), 0x1000);
	assert_int_equal(ecam_read(0x48, 4), 0x9000);
	assert_int_equal(ecam_read(0x4c, 4), 0);
	assert_int_equal(ecam_read(0x50, 4), 0x2000);
	assert_int_equal(ecam_read(0x58, 4), 0x7faf0000);
	assert_int_equal(ecam_read(0x5c, 4), 0);
	/* unimplemented: 0, and stays so */
	assert_int_equal(ecam_read(0x100, 4), 0);
	ecam_write(0x00, 4, 0);
	assert_int_equal(ecam_read(0, 4), 0x4106110a);

	/* BAR 0 sizing, then placing; command: only MEM, MASTER, INTx off */
	ecam_write(0x10, 4, 0xffffffff);
	assert_int_equal(ecam_read(0x10, 4), 0xfffff000);
	ecam_write(0x10, 4, 0x08f00000);
	assert_int_equal(ecam_read(0x10, 4), 0x08f00000);
	ecam_write(0x04, 2, 0xffff);
	assert_int_equal(ecam_read(0x04, 4), 0x0010040a);
	/* a byte write changes only its byte */
	ecam_write(0x3c, 1, 0x55);
	assert_int_equal(ecam_read(0x3c, 4), 0x155);
	ecam_write(0x43, 1, 0xff);
	assert_int_equal(ecam_read(0x40, 4), 0x01200009);

	/* the register page is reachable now: ID 0 of 3 peers */
	{
		struct mmio_access a = { .address = 0x08f00004, .size = 4 };

		assert_int_equal(ivshmem_bar_access(&root_cell, &a),
				 MMIO_HANDLED);
		assert_int_equal(a.value, 3);
		a.address = 0x08f01000;
		assert_int_equal(ivshmem_bar_access(&root_cell, &a),
				 MMIO_UNHANDLED);
		/* memory decoding off: gone */
		ecam_write(0x04, 2, 0);
		a.address = 0x08f00004;
		assert_int_equal(ivshmem_bar_access(&root_cell, &a),
				 MMIO_UNHANDLED);
	}
	v = 0x12345678;
	assert_int_equal(cell_access(&root_cell, ECAM_BASE + 4, 4, true, &v),
			 MMIO_HANDLED);
	/* one bus (end_bus 0): 1 MiB */
	assert_int_equal(cell_access(&root_cell, ECAM_BASE + 0x100000, 4,
				     false, &v), MMIO_UNHANDLED);
	assert_int_equal(cell_access(&root_cell, ECAM_BASE - 4, 4, false, &v),
			 MMIO_UNHANDLED);
}

static void test_vpci_sizes(void **state)
{
	u64 v;

	(void)state;
	/* more buses: a bigger window */
	sys->platform_info.pci_mmconfig_end_bus = 3;
	assert_int_equal(root_cell_init(), 0);
	assert_int_equal(cell_access(&root_cell, ECAM_BASE + 0x3ffffc, 4,
				     false, &v), MMIO_HANDLED);
	assert_int_equal(cell_access(&root_cell, ECAM_BASE + 0x400000, 4,
				     false, &v), MMIO_UNHANDLED);
	ivshmem_cell_exit(&root_cell);
	paging_free(&root_cell.stage2);

	/* not virtual, or no base: no window */
	sys->platform_info.pci_is_virtual = 0;
	assert_int_equal(root_cell_init(), 0);
	assert_int_equal(root_cell.mmio.num, 0);
	assert_int_equal(root_cell.num_ivshmem, 0);
	paging_free(&root_cell.stage2);

	sys->platform_info.pci_is_virtual = 1;
	sys->platform_info.pci_mmconfig_base = 0;
	assert_int_equal(root_cell_init(), 0);
	assert_int_equal(root_cell.mmio.num, 0);
}

/*
 * Run root_cell_init() with every pool size too small for it: each fails
 * with -ENOMEM, and freeing the stage-2 tables gives back every page.
 */
static void exhaust_root_cell_init(void)
{
	unsigned long pages;

	assert_int_equal(root_cell_init(), 0);
	pages = mem_pool.used;
	paging_free(&root_cell.stage2);
	num_cells = 0;
	for (mem_pool.pages = 0; mem_pool.pages < pages; mem_pool.pages++) {
		assert_int_equal(root_cell_init(), -ENOMEM);
		assert_int_equal(num_cells, 0);
		paging_free(&root_cell.stage2);
		assert_int_equal(mem_pool.used, 0);
	}
	assert_int_equal(root_cell_init(), 0);
	assert_int_equal(num_cells, 1);
	mem_pool.pages = POOL_PAGES;
}

static void test_root_cell_errors(void **state)
{
	struct jailhouse_memory *pcie = root_mem(15);

	(void)state;
	/* the arch part fails */
	hv_shim.cell_init_ret = -EIO;
	assert_int_equal(root_cell_init(), -EIO);
	assert_int_equal(num_cells, 0);
	paging_free(&root_cell.stage2);
	assert_int_equal(mem_pool.used, 0);
	hv_shim.cell_init_ret = 0;

	/* not enough pages for the tables, at every possible point */
	exhaust_root_cell_init();
	paging_free(&root_cell.stage2);

	/* the same when cutting out the ECAM window needs a split */
	pcie->phys_start = pcie->virt_start = 0x08000000;
	pcie->size = 0x01000000;
	exhaust_root_cell_init();
}

/*
 * The system configuration with its root cell's CPU set grown to @bytes,
 * all zero; the arrays after it move up.
 */
static void grow_root_cpu_set(unsigned int bytes)
{
	size_t at = offsetof(struct jailhouse_system, root_cell) +
		sizeof(struct jailhouse_cell_desc);
	unsigned int old = sys->root_cell.cpu_set_size;
	size_t len = sys_file.len + bytes - old;
	u8 *buf = calloc(1, len);

	assert_non_null(buf);
	memcpy(buf, sys, at);
	memcpy(buf + at + bytes, (u8 *)sys + at + old,
	       sys_file.len - at - old);
	free(sys);
	sys = (struct jailhouse_system *)buf;
	sys->root_cell.cpu_set_size = bytes;
	system_config = sys;
}

/* CPU slots: sized by the configuration, not by HV_MAX_CPUS */
static void test_cpu_slots(void **state)
{
	struct cpu_info *shim_cpus = cpu_info;
	unsigned long used;
	u8 *set;

	(void)state;
	assert_int_equal(cell_cpu_span(&sys->root_cell), 4);
	grow_root_cpu_set(72);
	set = (u8 *)jailhouse_cell_cpu_set(&sys->root_cell);
	assert_int_equal(cell_cpu_span(&sys->root_cell), 0);
	set[1] = 0x80;				/* CPU 15 */
	assert_int_equal(cell_cpu_span(&sys->root_cell), 16);
	set[0] = 0x0f;
	set[63] = 0x80;				/* CPU 511 */
	assert_int_equal(cell_cpu_span(&sys->root_cell), HV_MAX_CPUS);
	set[64] = 0x01;				/* CPU 512 */
	assert_int_equal(cell_cpu_span(&sys->root_cell), HV_MAX_CPUS + 1);

	/* a root CPU without a slot: refused (HV_SHIM_CPUS slots here) */
	assert_int_equal(root_cell_init(), -EINVAL);
	assert_int_equal(num_cells, 0);
	assert_int_equal(mem_pool.used, 0);

	/* 1..HV_MAX_CPUS slots, zeroed, from the page pool */
	assert_int_equal(cpu_info_init(0), -EINVAL);
	assert_int_equal(cpu_info_init(HV_MAX_CPUS + 1), -EINVAL);
	assert_ptr_equal(cpu_info, shim_cpus);
	assert_int_equal(num_cpu_slots, HV_SHIM_CPUS);
	assert_int_equal(cpu_info_init(HV_MAX_CPUS), 0);
	assert_int_equal(num_cpu_slots, HV_MAX_CPUS);
	used = mem_pool.used;
	assert_int_equal(used, PAGE_ALIGN(HV_MAX_CPUS * sizeof(*cpu_info)) /
			 PAGE_SIZE);
	assert_false(cpu_info[HV_MAX_CPUS - 1].online);
	assert_null(cpu_info[HV_MAX_CPUS - 1].cell);

	/* CPU 512 still has none; without it, all are the root's */
	assert_int_equal(root_cell_init(), -EINVAL);
	set[64] = 0;
	assert_int_equal(root_cell_init(), 0);
	assert_int_equal(cpu_set_weight(&root_cell.cpus), 6);
	assert_true(cpu_set_test(&root_cell.cpus, 15));
	assert_true(cpu_set_test(&root_cell.cpus, HV_MAX_CPUS - 1));
	assert_false(cpu_set_test(&root_cell.cpus, 14));
	assert_int_equal(cpu_set_next(&root_cell.cpus, 4), 15);
	assert_int_equal(cpu_set_next(&root_cell.cpus, 16), HV_MAX_CPUS - 1);
	assert_int_equal(cpu_set_next(&root_cell.cpus, HV_MAX_CPUS),
			 HV_MAX_CPUS);
	paging_free(&root_cell.stage2);

	/* sized as asked: 16 slots take one page */
	page_free(&mem_pool, cpu_info, used);
	assert_int_equal(cpu_info_init(16), 0);
	assert_int_equal(mem_pool.used, 1);
	page_free(&mem_pool, cpu_info, 1);

	/* and the pool can be too small */
	mem_pool.pages = 0;
	assert_int_equal(cpu_info_init(16), -ENOMEM);
	mem_pool.pages = POOL_PAGES;
	assert_int_equal(mem_pool.used, 0);
	/* the shim forgets what it mapped: drop the links first */
	ivshmem_cell_exit(&root_cell);
	hv_shim_reset();
}

/* the ECAM window overlaps an emulated region: the cell fails */
static void test_vpci_conflict(void **state)
{
	static u8 dev[0x100];
	struct jailhouse_memory *rtc = root_mem(11);

	(void)state;
	assert_int_equal(rtc->phys_start, 0x09010000);
	rtc->phys_start = (uintptr_t)dev;
	rtc->virt_start = ECAM_BASE + 0x80;
	rtc->size = sizeof(dev);
	assert_int_equal(root_cell_init(), -EEXIST);
	assert_int_equal(hv_shim.cell_init_calls, 0);
}

/* ---- cells with sub-page and other special regions ---- */

#define NUM_REGIONS	7

struct test_cell_desc {
	struct jailhouse_cell_desc desc;
	u8 cpus[8];
	struct jailhouse_memory mem[NUM_REGIONS];
} __attribute__((packed));

static u8 dev_a[0x100] __attribute__((aligned(16)));
static u8 dev_b[0x20] __attribute__((aligned(16)));
static u8 dev_c[PAGE_SIZE + 0x10] __attribute__((aligned(PAGE_SIZE)));

static void make_desc(struct test_cell_desc *d)
{
	memset(d, 0, sizeof(*d));
	strcpy(d->desc.name, "subpage-test");
	d->desc.cpu_set_size = sizeof(d->cpus);
	d->desc.num_memory_regions = NUM_REGIONS;
	d->cpus[0] = 0x4;

	/* RAM as a block */
	d->mem[0] = (struct jailhouse_memory){
		.phys_start = 0x50000000, .virt_start = 0, .size = 0x200000,
		.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
			JAILHOUSE_MEM_EXECUTE,
	};
	/* RAM without huge pages */
	d->mem[1] = (struct jailhouse_memory){
		.phys_start = 0x50200000, .virt_start = 0x200000,
		.size = 0x200000,
		.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_NO_HUGEPAGES,
	};
	/* empty: ignored */
	d->mem[2] = (struct jailhouse_memory){
		.phys_start = 0x60000000, .virt_start = 0x60000000,
		.flags = JAILHOUSE_MEM_READ,
	};
	/* sub-page device, 8- and 32-bit accesses, aligned only */
	d->mem[3] = (struct jailhouse_memory){
		.phys_start = (uintptr_t)dev_a, .virt_start = 0x09000100,
		.size = sizeof(dev_a),
		.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
			JAILHOUSE_MEM_IO | JAILHOUSE_MEM_IO_8 |
			JAILHOUSE_MEM_IO_32,
	};
	/* sub-page, read-only, any width, unaligned allowed */
	d->mem[4] = (struct jailhouse_memory){
		.phys_start = (uintptr_t)dev_b, .virt_start = 0x09001000,
		.size = sizeof(dev_b),
		.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_IO |
			JAILHOUSE_MEM_IO_UNALIGNED,
	};
	/* a whole page, but at an unaligned physical address: write-only */
	d->mem[5] = (struct jailhouse_memory){
		.phys_start = (uintptr_t)dev_c + 0x10,
		.virt_start = 0x09002000, .size = PAGE_SIZE,
		.flags = JAILHOUSE_MEM_WRITE | JAILHOUSE_MEM_IO,
	};
	/* a device page, and hypervisor memory (non-root cells keep it) */
	d->mem[6] = (struct jailhouse_memory){
		.phys_start = 0x09010000, .virt_start = 0x7fc00000,
		.size = 0x1000,
		.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE |
			JAILHOUSE_MEM_IO,
	};
}

static void make_cell(struct cell *cell, const struct test_cell_desc *d)
{
	memset(cell, 0, sizeof(*cell));
	cell->config = &d->desc;
	cell->id = 1;
	assert_int_equal(paging_init(&cell->stage2, &arch_cell_paging_format,
				     &mem_pool), 0);
}

static void test_cell_map_memory(void **state)
{
	struct test_cell_desc d;
	struct cell cell;

	(void)state;
	make_desc(&d);
	make_cell(&cell, &d);
	assert_int_equal(cell_map_memory(&cell), 0);

	expect_map(&cell, 0x1234, 0x50001234,
		   PAGE_FLAG_RW | PAGE_FLAG_EXEC);
	expect_map(&cell, 0x3ff000, 0x503ff000, PAGE_FLAG_READ);
	expect_unmapped(&cell, 0x60000000);
	expect_map(&cell, 0x7fc00010, 0x09010010,
		   PAGE_FLAG_RW | PAGE_FLAG_DEVICE);
	/* sub-page regions are emulated, not mapped */
	expect_unmapped(&cell, 0x09000100);
	expect_unmapped(&cell, 0x09001000);
	expect_unmapped(&cell, 0x09002000);
	assert_int_equal(cell.mmio.num, 3);

	paging_free(&cell.stage2);
}

static void test_subpage_access(void **state)
{
	struct test_cell_desc d;
	struct cell cell;
	u64 v;

	(void)state;
	make_desc(&d);
	make_cell(&cell, &d);
	assert_int_equal(cell_map_memory(&cell), 0);
	memset(dev_a, 0, sizeof(dev_a));
	memset(dev_b, 0, sizeof(dev_b));
	memset(dev_c, 0, sizeof(dev_c));

	/* dev_a: 8 and 32 bit, aligned, read/write */
	v = 0xcafef00d;
	assert_int_equal(cell_access(&cell, 0x09000110, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(dev_a[0x10], 0x0d);
	assert_int_equal(dev_a[0x13], 0xca);
	assert_int_equal(cell_access(&cell, 0x09000110, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0xcafef00d);
	assert_int_equal(cell_access(&cell, 0x09000113, 1, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0xca);
	v = 0x5a;
	assert_int_equal(cell_access(&cell, 0x090001ff, 1, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(dev_a[0xff], 0x5a);
	/* 16 and 64 bit are not allowed */
	assert_int_equal(cell_access(&cell, 0x09000110, 2, false, &v),
			 MMIO_ERROR);
	assert_int_equal(cell_access(&cell, 0x09000110, 8, true, &v),
			 MMIO_ERROR);
	/* nor unaligned 32 bit */
	assert_int_equal(cell_access(&cell, 0x09000112, 4, false, &v),
			 MMIO_ERROR);
	/* nor past the end of the region */
	assert_int_equal(cell_access(&cell, 0x090001fe, 4, false, &v),
			 MMIO_ERROR);
	/* nor beyond it */
	assert_int_equal(cell_access(&cell, 0x09000200, 1, false, &v),
			 MMIO_UNHANDLED);

	/*
	 * dev_b: read-only, any width, unaligned allowed.  A misaligned
	 * access is replayed byte by byte (one misaligned access would be an
	 * alignment fault on Device memory at EL2).
	 */
	dev_b[2] = 0x11;
	dev_b[3] = 0x22;
	assert_int_equal(cell_access(&cell, 0x09001002, 2, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0x2211);
	dev_b[4] = 0x33;
	assert_int_equal(cell_access(&cell, 0x09001003, 2, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0x3322);
	assert_int_equal(cell_access(&cell, 0x09001001, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0x33221100);
	assert_int_equal(cell_access(&cell, 0x09001008, 8, false, &v),
			 MMIO_HANDLED);
	v = 1;
	assert_int_equal(cell_access(&cell, 0x09001000, 1, true, &v),
			 MMIO_ERROR);
	assert_int_equal(dev_b[0], 0);

	/* dev_c: write-only */
	v = 0x0102030405060708ULL;
	assert_int_equal(cell_access(&cell, 0x09002ff8, 8, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(dev_c[0x10 + 0xff8], 0x08);
	assert_int_equal(dev_c[0x10 + 0xfff], 0x01);
	assert_int_equal(cell_access(&cell, 0x09002ff8, 8, false, &v),
			 MMIO_ERROR);

	paging_free(&cell.stage2);
}

/* a sub-page region that is not I/O cannot be emulated */
static void test_subpage_not_io(void **state)
{
	struct test_cell_desc d;
	struct cell cell;

	(void)state;
	make_desc(&d);
	d.mem[4].flags &= ~JAILHOUSE_MEM_IO;
	make_cell(&cell, &d);
	assert_int_equal(cell_map_memory(&cell), -EINVAL);
	paging_free(&cell.stage2);
}

/* a region past the stage-2 input range is refused, not aliased */
static void test_cell_region_out_of_range(void **state)
{
	struct test_cell_desc d;
	struct cell cell;

	(void)state;
	make_desc(&d);
	d.mem[0].virt_start = 0x8000000000ULL;
	make_cell(&cell, &d);
	assert_int_equal(cell_map_memory(&cell), -ERANGE);
	paging_free(&cell.stage2);
}

/* errors of the mapping or of the MMIO table are passed on */
static void test_cell_map_errors(void **state)
{
	struct test_cell_desc d;
	struct cell cell;

	(void)state;
	make_desc(&d);
	/* two sub-page regions on the same addresses */
	d.mem[4].virt_start = d.mem[3].virt_start;
	make_cell(&cell, &d);
	assert_int_equal(cell_map_memory(&cell), -EEXIST);
	paging_free(&cell.stage2);

	/* no pages left for the tables */
	make_desc(&d);
	make_cell(&cell, &d);
	mem_pool.pages = mem_pool.used;
	assert_int_equal(cell_map_memory(&cell), -ENOMEM);
	paging_free(&cell.stage2);
	mem_pool.pages = POOL_PAGES;
}

/* ---- hypercalls ---- */

static struct test_cell_desc other_desc;
static struct cell other;

/* CPUs 0, 1: root cell; 2: another cell; 3: none */
static void setup_cpus(void)
{
	unsigned int n;

	assert_int_equal(root_cell_init(), 0);
	make_desc(&other_desc);
	memset(&other, 0, sizeof(other));
	other.config = &other_desc.desc;
	other.id = 1;
	for (n = 0; n < 4; n++) {
		cpu_info[n].id = n;
		cpu_info[n].online = true;
		cpu_info[n].state = JAILHOUSE_CPU_RUNNING;
	}
	cpu_info[0].cell = &root_cell;
	cpu_info[1].cell = &root_cell;
	cpu_info[2].cell = &other;
}

static long hc_on(unsigned int cpu, unsigned long code, unsigned long arg1,
		  unsigned long arg2)
{
	hv_shim.cpu_id = cpu;
	return hypercall(code, arg1, arg2);
}

static void test_hc_disable(void **state)
{
	(void)state;
	setup_cpus();
	assert_int_equal(hc_on(0, JAILHOUSE_HC_DISABLE, 0, 0), 0);
	assert_int_equal(hc_on(1, JAILHOUSE_HC_DISABLE, 0, 0), 0);
	assert_int_equal(hc_on(2, JAILHOUSE_HC_DISABLE, 0, 0), -EPERM);
	num_cells = 2;
	assert_int_equal(hc_on(0, JAILHOUSE_HC_DISABLE, 0, 0), -EBUSY);
}

static void test_hc_get_info(void **state)
{
	(void)state;
	setup_cpus();
	remap_pool.used = 7;
	assert_int_equal(hc_on(0, JAILHOUSE_HC_HYPERVISOR_GET_INFO,
			       JAILHOUSE_INFO_MEM_POOL_SIZE, 0), POOL_PAGES);
	assert_int_equal(hc_on(0, JAILHOUSE_HC_HYPERVISOR_GET_INFO,
			       JAILHOUSE_INFO_MEM_POOL_USED, 0),
			 mem_pool.used);
	assert_true(mem_pool.used > 0);
	assert_int_equal(hc_on(0, JAILHOUSE_HC_HYPERVISOR_GET_INFO,
			       JAILHOUSE_INFO_REMAP_POOL_SIZE, 0), 1024);
	assert_int_equal(hc_on(0, JAILHOUSE_HC_HYPERVISOR_GET_INFO,
			       JAILHOUSE_INFO_REMAP_POOL_USED, 0), 7);
	assert_int_equal(hc_on(0, JAILHOUSE_HC_HYPERVISOR_GET_INFO,
			       JAILHOUSE_INFO_NUM_CELLS, 0), 1);
	assert_int_equal(hc_on(0, JAILHOUSE_HC_HYPERVISOR_GET_INFO, 99, 0),
			 -EINVAL);
	/* any cell may ask */
	assert_int_equal(hc_on(2, JAILHOUSE_HC_HYPERVISOR_GET_INFO,
			       JAILHOUSE_INFO_NUM_CELLS, 0), 1);
}

static void test_hc_cpu_get_info(void **state)
{
	const unsigned long stat = JAILHOUSE_CPU_INFO_STAT_BASE;

	(void)state;
	setup_cpus();
	cpu_info[2].state = 2;
	cpu_info[1].stats[JAILHOUSE_CPU_STAT_VMEXITS_MMIO] = 42;

	assert_int_equal(hc_on(0, JAILHOUSE_HC_CPU_GET_INFO, 1,
			       JAILHOUSE_CPU_INFO_STATE),
			 JAILHOUSE_CPU_RUNNING);
	assert_int_equal(hc_on(0, JAILHOUSE_HC_CPU_GET_INFO, 2,
			       JAILHOUSE_CPU_INFO_STATE), 2);
	assert_int_equal(hc_on(0, JAILHOUSE_HC_CPU_GET_INFO, 1,
			       stat + JAILHOUSE_CPU_STAT_VMEXITS_MMIO), 42);
	/* this very call is counted */
	assert_int_equal(hc_on(0, JAILHOUSE_HC_CPU_GET_INFO, 0,
			       stat + JAILHOUSE_CPU_STAT_VMEXITS_HYPERCALL),
			 4);
	assert_int_equal(hc_on(0, JAILHOUSE_HC_CPU_GET_INFO, 1,
			       stat + JAILHOUSE_NUM_CPU_STATS - 1), 0);

	/* unknown CPUs and types */
	assert_int_equal(hc_on(0, JAILHOUSE_HC_CPU_GET_INFO, 3,
			       JAILHOUSE_CPU_INFO_STATE), -EINVAL);
	assert_int_equal(hc_on(0, JAILHOUSE_HC_CPU_GET_INFO, num_cpu_slots,
			       JAILHOUSE_CPU_INFO_STATE), -EINVAL);
	assert_int_equal(hc_on(0, JAILHOUSE_HC_CPU_GET_INFO, HV_MAX_CPUS,
			       JAILHOUSE_CPU_INFO_STATE), -EINVAL);
	assert_int_equal(hc_on(0, JAILHOUSE_HC_CPU_GET_INFO, ~0UL,
			       JAILHOUSE_CPU_INFO_STATE), -EINVAL);
	assert_int_equal(hc_on(0, JAILHOUSE_HC_CPU_GET_INFO, 1, 1), -EINVAL);
	assert_int_equal(hc_on(0, JAILHOUSE_HC_CPU_GET_INFO, 1,
			       stat + JAILHOUSE_NUM_CPU_STATS), -EINVAL);
	assert_int_equal(hc_on(0, JAILHOUSE_HC_CPU_GET_INFO, 1, stat - 1),
			 -EINVAL);

	/* a non-root cell sees its own CPUs only */
	assert_int_equal(hc_on(2, JAILHOUSE_HC_CPU_GET_INFO, 2,
			       JAILHOUSE_CPU_INFO_STATE), 2);
	assert_int_equal(hc_on(2, JAILHOUSE_HC_CPU_GET_INFO, 0,
			       JAILHOUSE_CPU_INFO_STATE), -EPERM);
}

static void test_hc_management(void **state)
{
	static const unsigned long codes[] = {
		JAILHOUSE_HC_CELL_CREATE, JAILHOUSE_HC_CELL_START,
		JAILHOUSE_HC_CELL_SET_LOADABLE, JAILHOUSE_HC_CELL_DESTROY,
	};
	const u32 *stats;
	unsigned int n;

	(void)state;
	setup_cpus();
	/* only the root cell manages cells */
	for (n = 0; n < ARRAY_SIZE(codes); n++)
		assert_int_equal(hc_on(2, codes[n], 1, 0), -EPERM);
	stats = cpu_info[2].stats;
	assert_int_equal(stats[JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT],
			 ARRAY_SIZE(codes));
	assert_int_equal(stats[JAILHOUSE_CPU_STAT_VMEXITS_HYPERCALL],
			 ARRAY_SIZE(codes));

	assert_int_equal(hc_on(0, JAILHOUSE_HC_CELL_GET_STATE, 0, 0),
			 JAILHOUSE_CELL_RUNNING);
	assert_int_equal(hc_on(0, JAILHOUSE_HC_CELL_GET_STATE, 77, 0),
			 -ENOENT);
	assert_int_equal(hc_on(2, JAILHOUSE_HC_CELL_GET_STATE, 0, 0), -EPERM);
}

static void test_hc_console(void **state)
{
	char text[64];

	(void)state;
	setup_cpus();
	assert_int_equal(hc_on(0, JAILHOUSE_HC_DEBUG_CONSOLE_PUTC, 'o', 0),
			 0);
	assert_int_equal(hc_on(1, JAILHOUSE_HC_DEBUG_CONSOLE_PUTC, 'k', 0),
			 0);
	/* not permitted to the other cell... */
	assert_int_equal(hc_on(2, JAILHOUSE_HC_DEBUG_CONSOLE_PUTC, 'x', 0),
			 -EPERM);
	/* ...unless its config says so */
	other_desc.desc.flags |= JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED;
	assert_int_equal(hc_on(2, JAILHOUSE_HC_DEBUG_CONSOLE_PUTC, '!', 0),
			 0);
	ring_text(text, sizeof(text));
	assert_string_equal(text, "ok!");
}

static void test_hc_unknown(void **state)
{
	(void)state;
	setup_cpus();
	assert_int_equal(hc_on(0, 9, 0, 0), -ENOSYS);
	assert_int_equal(hc_on(0, 0x4a48, 0, 0), -ENOSYS);
	assert_int_equal(hc_on(2, ~0UL, 0, 0), -ENOSYS);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_config_validate),
		T(test_root_cell),
		T(test_root_cell_irqs),
		T(test_irq_bitmaps),
		T(test_root_cell_holes),
		T(test_vpci_ecam),
		T(test_vpci_sizes),
		T(test_root_cell_errors),
		T(test_vpci_conflict),
		T(test_cpu_slots),
		T(test_cell_map_memory),
		T(test_subpage_access),
		T(test_subpage_not_io),
		T(test_cell_region_out_of_range),
		T(test_cell_map_errors),
		T(test_hc_disable),
		T(test_hc_get_info),
		T(test_hc_cpu_get_info),
		T(test_hc_management),
		T(test_hc_console),
		T(test_hc_unknown),
	};

	return cmocka_run_group_tests_name("control", tests, group_setup,
					   group_teardown);
}
