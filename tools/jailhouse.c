// SPDX-License-Identifier: GPL-2.0
/*
 * The jailhouse command: enables and disables the hypervisor, shows its
 * console, checks configurations and manages cells (cell.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jailhouse/cell-config.h>
#include <jailhouse/ioctl.h>

#include "jailhouse.h"

#include "config-check.h"

/* same bound as the driver's */
#define JH_MAX_CONFIG_SIZE	(1024 * 1024)

/* the console attribute holds at most a page */
#define JH_CONSOLE_MAX		65536

const char *jh_prog = "jailhouse";

static const char main_usage[] =
	"Usage: jailhouse COMMAND [ARGS...]\n"
	"\n"
	"Commands:\n"
	"  enable SYSCONFIG        start the hypervisor with a system configuration\n"
	"  disable                 stop the hypervisor (all cells but the root cell\n"
	"                          must be destroyed first)\n"
	"  console [-f|--follow]   show the hypervisor console\n"
	"  cell create CELLCONFIG\n"
	"  cell load {ID|[--name] NAME} {IMAGE | -s|--string STRING}\n"
	"            [-a|--address ADDRESS] ...\n"
	"  cell start|shutdown|destroy|stats {ID|[--name] NAME}\n"
	"  cell list\n"
	"  cell linux CELLCONFIG KERNEL [options]\n"
	"  config check [ARGS...]  check configuration files\n"
	"\n"
	"Options:\n"
	"  -h, --help              show this help, or a command's with COMMAND --help\n"
	"  --version               show the version\n"
	"\n"
	"Exit status: 0 success, 1 failure, 2 usage error.\n";

static const char enable_usage[] =
	"Usage: jailhouse enable SYSCONFIG\n"
	"\n"
	"Loads /lib/firmware/" JAILHOUSE_FW_NAME " through " JAILHOUSE_DEVICE_PATH "\n"
	"and starts it on all CPUs with the system configuration SYSCONFIG\n"
	"(a .cell file); the running Linux becomes the root cell.\n";

static const char disable_usage[] =
	"Usage: jailhouse disable\n"
	"\n"
	"Stops the hypervisor and hands the machine back to Linux.  Fails while\n"
	"cells other than the root cell exist.\n";

static const char console_usage[] =
	"Usage: jailhouse console [-f|--follow]\n"
	"\n"
	"Prints the hypervisor console (" JAILHOUSE_SYSFS_PATH "/console).\n"
	"  -f, --follow   keep printing new output until interrupted\n";

static const char config_usage[] =
	"Usage: jailhouse config check [ARGS...]\n"
	"\n"
	"Checks system and cell configurations; see jailhouse config check --help.\n";

void jh_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", jh_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int jh_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", jh_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", usage);
	return JH_EXIT_USAGE;
}

bool jh_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

void *jh_read_file(const char *path, size_t max, size_t *size)
{
	struct stat st;
	char *buf;
	size_t len = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		if (errno == ENOENT)
			jh_error("%s: file not found", path);
		else
			jh_error("%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		jh_error("%s: is a directory", path);
		close(fd);
		return NULL;
	}

	/* one byte more than allowed tells "too large" from "just fits" */
	buf = malloc(max + 1);
	if (!buf) {
		jh_error("out of memory");
		close(fd);
		return NULL;
	}
	while (len <= max) {
		n = read(fd, buf + len, max + 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			jh_error("%s: read error: %s", path, strerror(errno));
			goto err;
		}
		if (n == 0)
			break;
		len += n;
	}
	if (len > max) {
		jh_error("%s: file too large (more than %zu bytes)", path, max);
		goto err;
	}
	close(fd);
	*size = len;
	return buf;

err:
	free(buf);
	close(fd);
	return NULL;
}

int jh_kmsg_mark(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

void jh_kmsg_show(int fd)
{
	static const char prefix[] = "jailhouse: ";
	char rec[1024];
	char *msg, *end;
	ssize_t n;

	if (fd < 0)
		return;
	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0) {
			/* a record was overwritten meanwhile: go on */
			if (errno == EPIPE || errno == EINTR)
				continue;
			break;
		}
		if (n == 0)
			break;
		rec[n] = '\0';
		/* "prio,seq,time,flags;text\n" plus continuation lines */
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		end = strchr(msg, '\n');
		if (end)
			*end = '\0';
		if (strncmp(msg, prefix, sizeof(prefix) - 1) == 0)
			fprintf(stderr, "  %s\n", msg + sizeof(prefix) - 1);
	}
	close(fd);
}

