/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Binary format of system and cell configurations (.cell files).
 *
 * Layout is that of Jailhouse configuration revision 14: a Jailhouse arm64
 * config source compiles unchanged against this header and yields the same
 * bytes.  Everything is packed and little endian (the target's).
 *
 * A cell configuration is a struct jailhouse_cell_desc followed directly by
 * its variable-length arrays, in this order:
 *
 *	cpu bitmap		cpu_set_size bytes
 *	memory regions		num_memory_regions * struct jailhouse_memory
 *	cache regions		num_cache_regions * struct jailhouse_cache
 *	irqchips		num_irqchips * struct jailhouse_irqchip
 *	PIO regions		num_pio_regions * struct jailhouse_pio
 *	PCI devices		num_pci_devices * struct jailhouse_pci_device
 *	PCI capabilities	num_pci_caps * struct jailhouse_pci_capability
 *	stream IDs		num_stream_ids * union jailhouse_stream_id
 *
 * A system configuration is a struct jailhouse_system whose last member is
 * the root cell's descriptor, followed by the root cell's arrays as above.
 */
#ifndef _JAILHOUSE_CELL_CONFIG_H
#define _JAILHOUSE_CELL_CONFIG_H

#include <jailhouse/types.h>
#include <jailhouse/console.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* values of the architecture byte in both headers */
#define JAILHOUSE_X86			0
#define JAILHOUSE_ARM			1
#define JAILHOUSE_ARM64			2

/* bumped by Jailhouse on every layout or meaning change */
#define JAILHOUSE_CONFIG_REVISION	14

#define JAILHOUSE_CELL_NAME_MAXLEN	31

/*
 * The signatures are 5 characters, stored without a terminating NUL, the
 * sixth byte being the architecture.
 */
#define JAILHOUSE_SYSTEM_SIGNATURE	"JHSYS"
#define JAILHOUSE_CELL_DESC_SIGNATURE	"JHCLL"
#define JAILHOUSE_SIGNATURE_LEN		5

#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 8
#define __jh_nonstring			__attribute__((nonstring))
#else
#define __jh_nonstring
#endif

/* cell flags (struct jailhouse_cell_desc.flags) */
#define JAILHOUSE_CELL_PASSIVE_COMMREG	0x00000001
#define JAILHOUSE_CELL_TEST_DEVICE	0x00000002
#define JAILHOUSE_CELL_AARCH32		0x00000004

/*
 * VIRTUAL_CONSOLE_PERMITTED: the cell may use the debug-console putc
 * hypercall.  VIRTUAL_CONSOLE_ACTIVE: the cell shall use it as its console
 * (implies PERMITTED).
 */
#define JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED	0x40000000
#define JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE		0x80000000

#define CELL_FLAGS_VIRTUAL_CONSOLE_ACTIVE(flags) \
	!!((flags) & JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE)
#define CELL_FLAGS_VIRTUAL_CONSOLE_PERMITTED(flags) \
	!!((flags) & JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED)

/* memory region flags (struct jailhouse_memory.flags) */
#define JAILHOUSE_MEM_READ		0x0001
#define JAILHOUSE_MEM_WRITE		0x0002
#define JAILHOUSE_MEM_EXECUTE		0x0004
#define JAILHOUSE_MEM_DMA		0x0008
#define JAILHOUSE_MEM_IO		0x0010
#define JAILHOUSE_MEM_COMM_REGION	0x0020
#define JAILHOUSE_MEM_LOADABLE		0x0040
#define JAILHOUSE_MEM_ROOTSHARED	0x0080
#define JAILHOUSE_MEM_NO_HUGEPAGES	0x0100
#define JAILHOUSE_MEM_IO_UNALIGNED	0x8000
/* permitted access widths of a sub-page IO region, bits 16..19 */
#define JAILHOUSE_MEM_IO_WIDTH_SHIFT	16
#define JAILHOUSE_MEM_IO_8		(1 << JAILHOUSE_MEM_IO_WIDTH_SHIFT)
#define JAILHOUSE_MEM_IO_16		(2 << JAILHOUSE_MEM_IO_WIDTH_SHIFT)
#define JAILHOUSE_MEM_IO_32		(4 << JAILHOUSE_MEM_IO_WIDTH_SHIFT)
#define JAILHOUSE_MEM_IO_64		(8 << JAILHOUSE_MEM_IO_WIDTH_SHIFT)

/* cache region types and flags */
#define JAILHOUSE_CACHE_L3_CODE		0x01
#define JAILHOUSE_CACHE_L3_DATA		0x02
#define JAILHOUSE_CACHE_L3		(JAILHOUSE_CACHE_L3_CODE | \
					 JAILHOUSE_CACHE_L3_DATA)

