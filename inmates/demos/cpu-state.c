// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-state: what a CPU brings into the cell.  At start it prints the EL1
 * and EL0 state the previous owner could have left behind, as
 *
 *   cpu-state: fpsimd=clean fpcr=0x0 fpsr=0x0 cntv_cval=0x0 ...
 *   cpu-state: all clean            (or: cpu-state: DIRTY name name ...)
 *
 * The library stops the virtual timer before inmate_main(), so cntv_ctl
 * is always 0 here.  PMU and debug registers of a non-root cell are
 * trapped by the hypervisor and read as zero (sysreg-emul.c): their lines
 * show the trap's answer, their reset is checked by the hypervisor's own
 * cpu-reset.c only.
 *
 * Command line:
 *   dirty      afterwards fill all of it with non-zero patterns, print
 *              "cpu-state: dirtied" and the state again ("after dirty")
 *   setway actlr pmu debug
 *              exercise that trap class and print what came back
 *   impdef trace
 *              access an implementation-defined / trace register: the
 *              hypervisor parks the cell (the line after is a failure)
 */
#include <inmate.h>

#define CPACR_FPEN	(3UL << 20)

/* FP/SIMD instructions in inline asm only: the library is general-regs */
#define FP_ASM		".arch armv8-a+fp+simd\n\t"

struct state {
	const char *name;
	u64 value;
};

static u8 fpregs[32 * 16] __attribute__((aligned(16)));

static void fp_enable(void)
{
	write_sysreg(cpacr_el1, read_sysreg(cpacr_el1) | CPACR_FPEN);
	isb();
}

static void fp_save(void)
{
	asm volatile(FP_ASM
		     "stp q0, q1, [%0, #0]\n\t"
		     "stp q2, q3, [%0, #32]\n\t"
		     "stp q4, q5, [%0, #64]\n\t"
		     "stp q6, q7, [%0, #96]\n\t"
		     "stp q8, q9, [%0, #128]\n\t"
		     "stp q10, q11, [%0, #160]\n\t"
		     "stp q12, q13, [%0, #192]\n\t"
		     "stp q14, q15, [%0, #224]\n\t"
		     "stp q16, q17, [%0, #256]\n\t"
		     "stp q18, q19, [%0, #288]\n\t"
		     "stp q20, q21, [%0, #320]\n\t"
		     "stp q22, q23, [%0, #352]\n\t"
		     "stp q24, q25, [%0, #384]\n\t"
		     "stp q26, q27, [%0, #416]\n\t"
		     "stp q28, q29, [%0, #448]\n\t"
		     "stp q30, q31, [%0, #480]\n\t"
		     : : "r" (fpregs) : "memory");
}

static void fp_dirty(void)
{
	asm volatile(FP_ASM
		     "movi v0.16b, #0xa5\n\t" "movi v1.16b, #0xa5\n\t"
		     "movi v2.16b, #0xa5\n\t" "movi v3.16b, #0xa5\n\t"
		     "movi v4.16b, #0xa5\n\t" "movi v5.16b, #0xa5\n\t"
		     "movi v6.16b, #0xa5\n\t" "movi v7.16b, #0xa5\n\t"
		     "movi v8.16b, #0xa5\n\t" "movi v9.16b, #0xa5\n\t"
		     "movi v10.16b, #0xa5\n\t" "movi v11.16b, #0xa5\n\t"
		     "movi v12.16b, #0xa5\n\t" "movi v13.16b, #0xa5\n\t"
		     "movi v14.16b, #0xa5\n\t" "movi v15.16b, #0xa5\n\t"
		     "movi v16.16b, #0xa5\n\t" "movi v17.16b, #0xa5\n\t"
		     "movi v18.16b, #0xa5\n\t" "movi v19.16b, #0xa5\n\t"
		     "movi v20.16b, #0xa5\n\t" "movi v21.16b, #0xa5\n\t"
		     "movi v22.16b, #0xa5\n\t" "movi v23.16b, #0xa5\n\t"
		     "movi v24.16b, #0xa5\n\t" "movi v25.16b, #0xa5\n\t"
		     "movi v26.16b, #0xa5\n\t" "movi v27.16b, #0xa5\n\t"
		     "movi v28.16b, #0xa5\n\t" "movi v29.16b, #0xa5\n\t"
		     "movi v30.16b, #0xa5\n\t" "movi v31.16b, #0xa5\n\t"
		     : : : "memory");
}

