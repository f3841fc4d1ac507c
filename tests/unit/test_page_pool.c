// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the page pool (hypervisor/core/page_pool.c): allocation of
 * one or several contiguous pages, alignment, exhaustion, freeing and the
 * used/total accounting the GET_INFO hypercall reports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/page_pool.h>

#include "hv-host-shim.h"

#define POOL_PAGES	70	/* more than one bitmap word */
#define POOL_PHYS	0x7fd00000ULL

struct fixture {
	struct page_pool pool;
	unsigned long bitmap[PAGE_POOL_BITMAP_LONGS(POOL_PAGES)];
	u8 *mem;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->mem = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	assert_non_null(f->mem);
	/* garbage, so that zeroing on allocation shows */
	memset(f->mem, 0xa5, POOL_PAGES * PAGE_SIZE);
	memset(f->bitmap, 0xff, sizeof(f->bitmap));
	hv_shim_reset();
	page_pool_init(&f->pool, "test", f->mem, POOL_PHYS, POOL_PAGES,
		       f->bitmap);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	/* every pool operation releases its lock */
	assert_int_equal(hv_shim.locks_held, 0);
	free(f->mem);
	free(f);
	return 0;
}

static unsigned long index_of(struct fixture *f, void *page)
{
	return ((u8 *)page - f->mem) / PAGE_SIZE;
}

static bool all_zero(const u8 *p, size_t len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

static void test_init(void **state)
{
	struct fixture *f = *state;
	unsigned int n;

	assert_string_equal(f->pool.name, "test");
	assert_int_equal(f->pool.pages, POOL_PAGES);
	assert_int_equal(f->pool.used, 0);
	assert_ptr_equal(f->pool.base, f->mem);
	assert_int_equal(f->pool.lock.locked, 0);
	for (n = 0; n < ARRAY_SIZE(f->bitmap); n++)
		assert_int_equal(f->bitmap[n], 0);
}

static void test_alloc_single(void **state)
{
	struct fixture *f = *state;
	u8 *a, *b;

	a = page_alloc(&f->pool, 1);
	b = page_alloc(&f->pool, 1);
	assert_non_null(a);
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	assert_int_equal((uintptr_t)a & PAGE_OFFS_MASK, 0);
	assert_int_equal((uintptr_t)b & PAGE_OFFS_MASK, 0);
	assert_true(a >= f->mem && a < f->mem + POOL_PAGES * PAGE_SIZE);
	assert_true(all_zero(a, PAGE_SIZE));
	assert_true(all_zero(b, PAGE_SIZE));
	assert_int_equal(f->pool.used, 2);
	/* the first fit: lowest pages first */
	assert_int_equal(index_of(f, a), 0);
	assert_int_equal(index_of(f, b), 1);
	assert_int_equal(hv_shim.locks_taken, 2);
}

static void test_alloc_zero(void **state)
{
	struct fixture *f = *state;

	assert_null(page_alloc(&f->pool, 0));
	assert_int_equal(f->pool.used, 0);
}

static void test_alloc_contiguous(void **state)
{
	struct fixture *f = *state;
	u8 *a, *b, *c, *big;

	a = page_alloc(&f->pool, 1);
	b = page_alloc(&f->pool, 1);
	c = page_alloc(&f->pool, 1);
	page_free(&f->pool, b, 1);
	assert_int_equal(f->pool.used, 2);

	/* the hole of one page is too small for three */
	big = page_alloc(&f->pool, 3);
	assert_non_null(big);
	assert_int_equal(index_of(f, big), 3);
	assert_true(all_zero(big, 3 * PAGE_SIZE));
	assert_int_equal(f->pool.used, 5);

	/* ...but a single page goes into it */
	assert_ptr_equal(page_alloc(&f->pool, 1), b);
	assert_int_equal(f->pool.used, 6);
	(void)a;
	(void)c;
}

static void test_exhaustion(void **state)
{
	struct fixture *f = *state;
	void *pages[POOL_PAGES];
	unsigned int n;

	for (n = 0; n < POOL_PAGES; n++) {
		pages[n] = page_alloc(&f->pool, 1);
		assert_non_null(pages[n]);
		assert_int_equal(index_of(f, pages[n]), n);
	}
	assert_int_equal(f->pool.used, POOL_PAGES);
	assert_null(page_alloc(&f->pool, 1));
	assert_int_equal(f->pool.used, POOL_PAGES);

	/* a page in the second bitmap word comes back */
	page_free(&f->pool, pages[66], 1);
	assert_int_equal(f->pool.used, POOL_PAGES - 1);
	assert_null(page_alloc(&f->pool, 2));
	assert_ptr_equal(page_alloc(&f->pool, 1), pages[66]);

	for (n = 0; n < POOL_PAGES; n++)
		page_free(&f->pool, pages[n], 1);
	assert_int_equal(f->pool.used, 0);
}

static void test_too_large(void **state)
{
	struct fixture *f = *state;
	void *all;

	assert_null(page_alloc(&f->pool, POOL_PAGES + 1));
	all = page_alloc(&f->pool, POOL_PAGES);
	assert_ptr_equal(all, f->mem);
	assert_int_equal(f->pool.used, POOL_PAGES);
	page_free(&f->pool, all, POOL_PAGES);
	assert_int_equal(f->pool.used, 0);
}

static void test_free_robust(void **state)
{
	struct fixture *f = *state;
	u8 *a;

	/* NULL is ignored */
	page_free(&f->pool, NULL, 1);
	assert_int_equal(f->pool.used, 0);

	/* freeing twice, or more than allocated, does not go below zero */
	a = page_alloc(&f->pool, 2);
	page_free(&f->pool, a, 4);
	assert_int_equal(f->pool.used, 0);
	page_free(&f->pool, a, 1);
	assert_int_equal(f->pool.used, 0);

	/* nor beyond the end of the pool */
	a = page_alloc(&f->pool, POOL_PAGES);
	page_free(&f->pool, a + (POOL_PAGES - 1) * PAGE_SIZE, 8);
	assert_int_equal(f->pool.used, POOL_PAGES - 1);
}

static void test_addresses(void **state)
{
	struct fixture *f = *state;
	u8 *a;

	assert_int_equal(page_pool_virt2phys(&f->pool, f->mem), POOL_PHYS);
	a = page_alloc(&f->pool, 1);
	a = page_alloc(&f->pool, 1);
	assert_int_equal(page_pool_virt2phys(&f->pool, a),
			 POOL_PHYS + PAGE_SIZE);
	assert_int_equal(page_pool_virt2phys(&f->pool, a + 0x123),
			 POOL_PHYS + PAGE_SIZE + 0x123);
	assert_ptr_equal(page_pool_phys2virt(&f->pool, POOL_PHYS + PAGE_SIZE),
			 a);
	assert_ptr_equal(page_pool_phys2virt(&f->pool,
					     page_pool_virt2phys(&f->pool,
								 a + 8)),
			 a + 8);
}

/* the hypervisor's pools exist as globals for the GET_INFO hypercall */
static void test_globals(void **state)
{
	(void)state;
	assert_non_null(&mem_pool);
	assert_non_null(&remap_pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_single, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_alloc_zero, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_alloc_contiguous, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_exhaustion, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_too_large, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_free_robust, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_addresses, setup,
						teardown),
		cmocka_unit_test(test_globals),
	};

	return cmocka_run_group_tests_name("page_pool", tests, NULL, NULL);
}
