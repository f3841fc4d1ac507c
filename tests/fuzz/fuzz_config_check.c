// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the configuration checker.  Each input is checked
 * as a system configuration, as a cell configuration against the shipped
 * qemu-arm64 system (next to its inmate-demo cell), and, when usable, as
 * the system or the other cell the shipped inmate-demo is checked against.
 */
#include <stddef.h>
#include <stdint.h>

#include <jailhouse/config-check.h>

/* the shipped emulated-board configs, compiled in under other names */
#define config jh_fuzz_system
#include "../../configs/qemu-arm64/qemu-arm64.c"
#undef config
#define config jh_fuzz_inmate
#include "../../configs/qemu-arm64/qemu-arm64-inmate-demo.c"
#undef config

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void format_it(void *ctx, const struct jh_finding *f)
{
	char line[160];

	(void)ctx;
	jh_format_finding(line, sizeof(line), f);
	jh_format_finding(line, 7, f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct jailhouse_system *sys =
		(const struct jailhouse_system *)&jh_fuzz_system;
	const struct jailhouse_cell_desc *inmate = &jh_fuzz_inmate.cell;
	const struct jailhouse_cell_desc *others[1];
	struct jh_check_report rep = { .finding = format_it };
	int found;

	found = jh_check_system(data, size, &rep);
	if ((unsigned int)found != rep.count)
		__builtin_trap();
	if (!rep.unusable) {
		rep.unusable = 0;
		jh_check_cell(inmate, sizeof(jh_fuzz_inmate),
			      (const struct jailhouse_system *)data, NULL, 0,
			      &rep);
	}

	rep.unusable = 0;
	others[0] = inmate;
	jh_check_cell(data, size, sys, others, 1, &rep);
	if (!rep.unusable) {
		others[0] = (const struct jailhouse_cell_desc *)data;
		jh_check_cell(inmate, sizeof(jh_fuzz_inmate), sys, others, 1,
			      &rep);
	}
	return 0;
}