#define JAILHOUSE_CACHE_ROOTSHARED	0x0001

/* PCI device types */
#define JAILHOUSE_PCI_TYPE_DEVICE	0x01
#define JAILHOUSE_PCI_TYPE_BRIDGE	0x02
#define JAILHOUSE_PCI_TYPE_IVSHMEM	0x03

/* ivshmem protocols (PCI class/interface of the shared-memory device) */
#define JAILHOUSE_SHMEM_PROTO_UNDEFINED		0x0000
#define JAILHOUSE_SHMEM_PROTO_VETH		0x0001
#define JAILHOUSE_SHMEM_PROTO_CUSTOM		0x4000	/* up to 0x7fff */
#define JAILHOUSE_SHMEM_PROTO_VIRTIO_FRONT	0x8000	/* up to 0xbfff */
#define JAILHOUSE_SHMEM_PROTO_VIRTIO_BACK	0xc000	/* up to 0xffff */

#define VIRTIO_DEV_NET			1
#define VIRTIO_DEV_BLOCK		2
#define VIRTIO_DEV_CONSOLE		3

/* BAR masks of an ivshmem device: register BAR, plus MSI-X BAR */
#define JAILHOUSE_IVSHMEM_BAR_MASK_INTX			\
	{ 0xfffff000, 0x00000000, 0x00000000,		\
	  0x00000000, 0x00000000, 0x00000000 }
#define JAILHOUSE_IVSHMEM_BAR_MASK_MSIX			\
	{ 0xfffff000, 0xfffff000, 0x00000000,		\
	  0x00000000, 0x00000000, 0x00000000 }
#define JAILHOUSE_IVSHMEM_BAR_MASK_INTX_64K		\
	{ 0xffff0000, 0x00000000, 0x00000000,		\
	  0x00000000, 0x00000000, 0x00000000 }
#define JAILHOUSE_IVSHMEM_BAR_MASK_MSIX_64K		\
	{ 0xffff0000, 0xffff0000, 0x00000000,		\
	  0x00000000, 0x00000000, 0x00000000 }

#define JAILHOUSE_PCI_EXT_CAP		0x8000
#define JAILHOUSE_PCICAPS_WRITE		0x0001

#define JAILHOUSE_APIC_MODE_AUTO	0
#define JAILHOUSE_APIC_MODE_XAPIC	1
#define JAILHOUSE_APIC_MODE_X2APIC	2

#define JAILHOUSE_MAX_IOMMU_UNITS	8

#define JAILHOUSE_IOMMU_AMD		1
#define JAILHOUSE_IOMMU_INTEL		2
#define JAILHOUSE_IOMMU_SMMUV3		3
#define JAILHOUSE_IOMMU_PVU		4
#define JAILHOUSE_IOMMU_ARM_MMU500	5

/* system flags (struct jailhouse_system.flags) */
#define JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE	0x0001

#define SYS_FLAGS_VIRTUAL_DEBUG_CONSOLE(flags) \
	!!((flags) & JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE)

#ifndef __ASSEMBLY__

/* 132 bytes */
struct jailhouse_cell_desc {
	char signature[JAILHOUSE_SIGNATURE_LEN] __jh_nonstring;
	__u8 architecture;
	__u16 revision;

	char name[JAILHOUSE_CELL_NAME_MAXLEN + 1];
	__u32 id;		/* filled in by the driver */
	__u32 flags;

