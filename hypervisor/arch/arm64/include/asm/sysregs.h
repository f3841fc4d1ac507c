/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_SYSREGS_H
#define _ASM_SYSREGS_H

#include <hv/types.h>

#define read_sysreg(r) ({						\
	u64 __val;							\
	asm volatile("mrs %0, " #r : "=r" (__val));			\
	__val;								\
})

#define write_sysreg(v, r)						\
	asm volatile("msr " #r ", %0" : : "r" ((u64)(v)) : "memory")

/* GICv3 system registers by encoding (older assemblers lack names) */
#define ICC_IAR1_EL1		S3_0_C12_C12_0
#define ICC_EOIR1_EL1		S3_0_C12_C12_1
#define ICC_DIR_EL1		S3_0_C12_C11_1
#define ICC_SGI1R_EL1		S3_0_C12_C11_5
#define ICC_PMR_EL1		S3_0_C4_C6_0
#define ICC_BPR0_EL1		S3_0_C12_C8_3
#define ICC_BPR1_EL1		S3_0_C12_C12_3
#define ICC_CTLR_EL1		S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1		S3_0_C12_C12_7
#define ICC_SRE_EL2		S3_4_C12_C9_5
#define ICH_AP0R0_EL2		S3_4_C12_C8_0
#define ICH_AP1R0_EL2		S3_4_C12_C9_0
#define ICH_HCR_EL2		S3_4_C12_C11_0
#define ICH_VTR_EL2		S3_4_C12_C11_1
#define ICH_MISR_EL2		S3_4_C12_C11_2
#define ICH_ELRSR_EL2		S3_4_C12_C11_5
#define ICH_VMCR_EL2		S3_4_C12_C11_7

#define isb()		asm volatile("isb" : : : "memory")
#define dsb(opt)	asm volatile("dsb " #opt : : : "memory")
#define sev()		asm volatile("sev" : : : "memory")
#define wfe()		asm volatile("wfe" : : : "memory")
#define wfi()		asm volatile("wfi" : : : "memory")

/* HCR_EL2 */
#define HCR_VM		BIT(0)
#define HCR_SWIO	BIT(1)
#define HCR_FMO		BIT(3)
#define HCR_IMO		BIT(4)
#define HCR_AMO		BIT(5)
#define HCR_TSC		BIT(19)
#define HCR_RW		BIT(31)

/* SCTLR */
#define SCTLR_M		BIT(0)
#define SCTLR_C		BIT(2)
#define SCTLR_I		BIT(12)
#define SCTLR_EL1_RES1	0x30d00800UL

/* ESR_EL2 */
#define ESR_EC_SHIFT	26
#define ESR_EC(esr)	(((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_IL		BIT(25)
#define ESR_ISS(esr)	((esr) & 0x1ffffff)

#define EC_UNKNOWN	0x00
#define EC_WFX		0x01
#define EC_HVC64	0x16
#define EC_SMC64	0x17
#define EC_SYSREG	0x18
#define EC_IABT_LOW	0x20
#define EC_DABT_LOW	0x24

/* data abort ISS */
#define DABT_ISV	BIT(24)
#define DABT_SAS_SHIFT	22
#define DABT_SSE	BIT(21)
#define DABT_SRT_SHIFT	16
#define DABT_SF		BIT(15)
#define DABT_S1PTW	BIT(7)
#define DABT_WNR	BIT(6)

/* PSTATE for entering EL1h with DAIF masked */
#define PSR_MODE_EL1H	0x5
#define PSR_DAIF	(0xfUL << 6)

#define MPIDR_AFF_MASK	0xff00ffffffUL

static inline u64 mpidr_to_aff32(u64 mpidr)
{
	return (mpidr & 0xffffff) | ((mpidr >> 8) & 0xff000000);
}

#endif /* !_ASM_SYSREGS_H */
