// SPDX-License-Identifier: GPL-2.0
/*
 * 8250/16550 compatible UART, polled transmit only, registers 1 or 4
 * bytes apart (chip->reg_dist).
 */
#include <hv/uart.h>

#define UART_TX		0
#define UART_DLL	0
#define UART_DLM	1
#define UART_LCR	3
#define UART_LSR	5
#define UART_MDR1	8

#define UART_LCR_8N1	0x03
#define UART_LCR_DLAB	0x80
#define UART_LSR_THRE	0x20

static void uart8250_init(struct uart_chip *chip)
{
	if (!chip->divider)
		return;
	chip->reg_write(chip, UART_LCR, UART_LCR_DLAB);
	chip->reg_write(chip, UART_DLL, chip->divider & 0xff);
	chip->reg_write(chip, UART_DLM, (chip->divider >> 8) & 0xff);
	chip->reg_write(chip, UART_LCR, UART_LCR_8N1);
	if (chip->mdr_quirk)
		chip->reg_write(chip, UART_MDR1, 0);
}

static bool uart8250_is_busy(struct uart_chip *chip)
{
	return !(chip->reg_read(chip, UART_LSR) & UART_LSR_THRE);
}

static void uart8250_write_char(struct uart_chip *chip, char c)
{
	chip->reg_write(chip, UART_TX, (u8)c);
}

const struct uart_ops uart_8250_ops = {
	.init = uart8250_init,
	.is_busy = uart8250_is_busy,
	.write_char = uart8250_write_char,
};
