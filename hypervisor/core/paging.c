// SPDX-License-Identifier: GPL-2.0
/*
 * Generic page-table code: map, unmap (splitting blocks where needed) and
 * walk tables of any format described by struct paging_format, with
 * break-before-make for tables in use (see struct paging_structures).  Tables
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
	pg->invalidate = NULL;
	pg->busy = 0;
	pg->root = page_alloc(pool, 1);
	if (!pg->root)
		return -ENOMEM;
	pg->root_phys = page_pool_virt2phys(pool, pg->root);
	return 0;
}

/*
 * One change of a set of tables.  Removed entries stay in TLBs and walk
 * caches until the next invalidation; table pages freed meanwhile are
 * parked in @deferred, and an invalidation is forced when it fills up.
 */
#define PAGING_DEFERRED_MAX	32

struct paging_op {
	struct paging_structures *pg;
	void *deferred[PAGING_DEFERRED_MAX];
	unsigned int num_deferred;
	/* a valid entry was removed since the last invalidation */
	bool stale;
};

static void op_begin(struct paging_op *op, struct paging_structures *pg)
{
	op->pg = pg;
	op->num_deferred = 0;
	op->stale = false;
	if (pg->invalidate) {
		WRITE_ONCE(pg->busy, 1);
		/* busy is seen before any entry of this change */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	}
}

/* make removed entries and freed tables unreachable for every walker */
static void op_invalidate(struct paging_op *op)
{
	unsigned int n;

	if (op->stale && op->pg->invalidate)
		op->pg->invalidate();
	op->stale = false;
	for (n = 0; n < op->num_deferred; n++)
		page_free(op->pg->pool, op->deferred[n], 1);
	op->num_deferred = 0;
}

static void op_end(struct paging_op *op)
{
	op_invalidate(op);
	if (op->pg->invalidate)
		__atomic_store_n(&op->pg->busy, 0, __ATOMIC_RELEASE);
}

/* @page is no longer linked from any entry of the tables */
static void op_free_page(struct paging_op *op, void *page)
{
	if (!op->pg->invalidate) {
		page_free(op->pg->pool, page, 1);
		return;
	}
	if (op->num_deferred == PAGING_DEFERRED_MAX)
		op_invalidate(op);
	op->deferred[op->num_deferred++] = page;
}

/*
 * Write @val to @pte.  A valid entry is broken first: cleared and, if
 * another valid entry replaces it, invalidated before that is written.
 */
static void op_set(struct paging_op *op, pt_entry_t *pte, pt_entry_t val)
{
	const struct paging_format *fmt = op->pg->fmt;

	if (fmt->is_valid(*pte)) {
		if (*pte == val)
			return;
		set_entry(pte, 0);
		op->stale = true;
		if (fmt->is_valid(val))
			op_invalidate(op);
	}
	set_entry(pte, val);
}

/* free @table (level @level) and the tables below it; @op may be NULL */
static void free_table(struct paging_op *op,
		       const struct paging_structures *pg, pt_entry_t *table,
		       unsigned int level)
{
	const struct paging_format *fmt = pg->fmt;
	unsigned int n;

	if (level + 1 < fmt->num_levels) {
		for (n = 0; n < fmt->levels[level].entries; n++)
			if (fmt->is_valid(table[n]) &&
			    fmt->is_table(table[n], level))
				free_table(op, pg, table_of(pg, table[n]),
					   level + 1);
	}
	if (op)
		op_free_page(op, table);
	else
		page_free(pg->pool, table, 1);
}

/* for tables no CPU uses any more */
void paging_free(struct paging_structures *pg)
{
	if (!pg->root)
		return;
	free_table(NULL, pg, pg->root, 0);
	pg->root = NULL;
	pg->root_phys = 0;
}

/* replace the block at @pte (level @level) by a table of the same mapping */
static int split_leaf(struct paging_op *op, pt_entry_t *pte,
		      unsigned int level)
{
	const struct paging_format *fmt = op->pg->fmt;
	unsigned int next = level + 1, n;
	unsigned long flags;
	pt_entry_t *table;
	u64 phys;

	if (next >= fmt->num_levels)
		return -EINVAL;
	table = page_alloc(op->pg->pool, 1);
	if (!table)
		return -ENOMEM;

	phys = fmt->entry_phys(*pte);
	flags = fmt->leaf_flags(*pte);
	for (n = 0; n < fmt->levels[next].entries; n++)
		table[n] = fmt->leaf_entry(phys + n * level_size(fmt, next),
					   flags, next);
	op_set(op, pte,
	       fmt->table_entry(page_pool_virt2phys(op->pg->pool, table)));
	return 0;
}

