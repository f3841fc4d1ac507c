// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the page-table code (hypervisor/core/paging.c) with the
 * real arm64 descriptor formats (hypervisor/arch/arm64/mmu.c): EL2 stage 1
 * and cell stage 2, 4 KiB granule, levels 1..3 (1 GiB and 2 MiB blocks,
 * 4 KiB pages).
 *
 * Tables come from a page pool whose "physical" address differs from where
 * the test sees it, so every descriptor-to-pointer conversion is checked.
 * The pool's used count tells how many tables exist: it must be back at
 * its start value after every unmap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/paging.h>
#include <asm/mmu.h>

#include "hv-host-shim.h"

#define POOL_PAGES	64
#define POOL_PHYS	0x7fd00000ULL

#define SZ_4K		0x1000ULL
#define SZ_2M		0x200000ULL
#define SZ_1G		0x40000000ULL

#define RW		PAGE_FLAG_RW
#define RWX		(PAGE_FLAG_RW | PAGE_FLAG_EXEC)
#define DEV		(PAGE_FLAG_RW | PAGE_FLAG_DEVICE)

struct fixture {
	struct page_pool pool;
	unsigned long bitmap[PAGE_POOL_BITMAP_LONGS(POOL_PAGES)];
	void *mem;
	struct paging_structures pg;
	/* pages the test took away from the page tables */
	void *drained[POOL_PAGES];
	unsigned int num_drained;
};

#define REFILL_ALL	~0U
static void refill_pool(struct fixture *f, unsigned int num);

static int setup_fmt(void **state, const struct paging_format *fmt)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->mem = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	assert_non_null(f->mem);
	hv_shim_reset();
	page_pool_init(&f->pool, "paging", f->mem, POOL_PHYS, POOL_PAGES,
		       f->bitmap);
	assert_int_equal(paging_init(&f->pg, fmt, &f->pool), 0);
	assert_non_null(f->pg.root);
	assert_int_equal(f->pg.root_phys,
			 page_pool_virt2phys(&f->pool, f->pg.root));
	assert_int_equal(f->pool.used, 1);
	*state = f;
	return 0;
}

static int setup_s2(void **state)
{
	return setup_fmt(state, &arch_cell_paging_format);
}

static int setup_s1(void **state)
{
	return setup_fmt(state, &arch_hyp_paging_format);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	refill_pool(f, REFILL_ALL);
	paging_free(&f->pg);
	assert_null(f->pg.root);
	/* every table went back */
	assert_int_equal(f->pool.used, 0);
	assert_int_equal(hv_shim.locks_held, 0);
	free(f->mem);
	free(f);
	return 0;
}

/* number of page tables in use (the root included) */
static unsigned long tables(struct fixture *f)
{
	return f->pool.used;
}

static void expect_map(struct fixture *f, u64 virt, u64 phys,
		       unsigned long flags)
{
	unsigned long got_flags = ~0UL;
	u64 got = ~0ULL;

	if (!paging_virt2phys(&f->pg, virt, &got, &got_flags))
		fail_msg("0x%llx: not mapped, expected 0x%llx",
			 (unsigned long long)virt, (unsigned long long)phys);
	if (got != phys)
		fail_msg("0x%llx: maps 0x%llx, expected 0x%llx",
			 (unsigned long long)virt, (unsigned long long)got,
			 (unsigned long long)phys);
	if (got_flags != flags)
		fail_msg("0x%llx: flags 0x%lx, expected 0x%lx",
			 (unsigned long long)virt, got_flags, flags);
}

static void expect_unmapped(struct fixture *f, u64 virt)
{
	u64 phys;

	if (paging_virt2phys(&f->pg, virt, &phys, NULL))
		fail_msg("0x%llx: mapped to 0x%llx, expected nothing",
			 (unsigned long long)virt, (unsigned long long)phys);
}

/*
 * The level the walk ends at for @virt (1..3 as in the architecture:
 * 1 = 1 GiB block, 2 = 2 MiB block, 3 = page), through the format's own
 * descriptor accessors.
 */
static int leaf_level(struct fixture *f, u64 virt)
{
	const struct paging_format *fmt = f->pg.fmt;
	pt_entry_t *table = f->pg.root, pte;
	unsigned int level, idx;

	for (level = 0; level < fmt->num_levels; level++) {
		idx = (virt >> fmt->levels[level].shift) &
			(fmt->levels[level].entries - 1);
		pte = table[idx];
		if (!fmt->is_valid(pte))
			return -1;
		if (!fmt->is_table(pte, level))
			return level + 1;
		table = page_pool_phys2virt(&f->pool, fmt->entry_phys(pte));
	}
	return -1;
}

/* ---- mapping ---- */

static void test_map_page(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_create(&f->pg, 0x48001000, SZ_4K, 0x8001000,
				       RW, PAGING_HUGE), 0);
	/* root + level 2 + level 3 */
	assert_int_equal(tables(f), 3);
	assert_int_equal(leaf_level(f, 0x8001000), 3);
	expect_map(f, 0x8001000, 0x48001000, RW);
	expect_map(f, 0x8001abc, 0x48001abc, RW);
	expect_map(f, 0x8001fff, 0x48001fff, RW);
	expect_unmapped(f, 0x8000fff);
	expect_unmapped(f, 0x8002000);
	expect_unmapped(f, 0x48001000);
	assert_true(hv_shim.paging_syncs >= 3);

	assert_int_equal(paging_destroy(&f->pg, 0x8001000, SZ_4K), 0);
	expect_unmapped(f, 0x8001000);
	assert_int_equal(tables(f), 1);
}