	__u32 cpu_set_size;	/* bytes of the CPU bitmap */
	__u32 num_memory_regions;
	__u32 num_cache_regions;
	__u32 num_irqchips;
	__u32 num_pio_regions;
	__u32 num_pci_devices;
	__u32 num_pci_caps;
	__u32 num_stream_ids;

	__u32 vpci_irq_base;

	__u64 cpu_reset_address;
	__u64 msg_reply_timeout;

	struct jailhouse_console console;
} __attribute__((packed));

/* 32 bytes */
struct jailhouse_memory {
	__u64 phys_start;
	__u64 virt_start;
	__u64 size;
	__u64 flags;
} __attribute__((packed));

/*
 * The four memory regions of an ivshmem-net link starting at physical
 * address @start, as seen by peer @dev_id (0 or 1): state table (read
 * only), an unused read/write section, and one output section per peer, of
 * which only the own one is writable.
 */
#define JAILHOUSE_SHMEM_NET_REGIONS(start, dev_id)			\
	{								\
		.phys_start = (start),					\
		.virt_start = (start),					\
		.size = 0x1000,						\
		.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED,	\
	},								\
	{ 0 },								\
	{								\
		.phys_start = (start) + 0x1000,				\
		.virt_start = (start) + 0x1000,				\
		.size = 0x7f000,					\
		.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED | \
			(((dev_id) == 0) ? JAILHOUSE_MEM_WRITE : 0),	\
	},								\
	{								\
		.phys_start = (start) + 0x80000,			\
		.virt_start = (start) + 0x80000,			\
		.size = 0x7f000,					\
		.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED | \
			(((dev_id) == 1) ? JAILHOUSE_MEM_WRITE : 0),	\
	}

/* needs PAGE_OFFS_MASK from the including code */
#define JAILHOUSE_MEMORY_IS_SUBPAGE(mem)	\
	((mem)->virt_start & PAGE_OFFS_MASK || (mem)->size & PAGE_OFFS_MASK)

/* 12 bytes */
struct jailhouse_cache {
	__u32 start;
	__u32 size;
	__u8 type;
	__u8 padding;
	__u16 flags;
} __attribute__((packed));

/* 32 bytes; pin_bitmap bit n is interrupt pin_base + n */
struct jailhouse_irqchip {
	__u64 address;
	__u32 id;
	__u32 pin_base;
	__u32 pin_bitmap[4];
} __attribute__((packed));

/* 4 bytes */
struct jailhouse_pio {
	__u16 base;
	__u16 length;
} __attribute__((packed));

#define PIO_RANGE(__base, __length)	\
	{				\
		.base = (__base),	\
		.length = (__length),	\
	}

/* 56 bytes */
struct jailhouse_pci_device {
	__u8 type;
	__u8 iommu;
	__u16 domain;
	__u16 bdf;
	__u32 bar_mask[6];
	__u16 caps_start;
	__u16 num_caps;
	__u8 num_msi_vectors;
	__u8 msi_64bits:1;
	__u8 msi_maskable:1;
	__u16 num_msix_vectors;
	__u16 msix_region_size;
	__u64 msix_address;
	/* ivshmem: index of the first of its memory regions in this cell */
	__u32 shmem_regions_start;
	/* ivshmem: this cell's peer number, 0..shmem_peers-1 */
	__u8 shmem_dev_id;
	/* ivshmem: how many peers the link has at most */
	__u8 shmem_peers;
	/* ivshmem: JAILHOUSE_SHMEM_PROTO_* */
	__u16 shmem_protocol;
} __attribute__((packed));

/* 8 bytes */
struct jailhouse_pci_capability {
	__u16 id;
	__u16 start;
	__u16 len;
	__u16 flags;
} __attribute__((packed));

/* 28 bytes */
struct jailhouse_iommu {
	__u32 type;
	__u64 base;
	__u32 size;

	union {
		struct {
			__u16 bdf;
			__u8 base_cap;
			__u8 msi_cap;
			__u32 features;
		} __attribute__((packed)) amd;

