// SPDX-License-Identifier: GPL-2.0
/*
 * Generic page-table code: map, unmap (splitting blocks where needed) and
 * walk tables of any format described by struct paging_format.  Tables
 * come from the page pool of the paging structures; the pool also converts
 * between the physical addresses stored in descriptors and pointers.
 */
#include <hv/paging.h>
#include <hv/arch.h>
#include <hv/lib.h>

static inline u64 level_size(const struct paging_format *fmt,
			     unsigned int level)
{
	return 1ULL << fmt->levels[level].shift;
}

static inline unsigned int level_index(const struct paging_format *fmt,
				       unsigned int level, u64 virt)
{
	return (virt >> fmt->levels[level].shift) &
		(fmt->levels[level].entries - 1);
}

static pt_entry_t *table_of(const struct paging_structures *pg,
			    pt_entry_t pte)
{
	return page_pool_phys2virt(pg->pool, pg->fmt->entry_phys(pte));
}

static void set_entry(pt_entry_t *pte, pt_entry_t val)
{
	WRITE_ONCE(*pte, val);
	arch_paging_sync(pte);
}

int paging_init(struct paging_structures *pg, const struct paging_format *fmt,
		struct page_pool *pool)
{
	if (fmt->levels[0].entries > PTES_PER_TABLE)
		return -EINVAL;

	pg->fmt = fmt;
	pg->pool = pool;
	pg->root = page_alloc(pool, 1);
	if (!pg->root)
		return -ENOMEM;
	pg->root_phys = page_pool_virt2phys(pool, pg->root);
	return 0;
}

static void free_table(const struct paging_structures *pg, pt_entry_t *table,
		       unsigned int level)
{
	const struct paging_format *fmt = pg->fmt;
	unsigned int n;

	if (level + 1 < fmt->num_levels) {
		for (n = 0; n < fmt->levels[level].entries; n++)
			if (fmt->is_valid(table[n]) &&
			    fmt->is_table(table[n], level))
				free_table(pg, table_of(pg, table[n]),
					   level + 1);
	}
	page_free(pg->pool, table, 1);
}

void paging_free(struct paging_structures *pg)
{
	if (!pg->root)
		return;
	free_table(pg, pg->root, 0);
	pg->root = NULL;
	pg->root_phys = 0;
}

/* replace the block at @pte (level @level) by a table of the same mapping */
static int split_leaf(const struct paging_structures *pg, pt_entry_t *pte,
		      unsigned int level)
{
	const struct paging_format *fmt = pg->fmt;
	unsigned int next = level + 1, n;
	unsigned long flags;
	pt_entry_t *table;
	u64 phys;

	if (next >= fmt->num_levels)
		return -EINVAL;
	table = page_alloc(pg->pool, 1);
	if (!table)
		return -ENOMEM;

	phys = fmt->entry_phys(*pte);
	flags = fmt->leaf_flags(*pte);
	for (n = 0; n < fmt->levels[next].entries; n++)
		table[n] = fmt->leaf_entry(phys + n * level_size(fmt, next),
					   flags, next);
	set_entry(pte, fmt->table_entry(page_pool_virt2phys(pg->pool, table)));
	return 0;
}

