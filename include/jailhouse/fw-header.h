/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Layout of the hypervisor firmware image (jailhouse.bin) as the driver sees
 * it, and the ABI of its entry through Linux's hyp stub.
 *
 * The driver copies the image to the start of hypervisor_memory, zeroes the
 * rest of that memory, copies the system configuration to
 * hypervisor_memory.phys_start + header.core_size, cleans the whole area to
 * the point of coherency and then, on every online CPU at the same time
 * (stop_machine), issues
 *
 *	hvc #0 with x0 = 1 (HVC_SOFT_RESTART), x1 = phys_start + entry_offset,
 *	            x2 = Linux logical CPU id, x3 = number of CPUs entering,
 *	            x4 = phys_start
 *
 * The stub branches to x1 at EL2 with the MMU off and x0 = CPU id,
 * x1 = number of CPUs, x2 = phys_start.  ELR_EL2/SPSR_EL2 still describe the
 * caller, so the firmware returns to it with eret; x0 then holds 0 or a
 * negative errno, x19..x29 and sp are preserved, everything else is
 * clobbered.  VBAR_EL2 on entry is the stub's; the firmware saves it and puts
 * it back on disable or on a failed enable.
 */
#ifndef _JAILHOUSE_FW_HEADER_H
#define _JAILHOUSE_FW_HEADER_H

#define JAILHOUSE_FW_SIGNATURE		"JHFWARM8"
#define JAILHOUSE_FW_ABI_VERSION	2

#ifndef __ASSEMBLY__

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <jailhouse/types.h>
#endif

struct jailhouse_fw_header {
	/* JAILHOUSE_FW_SIGNATURE, not NUL-terminated */
	char signature[8];
	__u32 abi_version;
	/*
	 * CPU ids the firmware supports: 0..max_cpus-1.  How many it can run
	 * at a time depends on the hypervisor memory, see percpu_size.
	 */
	__u32 max_cpus;
	/* offset of the EL2 entry point from the image start */
	__u64 entry_offset;
	/*
	 * bytes the firmware occupies from the image start, including bss and
	 * its own stacks, page aligned; the system config goes right after
	 */
	__u64 core_size;
	/* bytes of the image file itself (<= core_size) */
	__u64 image_size;
	/*
	 * Added by the firmware (ABI version 1 still): offset from the image
	 * start of the hypervisor console ring (struct jailhouse_fw_console
	 * below) and its total size in bytes, header included.  The ring lies
	 * in the bss part (below core_size), so the driver's zeroing leaves it
	 * empty at every enable.  Read it through a mapping of the hypervisor
	 * memory, e.g. for "jailhouse console"; it stays valid after disable
	 * until the memory is reused.  While the hypervisor runs, the ring's
	 * pages (page aligned, nothing else in them) are mapped read-only
	 * into the root cell at their physical address, and the hypervisor
	 * writes them cacheably, so a WB mapping reads them coherently.
	 */
	__u64 console_offset;
	__u64 console_size;
	/*
	 * Added in ABI version 2: bytes of per-CPU data (struct and EL2
	 * stack) per CPU slot.  They are not part of core_size: the slots
	 * sit at the end of hypervisor memory, CPU n at phys_start + size -
	 * (n + 1) * percpu_size, and there must be one for every CPU id up
	 * to the highest of the root cell (and of every CPU entering).  So
	 * the firmware needs
	 *
	 *	PAGE_ALIGN(core_size + system config size)
	 *		+ (highest root CPU id + 1) * percpu_size
	 *
	 * bytes of hypervisor memory plus its page pool (page tables, cells)
	 * in between; a CPU whose slot does not fit above the configuration
	 * writes nothing and makes the enable fail (-EINVAL on every CPU).
	 */
	__u64 percpu_size;
} __attribute__((packed));

/*
 * Console ring written by the hypervisor: every byte printed on the debug
 * console also goes to content[tail % content_size], then tail (a running
 * byte count that never wraps back) is incremented.  A reader keeps its own
 * position: the valid bytes are those in [max(pos, tail - content_size),
 * tail).  busy is non-zero while the hypervisor updates the ring; read
 * tail, copy, and retry if busy was set or tail changed meanwhile.
 */
struct jailhouse_fw_console {
	volatile __u32 busy;
	volatile __u32 tail;
	__u32 content_size;
	__u32 reserved;
	char content[];
} __attribute__((packed));

#endif /* !__ASSEMBLY__ */
#endif /* !_JAILHOUSE_FW_HEADER_H */
