/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Validation of system and cell configurations: the one implementation used
 * by the hypervisor (on enable and cell create), by `jailhouse config check`
 * and by the unit tests.
 *
 * Pure C without libc (no allocation, no printing, no global state), so it
 * links into freestanding code, the kernel module and host programs alike.
 * Sources: common/config_check.c.
 *
 * Usage:
 *	struct jh_check_report rep = { .finding = my_cb, .ctx = my_ctx };
 *	if (jh_check_system(buf, len, &rep) != 0) ...
 *
 * Every problem is passed to rep->finding as a struct jh_finding; the
 * caller decides how to show it (jh_format_finding() gives the standard
 * one-line text).  A finding is an error unless its code is a warning
 * (jh_check_code_is_warning(), f->warning): warnings are reported but do
 * not count as errors.  Both checkers return the number of errors.
 */
#ifndef _JAILHOUSE_CONFIG_CHECK_H
#define _JAILHOUSE_CONFIG_CHECK_H

#include <jailhouse/types.h>
#include <jailhouse/cell-config.h>

/* page granule the memory regions are checked against */
#define JH_CHECK_PAGE_SIZE	0x1000ULL
/* GICv3/v2 interrupt IDs: SPIs are 32..1019 */
#define JH_CHECK_FIRST_SPI	32
#define JH_CHECK_MAX_INTID	1020
/* bytes of the GIC distributor frame that no cell may map directly */
#define JH_CHECK_GICD_SIZE	0x10000ULL
/* bytes of ECAM space per virtual PCI bus */
#define JH_CHECK_ECAM_BUS_SIZE	0x100000ULL
/*
 * Redistributor space no region may map: one frame per CPU of the system
 * configuration (highest CPU id of the root cell + 1), frames of a GICv3
 * without virtual LPIs (RD_base + SGI_base, 2 x 64 KiB), from gicr_base on.
 * The hypervisor traps these frames in every cell.
 */
#define JH_CHECK_GICR_FRAME_SIZE	0x20000ULL
/*
 * CPU ids the firmware can run at all (0..JH_CHECK_MAX_CPUS-1), its
 * absolute bound; the hypervisor build asserts that this is its
 * HV_MAX_CPUS.  Below it, the number of CPUs is limited only by the
 * hypervisor memory, which holds per-CPU data for every CPU id up to the
 * highest of the root cell (see include/jailhouse/fw-header.h).
 */
#define JH_CHECK_MAX_CPUS	512
/*
 * Peers an ivshmem link may have: the hypervisor keeps a fixed table of
 * this many peers per link (the specification allows up to 65536).
 */
#define JH_CHECK_MAX_SHMEM_PEERS	16
/* bytes of the state table per peer: one 32-bit state value */
#define JH_CHECK_SHMEM_STATE_BYTES	4

