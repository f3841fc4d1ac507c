/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cells, CPUs and the hypercall interface, arch-neutral part.
 */
#ifndef _HV_CONTROL_H
#define _HV_CONTROL_H

#include <hv/types.h>
#include <hv/paging.h>
#include <hv/mmio.h>
#include <jailhouse/cell-config.h>
#include <jailhouse/hypercall.h>

#define HV_MAX_CPUS		8

struct cell {
	const struct jailhouse_cell_desc *config;
	unsigned int id;
	/* bit n: Linux CPU id n belongs to the cell */
	u64 cpu_set;
	u32 state;
	struct paging_structures stage2;
	struct mmio_region_list mmio;
	/* arch: VMID, SPI ownership */
	u32 vmid;
	u32 spi_bitmap[32];	/* 1024 interrupts */
};

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
extern struct cpu_info cpu_info[HV_MAX_CPUS];
extern unsigned int num_cells;

static inline const char *cell_name(const struct cell *cell)
{
	return cell->config->name;
}

static inline struct cpu_info *this_cpu_info(void)
{
	extern unsigned int arch_cpu_id(void);

	return &cpu_info[arch_cpu_id()];
}

/* validate the system configuration (prints its findings) */
int config_validate(const struct jailhouse_system *config,
		    unsigned long size);

/* build the root cell from the system config */
int root_cell_init(void);

/* stage-2 mappings of @cell's memory regions (without hypervisor memory) */
int cell_map_memory(struct cell *cell);

bool cell_owns_irq(const struct cell *cell, unsigned int irq);

/*
 * Hypercall dispatcher.  For JAILHOUSE_HC_DISABLE it only checks
 * whether disabling is permitted; the caller performs the shutdown on
 * result 0.
 */
long hypercall(unsigned long code, unsigned long arg1, unsigned long arg2);

/* arch hooks */
int arch_cell_init(struct cell *cell);

#endif /* !_HV_CONTROL_H */