static void test_walk_optional_outputs(void **state)
{
	struct fixture *f = *state;
	unsigned long flags = 0;
	u64 phys = 0;

	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_4K, 0x40000000,
				       RWX, PAGING_NON_HUGE), 0);
	assert_true(paging_virt2phys(&f->pg, 0x40000010, NULL, NULL));
	assert_true(paging_virt2phys(&f->pg, 0x40000010, &phys, NULL));
	assert_int_equal(phys, 0x40000010);
	assert_true(paging_virt2phys(&f->pg, 0x40000010, NULL, &flags));
	assert_int_equal(flags, RWX);
	assert_false(paging_virt2phys(&f->pg, 0x40001000, NULL, NULL));
	/* level 2 exists, level 1 of another GiB does not */
	assert_false(paging_virt2phys(&f->pg, 0x80000000, NULL, NULL));
}

static void test_map_2m_block(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_create(&f->pg, 0x40200000, SZ_2M, 0x80200000,
				       RW, PAGING_HUGE), 0);
	/* root + level 2, the block lives in the level-2 table */
	assert_int_equal(tables(f), 2);
	assert_int_equal(leaf_level(f, 0x80200000), 2);
	expect_map(f, 0x80200000, 0x40200000, RW);
	expect_map(f, 0x80312345, 0x40312345, RW);
	expect_map(f, 0x803fffff, 0x403fffff, RW);
	expect_unmapped(f, 0x80400000);
	expect_unmapped(f, 0x801fffff);

	assert_int_equal(paging_destroy(&f->pg, 0x80200000, SZ_2M), 0);
	expect_unmapped(f, 0x80200000);
	assert_int_equal(tables(f), 1);
}

static void test_map_1g_block(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_1G, 0x40000000,
				       RWX, PAGING_HUGE), 0);
	assert_int_equal(tables(f), 1);
	assert_int_equal(leaf_level(f, 0x40000000), 1);
	expect_map(f, 0x7fffffff, 0x7fffffff, RWX);
	expect_unmapped(f, 0x80000000);
	assert_int_equal(paging_destroy(&f->pg, 0x40000000, SZ_1G), 0);
	expect_unmapped(f, 0x40000000);
	assert_int_equal(tables(f), 1);
}

static void test_non_huge(void **state)
{
	struct fixture *f = *state;
	u64 off;

	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_2M, 0x40000000,
				       RW, PAGING_NON_HUGE), 0);
	assert_int_equal(tables(f), 3);
	for (off = 0; off < SZ_2M; off += 0x3000) {
		assert_int_equal(leaf_level(f, 0x40000000 + off), 3);
		expect_map(f, 0x40000000 + off, 0x40000000 + off, RW);
	}
	assert_int_equal(paging_destroy(&f->pg, 0x40000000, SZ_2M), 0);
	assert_int_equal(tables(f), 1);
}

/* blocks only where phys and virt are both aligned; pages elsewhere */
static void test_mixed_sizes(void **state)
{
	struct fixture *f = *state;

	/* 4K + 2M + 4K: page, block, page */
	assert_int_equal(paging_create(&f->pg, 0x401ff000, SZ_2M + 2 * SZ_4K,
				       0x401ff000, RW, PAGING_HUGE), 0);
	assert_int_equal(leaf_level(f, 0x401ff000), 3);
	assert_int_equal(leaf_level(f, 0x40200000), 2);
	assert_int_equal(leaf_level(f, 0x40400000), 3);
	expect_map(f, 0x401ff000, 0x401ff000, RW);
	expect_map(f, 0x40300000, 0x40300000, RW);
	expect_map(f, 0x40400fff, 0x40400fff, RW);
	expect_unmapped(f, 0x401fe000);
	expect_unmapped(f, 0x40401000);
	/* root, level 2, two level-3 tables */
	assert_int_equal(tables(f), 4);

	/* phys only page aligned: no block even with PAGING_HUGE */
	assert_int_equal(paging_create(&f->pg, 0x50001000, SZ_2M, 0x60000000,
				       RW, PAGING_HUGE), 0);
	assert_int_equal(leaf_level(f, 0x60000000), 3);
	expect_map(f, 0x601ff000, 0x50200000, RW);

	assert_int_equal(paging_destroy(&f->pg, 0x401ff000,
					SZ_2M + 2 * SZ_4K), 0);
	assert_int_equal(paging_destroy(&f->pg, 0x60000000, SZ_2M), 0);
	assert_int_equal(tables(f), 1);
}

static void test_unaligned_args(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_create(&f->pg, 0x40000800, SZ_4K, 0x40000000,
				       RW, PAGING_HUGE), -EINVAL);
	assert_int_equal(paging_create(&f->pg, 0x40000000, 0x800, 0x40000000,
				       RW, PAGING_HUGE), -EINVAL);
	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_4K, 0x40000010,
				       RW, PAGING_HUGE), -EINVAL);
	assert_int_equal(paging_destroy(&f->pg, 0x40000800, SZ_4K), -EINVAL);
	assert_int_equal(paging_destroy(&f->pg, 0x40000000, 0x10), -EINVAL);
	assert_int_equal(paging_destroy(&f->pg, 0x40000000, 0), 0);
	/* nothing mapped, nothing allocated */
	assert_int_equal(paging_create(&f->pg, 0x40000000, 0, 0x40000000,
				       RW, PAGING_HUGE), 0);
	assert_int_equal(tables(f), 1);
	expect_unmapped(f, 0x40000000);
}

/* ---- unmapping and splitting ---- */

static void test_unmap_splits_2m_block(void **state)
{
	struct fixture *f = *state;
	u64 off;

	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_2M, 0x80000000,
				       RW, PAGING_HUGE), 0);
	assert_int_equal(tables(f), 2);

	assert_int_equal(paging_destroy(&f->pg, 0x80005000, SZ_4K), 0);
	/* the block became a level-3 table of 511 pages */
	assert_int_equal(tables(f), 3);
	expect_unmapped(f, 0x80005000);
	expect_unmapped(f, 0x80005fff);
	for (off = 0; off < SZ_2M; off += SZ_4K) {
		if (off == 0x5000)
			continue;
		expect_map(f, 0x80000000 + off, 0x40000000 + off, RW);
		assert_int_equal(leaf_level(f, 0x80000000 + off), 3);
	}

	/* the rest goes, and with it the level-3 and level-2 tables */
	assert_int_equal(paging_destroy(&f->pg, 0x80000000, 0x5000), 0);
	assert_int_equal(tables(f), 3);
	assert_int_equal(paging_destroy(&f->pg, 0x80006000,
					SZ_2M - 0x6000), 0);
	assert_int_equal(tables(f), 1);
	expect_unmapped(f, 0x80000000);
}

