// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the flattened device tree reader/editor (tools/fdt.c) and
 * of the /chosen edits of "jailhouse cell linux" (tools/linux-boot.c).
 *
 * Blobs are built here token by token, so that each malformed variant is
 * one change away from a valid tree; every edited tree is opened again,
 * which checks it completely.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fdt.h"
#include "linux-boot.h"

#define BEGIN_NODE	1
#define END_NODE	2
#define PROP		3
#define NOP		4
#define END		9

/* ---- a small blob builder ---- */

struct builder {
	uint8_t st[2048];
	uint32_t st_len;
	char str[512];
	uint32_t str_len;
	uint8_t out[4096];
	uint32_t out_len;
};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static void tok(struct builder *b, uint32_t t)
{
	put32(b->st + b->st_len, t);
	b->st_len += 4;
}

static void node(struct builder *b, const char *name)
{
	size_t len = strlen(name) + 1;

	tok(b, BEGIN_NODE);
	memset(b->st + b->st_len, 0, (len + 3) & ~3UL);
	memcpy(b->st + b->st_len, name, len);
	b->st_len += (len + 3) & ~3UL;
}

static uint32_t string(struct builder *b, const char *s)
{
	uint32_t off;

	for (off = 0; off < b->str_len; off += strlen(b->str + off) + 1)
		if (!strcmp(b->str + off, s))
			return off;
	strcpy(b->str + b->str_len, s);
	b->str_len += strlen(s) + 1;
	return off;
}

static void prop(struct builder *b, const char *name, const void *v,
		 uint32_t len)
{
	tok(b, PROP);
	tok(b, len);
	tok(b, string(b, name));
	memset(b->st + b->st_len, 0, (len + 3) & ~3U);
	memcpy(b->st + b->st_len, v, len);
	b->st_len += (len + 3) & ~3U;
}

static void prop_str(struct builder *b, const char *name, const char *v)
{
	prop(b, name, v, strlen(v) + 1);
}

static void prop_u32(struct builder *b, const char *name, uint32_t v)
{
	uint8_t be[4];

	put32(be, v);
	prop(b, name, be, 4);
}

/* header, one reservation (0x1000 at 0x7fc00000), structure, strings */
static const uint8_t *finish(struct builder *b, uint32_t version)
{
	uint32_t rsv = 40, st = rsv + 32, str = st + b->st_len;

	memset(b->out, 0, sizeof(b->out));
	put32(b->out, JH_FDT_MAGIC);
	put32(b->out + 4, str + b->str_len);
	put32(b->out + 8, st);
	put32(b->out + 12, str);
	put32(b->out + 16, rsv);
	put32(b->out + 20, version);
	put32(b->out + 24, 16);
	put32(b->out + 32, b->str_len);
	put32(b->out + 36, version >= 17 ? b->st_len : 0);
	put32(b->out + rsv + 4, 0x7fc00000);
	put32(b->out + rsv + 12, 0x1000);
	memcpy(b->out + st, b->st, b->st_len);
	memcpy(b->out + str, b->str, b->str_len);
	b->out_len = str + b->str_len;
	return b->out;
}

/*
 * / { #address-cells = 2; model; chosen { bootargs; initrd }
 *     memory@70000000 { device_type }; cpus { cpu@2 { reg } } }
 */
static const uint8_t *sample(struct builder *b, bool with_chosen,
			     uint32_t addr_cells)
{
	memset(b, 0, sizeof(*b));
	tok(b, NOP);
	node(b, "");
	prop_u32(b, "#address-cells", addr_cells);
	prop_str(b, "model", "test board");
	if (with_chosen) {
		node(b, "chosen");
		prop_str(b, "bootargs", "console=old");
		prop_u32(b, "linux,initrd-start", 0x74000000);
		prop_u32(b, "linux,initrd-end", 0x74400000);
		tok(b, END_NODE);
	}
	node(b, "memory@70000000");
	prop_str(b, "device_type", "memory");
	tok(b, END_NODE);
	node(b, "cpus");
	node(b, "cpu@2");
	prop_u32(b, "reg", 2);
	tok(b, END_NODE);
	tok(b, END_NODE);
	tok(b, END_NODE);
	tok(b, END);
	return finish(b, 17);
}

