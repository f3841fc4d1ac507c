// SPDX-License-Identifier: GPL-2.0
#include <hv/uart.h>
#include <hv/mmio.h>
#include <jailhouse/console.h>

u32 uart_reg_read_mmio(struct uart_chip *chip, unsigned int reg)
{
	void *addr = (u8 *)chip->base + reg * chip->reg_dist;

	if (chip->reg_dist == 4)
		return mmio_read32(addr);
	return mmio_read8(addr);
}

void uart_reg_write_mmio(struct uart_chip *chip, unsigned int reg, u32 v)
{
	void *addr = (u8 *)chip->base + reg * chip->reg_dist;

	if (chip->reg_dist == 4)
		mmio_write32(addr, v);
	else
		mmio_write8(addr, v);
}

bool uart_setup(struct uart_chip *chip, unsigned int type, unsigned int flags,
		void *base, u32 divider)
{
	chip->base = base;
	chip->divider = divider;
	chip->reg_read = uart_reg_read_mmio;
	chip->reg_write = uart_reg_write_mmio;
	chip->mdr_quirk = CON_HAS_MDR_QUIRK(flags);

	switch (type) {
	case JAILHOUSE_CON_TYPE_PL011:
		/* PL011 registers are word-spaced; register numbers are words */
		chip->reg_dist = 4;
		chip->ops = &uart_pl011_ops;
		break;
	case JAILHOUSE_CON_TYPE_8250:
		chip->reg_dist = CON_USES_REGDIST_1(flags) ? 1 : 4;
		chip->ops = &uart_8250_ops;
		break;
	default:
		chip->ops = NULL;
		return false;
	}
	if (chip->ops->init)
		chip->ops->init(chip);
	return true;
}

void uart_putc(struct uart_chip *chip, char c)
{
	unsigned int timeout = 1000000;

	if (!chip || !chip->ops)
		return;
	if (c == '\n')
		uart_putc(chip, '\r');
	while (chip->ops->is_busy(chip) && --timeout)
		;
	chip->ops->write_char(chip, c);
}
