/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cpu_clear_fpsimd(): q0..q31, FPCR and FPSR to zero, for a CPU that
 * enters a cell.  EL2 may use FP/SIMD only with CPTR_EL2.TFP clear: it is
 * cleared for the duration and put back as it was.
 */
	.arch	armv8-a+fp+simd

#define CPTR_TFP	(1 << 10)

	.section .text, "ax"
	.globl	cpu_clear_fpsimd
cpu_clear_fpsimd:
	mrs	x1, cptr_el2
	bic	x2, x1, #CPTR_TFP
	msr	cptr_el2, x2
	isb
	movi	v0.2d, #0
	movi	v1.2d, #0
	movi	v2.2d, #0
	movi	v3.2d, #0
	movi	v4.2d, #0
	movi	v5.2d, #0
	movi	v6.2d, #0
	movi	v7.2d, #0
	movi	v8.2d, #0
	movi	v9.2d, #0
	movi	v10.2d, #0
	movi	v11.2d, #0
	movi	v12.2d, #0
	movi	v13.2d, #0
	movi	v14.2d, #0
	movi	v15.2d, #0
	movi	v16.2d, #0
	movi	v17.2d, #0
	movi	v18.2d, #0
	movi	v19.2d, #0
	movi	v20.2d, #0
	movi	v21.2d, #0
	movi	v22.2d, #0
	movi	v23.2d, #0
	movi	v24.2d, #0
	movi	v25.2d, #0
	movi	v26.2d, #0
	movi	v27.2d, #0
	movi	v28.2d, #0
	movi	v29.2d, #0
	movi	v30.2d, #0
	movi	v31.2d, #0
	msr	fpcr, xzr
	msr	fpsr, xzr
	msr	cptr_el2, x1
	isb
	ret
