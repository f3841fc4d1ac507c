// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 side of cell management: temporary EL2 mappings of root memory,
 * cache and TLB maintenance, and the time base for message timeouts.  The
 * CPU side (parking, starting) is in cell-cpus.c, interrupt moves in gicv3.c.
 */
#include <asm/arm64.h>
#include <hv/control.h>

int arch_map_phys(u64 phys, u64 size)
{
	int err;

	err = paging_create(&hv_paging, phys, size, phys, PAGE_FLAG_RW,
			    PAGING_HUGE);
	if (err) {
		arch_unmap_phys(phys, size);
		return err;
	}
	dsb(ishst);
	isb();
	return 0;
}

/* paging_destroy() invalidates through hv_paging.invalidate */
void arch_unmap_phys(u64 phys, u64 size)
{
	paging_destroy(&hv_paging, phys, size);
}

void arch_flush_hyp_tlb(void)
{
	asm volatile("dsb ishst\n\ttlbi alle2is\n\tdsb ish\n\tisb"
		     : : : "memory");
}

int arch_map_device(u64 phys, u64 size)
{
	int err;

	err = paging_create(&hv_paging, phys, size, phys,
			    PAGE_FLAG_RW | PAGE_FLAG_DEVICE, PAGING_NON_HUGE);
	if (err) {
		arch_unmap_phys(phys, size);
		return err;
	}
	dsb(ishst);
	isb();
	return 0;
}

void arch_unmap_device(u64 phys, u64 size)
{
	arch_unmap_phys(phys, size);
}

void arch_flush_memory(u64 phys, u64 size)
{
	u64 line = 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	u64 addr = phys & ~(line - 1), end = phys + size;

	for (; addr < end; addr += line)
		asm volatile("dc civac, %0" : : "r" (addr) : "memory");
	asm volatile("dsb sy\n\tic ialluis\n\tdsb ish\n\tisb" : : : "memory");
}

/* the caller runs in the root cell: VTTBR_EL2 holds the root's VMID */
void arch_flush_root_tlb(void)
{
	asm volatile("dsb ishst\n\ttlbi vmalls12e1is\n\tdsb ish\n\tisb"
		     : : : "memory");
}

void arch_flush_vmid_tlb(void)
{
	asm volatile("dsb ishst\n\ttlbi vmalls12e1is\n\tdsb ish\n\tisb"
		     : : : "memory");
}

void arch_dc_cisw(u64 setway)
{
	asm volatile("dc cisw, %0\n\tdsb sy" : : "r" (setway) : "memory");
}

u64 arch_time_ns(void)
{
	u64 cnt = read_sysreg(cntpct_el0), freq = read_sysreg(cntfrq_el0);

	if (!freq)
		return 0;
	return (cnt / freq) * 1000000000ULL +
		(cnt % freq) * 1000000000ULL / freq;
}