static char err[256];

static void open_ok(struct jh_fdt *fdt, const void *blob, size_t size)
{
	int ret = jh_fdt_open(fdt, blob, size, err, sizeof(err));

	if (ret)
		fail_msg("jh_fdt_open: %s", err);
}

static void open_fails(const void *blob, size_t size, const char *what)
{
	struct jh_fdt fdt;

	err[0] = '\0';
	assert_int_equal(jh_fdt_open(&fdt, blob, size, err, sizeof(err)), -1);
	if (!strstr(err, what))
		fail_msg("expected \"%s\" in \"%s\"", what, err);
	assert_null(fdt.buf);
}

/* the edited blob passes the full check again; returns the copy */
static void reopen(struct jh_fdt *fdt, struct jh_fdt *copy)
{
	const void *blob;
	size_t size;

	blob = jh_fdt_blob(fdt, &size);
	assert_int_equal(get32(blob), JH_FDT_MAGIC);
	assert_int_equal(get32((const uint8_t *)blob + 4), size);
	assert_int_equal(get32((const uint8_t *)blob + 20), 17);
	open_ok(copy, blob, size);
}

static const char *str_prop(const struct jh_fdt *fdt, const char *path,
			    const char *name)
{
	int node = jh_fdt_path_offset(fdt, path);
	const char *v;
	uint32_t len;

	if (node < 0)
		return NULL;
	v = jh_fdt_getprop(fdt, node, name, &len);
	if (v)
		assert_int_equal(v[len - 1], '\0');
	return v;
}

static uint64_t num_prop(const struct jh_fdt *fdt, const char *path,
			 const char *name, uint32_t *len)
{
	const uint8_t *v;
	int node = jh_fdt_path_offset(fdt, path);

	assert_true(node >= 0);
	v = jh_fdt_getprop(fdt, node, name, len);
	assert_non_null(v);
	if (*len == 4)
		return get32(v);
	assert_int_equal(*len, 8);
	return (uint64_t)get32(v) << 32 | get32(v + 4);
}

/* ---- reading ---- */

static void test_open_and_lookup(void **state)
{
	struct builder b;
	struct jh_fdt fdt;
	const uint8_t *blob = sample(&b, true, 2);
	int root, mem;

	(void)state;
	open_ok(&fdt, blob, b.out_len);
	root = jh_fdt_path_offset(&fdt, "/");
	assert_true(root >= 0);
	assert_int_equal(jh_fdt_getprop_u32(&fdt, root, "#address-cells", 0),
			 2);
	assert_int_equal(jh_fdt_getprop_u32(&fdt, root, "#size-cells", 7), 7);
	assert_string_equal(str_prop(&fdt, "/", "model"), "test board");
	assert_string_equal(str_prop(&fdt, "/chosen", "bootargs"),
			    "console=old");
	/* a unit address may be left out, not the other way round */
	mem = jh_fdt_path_offset(&fdt, "/memory");
	assert_true(mem >= 0);
	assert_int_equal(jh_fdt_path_offset(&fdt, "/memory@70000000"), mem);
	assert_int_equal(jh_fdt_path_offset(&fdt, "/memory@80000000"), -1);
	assert_int_equal(jh_fdt_path_offset(&fdt, "/mem"), -1);
	assert_true(jh_fdt_path_offset(&fdt, "/cpus/cpu@2") >= 0);
	assert_true(jh_fdt_path_offset(&fdt, "/cpus/cpu") >= 0);
	assert_int_equal(jh_fdt_path_offset(&fdt, "/cpu@2"), -1);
	assert_int_equal(jh_fdt_path_offset(&fdt, "chosen"), -1);
	/* a property of a child is not the node's */
	assert_null(jh_fdt_getprop(&fdt, root, "reg", NULL));
	assert_null(jh_fdt_getprop(&fdt, root, "bootargs", NULL));
	jh_fdt_close(&fdt);
}

static void test_version_16_accepted(void **state)
{
	struct builder b;
	struct jh_fdt fdt, copy;

	(void)state;
	sample(&b, true, 2);
	open_ok(&fdt, finish(&b, 16), b.out_len);
	assert_string_equal(str_prop(&fdt, "/chosen", "bootargs"),
			    "console=old");
	reopen(&fdt, &copy);
	jh_fdt_close(&copy);
	jh_fdt_close(&fdt);
}

