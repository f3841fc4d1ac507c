/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU data.  Each CPU owns PERCPU_SIZE bytes: struct per_cpu at the
 * bottom, its EL2 stack growing down from the top.  entry.S fills the
 * first fields before any C code runs: keep the PC_* offsets in sync.
 *
 * The areas sit at the top of hypervisor memory, CPU n at
 * phys_start + size - (n + 1) * PERCPU_SIZE, so that a CPU finds its own
 * from the system configuration alone (hypervisor_memory.size), before any
 * C code runs.  The page pool ends below the lowest area in use.
 */
#ifndef _ASM_PERCPU_H
#define _ASM_PERCPU_H

#define PERCPU_SHIFT		14
#define PERCPU_SIZE		(1 << PERCPU_SHIFT)
/* HV_MAX_CPUS for assembly code (hv/cpuset.h) */
#define HV_MAX_CPUS_ASM		512

/*
 * What entry.S reads of the system configuration (packed struct
 * jailhouse_system at the end of the image, checked in setup.c): the
 * hypervisor memory size, the header size and the eight counts of the
 * root cell's arrays, from root_cell.cpu_set_size on, each a u32, whose
 * element sizes are SYSCFG_ELEM_SIZES.
 */
#define SYSCFG_HV_SIZE		28
#define SYSCFG_COUNTS		404
#define SYSCFG_SIZE		488
#define SYSCFG_ELEM_CPU		1
#define SYSCFG_ELEM_MEM		32
#define SYSCFG_ELEM_CACHE	12
#define SYSCFG_ELEM_IRQCHIP	32
#define SYSCFG_ELEM_PIO		4
#define SYSCFG_ELEM_PCI		56
#define SYSCFG_ELEM_PCI_CAP	8
#define SYSCFG_ELEM_STREAM_ID	4

#define PC_SAVED_REGS		0	/* x19..x30 */
#define PC_STUB_VBAR		96
#define PC_STUB_HCR		104
#define PC_STUB_SCTLR		112
#define PC_STUB_TCR		120
#define PC_STUB_MAIR		128
#define PC_STUB_TTBR0		136
#define PC_STUB_SP		144
#define PC_SAVED_X18		152

/* trap frame: x0..x30, elr, spsr, one spare slot */
#define FRAME_ELR		248
#define FRAME_SPSR		256
#define FRAME_EXTRA		264
#define FRAME_SIZE		272

/*
 * How a trap handler wants to go back to the cell (entry.S): the hot
 * vectors save only what C code may clobber (x0..x18, x30, ELR), since
 * x19..x29 survive the call anyway.
 */
/* the saved registers are still the cell's: restore the partial frame */
#define TRAP_RESUME		0
/* the frame was rewritten (CPU reset or parked): restore all of it */
#define TRAP_RELOAD		1
/* hypervisor disabled: complete the frame, then arch_shutdown_cpu() */
#define TRAP_SHUTDOWN		2

/*
 * struct trap_handler.frame: what the handler of an exception class needs
 * of the cell's registers (entry.S).
 */
/* x0..x18, x30 (in x19's slot): the handler neither reads nor changes ELR */
#define TRAP_FRAME_PARTIAL	0
/*
 * Otherwise ELR is in the frame, and the full frame when bit 32 + r is
 * set, r being the 5-bit field of ESR_EL2 at bit (value & 63): the
 * register the trapped instruction names, for handlers that use it.
 */
#define TRAP_FRAME_REG_FULL	(0x7ff80000ULL << 32)	/* x19..x30 */
#define TRAP_FRAME_REG(shift)	(TRAP_FRAME_REG_FULL | (shift))
#define TRAP_FRAME_FULL		(0xffffffffULL << 32)
#define TRAP_FRAME_PARTIAL_ELR	1

/* exception kinds passed by the vectors */
#define EXC_LOWER_SYNC		0
#define EXC_LOWER_IRQ		1
#define EXC_LOWER_FIQ		2
#define EXC_LOWER_SERROR	3
#define EXC_HYP_SYNC		4
#define EXC_HYP_IRQ		5
#define EXC_HYP_FIQ		6
#define EXC_HYP_SERROR		7
#define EXC_AARCH32		8

