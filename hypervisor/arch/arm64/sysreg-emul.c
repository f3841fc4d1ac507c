// SPDX-License-Identifier: GPL-2.0
/*
 * Traps a cell could abuse, and their answers:
 *  - HCR_EL2.TSW: DC ISW/CSW/CISW are done at EL2 as DC CISW with the
 *    cell's set/way operand (clean+invalidate is always safe).
 *  - HCR_EL2.TACR: ACTLR_EL1 reads as zero, writes are ignored.
 *  - HCR_EL2.TIDCP: implementation-defined registers (op0=3, CRn 11/15):
 *    root cell read-as-zero/write-ignored, other cells: violation.
 *  - MDCR_EL2.TPM/TPMCR/TDA/TDOSA/TDRA (non-root cells only): PMU and
 *    debug registers read as zero, writes are ignored.
 *  - CPTR_EL2.TTA (non-root cells only): trace registers are a violation.
 * Each emulated class is reported once per CPU and cell start.
 */
#include <asm/arm64.h>
#include <hv/control.h>
#include <hv/printk.h>

#define HCR_TIDCP	BIT(20)
#define HCR_TACR	BIT(21)
#define HCR_TSW		BIT(22)

#define MDCR_HPMN_MASK	0x1fUL
#define MDCR_TPMCR	BIT(5)
#define MDCR_TPM	BIT(6)
#define MDCR_TDA	BIT(9)
#define MDCR_TDOSA	BIT(10)
#define MDCR_TDRA	BIT(11)

#define CPTR_TFP	BIT(10)
#define CPTR_TTA	BIT(20)

u64 sysreg_trap_hcr(u64 base)
{
	return base | HCR_TSW | HCR_TACR | HCR_TIDCP;
}

u64 sysreg_trap_mdcr(u64 stub_mdcr, bool root)
{
	if (root)
		return stub_mdcr;
	/* HPMN as Linux set it, everything else trapped */
	return (stub_mdcr & MDCR_HPMN_MASK) | MDCR_TPMCR | MDCR_TPM |
		MDCR_TDA | MDCR_TDOSA | MDCR_TDRA;
}

u64 sysreg_trap_cptr(u64 stub_cptr, bool root)
{
	u64 cptr = stub_cptr & ~CPTR_TFP;

	return root ? cptr : cptr | CPTR_TTA;
}

/* the trap configuration of @pc for its cell, and a fresh report state */
void sysreg_traps_init(struct per_cpu *pc)
{
	bool root = !pc->info || pc->info->cell == &root_cell ||
		!pc->info->cell;

	write_sysreg(sysreg_trap_mdcr(pc->stub_mdcr, root), mdcr_el2);
	write_sysreg(sysreg_trap_cptr(pc->stub_cptr, root), cptr_el2);
	pc->emul_reported = 0;
	isb();
}

#define ISS_OP0(iss)	(((iss) >> 20) & 3)
#define ISS_OP2(iss)	(((iss) >> 17) & 7)
#define ISS_OP1(iss)	(((iss) >> 14) & 7)
#define ISS_CRN(iss)	(((iss) >> 10) & 0xf)
#define ISS_RT(iss)	(((iss) >> 5) & 0x1f)
#define ISS_CRM(iss)	(((iss) >> 1) & 0xf)
#define ISS_READ(iss)	((iss) & 1)

enum sysreg_class sysreg_classify(u64 iss)
{
	unsigned int op0 = ISS_OP0(iss), op1 = ISS_OP1(iss);
	unsigned int crn = ISS_CRN(iss), crm = ISS_CRM(iss);
	unsigned int op2 = ISS_OP2(iss);

	if (op0 == 1 && op1 == 0 && crn == 7 && op2 == 2 &&
	    (crm == 6 || crm == 10 || crm == 14))
		return SYSREG_SETWAY;
	if (op0 == 2)
		return op1 == 1 ? SYSREG_TRACE : SYSREG_DEBUG;
	if (op0 != 3)
		return SYSREG_OTHER;
	if (op1 == 0 && crn == 1 && crm == 0 && op2 == 1)
		return SYSREG_ACTLR;
	if (crn == 11 || crn == 15)
		return SYSREG_IMPDEF;
	if (op1 == 3 && crn == 9 && crm >= 12)
		return SYSREG_PMU;
	if (op1 == 3 && crn == 14 && crm >= 8)
		return SYSREG_PMU;
	if (op1 == 0 && crn == 9 && crm == 14 && (op2 == 1 || op2 == 2))
		return SYSREG_PMU;	/* PMINTENSET/CLR_EL1 */
	return SYSREG_OTHER;
}

static const char *const class_names[] = {
	[SYSREG_ACTLR] = "ACTLR_EL1",
	[SYSREG_IMPDEF] = "implementation-defined register",
	[SYSREG_PMU] = "PMU register",
	[SYSREG_DEBUG] = "debug register",
};

static void report(struct per_cpu *pc, enum sysreg_class class, u64 iss,
		   u64 pc_addr)
{
	if (pc->emul_reported & BIT(class))
		return;
	pc->emul_reported |= BIT(class);
	printk("cell \"%s\" CPU %u: %s %s (op0=%llu op1=%llu CRn=%llu CRm=%llu op2=%llu) %s, PC 0x%llx\n",
	       cell_name(pc->info->cell), pc->cpu_id,
	       class_names[class], ISS_READ(iss) ? "read" : "write",
	       ISS_OP0(iss), ISS_OP1(iss), ISS_CRN(iss), ISS_CRM(iss),
	       ISS_OP2(iss), ISS_READ(iss) ? "reads as zero" : "ignored",
	       pc_addr);
}

bool sysreg_emulate(struct trap_frame *frame, u64 iss)
{
	struct per_cpu *pc = this_cpu();
	bool root = pc->info->cell == &root_cell;
	enum sysreg_class class = sysreg_classify(iss);
	unsigned int rt = ISS_RT(iss);

	switch (class) {
	case SYSREG_SETWAY:
		arch_dc_cisw(rt < 31 ? frame->x[rt] : 0);
		break;
	case SYSREG_IMPDEF:
		if (!root)
			return false;
		/* fall through */
	case SYSREG_ACTLR:
		report(pc, class, iss, frame->elr);
		if (ISS_READ(iss) && rt < 31)
			frame->x[rt] = 0;
		break;
	case SYSREG_PMU:
	case SYSREG_DEBUG:
		/* the root cell's accesses are not trapped */
		if (root)
			return false;
		report(pc, class, iss, frame->elr);
		if (ISS_READ(iss) && rt < 31)
			frame->x[rt] = 0;
		break;
	default:
		return false;
	}
	frame->elr += 4;
	return true;
}
