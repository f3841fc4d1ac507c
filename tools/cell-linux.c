// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse cell linux CELLCONFIG KERNEL -d DTB [-i INITRD] [-c CMDLINE]
 *                      [-w FILE]
 *
 * Boots an arm64 Linux Image in a new cell in one step: places device
 * tree, kernel and initramfs in the cell's RAM (linux-boot.c), sets
 * /chosen's bootargs and linux,initrd-start/-end in a copy of the device
 * tree, then creates the cell, loads linux-loader.bin at the cell's reset
 * address with its "kernel=... dtb=..." string 0x1000 above, plus the
 * three images, and starts it.  Everything that can be checked is checked
 * before the cell is created; when the driver refuses a later step the
 * cell is destroyed again.  With -w nothing is created: the edited device
 * tree goes to FILE and the equivalent create/load/start commands are
 * printed, as Jailhouse's -w does.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jailhouse.h"
#include "linux-boot.h"

#define JH_LINUX_LOADER	"/usr/share/jailhouse/inmates/linux-loader.bin"
/* same bound as the driver's */
#define JH_MAX_CELL_CONFIG_SIZE	(256 * 1024)
/* "kernel=0x... dtb=0x..." with its NUL, at most */
#define JH_PARAMS_MAX		64

static const char linux_usage[] =
	"Usage: jailhouse cell linux CELLCONFIG KERNEL -d|--dtb DTB\n"
	"           [-i|--initrd FILE] [-c|--cmdline STRING]\n"
	"           [-w|--write-params FILE] [-a|--arch arm64]\n"
	"           [-k|--kernel-decomp-factor N]\n"
	"\n"
	"Creates a cell from CELLCONFIG and boots the arm64 Linux Image KERNEL\n"
	"in it through " JH_LINUX_LOADER ".\n"
	"Device tree, kernel (2 MiB aligned, image_size of its header reserved)\n"
	"and initramfs go one after the other into the cell's RAM, its largest\n"
	"loadable memory; /chosen of the device tree gets bootargs and\n"
	"linux,initrd-start/-end.  Nothing is left behind when a step fails.\n"
	"  -d, --dtb DTB                  device tree of the inmate (required)\n"
	"  -i, --initrd FILE              initramfs\n"
	"  -c, --cmdline STRING           kernel command line (/chosen bootargs;\n"
	"                                 without it, the device tree's)\n"
	"  -w, --write-params FILE        write the edited device tree to FILE and\n"
	"                                 print the commands that boot it, instead\n"
	"                                 of creating the cell\n"
	"  -a, --arch ARCH                arm64 (the only one supported)\n"
	"  -k, --kernel-decomp-factor N   reserve at least N times the kernel's\n"
	"                                 file size for it\n";

struct mapped {
	const char *path;
	void *buf;
	size_t size;
};

static void unmap(struct mapped *m)
{
	if (m->buf)
		munmap(m->buf, m->size);
	m->buf = NULL;
}

