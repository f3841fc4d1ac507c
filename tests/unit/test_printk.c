// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the hypervisor console (hypervisor/core/printk.c): its
 * vsnprintf (conversions, widths, padding, truncation), checked against
 * expected strings and, where the hypervisor follows C, against the C
 * library; and printk/console_putc output to the console ring (wrapping,
 * tail, busy flag) and to a UART.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

/* the C library's, as the reference, before hv-host.h renames the name */
static int libc_vsnprintf(char *buf, size_t size, const char *fmt,
			  va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}

#include "hv-host.h"
#include <hv/lib.h>
#include <hv/printk.h>
#include <hv/uart.h>
#include <jailhouse/fw-header.h>

#include "hv-host-shim.h"

/* no format attribute: some formats here are deliberately odd */
static int hv_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}

static int libc_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = libc_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}

/*
 * CHECK(expected, fmt, args): the hypervisor prints @expected and returns
 * its length; CHECK_C also wants the C library to agree.
 */
#define CHECK(expected, ...) do {					\
	char _buf[128];							\
	int _len;							\
									\
	memset(_buf, 0x7f, sizeof(_buf));				\
	_len = hv_fmt(_buf, sizeof(_buf), __VA_ARGS__);			\
	assert_string_equal(_buf, expected);				\
	assert_int_equal(_len, strlen(expected));			\
} while (0)

#define CHECK_C(expected, ...) do {					\
	char _ref[128];							\
									\
	CHECK(expected, __VA_ARGS__);					\
	libc_fmt(_ref, sizeof(_ref), __VA_ARGS__);			\
	assert_string_equal(_ref, expected);				\
} while (0)

static void test_hex(void **state)
{
	(void)state;
	CHECK_C("deadbeef", "%x", 0xdeadbeefU);
	CHECK_C("DEADBEEF", "%X", 0xdeadbeefU);
	CHECK_C("0", "%x", 0U);
	CHECK_C("123456789abcdef", "%lx", 0x123456789abcdefUL);
	CHECK_C("ffffffffffffffff", "%llx", ~0ULL);
	CHECK_C("ffffffffffffffff", "%lx", ~0UL);
	CHECK_C("00001234", "%08x", 0x1234U);
	CHECK_C("    1234", "%8x", 0x1234U);
	CHECK_C("1234    |", "%-8x|", 0x1234U);
	CHECK_C("0000000000c0ffee", "%016llx", 0xc0ffeeULL);
	CHECK_C("0x00000000", "0x%08x", 0U);
	/* a width smaller than the number */
	CHECK_C("123456", "%2x", 0x123456U);
	/* without l, only 32 bits are taken */
	CHECK_C("89abcdef 1", "%x %d", 0x89abcdefU, 1);
}

static void test_decimal(void **state)
{
	(void)state;
	CHECK_C("0", "%d", 0);
	CHECK_C("42", "%d", 42);
	CHECK_C("-42", "%d", -42);
	CHECK_C("7", "%i", 7);
	CHECK_C("  -42", "%5d", -42);
	CHECK_C("-0042", "%05d", -42);
	CHECK_C("-42  |", "%-5d|", -42);
	CHECK_C("00042", "%05d", 42);
	CHECK_C("42   |", "%-05d|", 42);
	CHECK_C("12345", "%3d", 12345);
	CHECK_C("-2147483648", "%d", INT_MIN);
	CHECK_C("2147483647", "%d", INT_MAX);
	CHECK_C("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK_C("-1", "%ld", -1L);
	CHECK_C("4294967295", "%u", UINT_MAX);
	CHECK_C("18446744073709551615", "%lu", ULONG_MAX);
	CHECK_C("18446744073709551615", "%llu", ULLONG_MAX);
	CHECK_C("123", "%zu", (size_t)123);
	CHECK_C("cpu  3: 00000017", "cpu %2u: %08u", 3U, 17U);
}

static void test_strings_chars(void **state)
{
	(void)state;
	CHECK_C("abc", "%s", "abc");
	CHECK_C("  abc", "%5s", "abc");
	CHECK_C("abc  |", "%-5s|", "abc");
	CHECK_C("abc", "%2s", "abc");
	CHECK_C("", "%s", "");
	CHECK_C("[   ]", "[%3s]", "");
	CHECK_C("x", "%c", 'x');
	CHECK_C("a-b", "a%cb", '-');
	CHECK_C("100%", "100%%");
	CHECK_C("plain text", "plain text");
	CHECK_C("", "");
	CHECK_C("(null)", "%s", (char *)NULL);
	CHECK_C("Parking CPU 2 (Cell: \"inmate-demo\")",
		"Parking CPU %u (Cell: \"%s\")", 2U, "inmate-demo");
}

static void test_pointer(void **state)
{
	(void)state;
	/* always 0x and 16 digits */
	CHECK("0x0000000000001234", "%p", (void *)0x1234);
	CHECK("0x0000000000000000", "%p", NULL);
	CHECK("0xffff800012345678", "%p", (void *)0xffff800012345678UL);
}

/* what the C library would not do */
static void test_odd_formats(void **state)
{
	(void)state;
	/* unknown conversions are shown as they are */
	CHECK("%q", "%q");
	CHECK("a %y b", "a %y b");
	/* a lone % at the end is dropped */
	CHECK("abc", "abc%");
	CHECK("", "%");
	/* zero padding of strings is blank padding */
	CHECK("   ab", "%05s", "ab");
}

static void test_truncation(void **state)
{
	char buf[16];

	(void)state;
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(snprintf(buf, 5, "hello %s", "world"), 11);
	assert_string_equal(buf, "hell");
	assert_int_equal(buf[5], 'X');

	/* exactly fitting */
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(snprintf(buf, 6, "%d", 12345), 5);
	assert_string_equal(buf, "12345");

	/* one short: the last digit goes */
	assert_int_equal(snprintf(buf, 5, "%d", 12345), 5);
	assert_string_equal(buf, "1234");

	/* size 1: just the terminator */
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(snprintf(buf, 1, "%s", "abc"), 3);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'X');

	/* size 0: nothing written at all */
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(snprintf(buf, 0, "%x", 0xffffU), 4);
	assert_int_equal(buf[0], 'X');
	assert_int_equal(hv_fmt(NULL, 0, "%s%d", "ab", 123), 5);

	/* padding, too, is cut */
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(snprintf(buf, 4, "%8d", 1), 8);
	assert_string_equal(buf, "   ");
}

