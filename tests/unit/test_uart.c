// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the polled UART drivers (hypervisor/core/uart.c,
 * uart-pl011.c, uart-8250.c).
 *
 * Two fakes: a plain register file in host memory, reached through the
 * drivers' own MMIO accessors (uart_setup() points chip->base at it), and
 * a recording register file behind the chip's reg_read/reg_write hooks
 * that logs every access and reports "transmitter busy" for a given
 * number of polls.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hv/uart.h>
#include <jailhouse/console.h>

/* PL011 registers (byte offsets) and bits */
#define PL011_DR	0x00
#define PL011_FR	0x18
#define PL011_IBRD	0x24
#define PL011_LCRH	0x2c
#define PL011_CR	0x30
#define PL011_FR_TXFF	(1 << 5)

/* 8250 registers (register numbers) and bits */
#define UART_THR	0
#define UART_DLL	0
#define UART_DLM	1
#define UART_LCR	3
#define UART_LSR	5
#define UART_MDR1	8
#define UART_LSR_THRE	0x20

#define FILL		0xa5

/* ---- fake register file in memory ---- */

static union {
	u8 b[0x100];
	u32 w[0x40];
} regs;

static u32 reg32(unsigned int offset)
{
	return regs.w[offset / 4];
}

static void test_mmio_accessors(void **state)
{
	struct uart_chip chip = { .base = regs.b };

	(void)state;
	memset(&regs, FILL, sizeof(regs));

	/* 1-byte distance: byte accesses at base + reg */
	chip.reg_dist = 1;
	uart_reg_write_mmio(&chip, 3, 0x1ff);
	assert_int_equal(regs.b[3], 0xff);
	assert_int_equal(regs.b[2], FILL);
	assert_int_equal(regs.b[4], FILL);
	regs.b[5] = 0x60;
	assert_int_equal(uart_reg_read_mmio(&chip, 5), 0x60);

	/* 4-byte distance: 32-bit accesses at base + 4 * reg */
	memset(&regs, FILL, sizeof(regs));
	chip.reg_dist = 4;
	uart_reg_write_mmio(&chip, 3, 0x12345678);
	assert_int_equal(reg32(12), 0x12345678);
	assert_int_equal(regs.b[3], FILL);
	assert_int_equal(regs.b[16], FILL);
	regs.w[5] = 0xcafe0060;
	assert_int_equal(uart_reg_read_mmio(&chip, 5), 0xcafe0060);
}

static void test_setup_pl011(void **state)
{
	struct uart_chip chip;

	(void)state;
	memset(&regs, FILL, sizeof(regs));
	memset(&chip, 0, sizeof(chip));
	assert_true(uart_setup(&chip, JAILHOUSE_CON_TYPE_PL011,
			       JAILHOUSE_CON_ACCESS_MMIO, regs.b, 26));
	assert_ptr_equal(chip.ops, &uart_pl011_ops);
	assert_int_equal(chip.reg_dist, 4);
	assert_ptr_equal(chip.base, regs.b);
	assert_int_equal(chip.divider, 26);
	assert_false(chip.mdr_quirk);

	/* enabled, 8 bits with FIFOs, divider */
	assert_int_equal(reg32(PL011_CR), 0x301);
	assert_int_equal(reg32(PL011_LCRH), 0x70);
	assert_int_equal(reg32(PL011_IBRD), 26);
	assert_int_equal(reg32(PL011_DR), 0xa5a5a5a5);

	/* TX FIFO not full: a character goes straight to DR */
	regs.w[PL011_FR / 4] = 0;
	uart_putc(&chip, 'A');
	assert_int_equal(reg32(PL011_DR), 'A');
}

/* without a divider, firmware's (or Linux's) setup is left alone */
static void test_setup_no_divider(void **state)
{
	static const unsigned int types[] = {
		JAILHOUSE_CON_TYPE_PL011, JAILHOUSE_CON_TYPE_8250,
	};
	struct uart_chip chip;
	u8 copy[sizeof(regs)];
	unsigned int n;

	(void)state;
	for (n = 0; n < ARRAY_SIZE(types); n++) {
		memset(&regs, FILL, sizeof(regs));
		memcpy(copy, &regs, sizeof(copy));
		memset(&chip, 0, sizeof(chip));
		assert_true(uart_setup(&chip, types[n],
				       JAILHOUSE_CON_ACCESS_MMIO |
				       JAILHOUSE_CON_MDR_QUIRK, regs.b, 0));
		assert_memory_equal(&regs, copy, sizeof(copy));
	}
}