/* map @m->path; @what names it in messages ("kernel", "initramfs") */
static int map_file(struct mapped *m, const char *what)
{
	struct stat st;
	int fd;

	fd = open(m->path, O_RDONLY);
	if (fd < 0) {
		if (errno == ENOENT)
			jh_error("cell linux: %s %s: file not found", what,
				 m->path);
		else
			jh_error("cell linux: %s %s: cannot open: %s", what,
				 m->path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		jh_error("cell linux: %s %s: not a regular file", what,
			 m->path);
		close(fd);
		return -1;
	}
	if (st.st_size == 0) {
		jh_error("cell linux: %s %s: empty file", what, m->path);
		close(fd);
		return -1;
	}
	m->size = st.st_size;
	m->buf = mmap(NULL, m->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m->buf == MAP_FAILED) {
		m->buf = NULL;
		jh_error("cell linux: %s %s: cannot read: %s", what, m->path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

static int write_file(const char *path, const void *buf, size_t size)
{
	const char *p = buf;
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		jh_error("cell linux: %s: cannot write: %s", path,
			 strerror(errno));
		return -1;
	}
	while (size) {
		n = write(fd, p, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			jh_error("cell linux: %s: write error: %s", path,
				 n < 0 ? strerror(errno) : "short write");
			close(fd);
			return -1;
		}
		p += n;
		size -= n;
	}
	if (close(fd) < 0) {
		jh_error("cell linux: %s: write error: %s", path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

struct linux_args {
	const char *config, *kernel, *dtb, *initrd, *cmdline, *write;
	unsigned int factor;
};

static int parse_args(int argc, char **argv, struct linux_args *a)
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
	unsigned long factor;
	char *end;
	int opt;

	memset(a, 0, sizeof(*a));
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":d:i:c:w:a:k:h", options,
				  NULL)) != -1) {
		switch (opt) {
		case 'd':
			a->dtb = optarg;
			break;
		case 'i':
			a->initrd = optarg;
			break;
		case 'c':
			a->cmdline = optarg;
			break;
		case 'w':
			a->write = optarg;
			break;
		case 'a':
			if (!strcmp(optarg, "arm"))
				return jh_usage_error(linux_usage,
						      "cell linux: architecture arm is not supported, only arm64");
			if (strcmp(optarg, "arm64"))
				return jh_usage_error(linux_usage,
						      "cell linux: unknown architecture '%s'",
						      optarg);
			break;
		case 'k':
			errno = 0;
			factor = strtoul(optarg, &end, 0);
			if (errno || *end || !*optarg || *optarg == '-' ||
			    factor == 0 || factor > 64)
				return jh_usage_error(linux_usage,
						      "cell linux: invalid decompression factor '%s' (1..64)",
						      optarg);
			a->factor = factor;
			break;
		case 'h':
			fputs(linux_usage, stdout);
			return -1;
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
	a->config = argv[optind];
	a->kernel = argv[optind + 1];
	/* as in Jailhouse: which device tree fits is not in the config */
	if (!a->dtb)
		return jh_usage_error(linux_usage,
				      "cell linux: no device tree: -d DTB is required (e.g. /usr/share/jailhouse/inmate-BOARD.dtb)");
	return 0;
}

static void print_commands(const struct linux_args *a,
			   const struct jh_cell_layout *layout,
			   const char *params,
			   const struct jh_linux_placement *p)
{
	printf("Device tree written to %s.  Boot Linux with:\n\n",
	       a->write);
	printf("jailhouse cell create %s\n", a->config);
	printf("jailhouse cell load %s %s -a 0x%llx -s \"%s\" -a 0x%llx \\\n"
	       "    %s -a 0x%llx",
	       layout->name, JH_LINUX_LOADER,
	       (unsigned long long)layout->loader, params,
	       (unsigned long long)layout->params, a->kernel,
	       (unsigned long long)p->kernel);
	if (a->initrd)
		printf(" %s -a 0x%llx", a->initrd,
		       (unsigned long long)p->initrd);
	printf(" %s -a 0x%llx\n", a->write, (unsigned long long)p->dtb);
	printf("jailhouse cell start %s\n", layout->name);
}

/* create, load, start; a cell created here is destroyed on failure */
static int boot_cell(const struct linux_args *a,
		     const struct jh_cell_layout *layout,
		     const struct mapped *loader, const char *params,
		     const struct mapped *kernel, const struct mapped *initrd,
		     const void *dtb, size_t dtb_size,
		     const struct jh_linux_placement *p)
{
	struct jh_load_image images[5] = {
		{ loader->buf, loader->size, layout->loader },
		/* after the loader: its command line buffer is inside */
		{ params, strlen(params) + 1, layout->params },
		{ kernel->buf, kernel->size, p->kernel },
		{ dtb, dtb_size, p->dtb },
		{ initrd->buf, initrd->size, p->initrd },
	};

	/* the driver would only say the config clashes with itself */
	if (jh_cell_exists(layout->name)) {
		jh_error("cell linux: a cell named \"%s\" already exists, destroy it first",
			 layout->name);
		return JH_EXIT_FAIL;
	}
	if (jh_cell_create(a->config) != JH_EXIT_OK)
		return JH_EXIT_FAIL;
	if (jh_cell_load(layout->name, images, initrd->buf ? 5 : 4) ==
	    JH_EXIT_OK &&
	    jh_cell_start(layout->name) == JH_EXIT_OK)
		return JH_EXIT_OK;
	fprintf(stderr, "%s: cell linux: destroying cell \"%s\" again\n",
		jh_prog, layout->name);
	jh_cell_destroy(layout->name);
	return JH_EXIT_FAIL;
}

int jh_cmd_cell_linux(int argc, char **argv)
{
	struct mapped kernel = { 0 }, initrd = { 0 }, dtb_file = { 0 };
	struct mapped loader = { .path = JH_LINUX_LOADER };
	struct jh_linux_files files;
	struct jh_linux_placement place;
	struct jh_cell_layout layout;
	struct jh_image_info img;
	char params[JH_PARAMS_MAX];
	struct linux_args a;
	struct jh_fdt fdt = { 0 };
	char err[256];
	const void *dtb;
	size_t config_size, dtb_size;
	void *config = NULL;
	int ret = JH_EXIT_FAIL;

	ret = parse_args(argc, argv, &a);
	if (ret)
		return ret < 0 ? JH_EXIT_OK : ret;
	ret = JH_EXIT_FAIL;
	files.kernel = kernel.path = a.kernel;
	files.dtb = dtb_file.path = a.dtb;
	files.initrd = initrd.path = a.initrd;

	config = jh_read_file(a.config, JH_MAX_CELL_CONFIG_SIZE,
			      &config_size);
	if (!config)
		goto out;
	if (map_file(&kernel, "kernel") < 0)
		goto out;
	if (jh_linux_parse_image(kernel.buf, kernel.size, &img, err,
				 sizeof(err)) < 0) {
		jh_error("cell linux: kernel %s: %s", a.kernel, err);
		goto out;
	}
	if (map_file(&dtb_file, "device tree") < 0)
		goto out;
	if (jh_fdt_open(&fdt, dtb_file.buf, dtb_file.size, err,
			sizeof(err)) < 0) {
		jh_error("cell linux: device tree %s: %s", a.dtb, err);
		goto out;
	}
	if (a.initrd && map_file(&initrd, "initramfs") < 0)
		goto out;
	/* -w needs only its size, if it is there (not on a workstation) */
	if ((!a.write || access(loader.path, R_OK) == 0) &&
	    map_file(&loader, "linux-loader") < 0)
		goto out;

	if (jh_linux_cell_layout(config, config_size, loader.size,
				 JH_PARAMS_MAX, &layout, err,
				 sizeof(err)) < 0) {
		jh_error("cell linux: %s: %s", a.config, err);
		goto out;
	}

	/* edited once for its size, then with the addresses */
	if (jh_linux_patch_dt(&fdt, a.cmdline, a.initrd ? 1 : 0,
			      a.initrd ? 2 : 0, err, sizeof(err)) < 0) {
		jh_error("cell linux: device tree %s: %s", a.dtb, err);
		goto out;
	}
	jh_fdt_blob(&fdt, &dtb_size);
	if (jh_linux_place(&layout.ram, &img, dtb_size, initrd.size,
			   a.factor, &files, &place, err, sizeof(err)) < 0) {
		jh_error("cell linux: %s", err);
		goto out;
	}
	if (jh_linux_patch_dt(&fdt, a.cmdline, place.initrd,
			      place.initrd_end, err, sizeof(err)) < 0) {
		jh_error("cell linux: device tree %s: %s", a.dtb, err);
		goto out;
	}
	dtb = jh_fdt_blob(&fdt, &dtb_size);
	snprintf(params, sizeof(params), "kernel=0x%llx dtb=0x%llx",
		 (unsigned long long)place.kernel,
		 (unsigned long long)place.dtb);

	printf("kernel 0x%llx (0x%llx bytes), device tree 0x%llx (0x%zx bytes)",
	       (unsigned long long)place.kernel,
	       (unsigned long long)(place.kernel_end - place.kernel),
	       (unsigned long long)place.dtb, dtb_size);
	if (a.initrd)
		printf(", initramfs 0x%llx (0x%zx bytes)",
		       (unsigned long long)place.initrd, initrd.size);
	printf("\n");
	fflush(stdout);

	if (a.write) {
		if (write_file(a.write, dtb, dtb_size) == 0) {
			print_commands(&a, &layout, params, &place);
			ret = JH_EXIT_OK;
		}
		goto out;
	}
	ret = boot_cell(&a, &layout, &loader, params, &kernel, &initrd,
			dtb, dtb_size, &place);

out:
	jh_fdt_close(&fdt);
	unmap(&loader);
	unmap(&initrd);
	unmap(&dtb_file);
	unmap(&kernel);
	free(config);
	return ret;
}