static void test_bad_blobs_refused(void **state)
{
	struct builder b;
	uint8_t blob[4096];
	uint32_t size, st, str;

	(void)state;
	sample(&b, true, 2);
	size = b.out_len;
	st = get32(b.out + 8);
	str = get32(b.out + 12);

#define MUTATE(what, ...) do {						\
		memcpy(blob, b.out, size);				\
		__VA_ARGS__;						\
		open_fails(blob, size, what);				\
	} while (0)

	open_fails(b.out, 3, "too short");
	MUTATE("bad magic 0x7f454c46", memcpy(blob, "\x7f" "ELF", 4));
	open_fails(b.out, 39, "the header alone has 40");
	open_fails(b.out, size - 1, "truncated: its header says");
	MUTATE("version 15 not supported", put32(blob + 20, 15));
	MUTATE("compatible only down to 18", put32(blob + 24, 18));
	MUTATE("structure block at bad offset", put32(blob + 8, st + 2));
	MUTATE("strings block", put32(blob + 32, size));
	MUTATE("memory reservation block at bad offset",
	       put32(blob + 16, 44));
	/* reservations running into the rest without a terminator */
	MUTATE("reservation block not terminated",
	       memset(blob + 40, 0xff, size - 40));
	/* the root's END_NODE replaced by END */
	MUTATE("FDT_END inside a node", put32(blob + st + get32(blob + 36) - 8,
					      END));
	/* no FDT_END: a NOP instead */
	MUTATE("without FDT_END", put32(blob + st + get32(blob + 36) - 4,
					NOP));
	MUTATE("unknown token 0x7", put32(blob + st, 7));
	/* #address-cells' name offset beyond the strings */
	/* NOP, BEGIN_NODE "", then PROP, its length and name offset */
	MUTATE("name offset 4000", put32(blob + st + 20, 4000));
	MUTATE("beyond the structure block", put32(blob + st + 16, 0x10000));
	MUTATE("the root node has a name", blob[st + 8] = 'x');
	/* the strings block cut before #address-cells' NUL */
	MUTATE("outside the strings block", put32(blob + 32, 3);
	       put32(blob + 4, str + 3));
#undef MUTATE
}

/* ---- editing ---- */

