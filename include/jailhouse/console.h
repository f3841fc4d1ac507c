/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Description of a serial console (hypervisor debug console or a cell's
 * console), as embedded in the system/cell configuration and in the
 * communication region.  Binary compatible with Jailhouse.
 */
#ifndef _JAILHOUSE_CONSOLE_H
#define _JAILHOUSE_CONSOLE_H

#include <jailhouse/types.h>

/* console types (struct jailhouse_console.type) */
#define JAILHOUSE_CON_TYPE_NONE		0x0000
#define JAILHOUSE_CON_TYPE_EFIFB	0x0001
#define JAILHOUSE_CON_TYPE_8250		0x0002
#define JAILHOUSE_CON_TYPE_PL011	0x0003
#define JAILHOUSE_CON_TYPE_XUARTPS	0x0004
#define JAILHOUSE_CON_TYPE_MVEBU	0x0005
#define JAILHOUSE_CON_TYPE_HSCIF	0x0006
#define JAILHOUSE_CON_TYPE_SCIFA	0x0007
#define JAILHOUSE_CON_TYPE_IMX		0x0008
/* highest type number the format knows */
#define JAILHOUSE_CON_TYPE_MAX		JAILHOUSE_CON_TYPE_IMX

/* flags bit 0: port I/O (clear) or memory-mapped registers (set) */
#define JAILHOUSE_CON_ACCESS_PIO	0x0000
#define JAILHOUSE_CON_ACCESS_MMIO	0x0001

#define CON_IS_MMIO(flags)		!!((flags) & JAILHOUSE_CON_ACCESS_MMIO)

/*
 * flags bit 1: registers are 1 byte apart and accessed with 8-bit loads and
 * stores (clear), or 4 bytes apart with 32-bit accesses (set)
 */
#define JAILHOUSE_CON_REGDIST_1		0x0000
#define JAILHOUSE_CON_REGDIST_4		0x0002

#define CON_USES_REGDIST_1(flags) \
	(((flags) & JAILHOUSE_CON_REGDIST_4) == 0)

/* flags bit 2: frame buffer resolution (EFIFB only) */
#define JAILHOUSE_CON_FB_1024x768	0x0000
#define JAILHOUSE_CON_FB_1920x1080	0x0004

#define FB_IS_1920x1080(flags)		!!((flags) & JAILHOUSE_CON_FB_1920x1080)

/* flags bits 3..11 are reserved */

/* flags bit 12: the clock gate is enabled by clearing, not setting, it */
#define JAILHOUSE_CON_INVERTED_GATE	0x1000

#define CON_HAS_INVERTED_GATE(flags) \
	!!((flags) & JAILHOUSE_CON_INVERTED_GATE)

/* flags bit 13: apply the MDR (mode definition register) quirk */
#define JAILHOUSE_CON_MDR_QUIRK		0x2000

#define CON_HAS_MDR_QUIRK(flags)	!!((flags) & JAILHOUSE_CON_MDR_QUIRK)

/* flags bits 14..15 are reserved */

/* every flag bit the format defines */
#define JAILHOUSE_CON_FLAGS_VALID					\
	(JAILHOUSE_CON_ACCESS_MMIO | JAILHOUSE_CON_REGDIST_4 |		\
	 JAILHOUSE_CON_FB_1920x1080 | JAILHOUSE_CON_INVERTED_GATE |	\
	 JAILHOUSE_CON_MDR_QUIRK)

#ifndef __ASSEMBLY__

/* 32 bytes */
struct jailhouse_console {
	__u64 address;
	__u32 size;
	__u16 type;
	__u16 flags;
	__u32 divider;
	__u32 gate_nr;
	__u64 clock_reg;
} __attribute__((packed));

#endif /* !__ASSEMBLY__ */

#endif /* !_JAILHOUSE_CONSOLE_H */
