// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the hypervisor's C library subset (hypervisor/core/lib.c)
 * and the inline helpers of hv/lib.h.  They run under their hv_ names
 * (see hv-host.h) and are compared with the C library's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

/* the C library's, as the reference */
static int libc_memcmp(const void *a, const void *b, size_t n)
{
	return memcmp(a, b, n);
}

static int libc_strncmp(const char *a, const char *b, size_t n)
{
	return strncmp(a, b, n);
}

#include "hv-host.h"
#include <hv/lib.h>

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void test_memset(void **state)
{
	u8 buf[32];
	unsigned int n;

	(void)state;
	for (n = 0; n < sizeof(buf); n++)
		buf[n] = n;
	assert_ptr_equal(memset(buf + 3, 0x1ab, 10), buf + 3);
	for (n = 0; n < sizeof(buf); n++)
		assert_int_equal(buf[n], n >= 3 && n < 13 ? 0xab : n);
	assert_ptr_equal(memset(buf, 0, 0), buf);
	assert_int_equal(buf[0], 0);
	assert_int_equal(buf[1], 1);
}

static void test_memcpy(void **state)
{
	u8 src[32], dst[32];
	unsigned int n;

	(void)state;
	for (n = 0; n < sizeof(src); n++) {
		src[n] = 0x80 + n;
		dst[n] = 0;
	}
	assert_ptr_equal(memcpy(dst + 1, src + 2, 20), dst + 1);
	assert_int_equal(dst[0], 0);
	for (n = 1; n <= 20; n++)
		assert_int_equal(dst[n], src[n + 1]);
	assert_int_equal(dst[21], 0);
	assert_ptr_equal(memcpy(dst, src, 0), dst);
	assert_int_equal(dst[0], 0);
}

static void test_memcmp(void **state)
{
	static const struct {
		const char *a, *b;
		size_t n;
	} cases[] = {
		{ "abc", "abc", 3 }, { "abc", "abd", 3 }, { "abd", "abc", 3 },
		{ "abc", "abd", 2 }, { "", "", 0 }, { "a", "b", 0 },
		/* bytes compare unsigned */
		{ "\x80", "\x01", 1 }, { "\x01", "\xff", 1 },
	};
	unsigned int n;

	(void)state;
	for (n = 0; n < ARRAY_SIZE(cases); n++)
		assert_int_equal(sign(memcmp(cases[n].a, cases[n].b,
					     cases[n].n)),
				 sign(libc_memcmp(cases[n].a, cases[n].b,
						  cases[n].n)));
}

static void test_strings(void **state)
{
	static const struct {
		const char *a, *b;
		size_t n;
	} cases[] = {
		{ "abc", "abc", 10 }, { "abc", "abd", 10 },
		{ "abd", "abc", 10 }, { "abc", "abd", 2 },
		{ "ab", "abc", 10 }, { "abc", "ab", 10 }, { "ab", "abc", 2 },
		{ "", "", 1 }, { "x", "y", 0 },
		{ "qemu-arm64\0x", "qemu-arm64\0y", 12 },
		{ "\xe9", "e", 2 },
	};
	unsigned int n;

	(void)state;
	assert_int_equal(strlen(""), 0);
	assert_int_equal(strlen("jailhouse"), 9);
	for (n = 0; n < ARRAY_SIZE(cases); n++)
		assert_int_equal(sign(strncmp(cases[n].a, cases[n].b,
					      cases[n].n)),
				 sign(libc_strncmp(cases[n].a, cases[n].b,
						   cases[n].n)));
}

static void test_bit_helpers(void **state)
{
	unsigned long bits[2] = { 0x8000000000000001UL, 0x4UL };

	(void)state;
	assert_int_equal(hweight64(0), 0);
	assert_int_equal(hweight64(0xf), 4);
	assert_int_equal(hweight64(~0ULL), 64);
	assert_true(test_bit(0, bits));
	assert_false(test_bit(1, bits));
	assert_true(test_bit(63, bits));
	assert_false(test_bit(64, bits));
	assert_true(test_bit(66, bits));
	assert_int_equal(GENMASK_ULL(7, 4), 0xf0);
	assert_int_equal(GENMASK_ULL(63, 0), ~0ULL);
	assert_int_equal(PAGE_ALIGN(0x1001), 0x2000);
	assert_int_equal(PAGE_ALIGN(0x1000), 0x1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memset),
		cmocka_unit_test(test_memcpy),
		cmocka_unit_test(test_memcmp),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_bit_helpers),
	};

	return cmocka_run_group_tests_name("lib", tests, NULL, NULL);
}
