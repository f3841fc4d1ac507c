// SPDX-License-Identifier: GPL-2.0
/*
 * VMSAv8-64 descriptor formats, 4K granule: EL2 stage 1 (hypervisor's own
 * identity map) and stage 2 (cells).  Both start at level 1; the IPA size
 * of stage 2 is chosen from ID_AA64MMFR0_EL1.PARange.
 *
 * Pure C without system register accesses, so unit tests on the host can
 * build the real formats (add arch/arm64/include to their include path).
 */
#include <asm/mmu.h>
#include <hv/paging.h>

#define PTE_VALID		BIT_ULL(0)
#define PTE_TABLE_OR_PAGE	BIT_ULL(1)
#define PTE_AF			BIT_ULL(10)
#define PTE_SH_INNER		(3ULL << 8)
#define PTE_XN			BIT_ULL(54)
#define PTE_ADDR_MASK		0x0000fffffffff000ULL

/* stage 1 (EL2) */
#define S1_ATTRIDX(n)		((u64)(n) << 2)
#define S1_ATTRIDX_MASK		(7ULL << 2)
#define S1_AP_RO		BIT_ULL(7)
#define S1_AP_RES1		BIT_ULL(6)

/* stage 2 */
#define S2_MEMATTR_NORMAL	(0xfULL << 2)
#define S2_MEMATTR_DEVICE	(0x1ULL << 2)
#define S2_MEMATTR_MASK		(0xfULL << 2)
#define S2_AP_R			BIT_ULL(6)
#define S2_AP_W			BIT_ULL(7)

#define LAST_LEVEL		2

u64 hv_vtcr;

static pt_entry_t table_entry(u64 phys)
{
	return (phys & PTE_ADDR_MASK) | PTE_VALID | PTE_TABLE_OR_PAGE;
}

static bool is_valid(pt_entry_t pte)
{
	return pte & PTE_VALID;
}

static bool is_table(pt_entry_t pte, unsigned int level)
{
	return level < LAST_LEVEL && (pte & PTE_TABLE_OR_PAGE);
}

static u64 entry_phys(pt_entry_t pte)
{
	return pte & PTE_ADDR_MASK;
}

static pt_entry_t leaf_type(unsigned int level)
{
	return level == LAST_LEVEL ? PTE_VALID | PTE_TABLE_OR_PAGE : PTE_VALID;
}

static pt_entry_t s1_leaf_entry(u64 phys, unsigned long flags,
				unsigned int level)
{
	pt_entry_t pte = (phys & PTE_ADDR_MASK) | leaf_type(level) | PTE_AF |
		S1_AP_RES1;

	if (flags & PAGE_FLAG_DEVICE)
		pte |= S1_ATTRIDX(1) | PTE_XN;
	else
		pte |= S1_ATTRIDX(0) | PTE_SH_INNER;
	if (!(flags & PAGE_FLAG_WRITE))
		pte |= S1_AP_RO;
	if (!(flags & PAGE_FLAG_EXEC))
		pte |= PTE_XN;
	return pte;
}

static unsigned long s1_leaf_flags(pt_entry_t pte)
{
	unsigned long flags = PAGE_FLAG_READ;

	if (!(pte & S1_AP_RO))
		flags |= PAGE_FLAG_WRITE;
	if (!(pte & PTE_XN))
		flags |= PAGE_FLAG_EXEC;
	if ((pte & S1_ATTRIDX_MASK) != S1_ATTRIDX(0))
		flags |= PAGE_FLAG_DEVICE;
	return flags;
}

static pt_entry_t s2_leaf_entry(u64 phys, unsigned long flags,
				unsigned int level)
{
	pt_entry_t pte = (phys & PTE_ADDR_MASK) | leaf_type(level) | PTE_AF |
		PTE_SH_INNER;

	pte |= (flags & PAGE_FLAG_DEVICE) ? S2_MEMATTR_DEVICE :
		S2_MEMATTR_NORMAL;
	if (flags & PAGE_FLAG_READ)
		pte |= S2_AP_R;
	if (flags & PAGE_FLAG_WRITE)
		pte |= S2_AP_W;
	if (!(flags & PAGE_FLAG_EXEC) || (flags & PAGE_FLAG_DEVICE))
		pte |= PTE_XN;
	return pte;
}

static unsigned long s2_leaf_flags(pt_entry_t pte)
{
	unsigned long flags = 0;

	if (pte & S2_AP_R)
		flags |= PAGE_FLAG_READ;
	if (pte & S2_AP_W)
		flags |= PAGE_FLAG_WRITE;
	if (!(pte & PTE_XN))
		flags |= PAGE_FLAG_EXEC;
	if ((pte & S2_MEMATTR_MASK) != S2_MEMATTR_NORMAL)
		flags |= PAGE_FLAG_DEVICE;
	return flags;
}

struct paging_format arch_hyp_paging_format = {
	.num_levels = 3,
	.levels = {
		{ .shift = 30, .entries = 512, .leaf_ok = true },
		{ .shift = 21, .entries = 512, .leaf_ok = true },
		{ .shift = 12, .entries = 512, .leaf_ok = true },
	},
	.table_entry = table_entry,
	.leaf_entry = s1_leaf_entry,
	.is_valid = is_valid,
	.is_table = is_table,
	.entry_phys = entry_phys,
	.leaf_flags = s1_leaf_flags,
};

struct paging_format arch_cell_paging_format = {
	.num_levels = 3,
	.levels = {
		{ .shift = 30, .entries = 512, .leaf_ok = true },
		{ .shift = 21, .entries = 512, .leaf_ok = true },
		{ .shift = 12, .entries = 512, .leaf_ok = true },
	},
	.table_entry = table_entry,
	.leaf_entry = s2_leaf_entry,
	.is_valid = is_valid,
	.is_table = is_table,
	.entry_phys = entry_phys,
	.leaf_flags = s2_leaf_flags,
};

#define VTCR_RES1	BIT(31)
#define VTCR_SL0_L1	(1UL << 6)
#define VTCR_IRGN0_WB	(1UL << 8)
#define VTCR_ORGN0_WB	(1UL << 10)
#define VTCR_SH0_INNER	(3UL << 12)

static const unsigned int parange_bits[] = { 32, 36, 40, 42, 44, 48, 52 };

void arch_paging_formats_init(unsigned int parange)
{
	unsigned int ipa_bits;

	if (parange >= ARRAY_SIZE(parange_bits))
		parange = ARRAY_SIZE(parange_bits) - 1;
	/* start level 1 with a single table: at most 39 bits, at least 32 */
	ipa_bits = MIN(parange_bits[parange], 39U);
	arch_cell_paging_format.levels[0].entries = 1U << (ipa_bits - 30);

	hv_vtcr = VTCR_RES1 | VTCR_SL0_L1 | VTCR_IRGN0_WB | VTCR_ORGN0_WB |
		VTCR_SH0_INNER | (64 - ipa_bits) |
		((u64)MIN(parange, 5U) << 16);
}