int paging_create(const struct paging_structures *pg, u64 phys, u64 size,
		  u64 virt, unsigned long flags, unsigned int opts)
{
	const struct paging_format *fmt = pg->fmt;
	unsigned int level;
	pt_entry_t *table, *pte;
	u64 bsize = PAGE_SIZE;
	int err;

	if ((phys | size | virt) & PAGE_OFFS_MASK)
		return -EINVAL;

	while (size) {
		table = pg->root;
		for (level = 0; level < fmt->num_levels; level++) {
			bsize = level_size(fmt, level);
			pte = &table[level_index(fmt, level, virt)];

			if (fmt->levels[level].leaf_ok &&
			    (level == fmt->num_levels - 1 ||
			     (opts & PAGING_HUGE)) &&
			    !((phys | virt) & (bsize - 1)) && size >= bsize) {
				if (fmt->is_valid(*pte) &&
				    fmt->is_table(*pte, level))
					free_table(pg, table_of(pg, *pte),
						   level + 1);
				set_entry(pte, fmt->leaf_entry(phys, flags,
							       level));
				break;
			}
			if (level == fmt->num_levels - 1)
				return -EINVAL;

			if (!fmt->is_valid(*pte)) {
				pt_entry_t *next = page_alloc(pg->pool, 1);

				if (!next)
					return -ENOMEM;
				set_entry(pte, fmt->table_entry(
					page_pool_virt2phys(pg->pool, next)));
			} else if (!fmt->is_table(*pte, level)) {
				err = split_leaf(pg, pte, level);
				if (err)
					return err;
			}
			table = table_of(pg, *pte);
		}
		phys += bsize;
		virt += bsize;
		size -= bsize;
	}
	return 0;
}

static bool table_empty(const struct paging_format *fmt, pt_entry_t *table,
			unsigned int level)
{
	unsigned int n;

	for (n = 0; n < fmt->levels[level].entries; n++)
		if (fmt->is_valid(table[n]))
			return false;
	return true;
}

static int destroy_range(const struct paging_structures *pg,
			 pt_entry_t *table, unsigned int level, u64 virt,
			 u64 end)
{
	const struct paging_format *fmt = pg->fmt;
	u64 bsize = level_size(fmt, level), chunk_end;
	pt_entry_t *pte;
	int err;

	while (virt < end) {
		chunk_end = (virt & ~(bsize - 1)) + bsize;
		if (chunk_end > end || chunk_end == 0)
			chunk_end = end;
		pte = &table[level_index(fmt, level, virt)];

		if (!fmt->is_valid(*pte))
			goto next;

		if (!(virt & (bsize - 1)) && chunk_end - virt == bsize) {
			/* whole entry goes */
			if (fmt->is_table(*pte, level))
				free_table(pg, table_of(pg, *pte), level + 1);
			set_entry(pte, 0);
			goto next;
		}

		if (!fmt->is_table(*pte, level)) {
			err = split_leaf(pg, pte, level);
			if (err)
				return err;
		}
		err = destroy_range(pg, table_of(pg, *pte), level + 1, virt,
				    chunk_end);
		if (err)
			return err;
		if (table_empty(fmt, table_of(pg, *pte), level + 1)) {
			page_free(pg->pool, table_of(pg, *pte), 1);
			set_entry(pte, 0);
		}
next:
		if (chunk_end <= virt)
			break;
		virt = chunk_end;
	}
	return 0;
}

bool paging_covers(const struct paging_structures *pg, u64 virt, u64 size)
{
	const struct paging_format *fmt = pg->fmt;
	u64 limit = (u64)fmt->levels[0].entries << fmt->levels[0].shift;

	return virt < limit && size <= limit - virt;
}

int paging_destroy(const struct paging_structures *pg, u64 virt, u64 size)
{
	if ((virt | size) & PAGE_OFFS_MASK)
		return -EINVAL;
	if (!size)
		return 0;
	return destroy_range(pg, pg->root, 0, virt, virt + size);
}

bool paging_virt2phys(const struct paging_structures *pg, u64 virt,
		      u64 *phys, unsigned long *flags)
{
	const struct paging_format *fmt = pg->fmt;
	pt_entry_t *table = pg->root, pte;
	unsigned int level;

	for (level = 0; level < fmt->num_levels; level++) {
		pte = table[level_index(fmt, level, virt)];
		if (!fmt->is_valid(pte))
			return false;
		if (level == fmt->num_levels - 1 || !fmt->is_table(pte, level)) {
			if (phys)
				*phys = fmt->entry_phys(pte) +
					(virt & (level_size(fmt, level) - 1));
			if (flags)
				*flags = fmt->leaf_flags(pte);
			return true;
		}
		table = table_of(pg, pte);
	}
	return false;
}