static void test_setprop_replace_add_delete(void **state)
{
	struct builder b;
	struct jh_fdt fdt, copy;
	const uint8_t *blob = sample(&b, true, 2);
	static const char long_args[] =
		"console=ttyS0,115200 earlycon a-much-longer-command-line=1";
	int chosen, cpu;
	uint32_t len;
	size_t size;

	(void)state;
	open_ok(&fdt, blob, b.out_len);
	chosen = jh_fdt_path_offset(&fdt, "/chosen");
	/* longer, then shorter: what follows moves along */
	assert_int_equal(jh_fdt_setprop_string(&fdt, chosen, "bootargs",
					       long_args), 0);
	assert_string_equal(str_prop(&fdt, "/chosen", "bootargs"),
			    long_args);
	assert_int_equal(num_prop(&fdt, "/cpus/cpu@2", "reg", &len), 2);
	assert_string_equal(str_prop(&fdt, "/memory", "device_type"),
			    "memory");
	chosen = jh_fdt_path_offset(&fdt, "/chosen");
	assert_int_equal(jh_fdt_setprop_string(&fdt, chosen, "bootargs", "q"),
			 0);
	assert_string_equal(str_prop(&fdt, "/chosen", "bootargs"), "q");

	/* a new property with a new name, one with a known name */
	cpu = jh_fdt_path_offset(&fdt, "/cpus/cpu@2");
	assert_int_equal(jh_fdt_setprop_string(&fdt, cpu, "status", "okay"),
			 0);
	cpu = jh_fdt_path_offset(&fdt, "/cpus/cpu@2");
	assert_int_equal(jh_fdt_setprop_string(&fdt, cpu, "model", "a53"), 0);
	assert_string_equal(str_prop(&fdt, "/cpus/cpu@2", "status"), "okay");
	assert_string_equal(str_prop(&fdt, "/cpus/cpu@2", "model"), "a53");
	assert_string_equal(str_prop(&fdt, "/", "model"), "test board");
	/* "model" was in the strings block already */
	assert_int_equal(fdt.size_strings, b.str_len + sizeof("status"));

	/* empty value, then gone */
	chosen = jh_fdt_path_offset(&fdt, "/chosen");
	assert_int_equal(jh_fdt_setprop(&fdt, chosen, "linux,empty", NULL, 0),
			 0);
	chosen = jh_fdt_path_offset(&fdt, "/chosen");
	assert_non_null(jh_fdt_getprop(&fdt, chosen, "linux,empty", &len));
	assert_int_equal(len, 0);
	assert_int_equal(jh_fdt_delprop(&fdt, chosen, "linux,empty"), 0);
	assert_int_equal(jh_fdt_delprop(&fdt, chosen, "linux,initrd-start"),
			 0);
	assert_int_equal(jh_fdt_delprop(&fdt, chosen, "no-such"), 0);
	assert_null(jh_fdt_getprop(&fdt, chosen, "linux,initrd-start", NULL));
	assert_int_equal(num_prop(&fdt, "/chosen", "linux,initrd-end", &len),
			 0x74400000);

	/* bad node offsets */
	assert_int_equal(jh_fdt_setprop(&fdt, -1, "x", "", 1), -1);
	assert_int_equal(jh_fdt_setprop(&fdt, 2, "x", "", 1), -1);
	assert_int_equal(jh_fdt_setprop(&fdt, 100000, "x", "", 1), -1);

	reopen(&fdt, &copy);
	assert_string_equal(str_prop(&copy, "/chosen", "bootargs"), "q");
	assert_string_equal(str_prop(&copy, "/cpus/cpu@2", "status"), "okay");
	/* the memory reservation came along */
	blob = jh_fdt_blob(&copy, &size);
	assert_int_equal(get32(blob + get32(blob + 16) + 4), 0x7fc00000);
	jh_fdt_close(&copy);
	jh_fdt_close(&fdt);
}

static void test_add_subnode(void **state)
{
	struct builder b;
	struct jh_fdt fdt, copy;
	int root, chosen;

	(void)state;
	sample(&b, false, 2);
	open_ok(&fdt, b.out, b.out_len);
	assert_int_equal(jh_fdt_path_offset(&fdt, "/chosen"), -1);
	root = jh_fdt_path_offset(&fdt, "/");
	assert_int_equal(jh_fdt_add_subnode(&fdt, root, ""), -1);
	assert_int_equal(jh_fdt_add_subnode(&fdt, root, "a/b"), -1);
	chosen = jh_fdt_add_subnode(&fdt, root, "chosen");
	assert_true(chosen > 0);
	assert_int_equal(jh_fdt_path_offset(&fdt, "/chosen"), chosen);
	assert_int_equal(jh_fdt_setprop_string(&fdt, chosen, "bootargs",
					       "x=1"), 0);
	reopen(&fdt, &copy);
	assert_string_equal(str_prop(&copy, "/chosen", "bootargs"), "x=1");
	assert_string_equal(str_prop(&copy, "/", "model"), "test board");
	assert_true(jh_fdt_path_offset(&copy, "/cpus/cpu@2") >= 0);
	jh_fdt_close(&copy);
	jh_fdt_close(&fdt);
}

static void test_grows_beyond_slack(void **state)
{
	struct builder b;
	struct jh_fdt fdt, copy;
	char *big = malloc(20000), name[32];
	int chosen, n;

	(void)state;
	memset(big, 'a', 19999);
	big[19999] = '\0';
	sample(&b, true, 2);
	open_ok(&fdt, b.out, b.out_len);
	chosen = jh_fdt_path_offset(&fdt, "/chosen");
	assert_int_equal(jh_fdt_setprop_string(&fdt, chosen, "bootargs", big),
			 0);
	for (n = 0; n < 200; n++) {
		snprintf(name, sizeof(name), "prop-%d", n);
		chosen = jh_fdt_path_offset(&fdt, "/chosen");
		assert_int_equal(jh_fdt_setprop_string(&fdt, chosen, name,
						       name), 0);
	}
	reopen(&fdt, &copy);
	assert_string_equal(str_prop(&copy, "/chosen", "bootargs"), big);
	assert_string_equal(str_prop(&copy, "/chosen", "prop-199"),
			    "prop-199");
	jh_fdt_close(&copy);
	jh_fdt_close(&fdt);
	free(big);
}

