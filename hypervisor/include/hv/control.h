/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cells, CPUs and the hypercall interface, arch-neutral part.
 */
#ifndef _HV_CONTROL_H
#define _HV_CONTROL_H

#include <hv/types.h>
#include <hv/cpuset.h>
#include <hv/paging.h>
#include <hv/mmio.h>
#include <hv/ivshmem.h>
#include <jailhouse/cell-config.h>
#include <jailhouse/hypercall.h>

struct cell {
	const struct jailhouse_cell_desc *config;
	unsigned int id;
	/* the Linux CPU ids that belong to the cell */
	struct cpu_set cpus;
	u32 state;
	struct paging_structures stage2;
	struct mmio_region_list mmio;
	/* arch: VMID, SPI ownership */
	u32 vmid;
	u32 spi_bitmap[32];	/* 1024 interrupts */

	/* non-root cells only: hypervisor copy of the config, in pages */
	unsigned int config_pages;
	/* the cell's communication region (one pool page), or NULL */
	struct jailhouse_comm_region *comm;
	/* loadable regions currently mapped into the root cell */
	bool loadable_in_root;
	/* its ivshmem functions (core/ivshmem.c keeps them) */
	struct ivshmem_endpoint *ivshmem[HV_MAX_IVSHMEM_PER_CELL];
	unsigned int num_ivshmem;
};

/* cells by id, root cell included (id 0); at most one per CPU */
#define HV_MAX_CELLS		HV_MAX_CPUS
extern struct cell *cells[HV_MAX_CELLS];

/* what core code knows of each CPU */
struct cpu_info {
	unsigned int id;
	bool online;
	struct cell *cell;
	/* arch id (MPIDR affinity) */
	u64 arch_id;
	volatile u32 state;
	u32 stats[JAILHOUSE_NUM_CPU_STATS];
};

extern const struct jailhouse_system *system_config;
extern struct cell root_cell;
/*
 * One entry per CPU id the system configuration can use (num_cpu_slots:
 * highest CPU id of the root cell + 1, see cpu_info_init()), in the page
 * pool.  Loops over all CPUs go to num_cpu_slots, those over a cell's CPUs
 * walk its CPU set.
 */
extern struct cpu_info *cpu_info;
extern unsigned int num_cpu_slots;
extern unsigned long num_cells;

static inline const char *cell_name(const struct cell *cell)
{
	return cell->config->name;
}

static inline struct cpu_info *this_cpu_info(void)
{
	extern unsigned int arch_cpu_id(void);

	return &cpu_info[arch_cpu_id()];
}

/* pool pages that hold @size bytes */
unsigned int pages_of(u64 size);

/* validate the system configuration (prints its findings) */
int config_validate(const struct jailhouse_system *config,
		    unsigned long size);

/*
 * cpu_info[] for @slots CPU ids (1..HV_MAX_CPUS), zeroed, from the page
 * pool; sets num_cpu_slots.  -EINVAL for a bad count, -ENOMEM.
 */
int cpu_info_init(unsigned int slots);

/*
 * One past the highest CPU id in the cpu set of @desc (0 if empty).  Looks
 * at cpu_set_size bytes after the descriptor only: the caller knows they
 * are there.
 */
unsigned int cell_cpu_span(const struct jailhouse_cell_desc *desc);

/*
 * Build the root cell from the system config; its CPUs must be below
 * num_cpu_slots.
 */
int root_cell_init(void);

/* stage-2 mappings of @cell's memory regions (without hypervisor memory) */
int cell_map_memory(struct cell *cell);

bool cell_owns_irq(const struct cell *cell, unsigned int irq);

/*
 * Sub-page I/O regions (core/subpage.c): emulated, with the page mapped
 * into the hypervisor while a cell has a region in it.
 */
bool region_is_subpage(const struct jailhouse_memory *mem);
/* PAGE_FLAG_* for the JAILHOUSE_MEM_* access flags of @mem */
unsigned long mem_page_flags(const struct jailhouse_memory *mem);
int subpage_register(struct cell *cell, const struct jailhouse_memory *mem);
/* @cell is going: unmap the pages no other cell needs */
void subpage_release(struct cell *cell);