enum jh_check_code {
	JH_CHECK_OK = 0,
	/* binary layout */
	JH_CHECK_TRUNCATED,		/* file ends before its data */
	JH_CHECK_TRAILING,		/* bytes after the declared data */
	JH_CHECK_SIGNATURE,		/* not "JHSYS" / "JHCLL" */
	JH_CHECK_REVISION,		/* not JAILHOUSE_CONFIG_REVISION */
	JH_CHECK_ARCH,			/* not JAILHOUSE_ARM64 */
	JH_CHECK_NAME,			/* empty or not NUL-terminated */
	JH_CHECK_CELL_FLAGS,		/* unknown cell flag bits */
	JH_CHECK_UNSUPPORTED,		/* x86-only items (PIO, cache, ...) */
	/* CPUs */
	JH_CHECK_CPU_SET_SIZE,		/* bitmap size 0 or not 8-byte units */
	JH_CHECK_CPU_EMPTY,		/* no CPU at all */
	JH_CHECK_CPU_NOT_IN_ROOT,	/* CPU the root cell does not own */
	JH_CHECK_CPU_ROOT_LEFT_EMPTY,	/* cell takes every root CPU */
	JH_CHECK_CPU_CONFLICT,		/* CPU also in another cell */
	/* memory regions */
	JH_CHECK_MEM_FLAGS,		/* unknown flag bits */
	JH_CHECK_MEM_ZERO_SIZE,		/* size 0 in a non-empty entry */
	JH_CHECK_MEM_OVERFLOW,		/* start + size wraps around */
	JH_CHECK_MEM_UNALIGNED,		/* unaligned, not sub-page IO */
	JH_CHECK_MEM_OVERLAP_VIRT,	/* guest ranges overlap */
	JH_CHECK_MEM_OVERLAP_PHYS,	/* physical ranges overlap */
	JH_CHECK_MEM_HYPERVISOR,	/* region covers hypervisor memory */
	JH_CHECK_MEM_NOT_IN_ROOT,	/* memory the root cell does not own */
	JH_CHECK_MEM_CELL_CONFLICT,	/* another cell's, not shared */
	JH_CHECK_MEM_GICD,		/* region maps the GIC distributor */
	JH_CHECK_MEM_GICR,		/* region maps GIC redistributors */
	JH_CHECK_MEM_GIC_ITS,		/* cell maps what lies between GICD
					   and GICR (ITS) */
	JH_CHECK_MEM_DEBUG_UART,	/* cell maps the hypervisor's UART */
	JH_CHECK_MEM_DEBUG_UART_SHARED,	/* warning: ... shared with the
					   root (Jailhouse's demo cells) */
	JH_CHECK_MEM_DMA,		/* warning: DMA flag, no IOMMU */
	JH_CHECK_COMM_REGION,		/* misplaced or duplicate comm region */
	/* system */
	JH_CHECK_HV_MEMORY,		/* hypervisor memory empty/unaligned */
	JH_CHECK_GIC,			/* version, bases, maint. IRQ */
	JH_CHECK_PCI_MMCONFIG,		/* virtual ECAM overlaps a region */
	JH_CHECK_CPU_LIMIT,		/* warning: CPUs the firmware lacks */
	JH_CHECK_IOMMU_UNIT,		/* IOMMU unit, no IOMMU driver */
	JH_CHECK_STREAM_IDS,		/* cell stream IDs, no SMMU support */
	/* interrupts */
	JH_CHECK_IRQCHIP_ADDRESS,	/* irqchip is not the system's GICD */
	JH_CHECK_IRQCHIP_PIN_BASE,	/* pin_base unaligned or beyond 1024 */
	JH_CHECK_IRQ_RANGE,		/* SGI/PPI or beyond the last SPI */
	JH_CHECK_IRQ_NOT_IN_ROOT,	/* not the root cell's */
	JH_CHECK_IRQ_CONFLICT,		/* interrupt also in another cell */
	/* PCI */
	JH_CHECK_PCI_TYPE,		/* unknown device type */
	JH_CHECK_PCI_CAPS,		/* caps outside caps array */
	JH_CHECK_PCI_DUPLICATE,		/* same bdf twice */
	JH_CHECK_PCI_NO_HOST,		/* device without virtual host */
	JH_CHECK_PCI_BUS,		/* bus beyond pci_mmconfig_end_bus */
	JH_CHECK_PCI_DOMAIN,		/* root device not in pci_domain */
	/* ivshmem devices */
	JH_CHECK_SHMEM_REGIONS,		/* regions beyond the array */
	JH_CHECK_SHMEM_PEERS,		/* shmem_peers not in 2..16 */
	JH_CHECK_SHMEM_DEV_ID,		/* shmem_dev_id >= shmem_peers */
	JH_CHECK_SHMEM_REGIONS_SHARED,	/* two devices, same regions */
	JH_CHECK_SHMEM_STATE_SIZE,	/* state table < 4 bytes a peer */
	JH_CHECK_SHMEM_STATE_ACCESS,	/* state table not read-only */
	JH_CHECK_SHMEM_RW_ACCESS,	/* r/w section not read/write */
	JH_CHECK_SHMEM_OUTPUT_SIZE,	/* output sections differ in size */
	JH_CHECK_SHMEM_OUTPUT_ACCESS,	/* output not readable, or writable
					   by the wrong peer */
	JH_CHECK_SHMEM_LAYOUT,		/* sections not back to back */
	JH_CHECK_SHMEM_BAR_MASK,	/* not an INTx register BAR mask */
	JH_CHECK_SHMEM_MSIX,		/* MSI-X asked for, no ITS */
	JH_CHECK_SHMEM_INTX,		/* INTx SPI not the cell's */
	/* ivshmem links, between cells */
	JH_CHECK_SHMEM_LINK_PEERS,	/* other end: other shmem_peers */
	JH_CHECK_SHMEM_LINK_PROTOCOL,	/* other end: other protocol */
	JH_CHECK_SHMEM_LINK_ID,		/* other end: same dev_id */
	JH_CHECK_SHMEM_LINK_MEMORY,	/* other end: other memory */
	JH_CHECK_SHMEM_ROOTSHARED,	/* link with the root, not shared */
	/* consoles */
	JH_CHECK_CONSOLE_TYPE,		/* unknown console type */
	JH_CHECK_CONSOLE_FLAGS,		/* unknown or unusable access flags */
	JH_CHECK_CONSOLE_UNMAPPED,	/* console address not mapped */
	/* between cells */
	JH_CHECK_NAME_DUPLICATE,	/* another cell has the same name */