void jh_kmsg_finish(int fd, bool show)
{
	if (show)
		jh_kmsg_show(fd);
	else if (fd >= 0)
		close(fd);
}

int jh_open_device(void)
{
	int fd = open(JAILHOUSE_DEVICE_PATH, O_RDWR);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT || errno == ENXIO || errno == ENODEV)
		jh_error("%s not found: is the jailhouse module loaded? (modprobe jailhouse)",
			 JAILHOUSE_DEVICE_PATH);
	else if (errno == EACCES || errno == EPERM)
		jh_error("%s: permission denied (run as root)",
			 JAILHOUSE_DEVICE_PATH);
	else
		jh_error("%s: %s", JAILHOUSE_DEVICE_PATH, strerror(errno));
	return -1;
}

/*
 * A brief look at the file before handing it to the driver, so that the
 * common mistakes get a precise answer; the full check is the driver's.
 */
static int check_system_config(const char *path, const void *buf,
			       size_t size)
{
	const struct jailhouse_system *sys = buf;
	const struct jailhouse_cell_desc *cell;
	unsigned long long expected;

	if (size >= JAILHOUSE_SIGNATURE_LEN &&
	    memcmp(buf, JAILHOUSE_CELL_DESC_SIGNATURE,
		   JAILHOUSE_SIGNATURE_LEN) == 0) {
		jh_error("%s: not a system configuration (bad signature): this is a cell configuration, use it with 'jailhouse cell create'",
			 path);
		return -1;
	}
	if (size < JAILHOUSE_SIGNATURE_LEN ||
	    memcmp(buf, JAILHOUSE_SYSTEM_SIGNATURE,
		   JAILHOUSE_SIGNATURE_LEN) != 0) {
		jh_error("%s: not a system configuration (bad signature)", path);
		return -1;
	}
	if (size < sizeof(*sys)) {
		jh_error("%s: truncated system configuration (%zu bytes, the header alone has %zu)",
			 path, size, sizeof(*sys));
		return -1;
	}
	if (sys->revision != JAILHOUSE_CONFIG_REVISION) {
		jh_error("%s: configuration revision %u, this version supports %u (rebuild the configuration)",
			 path, sys->revision, JAILHOUSE_CONFIG_REVISION);
		return -1;
	}
	if (sys->architecture != JAILHOUSE_ARM64) {
		jh_error("%s: configuration is for another architecture (%u), not arm64",
			 path, sys->architecture);
		return -1;
	}

	cell = &sys->root_cell;
	expected = sizeof(*sys) + (unsigned long long)cell->cpu_set_size +
		(unsigned long long)cell->num_memory_regions *
			sizeof(struct jailhouse_memory) +
		(unsigned long long)cell->num_cache_regions *
			sizeof(struct jailhouse_cache) +
		(unsigned long long)cell->num_irqchips *
			sizeof(struct jailhouse_irqchip) +
		(unsigned long long)cell->num_pio_regions *
			sizeof(struct jailhouse_pio) +
		(unsigned long long)cell->num_pci_devices *
			sizeof(struct jailhouse_pci_device) +
		(unsigned long long)cell->num_pci_caps *
			sizeof(struct jailhouse_pci_capability) +
		(unsigned long long)cell->num_stream_ids *
			sizeof(union jailhouse_stream_id);
	if (expected > size) {
		jh_error("%s: truncated system configuration (%zu bytes, its header describes %llu)",
			 path, size, expected);
		return -1;
	}
	if (expected < size)
		fprintf(stderr,
			"%s: warning: %s: %zu trailing bytes after the configuration are ignored\n",
			jh_prog, path, size - (size_t)expected);
	return 0;
}