static void test_setup_8250_regdist1(void **state)
{
	struct uart_chip chip;

	(void)state;
	memset(&regs, FILL, sizeof(regs));
	memset(&chip, 0, sizeof(chip));
	assert_true(uart_setup(&chip, JAILHOUSE_CON_TYPE_8250,
			       JAILHOUSE_CON_ACCESS_MMIO |
			       JAILHOUSE_CON_REGDIST_1, regs.b, 0x1234));
	assert_ptr_equal(chip.ops, &uart_8250_ops);
	assert_int_equal(chip.reg_dist, 1);
	assert_int_equal(regs.b[UART_DLL], 0x34);
	assert_int_equal(regs.b[UART_DLM], 0x12);
	assert_int_equal(regs.b[UART_LCR], 0x03);
	/* no MDR1 write without the quirk */
	assert_int_equal(regs.b[UART_MDR1], FILL);
	assert_int_equal(regs.b[2], FILL);
	assert_int_equal(regs.b[4], FILL);

	regs.b[UART_LSR] = UART_LSR_THRE;
	uart_putc(&chip, 'x');
	assert_int_equal(regs.b[UART_THR], 'x');
}

/* the AM62x UARTs: 32-bit registers, MDR1 quirk */
static void test_setup_8250_regdist4_mdr(void **state)
{
	struct uart_chip chip;

	(void)state;
	memset(&regs, FILL, sizeof(regs));
	memset(&chip, 0, sizeof(chip));
	assert_true(uart_setup(&chip, JAILHOUSE_CON_TYPE_8250,
			       JAILHOUSE_CON_ACCESS_MMIO |
			       JAILHOUSE_CON_REGDIST_4 |
			       JAILHOUSE_CON_MDR_QUIRK, regs.b, 26));
	assert_int_equal(chip.reg_dist, 4);
	assert_true(chip.mdr_quirk);
	assert_int_equal(reg32(4 * UART_DLL), 26);
	assert_int_equal(reg32(4 * UART_DLM), 0);
	assert_int_equal(reg32(4 * UART_LCR), 0x03);
	assert_int_equal(reg32(4 * UART_MDR1), 0);
	assert_int_equal(reg32(4 * 2), 0xa5a5a5a5);

	regs.w[UART_LSR] = UART_LSR_THRE;
	uart_putc(&chip, 'y');
	assert_int_equal(reg32(4 * UART_THR), 'y');
}

static void test_setup_unsupported(void **state)
{
	static const unsigned int types[] = {
		JAILHOUSE_CON_TYPE_NONE, JAILHOUSE_CON_TYPE_EFIFB,
		JAILHOUSE_CON_TYPE_XUARTPS, JAILHOUSE_CON_TYPE_IMX, 0x77,
	};
	struct uart_chip chip;
	unsigned int n;

	(void)state;
	for (n = 0; n < ARRAY_SIZE(types); n++) {
		memset(&regs, FILL, sizeof(regs));
		memset(&chip, 0, sizeof(chip));
		assert_false(uart_setup(&chip, types[n],
					JAILHOUSE_CON_ACCESS_MMIO, regs.b,
					26));
		assert_null(chip.ops);
		/* output to it goes nowhere */
		uart_putc(&chip, 'z');
		assert_int_equal(regs.b[0], FILL);
	}
	/* nor to no UART at all */
	uart_putc(NULL, 'z');
}

/* ---- recording fake ---- */

struct reg_access {
	bool write;
	unsigned int reg;
	u32 value;
};

static struct {
	struct reg_access log[64];
	unsigned int num;
	/* polls of the status register that report "busy" */
	unsigned long busy_polls;
	unsigned long polls;
	/* register and busy/ready values of the status register */
	unsigned int status_reg;
	u32 busy, ready;
} fake;

static u32 fake_read(struct uart_chip *chip, unsigned int reg)
{
	(void)chip;
	if (reg == fake.status_reg) {
		fake.polls++;
		if (fake.polls <= fake.busy_polls)
			return fake.busy;
		return fake.ready;
	}
	if (fake.num < ARRAY_SIZE(fake.log))
		fake.log[fake.num++] = (struct reg_access){ false, reg, 0 };
	return 0;
}

static void fake_write(struct uart_chip *chip, unsigned int reg, u32 v)
{
	(void)chip;
	assert_true(fake.num < ARRAY_SIZE(fake.log));
	fake.log[fake.num++] = (struct reg_access){ true, reg, v };
}

static void fake_reset(unsigned int status_reg, u32 busy, u32 ready,
		       unsigned long busy_polls)
{
	memset(&fake, 0, sizeof(fake));
	fake.status_reg = status_reg;
	fake.busy = busy;
	fake.ready = ready;
	fake.busy_polls = busy_polls;
}

