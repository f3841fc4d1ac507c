/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces of the arm64 code. */
#ifndef _ASM_ARM64_H
#define _ASM_ARM64_H

#include <asm/percpu.h>
#include <asm/sysregs.h>
#include <hv/paging.h>

struct cell;

/* entry.S */
extern char hyp_vectors[];
extern char hv_console_ring[], hv_console_ring_end[];
void __noreturn vm_return(struct trap_frame *frame);
void __noreturn el2_exit(struct trap_frame *frame);
u64 arch_smc(u64 fid, u64 a1, u64 a2, u64 a3);
void arch_smc_forward(struct trap_frame *frame);
void arch_switch_ttbr0(u64 ttbr);

/* mmu.c */
#include <asm/mmu.h>

/* setup.c */
extern struct paging_structures hv_paging;

/* setup.c */
extern volatile u32 hv_shutting_down;
void __noreturn arch_cpu_leave(struct trap_frame *frame, long result);
void arch_cpu_restore(struct per_cpu *pc);
struct per_cpu *cpu_by_mpidr(const struct cell *cell, u64 mpidr);

/* traps.c */
void __noreturn arch_panic_park(void);
/* the handler of one exception class: TRAP_* result (asm/percpu.h) */
struct trap_handler {
	int (*handle)(struct trap_frame *frame, u64 esr);
	/* TRAP_FRAME_*: which registers of the cell the frame must hold */
	u64 frame;
};
extern const struct trap_handler trap_sync_handlers[64];
/* the vectors of entry.S: with the full frame, and the IRQ path */
int arch_handle_exception(struct trap_frame *frame, unsigned long kind);
int arch_handle_irq(struct trap_frame *frame);	/* gicv3.c */
int trap_done_work(struct trap_frame *frame, int res);

/*
 * The common end of every trap from a cell, @res what the handler did
 * (TRAP_RESUME or TRAP_RELOAD).  Refilling the list registers is needed
 * only when interrupts wait in the software queue: whatever empties the
 * queue also clears the underflow interrupt (gicv3.c).  One load tests
 * for both that and a park request.
 */
static inline int trap_done(struct trap_frame *frame, int res)
{
	if (__builtin_expect(res != TRAP_RESUME ||
			     *(volatile u64 *)&this_cpu()->exit_work, 0))
		return trap_done_work(frame, res);
	return res;
}
/* a parked CPU at hypervisor shutdown: PSCI CPU_OFF through firmware */
void __noreturn arch_cpu_off_for_shutdown(struct per_cpu *pc);

/* gicv3.c */
int gic_global_init(void);
int gic_map_hyp(void);
int gic_cpu_init(struct per_cpu *pc);
void gic_cpu_shutdown(struct per_cpu *pc);
void gic_cpu_park(struct per_cpu *pc);
void gic_handle_irq(void);
void gic_flush_pending(void);
bool gic_virq_pending(void);
void gic_send_sgis(struct cell *cell, u64 sgir);
int gic_cell_init(struct cell *cell);
void gic_inject(struct per_cpu *pc, unsigned int intid, bool hw);
/* SGI the hypervisor uses to get a CPU out of its cell */
#define SGI_EVENT	15
void gic_kick_cpu(struct per_cpu *pc);
void gic_clear_kick(struct per_cpu *pc);
/* SGIs/PPIs and the virtual CPU interface of @pc as after a reset */
void gic_cpu_reset(struct per_cpu *pc);

/* cell.c */
/* drop the TLB entries of the VMID in VTTBR_EL2, on all CPUs */
void arch_flush_vmid_tlb(void);
/* all EL2 translations, on every CPU */
void arch_flush_hyp_tlb(void);

/* cell.c: DC CISW at EL2 with a cell's set/way operand */
void arch_dc_cisw(u64 setway);

/* cpu-reset.c: EL1/EL0 state as after a reset, nothing left over */
void cpu_reset_el1(void);
/* fpsimd.S: q0..q31, FPCR, FPSR zero */
void cpu_clear_fpsimd(void);

/* sysreg-emul.c */
enum sysreg_class {
	SYSREG_OTHER,
	SYSREG_SETWAY,
	SYSREG_ACTLR,
	SYSREG_IMPDEF,
	SYSREG_PMU,
	SYSREG_DEBUG,
	SYSREG_TRACE,
};
u64 sysreg_trap_hcr(u64 base);
u64 sysreg_trap_mdcr(u64 stub_mdcr, bool root);
u64 sysreg_trap_cptr(u64 stub_cptr, bool root);
void sysreg_traps_init(struct per_cpu *pc);
enum sysreg_class sysreg_classify(u64 iss);
bool sysreg_emulate(struct trap_frame *frame, u64 iss);

/* psci.c */
/* TRAP_RELOAD when the CPU was parked (and released again), else _RESUME */
int psci_handle_smc(struct trap_frame *frame);
void arch_park_cpu(struct trap_frame *frame, bool failed);
/*
 * VTTBR_EL2 of parked CPUs: an empty stage 2 (VMID 0), so that nothing
 * walks the tables of a cell that is gone; 0 = keep the cell's.
 */
extern u64 hv_parking_vttbr;
/* guards every CPU's psci_state (cell-cpus.c, psci.c) */
extern spinlock_t cpu_state_lock;
void psci_wait_parked_off(void);

#endif /* !_ASM_ARM64_H */
