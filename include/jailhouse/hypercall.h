/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Hypercall ABI and communication region, as in Jailhouse's
 * Documentation/hypervisor-interfaces.txt (arm64 part).
 *
 * Calling convention on arm64: "hvc #JAILHOUSE_HVC_CODE", hypercall code in
 * x0, first argument in x1, second in x2, result (value or negative errno)
 * in x0.  This header carries no inline assembly; callers wrap the
 * instruction themselves.
 */
#ifndef _JAILHOUSE_HYPERCALL_H
#define _JAILHOUSE_HYPERCALL_H

#include <jailhouse/types.h>
#include <jailhouse/console.h>

/* immediate of the hvc instruction */
#define JAILHOUSE_HVC_CODE			0x4a48
#define JAILHOUSE_CALL_INS			"hvc #0x4a48"
#define JAILHOUSE_CALL_NUM_RESULT		"x0"
#define JAILHOUSE_CALL_ARG1			"x1"
#define JAILHOUSE_CALL_ARG2			"x2"

/* hypercall codes */
#define JAILHOUSE_HC_DISABLE			0
#define JAILHOUSE_HC_CELL_CREATE		1
#define JAILHOUSE_HC_CELL_START			2
#define JAILHOUSE_HC_CELL_SET_LOADABLE		3
#define JAILHOUSE_HC_CELL_DESTROY		4
#define JAILHOUSE_HC_HYPERVISOR_GET_INFO	5
#define JAILHOUSE_HC_CELL_GET_STATE		6
#define JAILHOUSE_HC_CPU_GET_INFO		7
#define JAILHOUSE_HC_DEBUG_CONSOLE_PUTC		8

/* JAILHOUSE_HC_HYPERVISOR_GET_INFO argument */
#define JAILHOUSE_INFO_MEM_POOL_SIZE		0
#define JAILHOUSE_INFO_MEM_POOL_USED		1
#define JAILHOUSE_INFO_REMAP_POOL_SIZE		2
#define JAILHOUSE_INFO_REMAP_POOL_USED		3
#define JAILHOUSE_INFO_NUM_CELLS		4

/* JAILHOUSE_HC_CPU_GET_INFO second argument */
#define JAILHOUSE_CPU_INFO_STATE		0
#define JAILHOUSE_CPU_INFO_STAT_BASE		1000

/* CPU states returned for JAILHOUSE_CPU_INFO_STATE */
#define JAILHOUSE_CPU_RUNNING			0
#define JAILHOUSE_CPU_FAILED			2	/* terminal */

/*
 * CPU statistics, queried as JAILHOUSE_CPU_INFO_STAT_BASE + id: the generic
 * ones first, then the arm64 ones.
 */
#define JAILHOUSE_CPU_STAT_VMEXITS_TOTAL	0
#define JAILHOUSE_CPU_STAT_VMEXITS_MMIO		1
#define JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT	2
#define JAILHOUSE_CPU_STAT_VMEXITS_HYPERCALL	3
#define JAILHOUSE_GENERIC_CPU_STATS		4

#define JAILHOUSE_CPU_STAT_VMEXITS_MAINTENANCE	(JAILHOUSE_GENERIC_CPU_STATS+0)
#define JAILHOUSE_CPU_STAT_VMEXITS_VIRQ		(JAILHOUSE_GENERIC_CPU_STATS+1)
#define JAILHOUSE_CPU_STAT_VMEXITS_VSGI		(JAILHOUSE_GENERIC_CPU_STATS+2)
#define JAILHOUSE_CPU_STAT_VMEXITS_PSCI		(JAILHOUSE_GENERIC_CPU_STATS+3)
#define JAILHOUSE_CPU_STAT_VMEXITS_SMCCC	(JAILHOUSE_GENERIC_CPU_STATS+4)
#define JAILHOUSE_NUM_CPU_STATS			(JAILHOUSE_GENERIC_CPU_STATS+5)

/* no message pending / no reply yet */
#define JAILHOUSE_MSG_NONE			0

/* messages from the hypervisor to a cell (msg_to_cell) */
#define JAILHOUSE_MSG_SHUTDOWN_REQUEST		1
#define JAILHOUSE_MSG_RECONFIG_COMPLETED	2

/* replies of a cell (reply_from_cell) */
#define JAILHOUSE_MSG_UNKNOWN			1
#define JAILHOUSE_MSG_REQUEST_DENIED		2
#define JAILHOUSE_MSG_REQUEST_APPROVED		3
#define JAILHOUSE_MSG_RECEIVED			4

/* cell states (cell_state), set to RUNNING by the hypervisor on start */
#define JAILHOUSE_CELL_RUNNING			0
#define JAILHOUSE_CELL_RUNNING_LOCKED		1
#define JAILHOUSE_CELL_SHUT_DOWN		2	/* terminal */
#define JAILHOUSE_CELL_FAILED			3	/* terminal */
#define JAILHOUSE_CELL_FAILED_COMM_REV		4	/* terminal */

/* communication region flags */
#define JAILHOUSE_COMM_FLAG_DBG_PUTC_PERMITTED	0x0001
#define JAILHOUSE_COMM_FLAG_DBG_PUTC_ACTIVE	0x0002

#define JAILHOUSE_COMM_HAS_DBG_PUTC_PERMITTED(flags) \
	!!((flags) & JAILHOUSE_COMM_FLAG_DBG_PUTC_PERMITTED)
#define JAILHOUSE_COMM_HAS_DBG_PUTC_ACTIVE(flags) \
	!!((flags) & JAILHOUSE_COMM_FLAG_DBG_PUTC_ACTIVE)

#define COMM_REGION_ABI_REVISION		2
#define COMM_REGION_MAGIC			"JHCOMM"

#ifndef __ASSEMBLY__

/*
 * Communication region, arm64 flavour (100 bytes).  The hypervisor fills
 * everything on cell start; afterwards the cell writes cell_state and
 * reply_from_cell, the hypervisor msg_to_cell.  Platform information (from
 * console on) is read-only for the cell.
 */
struct jailhouse_comm_region {
	char signature[6];		/* "JHCOMM", no NUL */
	__u16 revision;			/* COMM_REGION_ABI_REVISION */
	volatile __u32 cell_state;
	volatile __u32 msg_to_cell;
	volatile __u32 reply_from_cell;
	__u32 flags;			/* JAILHOUSE_COMM_FLAG_* */
	struct jailhouse_console console;
	__u64 pci_mmconfig_base;
	/* arm-specific platform information */
	__u8 gic_version;
	__u8 padding[7];
	__u64 gicd_base;
	__u64 gicc_base;
	__u64 gicr_base;
	__u32 vpci_irq_base;
} __attribute__((packed));

#if !defined(__cplusplus) && defined(__STDC_VERSION__) && \
	__STDC_VERSION__ >= 201112L
_Static_assert(sizeof(struct jailhouse_comm_region) == 100,
	       "comm region layout");
#endif

#endif /* !__ASSEMBLY__ */

#endif /* !_JAILHOUSE_HYPERCALL_H */
