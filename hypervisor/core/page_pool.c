// SPDX-License-Identifier: GPL-2.0
/*
 * Page pool: a bitmap allocator over a contiguous range of pages.
 */
#include <hv/page_pool.h>
#include <hv/lib.h>

struct page_pool mem_pool;
struct remap_pool remap_pool;

#define BITS_PER_LONG	(8 * sizeof(unsigned long))

void page_pool_init(struct page_pool *pool, const char *name, void *base,
		    u64 base_phys, unsigned long pages, unsigned long *bitmap)
{
	pool->name = name;
	pool->base = base;
	pool->base_phys = base_phys;
	pool->pages = pages;
	pool->used = 0;
	pool->bitmap = bitmap;
	pool->lock.locked = 0;
	memset(bitmap, 0, PAGE_POOL_BITMAP_LONGS(pages) * sizeof(long));
}

static bool page_is_used(const struct page_pool *pool, unsigned long n)
{
	return pool->bitmap[n / BITS_PER_LONG] & (1UL << (n % BITS_PER_LONG));
}

static void page_mark(struct page_pool *pool, unsigned long n, bool used)
{
	unsigned long bit = 1UL << (n % BITS_PER_LONG);

	if (used)
		pool->bitmap[n / BITS_PER_LONG] |= bit;
	else
		pool->bitmap[n / BITS_PER_LONG] &= ~bit;
}

void *page_alloc(struct page_pool *pool, unsigned int num)
{
	unsigned long start, n;
	void *page = NULL;

	if (!num)
		return NULL;

	spin_lock(&pool->lock);
	for (start = 0; start + num <= pool->pages; start++) {
		for (n = 0; n < num; n++)
			if (page_is_used(pool, start + n))
				break;
		if (n == num) {
			for (n = 0; n < num; n++)
				page_mark(pool, start + n, true);
			pool->used += num;
			page = (u8 *)pool->base + start * PAGE_SIZE;
			break;
		}
		start += n;
	}
	spin_unlock(&pool->lock);

	if (page)
		memset(page, 0, num * PAGE_SIZE);
	return page;
}

void page_free(struct page_pool *pool, void *page, unsigned int num)
{
	unsigned long first, n;

	if (!page)
		return;
	first = ((u8 *)page - (u8 *)pool->base) / PAGE_SIZE;

	spin_lock(&pool->lock);
	for (n = first; n < first + num && n < pool->pages; n++) {
		if (page_is_used(pool, n)) {
			page_mark(pool, n, false);
			pool->used--;
		}
	}
	spin_unlock(&pool->lock);
}

u64 page_pool_virt2phys(const struct page_pool *pool, const void *virt)
{
	return pool->base_phys + ((const u8 *)virt - (const u8 *)pool->base);
}

void *page_pool_phys2virt(const struct page_pool *pool, u64 phys)
{
	return (u8 *)pool->base + (phys - pool->base_phys);
}