static void test_unmap_splits_1g_block(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_1G, 0xc0000000,
				       DEV, PAGING_HUGE), 0);
	assert_int_equal(tables(f), 1);

	/* a page in the middle: 1 GiB -> 2 MiB blocks -> pages */
	assert_int_equal(paging_destroy(&f->pg, 0xc0a01000, SZ_4K), 0);
	assert_int_equal(tables(f), 3);
	expect_unmapped(f, 0xc0a01000);
	expect_map(f, 0xc0a00000, 0x40a00000, DEV);
	expect_map(f, 0xc0a02000, 0x40a02000, DEV);
	assert_int_equal(leaf_level(f, 0xc0a02000), 3);
	/* the other 2 MiB stay blocks, with the right output addresses */
	assert_int_equal(leaf_level(f, 0xc0000000), 2);
	assert_int_equal(leaf_level(f, 0xfffff000), 2);
	expect_map(f, 0xc0000000, 0x40000000, DEV);
	expect_map(f, 0xc0c00123, 0x40c00123, DEV);
	expect_map(f, 0xfffff000, 0x7ffff000, DEV);

	/* a whole 2 MiB inside: no further table */
	assert_int_equal(paging_destroy(&f->pg, 0xc0200000, SZ_2M), 0);
	assert_int_equal(tables(f), 3);
	expect_unmapped(f, 0xc0200000);
	expect_unmapped(f, 0xc03fffff);
	expect_map(f, 0xc0400000, 0x40400000, DEV);

	assert_int_equal(paging_destroy(&f->pg, 0xc0000000, SZ_1G), 0);
	assert_int_equal(tables(f), 1);
}

/* unmapping across block boundaries, and over holes */
static void test_unmap_range(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_create(&f->pg, 0x40000000, 4 * SZ_2M,
				       0x40000000, RW, PAGING_HUGE), 0);
	assert_int_equal(tables(f), 2);
	/* last page of block 0 up to the first page of block 3 */
	assert_int_equal(paging_destroy(&f->pg, 0x401ff000,
					2 * SZ_2M + 2 * SZ_4K), 0);
	expect_map(f, 0x401fe000, 0x401fe000, RW);
	expect_unmapped(f, 0x401ff000);
	expect_unmapped(f, 0x40200000);
	expect_unmapped(f, 0x405fffff);
	expect_unmapped(f, 0x40600000);
	expect_map(f, 0x40601000, 0x40601000, RW);
	assert_int_equal(tables(f), 4);

	/* unmapping what is not mapped is fine */
	assert_int_equal(paging_destroy(&f->pg, 0x40200000, SZ_2M), 0);
	assert_int_equal(paging_destroy(&f->pg, 0x100000000ULL, SZ_1G), 0);
	assert_int_equal(tables(f), 4);

	assert_int_equal(paging_destroy(&f->pg, 0, 4 * SZ_1G), 0);
	assert_int_equal(tables(f), 1);
}

/* the last 2 MiB of the 39-bit stage-2 space */
static void test_unmap_top(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_2M,
				       0x7fffe00000ULL, RW, PAGING_HUGE), 0);
	expect_map(f, 0x7fffe00000ULL, 0x40000000, RW);
	assert_int_equal(paging_destroy(&f->pg, 0x7fff000000ULL,
					0x1000000ULL), 0);
	expect_unmapped(f, 0x7fffe00000ULL);
	assert_int_equal(tables(f), 1);
}

/* ---- remapping ---- */

static void test_remap_page_in_block(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_2M, 0x40000000,
				       RWX, PAGING_HUGE), 0);
	/* one page elsewhere, read-only device */
	assert_int_equal(paging_create(&f->pg, 0x09000000, SZ_4K, 0x40100000,
				       PAGE_FLAG_READ | PAGE_FLAG_DEVICE,
				       PAGING_HUGE), 0);
	assert_int_equal(tables(f), 3);
	expect_map(f, 0x40100000, 0x09000000,
		   PAGE_FLAG_READ | PAGE_FLAG_DEVICE);
	expect_map(f, 0x400ff000, 0x400ff000, RWX);
	expect_map(f, 0x40101000, 0x40101000, RWX);
	expect_map(f, 0x401fffff, 0x401fffff, RWX);

	/* the block again over it: the level-3 table goes back */
	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_2M, 0x40000000,
				       RW, PAGING_HUGE), 0);
	assert_int_equal(tables(f), 2);
	assert_int_equal(leaf_level(f, 0x40100000), 2);
	expect_map(f, 0x40100000, 0x40100000, RW);
}

static void test_remap_block_over_pages(void **state)
{
	struct fixture *f = *state;

	/* 1 GiB of pages and 2 MiB blocks, then one 1 GiB block over it */
	assert_int_equal(paging_create(&f->pg, 0x0, SZ_4K, 0x40000000, RW,
				       PAGING_HUGE), 0);
	assert_int_equal(paging_create(&f->pg, 0x0, SZ_2M, 0x40800000, RW,
				       PAGING_HUGE), 0);
	assert_int_equal(paging_create(&f->pg, 0x0, SZ_4K, 0x7ffff000, RW,
				       PAGING_HUGE), 0);
	assert_int_equal(tables(f), 4);
	assert_int_equal(paging_create(&f->pg, 0x80000000, SZ_1G, 0x40000000,
				       PAGE_FLAG_READ, PAGING_HUGE), 0);
	assert_int_equal(tables(f), 1);
	expect_map(f, 0x40000000, 0x80000000, PAGE_FLAG_READ);
	expect_map(f, 0x7ffff000, 0xbffff000, PAGE_FLAG_READ);
}

