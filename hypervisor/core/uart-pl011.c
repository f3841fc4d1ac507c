// SPDX-License-Identifier: GPL-2.0
/*
 * ARM PrimeCell UART (PL011), polled transmit only.  Register numbers are
 * in 32-bit words.
 */
#include <hv/uart.h>

#define PL011_DR	(0x00 / 4)
#define PL011_FR	(0x18 / 4)
#define PL011_IBRD	(0x24 / 4)
#define PL011_LCRH	(0x2c / 4)
#define PL011_CR	(0x30 / 4)

#define PL011_FR_TXFF	(1 << 5)

#define PL011_LCRH_WLEN_8	(3 << 5)
#define PL011_LCRH_FEN		(1 << 4)
#define PL011_CR_UARTEN		(1 << 0)
#define PL011_CR_TXE		(1 << 8)
#define PL011_CR_RXE		(1 << 9)

static void pl011_init(struct uart_chip *chip)
{
	/* firmware or Linux set the line up unless we are given a divider */
	if (!chip->divider)
		return;
	chip->reg_write(chip, PL011_CR, 0);
	chip->reg_write(chip, PL011_IBRD, chip->divider);
	chip->reg_write(chip, PL011_LCRH, PL011_LCRH_WLEN_8 | PL011_LCRH_FEN);
	chip->reg_write(chip, PL011_CR,
			PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
}

static bool pl011_is_busy(struct uart_chip *chip)
{
	return chip->reg_read(chip, PL011_FR) & PL011_FR_TXFF;
}

static void pl011_write_char(struct uart_chip *chip, char c)
{
	chip->reg_write(chip, PL011_DR, (u8)c);
}

const struct uart_ops uart_pl011_ops = {
	.init = pl011_init,
	.is_busy = pl011_is_busy,
	.write_char = pl011_write_char,
};