#ifndef __ASSEMBLY__

#include <hv/types.h>
#include <hv/arch.h>

struct cell;
struct cpu_info;

struct trap_frame {
	u64 x[31];
	u64 elr;
	u64 spsr;
	u64 extra;
};

#define CPU_PSCI_ON		0
#define CPU_PSCI_OFF		1
#define CPU_PSCI_ON_PENDING	2
#define CPU_PSCI_FAILED		3
#define CPU_PSCI_GONE		4

#define VIRQ_QUEUE_LEN		64

struct per_cpu {
	/* filled by entry.S */
	u64 saved_regs[12];
	u64 stub_vbar;
	u64 stub_hcr;
	u64 stub_sctlr;
	u64 stub_tcr;
	u64 stub_mair;
	u64 stub_ttbr0;
	u64 stub_sp;
	u64 saved_x18;

	/* C only from here */
	unsigned int cpu_id;
	u64 mpidr;
	struct cpu_info *info;
	u64 stub_vtcr;
	u64 stub_vttbr;
	u64 stub_mdcr;
	u64 stub_cptr;
	/* sysreg-emul.c: classes reported since the CPU entered its cell */
	u32 emul_reported;

	/* PSCI */
	volatile u32 psci_state;
	u64 psci_entry;
	u64 psci_context;

	/* GIC */
	void *gicr;
	unsigned int num_lrs;
	/* bit n for each list register n there is (gicv3.c) */
	u64 lr_mask;
	u64 linux_icc_ctlr;
	u32 linux_pmr, linux_bpr0, linux_bpr1, linux_igrpen1;
	u32 virq_queue[VIRQ_QUEUE_LEN];
	unsigned int virq_head;

	/*
	 * What the way back into the cell may have to do, tested with one
	 * load on every trap (traps.c): interrupts waiting in the software
	 * queue, and cell management's request to park at the next exit
	 * (set by another CPU).
	 */
	union {
		struct {
			unsigned int virq_count;
			volatile u32 park_request;
		};
		u64 exit_work;
	};
	/* a GIC access of a non-root cell broke isolation (GIC_VIOLATION_*) */
	u32 gic_violation;
	u32 gic_violation_arg;
	bool gic_violation_write;
	/* name of the register refused, NULL if unknown */
	const char *gic_violation_reg;
	u64 gic_violation_offset;
	u64 gic_violation_value;

	/*
	 * spinlocks this CPU holds: a CPU that faults at EL2 holding none
	 * can be parked and handed on (traps.c), one that holds some cannot
	 */
	unsigned int locks_held;
};

/* per_cpu.gic_violation */
#define GIC_VIOLATION_NONE	0
#define GIC_VIOLATION_SPI	1	/* arg: interrupt */
#define GIC_VIOLATION_GICR	2	/* arg: redistributor frame */
#define GIC_VIOLATION_SETSPI	3	/* arg: interrupt */
#define GIC_VIOLATION_GICD_REG	4	/* a distributor register refused */
#define GIC_VIOLATION_GICR_REG	5	/* arg: frame; register refused */

#define PERCPU_STACK_MIN	0x3000

/*
 * x18 holds this CPU's area whenever EL2 runs C code (-ffixed-x18: the
 * compiler never touches it; entry.S loads it from TPIDR_EL2 at every
 * trap and keeps the cell's x18 in the frame).  A register read instead
 * of a system register read on every use, and no dependency on it.
 */
static inline struct per_cpu *this_cpu(void)
{
	register struct per_cpu *pc asm("x18");

	/* volatile: read x18 where used instead of keeping a copy */
	asm volatile("" : "=r" (pc));
	return pc;
}

struct per_cpu *per_cpu(unsigned int cpu);

#endif /* !__ASSEMBLY__ */
#endif /* !_ASM_PERCPU_H */