/* remapping a page inside a 1 GiB block splits twice */
static void test_remap_in_1g_block(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_1G, 0x40000000,
				       RW, PAGING_HUGE), 0);
	assert_int_equal(paging_create(&f->pg, 0x1000, SZ_4K, 0x5fe00000,
				       RWX, PAGING_NON_HUGE), 0);
	assert_int_equal(tables(f), 3);
	expect_map(f, 0x5fe00000, 0x1000, RWX);
	expect_map(f, 0x5fe01000, 0x5fe01000, RW);
	expect_map(f, 0x5fc00000, 0x5fc00000, RW);
	expect_map(f, 0x40000000, 0x40000000, RW);
}

/* ---- descriptor formats ---- */

static void test_stage2_flags(void **state)
{
	static const struct {
		unsigned long in, out;
	} cases[] = {
		{ PAGE_FLAG_READ, PAGE_FLAG_READ },
		{ RW, RW },
		{ RWX, RWX },
		{ PAGE_FLAG_READ | PAGE_FLAG_EXEC,
		  PAGE_FLAG_READ | PAGE_FLAG_EXEC },
		/* write-only is representable at stage 2 */
		{ PAGE_FLAG_WRITE, PAGE_FLAG_WRITE },
		{ DEV, DEV },
		/* devices are never executable */
		{ DEV | PAGE_FLAG_EXEC, DEV },
		{ 0, 0 },
	};
	struct fixture *f = *state;
	unsigned int n;
	u64 virt;

	for (n = 0; n < ARRAY_SIZE(cases); n++) {
		virt = 0x40000000 + n * SZ_2M;
		assert_int_equal(paging_create(&f->pg, virt, SZ_2M, virt,
					       cases[n].in, PAGING_HUGE), 0);
		expect_map(f, virt + 0x1000, virt + 0x1000, cases[n].out);
		/* same flags after a split */
		assert_int_equal(paging_destroy(&f->pg, virt, SZ_4K), 0);
		expect_map(f, virt + 0x1000, virt + 0x1000, cases[n].out);
	}
}

static void test_stage1_flags(void **state)
{
	static const struct {
		unsigned long in, out;
	} cases[] = {
		/* EL2 stage 1 always grants read */
		{ 0, PAGE_FLAG_READ },
		{ PAGE_FLAG_READ, PAGE_FLAG_READ },
		{ RW, RW },
		{ RWX, RWX },
		{ PAGE_FLAG_READ | PAGE_FLAG_EXEC,
		  PAGE_FLAG_READ | PAGE_FLAG_EXEC },
		{ DEV, DEV },
		{ DEV | PAGE_FLAG_EXEC, DEV },
	};
	struct fixture *f = *state;
	unsigned int n;
	u64 virt;

	for (n = 0; n < ARRAY_SIZE(cases); n++) {
		virt = 0x7fc00000 + n * SZ_4K;
		assert_int_equal(paging_create(&f->pg, virt, SZ_4K, virt,
					       cases[n].in, PAGING_HUGE), 0);
		expect_map(f, virt, virt, cases[n].out);
	}
	assert_int_equal(paging_create(&f->pg, 0x80000000, SZ_1G, 0x80000000,
				       RW, PAGING_HUGE), 0);
	expect_map(f, 0x80000000, 0x80000000, RW);
	assert_int_equal(paging_destroy(&f->pg, 0x80000000, SZ_4K), 0);
	expect_map(f, 0x80001000, 0x80001000, RW);
}

/* IPA size from ID_AA64MMFR0_EL1.PARange: T0SZ and the top level */
static void test_stage2_ipa_size(void **state)
{
	static const struct {
		unsigned int parange, entries, t0sz, ps;
	} cases[] = {
		{ 0, 4, 32, 0 },	/* 32 bits */
		{ 1, 64, 28, 1 },	/* 36 bits */
		{ 2, 512, 25, 2 },	/* 40 bits -> 39 */
		{ 5, 512, 25, 5 },	/* 48 bits -> 39 */
		{ 6, 512, 25, 5 },	/* 52 bits: PS at most 48 bits */
		{ 15, 512, 25, 5 },	/* reserved values: the largest */
	};
	unsigned int n;

	(void)state;
	for (n = 0; n < ARRAY_SIZE(cases); n++) {
		arch_paging_formats_init(cases[n].parange);
		assert_int_equal(arch_cell_paging_format.levels[0].entries,
				 cases[n].entries);
		assert_int_equal(hv_vtcr & 0x3f, cases[n].t0sz);
		assert_int_equal((hv_vtcr >> 16) & 7, cases[n].ps);
		/* start level 1, inner shareable write-back walks, RES1 */
		assert_int_equal((hv_vtcr >> 6) & 3, 1);
		assert_int_equal((hv_vtcr >> 8) & 0x3f, 0x35);
		assert_true(hv_vtcr & (1UL << 31));
	}
	/* EL2 stage 1 is never resized */
	assert_int_equal(arch_hyp_paging_format.levels[0].entries, 512);
}

/* a 32-bit IPA space: level 1 has four entries */
static void test_stage2_small_top_level(void **state)
{
	struct fixture *f;

	arch_paging_formats_init(0);
	setup_s2(state);
	f = *state;
	assert_int_equal(paging_create(&f->pg, 0xc0000000, SZ_1G, 0xc0000000,
				       RW, PAGING_HUGE), 0);
	assert_int_equal(paging_create(&f->pg, 0x1000, SZ_4K, 0x1000,
				       RW, PAGING_HUGE), 0);
	expect_map(f, 0xffffffff, 0xffffffff, RW);
	expect_map(f, 0x1000, 0x1000, RW);
	assert_int_equal(paging_destroy(&f->pg, 0, 4 * SZ_1G), 0);
	assert_int_equal(tables(f), 1);
	teardown(state);
	/* back to the default, 39 bits */
	arch_paging_formats_init(2);
	assert_int_equal(arch_cell_paging_format.levels[0].entries, 512);
}

