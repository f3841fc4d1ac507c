// SPDX-License-Identifier: GPL-2.0
/*
 * Identity mapping for the inmate, so that RAM and the communication region
 * are cacheable and coherent with the hypervisor's (cacheable) view of them.
 * With the MMU off every data access would be Device-nGnRnE: slow, never
 * unaligned, and not coherent with what the hypervisor writes through its
 * caches into the communication region.
 *
 * 4 KiB granule, 39-bit virtual addresses, walks start at level 1:
 *   0x00000000..0x001fffff  normal write-back (inmate RAM and image)
 *   0x80000000..0x801fffff  normal write-back (communication region)
 *   everything else        Device-nGnRE, execute never
 * The cell's RAM must therefore fit into the first 2 MiB.  Shared memory
 * (ivshmem) can be switched to normal memory later, see mmu_map_normal().
 */
#include <inmate.h>

void mmu_enable(void);

#define PTES_PER_TABLE		512
#define SZ_2M			0x200000ULL
#define SZ_1G			0x40000000ULL

#define PTE_TABLE		0x3ULL
#define PTE_BLOCK		0x1ULL
#define PTE_ATTRIDX(n)		((u64)(n) << 2)
#define PTE_SH_INNER		(3ULL << 8)
#define PTE_AF			(1ULL << 10)
#define PTE_PXN			(1ULL << 53)
#define PTE_UXN			(1ULL << 54)

#define MAIR_IDX_DEVICE		0
#define MAIR_IDX_NORMAL		1
#define MAIR_VALUE		((0x04ULL << (8 * MAIR_IDX_DEVICE)) | \
				 (0xffULL << (8 * MAIR_IDX_NORMAL)))

#define BLOCK_DEVICE		(PTE_BLOCK | PTE_ATTRIDX(MAIR_IDX_DEVICE) | \
				 PTE_AF | PTE_PXN | PTE_UXN)
#define BLOCK_NORMAL		(PTE_BLOCK | PTE_ATTRIDX(MAIR_IDX_NORMAL) | \
				 PTE_AF | PTE_SH_INNER)

#define TCR_T0SZ(bits)		((64ULL - (bits)) << 0)
#define TCR_IRGN0_WBWA		(1ULL << 8)
#define TCR_ORGN0_WBWA		(1ULL << 10)
#define TCR_SH0_INNER		(3ULL << 12)
#define TCR_TG0_4K		(0ULL << 14)
#define TCR_EPD1		(1ULL << 23)
#define TCR_IPS_SHIFT		32

#define SCTLR_M			(1ULL << 0)
#define SCTLR_A			(1ULL << 1)
#define SCTLR_C			(1ULL << 2)
#define SCTLR_I			(1ULL << 12)

static u64 l1_table[PTES_PER_TABLE] __attribute__((aligned(4096)));
static u64 l2_low[PTES_PER_TABLE] __attribute__((aligned(4096)));
static u64 l2_comm[PTES_PER_TABLE] __attribute__((aligned(4096)));

/* for mmu_map_normal(): one table per further GiB that gets normal memory */
#define NUM_EXTRA_L2		1
static u64 l2_extra[NUM_EXTRA_L2][PTES_PER_TABLE]
	__attribute__((aligned(4096)));
static unsigned int l2_extra_used;
static bool mmu_on;

static void fill_l2(u64 *table, u64 base)
{
	unsigned int n;

	table[0] = base | BLOCK_NORMAL;
	for (n = 1; n < PTES_PER_TABLE; n++)
		table[n] = (base + n * SZ_2M) | BLOCK_DEVICE;
}

/* by virtual address, MMU still off: VA == IPA */
static void dcache_inval_range(unsigned long start, unsigned long end)
{
	unsigned long line = 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	unsigned long addr;

	for (addr = start & ~(line - 1); addr < end; addr += line)
		asm volatile("dc ivac, %0" : : "r" (addr) : "memory");
	dsb();
}

void mmu_enable(void)
{
	u64 parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;
	unsigned int n;
	u64 sctlr;

	for (n = 0; n < PTES_PER_TABLE; n++)
		l1_table[n] = (n * SZ_1G) | BLOCK_DEVICE;
	fill_l2(l2_low, 0);
	fill_l2(l2_comm, COMM_REGION_BASE);
	l1_table[0] = (u64)(unsigned long)l2_low | PTE_TABLE;
	l1_table[COMM_REGION_BASE / SZ_1G] =
		(u64)(unsigned long)l2_comm | PTE_TABLE;

	/*
	 * Everything so far was written around the caches; drop whatever
	 * the caches may still hold for our RAM before they take over.
	 */
	dcache_inval_range((unsigned long)__image_start,
			   (unsigned long)__ram_end);
	asm volatile("ic iallu" : : : "memory");

	if (parange > 5)
		parange = 5;
	write_sysreg(mair_el1, MAIR_VALUE);
	write_sysreg(tcr_el1, TCR_T0SZ(39) | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA |
		     TCR_SH0_INNER | TCR_TG0_4K | TCR_EPD1 |
		     (parange << TCR_IPS_SHIFT));
	write_sysreg(ttbr0_el1, (unsigned long)l1_table);
	isb();
	asm volatile("tlbi vmalle1\n\tdsb nsh" : : : "memory");
	isb();

	sctlr = read_sysreg(sctlr_el1);
	sctlr |= SCTLR_M | SCTLR_C | SCTLR_I;
	sctlr &= ~SCTLR_A;
	write_sysreg(sctlr_el1, sctlr);
	isb();
	mmu_on = true;
}

static void tlb_flush_all(void)
{
	asm volatile("dsb ishst\n\ttlbi vmalle1\n\tdsb ish\n\tisb"
		     : : : "memory");
}

static u64 *l2_table_for(unsigned long addr)
{
	unsigned int l1i = addr / SZ_1G;
	unsigned int n;
	u64 *l2;

	if (l1i >= PTES_PER_TABLE)
		return NULL;
	if ((l1_table[l1i] & 3) == PTE_TABLE)
		return (u64 *)(unsigned long)(l1_table[l1i] &
					      0x0000fffffffff000ULL);
	if (l2_extra_used >= NUM_EXTRA_L2)
		return NULL;

	l2 = l2_extra[l2_extra_used++];
	for (n = 0; n < PTES_PER_TABLE; n++)
		l2[n] = ((u64)l1i * SZ_1G + n * SZ_2M) | BLOCK_DEVICE;
	/* break before make: the GiB block goes away before the table */
	l1_table[l1i] = 0;
	tlb_flush_all();
	l1_table[l1i] = (u64)(unsigned long)l2 | PTE_TABLE;
	tlb_flush_all();
	return l2;
}

int mmu_map_normal(unsigned long base, unsigned long size)
{
	unsigned long addr;
	unsigned int idx;
	u64 *l2;

	if (!mmu_on)
		return 0;	/* all device memory anyway */

	for (addr = base & ~(SZ_2M - 1); addr < base + size; addr += SZ_2M) {
		l2 = l2_table_for(addr);
		if (!l2)
			return -1;
		idx = (addr % SZ_1G) / SZ_2M;
		if ((l2[idx] & PTE_ATTRIDX(7)) == PTE_ATTRIDX(MAIR_IDX_NORMAL))
			continue;
		/* changing the memory type: break before make */
		l2[idx] = 0;
		tlb_flush_all();
		l2[idx] = addr | BLOCK_NORMAL;
		tlb_flush_all();
	}
	return 0;
}
