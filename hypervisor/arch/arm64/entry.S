/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EL2 entry through Linux's hyp stub, exception vectors, and the paths
 * back to EL1.
 *
 * The image is linked at 0 as PIE and runs identity-mapped wherever it was
 * loaded.  Until the MMU is on we only use registers, plus one store to the
 * shared bootstrap page table that every CPU writes with the same value.
 */
#include <asm/percpu.h>
#include <jailhouse/fw-header.h>

#define R_AARCH64_RELATIVE	1027

/* MAIR: 0 normal WB RA/WA, 1 device nGnRE, 2 device nGnRnE */
#define HV_MAIR			0x0004ff
/* T0SZ=25 (39 bit), IRGN0/ORGN0 WB-WA, SH0 inner, TG0 4K, RES1 31/23 */
#define HV_TCR			(25 | (1 << 8) | (1 << 10) | (3 << 12) | \
				 (1 << 23) | (1 << 31))
#define SCTLR_EL2_RES1		0x30c50830
#define HV_SCTLR		(SCTLR_EL2_RES1 | (1 << 0) | (1 << 2) | \
				 (1 << 3) | (1 << 12))
/* 1 GiB block: AF, inner shareable, AttrIdx 0, EL2 RW */
#define BOOT_BLOCK_ATTR		0x741

.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

