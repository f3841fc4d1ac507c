// SPDX-License-Identifier: GPL-2.0
/*
 * Flattened device tree reader and editor; see fdt.h.  The blob is big
 * endian throughout; structure block tokens are 32-bit words, names and
 * values are padded with zeros to a multiple of four bytes.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt.h"

#define FDT_BEGIN_NODE		1
#define FDT_END_NODE		2
#define FDT_PROP		3
#define FDT_NOP			4
#define FDT_END			9

/* header fields */
#define HDR_MAGIC		0
#define HDR_TOTALSIZE		4
#define HDR_OFF_STRUCT		8
#define HDR_OFF_STRINGS		12
#define HDR_OFF_RSVMAP		16
#define HDR_VERSION		20
#define HDR_LAST_COMP		24
#define HDR_BOOT_CPUID		28
#define HDR_SIZE_STRINGS	32
#define HDR_SIZE_STRUCT		36

#define FDT_VERSION		17
#define FDT_LAST_COMP		16
/* deeper trees are refused as malformed */
#define FDT_MAX_DEPTH		64
/* room kept for edits, beyond what the blob needs */
#define FDT_SLACK		4096

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		(uint32_t)p[2] << 8 | p[3];
}

static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint32_t pad4(uint32_t n)
{
	return (n + 3) & ~3U;
}

