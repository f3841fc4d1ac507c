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

struct paging_structures {
	const struct paging_format *fmt;
	struct page_pool *pool;
	pt_entry_t *root;
	u64 root_phys;
};

int paging_init(struct paging_structures *pg, const struct paging_format *fmt,
		struct page_pool *pool);
int paging_create(const struct paging_structures *pg, u64 phys, u64 size,
		  u64 virt, unsigned long flags, unsigned int opts);
int paging_destroy(const struct paging_structures *pg, u64 virt, u64 size);
/*
 * Whether [virt, virt + size) lies within what the tables translate; an
 * address beyond would alias a low one, so callers mapping addresses from
 * a configuration check first.
 */
bool paging_covers(const struct paging_structures *pg, u64 virt, u64 size);
bool paging_virt2phys(const struct paging_structures *pg, u64 virt,
		      u64 *phys, unsigned long *flags);
void paging_free(struct paging_structures *pg);

#endif /* !_HV_PAGING_H */