static int cmd_enable(int argc, char **argv)
{
	const char *path;
	size_t size;
	void *config;
	int fd, err, kmsg;

	if (argc >= 2 && jh_is_help(argv[1])) {
		fputs(enable_usage, stdout);
		return JH_EXIT_OK;
	}
	if (argc != 2)
		return jh_usage_error(enable_usage, "enable: %s",
				      argc < 2 ? "missing SYSCONFIG" :
				      "too many arguments");
	path = argv[1];

	config = jh_read_file(path, JH_MAX_CONFIG_SIZE, &size);
	if (!config)
		return JH_EXIT_FAIL;
	if (check_system_config(path, config, size) < 0) {
		free(config);
		return JH_EXIT_FAIL;
	}

	fd = jh_open_device();
	if (fd < 0) {
		free(config);
		return JH_EXIT_FAIL;
	}

	kmsg = jh_kmsg_mark();
	err = ioctl(fd, JAILHOUSE_ENABLE, config);
	if (err < 0) {
		switch (errno) {
		case EBUSY:
			jh_error("enable: hypervisor already enabled");
			break;
		case EEXIST:
			jh_error("enable: %s: the virtual PCI host cannot be set up:",
				 path);
			break;
		case EINVAL:
			jh_error("enable: %s: configuration rejected, see dmesg/console",
				 path);
			break;
		case ENOENT:
			jh_error("enable: firmware /lib/firmware/%s not found",
				 JAILHOUSE_FW_NAME);
			break;
		case ENOEXEC:
			jh_error("enable: firmware /lib/firmware/%s is invalid or does not match the driver, see dmesg",
				 JAILHOUSE_FW_NAME);
			break;
		case ENOMEM:
			jh_error("enable: out of memory, or hypervisor memory could not be mapped, see dmesg");
			break;
		case EAGAIN:
			jh_error("enable: CPUs went on- or offline meanwhile, try again");
			break;
		case EIO:
			jh_error("enable: the hypervisor failed to start, see dmesg and 'jailhouse console'");
			break;
		case EPERM:
		case EACCES:
			jh_error("enable: permission denied (run as root)");
			break;
		default:
			jh_error("enable: %s", strerror(errno));
			break;
		}
		jh_kmsg_finish(kmsg, true);
		close(fd);
		free(config);
		return JH_EXIT_FAIL;
	}

	jh_kmsg_finish(kmsg, false);
	close(fd);
	free(config);
	return JH_EXIT_OK;
}

static int cmd_disable(int argc, char **argv)
{
	int fd, err, kmsg;

	if (argc >= 2 && jh_is_help(argv[1])) {
		fputs(disable_usage, stdout);
		return JH_EXIT_OK;
	}
	if (argc != 1)
		return jh_usage_error(disable_usage,
				      "disable: too many arguments");

	fd = jh_open_device();
	if (fd < 0)
		return JH_EXIT_FAIL;

	kmsg = jh_kmsg_mark();
	err = ioctl(fd, JAILHOUSE_DISABLE);
	if (err < 0) {
		switch (errno) {
		case EINVAL:
			jh_error("disable: hypervisor is not enabled");
			break;
		case EBUSY:
			jh_error("disable: refused, still in use:");
			break;
		case EPERM:
		case EACCES:
			jh_error("disable: permission denied (run as root)");
			break;
		case EAGAIN:
			jh_error("disable: not all CPUs of the root cell are online, see dmesg");
			break;
		case EIO:
			jh_error("disable: the hypervisor failed, see dmesg and 'jailhouse console'");
			break;
		default:
			jh_error("disable: %s", strerror(errno));
			break;
		}
		jh_kmsg_finish(kmsg, true);
		close(fd);
		return JH_EXIT_FAIL;
	}
	jh_kmsg_finish(kmsg, false);
	close(fd);
	return JH_EXIT_OK;
}

/*
 * Read the console attribute into @buf; returns its length or -1 after
 * having reported the error.
 */