static void test_top_level_too_large(void **state)
{
	struct paging_format fmt = arch_cell_paging_format;
	struct paging_structures pg = { 0 };
	struct page_pool pool;
	unsigned long bitmap[1];
	void *mem = aligned_alloc(PAGE_SIZE, PAGE_SIZE);

	(void)state;
	assert_non_null(mem);
	page_pool_init(&pool, "one", mem, 0x1000, 1, bitmap);
	fmt.levels[0].entries = 1024;
	assert_int_equal(paging_init(&pg, &fmt, &pool), -EINVAL);
	assert_int_equal(pool.used, 0);
	free(mem);
}

/*
 * A made-up format, to show the code is format-neutral and to reach what
 * the arm64 formats never do: two levels, the upper one (2 MiB entries)
 * without blocks, the lower one with 8 KiB leaves.  Descriptors: bit 0
 * valid, bit 1 table, bits 2..5 the flags, bits 12.. the address.
 */
static pt_entry_t toy_table_entry(u64 phys)
{
	return phys | 3;
}

static pt_entry_t toy_leaf_entry(u64 phys, unsigned long flags,
				 unsigned int level)
{
	(void)level;
	return phys | ((u64)flags << 2) | 1;
}

static bool toy_is_valid(pt_entry_t pte)
{
	return pte & 1;
}

static bool toy_is_table(pt_entry_t pte, unsigned int level)
{
	return level == 0 && (pte & 2);
}

static u64 toy_entry_phys(pt_entry_t pte)
{
	return pte & ~0xfffULL;
}

static unsigned long toy_leaf_flags(pt_entry_t pte)
{
	return (pte >> 2) & 0xf;
}

static const struct paging_format toy_format = {
	.num_levels = 2,
	.levels = {
		{ .shift = 22, .entries = 512, .leaf_ok = false },
		{ .shift = 13, .entries = 512, .leaf_ok = true },
	},
	.table_entry = toy_table_entry,
	.leaf_entry = toy_leaf_entry,
	.is_valid = toy_is_valid,
	.is_table = toy_is_table,
	.entry_phys = toy_entry_phys,
	.leaf_flags = toy_leaf_flags,
};

static int setup_toy(void **state)
{
	return setup_fmt(state, &toy_format);
}

static void test_toy_format(void **state)
{
	struct fixture *f = *state;

	/* 4 MiB aligned, but the upper level holds no blocks */
	assert_int_equal(paging_create(&f->pg, 0x800000, 0x400000, 0x400000,
				       RW, PAGING_HUGE), 0);
	assert_int_equal(tables(f), 2);
	expect_map(f, 0x400000, 0x800000, RW);
	expect_map(f, 0x7fffff, 0xbfffff, RW);
	expect_unmapped(f, 0x800000);

	/*
	 * Less than a leaf cannot be mapped; the table allocated on the way
	 * stays (empty) until the range is unmapped.
	 */
	assert_int_equal(paging_create(&f->pg, 0x1000, SZ_4K, 0x1000000,
				       RW, PAGING_HUGE), -EINVAL);
	expect_unmapped(f, 0x1000000);
	assert_int_equal(tables(f), 3);
	assert_int_equal(paging_destroy(&f->pg, 0x1000000, 0x2000), 0);
	assert_int_equal(tables(f), 2);
	/* ...nor unmapped */
	assert_int_equal(paging_destroy(&f->pg, 0x402000, SZ_4K), -EINVAL);
	expect_map(f, 0x402000, 0x802000, RW);
	expect_map(f, 0x403000, 0x803000, RW);

	assert_int_equal(paging_destroy(&f->pg, 0x402000, 0x2000), 0);
	expect_unmapped(f, 0x403000);
	expect_map(f, 0x404000, 0x804000, RW);
	assert_int_equal(paging_destroy(&f->pg, 0x400000, 0x400000), 0);
	assert_int_equal(tables(f), 1);
}

/* ---- running out of table pages ---- */

/* take all but @leave free pages away from the page tables */
static void drain_pool(struct fixture *f, unsigned long leave)
{
	while (f->pool.pages - f->pool.used > leave) {
		f->drained[f->num_drained] = page_alloc(&f->pool, 1);
		assert_non_null(f->drained[f->num_drained]);
		f->num_drained++;
	}
}

/* give @num of them back (REFILL_ALL: all) */
static void refill_pool(struct fixture *f, unsigned int num)
{
	for (; num && f->num_drained; num--)
		page_free(&f->pool, f->drained[--f->num_drained], 1);
}

static void test_init_pool_empty(void **state)
{
	struct fixture *f = *state;
	struct paging_structures pg = { 0 };

	drain_pool(f, 0);
	assert_int_equal(paging_init(&pg, &arch_cell_paging_format, &f->pool),
			 -ENOMEM);
	assert_null(pg.root);
	paging_free(&pg);
	refill_pool(f, REFILL_ALL);
}

static void test_map_pool_exhausted(void **state)
{
	struct fixture *f = *state;

	/* one page left: the level-2 table fits, the level-3 one not */
	drain_pool(f, 1);
	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_4K, 0x40000000,
				       RW, PAGING_HUGE), -ENOMEM);
	expect_unmapped(f, 0x40000000);
	assert_int_equal(f->pool.used, f->pool.pages);
	/* unmapping the range gives the empty level-2 table back */
	assert_int_equal(paging_destroy(&f->pg, 0x40000000, SZ_4K), 0);
	assert_int_equal(f->pool.used, f->pool.pages - 1);
	refill_pool(f, REFILL_ALL);
	assert_int_equal(tables(f), 1);
}

/*
 * A mapping that runs out of tables half-way keeps what it mapped so far
 * (paging_create is not atomic); what is mapped is mapped right, and
 * unmapping the whole range cleans up completely.
 */
