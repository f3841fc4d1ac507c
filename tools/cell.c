// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse cell ...: argument parsing as in Jailhouse.  The operations
 * themselves come with cell support in the driver; until then every
 * subcommand stops after parsing and says so.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jailhouse/cell-config.h>
#include <jailhouse/ioctl.h>

#include "jailhouse.h"

#define JH_MAX_CELL_CONFIG_SIZE	(1024 * 1024)

static const char cell_usage[] =
	"Usage: jailhouse cell SUBCOMMAND [ARGS...]\n"
	"\n"
	"Subcommands:\n"
	"  create CELLCONFIG\n"
	"  load {ID|[--name] NAME} {IMAGE | -s|--string STRING} [-a|--address ADDRESS]\n"
	"       [{IMAGE | -s STRING} [-a ADDRESS]]...\n"
	"  start {ID|[--name] NAME}\n"
	"  shutdown {ID|[--name] NAME}\n"
	"  destroy {ID|[--name] NAME}\n"
	"  stats {ID|[--name] NAME}\n"
	"  list\n"
	"  linux CELLCONFIG KERNEL [-d|--dtb DTB] [-i|--initrd FILE]\n"
	"        [-c|--cmdline STRING] [-w|--write-params FILE] [-a|--arch ARCH]\n"
	"        [-k|--kernel-decomp-factor N]\n"
	"\n"
	"Use jailhouse cell SUBCOMMAND --help for details.\n";

static const char create_usage[] =
	"Usage: jailhouse cell create CELLCONFIG\n"
	"\n"
	"Creates a cell from the cell configuration CELLCONFIG (a .cell file),\n"
	"taking its resources away from the root cell.\n";

static const char load_usage[] =
	"Usage: jailhouse cell load {ID|[--name] NAME}\n"
	"           {IMAGE | -s|--string STRING} [-a|--address ADDRESS]\n"
	"           [{IMAGE | -s STRING} [-a ADDRESS]]...\n"
	"\n"
	"Copies images (files, or strings with -s) into the cell's loadable\n"
	"memory, each at ADDRESS in the cell (default 0).\n";

static const char select_usage_fmt[] =
	"Usage: jailhouse cell %s {ID|[--name] NAME}\n"
	"\n"
	"%s\n";

static const char list_usage[] =
	"Usage: jailhouse cell list\n"
	"\n"
	"Lists the cells with their state and CPUs.\n";

static const char linux_usage[] =
	"Usage: jailhouse cell linux CELLCONFIG KERNEL [options]\n"
	"\n"
	"Creates a cell and boots a Linux kernel in it.\n"
	"  -d, --dtb DTB                  device tree of the inmate\n"
	"  -i, --initrd FILE              initial ramdisk\n"
	"  -c, --cmdline STRING           kernel command line\n"
	"  -w, --write-params FILE        write the boot parameters to FILE\n"
	"                                 instead of booting\n"
	"  -a, --arch ARCH                arm or arm64 (default arm64)\n"
	"  -k, --kernel-decomp-factor N   kernel decompression factor\n";

struct cell_selector {
	struct jailhouse_cell_id id;
};

struct load_item {
	bool is_string;
	const char *data;	/* file name or string */
	unsigned long long address;
};

static int not_implemented(const char *sub)
{
	jh_error("cell %s: not implemented yet", sub);
	return JH_EXIT_FAIL;
}

static bool parse_number(const char *s, unsigned long long *value)
{
	char *end;

	if (!*s || *s == '-')
		return false;
	errno = 0;
	*value = strtoull(s, &end, 0);
	return errno == 0 && *end == '\0';
}

/*
 * Parse {ID|[--name] NAME} at argv[*pos]; advances *pos.  Returns 0 or a
 * usage error.
 */
static int parse_selector(int argc, char **argv, int *pos,
			  struct cell_selector *sel, const char *usage)
{
	unsigned long long id;
	const char *arg;
	bool by_name = false;