static int create_range(struct paging_op *op, u64 phys, u64 size, u64 virt,
			unsigned long flags, unsigned int opts)
{
	const struct paging_structures *pg = op->pg;
	const struct paging_format *fmt = pg->fmt;
	unsigned int level;
	pt_entry_t *table, *pte, old;
	u64 bsize = PAGE_SIZE;
	int err;

	while (size) {
		table = pg->root;
		for (level = 0; level < fmt->num_levels; level++) {
			bsize = level_size(fmt, level);
			pte = &table[level_index(fmt, level, virt)];

			if (fmt->levels[level].leaf_ok &&
			    (level == fmt->num_levels - 1 ||
			     (opts & PAGING_HUGE)) &&
			    !((phys | virt) & (bsize - 1)) && size >= bsize) {
				old = *pte;
				op_set(op, pte, fmt->leaf_entry(phys, flags,
								level));
				if (fmt->is_valid(old) &&
				    fmt->is_table(old, level))
					free_table(op, pg, table_of(pg, old),
						   level + 1);
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
				err = split_leaf(op, pte, level);
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

static bool is_leaf(const struct paging_format *fmt, pt_entry_t pte,
		    unsigned int level)
{
	return fmt->is_valid(pte) &&
		(level == fmt->num_levels - 1 || !fmt->is_table(pte, level));
}

/*
 * Does @table, below an entry of level @level, map one contiguous, aligned
 * range with the same flags all through, so that a block can replace it?
 */
static bool table_mergeable(const struct paging_format *fmt,
			    const pt_entry_t *table, unsigned int level,
			    u64 *phys, unsigned long *flags)
{
	unsigned int next = level + 1, n;
	u64 step = level_size(fmt, next);

	if (!fmt->levels[level].leaf_ok || !is_leaf(fmt, table[0], next))
		return false;
	*phys = fmt->entry_phys(table[0]);
	*flags = fmt->leaf_flags(table[0]);
	if (*phys & (level_size(fmt, level) - 1))
		return false;
	for (n = 1; n < fmt->levels[next].entries; n++)
		if (!is_leaf(fmt, table[n], next) ||
		    fmt->entry_phys(table[n]) != *phys + n * step ||
		    fmt->leaf_flags(table[n]) != *flags)
			return false;
	return true;
}

/* the entry of level @level translating @virt, if the walk gets there */
static pt_entry_t *entry_at(const struct paging_structures *pg, u64 virt,
			    unsigned int level)
{
	const struct paging_format *fmt = pg->fmt;
	pt_entry_t *table = pg->root, *pte;
	unsigned int l;

	for (l = 0;; l++) {
		pte = &table[level_index(fmt, l, virt)];
		if (l == level)
			return pte;
		if (!fmt->is_valid(*pte) || !fmt->is_table(*pte, l))
			return NULL;
		table = table_of(pg, *pte);
	}
}

/*
 * After a huge mapping of [virt, virt + size): tables around it that have
 * become one block mapping again (memory given back to the root next to
 * what it kept) are replaced by that block, bottom-up, so mappings do not
 * stay split and their table pages go back to the pool.
 */
static void merge_range(struct paging_op *op, u64 virt, u64 size)
{
	const struct paging_structures *pg = op->pg;
	const struct paging_format *fmt = pg->fmt;
	u64 bsize, addr, last = virt + size - 1, phys;
	unsigned long flags;
	pt_entry_t *pte, *table;
	unsigned int level;

	for (level = fmt->num_levels - 1; level-- > 0;) {
		bsize = level_size(fmt, level);
		for (addr = virt & ~(bsize - 1); addr <= last; addr += bsize) {
			pte = entry_at(pg, addr, level);
			if (pte && fmt->is_valid(*pte) &&
			    fmt->is_table(*pte, level)) {
				table = table_of(pg, *pte);
				if (table_mergeable(fmt, table, level, &phys,
						    &flags)) {
					op_set(op, pte, fmt->leaf_entry(
						phys, flags, level));
					op_free_page(op, table);
				}
			}
			if (addr + bsize < addr)
				break;
		}
	}
}

int paging_create(struct paging_structures *pg, u64 phys, u64 size,
		  u64 virt, unsigned long flags, unsigned int opts)
{
	struct paging_op op;
	int err;

	if ((phys | size | virt) & PAGE_OFFS_MASK)
		return -EINVAL;

	op_begin(&op, pg);
	err = create_range(&op, phys, size, virt, flags, opts);
	if (!err && size && (opts & PAGING_HUGE))
		merge_range(&op, virt, size);
	op_end(&op);
	return err;
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

static int destroy_range(struct paging_op *op, pt_entry_t *table,
			 unsigned int level, u64 virt, u64 end)
{
	const struct paging_structures *pg = op->pg;
	const struct paging_format *fmt = pg->fmt;
	u64 bsize = level_size(fmt, level), chunk_end;
	pt_entry_t *pte, old;
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
			old = *pte;
			op_set(op, pte, 0);
			if (fmt->is_table(old, level))
				free_table(op, pg, table_of(pg, old),
					   level + 1);
			goto next;
		}

		if (!fmt->is_table(*pte, level)) {
			err = split_leaf(op, pte, level);
			if (err)
				return err;
		}
		err = destroy_range(op, table_of(pg, *pte), level + 1, virt,
				    chunk_end);
		if (err)
			return err;
		if (table_empty(fmt, table_of(pg, *pte), level + 1)) {
			pt_entry_t *empty = table_of(pg, *pte);

			op_set(op, pte, 0);
			op_free_page(op, empty);
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

int paging_destroy(struct paging_structures *pg, u64 virt, u64 size)
{
	struct paging_op op;
	int err;

	if ((virt | size) & PAGE_OFFS_MASK)
		return -EINVAL;
	if (!size)
		return 0;
	op_begin(&op, pg);
	err = destroy_range(&op, pg->root, 0, virt, virt + size);
	op_end(&op);
	return err;
}

bool paging_wait_mapped(const struct paging_structures *pg, u64 virt)
{
	while (__atomic_load_n(&pg->busy, __ATOMIC_ACQUIRE))
		arch_cpu_relax();
	return paging_virt2phys(pg, virt, NULL, NULL);
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
