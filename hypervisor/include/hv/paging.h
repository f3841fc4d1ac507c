/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Arch-neutral page tables: a table format is described by struct
 * paging_format (levels, which levels may hold blocks, and the descriptor
 * encoding); core code maps, unmaps, splits and walks any such format.
 * Descriptors are 64 bit, tables one page with 512 entries, except the
 * top level which may have fewer.
 */
#ifndef _HV_PAGING_H
#define _HV_PAGING_H

#include <hv/types.h>
#include <hv/page_pool.h>

#define PAGING_MAX_LEVELS	4
#define PTES_PER_TABLE		512

/* arch-neutral access rights and memory type */
#define PAGE_FLAG_READ		0x01
#define PAGE_FLAG_WRITE		0x02
#define PAGE_FLAG_EXEC		0x04
#define PAGE_FLAG_DEVICE	0x08
#define PAGE_FLAG_RW		(PAGE_FLAG_READ | PAGE_FLAG_WRITE)

/* options of paging_create */
#define PAGING_NON_HUGE		0x0
#define PAGING_HUGE		0x1

typedef u64 pt_entry_t;

struct paging_level {
	/* address bit the index of this level starts at */
	unsigned int shift;
	/* number of entries of a table of this level */
	unsigned int entries;
	/* may this level hold a terminal (block/page) entry? */
	bool leaf_ok;
};

struct paging_format {
	unsigned int num_levels;
	struct paging_level levels[PAGING_MAX_LEVELS];
	/* descriptor pointing to a next-level table */
	pt_entry_t (*table_entry)(u64 table_phys);
	/* terminal descriptor at level @level mapping @phys */
	pt_entry_t (*leaf_entry)(u64 phys, unsigned long flags,
				 unsigned int level);
	bool (*is_valid)(pt_entry_t pte);
	bool (*is_table)(pt_entry_t pte, unsigned int level);
	/* output address (table or leaf) */
	u64 (*entry_phys)(pt_entry_t pte);
	/* arch-neutral flags of a terminal descriptor */
	unsigned long (*leaf_flags)(pt_entry_t pte);
};

/*
 * Tables that CPUs may walk while they change (the root's stage 2 while
 * other root CPUs run, the hypervisor's own) set @invalidate: the TLB
 * maintenance that makes every CPU forget the old entries.  Then
 *  - a valid entry is never replaced by another valid one directly
 *    (break-before-make: invalid, invalidate, new), which a Cortex-A53
 *    without FEAT_BBM requires for block splits and merges;
 *  - table pages an operation frees go back to the pool only after an
 *    invalidation, so no walker can still hold them when they are reused;
 *  - @busy is set for the duration of a change, so a CPU that faults on
 *    an entry in its break window can wait and retry (paging_wait_mapped).
 * Without @invalidate (tables no CPU uses yet) pages are freed at once.
 * Changes to one paging_structures are serialised by the caller.
 */
struct paging_structures {
	const struct paging_format *fmt;
	struct page_pool *pool;
	pt_entry_t *root;
	u64 root_phys;
	void (*invalidate)(void);
	unsigned int busy;
};

int paging_init(struct paging_structures *pg, const struct paging_format *fmt,
		struct page_pool *pool);
int paging_create(struct paging_structures *pg, u64 phys, u64 size,
		  u64 virt, unsigned long flags, unsigned int opts);
int paging_destroy(struct paging_structures *pg, u64 virt, u64 size);
/*
 * Whether [virt, virt + size) lies within what the tables translate; an
 * address beyond would alias a low one, so callers mapping addresses from
 * a configuration check first.
 */
bool paging_covers(const struct paging_structures *pg, u64 virt, u64 size);
bool paging_virt2phys(const struct paging_structures *pg, u64 virt,
		      u64 *phys, unsigned long *flags);
void paging_free(struct paging_structures *pg);
/*
 * For a translation fault at @virt: wait until no change of @pg is in
 * progress, then tell whether @virt is mapped now (the fault hit a
 * break-before-make window and the access should simply be retried).
 */
bool paging_wait_mapped(const struct paging_structures *pg, u64 virt);

#endif /* !_HV_PAGING_H */