/* ---- the edits of cell linux ---- */

static void test_patch_dt_replaces(void **state)
{
	struct builder b;
	struct jh_fdt fdt, copy;
	size_t size1, size2;
	uint32_t len;

	(void)state;
	sample(&b, true, 2);
	open_ok(&fdt, b.out, b.out_len);
	/* placeholders, then the addresses: the same size */
	assert_int_equal(jh_linux_patch_dt(&fdt, "console=ttyS0 new", 1, 2,
					   err, sizeof(err)), 0);
	jh_fdt_blob(&fdt, &size1);
	assert_int_equal(jh_linux_patch_dt(&fdt, "console=ttyS0 new",
					   0x72210000, 0x72610000, err,
					   sizeof(err)), 0);
	jh_fdt_blob(&fdt, &size2);
	assert_int_equal(size1, size2);
	reopen(&fdt, &copy);
	assert_string_equal(str_prop(&copy, "/chosen", "bootargs"),
			    "console=ttyS0 new");
	/* the root's #address-cells 2: 8 bytes, though the old had 4 */
	assert_int_equal(num_prop(&copy, "/chosen", "linux,initrd-start",
				  &len), 0x72210000);
	assert_int_equal(len, 8);
	assert_int_equal(num_prop(&copy, "/chosen", "linux,initrd-end", &len),
			 0x72610000);
	jh_fdt_close(&copy);
	jh_fdt_close(&fdt);
}

static void test_patch_dt_creates_chosen(void **state)
{
	struct builder b;
	struct jh_fdt fdt, copy;
	uint32_t len;

	(void)state;
	sample(&b, false, 1);
	open_ok(&fdt, b.out, b.out_len);
	assert_int_equal(jh_linux_patch_dt(&fdt, "root=/dev/ram", 0x80000000,
					   0x80400000, err, sizeof(err)), 0);
	reopen(&fdt, &copy);
	assert_string_equal(str_prop(&copy, "/chosen", "bootargs"),
			    "root=/dev/ram");
	/* #address-cells 1: 4 bytes */
	assert_int_equal(num_prop(&copy, "/chosen", "linux,initrd-start",
				  &len), 0x80000000);
	assert_int_equal(len, 4);
	jh_fdt_close(&copy);

	/* above 4 GiB, 4 bytes are not enough */
	assert_int_equal(jh_linux_patch_dt(&fdt, NULL, 0x100000000ULL,
					   0x100400000ULL, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "#address-cells is 1"));
	jh_fdt_close(&fdt);
}

static void test_patch_dt_without_initrd_or_cmdline(void **state)
{
	struct builder b;
	struct jh_fdt fdt;
	int chosen;

	(void)state;
	sample(&b, true, 2);
	open_ok(&fdt, b.out, b.out_len);
	/* no -c: bootargs stay; no -i: the old initramfs is forgotten */
	assert_int_equal(jh_linux_patch_dt(&fdt, NULL, 0, 0, err,
					   sizeof(err)), 0);
	assert_string_equal(str_prop(&fdt, "/chosen", "bootargs"),
			    "console=old");
	chosen = jh_fdt_path_offset(&fdt, "/chosen");
	assert_null(jh_fdt_getprop(&fdt, chosen, "linux,initrd-start", NULL));
	assert_null(jh_fdt_getprop(&fdt, chosen, "linux,initrd-end", NULL));
	jh_fdt_close(&fdt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_and_lookup),
		cmocka_unit_test(test_version_16_accepted),
		cmocka_unit_test(test_bad_blobs_refused),
		cmocka_unit_test(test_setprop_replace_add_delete),
		cmocka_unit_test(test_add_subnode),
		cmocka_unit_test(test_grows_beyond_slack),
		cmocka_unit_test(test_patch_dt_replaces),
		cmocka_unit_test(test_patch_dt_creates_chosen),
		cmocka_unit_test(test_patch_dt_without_initrd_or_cmdline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