	JH_CHECK_NUM_CODES
};

struct jh_finding {
	enum jh_check_code code;
	/* object the finding is about: "memory region", "irqchip", ... */
	const char *what;
	/* its index in its array, or -1 for single fields */
	int index;
	/* related object ("memory region" it overlaps, ...) or NULL */
	const char *other;
	int other_index;
	/* cell the related object belongs to if not the same, or NULL */
	const char *other_cell;
	/* the offending value (address, CPU, interrupt, count, ...) */
	unsigned long long value;
	/* a related range [start, end) when end > start */
	unsigned long long start, end;
	/* 1: a warning, which does not make the configuration unusable */
	int warning;
};

struct jh_check_report {
	/* called once per finding; may be NULL to just count */
	void (*finding)(void *ctx, const struct jh_finding *f);
	void *ctx;
	/* out: errors so far (accumulates over calls), warnings excluded */
	unsigned int count;
	/* out: warnings so far (accumulates over calls) */
	unsigned int warnings;
	/*
	 * out: set when the buffer's layout could not be validated; the
	 * arrays of such a config must not be used, not even for checking
	 * other cells against it
	 */
	int unusable;
};

/*
 * Check a system configuration (the root cell included) of @len bytes.
 * Returns the number of errors of this call (warnings not counted).
 */
int jh_check_system(const void *buf, size_t len, struct jh_check_report *rep);

/*
 * Check a non-root cell configuration of @len bytes.  @sys, if not NULL,
 * is a system configuration jh_check_system() accepted as usable, in a
 * buffer holding the complete file; @others are @n_others cell
 * configurations already accepted as usable (complete buffers as well),
 * the new cell must not collide with.  Returns the number of errors of
 * this call (warnings not counted).
 */
int jh_check_cell(const void *buf, size_t len,
		  const struct jailhouse_system *sys,
		  const struct jailhouse_cell_desc *const *others,
		  unsigned int n_others, struct jh_check_report *rep);

/* the problem as a phrase, e.g. "overlaps" */
const char *jh_check_code_str(enum jh_check_code code);
/* the code's identifier without prefix, e.g. "MEM_OVERLAP_PHYS" */
const char *jh_check_code_name(enum jh_check_code code);
/* true for the codes that are warnings, not errors */
bool jh_check_code_is_warning(enum jh_check_code code);

/*
 * Render a finding as "<what> <index>: <problem> [<other> <index>]
 * [in cell <name>] [(0xstart..0xend)] [value]" into @buf (always
 * NUL-terminated if @size > 0).  Returns the length it would have had.
 */
size_t jh_format_finding(char *buf, size_t size, const struct jh_finding *f);

#endif /* !_JAILHOUSE_CONFIG_CHECK_H */