static void test_map_pool_exhausted_midway(void **state)
{
	struct fixture *f = *state;
	u64 off;
	int ret;

	drain_pool(f, 3);
	/* 1 GiB in pages: level 2 plus 512 level-3 tables */
	ret = paging_create(&f->pg, 0x80000000, SZ_1G, 0x40000000, RW,
			    PAGING_NON_HUGE);
	assert_int_equal(ret, -ENOMEM);
	for (off = 0; off < SZ_1G; off += SZ_2M / 2) {
		u64 phys;

		if (paging_virt2phys(&f->pg, 0x40000000 + off, &phys, NULL))
			assert_int_equal(phys, 0x80000000 + off);
	}
	assert_int_equal(paging_destroy(&f->pg, 0x40000000, SZ_1G), 0);
	expect_unmapped(f, 0x40000000);
	refill_pool(f, REFILL_ALL);
	assert_int_equal(tables(f), 1);
}

/* a split that finds no page leaves the block as it was */
static void test_split_pool_exhausted(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_2M, 0x40000000,
				       RW, PAGING_HUGE), 0);
	assert_int_equal(tables(f), 2);
	drain_pool(f, 0);
	assert_int_equal(paging_destroy(&f->pg, 0x40001000, SZ_4K), -ENOMEM);
	assert_int_equal(leaf_level(f, 0x40000000), 2);
	expect_map(f, 0x40001000, 0x40001000, RW);
	assert_int_equal(paging_create(&f->pg, 0x0, SZ_4K, 0x40001000,
				       RW, PAGING_HUGE), -ENOMEM);
	expect_map(f, 0x40001000, 0x40001000, RW);

	/* the same with a 1 GiB block: the first split fails */
	refill_pool(f, REFILL_ALL);
	assert_int_equal(paging_create(&f->pg, 0x0, SZ_1G, 0x80000000,
				       RW, PAGING_HUGE), 0);
	drain_pool(f, 0);
	assert_int_equal(paging_destroy(&f->pg, 0x80001000, SZ_4K), -ENOMEM);
	expect_map(f, 0x80001000, 0x1000, RW);
	assert_int_equal(leaf_level(f, 0x80001000), 1);

	/* one page: the 1 GiB block splits, the 2 MiB one then cannot */
	refill_pool(f, 1);
	assert_int_equal(paging_destroy(&f->pg, 0x80001000, SZ_4K), -ENOMEM);
	expect_map(f, 0x80001000, 0x1000, RW);
	expect_map(f, 0xbffff000, 0x3ffff000, RW);
	assert_int_equal(leaf_level(f, 0x80001000), 2);
}

/* ---- many mappings ---- */

/*
 * A pseudo-random sequence of maps, remaps and unmaps in a 4 MiB window
 * (two 2 MiB blocks' worth) at @base, against a shadow map: after each
 * step every page maps where the shadow says, with its flags, and no
 * empty table lingers (at most one table per 1 GiB and per 2 MiB that
 * holds anything, plus the root).
 */
#define WINDOW_PAGES	1024

static void random_ops(struct fixture *f, u64 base, u64 seed,
		       unsigned int rounds)
{
	static const unsigned long flag_set[] = {
		RW, PAGE_FLAG_READ, RWX, DEV,
	};
	static struct {
		u64 phys;
		unsigned long flags;
	} shadow[WINDOW_PAGES];
	unsigned int round, n, first, num, opts, blocks_2m, blocks_1g;
	unsigned int blocks_made = 0;
	u64 phys, last_2m, last_1g;
	unsigned long flags;
	bool whole;

	memset(shadow, 0, sizeof(shadow));
	for (round = 0; round < rounds; round++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		first = (seed >> 33) % WINDOW_PAGES;
		num = 1 + (seed >> 20) % 600;
		if (first + num > WINDOW_PAGES)
			num = WINDOW_PAGES - first;
		/* now and then whole blocks */
		whole = (seed >> 10) % 4 == 0;
		if (whole) {
			first = ((seed >> 40) % 2) * 512 +
				((SZ_2M - (base & (SZ_2M - 1))) &
				 (SZ_2M - 1)) / SZ_4K;
			first %= WINDOW_PAGES;
			num = MIN(512U, WINDOW_PAGES - first);
		}
		if ((seed >> 5) % 3 == 0) {
			assert_int_equal(paging_destroy(&f->pg,
				base + first * SZ_4K, num * SZ_4K), 0);
			for (n = first; n < first + num; n++)
				shadow[n].phys = 0;
		} else {
			/* phys 2 MiB aligned with virt half the time */
			phys = 0x100000000ULL + (base & (SZ_2M - 1)) +
				(round % 2) * SZ_4K;
			flags = flag_set[(seed >> 50) % ARRAY_SIZE(flag_set)];
			opts = (seed >> 45) % 5 ? PAGING_HUGE :
				PAGING_NON_HUGE;
			assert_int_equal(paging_create(&f->pg,
				phys + first * SZ_4K, num * SZ_4K,
				base + first * SZ_4K, flags, opts), 0);
			for (n = first; n < first + num; n++) {
				shadow[n].phys = phys + n * SZ_4K;
				shadow[n].flags = flags;
			}
			/* aligned on both sides: a block */
			if (whole && num == 512 && round % 2 == 0 &&
			    opts == PAGING_HUGE) {
				assert_int_equal(leaf_level(f,
					base + first * SZ_4K), 2);
				blocks_made++;
			}
		}

		blocks_2m = blocks_1g = 0;
		last_2m = last_1g = ~0ULL;
		for (n = 0; n < WINDOW_PAGES; n++) {
			u64 virt = base + n * SZ_4K;
			bool mapped = paging_virt2phys(&f->pg, virt, &phys,
						       &flags);

			if (!shadow[n].phys) {
				if (mapped)
					fail_msg("round %u: 0x%llx mapped",
						 round,
						 (unsigned long long)virt);
				continue;
			}
			if (!mapped)
				fail_msg("round %u: 0x%llx not mapped", round,
					 (unsigned long long)virt);
			assert_int_equal(phys, shadow[n].phys);
			assert_int_equal(flags, shadow[n].flags);
			if (virt / SZ_2M != last_2m) {
				last_2m = virt / SZ_2M;
				blocks_2m++;
			}
			if (virt / SZ_1G != last_1g) {
				last_1g = virt / SZ_1G;
				blocks_1g++;
			}
		}
		if (tables(f) > 1 + blocks_1g + blocks_2m)
			fail_msg("round %u: %lu tables for %u GiB and %u 2 MiB "
				 "areas in use", round, tables(f), blocks_1g,
				 blocks_2m);
	}
	assert_int_equal(paging_destroy(&f->pg, base, WINDOW_PAGES * SZ_4K),
			 0);
	assert_int_equal(tables(f), 1);
	assert_true(blocks_made > 0);
}

