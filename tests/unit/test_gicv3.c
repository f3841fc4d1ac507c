// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the GICv3 code (hypervisor/arch/arm64/gicv3.c, compiled
 * unchanged) against a fake CPU (fake-arm64.c) and distributor and
 * redistributor register files in host memory:
 *  - distributor emulation: per-interrupt registers filtered by SPI
 *    ownership, IROUTER targets, SETSPI, CTLR, pass-through reads;
 *  - redistributor emulation: own frames versus other cells' frames, the
 *    maintenance interrupt kept from the cells;
 *  - SGI routing (ICC_SGI1R_EL1 decoding) to the CPUs of the sender's cell;
 *  - list registers: injection, coalescing, the overflow queue, the
 *    maintenance (underflow) interrupt, handling and draining.
 *
 * The system configuration is qemu-arm64's, with the GIC moved to host
 * buffers and the root cell's SPIs 33 and 40 taken away.  CPUs: 0, 1 and
 * 3 (Aff1 = 1) and 4 (Aff0 = 0x12) are the root cell's, 2 is another
 * cell's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <asm/arm64.h>
#include <hv/control.h>
#include <hv/printk.h>

#include "fake-arm64.h"
#include "hv-host-shim.h"

#ifndef JH_CELLS_DIR
#error JH_CELLS_DIR must name the folder of the host-built .cell files
#endif

#define POOL_PAGES	256

#define GICD_SIZE	0x10000
/* host buffer: as many frames as the hypervisor walks at most */
#define GICR_WINDOW	(HV_MAX_CPUS * GICR_STRIDE)
#define GICR_STRIDE	0x20000
#define GICR_FRAMES	4
/* what reset_hardware() sets up (and clears) of it */
#define GICR_USED	(16 * GICR_STRIDE)
#define SGI_BASE	0x10000
#define MAINT_IRQ	25

/* architectural register offsets */
#define GICD_CTLR	0x0000
#define GICD_TYPER	0x0004
#define GICD_SETSPI	0x0040
#define GICD_IGROUPR	0x0080
#define GICD_ISENABLER	0x0100
#define GICD_ICENABLER	0x0180
#define GICD_ISPENDR	0x0200
#define GICD_IPRIORITYR	0x0400
#define GICD_ITARGETSR	0x0800
#define GICD_ICFGR	0x0c00
#define GICD_NSACR	0x0e00
#define GICD_IROUTER	0x6000
#define GICD_PIDR2	0xffe8
#define GICR_IIDR	0x0004
#define GICR_TYPER	0x0008
#define GICR_WAKER	0x0014
#define GICR_PIDR2	0xffe8

#define LR_PENDING	(1ULL << 62)
#define LR_ACTIVE	(1ULL << 63)
#define LR_HW		(1ULL << 61)
#define LR_GROUP1	(1ULL << 60)
#define LR_PRIO(p)	((u64)(p) << 48)

static const u64 mpidrs[] = { 0x0, 0x1, 0x2, 0x100, 0x12 };
#define NUM_CPUS	ARRAY_SIZE(mpidrs)

static u8 *sys_file;
static size_t sys_len;
static struct jailhouse_system *sys;
static void *pool_mem;
static unsigned long pool_bitmap[PAGE_POOL_BITMAP_LONGS(POOL_PAGES)];
static u8 *gicd;
static u8 *gicr;
static struct cell other;

/* traps.c is not part of this test: the slow end of arch_handle_irq() */
int trap_done_work(struct trap_frame *frame, int res)
{
	(void)frame;
	return res;
}

static u32 rd32(const u8 *base, u64 offset)
{
	return *(volatile u32 *)(base + offset);
}

static void wr32(u8 *base, u64 offset, u32 v)
{
	*(volatile u32 *)(base + offset) = v;
}

static u64 rd64(const u8 *base, u64 offset)
{
	return *(volatile u64 *)(base + offset);
}

static void wr64(u8 *base, u64 offset, u64 v)
{
	*(volatile u64 *)(base + offset) = v;
}

static u64 gicd_base(void)
{
	return (uintptr_t)gicd;
}

static u64 gicr_base(void)
{
	return (uintptr_t)gicr;
}

static enum mmio_result trap(struct cell *cell, u64 addr, unsigned int size,
			     bool write, u64 *value)
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

/* a cell's access to the distributor / to redistributor frame @frame */
static enum mmio_result dist(struct cell *cell, u64 offset,
			     unsigned int size, bool write, u64 *value)
{
	return trap(cell, gicd_base() + offset, size, write, value);
}

static enum mmio_result redist(struct cell *cell, unsigned int frame,
			       u64 offset, unsigned int size, bool write,
			       u64 *value)
{
	return trap(cell, gicr_base() + frame * GICR_STRIDE + offset, size,
		    write, value);
}

static u64 lr(unsigned int n)
{
	return fake_sysreg_get(fake_lr_name(n));
}

static u64 lr_value(unsigned int intid, bool hw)
{
	u64 v = intid | LR_GROUP1 | LR_PENDING | LR_PRIO(0xa0);

	if (hw)
		v |= LR_HW | ((u64)intid << 32);
	return v;
}

static int group_setup(void **state)
{
	char path[512];
	FILE *f;
	long size;

	(void)state;
	snprintf(path, sizeof(path), "%s/qemu-arm64.cell", JH_CELLS_DIR);
	f = fopen(path, "rb");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	sys_file = malloc(size);
	if (!sys_file || fread(sys_file, 1, size, f) != (size_t)size)
		return -1;
	fclose(f);
	sys_len = size;
	pool_mem = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	gicd = aligned_alloc(GICD_SIZE, GICD_SIZE);
	gicr = aligned_alloc(GICD_SIZE, GICR_WINDOW);
	if (!pool_mem || !gicd || !gicr)
		return -1;
	/* beyond GICR_USED it stays zero */
	memset(gicr, 0, GICR_WINDOW);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	free(sys_file);
	free(pool_mem);
	free(gicd);
	free(gicr);
	return 0;
}

/* the hardware as the hypervisor finds it at enable */
static void reset_hardware(void)
{
	unsigned int n;

	memset(gicd, 0, GICD_SIZE);
	memset(gicr, 0, GICR_USED);
	wr32(gicd, GICD_CTLR, 0x37);		/* ARE_NS, groups enabled */
	wr32(gicd, GICD_TYPER, 0x0078001f);
	wr32(gicd, GICD_PIDR2, 0x3b);
	for (n = 0; n < GICR_FRAMES; n++) {
		u64 aff = mpidrs[n < 2 ? n : n == 2 ? 2 : 3];

		wr64(gicr, n * GICR_STRIDE + GICR_TYPER,
		     (aff << 32) | (n == GICR_FRAMES - 1 ? BIT(4) : 0) |
		     (n << 8));
		wr32(gicr, n * GICR_STRIDE + GICR_IIDR, 0x43b);
		wr32(gicr, n * GICR_STRIDE + GICR_PIDR2, 0x3b);
	}
}