static u64 read_fpcr(void)
{
	u64 v;

	asm volatile(FP_ASM "mrs %0, fpcr" : "=r" (v));
	return v;
}

static u64 read_fpsr(void)
{
	u64 v;

	asm volatile(FP_ASM "mrs %0, fpsr" : "=r" (v));
	return v;
}

static void write_fpcr_fpsr(u64 fpcr, u64 fpsr)
{
	asm volatile(FP_ASM "msr fpcr, %0\n\tmsr fpsr, %1"
		     : : "r" (fpcr), "r" (fpsr));
}

/* reads everything; returns whether all of it is clean */
static bool report(const char *prefix)
{
	static struct state s[32];
	static char line[768], dirty[512];
	unsigned int n = 0, i;
	size_t len, dlen = 0;
	bool fp_clean = true;
	u64 vct, pct;

	fp_save();
	for (i = 0; i < sizeof(fpregs); i++)
		if (fpregs[i])
			fp_clean = false;

#define R(name, reg)	s[n++] = (struct state){ name, read_sysreg(reg) }
	s[n++] = (struct state){ "fpcr", read_fpcr() };
	s[n++] = (struct state){ "fpsr", read_fpsr() };
	R("cntv_ctl", cntv_ctl_el0);
	R("cntv_cval", cntv_cval_el0);
	R("cntp_ctl", cntp_ctl_el0);
	R("cntp_cval", cntp_cval_el0);
	R("cntkctl", cntkctl_el1);
	vct = read_sysreg(cntvct_el0);
	isb();
	pct = read_sysreg(cntpct_el0);
	/* CNTVOFF_EL2 as the cell sees it (ticks between the two reads) */
	s[n++] = (struct state){ "cntvoff", pct - vct < 0x100000 ? 0 :
				 pct - vct };
	R("pmcr", pmcr_el0);
	R("pmcntenset", pmcntenset_el0);
	R("pmintenset", pmintenset_el1);
	R("pmovsset", pmovsset_el0);
	R("pmselr", pmselr_el0);
	R("pmuserenr", pmuserenr_el0);
	R("pmccfiltr", pmccfiltr_el0);
	R("pmccntr", pmccntr_el0);
	R("dbgbcr0", dbgbcr0_el1);
	R("dbgbvr0", dbgbvr0_el1);
	R("dbgwcr0", dbgwcr0_el1);
	R("dbgwvr0", dbgwvr0_el1);
	R("mdscr", mdscr_el1);
	R("afsr0", afsr0_el1);
	R("afsr1", afsr1_el1);
	R("csselr", csselr_el1);
	R("tpidr_el0", tpidr_el0);
	R("tpidrro_el0", tpidrro_el0);
	R("tpidr_el1", tpidr_el1);
	R("par", par_el1);
	R("contextidr", contextidr_el1);
	R("sp_el0", sp_el0);
#undef R

	len = snprintf(line, sizeof(line), "cpu-state:%s fpsimd=%s", prefix,
		       fp_clean ? "clean" : "dirty");
	if (!fp_clean)
		dlen += snprintf(dirty + dlen, sizeof(dirty) - dlen,
				 " fpsimd");
	for (i = 0; i < n; i++) {
		if (len < sizeof(line))
			len += snprintf(line + len, sizeof(line) - len,
					" %s=0x%llx", s[i].name, s[i].value);
		if (s[i].value && dlen < sizeof(dirty))
			dlen += snprintf(dirty + dlen, sizeof(dirty) - dlen,
					 " %s", s[i].name);
	}
	printk("%s\n", line);
	if (dlen)
		printk("cpu-state:%s DIRTY%s\n", prefix, dirty);
	else
		printk("cpu-state:%s all clean\n", prefix);
	return !dlen;
}

