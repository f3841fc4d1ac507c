/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interface between the parts of the jailhouse command.
 */
#ifndef _JAILHOUSE_TOOL_H
#define _JAILHOUSE_TOOL_H

#include <stdbool.h>
#include <stddef.h>

/* exit codes */
#define JH_EXIT_OK	0
#define JH_EXIT_FAIL	1
#define JH_EXIT_USAGE	2

#ifndef JH_VERSION
#define JH_VERSION	"0.1"
#endif

extern const char *jh_prog;

void jh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int jh_usage_error(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bool jh_is_help(const char *arg);

/*
 * Read a whole file into a freshly allocated buffer, at most @max bytes.
 * Reports errors itself (naming the path) and returns NULL.
 */
void *jh_read_file(const char *path, size_t max, size_t *size);

/*
 * Open /dev/jailhouse for commands; reports errors itself and returns -1.
 */
int jh_open_device(void);

/*
 * The driver explains refusals in the kernel log.  jh_kmsg_mark() notes
 * where the log is before a command (returns an fd, or -1 if the log is
 * not readable); jh_kmsg_show() prints the driver's lines logged since,
 * indented, on stderr, and closes the fd.
 */
int jh_kmsg_mark(void);
void jh_kmsg_show(int fd);
/* close the mark, printing the driver's words first if @show */
void jh_kmsg_finish(int fd, bool show);

int jh_cmd_cell(int argc, char **argv);
int jh_cmd_cell_linux(int argc, char **argv);

/*
 * Cell steps for "cell linux" (cell.c), with the messages of the
 * commands; each returns an exit code.  Cells are named by @name.
 */
struct jh_load_image {
	const void *buf;
	size_t size;
	unsigned long long address;
};

bool jh_cell_exists(const char *name);
int jh_cell_create(const char *path);
int jh_cell_load(const char *name, const struct jh_load_image *images,
		 unsigned int num);
int jh_cell_start(const char *name);
int jh_cell_destroy(const char *name);

#endif /* !_JAILHOUSE_TOOL_H */
