/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small reader and editor of flattened device trees (the devicetree
 * specification's format, versions 16 and 17), enough for "jailhouse cell
 * linux" to set properties of /chosen.  No libfdt: the jailhouse command
 * is a static binary and has to build without it.
 *
 * jh_fdt_open() checks a blob completely (header, memory reservation
 * block, structure block, strings) and copies it into a tree of its own
 * in the canonical layout: header, reservations, structure, strings.
 * Edits work on that copy; jh_fdt_blob() gives it back as a version 17
 * blob.  Nodes are named by their offset in the structure block, which
 * changes with every edit: look them up again after one.
 */
#ifndef _JAILHOUSE_TOOL_FDT_H
#define _JAILHOUSE_TOOL_FDT_H

#include <stddef.h>
#include <stdint.h>

#define JH_FDT_MAGIC		0xd00dfeedU
#define JH_FDT_HEADER_SIZE	40

struct jh_fdt {
	uint8_t *buf;		/* the blob, canonical layout */
	size_t cap;		/* bytes allocated at buf */
	uint32_t off_struct;	/* structure block: offset and size */
	uint32_t size_struct;
	uint32_t off_strings;	/* strings block: offset and size */
	uint32_t size_strings;
};

/*
 * Checks @size bytes at @blob and copies them into @fdt.  Returns 0, or
 * -1 with a description of the first problem found in @err (@err_size
 * bytes, e.g. "bad magic 0x7f454c46, not a device tree").
 */
int jh_fdt_open(struct jh_fdt *fdt, const void *blob, size_t size,
		char *err, size_t err_size);
void jh_fdt_close(struct jh_fdt *fdt);

/* the edited tree as a version 17 blob, valid until the next edit */
const void *jh_fdt_blob(const struct jh_fdt *fdt, size_t *size);

/*
 * Offset of the node at @path ("/", "/chosen", "/soc/serial@1000"), or -1.
 * A path component without a unit address also matches a node that has
 * one ("memory" finds "memory@70000000"), the first one in the tree.
 */
int jh_fdt_path_offset(const struct jh_fdt *fdt, const char *path);

/*
 * The value of property @name of the node at @node and its length, or
 * NULL when the node has no such property.
 */
const void *jh_fdt_getprop(const struct jh_fdt *fdt, int node,
			   const char *name, uint32_t *len);

/* a 32-bit cell property (such as #address-cells), or @fallback */
uint32_t jh_fdt_getprop_u32(const struct jh_fdt *fdt, int node,
			    const char *name, uint32_t fallback);

/*
 * Sets property @name of @node to @len bytes at @value, replacing an
 * existing value or adding the property.  Returns 0 or -1 (no memory,
 * bad node).
 */
int jh_fdt_setprop(struct jh_fdt *fdt, int node, const char *name,
		   const void *value, uint32_t len);
int jh_fdt_setprop_string(struct jh_fdt *fdt, int node, const char *name,
			  const char *value);
/* a big-endian number of 4 (@cells 1) or 8 bytes (@cells 2) */
int jh_fdt_setprop_cells(struct jh_fdt *fdt, int node, const char *name,
			 unsigned int cells, uint64_t value);

/* removes property @name of @node; 0 also when there was none */
int jh_fdt_delprop(struct jh_fdt *fdt, int node, const char *name);

/*
 * Adds an empty child @name to @parent (after its properties, before its
 * other children) and returns its offset, or -1.
 */
int jh_fdt_add_subnode(struct jh_fdt *fdt, int parent, const char *name);

/*
 * Formats a refusal into @err (@err_size bytes; none when NULL) and
 * returns -1: the error style of this file and of linux-boot.c.
 */
int jh_errorf(char *err, size_t err_size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* !_JAILHOUSE_TOOL_FDT_H */
