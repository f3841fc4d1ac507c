/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inmate entry at image offset 0 and the EL1 exception vectors.
 *
 * The hypervisor starts the cell's first CPU at 0, at EL1h with the MMU and
 * caches off and all interrupts masked.  Nothing is assumed about the
 * general purpose registers.
 */
#include <inmate.h>

/* frame saved by every vector: x0..x30, elr, spsr, (pad) = 34 * 8 bytes */
#define FRAME_SIZE	(34 * 8)

	.section .boot, "ax"
	.global __reset
__reset:
	msr	daifset, #0xf

	/* a stack at the top of the inmate's RAM image */
	adr	x0, __stack_top
	mov	sp, x0

	adr	x0, vectors
	msr	vbar_el1, x0
	isb

	/* .bss is 16-byte aligned and sized by the linker script */
	adr	x0, __bss_start
	adr	x1, __bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:
	mov	x29, xzr
	mov	x30, xzr
	bl	inmate_lib_start
	/* inmate_lib_start does not return; stay put if it ever does */
3:	wfi
	b	3b

/*
 * Save the interrupted context on the current stack.  The IRQ path needs
 * only the caller-saved registers, but a full frame makes the exception
 * report complete and costs a few cycles only.
 */
.macro	save_frame
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	mrs	x0, elr_el1
	stp	x30, x0, [sp, #16 * 15]
	mrs	x0, spsr_el1
	str	x0, [sp, #16 * 16]
.endm

.macro	restore_frame
	ldr	x0, [sp, #16 * 16]
	msr	spsr_el1, x0
	ldp	x30, x0, [sp, #16 * 15]
	msr	elr_el1, x0
	ldp	x28, x29, [sp, #16 * 14]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x0, x1, [sp, #16 * 0]
	add	sp, sp, #FRAME_SIZE
.endm

/* an unexpected exception: report it, never return */
.macro	vector_bad nr
	.balign	0x80
	save_frame
	mov	x0, #\nr
	mov	x1, sp
	b	report_exception
.endm

.macro	vector_irq
	.balign	0x80
	b	irq_entry
.endm

	.section .vectors, "ax"
	.balign	0x800
	.global vectors
vectors:
	/* current EL with SP_EL0 */
	vector_bad 0
	vector_bad 1
	vector_bad 2
	vector_bad 3
	/* current EL with SP_ELx: where the inmate runs */
	vector_bad 4
	vector_irq
	vector_bad 6
	vector_bad 7
	/* lower EL, AArch64 */
	vector_bad 8
	vector_bad 9
	vector_bad 10
	vector_bad 11
	/* lower EL, AArch32 */
	vector_bad 12
	vector_bad 13
	vector_bad 14
	vector_bad 15

	.text
irq_entry:
	save_frame
	bl	irq_dispatch
	restore_frame
	eret

/*
 * void mmu_off_and_jump(unsigned long entry, unsigned long arg,
 *			 unsigned long clean_start, unsigned long clean_end)
 *
 * Leaves the inmate for good, e.g. towards a Linux kernel: cleans and
 * invalidates [clean_start, clean_end) from the data cache, turns MMU and
 * data cache off and branches to entry with x0 = arg, x1..x3 = 0.  Uses no
 * memory after the clean, so nothing can be left behind in the cache.
 */
	.global	mmu_off_and_jump
mmu_off_and_jump:
	msr	daifset, #0xf
	mrs	x4, ctr_el0
	ubfx	x4, x4, #16, #4
	mov	x5, #4
	lsl	x5, x5, x4
	sub	x6, x5, #1
	bic	x2, x2, x6
1:	cmp	x2, x3
	b.hs	2f
	dc	civac, x2
	add	x2, x2, x5
	b	1b
2:	dsb	sy
	mrs	x4, sctlr_el1
	bic	x4, x4, #(1 << 0)
	bic	x4, x4, #(1 << 2)
	msr	sctlr_el1, x4
	isb
	ic	iallu
	tlbi	vmalle1
	dsb	sy
	isb
	mov	x4, x0
	mov	x0, x1
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x4