static void fake_chip(struct uart_chip *chip, const struct uart_ops *ops,
		      u32 divider)
{
	memset(chip, 0, sizeof(*chip));
	chip->ops = ops;
	chip->divider = divider;
	chip->reg_read = fake_read;
	chip->reg_write = fake_write;
}

static void expect_log(const struct reg_access *want, unsigned int num)
{
	unsigned int n;

	assert_int_equal(fake.num, num);
	for (n = 0; n < num; n++) {
		if (fake.log[n].write != want[n].write ||
		    fake.log[n].reg != want[n].reg ||
		    fake.log[n].value != want[n].value)
			fail_msg("access %u: %s reg %u = 0x%x, "
				 "expected %s reg %u = 0x%x",
				 n, fake.log[n].write ? "write" : "read",
				 fake.log[n].reg, fake.log[n].value,
				 want[n].write ? "write" : "read",
				 want[n].reg, want[n].value);
	}
}

/* the PL011 is disabled while it is reprogrammed */
static void test_pl011_init_sequence(void **state)
{
	static const struct reg_access want[] = {
		{ true, PL011_CR / 4, 0 },
		{ true, PL011_IBRD / 4, 13 },
		{ true, PL011_LCRH / 4, 0x70 },
		{ true, PL011_CR / 4, 0x301 },
	};
	struct uart_chip chip;

	(void)state;
	fake_reset(PL011_FR / 4, PL011_FR_TXFF, 0, 0);
	fake_chip(&chip, &uart_pl011_ops, 13);
	chip.ops->init(&chip);
	expect_log(want, ARRAY_SIZE(want));
}

/* divisor latch open, DLL, DLM, 8N1 (closes the latch), MDR1 */
static void test_8250_init_sequence(void **state)
{
	static const struct reg_access want[] = {
		{ true, UART_LCR, 0x80 },
		{ true, UART_DLL, 0xcd },
		{ true, UART_DLM, 0xab },
		{ true, UART_LCR, 0x03 },
		{ true, UART_MDR1, 0 },
	};
	struct uart_chip chip;

	(void)state;
	fake_reset(UART_LSR, 0, UART_LSR_THRE, 0);
	fake_chip(&chip, &uart_8250_ops, 0xabcd);
	chip.mdr_quirk = true;
	chip.ops->init(&chip);
	expect_log(want, ARRAY_SIZE(want));

	/* without the quirk, MDR1 stays untouched */
	fake_reset(UART_LSR, 0, UART_LSR_THRE, 0);
	chip.mdr_quirk = false;
	chip.ops->init(&chip);
	expect_log(want, ARRAY_SIZE(want) - 1);

	/* divider bits above 16 are not the 8250's business */
	fake_reset(UART_LSR, 0, UART_LSR_THRE, 0);
	chip.divider = 0x12345;
	chip.ops->init(&chip);
	assert_int_equal(fake.log[1].value, 0x45);
	assert_int_equal(fake.log[2].value, 0x23);
}

/* the character is written only once the transmitter has room */
static void run_wait_for_tx(const struct uart_ops *ops, unsigned int status,
			    u32 busy, u32 ready, unsigned int data_reg)
{
	static const unsigned long waits[] = { 0, 1, 5, 1000 };
	struct uart_chip chip;
	unsigned int n;

	for (n = 0; n < ARRAY_SIZE(waits); n++) {
		const struct reg_access want[] = {
			{ true, data_reg, 'Q' },
		};

		fake_reset(status, busy, ready, waits[n]);
		fake_chip(&chip, ops, 0);
		uart_putc(&chip, 'Q');
		assert_int_equal(fake.polls, waits[n] + 1);
		expect_log(want, 1);
	}
}

static void test_pl011_waits_for_tx(void **state)
{
	(void)state;
	/* busy: TXFF; other FR bits do not matter */
	run_wait_for_tx(&uart_pl011_ops, PL011_FR / 4, PL011_FR_TXFF | 0x88,
			0x88 | 0x80, PL011_DR / 4);
}

static void test_8250_waits_for_tx(void **state)
{
	(void)state;
	/* busy: THRE clear; other LSR bits do not matter */
	run_wait_for_tx(&uart_8250_ops, UART_LSR, 0x41, 0x41 | UART_LSR_THRE,
			UART_THR);
}

/* a newline goes out as CR LF, each after its own wait */
static void test_newline(void **state)
{
	static const struct reg_access want[] = {
		{ true, UART_THR, '\r' },
		{ true, UART_THR, '\n' },
	};
	struct uart_chip chip;

	(void)state;
	fake_reset(UART_LSR, 0, UART_LSR_THRE, 3);
	fake_chip(&chip, &uart_8250_ops, 0);
	uart_putc(&chip, '\n');
	expect_log(want, ARRAY_SIZE(want));
	/* three busy polls before CR, one ready poll each */
	assert_int_equal(fake.polls, 5);
}

/* a transmitter that never gets ready does not hang the hypervisor */
static void test_tx_timeout(void **state)
{
	static const struct reg_access want[] = {
		{ true, PL011_DR / 4, '!' },
	};
	struct uart_chip chip;

	(void)state;
	fake_reset(PL011_FR / 4, PL011_FR_TXFF, 0, ~0UL);
	fake_chip(&chip, &uart_pl011_ops, 0);
	uart_putc(&chip, '!');
	expect_log(want, ARRAY_SIZE(want));
	assert_true(fake.polls >= 1000);
	assert_true(fake.polls <= 100000000);
}

/*
 * After one full timeout the UART counts as stalled: further characters
 * poll once each and are dropped while the transmitter is busy; the first
 * ready poll ends the stall, and the next busy spell is waited for again.
 */
static void test_tx_stalled(void **state)
{
	static const struct reg_access want[] = {
		{ true, PL011_DR / 4, 'a' },
	};
	static const struct reg_access want_ready[] = {
		{ true, PL011_DR / 4, 'c' },
	};
	struct uart_chip chip;

	(void)state;
	fake_reset(PL011_FR / 4, PL011_FR_TXFF, 0, ~0UL);
	fake_chip(&chip, &uart_pl011_ops, 0);
	uart_putc(&chip, 'a');
	expect_log(want, ARRAY_SIZE(want));
	assert_int_equal(fake.polls, UART_TX_TIMEOUT);
	assert_true(chip.stalled);

	/* still busy: one poll, nothing written, a newline included */
	fake_reset(PL011_FR / 4, PL011_FR_TXFF, 0, ~0UL);
	uart_putc(&chip, 'b');
	assert_int_equal(fake.polls, 1);
	assert_int_equal(fake.num, 0);
	fake_reset(PL011_FR / 4, PL011_FR_TXFF, 0, ~0UL);
	uart_putc(&chip, '\n');
	assert_int_equal(fake.polls, 2);
	assert_int_equal(fake.num, 0);
	assert_true(chip.stalled);

	/* ready again: written, the stall is over */
	fake_reset(PL011_FR / 4, PL011_FR_TXFF, 0, 0);
	uart_putc(&chip, 'c');
	expect_log(want_ready, ARRAY_SIZE(want_ready));
	assert_false(chip.stalled);

	/* a short busy spell is waited for as before */
	fake_reset(PL011_FR / 4, PL011_FR_TXFF, 0, 5);
	uart_putc(&chip, 'd');
	assert_int_equal(fake.polls, 6);
	assert_int_equal(fake.num, 1);
	assert_false(chip.stalled);

	/* uart_setup() starts afresh */
	chip.stalled = true;
	assert_true(uart_setup(&chip, JAILHOUSE_CON_TYPE_PL011,
			       JAILHOUSE_CON_ACCESS_MMIO, regs.b, 0));
	assert_false(chip.stalled);
}

/* 8-bit characters pass unchanged (no sign extension) */
static void test_high_bit_char(void **state)
{
	static const struct reg_access want[] = {
		{ true, PL011_DR / 4, 0xe9 },
	};
	struct uart_chip chip;

	(void)state;
	fake_reset(PL011_FR / 4, PL011_FR_TXFF, 0, 0);
	fake_chip(&chip, &uart_pl011_ops, 0);
	uart_putc(&chip, (char)0xe9);
	expect_log(want, ARRAY_SIZE(want));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mmio_accessors),
		cmocka_unit_test(test_setup_pl011),
		cmocka_unit_test(test_setup_no_divider),
		cmocka_unit_test(test_setup_8250_regdist1),
		cmocka_unit_test(test_setup_8250_regdist4_mdr),
		cmocka_unit_test(test_setup_unsupported),
		cmocka_unit_test(test_pl011_init_sequence),
		cmocka_unit_test(test_8250_init_sequence),
		cmocka_unit_test(test_pl011_waits_for_tx),
		cmocka_unit_test(test_8250_waits_for_tx),
		cmocka_unit_test(test_newline),
		cmocka_unit_test(test_tx_timeout),
		cmocka_unit_test(test_tx_stalled),
		cmocka_unit_test(test_high_bit_char),
	};

	return cmocka_run_group_tests_name("uart", tests, NULL, NULL);
}