static ssize_t read_console(char *buf, size_t size)
{
	const char *path = JAILHOUSE_SYSFS_PATH "/console";
	size_t len = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		if (errno == ENOENT)
			jh_error("%s not found: is the jailhouse module loaded? (modprobe jailhouse)",
				 path);
		else
			jh_error("%s: %s", path, strerror(errno));
		return -1;
	}
	while (len < size) {
		n = read(fd, buf + len, size - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			jh_error("%s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	return len;
}

static int write_all(const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(STDOUT_FILENO, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= n;
	}
	return 0;
}

/*
 * The console is a ring: a later read may have lost its beginning.  The
 * new text starts after the longest end of the previous read that the
 * current one begins with.
 */
static size_t console_overlap(const char *old, size_t old_len,
			      const char *cur, size_t cur_len)
{
	size_t k = old_len < cur_len ? old_len : cur_len;

	for (; k > 0; k--)
		if (memcmp(old + old_len - k, cur, k) == 0)
			return k;
	return 0;
}

/*
 * Follow the console through /dev/jailhouse, which streams it with a
 * position of its own: nothing is lost or repeated.  Returns an exit code,
 * or -1 when the device cannot be opened and the caller should poll the
 * sysfs attribute instead.
 */
static int follow_console_stream(void)
{
	char buf[4096];
	ssize_t n;
	int fd;

	fd = open(JAILHOUSE_DEVICE_PATH, O_RDONLY);
	if (fd < 0)
		return -1;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			jh_error("%s: %s", JAILHOUSE_DEVICE_PATH,
				 strerror(errno));
			close(fd);
			return JH_EXIT_FAIL;
		}
		if (n == 0) {
			/* only a non-blocking device says "nothing yet" */
			usleep(200000);
			continue;
		}
		if (write_all(buf, n) < 0) {
			close(fd);
			return JH_EXIT_FAIL;
		}
	}
}

static int cmd_console(int argc, char **argv)
{
	static const struct option options[] = {
		{ "follow", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct timespec period = { .tv_nsec = 200 * 1000 * 1000 };
	bool follow = false;
	char *old, *cur, *tmp;
	ssize_t old_len, cur_len;
	size_t skip;
	int opt, ret;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+fh", options, NULL)) != -1) {
		switch (opt) {
		case 'f':
			follow = true;
			break;
		case 'h':
			fputs(console_usage, stdout);
			return JH_EXIT_OK;
		default:
			return jh_usage_error(console_usage,
					      "console: unknown option '%s'",
					      argv[optind - 1]);
		}
	}
	if (optind != argc)
		return jh_usage_error(console_usage,
				      "console: unexpected argument '%s'",
				      argv[optind]);

	if (follow) {
		ret = follow_console_stream();
		if (ret >= 0)
			return ret;
	}

	old = malloc(JH_CONSOLE_MAX);
	cur = malloc(JH_CONSOLE_MAX);
	if (!old || !cur) {
		jh_error("out of memory");
		free(old);
		free(cur);
		return JH_EXIT_FAIL;
	}

	old_len = read_console(old, JH_CONSOLE_MAX);
	if (old_len < 0 || write_all(old, old_len) < 0)
		goto fail;

	/* without access to the device: poll the attribute */
	while (follow) {
		nanosleep(&period, NULL);
		cur_len = read_console(cur, JH_CONSOLE_MAX);
		if (cur_len < 0)
			goto fail;
		skip = console_overlap(old, old_len, cur, cur_len);
		if (write_all(cur + skip, cur_len - skip) < 0)
			goto fail;
		tmp = old;
		old = cur;
		cur = tmp;
		old_len = cur_len;
	}

	free(old);
	free(cur);
	return JH_EXIT_OK;

fail:
	free(old);
	free(cur);
	return JH_EXIT_FAIL;
}

static int cmd_config(int argc, char **argv)
{
	if (argc < 2)
		return jh_usage_error(config_usage, "config: missing subcommand");
	if (jh_is_help(argv[1])) {
		fputs(config_usage, stdout);
		return JH_EXIT_OK;
	}
	if (strcmp(argv[1], "check") != 0)
		return jh_usage_error(config_usage,
				      "config: unknown subcommand '%s'",
				      argv[1]);
	/* argv[0] of the checker is "check", as getopt expects */
	return jh_cmd_config_check(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2)
		return jh_usage_error(main_usage, "missing command");
	cmd = argv[1];

	if (jh_is_help(cmd)) {
		fputs(main_usage, stdout);
		return JH_EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("jailhouse %s\n", JH_VERSION);
		return JH_EXIT_OK;
	}

	if (strcmp(cmd, "enable") == 0)
		return cmd_enable(argc - 1, argv + 1);
	if (strcmp(cmd, "disable") == 0)
		return cmd_disable(argc - 1, argv + 1);
	if (strcmp(cmd, "console") == 0)
		return cmd_console(argc - 1, argv + 1);
	if (strcmp(cmd, "cell") == 0)
		return jh_cmd_cell(argc - 1, argv + 1);
	if (strcmp(cmd, "config") == 0)
		return cmd_config(argc - 1, argv + 1);

	return jh_usage_error(main_usage, "unknown command '%s'", cmd);
}
