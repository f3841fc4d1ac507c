/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_MMU_H
#define _ASM_MMU_H

#include <hv/types.h>

/* VTCR_EL2 value matching arch_cell_paging_format */
extern u64 hv_vtcr;

/* size the stage-2 format for ID_AA64MMFR0_EL1.PARange @parange */
void arch_paging_formats_init(unsigned int parange);

#endif /* !_ASM_MMU_H */