		struct {
			__u64 tlb_base;
			__u32 tlb_size;
		} __attribute__((packed)) tipvu;
	};
} __attribute__((packed));

/* 4 bytes */
union jailhouse_stream_id {
	__u32 id;
	struct {
		/* both fields are 15 bits wide */
		__u16 id;
		/* bits set here are ignored in id */
		__u16 mask_out;
	} __attribute__((packed)) mmu500;
} __attribute__((packed));

/* 356 bytes up to root_cell */
struct jailhouse_system {
	char signature[JAILHOUSE_SIGNATURE_LEN] __jh_nonstring;
	__u8 architecture;
	__u16 revision;

	__u32 flags;

	/* where the hypervisor lives */
	struct jailhouse_memory hypervisor_memory;
	struct jailhouse_console debug_console;
	struct {
		__u64 pci_mmconfig_base;
		__u8 pci_mmconfig_end_bus;
		__u8 pci_is_virtual;
		__u16 pci_domain;
		struct jailhouse_iommu iommu_units[JAILHOUSE_MAX_IOMMU_UNITS];
		union {
			struct {
				__u16 pm_timer_address;
				__u8 apic_mode;
				__u8 padding;
				__u32 vtd_interrupt_limit;
				__u32 tsc_khz;
				__u32 apic_khz;
			} __attribute__((packed)) x86;
			struct {
				__u8 maintenance_irq;
				__u8 gic_version;
				__u8 padding[2];
				__u64 gicd_base;
				__u64 gicc_base;
				__u64 gich_base;
				__u64 gicv_base;
				__u64 gicr_base;
			} __attribute__((packed)) arm;
		} __attribute__((packed));
	} __attribute__((packed)) platform_info;
	struct jailhouse_cell_desc root_cell;
} __attribute__((packed));

/*
 * Finding the arrays of a configuration.  The arrays follow the descriptor
 * in the order of enum jailhouse_cell_part; each one starts where the
 * parts before it end.  These helpers trust the counts in the descriptor:
 * validate a buffer with the config checker (jailhouse/config-check.h)
 * before using them on untrusted data.
 */
enum jailhouse_cell_part {
	JAILHOUSE_PART_CPU_SET,
	JAILHOUSE_PART_MEMORY,
	JAILHOUSE_PART_CACHE,
	JAILHOUSE_PART_IRQCHIP,
	JAILHOUSE_PART_PIO,
	JAILHOUSE_PART_PCI_DEVICE,
	JAILHOUSE_PART_PCI_CAP,
	JAILHOUSE_PART_STREAM_ID,
	JAILHOUSE_PART_END,		/* one past the last array */
};

/* bytes taken by one part of @cell */
static inline __u32
jailhouse_cell_part_bytes(const struct jailhouse_cell_desc *cell,
			  enum jailhouse_cell_part part)
{
	switch (part) {
	case JAILHOUSE_PART_CPU_SET:
		return cell->cpu_set_size;
	case JAILHOUSE_PART_MEMORY:
		return cell->num_memory_regions *
			sizeof(struct jailhouse_memory);
	case JAILHOUSE_PART_CACHE:
		return cell->num_cache_regions * sizeof(struct jailhouse_cache);
	case JAILHOUSE_PART_IRQCHIP:
		return cell->num_irqchips * sizeof(struct jailhouse_irqchip);
	case JAILHOUSE_PART_PIO:
		return cell->num_pio_regions * sizeof(struct jailhouse_pio);
	case JAILHOUSE_PART_PCI_DEVICE:
		return cell->num_pci_devices *
			sizeof(struct jailhouse_pci_device);
	case JAILHOUSE_PART_PCI_CAP:
		return cell->num_pci_caps *
			sizeof(struct jailhouse_pci_capability);
	case JAILHOUSE_PART_STREAM_ID:
		return cell->num_stream_ids *
			sizeof(union jailhouse_stream_id);
	default:
		return 0;
	}
}

/* offset of @part from the start of the descriptor */
static inline __u32
jailhouse_cell_part_offset(const struct jailhouse_cell_desc *cell,
			   enum jailhouse_cell_part part)
{
	__u32 offset = sizeof(*cell);
	int before;

