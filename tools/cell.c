// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse cell ...: arguments as in Jailhouse.  Commands go to the driver
 * through the /dev/jailhouse ioctls; what is shown about cells comes from
 * /sys/devices/jailhouse/cells.  "cell linux" is in cell-linux.c.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jailhouse/cell-config.h>
#include <jailhouse/ioctl.h>

#include "jailhouse.h"
#include "linux-boot.h"

/* same bound as the driver's */
#define JH_MAX_CELL_CONFIG_SIZE	(256 * 1024)

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
	"  linux CELLCONFIG KERNEL -d|--dtb DTB [-i|--initrd FILE]\n"
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
	"memory, each at ADDRESS in the cell (default 0).\n"
	"With linux-loader's string (-s \"kernel=K dtb=D\"), the file loaded\n"
	"at K must be an arm64 Image whose image_size fits the cell's loadable\n"
	"memory from K on and overlaps no other image; else nothing is loaded.\n";

static const char select_usage_fmt[] =
	"Usage: jailhouse cell %s {ID|[--name] NAME}\n"
	"\n"
	"%s\n";

static const char list_usage[] =
	"Usage: jailhouse cell list\n"
	"\n"
	"Lists the cells with their state and CPUs.\n";

struct cell_selector {
	struct jailhouse_cell_id id;
};

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

/* ---- what the driver publishes in sysfs ---- */

#define JH_CELLS_PATH	JAILHOUSE_SYSFS_PATH "/cells"

/*
 * Read a small sysfs attribute into @buf without its trailing newline.
 * Returns 0, or -1 with errno set.
 */