	memset(sel, 0, sizeof(*sel));
	if (*pos >= argc)
		return jh_usage_error(usage, "cell %s: missing cell ID or name",
				      argv[0]);
	arg = argv[(*pos)++];
	if (strcmp(arg, "--name") == 0 || strcmp(arg, "-n") == 0) {
		if (*pos >= argc)
			return jh_usage_error(usage,
					      "cell %s: --name needs a NAME",
					      argv[0]);
		arg = argv[(*pos)++];
		by_name = true;
	}

	if (!by_name && parse_number(arg, &id)) {
		if (id > INT32_MAX)
			return jh_usage_error(usage, "cell %s: invalid cell ID '%s'",
					      argv[0], arg);
		sel->id.id = (int32_t)id;
		return 0;
	}

	if (strlen(arg) > JAILHOUSE_CELL_ID_NAMELEN)
		return jh_usage_error(usage,
				      "cell %s: cell name '%s' longer than %d characters",
				      argv[0], arg, JAILHOUSE_CELL_ID_NAMELEN);
	sel->id.id = JAILHOUSE_CELL_ID_UNUSED;
	strcpy(sel->id.name, arg);
	return 0;
}

static int cmd_create(int argc, char **argv)
{
	void *config;
	size_t size;

	if (argc >= 2 && jh_is_help(argv[1])) {
		fputs(create_usage, stdout);
		return JH_EXIT_OK;
	}
	if (argc != 2)
		return jh_usage_error(create_usage, "cell create: %s",
				      argc < 2 ? "missing CELLCONFIG" :
				      "too many arguments");

	config = jh_read_file(argv[1], JH_MAX_CELL_CONFIG_SIZE, &size);
	if (!config)
		return JH_EXIT_FAIL;
	if (size >= JAILHOUSE_SIGNATURE_LEN &&
	    memcmp(config, JAILHOUSE_SYSTEM_SIGNATURE,
		   JAILHOUSE_SIGNATURE_LEN) == 0) {
		jh_error("%s: not a cell configuration (bad signature): this is a system configuration, use it with 'jailhouse enable'",
			 argv[1]);
		free(config);
		return JH_EXIT_FAIL;
	}
	if (size < sizeof(struct jailhouse_cell_desc) ||
	    memcmp(config, JAILHOUSE_CELL_DESC_SIGNATURE,
		   JAILHOUSE_SIGNATURE_LEN) != 0) {
		jh_error("%s: not a cell configuration (bad signature)",
			 argv[1]);
		free(config);
		return JH_EXIT_FAIL;
	}
	free(config);
	return not_implemented("create");
}

static int cmd_load(int argc, char **argv)
{
	struct cell_selector sel;
	struct load_item *items;
	unsigned int num = 0;
	int pos = 1, err;
	const char *arg;

	if (argc >= 2 && jh_is_help(argv[1])) {
		fputs(load_usage, stdout);
		return JH_EXIT_OK;
	}
	err = parse_selector(argc, argv, &pos, &sel, load_usage);
	if (err)
		return err;
	if (pos >= argc)
		return jh_usage_error(load_usage,
				      "cell load: missing IMAGE or -s STRING");

	items = calloc(argc, sizeof(*items));
	if (!items) {
		jh_error("out of memory");
		return JH_EXIT_FAIL;
	}

	while (pos < argc) {
		arg = argv[pos++];
		if (jh_is_help(arg)) {
			fputs(load_usage, stdout);
			free(items);
			return JH_EXIT_OK;
		}
		if (strcmp(arg, "-a") == 0 || strcmp(arg, "--address") == 0) {
			if (num == 0) {
				free(items);
				return jh_usage_error(load_usage,
						      "cell load: %s before any image", arg);
			}
			if (pos >= argc ||
			    !parse_number(argv[pos], &items[num - 1].address)) {
				free(items);
				return jh_usage_error(load_usage,
						      "cell load: %s needs a numeric ADDRESS",
						      arg);
			}
			pos++;
			continue;
		}
		if (strcmp(arg, "-s") == 0 || strcmp(arg, "--string") == 0) {
			if (pos >= argc) {
				free(items);
				return jh_usage_error(load_usage,
						      "cell load: %s needs a STRING", arg);
			}
			items[num].is_string = true;
			items[num].data = argv[pos++];
			num++;
			continue;
		}
		if (arg[0] == '-' && arg[1] != '\0') {
			free(items);
			return jh_usage_error(load_usage,
					      "cell load: unknown option '%s'", arg);
		}
		items[num].data = arg;
		num++;
	}

	free(items);
	return not_implemented("load");
}