/* x7 += count @index (u32 at x4 + 4 * @index) * @elem, clobbers x16/x17 */
.macro syscfg_part index, elem
	ldr	w16, [x4, #(4 * \index)]
	mov	x17, #\elem
	madd	x7, x16, x17, x7
.endm

/* [@addr] = max([@addr], @val), 32 bits; @tmp, @status clobbered */
.macro atomic_max addr, val, tmp, status
9999:	ldaxr	\tmp, [\addr]
	cmp	\tmp, \val
	csel	\tmp, \tmp, \val, hs
	stlxr	\status, \tmp, [\addr]
	cbnz	\status, 9999b
.endm

/* [@addr] += 1, 32 bits; @tmp, @status clobbered */
.macro atomic_inc addr, tmp, status
9998:	ldaxr	\tmp, [\addr]
	add	\tmp, \tmp, #1
	stlxr	\status, \tmp, [\addr]
	cbnz	\status, 9998b
.endm

	.section .header, "a"
	.globl	fw_header
fw_header:
	.ascii	JAILHOUSE_FW_SIGNATURE
	.word	JAILHOUSE_FW_ABI_VERSION
	.word	HV_MAX_CPUS_ASM
	/* the offsets and sizes follow from hypervisor.lds, then: */
	.section .header.tail, "a"
	.quad	PERCPU_SIZE

	.section .text.entry, "ax"
	.globl	arch_entry
/* x0 = CPU id, x1 = number of CPUs, x2 = physical load address */
arch_entry:
	mov	x8, #-22		/* -EINVAL */
	adr_l	x3, __image_start
	cmp	x3, x2
	b.ne	early_fail

	/* stub state, kept in registers until the MMU is on */
	mrs	x9, vbar_el2
	mrs	x10, hcr_el2
	mrs	x11, sctlr_el2
	mrs	x12, tcr_el2
	mrs	x13, mair_el2
	mrs	x14, ttbr0_el2
	mov	x15, sp

	/*
	 * Identity map the GiB holding the image, same value on all CPUs.
	 * Hypervisor memory must not cross a GiB boundary (checked in C).
	 */
	adr_l	x4, bootstrap_pt
	lsr	x5, x3, #30
	and	x5, x5, #0x1ff
	lsl	x6, x5, #30
	mov	x7, #BOOT_BLOCK_ATTR
	orr	x6, x6, x7
	add	x7, x4, x5, lsl #3
	str	x6, [x7]
	dsb	sy
	/* drop any stale cached copy so the walker sees memory */
	dc	ivac, x7
	dsb	sy

	ic	iallu
	tlbi	alle2
	dsb	sy
	isb

	ldr	x5, =HV_MAIR
	msr	mair_el2, x5
	mrs	x6, id_aa64mmfr0_el1
	and	x6, x6, #0x7
	cmp	x6, #5
	b.ls	1f
	mov	x6, #5
1:	ldr	x5, =HV_TCR
	orr	x5, x5, x6, lsl #16
	msr	tcr_el2, x5
	msr	ttbr0_el2, x4
	isb
	ldr	x5, =HV_SCTLR
	msr	sctlr_el2, x5
	isb

	/* MMU and caches on */
	cmp	x0, #HV_MAX_CPUS_ASM
	b.hs	cpu_overflow

	/*
	 * Our per-CPU area: end of hypervisor memory - (id + 1) * PERCPU_SIZE
	 * (see asm/percpu.h).  It must lie in hypervisor memory, which must
	 * be page aligned and within the GiB mapped above, and above the
	 * image and the system configuration.  Otherwise nothing is written:
	 * cpu_overflow makes the enable fail.
	 */
	adr_l	x4, __core_end			/* the system configuration */
	ldur	x5, [x4, #SYSCFG_HV_SIZE]	/* hypervisor_memory.size */
	tst	x5, #0xfff
	b.ne	cpu_overflow
	mov	x6, #(1 << 30)
	cmp	x5, x6
	b.hi	cpu_overflow
	add	x6, x3, x5			/* end of hypervisor memory */
	sub	x7, x6, #1
	eor	x7, x7, x3
	lsr	x7, x7, #30
	cbnz	x7, cpu_overflow

	/* x7 = end of the configuration, in 64 bits: counts are u32 */
	add	x7, x4, #SYSCFG_SIZE
	add	x4, x4, #SYSCFG_COUNTS
	syscfg_part	0, SYSCFG_ELEM_CPU
	syscfg_part	1, SYSCFG_ELEM_MEM
	syscfg_part	2, SYSCFG_ELEM_CACHE
	syscfg_part	3, SYSCFG_ELEM_IRQCHIP
	syscfg_part	4, SYSCFG_ELEM_PIO
	syscfg_part	5, SYSCFG_ELEM_PCI
	syscfg_part	6, SYSCFG_ELEM_PCI_CAP
	syscfg_part	7, SYSCFG_ELEM_STREAM_ID

	add	x16, x0, #1
	lsl	x16, x16, #PERCPU_SHIFT		/* bytes from the end */
	cmp	x16, x5
	b.hi	cpu_overflow
	sub	x4, x6, x16			/* our area */
	cmp	x4, x7
	b.lo	cpu_overflow

	/* per-CPU area and stack */
	stp	x19, x20, [x4, #PC_SAVED_REGS]
	stp	x21, x22, [x4, #PC_SAVED_REGS + 16]
	stp	x23, x24, [x4, #PC_SAVED_REGS + 32]
	stp	x25, x26, [x4, #PC_SAVED_REGS + 48]
	stp	x27, x28, [x4, #PC_SAVED_REGS + 64]
	stp	x29, x30, [x4, #PC_SAVED_REGS + 80]
	str	x9, [x4, #PC_STUB_VBAR]
	str	x10, [x4, #PC_STUB_HCR]
	str	x11, [x4, #PC_STUB_SCTLR]
	str	x12, [x4, #PC_STUB_TCR]
	str	x13, [x4, #PC_STUB_MAIR]
	str	x14, [x4, #PC_STUB_TTBR0]
	str	x15, [x4, #PC_STUB_SP]
	str	x18, [x4, #PC_SAVED_X18]
	msr	tpidr_el2, x4
	/* from here on x18 is this CPU's area (see asm/percpu.h) */
	mov	x18, x4
	add	x5, x4, #PERCPU_SIZE
	mov	sp, x5
	mov	x29, #0

	mov	x19, x0
	mov	x20, x1
	mov	x21, x3
	mov	x22, x4

	/*
	 * The first CPU sizes the page pool below the areas in use: publish
	 * ours (slots in use = highest id + 1), then count us in.
	 */
	adr_l	x5, hv_cpu_slots_used
	add	w6, w0, #1
	atomic_max	x5, w6, w7, w8
	adr_l	x5, hv_cpus_entered
	atomic_inc	x5, w6, w7

	/* the first CPU in relocates the image */
	adr_l	x5, entry_count
2:	ldaxr	w6, [x5]
	add	w7, w6, #1
	stlxr	w8, w7, [x5]
	cbnz	w8, 2b
	mov	w23, w6
	cbnz	w6, 5f

	adr_l	x5, __rela_start
	adr_l	x6, __rela_end
3:	cmp	x5, x6
	b.hs	4f
	ldp	x7, x8, [x5], #16
	ldr	x9, [x5], #8
	cmp	w8, #R_AARCH64_RELATIVE
	b.ne	3b
	add	x9, x9, x21
	str	x9, [x21, x7]
	b	3b
4:	dsb	ish
	adr_l	x5, relocated
	mov	w6, #1
	stlr	w6, [x5]
	sev
	b	6f

5:	adr_l	x5, relocated
	sevl
55:	wfe
	ldar	w6, [x5]
	cbz	w6, 55b

6:	mov	x0, x22
	mov	x1, x19
	mov	x2, x20
	mov	x3, x21
	cmp	w23, #0
	cset	w4, eq
	bl	arch_entry_c
	/* does not return */
	b	.

early_fail:
	mov	x0, x8
	eret

/*
 * A CPU we have no per-CPU area for (id beyond HV_MAX_CPUS_ASM, or its area
 * would not fit into hypervisor memory above the configuration): make the
 * enable fail, but take part in the rendezvous so that the others do not
 * wait forever, then give the stub its state back.  Uses registers only.
 * x0 = CPU id, x1 = number of CPUs, x11..x14 = stub registers.
 */
cpu_overflow:
	/* highest such id + 1, for the first CPU's message */
	adr_l	x5, hv_cpu_overflow
	add	w6, w0, #1
	atomic_max	x5, w6, w7, w8
	adr_l	x5, hv_cpu_error
	mov	w6, #-22
	stlr	w6, [x5]
	adr_l	x5, hv_cpus_entered
	atomic_inc	x5, w6, w7
	adr_l	x5, hv_cpus_ready
	atomic_inc	x5, w6, w7
2:	yield
	ldar	w6, [x5]
	cmp	w6, w1
	b.ne	2b
	msr	sctlr_el2, x11
	isb
	msr	tcr_el2, x12
	msr	mair_el2, x13
	msr	ttbr0_el2, x14
	tlbi	alle2
	dsb	sy
	isb
	mov	x0, #-22
	eret

	.ltorg

/*
 * Restore the guest registers of @frame (x0) and enter the guest; the EL2
 * stack is reset to the top of the per-CPU area.
 */
	.section .text, "ax"
	.globl	vm_return
vm_return:
	ldp	x1, x2, [x0, #FRAME_ELR]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	mrs	x1, tpidr_el2
	add	x1, x1, #PERCPU_SIZE
	mov	sp, x1
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0]
	eret

/*
 * Leave EL2 for good: @frame (x0) holds the guest registers, its extra slot
 * the SCTLR_EL2 value to restore (MMU off).  The caller already put back
 * VBAR_EL2, HCR_EL2 etc.  The frame is cleaned to PoC first because we
 * read it again with the MMU off.
 */
	.globl	el2_exit
el2_exit:
	mrs	x1, ctr_el0
	ubfx	x1, x1, #16, #4
	mov	x2, #4
	lsl	x2, x2, x1		/* smallest D-cache line */
	sub	x3, x2, #1
	bic	x1, x0, x3
	add	x4, x0, #FRAME_SIZE
1:	dc	civac, x1
	add	x1, x1, x2
	cmp	x1, x4
	b.lo	1b
	dsb	sy

	ldp	x1, x2, [x0, #FRAME_ELR]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	ldr	x1, [x0, #FRAME_EXTRA]
	msr	sctlr_el2, x1
	isb
	/* MMU off: identity-mapped code continues, data is uncached */
	tlbi	alle2
	dsb	sy
	ic	iallu
	dsb	sy
	isb
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0]
	eret

/*
 * Switch TTBR0_EL2 to @x0 with break-before-make: the old and the new
 * tables map the same addresses with different block sizes.  No memory
 * access happens while the MMU is off.
 */
	.globl	arch_switch_ttbr0
arch_switch_ttbr0:
	mrs	x1, sctlr_el2
	bic	x2, x1, #1
	dsb	ish
	msr	sctlr_el2, x2
	isb
	msr	ttbr0_el2, x0
	tlbi	alle2
	dsb	ish
	isb
	msr	sctlr_el2, x1
	isb
	ret

/* physical SMC from EL2 (SMCCC: x0..x3 in, x0 out) */
	.globl	arch_smc
arch_smc:
	smc	#0
	ret

/*
 * Forward an SMCCC call: x0..x7 from @frame (x0), results x0..x3 back into
 * it.  x19 keeps the frame pointer across the call (callee-saved for us,
 * and SMCCC 1.1 preserves x4..x17 and x19 up).
 */
	.globl	arch_smc_forward
arch_smc_forward:
	stp	x19, x30, [sp, #-16]!
	mov	x19, x0
	ldp	x6, x7, [x19, #48]
	ldp	x4, x5, [x19, #32]
	ldp	x2, x3, [x19, #16]
	ldp	x0, x1, [x19]
	smc	#0
	stp	x0, x1, [x19]
	stp	x2, x3, [x19, #16]
	ldp	x19, x30, [sp], #16
	ret

/*
 * Exception vectors.  A trap from a cell enters with SP at the top of the
 * per-CPU area; the frame goes below it.  The hot paths (traps from the
 * cells: lower sync and IRQ) save only what the C handler may clobber,
 * x0..x18 and x30, since the callee-saved x19..x29 come back unchanged
 * from the call; the handler's TRAP_* result says whether that partial
 * frame can be restored as it is.  A handler that reads or writes one of
 * x19..x30 of the cell (an MMIO or system register access through it, a
 * register dump) gets the full frame: the dispatch table says which
 * (struct trap_handler, traps.c).
 */
.macro save_caller_regs
	stp	x0, x1, [sp, #-FRAME_SIZE]!
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	/*
	 * x30 in x19's slot for now: one store for both.  A handler of a
	 * partial frame never looks at x19..x30 (trap_sync_handlers[]);
	 * save_callee_regs puts it where it belongs.
	 */
	stp	x18, x30, [sp, #144]
	mrs	x18, tpidr_el2
.endm

/* x30 still the cell's */
.macro save_callee_regs
	stp	x19, x20, [sp, #152]
	stp	x21, x22, [sp, #168]
	stp	x23, x24, [sp, #184]
	stp	x25, x26, [sp, #200]
	stp	x27, x28, [sp, #216]
	stp	x29, x30, [sp, #232]
.endm

/* anything but the hot paths: full frame, arch_handle_exception(kind) */
.macro vector_full kind
	.balign	128
	save_caller_regs
	save_callee_regs
	mov	x1, #\kind
	b	trap_full
.endm

.macro invalid_vector
	.balign	128
	b	.
.endm

	.section .text.vectors, "ax"
	.balign	2048
	.globl	hyp_vectors
hyp_vectors:
	/* current EL, SP_EL0: never used */
	invalid_vector
	invalid_vector
	invalid_vector
	invalid_vector
	/* current EL, SP_EL2 */
	vector_full	EXC_HYP_SYNC
	vector_full	EXC_HYP_IRQ
	vector_full	EXC_HYP_FIQ
	vector_full	EXC_HYP_SERROR

	/*
	 * lower EL, AArch64, synchronous: dispatch by exception class
	 * through trap_sync_handlers[] (16-byte entries: handler, frame).
	 * Hypercalls (TRAP_FRAME_PARTIAL) leave ELR alone: not saved.
	 */
	.balign	128
	save_caller_regs
	mrs	x1, esr_el2
	ubfx	x2, x1, #26, #6		/* ESR_EL2.EC */
	adr	x3, trap_sync_handlers
	add	x3, x3, x2, lsl #4
	ldp	x3, x4, [x3]
	cbnz	x4, sync_elr
	mov	x0, sp
	blr	x3
	cbnz	w0, trap_exit_slow
	b	trap_return

	/* lower EL, AArch64, IRQ: ELR is not touched on this path */
	.balign	128
	save_caller_regs
	mov	x0, sp
	bl	arch_handle_irq
	cbnz	w0, trap_exit_slow
	b	trap_return

	vector_full	EXC_LOWER_FIQ
	vector_full	EXC_LOWER_SERROR
	/* lower EL, AArch32: cannot happen with HCR_EL2.RW set; reported */
	vector_full	EXC_AARCH32
	vector_full	EXC_AARCH32
	vector_full	EXC_AARCH32
	vector_full	EXC_AARCH32

/*
 * x1 = ESR, x3 = handler, x4 = its TRAP_FRAME_* (asm/percpu.h): the full
 * frame if bit 32 + r of it is set, r the register field at bit x4 & 63
 * of ESR (LSR takes the shift modulo 64).  ELR in the frame, as the
 * handler advances it.
 */
sync_elr:
	mrs	x0, elr_el2
	str	x0, [sp, #FRAME_ELR]
	lsr	x5, x1, x4
	and	x5, x5, #0x1f
	lsr	x5, x4, x5
	tbnz	x5, #32, sync_full
	mov	x0, sp
	blr	x3
	cbnz	w0, trap_exit_slow
	ldr	x1, [sp, #FRAME_ELR]
	msr	elr_el2, x1
trap_return:
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x30, [sp, #144]
	ldp	x0, x1, [sp], #FRAME_SIZE
	eret

sync_full:
	save_callee_regs
	mrs	x5, spsr_el2
	str	x5, [sp, #FRAME_SPSR]
	mov	x0, sp
	blr	x3
	b	full_return

/*
 * A partial frame that cannot simply be restored (w0 = TRAP_RELOAD or
 * TRAP_SHUTDOWN).  x19..x29 hold the cell's values again here.
 */
trap_exit_slow:
	cmp	w0, #TRAP_SHUTDOWN
	b.ne	1f
	/* from a hypercall: neither ELR nor SPSR was saved */
	ldr	x30, [sp, #152]
	save_callee_regs
	mrs	x1, elr_el2
	mrs	x2, spsr_el2
	stp	x1, x2, [sp, #FRAME_ELR]
	b	full_return
	/* TRAP_RELOAD: all of the frame is new (CPU reset) */
1:	mov	x0, sp
	b	vm_return

trap_full:
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [sp, #FRAME_ELR]
	mov	x0, sp
	bl	arch_handle_exception
full_return:
	cmp	w0, #TRAP_SHUTDOWN
	mov	x0, sp
	b.eq	arch_shutdown_cpu
	b	vm_return

	.section .bss, "aw", %nobits
	.balign	4096
	.globl	bootstrap_pt
bootstrap_pt:
	.space	4096
	.balign	4
entry_count:
	.space	4
relocated:
	.space	4

	.balign	4096
	.globl	hv_console_ring
hv_console_ring:
	.space	0x4000
	.globl	hv_console_ring_end
hv_console_ring_end:
