// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the MMIO dispatcher (hypervisor/core/mmio.c): region
 * registration (sizes, overlaps, adjacency, the table limit), dispatch by
 * address with region-relative offsets, accesses running past a region's
 * end, unhandled accesses, unregistration, and the sized accessors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hv/mmio.h>

/* what a handler saw */
struct probe {
	unsigned int calls;
	struct mmio_access seen;
	enum mmio_result result;
	u64 read_value;
};

static enum mmio_result probe_handler(void *arg, struct mmio_access *access)
{
	struct probe *p = arg;

	p->calls++;
	p->seen = *access;
	if (!access->is_write)
		access->value = p->read_value;
	return p->result;
}

static enum mmio_result other_handler(void *arg, struct mmio_access *access)
{
	return probe_handler(arg, access);
}

static enum mmio_result access(struct mmio_region_list *list, u64 addr,
			       unsigned int size, bool write, u64 *value)
{
	struct mmio_access a = {
		.address = addr, .size = size, .is_write = write,
		.value = value ? *value : 0,
	};
	enum mmio_result res = mmio_handle_access(list, &a);

	/* the caller's address is left as it was */
	assert_int_equal(a.address, addr);
	if (value)
		*value = a.value;
	return res;
}

static void test_register_args(void **state)
{
	struct mmio_region_list list = { 0 };
	struct probe p = { 0 };

	(void)state;
	assert_int_equal(mmio_region_register(&list, 0x1000, 0, probe_handler,
					      &p), -EINVAL);
	assert_int_equal(mmio_region_register(&list, 0x1000, 0x100, NULL,
					      &p), -EINVAL);
	assert_int_equal(list.num, 0);
	assert_int_equal(mmio_region_register(&list, 0x1000, 0x100,
					      probe_handler, &p), 0);
	assert_int_equal(list.num, 1);
	assert_int_equal(list.regions[0].start, 0x1000);
	assert_int_equal(list.regions[0].size, 0x100);
	assert_ptr_equal(list.regions[0].arg, &p);
	/* a NULL argument is fine */
	assert_int_equal(mmio_region_register(&list, 0x2000, 1, probe_handler,
					      NULL), 0);
	assert_int_equal(list.num, 2);
}

static void test_overlap(void **state)
{
	static const struct {
		u64 start, size;
		int ret;
	} cases[] = {
		{ 0x1000, 0x100, -EEXIST },	/* the same */
		{ 0x10ff, 0x1, -EEXIST },	/* last byte */
		{ 0x0f00, 0x101, -EEXIST },	/* first byte from below */
		{ 0x10f0, 0x100, -EEXIST },	/* end from above */
		{ 0x1010, 0x10, -EEXIST },	/* inside */
		{ 0x0800, 0x1000, -EEXIST },	/* around */
		{ 0x0f00, 0x100, 0 },		/* adjacent below */
		{ 0x1100, 0x100, 0 },		/* adjacent above */
		{ 0x2000, 0x1000, 0 },		/* apart */
	};
	struct mmio_region_list list;
	struct probe p = { 0 };
	unsigned int n;

	(void)state;
	for (n = 0; n < ARRAY_SIZE(cases); n++) {
		memset(&list, 0, sizeof(list));
		assert_int_equal(mmio_region_register(&list, 0x1000, 0x100,
						      probe_handler, &p), 0);
		if (mmio_region_register(&list, cases[n].start, cases[n].size,
					 probe_handler, &p) != cases[n].ret)
			fail_msg("case %u: 0x%llx+0x%llx: expected %d", n,
				 (unsigned long long)cases[n].start,
				 (unsigned long long)cases[n].size,
				 cases[n].ret);
		assert_int_equal(list.num, cases[n].ret ? 1 : 2);
	}
}

static void test_table_full(void **state)
{
	struct mmio_region_list list = { 0 };
	struct probe p = { 0 };
	unsigned int n;
	u64 v;

	(void)state;
	for (n = 0; n < MMIO_MAX_REGIONS; n++)
		assert_int_equal(mmio_region_register(&list, n * 0x1000,
						      0x1000, probe_handler,
						      &p), 0);
	assert_int_equal(mmio_region_register(&list, 0x100000, 0x1000,
					      probe_handler, &p), -ENOMEM);
	/* an overlap is still reported as such */
	assert_int_equal(mmio_region_register(&list, 0, 0x1000,
					      probe_handler, &p), -EEXIST);
	assert_int_equal(list.num, MMIO_MAX_REGIONS);

	/* the last one works */
	assert_int_equal(access(&list, (MMIO_MAX_REGIONS - 1) * 0x1000 + 4,
				4, false, &v), MMIO_UNHANDLED);
	p.result = MMIO_HANDLED;
	assert_int_equal(access(&list, (MMIO_MAX_REGIONS - 1) * 0x1000 + 4,
				4, false, &v), MMIO_HANDLED);
	assert_int_equal(p.seen.address, 4);
}

static void test_dispatch(void **state)
{
	struct mmio_region_list list = { 0 };
	struct probe a = { .result = MMIO_HANDLED, .read_value = 0x1234 };
	struct probe b = { .result = MMIO_HANDLED, .read_value = 0xab };
	u64 v;

	(void)state;
	assert_int_equal(mmio_region_register(&list, 0x08000000, 0x10000,
					      probe_handler, &a), 0);
	assert_int_equal(mmio_region_register(&list, 0x08010000, 0x1000,
					      other_handler, &b), 0);

	/* a read at the start of a: offset 0 */
	v = 0;
	assert_int_equal(access(&list, 0x08000000, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(a.calls, 1);
	assert_int_equal(a.seen.address, 0);
	assert_int_equal(a.seen.size, 4);
	assert_false(a.seen.is_write);
	assert_int_equal(v, 0x1234);

	/* a write at the last word of a */
	v = 0xdeadbeef;
	assert_int_equal(access(&list, 0x0800fffc, 4, true, &v),
			 MMIO_HANDLED);
	assert_int_equal(a.calls, 2);
	assert_int_equal(a.seen.address, 0xfffc);
	assert_true(a.seen.is_write);
	assert_int_equal(a.seen.value, 0xdeadbeef);
	assert_int_equal(b.calls, 0);

	/* the first byte of the adjacent region b */
	assert_int_equal(access(&list, 0x08010000, 1, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(b.calls, 1);
	assert_int_equal(b.seen.address, 0);
	assert_int_equal(b.seen.size, 1);
	assert_int_equal(v, 0xab);
	assert_int_equal(a.calls, 2);

	/* 8-byte access at the end of b */
	assert_int_equal(access(&list, 0x08010ff8, 8, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(b.seen.address, 0xff8);
	assert_int_equal(b.seen.size, 8);
}

static void test_unhandled(void **state)
{
	struct mmio_region_list list = { 0 };
	struct probe p = { .result = MMIO_HANDLED };
	u64 v;

	(void)state;
	/* an empty list */
	assert_int_equal(access(&list, 0x1000, 4, false, &v), MMIO_UNHANDLED);

	assert_int_equal(mmio_region_register(&list, 0x1000, 0x100,
					      probe_handler, &p), 0);
	assert_int_equal(access(&list, 0xfff, 1, false, &v), MMIO_UNHANDLED);
	assert_int_equal(access(&list, 0xffc, 4, false, &v), MMIO_UNHANDLED);
	assert_int_equal(access(&list, 0x1100, 4, true, &v), MMIO_UNHANDLED);
	assert_int_equal(access(&list, 0, 4, false, &v), MMIO_UNHANDLED);
	assert_int_equal(access(&list, ~0ULL, 1, false, &v), MMIO_UNHANDLED);
	assert_int_equal(p.calls, 0);
}

/* an access starting inside but running past the end is refused */
static void test_past_end(void **state)
{
	struct mmio_region_list list = { 0 };
	struct probe p = { .result = MMIO_HANDLED };
	u64 v;

	(void)state;
	assert_int_equal(mmio_region_register(&list, 0x1000, 0x100,
					      probe_handler, &p), 0);
	assert_int_equal(access(&list, 0x10fe, 4, false, &v), MMIO_ERROR);
	assert_int_equal(access(&list, 0x10f9, 8, true, &v), MMIO_ERROR);
	assert_int_equal(access(&list, 0x10ff, 2, false, &v), MMIO_ERROR);
	assert_int_equal(p.calls, 0);
	assert_int_equal(access(&list, 0x10ff, 1, false, &v), MMIO_HANDLED);
	assert_int_equal(access(&list, 0x10f8, 8, false, &v), MMIO_HANDLED);
	assert_int_equal(p.calls, 2);
}

/* a region at the top of the address space */
static void test_top_of_address_space(void **state)
{
	struct mmio_region_list list = { 0 };
	struct probe p = { .result = MMIO_HANDLED };
	u64 v;

	(void)state;
	assert_int_equal(mmio_region_register(&list, ~0ULL - 0xfff, 0x1000,
					      probe_handler, &p), 0);
	assert_int_equal(access(&list, ~0ULL - 3, 4, false, &v),
			 MMIO_HANDLED);
	assert_int_equal(p.seen.address, 0xffc);
	assert_int_equal(access(&list, ~0ULL - 1, 4, false, &v), MMIO_ERROR);
}

/* the handler's verdict is passed on */
static void test_handler_result(void **state)
{
	struct mmio_region_list list = { 0 };
	struct probe p = { 0 };
	u64 v = 7;

	(void)state;
	assert_int_equal(mmio_region_register(&list, 0x1000, 0x100,
					      probe_handler, &p), 0);
	p.result = MMIO_ERROR;
	assert_int_equal(access(&list, 0x1000, 4, true, &v), MMIO_ERROR);
	p.result = MMIO_UNHANDLED;
	assert_int_equal(access(&list, 0x1000, 4, true, &v), MMIO_UNHANDLED);
	/* a write leaves the value alone */
	assert_int_equal(v, 7);
	assert_int_equal(p.calls, 2);
}

static void test_unregister(void **state)
{
	struct mmio_region_list list = { 0 };
	struct probe p[4] = {
		{ .result = MMIO_HANDLED, .read_value = 0 },
		{ .result = MMIO_HANDLED, .read_value = 1 },
		{ .result = MMIO_HANDLED, .read_value = 2 },
		{ .result = MMIO_HANDLED, .read_value = 3 },
	};
	unsigned int n;
	u64 v;

	(void)state;
	for (n = 0; n < 4; n++)
		assert_int_equal(mmio_region_register(&list, n * 0x1000,
						      0x1000, probe_handler,
						      &p[n]), 0);

	/* not a region start: nothing happens */
	mmio_region_unregister(&list, 0x1800);
	mmio_region_unregister(&list, 0x10000);
	assert_int_equal(list.num, 4);

	mmio_region_unregister(&list, 0x1000);
	assert_int_equal(list.num, 3);
	assert_int_equal(access(&list, 0x1000, 4, false, &v), MMIO_UNHANDLED);
	for (n = 0; n < 4; n++) {
		if (n == 1)
			continue;
		assert_int_equal(access(&list, n * 0x1000 + 8, 4, false, &v),
				 MMIO_HANDLED);
		assert_int_equal(v, n);
	}

	/* the last and the first */
	mmio_region_unregister(&list, 0x3000);
	mmio_region_unregister(&list, 0x0);
	assert_int_equal(list.num, 1);
	assert_int_equal(access(&list, 0x2000, 4, false, &v), MMIO_HANDLED);
	assert_int_equal(v, 2);
	assert_int_equal(access(&list, 0x3000, 4, false, &v), MMIO_UNHANDLED);

	/* the place can be taken again, by something bigger */
	assert_int_equal(mmio_region_register(&list, 0x0, 0x2000,
					      probe_handler, &p[0]), 0);
	assert_int_equal(access(&list, 0x1ffc, 4, false, &v), MMIO_HANDLED);
	assert_int_equal(v, 0);

	mmio_region_unregister(&list, 0x0);
	mmio_region_unregister(&list, 0x2000);
	assert_int_equal(list.num, 0);
	mmio_region_unregister(&list, 0x2000);
	assert_int_equal(list.num, 0);
}

static void test_accessors(void **state)
{
	union {
		u8 b[16];
		u64 q[2];
	} buf;
	unsigned int size;

	(void)state;
	memset(&buf, 0x5a, sizeof(buf));
	mmio_write(&buf.b[1], 1, 0x1234);
	assert_int_equal(buf.b[1], 0x34);
	assert_int_equal(buf.b[0], 0x5a);
	assert_int_equal(buf.b[2], 0x5a);
	assert_int_equal(mmio_read(&buf.b[1], 1), 0x34);

	mmio_write(&buf.b[2], 2, 0xabcdef);
	assert_int_equal(mmio_read(&buf.b[2], 2), 0xcdef);
	assert_int_equal(buf.b[4], 0x5a);

	mmio_write(&buf.b[4], 4, 0x1122334455667788ULL);
	assert_int_equal(mmio_read(&buf.b[4], 4), 0x55667788);
	assert_int_equal(buf.b[8], 0x5a);

	mmio_write(&buf.b[8], 8, 0x0102030405060708ULL);
	assert_int_equal(mmio_read(&buf.b[8], 8), 0x0102030405060708ULL);
	assert_int_equal(buf.q[1], 0x0102030405060708ULL);

	/* little endian, as on the target */
	assert_int_equal(mmio_read(&buf.b[8], 1), 0x08);
	assert_int_equal(mmio_read(&buf.b[8], 2), 0x0708);
	assert_int_equal(mmio_read(&buf.b[8], 4), 0x05060708);

	/* the inline accessors directly */
	mmio_write8(&buf.b[0], 0xee);
	mmio_write16(&buf.b[2], 0xeeee);
	mmio_write32(&buf.b[4], 0xeeeeeeee);
	mmio_write64(&buf.q[1], ~0ULL);
	assert_int_equal(mmio_read8(&buf.b[0]), 0xee);
	assert_int_equal(mmio_read16(&buf.b[2]), 0xeeee);
	assert_int_equal(mmio_read32(&buf.b[4]), 0xeeeeeeee);
	assert_int_equal(mmio_read64(&buf.q[1]), ~0ULL);

	/* sizes other than 1, 2, 4 are 64-bit accesses */
	for (size = 8; size <= 16; size += 8) {
		mmio_write(&buf.q[0], size, 0x8877665544332211ULL);
		assert_int_equal(mmio_read(&buf.q[0], size),
				 0x8877665544332211ULL);
	}
}

/*
 * A pseudo-random sequence of registrations and unregistrations against a
 * simple model (a list of disjoint regions), probed after each step at
 * region edges and random addresses.
 */
struct model_region {
	u64 start, size;
	struct probe *probe;
};

static struct model_region model[MMIO_MAX_REGIONS];
static unsigned int model_num;

static const struct model_region *model_find(u64 addr)
{
	unsigned int n;

	for (n = 0; n < model_num; n++)
		if (addr >= model[n].start &&
		    addr - model[n].start < model[n].size)
			return &model[n];
	return NULL;
}

static void check_access(struct mmio_region_list *list, u64 addr,
			 unsigned int size)
{
	const struct model_region *r = model_find(addr);
	enum mmio_result want, got;
	u64 v = 0;

	if (!r)
		want = MMIO_UNHANDLED;
	else if (addr - r->start + size > r->size)
		want = MMIO_ERROR;
	else
		want = MMIO_HANDLED;
	got = access(list, addr, size, false, &v);
	if (got != want)
		fail_msg("0x%llx/%u: %d, expected %d",
			 (unsigned long long)addr, size, got, want);
	if (got == MMIO_HANDLED) {
		assert_int_equal(v, r->probe->read_value);
		assert_int_equal(r->probe->seen.address, addr - r->start);
	}
}

static void test_random_against_model(void **state)
{
	static struct probe probes[64];
	struct mmio_region_list list = { 0 };
	u64 seed = 2024, start, size;
	unsigned int round, n, k, added = 0, full = 0;
	bool overlap;
	int ret;

	(void)state;
	model_num = 0;
	for (n = 0; n < ARRAY_SIZE(probes); n++) {
		probes[n].result = MMIO_HANDLED;
		probes[n].read_value = 0x1000 + n;
	}
	for (round = 0; round < 2000; round++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		start = ((seed >> 20) % 0x400) * 0x10;
		size = 1 + (seed >> 40) % 0x80;
		if ((seed >> 8) % 3 == 0 && model_num) {
			/* unregister one, by its start */
			k = (seed >> 12) % model_num;
			mmio_region_unregister(&list, model[k].start);
			model[k] = model[--model_num];
		} else {
			overlap = false;
			for (n = 0; n < model_num; n++)
				if (start < model[n].start + model[n].size &&
				    model[n].start < start + size)
					overlap = true;
			k = round % ARRAY_SIZE(probes);
			ret = mmio_region_register(&list, start, size,
						   probe_handler, &probes[k]);
			if (overlap) {
				assert_int_equal(ret, -EEXIST);
			} else if (model_num == MMIO_MAX_REGIONS) {
				assert_int_equal(ret, -ENOMEM);
				full++;
			} else {
				assert_int_equal(ret, 0);
				model[model_num++] = (struct model_region){
					start, size, &probes[k] };
				added++;
			}
		}
		assert_int_equal(list.num, model_num);

		for (n = 0; n < model_num; n++) {
			check_access(&list, model[n].start, 1);
			check_access(&list, model[n].start - 1, 1);
			check_access(&list, model[n].start + model[n].size, 1);
			check_access(&list,
				     model[n].start + model[n].size - 1, 1);
			check_access(&list,
				     model[n].start + model[n].size - 2, 4);
		}
		for (n = 0; n < 8; n++) {
			seed = seed * 6364136223846793005ULL + 1;
			check_access(&list, (seed >> 30) % 0x4100,
				     1U << ((seed >> 20) % 4));
		}
	}
	/* the sequence went through all the interesting states */
	assert_true(added > 200);
	assert_true(full > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_args),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_table_full),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_unhandled),
		cmocka_unit_test(test_past_end),
		cmocka_unit_test(test_top_of_address_space),
		cmocka_unit_test(test_handler_result),
		cmocka_unit_test(test_unregister),
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_random_against_model),
	};

	return cmocka_run_group_tests_name("mmio", tests, NULL, NULL);
}
