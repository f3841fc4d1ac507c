/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Polled UART drivers behind one small interface.  Register accesses go
 * through the chip's read/write hooks so that unit tests can run a driver
 * against a fake register file.
 */
#ifndef _HV_UART_H
#define _HV_UART_H

#include <hv/types.h>

struct uart_chip;

struct uart_ops {
	void (*init)(struct uart_chip *chip);
	bool (*is_busy)(struct uart_chip *chip);
	void (*write_char)(struct uart_chip *chip, char c);
};

struct uart_chip {
	void *base;
	/* bytes between registers: 1 or 4 (then 32-bit accesses) */
	unsigned int reg_dist;
	u32 divider;
	/* TI UARTs: put the MDR1 register into 16x UART mode on init */
	bool mdr_quirk;
	const struct uart_ops *ops;
	/*
	 * The transmitter stayed busy for a whole timeout: someone else
	 * (a cell sharing the UART) holds it up.  See uart_putc().
	 */
	bool stalled;
	u32 (*reg_read)(struct uart_chip *chip, unsigned int reg);
	void (*reg_write)(struct uart_chip *chip, unsigned int reg, u32 v);
};

extern const struct uart_ops uart_pl011_ops;
extern const struct uart_ops uart_8250_ops;

/* register number -> access through chip->base and chip->reg_dist */
u32 uart_reg_read_mmio(struct uart_chip *chip, unsigned int reg);
void uart_reg_write_mmio(struct uart_chip *chip, unsigned int reg, u32 v);

/*
 * Set up @chip for console @type (JAILHOUSE_CON_TYPE_*) at @base.
 * Returns false for unsupported types.
 */
bool uart_setup(struct uart_chip *chip, unsigned int type, unsigned int flags,
		void *base, u32 divider);
/*
 * Writes @c (a '\n' as "\r\n") once the transmitter is ready.  It waits
 * for a busy transmitter at most UART_TX_TIMEOUT polls; after one such
 * timeout the chip counts as stalled and each further character polls
 * once only, dropped while busy, until the transmitter is ready again.
 */
void uart_putc(struct uart_chip *chip, char c);

/* polls of a busy transmitter before uart_putc() gives up waiting */
#define UART_TX_TIMEOUT		1000000

#endif /* !_HV_UART_H */