	for (before = JAILHOUSE_PART_CPU_SET; before < (int)part; before++)
		offset += jailhouse_cell_part_bytes(cell,
					(enum jailhouse_cell_part)before);
	return offset;
}

static inline const void *
jailhouse_cell_part(const struct jailhouse_cell_desc *cell,
		    enum jailhouse_cell_part part)
{
	return (const __u8 *)cell + jailhouse_cell_part_offset(cell, part);
}

/* descriptor plus all arrays */
static inline __u32
jailhouse_cell_config_size(const struct jailhouse_cell_desc *cell)
{
	return jailhouse_cell_part_offset(cell, JAILHOUSE_PART_END);
}

/* the system header before the root cell, plus the root cell */
static inline __u32
jailhouse_system_config_size(const struct jailhouse_system *system)
{
	return sizeof(*system) - sizeof(system->root_cell) +
		jailhouse_cell_config_size(&system->root_cell);
}

/* typed views of the parts, under the names the rest of the code uses */
static inline const unsigned long *
jailhouse_cell_cpu_set(const struct jailhouse_cell_desc *cell)
{
	return jailhouse_cell_part(cell, JAILHOUSE_PART_CPU_SET);
}

static inline const struct jailhouse_memory *
jailhouse_cell_mem_regions(const struct jailhouse_cell_desc *cell)
{
	return jailhouse_cell_part(cell, JAILHOUSE_PART_MEMORY);
}

static inline const struct jailhouse_cache *
jailhouse_cell_cache_regions(const struct jailhouse_cell_desc *cell)
{
	return jailhouse_cell_part(cell, JAILHOUSE_PART_CACHE);
}

static inline const struct jailhouse_irqchip *
jailhouse_cell_irqchips(const struct jailhouse_cell_desc *cell)
{
	return jailhouse_cell_part(cell, JAILHOUSE_PART_IRQCHIP);
}

static inline const struct jailhouse_pio *
jailhouse_cell_pio(const struct jailhouse_cell_desc *cell)
{
	return jailhouse_cell_part(cell, JAILHOUSE_PART_PIO);
}

static inline const struct jailhouse_pci_device *
jailhouse_cell_pci_devices(const struct jailhouse_cell_desc *cell)
{
	return jailhouse_cell_part(cell, JAILHOUSE_PART_PCI_DEVICE);
}

static inline const struct jailhouse_pci_capability *
jailhouse_cell_pci_caps(const struct jailhouse_cell_desc *cell)
{
	return jailhouse_cell_part(cell, JAILHOUSE_PART_PCI_CAP);
}

static inline const union jailhouse_stream_id *
jailhouse_cell_stream_ids(const struct jailhouse_cell_desc *cell)
{
	return jailhouse_cell_part(cell, JAILHOUSE_PART_STREAM_ID);
}

/* compile-time layout checks, C11 or GNU C */
#if !defined(__cplusplus) && defined(__STDC_VERSION__) && \
	__STDC_VERSION__ >= 201112L
_Static_assert(sizeof(struct jailhouse_console) == 32, "console layout");
_Static_assert(sizeof(struct jailhouse_cell_desc) == 132, "cell layout");
_Static_assert(sizeof(struct jailhouse_memory) == 32, "memory layout");
_Static_assert(sizeof(struct jailhouse_cache) == 12, "cache layout");
_Static_assert(sizeof(struct jailhouse_irqchip) == 32, "irqchip layout");
_Static_assert(sizeof(struct jailhouse_pio) == 4, "pio layout");
_Static_assert(sizeof(struct jailhouse_pci_device) == 56, "pci layout");
_Static_assert(sizeof(struct jailhouse_pci_capability) == 8, "cap layout");
_Static_assert(sizeof(struct jailhouse_iommu) == 28, "iommu layout");
_Static_assert(sizeof(struct jailhouse_system) == 356 + 132,
	       "system layout");
#endif

#endif /* !__ASSEMBLY__ */

#endif /* !_JAILHOUSE_CELL_CONFIG_H */