static int setup(void **state)
{
	struct jailhouse_irqchip *chip;
	unsigned int n;

	(void)state;
	hv_shim_reset();
	fake_arm64_reset();
	reset_hardware();

	sys = malloc(sys_len);
	assert_non_null(sys);
	memcpy(sys, sys_file, sys_len);
	sys->platform_info.arm.gicd_base = gicd_base();
	sys->platform_info.arm.gicr_base = gicr_base();
	assert_int_equal(sys->platform_info.arm.maintenance_irq, MAINT_IRQ);
	chip = (struct jailhouse_irqchip *)
		jailhouse_cell_irqchips(&sys->root_cell);
	chip->address = gicd_base();
	/* SPIs 32..159 but 33 and 40 */
	chip->pin_bitmap[0] &= ~(BIT(1) | BIT(8));
	system_config = sys;

	page_pool_init(&mem_pool, "mem", pool_mem, 0x7fd00000, POOL_PAGES,
		       pool_bitmap);
	remap_pool.pages = 1024;
	remap_pool.used = 0;
	assert_int_equal(paging_init(&hv_paging, &arch_hyp_paging_format,
				     &mem_pool), 0);
	console_set_uart(NULL);

	memset(&root_cell, 0, sizeof(root_cell));
	assert_int_equal(gic_map_hyp(), 0);
	assert_int_equal(gic_global_init(), 0);
	assert_int_equal(root_cell_init(), 0);
	/* the CPUs below: 0, 1, 3, 4 the root's, 2 the other cell's */
	cpu_set_del(&root_cell.cpus, 2);
	cpu_set_add(&root_cell.cpus, 4);

	memset(&other, 0, sizeof(other));
	other.config = &sys->root_cell;
	other.id = 1;
	other.spi_bitmap[1] = BIT(1);		/* SPI 33 */
	cpu_set_add(&other.cpus, 2);
	assert_int_equal(paging_init(&other.stage2, &arch_cell_paging_format,
				     &mem_pool), 0);

	for (n = 0; n < NUM_CPUS; n++) {
		cpu_info[n].id = n;
		cpu_info[n].online = true;
		cpu_info[n].arch_id = mpidrs[n];
		cpu_info[n].cell = n == 2 ? &other : &root_cell;
		fake_per_cpu[n].cpu_id = n;
		fake_per_cpu[n].mpidr = mpidrs[n];
		fake_per_cpu[n].info = &cpu_info[n];
	}
	assert_int_equal(gic_cell_init(&root_cell), 0);
	assert_int_equal(gic_cell_init(&other), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	paging_free(&root_cell.stage2);
	paging_free(&other.stage2);
	paging_free(&hv_paging);
	assert_int_equal(mem_pool.used, 0);
	assert_int_equal(hv_shim.locks_held, 0);
	system_config = NULL;
	free(sys);
	return 0;
}

/* ---- set-up ---- */

static void test_map_hyp(void **state)
{
	unsigned long flags;
	u64 phys;

	(void)state;
	/* GICD and the GICR frames the GIC has, as device memory */
	assert_true(paging_virt2phys(&hv_paging, gicd_base() + 0xfffc, &phys,
				     &flags));
	assert_int_equal(phys, gicd_base() + 0xfffc);
	assert_int_equal(flags, PAGE_FLAG_RW | PAGE_FLAG_DEVICE);
	assert_true(paging_virt2phys(&hv_paging, gicr_base() +
				     GICR_FRAMES * GICR_STRIDE - 4, &phys,
				     &flags));
	assert_int_equal(flags, PAGE_FLAG_RW | PAGE_FLAG_DEVICE);
	assert_false(paging_virt2phys(&hv_paging, gicr_base() +
				      GICR_FRAMES * GICR_STRIDE, NULL, NULL));
	assert_int_equal(remap_pool.used,
			 (GICD_SIZE + GICR_FRAMES * GICR_STRIDE) / PAGE_SIZE);
}

static void test_init_errors(void **state)
{
	(void)state;
	sys->platform_info.arm.gic_version = 2;
	assert_int_equal(gic_map_hyp(), -EINVAL);
	sys->platform_info.arm.gic_version = 3;
	sys->platform_info.arm.gicr_base = 0;
	assert_int_equal(gic_map_hyp(), -EINVAL);
	sys->platform_info.arm.gicr_base = gicr_base();

	sys->platform_info.arm.maintenance_irq = 32;
	assert_int_equal(gic_global_init(), -EINVAL);
	sys->platform_info.arm.maintenance_irq = 15;
	assert_int_equal(gic_global_init(), -EINVAL);
	sys->platform_info.arm.maintenance_irq = MAINT_IRQ;

	/* no affinity routing */
	wr32(gicd, GICD_CTLR, 0x7);
	assert_int_equal(gic_global_init(), -EIO);
	wr32(gicd, GICD_CTLR, 0x37);
	assert_int_equal(gic_global_init(), 0);
}

/* the cell's view: GICD and its GICR frames trapped, nothing mapped */
static void test_cell_regions(void **state)
{
	struct cell c;
	u64 v;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.config = &sys->root_cell;
	assert_int_equal(paging_init(&c.stage2, &arch_cell_paging_format,
				     &mem_pool), 0);
	/* even if mapped before */
	assert_int_equal(paging_create(&c.stage2, gicd_base(), GICD_SIZE,
				       gicd_base(), PAGE_FLAG_RW, PAGING_HUGE),
			 0);
	assert_int_equal(paging_create(&c.stage2, gicr_base(), GICR_WINDOW,
				       gicr_base(), PAGE_FLAG_RW, PAGING_HUGE),
			 0);
	assert_int_equal(gic_cell_init(&c), 0);
	assert_false(paging_virt2phys(&c.stage2, gicd_base(), NULL, NULL));
	assert_false(paging_virt2phys(&c.stage2,
				      gicr_base() + GICR_FRAMES * GICR_STRIDE -
				      PAGE_SIZE, NULL, NULL));
	assert_int_equal(c.mmio.num, 2);
	assert_int_equal(dist(&c, GICD_SIZE - 4, 4, false, &v), MMIO_HANDLED);
	/* four frames found (the LAST bit), 128 KiB each (no VLPIs) */
	assert_int_equal(redist(&c, GICR_FRAMES - 1, GICR_STRIDE - 4, 4, false,
				&v), MMIO_HANDLED);
	assert_int_equal(redist(&c, GICR_FRAMES, 0, 4, false, &v),
			 MMIO_UNHANDLED);
	paging_free(&c.stage2);
}

/* with VLPIs, frames are 256 KiB apart */
static void test_vlpi_stride(void **state)
{
	struct cell c;
	unsigned int n;
	u64 v;

	(void)state;
	memset(gicr, 0, GICR_USED);
	for (n = 0; n < 2; n++)
		wr64(gicr, n * 0x40000 + GICR_TYPER,
		     (mpidrs[n] << 32) | BIT(1) | (n == 1 ? BIT(4) : 0));
	assert_int_equal(gic_global_init(), 0);
	memset(&c, 0, sizeof(c));
	c.config = &sys->root_cell;
	assert_int_equal(paging_init(&c.stage2, &arch_cell_paging_format,
				     &mem_pool), 0);
	assert_int_equal(gic_cell_init(&c), 0);
	assert_int_equal(trap(&c, gicr_base() + 0x7fffc, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(trap(&c, gicr_base() + 0x80000, 4, false, &v),
			 MMIO_UNHANDLED);
	paging_free(&c.stage2);
}

/* ---- distributor ---- */

static void test_gicd_enable(void **state)
{
	u64 v;

	(void)state;
	/* SPIs 32..63: 33 and 40 are not the root cell's */
	v = 0xffffffff;
	assert_int_equal(dist(&root_cell, GICD_ISENABLER + 4, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_ISENABLER + 4), 0xfffffefd);
	/* SGIs/PPIs are not the distributor's business */
	assert_int_equal(dist(&root_cell, GICD_ISENABLER, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_ISENABLER), 0);

	/* reads show owned interrupts only */
	wr32(gicd, GICD_ISENABLER + 4, 0xffffffff);
	assert_int_equal(dist(&root_cell, GICD_ISENABLER + 4, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0xfffffefd);
	assert_int_equal(dist(&root_cell, GICD_ISENABLER + 5, 1, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0xfe);

	/* set/clear registers: a write of only foreign bits writes nothing */
	wr32(gicd, GICD_ICENABLER + 4, 0x5a5a5a5a);
	v = BIT(1) | BIT(8);
	assert_int_equal(dist(&root_cell, GICD_ICENABLER + 4, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_ICENABLER + 4), 0x5a5a5a5a);
	v = BIT(2) | BIT(8);
	assert_int_equal(dist(&root_cell, GICD_ICENABLER + 4, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_ICENABLER + 4), BIT(2));

	/* beyond the root cell's SPIs (160 and up) */
	v = 0xffffffff;
	assert_int_equal(dist(&root_cell, GICD_ISPENDR + 20, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_ISPENDR + 20), 0);
	assert_int_equal(dist(&root_cell, GICD_ISPENDR + 16, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_ISPENDR + 16), 0xffffffff);
}

static void test_gicd_fields(void **state)
{
	u64 v;

	(void)state;
	/* 8-bit priorities of 32..35: 33's byte stays */
	wr32(gicd, GICD_IPRIORITYR + 32, 0x11111111);
	v = 0xa0a0a0a0;
	assert_int_equal(dist(&root_cell, GICD_IPRIORITYR + 32, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_IPRIORITYR + 32), 0xa0a011a0);
	v = 0xc0;
	assert_int_equal(dist(&root_cell, GICD_IPRIORITYR + 33, 1, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_IPRIORITYR + 32), 0xa0a011a0);
	assert_int_equal(dist(&root_cell, GICD_IPRIORITYR + 34, 2, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_IPRIORITYR + 32), 0x00c011a0);
	assert_int_equal(dist(&root_cell, GICD_IPRIORITYR + 32, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0x00c000a0);

	/* 2-bit configuration of 32..47: 33 and 40 stay */
	wr32(gicd, GICD_ICFGR + 8, 0);
	v = 0xffffffff;
	assert_int_equal(dist(&root_cell, GICD_ICFGR + 8, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_ICFGR + 8), 0xfffcfff3);

	/* 1-bit group of 32..63, read-modify-write */
	wr32(gicd, GICD_IGROUPR + 4, BIT(1));
	v = 0;
	assert_int_equal(dist(&root_cell, GICD_IGROUPR + 4, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_IGROUPR + 4), BIT(1));
}

static void test_gicd_razwi_and_sizes(void **state)
{
	u64 v;

	(void)state;
	/* targets and non-secure access: read as zero, writes ignored */
	wr32(gicd, GICD_ITARGETSR + 32, 0x01010101);
	v = 0x02020202;
	assert_int_equal(dist(&root_cell, GICD_ITARGETSR + 32, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_ITARGETSR + 32), 0x01010101);
	assert_int_equal(dist(&root_cell, GICD_ITARGETSR + 32, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0);
	assert_int_equal(dist(&root_cell, GICD_NSACR + 8, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0);

	/* 64-bit or misaligned accesses to 32-bit registers */
	assert_int_equal(dist(&root_cell, GICD_ISENABLER + 8, 8, false, &v),
			 MMIO_ERROR);
	assert_int_equal(dist(&root_cell, GICD_ISENABLER + 6, 4, false, &v),
			 MMIO_ERROR);
	assert_int_equal(dist(&root_cell, GICD_CTLR, 8, false, &v),
			 MMIO_ERROR);
	assert_int_equal(dist(&root_cell, GICD_TYPER + 1, 2, false, &v),
			 MMIO_ERROR);
}

static void test_gicd_irouter(void **state)
{
	const u64 r34 = GICD_IROUTER + 34 * 8, r33 = GICD_IROUTER + 33 * 8;
	u64 v;

	(void)state;
	/* to a CPU of the cell */
	v = mpidrs[3];
	assert_int_equal(dist(&root_cell, r34, 8, true, &v), MMIO_HANDLED);
	assert_int_equal(rd64(gicd, r34), 0x100);
	/* not to another cell's CPU */
	v = mpidrs[2];
	assert_int_equal(dist(&root_cell, r34, 8, true, &v), MMIO_HANDLED);
	assert_int_equal(rd64(gicd, r34), 0x100);
	/* nor to a CPU that does not exist */
	v = 0x300;
	assert_int_equal(dist(&root_cell, r34, 8, true, &v), MMIO_HANDLED);
	assert_int_equal(rd64(gicd, r34), 0x100);
	/* 1-of-N (IRM) is confined to the writing CPU (0) */
	hv_shim.cpu_id = 3;
	v = BIT(31);
	assert_int_equal(dist(&root_cell, r34, 8, true, &v), MMIO_HANDLED);
	assert_int_equal(rd64(gicd, r34), mpidrs[3]);
	hv_shim.cpu_id = 0;
	/* 32-bit halves */
	v = mpidrs[1];
	assert_int_equal(dist(&root_cell, r34, 4, true, &v), MMIO_HANDLED);
	assert_int_equal(rd64(gicd, r34), 1);
	v = 0;
	assert_int_equal(dist(&root_cell, r34 + 4, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd64(gicd, r34), 1);
	assert_int_equal(dist(&root_cell, r34, 8, false, &v), MMIO_HANDLED);
	assert_int_equal(v, 1);

	/* a foreign interrupt: read as zero, writes ignored */
	wr64(gicd, r33, 0x2);
	assert_int_equal(dist(&root_cell, r33, 8, false, &v), MMIO_HANDLED);
	assert_int_equal(v, 0);
	v = 0x0;
	assert_int_equal(dist(&root_cell, r33, 8, true, &v), MMIO_HANDLED);
	assert_int_equal(rd64(gicd, r33), 0x2);
	/* ...but its owner may */
	v = mpidrs[2];
	assert_int_equal(dist(&other, r33, 8, true, &v), MMIO_HANDLED);
	assert_int_equal(dist(&other, r33, 8, false, &v), MMIO_HANDLED);
	assert_int_equal(v, 0x2);

	assert_int_equal(dist(&root_cell, r34, 2, false, &v), MMIO_ERROR);
	assert_int_equal(dist(&root_cell, r34 + 4, 8, false, &v), MMIO_ERROR);
}

static void test_gicd_other_registers(void **state)
{
	u64 v;

	(void)state;
	/* SETSPI: owned interrupts only; reads as zero */
	wr32(gicd, GICD_SETSPI, 0);
	v = 34;
	assert_int_equal(dist(&root_cell, GICD_SETSPI, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_SETSPI), 34);
	v = 33;
	assert_int_equal(dist(&root_cell, GICD_SETSPI, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_SETSPI), 34);
	assert_int_equal(dist(&other, GICD_SETSPI, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_SETSPI), 33);
	assert_int_equal(dist(&root_cell, GICD_SETSPI, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0);

	/* CTLR: the root cell cannot turn affinity routing or groups off */
	v = 0;
	assert_int_equal(dist(&root_cell, GICD_CTLR, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_CTLR), 0x37);
	v = 0x80000100;
	assert_int_equal(dist(&root_cell, GICD_CTLR, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_CTLR), 0x80000137);
	/* other cells do not write it at all */
	v = 0;
	assert_int_equal(dist(&other, GICD_CTLR, 4, true, &v), MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_CTLR), 0x80000137);
	assert_int_equal(dist(&other, GICD_CTLR, 4, false, &v), MMIO_HANDLED);
	assert_int_equal(v, 0x80000137);

	/* identification reads pass, writes do not */
	/* TYPER: no LPIs, extended SPIs, NMIs; no 1-of-N routing */
	wr32(gicd, GICD_TYPER, 0x0078001f | BIT(17) | BIT(8) | BIT(9) |
	     BIT(16) | (3U << 27));
	assert_int_equal(dist(&other, GICD_TYPER, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0x0078001f | BIT(25));
	wr32(gicd, GICD_TYPER, 0x0078001f);
	assert_int_equal(dist(&other, GICD_PIDR2, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0x3b);
	v = 0;
	assert_int_equal(dist(&root_cell, GICD_TYPER, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_TYPER), 0x0078001f);
}

/* another cell owns exactly SPI 33 */
static void test_gicd_other_cell(void **state)
{
	u64 v;

	(void)state;
	v = 0xffffffff;
	assert_int_equal(dist(&other, GICD_ISENABLER + 4, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_ISENABLER + 4), BIT(1));
	wr32(gicd, GICD_IPRIORITYR + 32, 0);
	assert_int_equal(dist(&other, GICD_IPRIORITYR + 32, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_IPRIORITYR + 32), 0x0000ff00);
	assert_int_equal(dist(&other, GICD_ISENABLER + 8, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicd, GICD_ISENABLER + 8), 0);
}

/* ---- redistributors ---- */

static void test_gicr_own_frame(void **state)
{
	u64 v;

	(void)state;
	/* SGIs and PPIs, but not the maintenance interrupt */
	v = 0xffffffff;
	assert_int_equal(redist(&root_cell, 0, SGI_BASE + GICD_ISENABLER, 4,
				true, &v), MMIO_HANDLED);
	assert_int_equal(rd32(gicr, SGI_BASE + GICD_ISENABLER),
			 ~BIT(MAINT_IRQ) & 0xffffffff);
	wr32(gicr, SGI_BASE + GICD_IPRIORITYR + 24, 0x11111111);
	v = 0xa0a0a0a0;
	assert_int_equal(redist(&root_cell, 0, SGI_BASE + GICD_IPRIORITYR + 24,
				4, true, &v), MMIO_HANDLED);
	assert_int_equal(rd32(gicr, SGI_BASE + GICD_IPRIORITYR + 24),
			 0xa0a011a0);

	/* the rest of one's own frame passes */
	v = 0x6;
	assert_int_equal(redist(&root_cell, 1, GICR_WAKER, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicr, GICR_STRIDE + GICR_WAKER), 0x6);
	assert_int_equal(redist(&root_cell, 1, GICR_WAKER, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0x6);
	/* the frame of CPU 3 (Aff1 = 1) */
	assert_int_equal(redist(&root_cell, 3, GICR_WAKER, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicr, 3 * GICR_STRIDE + GICR_WAKER), 0x6);

	assert_int_equal(redist(&root_cell, 0, GICR_WAKER + 2, 4, false, &v),
			 MMIO_ERROR);
}

/* others' frames: enough to find one's own, nothing more */
static void test_gicr_foreign_frame(void **state)
{
	u64 v;

	(void)state;
	assert_int_equal(redist(&root_cell, 2, GICR_TYPER, 8, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, (2ULL << 32) | (2 << 8));
	assert_int_equal(redist(&root_cell, 2, GICR_TYPER + 4, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 2);
	assert_int_equal(redist(&root_cell, 2, GICR_IIDR, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0x43b);
	assert_int_equal(redist(&root_cell, 2, GICR_PIDR2, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0x3b);

	wr32(gicr, 2 * GICR_STRIDE + GICR_WAKER, 0x4);
	assert_int_equal(redist(&root_cell, 2, GICR_WAKER, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0);
	v = 0;
	assert_int_equal(redist(&root_cell, 2, GICR_WAKER, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicr, 2 * GICR_STRIDE + GICR_WAKER), 0x4);
	v = 0xffffffff;
	assert_int_equal(redist(&root_cell, 2, SGI_BASE + GICD_ISENABLER, 4,
				true, &v), MMIO_HANDLED);
	assert_int_equal(rd32(gicr, 2 * GICR_STRIDE + SGI_BASE +
			      GICD_ISENABLER), 0);

	/* and the other way round */
	v = 0xffffffff;
	assert_int_equal(redist(&other, 0, SGI_BASE + GICD_ISENABLER, 4,
				true, &v), MMIO_HANDLED);
	assert_int_equal(rd32(gicr, SGI_BASE + GICD_ISENABLER), 0);
	assert_int_equal(redist(&other, 2, SGI_BASE + GICD_ISENABLER, 4,
				true, &v), MMIO_HANDLED);
	assert_int_equal(rd32(gicr, 2 * GICR_STRIDE + SGI_BASE +
			      GICD_ISENABLER), ~BIT(MAINT_IRQ) & 0xffffffff);
}

/* ---- SGIs ---- */

#define SGI1R	FAKE_SYSREG(ICC_SGI1R_EL1)

static u64 sgi_to(u64 mpidr, unsigned int intid)
{
	return ((mpidr >> 32) & 0xff) << 48 | ((mpidr >> 16) & 0xff) << 32 |
		((mpidr >> 8) & 0xff) << 16 | ((mpidr & 0xff) >> 4) << 44 |
		BIT_ULL(mpidr & 0xf) | (u64)intid << 24;
}

static void test_send_sgis(void **state)
{
	(void)state;
	hv_shim.cpu_id = 0;

	/* target list 0..2 at Aff1 0: CPU 2 is another cell's */
	gic_send_sgis(&root_cell, 0x7 | (5 << 24));
	assert_int_equal(fake_writes(SGI1R), 2);
	assert_int_equal(fake_write_value(SGI1R, 0), sgi_to(0x0, 5));
	assert_int_equal(fake_write_value(SGI1R, 1), sgi_to(0x1, 5));

	/* Aff1 = 1, target 0: CPU 3 */
	fake_arm64.log_len = 0;
	gic_send_sgis(&root_cell, BIT(0) | (1 << 16) | (7 << 24));
	assert_int_equal(fake_writes(SGI1R), 1);
	assert_int_equal(fake_write_value(SGI1R, 0), sgi_to(0x100, 7));
	assert_int_equal(fake_write_value(SGI1R, 0),
			 BIT(0) | (1 << 16) | (7 << 24));

	/* range selector 1, target 2: Aff0 0x12, CPU 4 */
	fake_arm64.log_len = 0;
	gic_send_sgis(&root_cell, BIT(2) | (1ULL << 44) | (1 << 24));
	assert_int_equal(fake_writes(SGI1R), 1);
	assert_int_equal(fake_write_value(SGI1R, 0), sgi_to(0x12, 1));

	/* only another cell's CPU: nothing */
	fake_arm64.log_len = 0;
	gic_send_sgis(&root_cell, BIT(2) | (3 << 24));
	assert_int_equal(fake_writes(SGI1R), 0);
	/* Aff2 that no CPU has */
	gic_send_sgis(&root_cell, BIT(0) | (1ULL << 32));
	assert_int_equal(fake_writes(SGI1R), 0);

	/* IRM: all others of the cell */
	gic_send_sgis(&root_cell, (1ULL << 40) | (2 << 24));
	assert_int_equal(fake_writes(SGI1R), 3);
	assert_int_equal(fake_write_value(SGI1R, 0), sgi_to(0x1, 2));
	assert_int_equal(fake_write_value(SGI1R, 1), sgi_to(0x100, 2));
	assert_int_equal(fake_write_value(SGI1R, 2), sgi_to(0x12, 2));

	/* a cell with one CPU has no others */
	fake_arm64.log_len = 0;
	hv_shim.cpu_id = 2;
	gic_send_sgis(&other, (1ULL << 40) | (2 << 24));
	assert_int_equal(fake_writes(SGI1R), 0);
	gic_send_sgis(&other, BIT(2) | (9 << 24));
	assert_int_equal(fake_write_value(SGI1R, 0), sgi_to(0x2, 9));
}

/* ---- CPU interface and list registers ---- */

static struct per_cpu *cpu0_init(void)
{
	struct per_cpu *pc = &fake_per_cpu[0];

	hv_shim.cpu_id = 0;
	/* 4 list registers */
	fake_sysreg_set(FAKE_SYSREG(ICH_VTR_EL2), 0x90000003);
	fake_sysreg_set(FAKE_SYSREG(ICC_CTLR_EL1), 0x1);	/* CBPR */
	fake_sysreg_set(FAKE_SYSREG(ICC_PMR_EL1), 0xf0);
	fake_sysreg_set(FAKE_SYSREG(ICC_BPR0_EL1), 2);
	fake_sysreg_set(FAKE_SYSREG(ICC_BPR1_EL1), 3);
	fake_sysreg_set(FAKE_SYSREG(ICC_IGRPEN1_EL1), 1);
	fake_sysreg_set(fake_lr_name(2), LR_PENDING | 99);
	assert_int_equal(gic_cpu_init(pc), 0);
	fake_arm64.log_len = 0;
	return pc;
}

static void test_cpu_init(void **state)
{
	struct per_cpu *pc = &fake_per_cpu[0];
	unsigned int n;

	(void)state;
	hv_shim.cpu_id = 0;
	fake_sysreg_set(FAKE_SYSREG(ICH_VTR_EL2), 0x90000003);
	fake_sysreg_set(FAKE_SYSREG(ICC_CTLR_EL1), 0x1);
	fake_sysreg_set(FAKE_SYSREG(ICC_PMR_EL1), 0xf0);
	fake_sysreg_set(FAKE_SYSREG(ICC_BPR0_EL1), 2);
	fake_sysreg_set(FAKE_SYSREG(ICC_BPR1_EL1), 3);
	fake_sysreg_set(FAKE_SYSREG(ICC_IGRPEN1_EL1), 1);
	for (n = 0; n < 16; n++)
		fake_sysreg_set(fake_lr_name(n), LR_PENDING | n);
	assert_int_equal(gic_cpu_init(pc), 0);

	assert_ptr_equal(pc->gicr, gicr);
	assert_int_equal(pc->num_lrs, 4);
	/* the list registers it has are emptied, no others touched */
	for (n = 0; n < 16; n++)
		assert_int_equal(lr(n), n < 4 ? 0 : LR_PENDING | n);
	/* Linux's settings become the virtual interface's */
	assert_int_equal(fake_sysreg_get(FAKE_SYSREG(ICH_VMCR_EL2)),
			 (0xf0ULL << 24) | (2 << 21) | (3 << 18) | BIT(4) |
			 BIT(1));
	assert_int_equal(fake_sysreg_get(FAKE_SYSREG(ICH_HCR_EL2)), 1);
	/* EL2 uses split priority drop / deactivation */
	assert_int_equal(fake_sysreg_get(FAKE_SYSREG(ICC_CTLR_EL1)), 0x3);
	assert_int_equal(fake_sysreg_get(FAKE_SYSREG(ICC_IGRPEN1_EL1)), 1);
	assert_int_equal(rd32(gicr, SGI_BASE + GICD_ISENABLER),
			 BIT(MAINT_IRQ));

	/* a CPU without a redistributor frame */
	assert_int_equal(gic_cpu_init(&fake_per_cpu[4]), -EIO);
}

static void test_inject(void **state)
{
	struct per_cpu *pc;

	(void)state;
	pc = cpu0_init();
	assert_int_equal(lr(2), 0);

	gic_inject(pc, 40, true);
	gic_inject(pc, 3, false);
	assert_int_equal(lr(0), lr_value(40, true));
	assert_int_equal(lr(1), lr_value(3, false));

	/* pending already: nothing changes */
	gic_inject(pc, 40, true);
	gic_inject(pc, 3, false);
	assert_int_equal(lr(0), lr_value(40, true));
	assert_int_equal(lr(1), lr_value(3, false));
	assert_int_equal(fake_writes(fake_lr_name(1)), 1);

	/* an active SGI becomes active and pending */
	fake_sysreg_set(fake_lr_name(1), (lr(1) & ~LR_PENDING) | LR_ACTIVE);
	gic_inject(pc, 3, false);
	assert_int_equal(lr(1), lr_value(3, false) | LR_ACTIVE);

	/* two more fill the list registers, the fifth waits */
	gic_inject(pc, 41, true);
	gic_inject(pc, 8192, false);
	assert_int_equal(lr(2), lr_value(41, true));
	assert_int_equal(lr(3), lr_value(8192, false));
	gic_inject(pc, 42, true);
	gic_inject(pc, 42, true);
	assert_int_equal(pc->virq_count, 1);

	/* no room: the underflow interrupt asks for a call back */
	gic_flush_pending();
	assert_int_equal(pc->virq_count, 1);
	assert_true(fake_sysreg_get(FAKE_SYSREG(ICH_HCR_EL2)) & BIT(1));

	/* the cell handled LR 2: the waiting one goes there */
	fake_sysreg_set(fake_lr_name(2), 0);
	gic_flush_pending();
	assert_int_equal(pc->virq_count, 0);
	assert_int_equal(lr(2), lr_value(42, true));
	assert_false(fake_sysreg_get(FAKE_SYSREG(ICH_HCR_EL2)) & BIT(1));

	/* later ones queue behind earlier ones, even with a free LR */
	gic_inject(pc, 50, true);
	assert_int_equal(pc->virq_count, 1);
	fake_sysreg_set(fake_lr_name(3), 0);
	gic_inject(pc, 51, true);
	assert_int_equal(pc->virq_count, 2);
	gic_flush_pending();
	assert_int_equal(lr(3), lr_value(50, true));
	assert_int_equal(pc->virq_count, 1);
}

static void test_inject_overflow(void **state)
{
	struct per_cpu *pc;
	unsigned int n;

	(void)state;
	pc = cpu0_init();
	for (n = 0; n < 4 + VIRQ_QUEUE_LEN; n++)
		gic_inject(pc, 100 + n, true);
	assert_int_equal(pc->virq_count, VIRQ_QUEUE_LEN);
	/* a hardware interrupt that finds no place is deactivated */
	gic_inject(pc, 300, true);
	assert_int_equal(pc->virq_count, VIRQ_QUEUE_LEN);
	assert_int_equal(fake_writes(FAKE_SYSREG(ICC_DIR_EL1)), 1);
	assert_int_equal(fake_write_value(FAKE_SYSREG(ICC_DIR_EL1), 0), 300);
	gic_inject(pc, 5, false);
	assert_int_equal(fake_writes(FAKE_SYSREG(ICC_DIR_EL1)), 1);
}

static void test_handle_irq(void **state)
{
	const char *eoir = FAKE_SYSREG(ICC_EOIR1_EL1);
	const char *dir = FAKE_SYSREG(ICC_DIR_EL1);

	(void)state;
	cpu0_init();
	fake_iar_push(41);		/* SPI */
	fake_iar_push(3);		/* SGI */
	fake_iar_push(MAINT_IRQ);
	fake_iar_push(8200);		/* LPI */
	fake_iar_push(1023);		/* spurious: done */
	fake_iar_push(42);
	gic_handle_irq();

	assert_int_equal(fake_writes(eoir), 4);
	assert_int_equal(fake_write_value(eoir, 0), 41);
	assert_int_equal(fake_write_value(eoir, 3), 8200);
	/* the SPI is deactivated by the cell (HW bit), the rest here */
	assert_int_equal(fake_writes(dir), 3);
	assert_int_equal(fake_write_value(dir, 0), 3);
	assert_int_equal(fake_write_value(dir, 1), MAINT_IRQ);
	assert_int_equal(fake_write_value(dir, 2), 8200);
	assert_int_equal(lr(0), lr_value(41, true));
	assert_int_equal(lr(1), lr_value(3, false));
	assert_int_equal(lr(2), lr_value(8200, false));
	assert_int_equal(cpu_info[0].stats[JAILHOUSE_CPU_STAT_VMEXITS_VIRQ], 3);
	assert_int_equal(
		cpu_info[0].stats[JAILHOUSE_CPU_STAT_VMEXITS_MAINTENANCE], 1);

	/* 1020..1023 are special: nothing to acknowledge */
	fake_arm64.log_len = 0;
	fake_arm64.iar_len = fake_arm64.iar_pos = 0;
	fake_iar_push(1020);
	gic_handle_irq();
	assert_int_equal(fake_writes(eoir), 0);

	/* at most 16 in one go */
	fake_arm64.iar_len = fake_arm64.iar_pos = 0;
	while (fake_arm64.iar_len < 20)
		fake_iar_push(MAINT_IRQ);
	gic_handle_irq();
	assert_int_equal(fake_writes(eoir), 16);
}

/* parking: hardware interrupts go back to the distributor, SGIs stay */
static void test_park(void **state)
{
	struct per_cpu *pc;

	(void)state;
	pc = cpu0_init();
	fake_sysreg_set(fake_lr_name(0), lr_value(40, true));
	fake_sysreg_set(fake_lr_name(1), lr_value(3, false));
	fake_sysreg_set(fake_lr_name(2), (lr_value(41, true) & ~LR_PENDING) |
			LR_ACTIVE);
	pc->virq_queue[0] = 70;
	pc->virq_queue[1] = 4;
	pc->virq_queue[2] = 8300;
	pc->virq_head = 0;
	pc->virq_count = 3;
	gic_cpu_park(pc);

	/* pending SPIs 40 and 70 pending again in the distributor */
	assert_int_equal(rd32(gicd, GICD_ISPENDR + 4), BIT(8));
	assert_int_equal(rd32(gicd, GICD_ISPENDR + 8), BIT(6));
	/* hardware ones deactivated: 40, 41 (active), 70 */
	assert_int_equal(fake_writes(FAKE_SYSREG(ICC_DIR_EL1)), 3);
	assert_int_equal(fake_writes(SGI1R), 0);
	assert_int_equal(pc->virq_count, 0);
	assert_int_equal(lr(0), 0);
	assert_int_equal(lr(1), 0);
	assert_int_equal(fake_sysreg_get(FAKE_SYSREG(ICH_VMCR_EL2)), 0);
	assert_int_equal(fake_sysreg_get(FAKE_SYSREG(ICH_HCR_EL2)), 1);

	/* a CPU never initialized has nothing to park */
	fake_arm64.log_len = 0;
	gic_cpu_park(&fake_per_cpu[3]);
	assert_int_equal(fake_arm64.log_len, 0);
}

/* shutdown: everything back to Linux, SGIs and PPIs included */
static void test_shutdown(void **state)
{
	struct per_cpu *pc;

	(void)state;
	pc = cpu0_init();
	fake_sysreg_set(fake_lr_name(0), lr_value(3, false));
	fake_sysreg_set(fake_lr_name(1), lr_value(27, true));
	pc->virq_queue[0] = 6;
	pc->virq_queue[1] = 45;
	pc->virq_head = 0;
	pc->virq_count = 2;
	fake_sysreg_set(FAKE_SYSREG(ICH_VMCR_EL2),
			(0xe0ULL << 24) | (1 << 21) | (2 << 18) | BIT(9) |
			BIT(1));
	gic_cpu_shutdown(pc);

	assert_int_equal(rd32(gicr, SGI_BASE + GICD_ICENABLER),
			 BIT(MAINT_IRQ));
	/* SGIs 3 and 6 sent to ourselves again */
	assert_int_equal(fake_writes(SGI1R), 2);
	assert_int_equal(fake_write_value(SGI1R, 0), sgi_to(0, 3));
	assert_int_equal(fake_write_value(SGI1R, 1), sgi_to(0, 6));
	/* PPI 27 pending in the redistributor, SPI 45 in the distributor */
	assert_int_equal(rd32(gicr, SGI_BASE + GICD_ISPENDR), BIT(27));
	assert_int_equal(rd32(gicd, GICD_ISPENDR + 4), BIT(13));
	/* Linux's CPU interface from the virtual one */
	assert_int_equal(fake_sysreg_get(FAKE_SYSREG(ICH_HCR_EL2)), 0);
	assert_int_equal(fake_sysreg_get(FAKE_SYSREG(ICC_BPR0_EL1)), 1);
	assert_int_equal(fake_sysreg_get(FAKE_SYSREG(ICC_BPR1_EL1)), 2);
	assert_int_equal(fake_sysreg_get(FAKE_SYSREG(ICC_PMR_EL1)), 0xe0);
	assert_int_equal(fake_sysreg_get(FAKE_SYSREG(ICC_CTLR_EL1)), 0x2);
	assert_int_equal(fake_sysreg_get(FAKE_SYSREG(ICC_IGRPEN1_EL1)), 1);
	assert_null(pc->gicr);

	/* once only */
	fake_arm64.log_len = 0;
	gic_cpu_shutdown(pc);
	assert_int_equal(fake_arm64.log_len, 0);
}

/* all 16 list registers, by their encodings */
static void test_sixteen_lrs(void **state)
{
	struct per_cpu *pc = &fake_per_cpu[1];
	unsigned int n;

	(void)state;
	hv_shim.cpu_id = 1;
	fake_sysreg_set(FAKE_SYSREG(ICH_VTR_EL2), 15);
	/* EOImode: the virtual interface gets it too */
	fake_sysreg_set(FAKE_SYSREG(ICC_CTLR_EL1), 0x2);
	for (n = 0; n < 16; n++)
		fake_sysreg_set(fake_lr_name(n), LR_PENDING | 1000);
	assert_int_equal(gic_cpu_init(pc), 0);
	assert_int_equal(pc->num_lrs, 16);
	assert_true(fake_sysreg_get(FAKE_SYSREG(ICH_VMCR_EL2)) & BIT(9));
	assert_false(gic_virq_pending());
	for (n = 0; n < 16; n++) {
		assert_int_equal(lr(n), 0);
		gic_inject(pc, 32 + n, true);
	}
	for (n = 0; n < 16; n++)
		assert_int_equal(lr(n), lr_value(32 + n, true));
	assert_int_equal(pc->virq_count, 0);
	assert_true(gic_virq_pending());
	gic_inject(pc, 100, true);
	assert_int_equal(pc->virq_count, 1);

	/* the last one handled: its register takes the waiting one */
	fake_sysreg_set(fake_lr_name(15), 0);
	gic_flush_pending();
	assert_int_equal(lr(15), lr_value(100, true));
	assert_int_equal(pc->virq_count, 0);

	/* parking empties them all, deactivating each one's interrupt */
	fake_arm64.log_len = 0;
	gic_cpu_park(pc);
	assert_int_equal(fake_writes(FAKE_SYSREG(ICC_DIR_EL1)), 16);
	for (n = 0; n < 16; n++) {
		assert_int_equal(lr(n), 0);
		assert_int_equal(fake_write_value(FAKE_SYSREG(ICC_DIR_EL1), n),
				 n < 15 ? 32 + n : 100);
	}
	assert_false(gic_virq_pending());
}

/* pending for the cell: queued, or in a list register */
static void test_virq_pending(void **state)
{
	struct per_cpu *pc;

	(void)state;
	pc = cpu0_init();
	assert_false(gic_virq_pending());
	gic_inject(pc, 40, true);
	assert_true(gic_virq_pending());
	/* active only is not pending */
	fake_sysreg_set(fake_lr_name(0), (lr(0) & ~LR_PENDING) | LR_ACTIVE);
	assert_false(gic_virq_pending());
	pc->virq_queue[0] = 41;
	pc->virq_head = 0;
	pc->virq_count = 1;
	assert_true(gic_virq_pending());
}

/* without a LAST frame, the walk ends after HV_MAX_CPUS frames */
static void test_no_last_frame(void **state)
{
	struct cell c;
	unsigned int n;
	u64 v;

	(void)state;
	for (n = 0; n < GICR_FRAMES; n++)
		wr64(gicr, n * GICR_STRIDE + GICR_TYPER,
		     rd64(gicr, n * GICR_STRIDE + GICR_TYPER) & ~BIT(4));
	assert_int_equal(gic_global_init(), 0);
	memset(&c, 0, sizeof(c));
	c.config = &sys->root_cell;
	assert_int_equal(paging_init(&c.stage2, &arch_cell_paging_format,
				     &mem_pool), 0);
	assert_int_equal(gic_cell_init(&c), 0);
	assert_int_equal(trap(&c, gicr_base() + GICR_WINDOW - 4, 4, false,
			      &v), MMIO_HANDLED);
	assert_int_equal(v, 0);
	assert_int_equal(trap(&c, gicr_base() + GICR_WINDOW, 4, false, &v),
			 MMIO_UNHANDLED);
	paging_free(&c.stage2);
}

/* no pages for the EL2 mappings */
static void test_map_hyp_no_memory(void **state)
{
	void *taken[POOL_PAGES];
	unsigned int n = 0;

	(void)state;
	paging_free(&hv_paging);
	assert_int_equal(paging_init(&hv_paging, &arch_hyp_paging_format,
				     &mem_pool), 0);
	while ((taken[n] = page_alloc(&mem_pool, 1)))
		n++;
	assert_int_equal(gic_map_hyp(), -ENOMEM);
	/* nor for the redistributors, mapped while they are found */
	assert_int_equal(gic_global_init(), -ENOMEM);
	while (n--)
		page_free(&mem_pool, taken[n], 1);
}

/* Linux's CBPR comes back from the virtual interface */
static void test_shutdown_cbpr(void **state)
{
	struct per_cpu *pc;

	(void)state;
	pc = cpu0_init();
	fake_sysreg_set(FAKE_SYSREG(ICH_VMCR_EL2), BIT(4));
	gic_cpu_shutdown(pc);
	assert_int_equal(fake_sysreg_get(FAKE_SYSREG(ICC_CTLR_EL1)), 0x1);
	assert_int_equal(fake_sysreg_get(FAKE_SYSREG(ICC_IGRPEN1_EL1)), 0);
}

/* an SPI changes hands: off, nothing pending or active, routed anew */
static void test_irq_move(void **state)
{
	const u64 r40 = GICD_IROUTER + 40 * 8;

	(void)state;
	hv_shim.cpu_id = 1;
	wr64(gicd, r40, 0x3);
	arch_irq_move(40, &other);
	assert_int_equal(rd32(gicd, GICD_ICENABLER + 4), BIT(8));
	assert_int_equal(rd32(gicd, 0x0280 + 4), BIT(8));	/* ICPENDR */
	assert_int_equal(rd32(gicd, 0x0380 + 4), BIT(8));	/* ICACTIVER */
	/* to the other cell's CPU */
	assert_int_equal(rd64(gicd, r40), mpidrs[2]);

	/* back to the root cell: to the calling CPU */
	arch_irq_move(40, &root_cell);
	assert_int_equal(rd64(gicd, r40), mpidrs[1]);
	hv_shim.cpu_id = 3;
	arch_irq_move(40, &root_cell);
	assert_int_equal(rd64(gicd, r40), mpidrs[3] & 0xff00ffffffULL);

	/* private and special interrupts do not move */
	memset(gicd, 0, GICD_SIZE);
	arch_irq_move(31, &other);
	arch_irq_move(1020, &other);
	assert_int_equal(rd32(gicd, GICD_ICENABLER), 0);
	assert_int_equal(rd32(gicd, GICD_ICENABLER + 0x7c), 0);
}

/* getting a CPU out of its cell: SGI_EVENT, whatever the cell did */
static void test_kick_and_reset(void **state)
{
	struct per_cpu *pc;
	u32 keep = BIT(MAINT_IRQ) | BIT(SGI_EVENT);
	u8 *sgi_base = gicr + SGI_BASE;

	(void)state;
	/* a CPU without a redistributor is left alone */
	gic_kick_cpu(&fake_per_cpu[4]);
	assert_int_equal(fake_writes(SGI1R), 0);

	pc = cpu0_init();
	sgi_base[GICD_IPRIORITYR + SGI_EVENT] = 0xff;
	gic_kick_cpu(pc);
	assert_int_equal(sgi_base[GICD_IPRIORITYR + SGI_EVENT], 0x80);
	assert_int_equal(rd32(sgi_base, GICD_ISENABLER), BIT(SGI_EVENT));
	assert_int_equal(fake_writes(SGI1R), 1);
	assert_int_equal(fake_write_value(SGI1R, 0), sgi_to(0, SGI_EVENT));

	/* the reset for the next cell */
	gic_inject(pc, 40, true);
	gic_inject(pc, 41, true);
	gic_inject(pc, 42, true);
	gic_inject(pc, 43, true);
	gic_inject(pc, 44, true);
	assert_int_equal(pc->virq_count, 1);
	fake_sysreg_set(FAKE_SYSREG(ICH_VMCR_EL2), 0xf0000000);
	gic_cpu_reset(pc);
	assert_int_equal(pc->virq_count, 0);
	assert_int_equal(lr(0), 0);
	assert_int_equal(lr(3), 0);
	assert_int_equal(fake_sysreg_get(FAKE_SYSREG(ICH_VMCR_EL2)), 0);
	assert_int_equal(fake_sysreg_get(FAKE_SYSREG(ICH_HCR_EL2)), 1);
	assert_int_equal(rd32(sgi_base, GICD_ICENABLER), ~keep);
	assert_int_equal(rd32(sgi_base, 0x0280), ~keep);
	assert_int_equal(rd32(sgi_base, 0x0380), ~keep);
	assert_int_equal(rd32(sgi_base, GICD_ISENABLER), keep);
	assert_int_equal(sgi_base[GICD_IPRIORITYR + SGI_EVENT], 0x80);

	/* without a redistributor: the CPU interface only */
	fake_sysreg_set(fake_lr_name(0), LR_PENDING | 5);
	fake_per_cpu[4].num_lrs = 1;
	gic_cpu_reset(&fake_per_cpu[4]);
	assert_int_equal(lr(0), 0);
}

/* the kick arrives: no injection, the trap path parks the CPU */
static void test_park_request(void **state)
{
	struct per_cpu *pc;

	(void)state;
	pc = cpu0_init();
	pc->park_request = 1;
	fake_iar_push(SGI_EVENT);
	gic_handle_irq();
	assert_int_equal(fake_writes(FAKE_SYSREG(ICC_DIR_EL1)), 1);
	assert_int_equal(lr(0), 0);
	assert_int_equal(
		cpu_info[0].stats[JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT], 1);

	/* without a request it is an SGI for the cell like any other */
	pc->park_request = 0;
	fake_arm64.iar_len = fake_arm64.iar_pos = 0;
	fake_iar_push(SGI_EVENT);
	gic_handle_irq();
	assert_int_equal(lr(0), lr_value(SGI_EVENT, false));
}

/* ---- default deny ---- */

#define GICR_PROPBASER	0x0070
#define GICR_CTLR	0x0000

static u32 violation_of(unsigned int cpu)
{
	u32 kind = fake_per_cpu[cpu].gic_violation;

	fake_per_cpu[cpu].gic_violation = GIC_VIOLATION_NONE;
	return kind;
}

static void test_gicd_default_deny(void **state)
{
	u64 v;

	(void)state;
	hv_shim.cpu_id = 2;
	/* implementation-defined and reserved offsets: refused */
	wr32(gicd, 0xc000, 0x1234);
	assert_int_equal(dist(&other, 0xc000, 4, false, &v), MMIO_HANDLED);
	assert_int_equal(v, 0);
	assert_int_equal(violation_of(2), GIC_VIOLATION_GICD_REG);
	v = 0x5678;
	assert_int_equal(dist(&other, 0x0020, 4, true, &v), MMIO_HANDLED);
	assert_int_equal(rd32(gicd, 0x0020), 0);
	assert_int_equal(violation_of(2), GIC_VIOLATION_GICD_REG);
	assert_true(fake_per_cpu[2].gic_violation_write);
	/* the gap between IGRPMODR and NSACR */
	assert_int_equal(dist(&other, 0x0d80, 4, false, &v), MMIO_HANDLED);
	assert_int_equal(violation_of(2), GIC_VIOLATION_GICD_REG);

	/* the root cell is not parked: ignored (and reported) */
	hv_shim.cpu_id = 0;
	v = 0x5678;
	assert_int_equal(dist(&root_cell, 0xc000, 4, true, &v), MMIO_HANDLED);
	assert_int_equal(rd32(gicd, 0xc000), 0x1234);
	assert_int_equal(violation_of(0), GIC_VIOLATION_NONE);

	/* extended SPIs, NMIs: read as zero, not refused */
	hv_shim.cpu_id = 2;
	wr32(gicd, 0x1200, 0xffffffff);
	wr64(gicd, 0x8000, 0x2);
	wr32(gicd, 0x0f80, 0xffffffff);
	assert_int_equal(dist(&other, 0x1200, 4, false, &v), MMIO_HANDLED);
	assert_int_equal(v, 0);
	assert_int_equal(dist(&other, 0x8000, 4, false, &v), MMIO_HANDLED);
	assert_int_equal(v, 0);
	assert_int_equal(dist(&other, 0x0f80, 4, false, &v), MMIO_HANDLED);
	assert_int_equal(v, 0);
	assert_int_equal(violation_of(2), GIC_VIOLATION_NONE);
	/* IROUTER of SGIs/PPIs does not exist */
	wr64(gicd, GICD_IROUTER, 0x2);
	assert_int_equal(dist(&other, GICD_IROUTER, 8, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0);
	assert_int_equal(violation_of(2), GIC_VIOLATION_GICD_REG);
	hv_shim.cpu_id = 0;
}

static void test_gicr_default_deny(void **state)
{
	u64 v;

	(void)state;
	hv_shim.cpu_id = 2;
	/* LPI registers of one's own frame: refused */
	v = 0x40000000;
	assert_int_equal(redist(&other, 2, GICR_PROPBASER, 8, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd64(gicr, 2 * GICR_STRIDE + GICR_PROPBASER), 0);
	assert_int_equal(violation_of(2), GIC_VIOLATION_GICR_REG);
	assert_int_equal(fake_per_cpu[2].gic_violation_arg, 2);
	assert_string_equal(fake_per_cpu[2].gic_violation_reg,
			    "GICR_PROPBASER");
	v = 1;
	assert_int_equal(redist(&other, 2, GICR_CTLR, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicr, 2 * GICR_STRIDE + GICR_CTLR), 0);
	assert_int_equal(violation_of(2), GIC_VIOLATION_GICR_REG);
	/* CTLR reads show only the write-pending bits */
	wr32(gicr, 2 * GICR_STRIDE + GICR_CTLR, 0x9);
	assert_int_equal(redist(&other, 2, GICR_CTLR, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0x8);
	/* WAKER: awake, may stay so, may not sleep */
	wr32(gicr, 2 * GICR_STRIDE + GICR_WAKER, 0);
	v = 0;
	assert_int_equal(redist(&other, 2, GICR_WAKER, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(violation_of(2), GIC_VIOLATION_NONE);
	v = 2;
	assert_int_equal(redist(&other, 2, GICR_WAKER, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(rd32(gicr, 2 * GICR_STRIDE + GICR_WAKER), 0);
	assert_int_equal(violation_of(2), GIC_VIOLATION_GICR_REG);
	/* TYPER without physical LPIs */
	wr64(gicr, 2 * GICR_STRIDE + GICR_TYPER, (2ULL << 32) | 0x9);
	assert_int_equal(redist(&other, 2, GICR_TYPER, 8, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 2ULL << 32);
	/* implementation-defined and unknown offsets: refused */
	assert_int_equal(redist(&other, 2, 0xc000, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(violation_of(2), GIC_VIOLATION_GICR_REG);
	assert_int_equal(redist(&other, 2, SGI_BASE + 0x0010, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(violation_of(2), GIC_VIOLATION_GICR_REG);
	/* extended PPI registers read as zero */
	wr32(gicr, 2 * GICR_STRIDE + SGI_BASE + GICD_ISENABLER + 4, ~0U);
	assert_int_equal(redist(&other, 2, SGI_BASE + GICD_ISENABLER + 4, 4,
				false, &v), MMIO_HANDLED);
	assert_int_equal(v, 0);
	assert_int_equal(violation_of(2), GIC_VIOLATION_NONE);
	/* another CPU's frame: a write is refused */
	v = 0;
	assert_int_equal(redist(&other, 0, GICR_WAKER, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(violation_of(2), GIC_VIOLATION_GICR);
	hv_shim.cpu_id = 0;
}

/* an SPI taken from the root comes back as the root had it */
static void test_irq_move_restores_root(void **state)
{
	const u64 r40 = GICD_IROUTER + 40 * 8;

	(void)state;
	hv_shim.cpu_id = 1;
	wr32(gicd, GICD_ISENABLER + 4, BIT(8));
	wr32(gicd, GICD_IGROUPR + 4, BIT(8));
	wr32(gicd, GICD_IPRIORITYR + 40, 0x60);
	wr32(gicd, GICD_ICFGR + 8, 2 << 16);
	wr64(gicd, r40, mpidrs[3]);
	arch_irq_move(40, &other);
	/* the cell changes everything */
	wr32(gicd, GICD_ISENABLER + 4, 0);
	wr32(gicd, GICD_IGROUPR + 4, 0);
	wr32(gicd, GICD_IPRIORITYR + 40, 0xf0);
	wr32(gicd, GICD_ICFGR + 8, 0);
	arch_irq_move(40, &root_cell);
	assert_int_equal(rd64(gicd, r40), mpidrs[3]);
	assert_int_equal(rd32(gicd, GICD_IPRIORITYR + 40) & 0xff, 0x60);
	assert_int_equal(rd32(gicd, GICD_ICFGR + 8), 2 << 16);
	assert_int_equal(rd32(gicd, GICD_IGROUPR + 4), BIT(8));
	assert_int_equal(rd32(gicd, GICD_ISENABLER + 4), BIT(8));
	hv_shim.cpu_id = 0;
}

/* an SPI on a CPU whose cell does not own it is not injected */
static void test_foreign_spi(void **state)
{
	const char *dir = FAKE_SYSREG(ICC_DIR_EL1);

	(void)state;
	cpu0_init();
	wr32(gicd, GICD_ICENABLER + 4, 0);
	fake_iar_push(40);		/* the root does not own 40 */
	gic_handle_irq();
	assert_int_equal(lr(0), 0);
	assert_int_equal(fake_writes(dir), 1);
	assert_int_equal(fake_write_value(dir, 0), 40);
	assert_int_equal(rd32(gicd, GICD_ICENABLER + 4), BIT(8));
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_map_hyp),
		T(test_init_errors),
		T(test_cell_regions),
		T(test_vlpi_stride),
		T(test_gicd_enable),
		T(test_gicd_fields),
		T(test_gicd_razwi_and_sizes),
		T(test_gicd_irouter),
		T(test_gicd_other_registers),
		T(test_gicd_other_cell),
		T(test_gicr_own_frame),
		T(test_gicr_foreign_frame),
		T(test_send_sgis),
		T(test_cpu_init),
		T(test_inject),
		T(test_inject_overflow),
		T(test_handle_irq),
		T(test_park),
		T(test_shutdown),
		T(test_sixteen_lrs),
		T(test_virq_pending),
		T(test_no_last_frame),
		T(test_map_hyp_no_memory),
		T(test_shutdown_cbpr),
		T(test_irq_move),
		T(test_kick_and_reset),
		T(test_park_request),
		T(test_gicd_default_deny),
		T(test_gicr_default_deny),
		T(test_irq_move_restores_root),
		T(test_foreign_spi),
	};

	return cmocka_run_group_tests_name("gicv3", tests, group_setup,
					   group_teardown);
}
