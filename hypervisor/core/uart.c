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
	chip->stalled = false;

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
	unsigned int timeout = UART_TX_TIMEOUT;

	if (!chip || !chip->ops)
		return;
	if (c == '\n')
		uart_putc(chip, '\r');
	/*
	 * A cell that shares the debug UART with the root (Jailhouse's
	 * demo configs) may switch the transmitter off or keep its FIFO
	 * full.  Waiting a whole timeout for every character would then
	 * hold the hypervisor, and with it the CPU and its cell, for
	 * seconds per message; after one timeout, a single poll per
	 * character decides until the transmitter is ready again.  The
	 * characters dropped meanwhile are still in the console ring.
	 */
	if (chip->stalled) {
		if (chip->ops->is_busy(chip))
			return;
		chip->stalled = false;
	} else {
		while (chip->ops->is_busy(chip) && --timeout)
			;
		/* written all the same: a FIFO may still take it */
		if (!timeout)
			chip->stalled = true;
	}
	chip->ops->write_char(chip, c);
}