/* SPIs of the cell's irqchips into cell->spi_bitmap */
void cell_init_irqs(struct cell *cell);

/* the virtual PCI host bridge's ECAM window, if the system has one */
int cell_init_vpci(struct cell *cell);

/*
 * Cell management (core/cell.c): the hypercalls of the root cell, and the
 * state query.  @id is a cell id, @config_phys the physical address of a
 * cell configuration in root cell memory.
 */
long cell_create(unsigned long config_phys);
long cell_start(unsigned long id);
long cell_set_loadable(unsigned long id);
long cell_destroy(unsigned long id);
long cell_get_state(struct cell *caller, unsigned long id);

/*
 * A CPU of @cell broke isolation and is being parked: the cell is FAILED
 * (its communication region says so too).  Not for the root cell.
 */
void cell_cpu_failed(struct cell *cell, unsigned int cpu);

/*
 * A CPU of running @cell asked PSCI to switch the system off or reset it
 * (@reset): the cell stops itself, as `cell shutdown` would stop it, and
 * nothing else is touched.  The caller parks its CPU next.  Not for the
 * root cell.
 */
void cell_powered_off(struct cell *cell, bool reset);

/*
 * Hypercall dispatcher.  For JAILHOUSE_HC_DISABLE it only checks
 * whether disabling is permitted; the caller performs the shutdown on
 * result 0.
 */
long hypercall(unsigned long code, unsigned long arg1, unsigned long arg2);

/*
 * The same for the caller's @self (arch code has it at hand), inline in
 * the trap handler: one table lookup instead of a chain of comparisons.
 */
typedef long (*hypercall_fn)(struct cpu_info *self, unsigned long arg1,
			     unsigned long arg2);
#define NUM_HYPERCALLS		(JAILHOUSE_HC_DEBUG_CONSOLE_PUTC + 1)
/* every slot filled (core/hypercall.c) */
extern const hypercall_fn hypercalls[NUM_HYPERCALLS];

static inline long hypercall_cpu(struct cpu_info *self, unsigned long code,
				 unsigned long arg1, unsigned long arg2)
{
	self->stats[JAILHOUSE_CPU_STAT_VMEXITS_HYPERCALL]++;
	if (code >= NUM_HYPERCALLS)
		return -ENOSYS;
	return hypercalls[code](self, arg1, arg2);
}

/* arch hooks */
int arch_cell_init(struct cell *cell);

/*
 * Arch hooks of cell management.  core/cell.c has weak stand-ins (cell
 * management then answers -ENOSYS), so that core code links on the host
 * without an architecture.
 */
/* identity-map [phys, phys + size) into the hypervisor (RW, cacheable) */
int arch_map_phys(u64 phys, u64 size);
void arch_unmap_phys(u64 phys, u64 size);
/* identity-map device memory into the hypervisor, and unmap it */
int arch_map_device(u64 phys, u64 size);
void arch_unmap_device(u64 phys, u64 size);
/* clean+invalidate [phys, phys + size) to PoC (mapped), I-cache too */
void arch_flush_memory(u64 phys, u64 size);
/* the root cell's stage 2 changed: drop stale TLB entries everywhere */
void arch_flush_root_tlb(void);
/* park every CPU of @cell in the hypervisor and wait for it */
void arch_park_cell_cpus(struct cell *cell);
/*
 * From a CPU of @cell: ask its other running CPUs to park, without
 * waiting (they do on their next exit; management waits for them).
 */
void arch_park_other_cell_cpus(struct cell *cell);
/* is @cpu parked (off or failed) in the hypervisor? */
bool arch_cpu_parked(unsigned int cpu);
/*
 * Reset the CPUs of @cell: the first one starts at @entry, the others stay
 * off until the cell's own PSCI CPU_ON.
 */
void arch_start_cell_cpus(struct cell *cell, u64 entry);
/* the CPU was handed to another cell: forget its failed state */
void arch_cpu_reassigned(unsigned int cpu);
/* hand SPI @irq to @to: disabled, nothing pending, routed to its CPU */
void arch_irq_move(unsigned int irq, const struct cell *to);
/* monotonic time in nanoseconds */
u64 arch_time_ns(void);

#endif /* !_HV_CONTROL_H */
