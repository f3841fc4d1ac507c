/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The narrow interface between core code and the architecture.  Core code
 * includes nothing else from arch/; a host build (unit tests) provides its
 * own implementation of these functions.
 */
#ifndef _HV_ARCH_H
#define _HV_ARCH_H

#include <hv/types.h>

typedef struct {
	volatile u32 locked;
} spinlock_t;

#define SPINLOCK_INIT	{ 0 }

void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);

/* index of the calling CPU (Linux CPU id) */
unsigned int arch_cpu_id(void);

/* wait politely inside a polling loop */
void arch_cpu_relax(void);

struct paging_format;
/* translation formats of the EL2 tables and of cell (stage-2) tables */
extern struct paging_format arch_hyp_paging_format;
extern struct paging_format arch_cell_paging_format;

/* make page-table updates visible to the table walker */
void arch_paging_sync(void *entry);

#endif /* !_HV_ARCH_H */