static void test_random_against_shadow(void **state)
{
	random_ops(*state, 0x40000000, 12345, 300);
}

/* the same across a 1 GiB boundary, not 2 MiB aligned */
static void test_random_across_1g(void **state)
{
	random_ops(*state, 0x3fe01000, 777, 300);
}

/* paging_free() of a populated tree returns every table */
static void test_free_populated(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_1G, 0x40000000,
				       RW, PAGING_HUGE), 0);
	assert_int_equal(paging_create(&f->pg, 0x1000, 3 * SZ_4K, 0x1000,
				       RW, PAGING_HUGE), 0);
	assert_int_equal(paging_create(&f->pg, 0x8000000000ULL - SZ_2M, SZ_2M,
				       0x8000000000ULL - SZ_2M, RW,
				       PAGING_NON_HUGE), 0);
	assert_int_equal(paging_destroy(&f->pg, 0x40200000, SZ_4K), 0);
	assert_int_equal(tables(f), 7);
	/* teardown frees and checks that the pool is empty again */
}

static void test_free_twice(void **state)
{
	struct fixture *f = *state;

	paging_free(&f->pg);
	assert_int_equal(f->pool.used, 0);
	paging_free(&f->pg);
	assert_int_equal(f->pool.used, 0);
}

/*
 * Tables in use (invalidate set): what a walker could see at each TLB
 * invalidation.  live is the fixture under test, probe the address whose
 * translation is recorded, seen_* what the callback found.
 */
static struct fixture *live;
static u64 probe;
static unsigned int invalidations;
static bool probe_mapped_at_first, busy_at_first;
static unsigned long used_at_first;

static void record_invalidate(void)
{
	if (!invalidations++) {
		probe_mapped_at_first = paging_virt2phys(&live->pg, probe,
							 NULL, NULL);
		busy_at_first = live->pg.busy;
		used_at_first = live->pool.used;
	}
}

static void go_live(struct fixture *f, u64 addr)
{
	live = f;
	probe = addr;
	invalidations = 0;
	f->pg.invalidate = record_invalidate;
}

/* splitting a block: the block entry is invalid when the TLB is flushed */
static void test_split_breaks_before_make(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_2M, 0x40000000,
				       RW, PAGING_HUGE), 0);
	go_live(f, 0x40000000);
	assert_int_equal(paging_destroy(&f->pg, 0x40001000, SZ_4K), 0);
	assert_true(invalidations >= 2);
	assert_false(probe_mapped_at_first);
	assert_true(busy_at_first);
	assert_false(f->pg.busy);
	expect_map(f, 0x40000000, 0x40000000, RW);
	expect_unmapped(f, 0x40001000);
	assert_int_equal(leaf_level(f, 0x40000000), 3);
}

/* a block over pages: break first, the page table goes after the flush */
static void test_merge_breaks_before_make(void **state)
{
	struct fixture *f = *state;
	unsigned long before;

	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_2M, 0x40000000,
				       RW, PAGING_NON_HUGE), 0);
	before = tables(f);
	go_live(f, 0x40000000);
	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_2M, 0x40000000,
				       RW, PAGING_HUGE), 0);
	assert_int_equal(invalidations, 1);
	assert_false(probe_mapped_at_first);
	/* the page table was still allocated while walkers could hold it */
	assert_int_equal(used_at_first, before);
	assert_int_equal(tables(f), before - 1);
	assert_int_equal(leaf_level(f, 0x40000000), 2);
}

/* remapping an entry elsewhere is a break too, never a direct rewrite */
static void test_remap_breaks_before_make(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_4K, 0x40000000,
				       RW, PAGING_NON_HUGE), 0);
	go_live(f, 0x40000000);
	assert_int_equal(paging_create(&f->pg, 0x50000000, SZ_4K, 0x40000000,
				       RW, PAGING_NON_HUGE), 0);
	assert_int_equal(invalidations, 1);
	assert_false(probe_mapped_at_first);
	expect_map(f, 0x40000000, 0x50000000, RW);
	/* the same mapping again changes nothing and flushes nothing */
	invalidations = 0;
	assert_int_equal(paging_create(&f->pg, 0x50000000, SZ_4K, 0x40000000,
				       RW, PAGING_NON_HUGE), 0);
	assert_int_equal(invalidations, 0);
}

/* tables freed by an unmap go back only after one flush for all */
static void test_freed_tables_wait_for_flush(void **state)
{
	struct fixture *f = *state;
	unsigned long before;

	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_4K, 0x40000000,
				       RW, PAGING_NON_HUGE), 0);
	assert_int_equal(paging_create(&f->pg, 0x40200000, SZ_4K, 0x40200000,
				       RW, PAGING_NON_HUGE), 0);
	before = tables(f);
	go_live(f, 0x40200000);
	assert_int_equal(paging_destroy(&f->pg, 0x40000000, 2 * SZ_2M), 0);
	assert_int_equal(invalidations, 1);
	assert_false(probe_mapped_at_first);
	assert_int_equal(used_at_first, before);
	assert_int_equal(tables(f), 1);
}

