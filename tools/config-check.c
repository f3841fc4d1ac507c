// SPDX-License-Identifier: GPL-2.0
/*
 * `jailhouse config check [-h] SYSTEM.cell [CELL.cell...]`
 *
 * Reads the files, runs the shared checker on the system configuration and
 * then on each cell configuration, against the system and the cells named
 * before it, and prints every finding as "FILE: <what> <index>: <problem>".
 * Warnings are printed too but do not fail the check.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jailhouse/config-check.h>

#include "config-check.h"

#define EXIT_PASS	0
#define EXIT_FINDINGS	1
#define EXIT_USAGE	2

/* larger than any sensible configuration */
#define MAX_CONFIG_SIZE	(16 * 1024 * 1024)

static const char usage[] =
	"Usage: jailhouse config check [-h] SYSTEM.cell [CELL.cell...]\n"
	"\n"
	"Checks a system configuration and, against it and against each\n"
	"other, the given cell configurations: binary layout, memory\n"
	"regions, CPUs, interrupts, PCI devices and consoles.\n"
	"\n"
	"Warnings (e.g. more CPUs than the firmware runs) are printed but\n"
	"do not fail the check.\n"
	"\n"
	"Exit status: 0 all files pass, 1 errors, 2 usage or I/O error.\n";

struct config_file {
	const char *path;
	void *data;
	size_t size;
};

struct print_ctx {
	const char *path;
	const struct config_file *files;
	unsigned int n_files;
};

/* the file whose buffer holds @p (a cell name a finding points to) */
static const char *file_of(const struct print_ctx *pc, const void *p)
{
	const char *at = p;
	unsigned int n;

	for (n = 0; n < pc->n_files; n++) {
		const char *data = pc->files[n].data;

		if (data && at >= data && at < data + pc->files[n].size)
			return pc->files[n].path;
	}
	return NULL;
}

/*
 * "FILE: finding"; a finding about another cell (a link's other end, a
 * conflict) also names that cell's file.
 */
static void print_finding(void *ctx, const struct jh_finding *f)
{
	const struct print_ctx *pc = ctx;
	const char *other = f->other_cell ? file_of(pc, f->other_cell) : NULL;
	char line[512];

	jh_format_finding(line, sizeof(line), f);
	if (other)
		printf("%s: %s [in %s]\n", pc->path, line, other);
	else
		printf("%s: %s\n", pc->path, line);
}

static int read_config(struct config_file *cf)
{
	size_t cap = 4096, len = 0, got;
	char *buf = NULL, *tmp;
	FILE *f;

	f = fopen(cf->path, "rb");
	if (!f) {
		fprintf(stderr, "jailhouse config check: %s: %s\n", cf->path,
			strerror(errno));
		return -1;
	}
	for (;;) {
		tmp = realloc(buf, cap);
		if (!tmp)
			goto nomem;
		buf = tmp;
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (len < cap)
			break;
		if (cap >= MAX_CONFIG_SIZE) {
			fprintf(stderr,
				"jailhouse config check: %s: larger than %d bytes\n",
				cf->path, MAX_CONFIG_SIZE);
			goto fail;
		}
		cap *= 2;
	}
	if (ferror(f)) {
		fprintf(stderr, "jailhouse config check: %s: read error\n",
			cf->path);
		goto fail;
	}
	fclose(f);
	cf->data = buf;
	cf->size = len;
	return 0;

nomem:
	fprintf(stderr, "jailhouse config check: out of memory\n");
fail:
	free(buf);
	fclose(f);
	return -1;
}

int jh_cmd_config_check(int argc, char **argv)
{
	const struct jailhouse_cell_desc **cells = NULL;
	struct config_file *files = NULL;
	struct jh_check_report rep;
	struct print_ctx pc;
	unsigned int n_files = 0, n_cells = 0, bad_files = 0, total = 0;
	unsigned int warnings = 0;
	int i, ret = EXIT_USAGE;
	bool options_done = false;

	files = calloc(argc > 0 ? argc : 1, sizeof(*files));
	cells = calloc(argc > 0 ? argc : 1, sizeof(*cells));
	if (!files || !cells) {
		fprintf(stderr, "jailhouse config check: out of memory\n");
		goto out;
	}

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (!options_done && arg[0] == '-' && arg[1] != 0) {
			if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
				fputs(usage, stdout);
				ret = EXIT_PASS;
				goto out;
			}
			if (!strcmp(arg, "--")) {
				options_done = true;
				continue;
			}
			fprintf(stderr,
				"jailhouse config check: unknown option '%s'\n\n%s",
				arg, usage);
			goto out;
		}
		files[n_files++].path = arg;
	}
	if (n_files == 0) {
		fprintf(stderr,
			"jailhouse config check: missing SYSTEM.cell\n\n%s",
			usage);
		goto out;
	}

	for (i = 0; i < (int)n_files; i++)
		if (read_config(&files[i]) < 0)
			goto out;

	for (i = 0; i < (int)n_files; i++) {
		const struct jailhouse_system *sys = files[0].data;
		unsigned int before;

		pc.path = files[i].path;
		pc.files = files;
		pc.n_files = n_files;
		rep.finding = print_finding;
		rep.ctx = &pc;
		rep.count = 0;
		rep.warnings = 0;
		rep.unusable = 0;

		if (i == 0) {
			jh_check_system(files[0].data, files[0].size, &rep);
			if (rep.unusable) {
				/* cells cannot be checked against it */
				total += rep.count;
				bad_files++;
				printf("%s: not usable as system configuration, cell configurations not checked\n",
				       pc.path);
				break;
			}
		} else {
			before = n_cells;
			jh_check_cell(files[i].data, files[i].size, sys,
				      cells, before, &rep);
			if (!rep.unusable)
				cells[n_cells++] = files[i].data;
		}
		total += rep.count;
		warnings += rep.warnings;
		if (rep.count)
			bad_files++;
	}

	if (total)
		printf("%u finding%s in %u of %u file%s\n", total,
		       total == 1 ? "" : "s", bad_files, n_files,
		       n_files == 1 ? "" : "s");
	else if (warnings)
		printf("%u file%s checked, no errors, %u warning%s\n",
		       n_files, n_files == 1 ? "" : "s", warnings,
		       warnings == 1 ? "" : "s");
	else
		printf("%u file%s checked, no findings\n", n_files,
		       n_files == 1 ? "" : "s");
	ret = total ? EXIT_FINDINGS : EXIT_PASS;

out:
	if (files)
		for (i = 0; i < (int)n_files; i++)
			free(files[i].data);
	free(files);
	free(cells);
	return ret;
}