int jh_errorf(char *err, size_t err_size, const char *fmt, ...)
{
	va_list ap;

	if (err && err_size) {
		va_start(ap, fmt);
		vsnprintf(err, err_size, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/*
 * Walks the structure block at @s (@size bytes, strings at @str with
 * @str_size bytes).  Returns the length up to and including FDT_END, or
 * 0 with @err filled.
 */
static uint32_t check_struct(const uint8_t *s, uint32_t size,
			     const uint8_t *str, uint32_t str_size,
			     char *err, size_t err_size)
{
	uint32_t pos = 0, token, len, nameoff, n;
	unsigned int depth = 0;
	bool root_done = false;

	for (;;) {
		if (pos > size || size - pos < 4) {
			jh_errorf(err, err_size,
			     "structure block ends without FDT_END (truncated?)");
			return 0;
		}
		token = rd32(s + pos);
		pos += 4;
		switch (token) {
		case FDT_BEGIN_NODE:
			if (root_done) {
				jh_errorf(err, err_size,
				     "node after the root node at structure offset %u",
				     pos - 4);
				return 0;
			}
			for (n = pos; n < size && s[n]; n++)
				;
			if (n >= size) {
				jh_errorf(err, err_size,
				     "node name not terminated at structure offset %u",
				     pos);
				return 0;
			}
			if (depth == 0 && n != pos) {
				jh_errorf(err, err_size,
				     "the root node has a name");
				return 0;
			}
			if (depth > 0 && n == pos) {
				jh_errorf(err, err_size,
				     "node without a name at structure offset %u",
				     pos - 4);
				return 0;
			}
			if (++depth > FDT_MAX_DEPTH) {
				jh_errorf(err, err_size, "nodes nested deeper than %u",
				     FDT_MAX_DEPTH);
				return 0;
			}
			pos += pad4(n - pos + 1);
			break;
		case FDT_END_NODE:
			if (depth == 0) {
				jh_errorf(err, err_size,
				     "unbalanced FDT_END_NODE at structure offset %u",
				     pos - 4);
				return 0;
			}
			if (--depth == 0)
				root_done = true;
			break;
		case FDT_PROP:
			if (depth == 0) {
				jh_errorf(err, err_size,
				     "property outside a node at structure offset %u",
				     pos - 4);
				return 0;
			}
			if (size - pos < 8) {
				jh_errorf(err, err_size,
				     "property header truncated at structure offset %u",
				     pos - 4);
				return 0;
			}
			len = rd32(s + pos);
			nameoff = rd32(s + pos + 4);
			pos += 8;
			if (len > size - pos) {
				jh_errorf(err, err_size,
				     "property value of %u bytes beyond the structure block at offset %u",
				     len, pos);
				return 0;
			}
			if (nameoff >= str_size ||
			    !memchr(str + nameoff, 0, str_size - nameoff)) {
				jh_errorf(err, err_size,
				     "property name offset %u outside the strings block",
				     nameoff);
				return 0;
			}
			pos += pad4(len);
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			if (!root_done || depth) {
				jh_errorf(err, err_size,
				     "FDT_END inside a node or before the root node");
				return 0;
			}
			return pos;
		default:
			jh_errorf(err, err_size,
			     "unknown token 0x%x at structure offset %u", token,
			     pos - 4);
			return 0;
		}
	}
}

int jh_fdt_open(struct jh_fdt *fdt, const void *blob, size_t size,
		char *err, size_t err_size)
{
	const uint8_t *b = blob;
	uint32_t total, version, last_comp, off_rsv, off_struct, off_str;
	uint32_t size_str, size_struct, rsv_len, n;
	size_t need;

	memset(fdt, 0, sizeof(*fdt));
	if (size < 4)
		return jh_errorf(err, err_size,
			    "%zu bytes, too short for a device tree", size);
	if (rd32(b + HDR_MAGIC) != JH_FDT_MAGIC)
		return jh_errorf(err, err_size,
			    "bad magic 0x%08x, not a device tree (0x%08x)",
			    rd32(b + HDR_MAGIC), JH_FDT_MAGIC);
	if (size < JH_FDT_HEADER_SIZE)
		return jh_errorf(err, err_size,
			    "truncated: %zu bytes, the header alone has %u",
			    size, JH_FDT_HEADER_SIZE);
	total = rd32(b + HDR_TOTALSIZE);
	version = rd32(b + HDR_VERSION);
	last_comp = rd32(b + HDR_LAST_COMP);
	if (total > size)
		return jh_errorf(err, err_size,
			    "truncated: its header says %u bytes, there are %zu",
			    total, size);
	if (total < JH_FDT_HEADER_SIZE)
		return jh_errorf(err, err_size, "total size %u in the header too small",
			    total);
	if (version < 16)
		return jh_errorf(err, err_size,
			    "version %u not supported (16 or later needed)",
			    version);
	if (last_comp > FDT_VERSION)
		return jh_errorf(err, err_size,
			    "version %u, compatible only down to %u (this reader knows %u)",
			    version, last_comp, FDT_VERSION);

	off_rsv = rd32(b + HDR_OFF_RSVMAP);
	off_struct = rd32(b + HDR_OFF_STRUCT);
	off_str = rd32(b + HDR_OFF_STRINGS);
	size_str = rd32(b + HDR_SIZE_STRINGS);
	if (off_rsv < JH_FDT_HEADER_SIZE || off_rsv > total || (off_rsv & 7))
		return jh_errorf(err, err_size,
			    "memory reservation block at bad offset %u", off_rsv);
	/* entries of address and size, up to one of two zeros */
	for (n = off_rsv;; n += 16) {
		if (total - n < 16)
			return jh_errorf(err, err_size,
				    "memory reservation block not terminated");
		if (!memcmp(b + n, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16))
			break;
	}
	rsv_len = n + 16 - off_rsv;

	if (off_str > total || size_str > total - off_str)
		return jh_errorf(err, err_size,
			    "strings block (offset %u, %u bytes) beyond the total size %u",
			    off_str, size_str, total);
	if (off_struct < JH_FDT_HEADER_SIZE || off_struct >= total ||
	    (off_struct & 3))
		return jh_errorf(err, err_size,
			    "structure block at bad offset %u", off_struct);
	if (version >= 17) {
		size_struct = rd32(b + HDR_SIZE_STRUCT);
		if (size_struct > total - off_struct)
			return jh_errorf(err, err_size,
				    "structure block (offset %u, %u bytes) beyond the total size %u",
				    off_struct, size_struct, total);
	} else {
		size_struct = total - off_struct;
	}
	size_struct = check_struct(b + off_struct, size_struct, b + off_str,
				   size_str, err, err_size);
	if (!size_struct)
		return -1;

	need = (size_t)JH_FDT_HEADER_SIZE + rsv_len + size_struct + size_str;
	fdt->cap = need + FDT_SLACK;
	fdt->buf = calloc(1, fdt->cap);
	if (!fdt->buf)
		return jh_errorf(err, err_size, "out of memory");
	memcpy(fdt->buf + JH_FDT_HEADER_SIZE, b + off_rsv, rsv_len);
	fdt->off_struct = JH_FDT_HEADER_SIZE + rsv_len;
	fdt->size_struct = size_struct;
	memcpy(fdt->buf + fdt->off_struct, b + off_struct, size_struct);
	fdt->off_strings = fdt->off_struct + size_struct;
	fdt->size_strings = size_str;
	memcpy(fdt->buf + fdt->off_strings, b + off_str, size_str);

	wr32(fdt->buf + HDR_MAGIC, JH_FDT_MAGIC);
	wr32(fdt->buf + HDR_OFF_RSVMAP, JH_FDT_HEADER_SIZE);
	wr32(fdt->buf + HDR_VERSION, FDT_VERSION);
	wr32(fdt->buf + HDR_LAST_COMP, FDT_LAST_COMP);
	wr32(fdt->buf + HDR_BOOT_CPUID, rd32(b + HDR_BOOT_CPUID));
	return 0;
}

void jh_fdt_close(struct jh_fdt *fdt)
{
	free(fdt->buf);
	memset(fdt, 0, sizeof(*fdt));
}

static uint32_t total_size(const struct jh_fdt *fdt)
{
	return fdt->off_strings + fdt->size_strings;
}

const void *jh_fdt_blob(const struct jh_fdt *fdt, size_t *size)
{
	uint8_t *b = fdt->buf;

	wr32(b + HDR_TOTALSIZE, total_size(fdt));
	wr32(b + HDR_OFF_STRUCT, fdt->off_struct);
	wr32(b + HDR_OFF_STRINGS, fdt->off_strings);
	wr32(b + HDR_SIZE_STRINGS, fdt->size_strings);
	wr32(b + HDR_SIZE_STRUCT, fdt->size_struct);
	*size = total_size(fdt);
	return b;
}

/* ---- walking the (checked) structure block ---- */

static const uint8_t *sp(const struct jh_fdt *fdt, uint32_t off)
{
	return fdt->buf + fdt->off_struct + off;
}

/* the token at @off; *next is where the following one starts */
static uint32_t token_at(const struct jh_fdt *fdt, uint32_t off,
			 uint32_t *next)
{
	uint32_t token = rd32(sp(fdt, off));

	switch (token) {
	case FDT_BEGIN_NODE:
		*next = off + 4 + pad4(strlen((const char *)sp(fdt, off + 4)) +
				       1);
		break;
	case FDT_PROP:
		*next = off + 12 + pad4(rd32(sp(fdt, off + 4)));
		break;
	default:
		*next = off + 4;
		break;
	}
	return token;
}

static bool valid_node(const struct jh_fdt *fdt, int node)
{
	return node >= 0 && (uint32_t)node + 4 <= fdt->size_struct &&
		!(node & 3) && rd32(sp(fdt, node)) == FDT_BEGIN_NODE;
}

static const char *prop_name(const struct jh_fdt *fdt, uint32_t off)
{
	return (const char *)fdt->buf + fdt->off_strings +
		rd32(sp(fdt, off + 8));
}

/*
 * The property @name directly in @node (its offset), or -1.  *insert
 * (if given) is where a new property of the node goes: after its last
 * property, before its first child.
 */
static int find_prop(const struct jh_fdt *fdt, int node, const char *name,
		     uint32_t *insert)
{
	uint32_t off, next, token;
	unsigned int depth = 0;
	bool in_props = true;
	int found = -1;

	token_at(fdt, node, &off);
	if (insert)
		*insert = off;
	for (;; off = next) {
		token = token_at(fdt, off, &next);
		if (token == FDT_BEGIN_NODE) {
			depth++;
			in_props = false;
		} else if (token == FDT_END_NODE) {
			if (depth-- == 0)
				break;
		} else if (token == FDT_PROP && depth == 0) {
			if (found < 0 && !strcmp(prop_name(fdt, off), name))
				found = off;
			if (in_props && insert)
				*insert = next;
		} else if (token == FDT_NOP && depth == 0 && in_props &&
			   insert) {
			*insert = next;
		} else if (token == FDT_END) {
			break;
		}
	}
	return found;
}

/* is the node name @node_name what path component @c (@len) asks for? */
static bool name_matches(const char *node_name, const char *c, size_t len)
{
	if (strlen(node_name) == len && !memcmp(node_name, c, len))
		return true;
	/* "memory" for "memory@70000000" */
	return !memchr(c, '@', len) && !strncmp(node_name, c, len) &&
		node_name[len] == '@';
}

static int find_child(const struct jh_fdt *fdt, int node, const char *c,
		      size_t len)
{
	uint32_t off, next, token;
	unsigned int depth = 0;

	token_at(fdt, node, &off);
	for (;; off = next) {
		token = token_at(fdt, off, &next);
		if (token == FDT_BEGIN_NODE) {
			if (depth == 0 &&
			    name_matches((const char *)sp(fdt, off + 4), c,
					 len))
				return off;
			depth++;
		} else if (token == FDT_END_NODE) {
			if (depth-- == 0)
				return -1;
		} else if (token == FDT_END) {
			return -1;
		}
	}
}

static int root_node(const struct jh_fdt *fdt)
{
	uint32_t off = 0, next;

	while (token_at(fdt, off, &next) == FDT_NOP)
		off = next;
	return off;
}

int jh_fdt_path_offset(const struct jh_fdt *fdt, const char *path)
{
	const char *end;
	int node;

	if (!fdt->buf || *path != '/')
		return -1;
	node = root_node(fdt);
	while (node >= 0) {
		while (*path == '/')
			path++;
		if (!*path)
			break;
		end = strchr(path, '/');
		if (!end)
			end = path + strlen(path);
		node = find_child(fdt, node, path, end - path);
		path = end;
	}
	return node;
}

const void *jh_fdt_getprop(const struct jh_fdt *fdt, int node,
			   const char *name, uint32_t *len)
{
	int prop;

	if (!valid_node(fdt, node))
		return NULL;
	prop = find_prop(fdt, node, name, NULL);
	if (prop < 0)
		return NULL;
	if (len)
		*len = rd32(sp(fdt, prop + 4));
	return sp(fdt, prop + 12);
}

uint32_t jh_fdt_getprop_u32(const struct jh_fdt *fdt, int node,
			    const char *name, uint32_t fallback)
{
	const void *value;
	uint32_t len;

	value = jh_fdt_getprop(fdt, node, name, &len);
	if (!value || len != 4)
		return fallback;
	return rd32(value);
}

/* ---- edits ---- */

/*
 * Replaces @old_len bytes at blob offset @at by @new_len bytes (zeros)
 * and moves everything after; blocks after @at move along.  Returns 0 or
 * -1 when out of memory.
 */
static int splice(struct jh_fdt *fdt, uint32_t at, uint32_t old_len,
		  uint32_t new_len)
{
	uint32_t total = total_size(fdt);
	size_t need = (size_t)total - old_len + new_len;
	uint8_t *buf;

	if (need > fdt->cap) {
		buf = realloc(fdt->buf, need + FDT_SLACK);
		if (!buf)
			return -1;
		fdt->buf = buf;
		fdt->cap = need + FDT_SLACK;
	}
	memmove(fdt->buf + at + new_len, fdt->buf + at + old_len,
		total - at - old_len);
	if (new_len)
		memset(fdt->buf + at, 0, new_len);
	/* the structure block ends with FDT_END: no edit there is at its end */
	if (at < fdt->off_strings) {
		fdt->size_struct += new_len - old_len;
		fdt->off_strings += new_len - old_len;
	} else {
		fdt->size_strings += new_len - old_len;
	}
	return 0;
}

/* offset of @name in the strings block, added if missing; or -1 */
static int64_t string_offset(struct jh_fdt *fdt, const char *name)
{
	const char *str = (const char *)fdt->buf + fdt->off_strings;
	size_t len = strlen(name) + 1;
	uint32_t off, at;

	for (off = 0; off + len <= fdt->size_strings; off++)
		if (!memcmp(str + off, name, len))
			return off;
	at = fdt->size_strings;
	/* appended at the very end: the structure block stays put */
	if (splice(fdt, fdt->off_strings + at, 0, len) < 0)
		return -1;
	memcpy(fdt->buf + fdt->off_strings + at, name, len);
	return at;
}

int jh_fdt_setprop(struct jh_fdt *fdt, int node, const char *name,
		   const void *value, uint32_t len)
{
	uint32_t insert, old_len;
	int64_t nameoff;
	int prop;

	if (!valid_node(fdt, node))
		return -1;
	nameoff = string_offset(fdt, name);
	if (nameoff < 0)
		return -1;
	prop = find_prop(fdt, node, name, &insert);
	if (prop >= 0) {
		old_len = pad4(rd32(sp(fdt, prop + 4)));
		if (splice(fdt, fdt->off_struct + prop + 12, old_len,
			   pad4(len)) < 0)
			return -1;
	} else {
		prop = insert;
		if (splice(fdt, fdt->off_struct + prop, 0, 12 + pad4(len)) < 0)
			return -1;
		wr32(fdt->buf + fdt->off_struct + prop, FDT_PROP);
		wr32(fdt->buf + fdt->off_struct + prop + 8, nameoff);
	}
	wr32(fdt->buf + fdt->off_struct + prop + 4, len);
	if (len)
		memcpy(fdt->buf + fdt->off_struct + prop + 12, value, len);
	return 0;
}

int jh_fdt_setprop_string(struct jh_fdt *fdt, int node, const char *name,
			  const char *value)
{
	return jh_fdt_setprop(fdt, node, name, value, strlen(value) + 1);
}

int jh_fdt_setprop_cells(struct jh_fdt *fdt, int node, const char *name,
			 unsigned int cells, uint64_t value)
{
	uint8_t v[8];

	if (cells == 1) {
		if (value > UINT32_MAX)
			return -1;
		wr32(v, value);
		return jh_fdt_setprop(fdt, node, name, v, 4);
	}
	if (cells != 2)
		return -1;
	wr32(v, value >> 32);
	wr32(v + 4, value);
	return jh_fdt_setprop(fdt, node, name, v, 8);
}

int jh_fdt_delprop(struct jh_fdt *fdt, int node, const char *name)
{
	int prop;

	if (!valid_node(fdt, node))
		return -1;
	prop = find_prop(fdt, node, name, NULL);
	if (prop < 0)
		return 0;
	return splice(fdt, fdt->off_struct + prop, 12 +
		      pad4(rd32(sp(fdt, prop + 4))), 0);
}

int jh_fdt_add_subnode(struct jh_fdt *fdt, int parent, const char *name)
{
	uint32_t insert, name_len = strlen(name) + 1;
	uint8_t *p;

	if (!valid_node(fdt, parent) || name_len == 1 || strchr(name, '/'))
		return -1;
	/* where a property would go: children follow the properties */
	find_prop(fdt, parent, "", &insert);
	if (splice(fdt, fdt->off_struct + insert, 0,
		   8 + pad4(name_len)) < 0)
		return -1;
	p = fdt->buf + fdt->off_struct + insert;
	wr32(p, FDT_BEGIN_NODE);
	memcpy(p + 4, name, name_len);
	wr32(p + 4 + pad4(name_len), FDT_END_NODE);
	return insert;
}