/* more freed tables than the op keeps: flushes early, frees them all */
static void test_many_freed_tables(void **state)
{
	struct fixture *f = *state;
	unsigned int n;

	for (n = 0; n < 40; n++)
		assert_int_equal(paging_create(&f->pg, 0x40000000 + n * SZ_2M,
					       SZ_4K, 0x40000000 + n * SZ_2M,
					       RW, PAGING_NON_HUGE), 0);
	/* root, one 2 MiB-level table, 40 page tables */
	assert_int_equal(tables(f), 1 + 1 + 40);
	go_live(f, 0x40000000 + 39 * SZ_2M);
	assert_int_equal(paging_destroy(&f->pg, 0x40000000, SZ_1G), 0);
	/*
	 * The whole GiB was unlinked before the flush forced by the full
	 * deferral list, and nothing was freed before it; that one flush
	 * covers the rest too.
	 */
	assert_int_equal(invalidations, 1);
	assert_false(probe_mapped_at_first);
	assert_int_equal(used_at_first, 1 + 1 + 40);
	assert_int_equal(tables(f), 1);
}

/* nothing removed, nothing flushed */
static void test_no_flush_without_removal(void **state)
{
	struct fixture *f = *state;

	go_live(f, 0x40000000);
	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_2M, 0x40000000,
				       RW, PAGING_HUGE), 0);
	assert_int_equal(paging_destroy(&f->pg, 0x80000000, SZ_2M), 0);
	assert_int_equal(invalidations, 0);
	assert_false(f->pg.busy);
}

static void end_change(void)
{
	live->pg.busy = 0;
	assert_int_equal(paging_create(&live->pg, probe, SZ_4K, probe, RW,
				       PAGING_NON_HUGE), 0);
}

/* a fault in the break window waits for the change, then sees the entry */
static void test_wait_mapped(void **state)
{
	struct fixture *f = *state;

	live = f;
	probe = 0x40000000;
	assert_false(paging_wait_mapped(&f->pg, 0x40000000));
	f->pg.busy = 1;
	hv_shim.relax_hook = end_change;
	assert_true(paging_wait_mapped(&f->pg, 0x40000000));
	assert_true(hv_shim.relaxes >= 1);
	hv_shim.relax_hook = NULL;
	assert_false(paging_wait_mapped(&f->pg, 0x40001000));
}

/* giving back a page of a split block makes it one block again (BBM) */
static void test_map_back_merges_block(void **state)
{
	struct fixture *f = *state;
	unsigned long before;

	assert_int_equal(paging_create(&f->pg, 0x40000000, SZ_2M, 0x40000000,
				       RW, PAGING_HUGE), 0);
	before = tables(f);
	assert_int_equal(paging_destroy(&f->pg, 0x40001000, SZ_4K), 0);
	assert_int_equal(tables(f), before + 1);
	go_live(f, 0x40000000);
	assert_int_equal(paging_create(&f->pg, 0x40001000, SZ_4K, 0x40001000,
				       RW, PAGING_HUGE), 0);
	assert_int_equal(invalidations, 1);
	assert_false(probe_mapped_at_first);
	assert_int_equal(leaf_level(f, 0x40000000), 2);
	assert_int_equal(tables(f), before);
	expect_map(f, 0x401ff000, 0x401ff000, RW);
	/* not merged: other flags in one page, or no huge pages wanted */
	assert_int_equal(paging_destroy(&f->pg, 0x40001000, SZ_4K), 0);
	assert_int_equal(paging_create(&f->pg, 0x40001000, SZ_4K, 0x40001000,
				       PAGE_FLAG_READ, PAGING_HUGE), 0);
	assert_int_equal(leaf_level(f, 0x40000000), 3);
	assert_int_equal(paging_create(&f->pg, 0x40001000, SZ_4K, 0x40001000,
				       RW, PAGING_NON_HUGE), 0);
	assert_int_equal(leaf_level(f, 0x40000000), 3);
	/* nor when the pages do not map one aligned range */
	assert_int_equal(paging_create(&f->pg, 0x50001000, SZ_4K, 0x40001000,
				       RW, PAGING_HUGE), 0);
	assert_int_equal(leaf_level(f, 0x40000000), 3);
}

#define S2(fn)	cmocka_unit_test_setup_teardown(fn, setup_s2, teardown)
#define S1(fn)	cmocka_unit_test_setup_teardown(fn, setup_s1, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		S2(test_map_page),
		S1(test_map_page),
		S2(test_walk_optional_outputs),
		S2(test_map_2m_block),
		S1(test_map_2m_block),
		S2(test_map_1g_block),
		S2(test_non_huge),
		S2(test_mixed_sizes),
		S2(test_unaligned_args),
		S2(test_unmap_splits_2m_block),
		S2(test_unmap_splits_1g_block),
		S1(test_unmap_splits_1g_block),
		S2(test_unmap_range),
		S2(test_unmap_top),
		S2(test_remap_page_in_block),
		S2(test_remap_block_over_pages),
		S2(test_remap_in_1g_block),
		S2(test_stage2_flags),
		S1(test_stage1_flags),
		cmocka_unit_test(test_stage2_ipa_size),
		cmocka_unit_test(test_stage2_small_top_level),
		cmocka_unit_test(test_top_level_too_large),
		S2(test_init_pool_empty),
		S2(test_map_pool_exhausted),
		S2(test_map_pool_exhausted_midway),
		S2(test_split_pool_exhausted),
		S2(test_random_against_shadow),
		S2(test_random_across_1g),
		S1(test_random_against_shadow),
		S2(test_free_populated),
		S2(test_free_twice),
		S2(test_split_breaks_before_make),
		S1(test_split_breaks_before_make),
		S2(test_merge_breaks_before_make),
		S2(test_remap_breaks_before_make),
		S2(test_freed_tables_wait_for_flush),
		S2(test_many_freed_tables),
		S2(test_no_flush_without_removal),
		S2(test_wait_mapped),
		S2(test_map_back_merges_block),
		S1(test_map_back_merges_block),
		cmocka_unit_test_setup_teardown(test_toy_format, setup_toy,
						teardown),
	};

	return cmocka_run_group_tests_name("paging", tests, NULL, NULL);
}