static int cmd_select_only(int argc, char **argv, const char *what)
{
	char usage[512];
	struct cell_selector sel;
	int pos = 1, err;

	snprintf(usage, sizeof(usage), select_usage_fmt, argv[0], what);
	if (argc >= 2 && jh_is_help(argv[1])) {
		fputs(usage, stdout);
		return JH_EXIT_OK;
	}
	err = parse_selector(argc, argv, &pos, &sel, usage);
	if (err)
		return err;
	if (pos < argc)
		return jh_usage_error(usage, "cell %s: unexpected argument '%s'",
				      argv[0], argv[pos]);
	return not_implemented(argv[0]);
}

static int cmd_list(int argc, char **argv)
{
	if (argc >= 2 && jh_is_help(argv[1])) {
		fputs(list_usage, stdout);
		return JH_EXIT_OK;
	}
	if (argc != 1)
		return jh_usage_error(list_usage,
				      "cell list: unexpected argument '%s'",
				      argv[1]);
	return not_implemented("list");
}

static int cmd_linux(int argc, char **argv)
{
	static const struct option options[] = {
		{ "dtb", required_argument, NULL, 'd' },
		{ "initrd", required_argument, NULL, 'i' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "write-params", required_argument, NULL, 'w' },
		{ "arch", required_argument, NULL, 'a' },
		{ "kernel-decomp-factor", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long factor;
	int opt;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":d:i:c:w:a:k:h", options,
				  NULL)) != -1) {
		switch (opt) {
		case 'd':
		case 'i':
		case 'c':
		case 'w':
			break;
		case 'a':
			if (strcmp(optarg, "arm64") != 0 &&
			    strcmp(optarg, "arm") != 0)
				return jh_usage_error(linux_usage,
						      "cell linux: unknown architecture '%s'",
						      optarg);
			break;
		case 'k':
			if (!parse_number(optarg, &factor) || factor == 0)
				return jh_usage_error(linux_usage,
						      "cell linux: invalid decompression factor '%s'",
						      optarg);
			break;
		case 'h':
			fputs(linux_usage, stdout);
			return JH_EXIT_OK;
		case ':':
			return jh_usage_error(linux_usage,
					      "cell linux: option '%s' needs an argument",
					      argv[optind - 1]);
		default:
			return jh_usage_error(linux_usage,
					      "cell linux: unknown or incomplete option '%s'",
					      argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		return jh_usage_error(linux_usage, "cell linux: %s",
				      argc - optind < 2 ?
				      "missing CELLCONFIG or KERNEL" :
				      "too many arguments");
	return not_implemented("linux");
}

int jh_cmd_cell(int argc, char **argv)
{
	const char *sub;

	if (argc < 2)
		return jh_usage_error(cell_usage, "cell: missing subcommand");
	sub = argv[1];
	argc--;
	argv++;

	if (jh_is_help(sub)) {
		fputs(cell_usage, stdout);
		return JH_EXIT_OK;
	}
	if (strcmp(sub, "create") == 0)
		return cmd_create(argc, argv);
	if (strcmp(sub, "load") == 0)
		return cmd_load(argc, argv);
	if (strcmp(sub, "start") == 0)
		return cmd_select_only(argc, argv,
				       "Starts the cell from its reset address.");
	if (strcmp(sub, "shutdown") == 0)
		return cmd_select_only(argc, argv,
				       "Stops the cell; it can be loaded and started again.");
	if (strcmp(sub, "destroy") == 0)
		return cmd_select_only(argc, argv,
				       "Destroys the cell and gives its resources back to the root cell.");
	if (strcmp(sub, "stats") == 0)
		return cmd_select_only(argc, argv,
				       "Shows the cell's statistics.");
	if (strcmp(sub, "list") == 0)
		return cmd_list(argc, argv);
	if (strcmp(sub, "linux") == 0)
		return cmd_linux(argc, argv);

	return jh_usage_error(cell_usage, "cell: unknown subcommand '%s'", sub);
}
