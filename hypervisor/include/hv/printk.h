/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_PRINTK_H
#define _HV_PRINTK_H

#include <hv/types.h>
#include <stdarg.h>

struct uart_chip;

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* emit one character (hypercall DEBUG_CONSOLE_PUTC) */
void console_putc(char c);

/* route output to @uart (NULL: ring buffer only) */
void console_set_uart(struct uart_chip *uart);

/*
 * Ring buffer the console output also goes to (struct jailhouse_fw_console
 * of include/jailhouse/fw-header.h), set up by the arch code.
 */
struct jailhouse_fw_console;
void console_set_ring(struct jailhouse_fw_console *ring, unsigned int size);

#endif /* !_HV_PRINTK_H */