static void make_dirty(void)
{
	fp_dirty();
	/* RMode +inf, FZ, DN; all cumulative exception flags */
	write_fpcr_fpsr(0x03400000, 0x9f);
	write_sysreg(cntv_cval_el0, 0x123456789aULL);
	write_sysreg(cntp_cval_el0, 0x123456789bULL);
	/* enabled but masked: no interrupt */
	write_sysreg(cntp_ctl_el0, 3);
	write_sysreg(cntkctl_el1, 0x3);
	/* trapped for a non-root cell: writes ignored */
	write_sysreg(pmcr_el0, 0x1);
	write_sysreg(pmcntenset_el0, 0x80000001);
	write_sysreg(pmuserenr_el0, 0xf);
	write_sysreg(dbgbvr0_el1, 0x1000);
	write_sysreg(dbgbcr0_el1, 0x1e4);	/* not enabled */
	write_sysreg(mdscr_el1, 0x1000);
	write_sysreg(afsr0_el1, 0x5a5a);
	write_sysreg(afsr1_el1, 0x5a5a);
	write_sysreg(csselr_el1, 0x2);
	write_sysreg(tpidr_el0, 0xdead0000beefULL);
	write_sysreg(tpidrro_el0, 0xdead0001beefULL);
	write_sysreg(tpidr_el1, 0xdead0002beefULL);
	write_sysreg(par_el1, 0xdead0000ULL);
	write_sysreg(contextidr_el1, 0x55);
	write_sysreg(sp_el0, 0xdead0003beefULL);
	isb();
	printk("cpu-state: dirtied\n");
}

static void probe_setway(void)
{
	/* level 1, set 0, way 0: clean+invalidate is harmless */
	asm volatile("dc isw, %0\n\tdc csw, %0\n\tdc cisw, %0\n\tdsb sy"
		     : : "r" (0UL) : "memory");
	printk("cpu-state: setway done\n");
}

static void probe_actlr(void)
{
	u64 before = read_sysreg(actlr_el1), after;

	write_sysreg(actlr_el1, 0xff);
	isb();
	after = read_sysreg(actlr_el1);
	printk("cpu-state: actlr read=0x%llx after-write=0x%llx\n", before,
	       after);
}

static void probe_pmu(void)
{
	u64 pmcr, cnt;

	write_sysreg(pmcr_el0, 0x7);
	write_sysreg(pmcntenset_el0, 0x80000000);
	isb();
	pmcr = read_sysreg(pmcr_el0);
	cnt = read_sysreg(pmccntr_el0);
	printk("cpu-state: pmu pmcr=0x%llx pmccntr=0x%llx\n", pmcr, cnt);
}

static void probe_debug(void)
{
	u64 bcr, mdscr;

	write_sysreg(dbgbcr0_el1, 0x1e4);
	write_sysreg(mdscr_el1, 0x8000);
	isb();
	bcr = read_sysreg(dbgbcr0_el1);
	mdscr = read_sysreg(mdscr_el1);
	printk("cpu-state: debug dbgbcr0=0x%llx mdscr=0x%llx\n", bcr, mdscr);
}

static void probe_impdef(void)
{
	u64 v;

	printk("cpu-state: impdef reading L2CTLR_EL1 (S3_1_C11_C0_2)\n");
	asm volatile("mrs %0, S3_1_C11_C0_2" : "=r" (v));
	printk("cpu-state: impdef read=0x%llx (not trapped)\n", v);
}

static void probe_trace(void)
{
	u64 v;

	printk("cpu-state: trace reading TRCIDR0 (S2_1_C0_C8_7)\n");
	asm volatile("mrs %0, S2_1_C0_C8_7" : "=r" (v));
	printk("cpu-state: trace read=0x%llx (not trapped)\n", v);
}

void inmate_main(void)
{
	fp_enable();
	report("");

	if (cmdline_parse_bool("dirty")) {
		make_dirty();
		report(" after dirty");
	}
	if (cmdline_parse_bool("setway"))
		probe_setway();
	if (cmdline_parse_bool("actlr"))
		probe_actlr();
	if (cmdline_parse_bool("pmu"))
		probe_pmu();
	if (cmdline_parse_bool("debug"))
		probe_debug();
	if (cmdline_parse_bool("impdef"))
		probe_impdef();
	if (cmdline_parse_bool("trace"))
		probe_trace();
	printk("cpu-state: done\n");
}
