/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_PAGE_POOL_H
#define _HV_PAGE_POOL_H

#include <hv/arch.h>

/*
 * A pool of pages handed out one or several contiguous at a time, tracked
 * by a bitmap.  virt/phys: where the pool's memory is seen by the code and
 * its physical address (identical in the hypervisor, not in unit tests).
 */
struct page_pool {
	const char *name;
	void *base;
	u64 base_phys;
	unsigned long pages;
	unsigned long used;
	unsigned long *bitmap;
	spinlock_t lock;
};

/* bitmap words needed for a pool of @pages pages */
#define PAGE_POOL_BITMAP_LONGS(pages)	(((pages) + 63) / 64)

void page_pool_init(struct page_pool *pool, const char *name, void *base,
		    u64 base_phys, unsigned long pages, unsigned long *bitmap);
void *page_alloc(struct page_pool *pool, unsigned int num);
void page_free(struct page_pool *pool, void *page, unsigned int num);
u64 page_pool_virt2phys(const struct page_pool *pool, const void *virt);
void *page_pool_phys2virt(const struct page_pool *pool, u64 phys);

/* the hypervisor's memory pool (page tables, cell structures) */
extern struct page_pool mem_pool;

/*
 * Remap pool: accounting of the address-space window the hypervisor uses
 * for device mappings (we map devices 1:1, so only counters).
 */
struct remap_pool {
	unsigned long pages;
	unsigned long used;
};
extern struct remap_pool remap_pool;

#endif /* !_HV_PAGE_POOL_H */
