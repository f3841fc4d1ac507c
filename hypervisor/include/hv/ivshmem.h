/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ivshmem v2 devices on the virtual PCI bus (core/ivshmem.c), after
 * Jailhouse's published ivshmem v2 specification: shared memory between
 * the peers of a link, doorbells and state changes as interrupts.
 */
#ifndef _HV_IVSHMEM_H
#define _HV_IVSHMEM_H

#include <hv/types.h>
#include <hv/mmio.h>
#include <jailhouse/cell-config.h>

struct cell;
struct ivshmem_link;

/* ivshmem functions a cell can have */
#define HV_MAX_IVSHMEM_PER_CELL	8

/* one cell's end of a link: the PCI function it sees */
struct ivshmem_endpoint {
	struct cell *cell;
	const struct jailhouse_pci_device *dev;
	struct ivshmem_link *link;
	/* the cell's view of the shared memory (state table first) */
	u64 shmem_base;
	/* GIC interrupt of the function's INTx */
	unsigned int irq;
	/* config space */
	u16 command;
	u8 int_line;
	u8 priv_ctrl;
	u32 bar0;
	/* register page */
	u32 int_ctrl;
	u32 state;
};

/* forget every link: at enable, before the root cell */
void ivshmem_init(void);
/* link up the ivshmem devices of @cell's config; messages name the cause */
int ivshmem_cell_init(struct cell *cell);
/* @cell stops (shut down or failed): its peers see state 0 */
void ivshmem_cell_stopped(struct cell *cell);
/* @cell starts: its functions are as after a reset */
void ivshmem_cell_reset(struct cell *cell);
/* @cell goes: leave its links, free what it held */
void ivshmem_cell_exit(struct cell *cell);

/* config space of the function at @bdf of @cell, if it has one there */
struct ivshmem_endpoint *ivshmem_find(struct cell *cell, u16 bdf);
u32 ivshmem_cfg_read(const struct ivshmem_endpoint *ep, unsigned int reg);
void ivshmem_cfg_write(struct ivshmem_endpoint *ep, unsigned int reg,
		       u32 value, u32 bytemask);
/* an access of @cell that no region took: a BAR 0 of its functions? */
enum mmio_result ivshmem_bar_access(struct cell *cell,
				    struct mmio_access *access);

/* the link's state table, mapped for the hypervisor (NULL: cannot) */
void *ivshmem_map_table(u64 phys, u64 size);
void ivshmem_unmap_table(void *table, u64 phys, u64 size);

/* arch: make SPI @irq pending, after the caller's stores are visible */
void arch_irq_set_pending(unsigned int irq);

#endif /* !_HV_IVSHMEM_H */