static int read_attr(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

static int read_cell_attr(unsigned int id, const char *attr, char *buf,
			  size_t size)
{
	char path[512];

	snprintf(path, sizeof(path), JH_CELLS_PATH "/%u/%s", id, attr);
	return read_attr(path, buf, size);
}

static bool hypervisor_enabled(void)
{
	char buf[16];

	if (read_attr(JAILHOUSE_SYSFS_PATH "/enabled", buf, sizeof(buf)) < 0)
		return false;
	return strcmp(buf, "1") == 0;
}

static bool is_cell_dir(const char *name)
{
	if (!*name)
		return false;
	for (; *name; name++)
		if (*name < '0' || *name > '9')
			return false;
	return true;
}

static int compare_ids(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a;
	unsigned int y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/*
 * The ids of all cells, sorted, in a freshly allocated array; NULL with
 * *num = 0 when there are none (or no driver).
 */
static unsigned int *list_cell_ids(unsigned int *num)
{
	unsigned int *ids = NULL, *more;
	unsigned int n = 0, cap = 0;
	struct dirent *de;
	DIR *dir;

	*num = 0;
	dir = opendir(JH_CELLS_PATH);
	if (!dir)
		return NULL;
	while ((de = readdir(dir)) != NULL) {
		if (!is_cell_dir(de->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			more = realloc(ids, cap * sizeof(*ids));
			if (!more)
				break;
			ids = more;
		}
		ids[n++] = (unsigned int)strtoul(de->d_name, NULL, 10);
	}
	closedir(dir);
	qsort(ids, n, sizeof(*ids), compare_ids);
	*num = n;
	return ids;
}

/*
 * The id of the cell @sel names, as sysfs knows it.  Returns 0 and sets
 * *id, or -1 when there is no such cell.
 */
static int resolve_cell(const struct cell_selector *sel, unsigned int *id)
{
	unsigned int *ids, num, k;
	char name[JAILHOUSE_CELL_ID_NAMELEN + 2];
	int ret = -1;

	ids = list_cell_ids(&num);
	for (k = 0; k < num; k++) {
		if (sel->id.id >= 0) {
			if (ids[k] != (unsigned int)sel->id.id)
				continue;
		} else if (read_cell_attr(ids[k], "name", name,
					  sizeof(name)) < 0 ||
			   strcmp(name, sel->id.name) != 0) {
			continue;
		}
		*id = ids[k];
		ret = 0;
		break;
	}
	free(ids);
	return ret;
}

/* "unknown cell "foo"" or "unknown cell ID 3" */
static void describe_selector(const struct cell_selector *sel, char *buf,
			      size_t size)
{
	if (sel->id.id >= 0)
		snprintf(buf, size, "ID %d", sel->id.id);
	else
		snprintf(buf, size, "\"%s\"", sel->id.name);
}

/* CPUs of a cpus_assigned_list value such as "0-1,3" */
static bool cpu_in_list(const char *list, unsigned int cpu)
{
	unsigned long first, last;
	char *end;

	while (*list) {
		first = strtoul(list, &end, 10);
		if (end == list)
			return false;
		last = first;
		if (*end == '-')
			last = strtoul(end + 1, &end, 10);
		if (cpu >= first && cpu <= last)
			return true;
		list = *end == ',' ? end + 1 : end;
		if (*end != ',')
			break;
	}
	return false;
}

/* ---- errors of the control device, in words ---- */

/*
 * One request to the driver: returns 0 or the errno of the ioctl, or -1 when
 * the device could not be opened (already reported).  *kmsg marks the
 * kernel log just before the request, for jh_kmsg_finish().
 */
static int cell_ioctl(unsigned long request, void *arg, int *kmsg)
{
	int fd = jh_open_device();
	int err;

	*kmsg = -1;
	if (fd < 0)
		return -1;
	*kmsg = jh_kmsg_mark();
	err = ioctl(fd, request, arg) < 0 ? errno : 0;
	close(fd);
	return err;
}

/*
 * Errors every cell command may see.  Returns true when @err was one of
 * them and has been reported.
 */
static bool report_common_error(const char *cmd, int err)
{
	switch (err) {
	case ENOSYS:
		jh_error("%s: the hypervisor does not support cells", cmd);
		return true;
	case EIO:
		jh_error("%s: the hypervisor failed, see dmesg and 'jailhouse console'",
			 cmd);
		return true;
	case ENOMEM:
		jh_error("%s: out of memory (driver or hypervisor), see dmesg",
			 cmd);
		return true;
	case EACCES:
		jh_error("%s: permission denied (run as root)", cmd);
		return true;
	case ENOTTY:
		jh_error("%s: the jailhouse driver does not know this command (old module?)",
			 cmd);
		return true;
	}
	return false;
}

/*
 * Errors naming a cell: the cell does not exist, is the root cell, or
 * the hypervisor is off.  Returns true when one of them explains @err.
 */
static bool report_cell_error(const char *cmd,
			      const struct cell_selector *sel, int err)
{
	char what[64];
	unsigned int id;

	describe_selector(sel, what, sizeof(what));
	if (err != ENOENT && err != EINVAL)
		return false;
	if (!hypervisor_enabled()) {
		jh_error("%s: hypervisor is not enabled", cmd);
		return true;
	}
	if (resolve_cell(sel, &id) < 0) {
		jh_error("%s: unknown cell %s", cmd, what);
		return true;
	}
	if (id == 0) {
		jh_error("%s: cell %s is the root cell, which cannot be managed this way",
			 cmd, what);
		return true;
	}
	if (err == ENOENT) {
		jh_error("%s: the hypervisor does not know cell %s", cmd, what);
		return true;
	}
	return false;
}

/* ---- cell create ---- */

/*
 * After EBUSY: name the CPUs of the configuration the root cell does not
 * have, and who has them.  Returns how many it found.
 */
static unsigned int
report_unavailable_cpus(const struct jailhouse_cell_desc *cell)
{
	const unsigned char *set = (const unsigned char *)(cell + 1);
	char root_cpus[256], list[256], name[64];
	unsigned int cpu, *ids, num, k, found = 0;
	bool owned;

	if (read_cell_attr(0, "cpus_assigned_list", root_cpus,
			   sizeof(root_cpus)) < 0)
		return 0;
	ids = list_cell_ids(&num);
	for (cpu = 0; cpu < cell->cpu_set_size * 8; cpu++) {
		if (!(set[cpu / 8] & (1U << (cpu % 8))) ||
		    cpu_in_list(root_cpus, cpu))
			continue;
		owned = false;
		for (k = 0; k < num; k++) {
			if (ids[k] == 0 ||
			    read_cell_attr(ids[k], "cpus_assigned_list", list,
					   sizeof(list)) < 0 ||
			    !cpu_in_list(list, cpu))
				continue;
			if (read_cell_attr(ids[k], "name", name,
					   sizeof(name)) < 0)
				strcpy(name, "?");
			jh_error("cell create: CPU %u is not available: it belongs to cell \"%s\"",
				 cpu, name);
			owned = true;
			break;
		}
		if (!owned)
			jh_error("cell create: CPU %u is not available: the root cell does not have it",
				 cpu);
		found++;
	}
	free(ids);
	return found;
}

static int cmd_create(int argc, char **argv)
{
	struct jailhouse_cell_create create;
	struct jailhouse_cell_desc *cell;
	const char *path;
	char name[JAILHOUSE_CELL_NAME_MAXLEN + 1];
	void *config;
	size_t size;
	bool details = false;
	int err, kmsg;

	if (argc >= 2 && jh_is_help(argv[1])) {
		fputs(create_usage, stdout);
		return JH_EXIT_OK;
	}
	if (argc != 2)
		return jh_usage_error(create_usage, "cell create: %s",
				      argc < 2 ? "missing CELLCONFIG" :
				      "too many arguments");
	path = argv[1];

	config = jh_read_file(path, JH_MAX_CELL_CONFIG_SIZE, &size);
	if (!config)
		return JH_EXIT_FAIL;
	if (size >= JAILHOUSE_SIGNATURE_LEN &&
	    memcmp(config, JAILHOUSE_SYSTEM_SIGNATURE,
		   JAILHOUSE_SIGNATURE_LEN) == 0) {
		jh_error("%s: not a cell configuration (bad signature): this is a system configuration, use it with 'jailhouse enable'",
			 path);
		free(config);
		return JH_EXIT_FAIL;
	}
	if (size < sizeof(struct jailhouse_cell_desc) ||
	    memcmp(config, JAILHOUSE_CELL_DESC_SIGNATURE,
		   JAILHOUSE_SIGNATURE_LEN) != 0) {
		jh_error("%s: not a cell configuration (bad signature)", path);
		free(config);
		return JH_EXIT_FAIL;
	}
	cell = config;
	memcpy(name, cell->name, sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';

	memset(&create, 0, sizeof(create));
	create.config_address = (uintptr_t)config;
	create.config_size = size;
	err = cell_ioctl(JAILHOUSE_CELL_CREATE, &create, &kmsg);
	if (err < 0) {
		free(config);
		return JH_EXIT_FAIL;
	}

	if (err && !report_common_error("cell create", err)) {
		switch (err) {
		case EINVAL:
			if (!hypervisor_enabled())
				jh_error("cell create: hypervisor is not enabled");
			else
				jh_error("cell create: %s: configuration rejected:",
					 path);
			details = true;
			break;
		case EEXIST:
			jh_error("cell create: a cell named \"%s\" already exists",
				 name);
			break;
		case EBUSY:
			if (!report_unavailable_cpus(cell))
				jh_error("cell create: %s: resources of the cell are in use:",
					 path);
			details = true;
			break;
		case EFAULT:
			jh_error("cell create: bad address");
			break;
		default:
			jh_error("cell create: %s", strerror(err));
			details = true;
			break;
		}
	}
	jh_kmsg_finish(kmsg, details);
	free(config);
	return err ? JH_EXIT_FAIL : JH_EXIT_OK;
}

/* ---- cell load / shutdown ---- */

struct load_item {
	bool is_string;
	const char *data;	/* file name or string */
	unsigned long long address;
	/* the bytes to load and how they are held */
	void *buf;
	size_t size;
	bool mapped;
};

static void release_items(struct load_item *items, unsigned int num)
{
	unsigned int n;

	for (n = 0; n < num; n++)
		if (items[n].mapped)
			munmap(items[n].buf, items[n].size);
	free(items);
}

/* map an image file; an empty one loads nothing */
static int map_image(struct load_item *item)
{
	struct stat st;
	void *buf;
	int fd;

	fd = open(item->data, O_RDONLY);
	if (fd < 0) {
		if (errno == ENOENT)
			jh_error("cell load: %s: file not found", item->data);
		else
			jh_error("cell load: %s: cannot open: %s", item->data,
				 strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		jh_error("cell load: %s: not a regular file", item->data);
		close(fd);
		return -1;
	}
	item->size = st.st_size;
	if (item->size == 0) {
		close(fd);
		return 0;
	}
	buf = mmap(NULL, item->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (buf == MAP_FAILED) {
		jh_error("cell load: %s: cannot read: %s", item->data,
			 strerror(errno));
		return -1;
	}
	item->buf = buf;
	item->mapped = true;
	return 0;
}

/*
 * Hand @num images (none: just stop the cell) to the driver.  @cmd is
 * "cell load" or "cell shutdown".
 */
static int load_images(const char *cmd, const struct cell_selector *sel,
		       const struct load_item *items, unsigned int num)
{
	struct jailhouse_cell_load *load;
	char what[64];
	unsigned int n;
	bool details = false;
	int err, kmsg;

	load = calloc(1, sizeof(*load) + num * sizeof(load->image[0]));
	if (!load) {
		jh_error("out of memory");
		return JH_EXIT_FAIL;
	}
	load->cell_id = sel->id;
	load->num_preload_images = num;
	for (n = 0; n < num; n++) {
		load->image[n].source_address = (uintptr_t)items[n].buf;
		load->image[n].size = items[n].size;
		load->image[n].target_address = items[n].address;
	}

	err = cell_ioctl(JAILHOUSE_CELL_LOAD, load, &kmsg);
	free(load);
	if (err < 0)
		return JH_EXIT_FAIL;
	if (!err) {
		jh_kmsg_finish(kmsg, false);
		return JH_EXIT_OK;
	}

	describe_selector(sel, what, sizeof(what));
	if (report_common_error(cmd, err) ||
	    report_cell_error(cmd, sel, err)) {
		jh_kmsg_finish(kmsg, false);
		return JH_EXIT_FAIL;
	}
	switch (err) {
	case EPERM:
		jh_error("%s: cell %s is locked, shutdown refused", cmd, what);
		break;
	case EINVAL:
		if (num)
			jh_error("%s: image does not fit the cell's loadable memory:",
				 cmd);
		else
			jh_error("%s: cell %s: invalid request:", cmd, what);
		details = true;
		break;
	case EFAULT:
		jh_error("%s: cannot read an image", cmd);
		break;
	default:
		jh_error("%s: cell %s: %s", cmd, what, strerror(err));
		details = true;
		break;
	}
	jh_kmsg_finish(kmsg, details);
	return JH_EXIT_FAIL;
}

/* loadable regions of a cell config a "cell load" check looks at */
#define JH_MAX_LOADABLE		64

static int compare_range_starts(const void *a, const void *b)
{
	const struct jh_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * The cell's loadable memory from cells/<id>/loadable, adjacent regions
 * joined (the cell sees one span of memory there).  Returns the number of
 * ranges; 0 when the cell or the file (an older driver) is not there, and
 * the driver's own check is all there is.
 */
static unsigned int read_loadable(const struct cell_selector *sel,
				  struct jh_range *ram, unsigned int max)
{
	unsigned long long start, size;
	unsigned int id, num = 0, n, k;
	char path[512], line[128];
	FILE *f;

	if (resolve_cell(sel, &id) < 0)
		return 0;
	snprintf(path, sizeof(path), JH_CELLS_PATH "/%u/loadable", id);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (num < max && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %llx", &start, &size) == 2 && size &&
		    start + size > start)
			ram[num++] = (struct jh_range){ start, start + size };
	fclose(f);

	qsort(ram, num, sizeof(*ram), compare_range_starts);
	for (n = 0, k = 0; n < num; n++) {
		if (k && ram[n].start <= ram[k - 1].end) {
			if (ram[n].end > ram[k - 1].end)
				ram[k - 1].end = ram[n].end;
			continue;
		}
		ram[k++] = ram[n];
	}
	return k;
}

/*
 * linux-loader's -s string names the kernel's address.  The file loaded
 * there must be an arm64 Image whose image_size fits the cell's memory and
 * leaves the other images alone: a truncated or foreign file would only
 * show as a cell that never boots after "cell start".  Checked before the
 * driver stops the cell or writes anything.  Returns 0 or -1 (reported).
 */
static int check_linux_kernel(const struct cell_selector *sel,
			      const struct load_item *items, unsigned int num)
{
	struct jh_range ram[JH_MAX_LOADABLE];
	struct jh_loaded *others;
	unsigned int n, n_ram, n_others = 0;
	uint64_t kernel = 0;
	bool named = false;
	int image = -1, ret;
	char err[512];

	for (n = 0; n < num; n++)
		if (items[n].is_string &&
		    jh_loader_kernel_addr(items[n].data, &kernel))
			named = true;
	if (!named)
		return 0;
	/* the last one loaded there is what the loader finds */
	for (n = 0; n < num; n++)
		if (!items[n].is_string && items[n].address == kernel)
			image = n;
	if (image < 0)
		return 0;

	others = calloc(num, sizeof(*others));
	if (!others) {
		jh_error("out of memory");
		return -1;
	}
	for (n = 0; n < num; n++)
		if ((int)n != image)
			others[n_others++] = (struct jh_loaded){
				items[n].is_string ? "the -s string" :
					items[n].data,
				items[n].address, items[n].size };
	n_ram = read_loadable(sel, ram, JH_MAX_LOADABLE);
	ret = jh_linux_check_loaded_kernel(items[image].data,
					   items[image].buf,
					   items[image].size, kernel, ram,
					   n_ram, others, n_others, err,
					   sizeof(err));
	free(others);
	if (ret < 0) {
		jh_error("cell load: %s", err);
		return -1;
	}
	return 0;
}

static int cmd_load(int argc, char **argv)
{
	struct cell_selector sel;
	struct load_item *items;
	unsigned int num = 0, n;
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

	for (n = 0; n < num; n++) {
		if (items[n].is_string) {
			/* passed with its terminating NUL */
			items[n].buf = (void *)items[n].data;
			items[n].size = strlen(items[n].data) + 1;
			continue;
		}
		if (map_image(&items[n]) < 0) {
			release_items(items, num);
			return JH_EXIT_FAIL;
		}
	}

	if (check_linux_kernel(&sel, items, num) < 0) {
		release_items(items, num);
		return JH_EXIT_FAIL;
	}

	err = load_images("cell load", &sel, items, num);
	release_items(items, num);
	return err;
}

/* ---- cell start / shutdown / destroy ---- */

static int cell_command(const char *cmd, unsigned long request,
			const struct cell_selector *sel)
{
	struct jailhouse_cell_id cell_id = sel->id;
	char what[64];
	int err, kmsg;

	err = cell_ioctl(request, &cell_id, &kmsg);
	if (err < 0)
		return JH_EXIT_FAIL;
	if (!err) {
		jh_kmsg_finish(kmsg, false);
		return JH_EXIT_OK;
	}

	describe_selector(sel, what, sizeof(what));
	if (report_common_error(cmd, err) ||
	    report_cell_error(cmd, sel, err)) {
		jh_kmsg_finish(kmsg, false);
		return JH_EXIT_FAIL;
	}
	switch (err) {
	case EPERM:
		jh_error("%s: cell %s is locked, shutdown refused", cmd, what);
		jh_kmsg_finish(kmsg, false);
		return JH_EXIT_FAIL;
	case EINVAL:
		jh_error("%s: cell %s: the hypervisor refused:", cmd, what);
		break;
	case EBUSY:
		jh_error("%s: cell %s is busy:", cmd, what);
		break;
	default:
		jh_error("%s: cell %s: %s", cmd, what, strerror(err));
		break;
	}
	jh_kmsg_finish(kmsg, true);
	return JH_EXIT_FAIL;
}

static int cmd_select(int argc, char **argv, const char *what,
		      int (*action)(const char *cmd,
				    const struct cell_selector *sel))
{
	char usage[512], cmd[32];
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
	snprintf(cmd, sizeof(cmd), "cell %s", argv[0]);
	return action(cmd, &sel);
}

static int do_start(const char *cmd, const struct cell_selector *sel)
{
	return cell_command(cmd, JAILHOUSE_CELL_START, sel);
}

static int do_destroy(const char *cmd, const struct cell_selector *sel)
{
	return cell_command(cmd, JAILHOUSE_CELL_DESTROY, sel);
}

/* as in Jailhouse: a load of no images stops the cell */
static int do_shutdown(const char *cmd, const struct cell_selector *sel)
{
	return load_images(cmd, sel, NULL, 0);
}

/* ---- cell stats ---- */

static int compare_names(const void *a, const void *b)
{
	const char *x = *(const char *const *)a;
	const char *y = *(const char *const *)b;

	/* the total first, the rest by name */
	if (strcmp(x, "vmexits_total") == 0)
		return strcmp(y, "vmexits_total") != 0 ? -1 : 0;
	if (strcmp(y, "vmexits_total") == 0)
		return 1;
	return strcmp(x, y);
}

static int do_stats(const char *cmd, const struct cell_selector *sel)
{
	char path[256], value[64], name[64], what[64];
	char **names = NULL, **more;
	unsigned int id, num = 0, cap = 0, n;
	struct dirent *de;
	DIR *dir;

	describe_selector(sel, what, sizeof(what));
	if (resolve_cell(sel, &id) < 0) {
		if (!hypervisor_enabled())
			jh_error("%s: hypervisor is not enabled", cmd);
		else
			jh_error("%s: unknown cell %s", cmd, what);
		return JH_EXIT_FAIL;
	}
	if (read_cell_attr(id, "name", name, sizeof(name)) < 0)
		strcpy(name, "?");

	snprintf(path, sizeof(path), JH_CELLS_PATH "/%u/statistics", id);
	dir = opendir(path);
	if (!dir) {
		jh_error("%s: %s: %s", cmd, path, strerror(errno));
		return JH_EXIT_FAIL;
	}
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.' || strncmp(de->d_name, "cpu", 3) == 0)
			continue;
		if (num == cap) {
			cap = cap ? cap * 2 : 16;
			more = realloc(names, cap * sizeof(*names));
			if (!more)
				break;
			names = more;
		}
		names[num] = strdup(de->d_name);
		if (names[num])
			num++;
	}
	closedir(dir);
	qsort(names, num, sizeof(*names), compare_names);

	printf("Statistics for cell \"%s\" (ID %u)\n", name, id);
	for (n = 0; n < num; n++) {
		snprintf(path, sizeof(path), "statistics/%s", names[n]);
		if (read_cell_attr(id, path, value, sizeof(value)) < 0)
			snprintf(value, sizeof(value), "(%s)",
				 strerror(errno));
		printf("%-24s%s\n", names[n], value);
		free(names[n]);
	}
	free(names);
	return JH_EXIT_OK;
}

/* ---- cell list ---- */

static int cmd_list(int argc, char **argv)
{
	char name[64], state[32], cpus[128], failed[128];
	unsigned int *ids, num, k;

	if (argc >= 2 && jh_is_help(argv[1])) {
		fputs(list_usage, stdout);
		return JH_EXIT_OK;
	}
	if (argc != 1)
		return jh_usage_error(list_usage,
				      "cell list: unexpected argument '%s'",
				      argv[1]);

	/* no driver or no hypervisor: no cells, nothing to print */
	ids = list_cell_ids(&num);
	if (num)
		printf("%-8s%-24s%-16s%-24s%-24s\n", "ID", "Name", "State",
		       "Assigned CPUs", "Failed CPUs");
	for (k = 0; k < num; k++) {
		/* a cell destroyed meanwhile is skipped */
		if (read_cell_attr(ids[k], "name", name, sizeof(name)) < 0)
			continue;
		if (read_cell_attr(ids[k], "state", state, sizeof(state)) < 0)
			strcpy(state, "?");
		if (read_cell_attr(ids[k], "cpus_assigned_list", cpus,
				   sizeof(cpus)) < 0)
			strcpy(cpus, "?");
		if (read_cell_attr(ids[k], "cpus_failed_list", failed,
				   sizeof(failed)) < 0)
			strcpy(failed, "?");
		printf("%-8u%-24s%-16s%-24s%-24s\n", ids[k], name, state, cpus,
		       failed);
	}
	free(ids);
	return JH_EXIT_OK;
}

/* ---- for cell-linux.c: the same steps on buffers, by cell name ---- */

static void select_name(struct cell_selector *sel, const char *name)
{
	memset(sel, 0, sizeof(*sel));
	sel->id.id = JAILHOUSE_CELL_ID_UNUSED;
	strncpy(sel->id.name, name, JAILHOUSE_CELL_ID_NAMELEN);
}

bool jh_cell_exists(const char *name)
{
	struct cell_selector sel;
	unsigned int id;

	select_name(&sel, name);
	return resolve_cell(&sel, &id) == 0;
}

int jh_cell_create(const char *path)
{
	char *argv[] = { "create", (char *)path, NULL };

	return cmd_create(2, argv);
}

int jh_cell_load(const char *name, const struct jh_load_image *images,
		 unsigned int num)
{
	struct cell_selector sel;
	struct load_item *items;
	unsigned int n;
	int ret;

	select_name(&sel, name);
	items = calloc(num, sizeof(*items));
	if (!items) {
		jh_error("out of memory");
		return JH_EXIT_FAIL;
	}
	for (n = 0; n < num; n++) {
		items[n].buf = (void *)images[n].buf;
		items[n].size = images[n].size;
		items[n].address = images[n].address;
	}
	ret = load_images("cell load", &sel, items, num);
	free(items);
	return ret;
}

int jh_cell_start(const char *name)
{
	struct cell_selector sel;

	select_name(&sel, name);
	return do_start("cell start", &sel);
}

int jh_cell_destroy(const char *name)
{
	struct cell_selector sel;

	select_name(&sel, name);
	return do_destroy("cell destroy", &sel);
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
		return cmd_select(argc, argv,
				  "Starts the cell from its reset address.",
				  do_start);
	if (strcmp(sub, "shutdown") == 0)
		return cmd_select(argc, argv,
				  "Stops the cell; it can be loaded and started again.",
				  do_shutdown);
	if (strcmp(sub, "destroy") == 0)
		return cmd_select(argc, argv,
				  "Destroys the cell and gives its resources back to the root cell.",
				  do_destroy);
	if (strcmp(sub, "stats") == 0)
		return cmd_select(argc, argv,
				  "Shows the cell's statistics (VM exits summed over its CPUs).",
				  do_stats);
	if (strcmp(sub, "list") == 0)
		return cmd_list(argc, argv);
	if (strcmp(sub, "linux") == 0)
		return jh_cmd_cell_linux(argc, argv);

	return jh_usage_error(cell_usage, "cell: unknown subcommand '%s'", sub);
}