/*
 * Many pseudo-random conversions (flags, widths, length modifiers, values
 * of every size) against the C library, through the same va_list path.
 */
static int both(char *hv, char *c, size_t size, const char *fmt, ...)
{
	va_list ap, ap2;
	int a, b;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	a = vsnprintf(hv, size, fmt, ap);
	b = libc_vsnprintf(c, size, fmt, ap2);
	va_end(ap2);
	va_end(ap);
	assert_int_equal(a, b);
	return a;
}

static void test_random_against_libc(void **state)
{
	static const char *const flags[] = { "", "-", "0", "-0" };
	static const char *const lengths[] = { "", "l", "ll", "z" };
	static const char convs[] = "diuxX";
	char fmt[32], hv[96], c[96];
	u64 seed = 4711, v;
	unsigned int n, width, shift;
	const char *len;
	char conv;

	(void)state;
	for (n = 0; n < 5000; n++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		width = (seed >> 10) % 4 ? (seed >> 14) % 24 : 0;
		len = lengths[(seed >> 20) % 4];
		conv = convs[(seed >> 24) % 5];
		/* values of all magnitudes, negative ones included */
		shift = (seed >> 30) % 64;
		v = (seed * 0x9e3779b97f4a7c15ULL) >> shift;
		if ((seed >> 36) % 2)
			v = -v;
		if (width)
			snprintf(fmt, sizeof(fmt), "<%%%s%u%s%c>",
				 flags[(seed >> 40) % 4], width, len, conv);
		else
			snprintf(fmt, sizeof(fmt), "<%%%s%s%c>",
				 flags[(seed >> 40) % 4], len, conv);
		/* the argument as the conversion reads it */
		if (!len[0] && (conv == 'd' || conv == 'i'))
			both(hv, c, sizeof(hv), fmt, (int)v);
		else if (!len[0])
			both(hv, c, sizeof(hv), fmt, (unsigned int)v);
		else
			both(hv, c, sizeof(hv), fmt, (unsigned long long)v);
		if (strcmp(hv, c) != 0)
			fail_msg("\"%s\" of 0x%llx: \"%s\", C library \"%s\"",
				 fmt, (unsigned long long)v, hv, c);
	}
}

/* strings and characters, with widths, and cut at random sizes */
static void test_random_strings(void **state)
{
	static const char *const words[] = {
		"", "a", "jailhouse", "qemu-arm64-inmate-demo", "0123456789",
	};
	char fmt[32], hv[64], c[64];
	u64 seed = 99;
	unsigned int n, size;
	const char *w;

	(void)state;
	for (n = 0; n < 2000; n++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		w = words[(seed >> 12) % ARRAY_SIZE(words)];
		snprintf(fmt, sizeof(fmt), "[%%%s%us|%%c]",
			 (seed >> 20) % 2 ? "-" : "",
			 (unsigned int)((seed >> 24) % 30));
		size = 1 + (seed >> 40) % sizeof(hv);
		memset(hv, 0x7f, sizeof(hv));
		memset(c, 0x7f, sizeof(c));
		both(hv, c, size, fmt, w, 'A' + (int)(n % 26));
		/* the same bytes written, the rest untouched */
		assert_memory_equal(hv, c, sizeof(hv));
	}
}

/* ---- console output ---- */

#define RING_CONTENT	64

static union {
	struct jailhouse_fw_console hdr;
	u8 bytes[sizeof(struct jailhouse_fw_console) + RING_CONTENT];
} ring;

static struct {
	char out[1024];
	unsigned int len;
	unsigned int busy_checks;
} uart;

static bool rec_is_busy(struct uart_chip *chip)
{
	(void)chip;
	uart.busy_checks++;
	return false;
}

static void rec_write_char(struct uart_chip *chip, char c)
{
	(void)chip;
	assert_true(uart.len < sizeof(uart.out) - 1);
	uart.out[uart.len++] = c;
}

static const struct uart_ops rec_ops = {
	.is_busy = rec_is_busy,
	.write_char = rec_write_char,
};

static struct uart_chip rec_chip = { .ops = &rec_ops };

static int console_setup(void **state)
{
	(void)state;
	hv_shim_reset();
	memset(&uart, 0, sizeof(uart));
	memset(&ring, 0xee, sizeof(ring));
	console_set_ring(&ring.hdr, sizeof(ring));
	console_set_uart(&rec_chip);
	return 0;
}

static int console_teardown(void **state)
{
	(void)state;
	console_set_uart(NULL);
	assert_int_equal(ring.hdr.busy, 0);
	assert_int_equal(hv_shim.locks_held, 0);
	return 0;
}

/* the ring's bytes from @from up to its tail, as a reader sees them */
static void ring_read(char *out, unsigned int from)
{
	unsigned int n;

	for (n = from; n < ring.hdr.tail; n++)
		*out++ = ring.hdr.content[n % ring.hdr.content_size];
	*out = '\0';
}

static void test_console_ring_init(void **state)
{
	(void)state;
	assert_int_equal(ring.hdr.content_size, RING_CONTENT);
	assert_int_equal(ring.hdr.tail, 0);
	assert_int_equal(ring.hdr.busy, 0);
	assert_int_equal(offsetof(struct jailhouse_fw_console, content), 16);
}

static void test_printk(void **state)
{
	char got[RING_CONTENT + 1];

	(void)state;
	printk("Initializing Jailhouse on CPU %u\n", 3U);
	ring_read(got, 0);
	assert_string_equal(got, "Initializing Jailhouse on CPU 3\n");
	assert_int_equal(ring.hdr.tail, strlen(got));
	/* the UART gets CR LF */
	uart.out[uart.len] = '\0';
	assert_string_equal(uart.out, "Initializing Jailhouse on CPU 3\r\n");
	assert_int_equal(uart.busy_checks, uart.len);
	assert_true(hv_shim.locks_taken >= 1);
}

static void test_console_putc(void **state)
{
	char got[RING_CONTENT + 1];

	(void)state;
	console_putc('J');
	console_putc('H');
	console_putc('\n');
	ring_read(got, 0);
	assert_string_equal(got, "JH\n");
	uart.out[uart.len] = '\0';
	assert_string_equal(uart.out, "JH\r\n");
}

/* the ring keeps the last content_size bytes; tail counts all of them */
static void test_ring_wraps(void **state)
{
	char got[RING_CONTENT + 1], want[RING_CONTENT + 1];
	unsigned int n;

	(void)state;
	for (n = 0; n < 10; n++)
		printk("line %02u|", n);
	/* 8 bytes a line */
	assert_int_equal(ring.hdr.tail, 80);
	ring_read(got, ring.hdr.tail - RING_CONTENT);
	memset(want, 0, sizeof(want));
	for (n = 2; n < 10; n++)
		snprintf(want + (n - 2) * 8, 9, "line %02u|", n);
	assert_string_equal(got, want);
	/* the bytes sit at tail % size */
	assert_memory_equal(ring.hdr.content, "line 08|line 09|", 16);
	/* nothing beyond the ring was touched */
	assert_int_equal(uart.len, 80);
}

/* without a UART, output only goes to the ring */
static void test_no_uart(void **state)
{
	char got[RING_CONTENT + 1];

	(void)state;
	console_set_uart(NULL);
	printk("quiet\n");
	ring_read(got, 0);
	assert_string_equal(got, "quiet\n");
	assert_int_equal(uart.len, 0);
}

/* one printk is at most 255 characters */
static void test_printk_long(void **state)
{
	char line[400];

	(void)state;
	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	printk("%s", line);
	assert_int_equal(ring.hdr.tail, 255);
	assert_int_equal(uart.len, 255);
}

#define CONSOLE_TEST(fn) \
	cmocka_unit_test_setup_teardown(fn, console_setup, console_teardown)

int main(void)
{
	const struct CMUnitTest format[] = {
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_decimal),
		cmocka_unit_test(test_strings_chars),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_odd_formats),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_random_against_libc),
		cmocka_unit_test(test_random_strings),
	};
	const struct CMUnitTest console[] = {
		CONSOLE_TEST(test_console_ring_init),
		CONSOLE_TEST(test_printk),
		CONSOLE_TEST(test_console_putc),
		CONSOLE_TEST(test_ring_wraps),
		CONSOLE_TEST(test_no_uart),
		CONSOLE_TEST(test_printk_long),
	};
	int failed;

	failed = cmocka_run_group_tests_name("printk_format", format, NULL,
					     NULL);
	failed += cmocka_run_group_tests_name("printk_console", console, NULL,
					      NULL);
	return failed ? 1 : 0;
}
