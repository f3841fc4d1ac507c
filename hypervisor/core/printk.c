// SPDX-License-Identifier: GPL-2.0
/*
 * Console output: a small vsnprintf, serialized output to the debug UART
 * and to the console ring in hypervisor memory.
 */
#include <hv/printk.h>
#include <hv/uart.h>
#include <hv/arch.h>
#include <hv/lib.h>
#include <jailhouse/fw-header.h>

static spinlock_t console_lock;
static struct uart_chip *console_uart;
static struct jailhouse_fw_console *console_ring;

struct outbuf {
	char *buf;
	size_t size;
	size_t len;
};

static void out_char(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_number(struct outbuf *o, unsigned long long v,
		       unsigned int base, bool neg, unsigned int width, char pad,
		       bool upper, bool left)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	unsigned int n = 0, len;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	len = n + (neg ? 1 : 0);
	if (left)
		pad = ' ';
	if (neg && pad == '0')
		out_char(o, '-');
	for (; !left && width > len; width--)
		out_char(o, pad);
	if (neg && pad != '0')
		out_char(o, '-');
	while (n)
		out_char(o, tmp[--n]);
	for (; left && width > len; width--)
		out_char(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { .buf = buf, .size = size, .len = 0 };
	unsigned long long uv;
	long long sv;
	unsigned int width, lng;
	const char *s;
	bool left;
	char pad;

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			out_char(&o, *fmt);
			continue;
		}
		fmt++;
		pad = ' ';
		width = 0;
		lng = 0;
		left = false;
		if (*fmt == '-') {
			left = true;
			fmt++;
		}
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}

		switch (*fmt) {
		case 'c':
			out_char(&o, (char)va_arg(ap, int));
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			for (uv = strlen(s); !left && width > uv; width--)
				out_char(&o, ' ');
			while (*s)
				out_char(&o, *s++);
			for (; left && width > uv; width--)
				out_char(&o, ' ');
			break;
		case 'd':
		case 'i':
			sv = lng ? va_arg(ap, long long) : va_arg(ap, int);
			uv = sv < 0 ? -(unsigned long long)sv :
				(unsigned long long)sv;
			out_number(&o, uv, 10, sv < 0, width, pad, false,
				   left);
			break;
		case 'u':
		case 'x':
		case 'X':
			uv = lng ? va_arg(ap, unsigned long long) :
				va_arg(ap, unsigned int);
			out_number(&o, uv, *fmt == 'u' ? 10 : 16, false, width,
				   pad, *fmt == 'X', left);
			break;
		case 'p':
			uv = (unsigned long)va_arg(ap, void *);
			out_char(&o, '0');
			out_char(&o, 'x');
			out_number(&o, uv, 16, false, 16, '0', false, false);
			break;
		case '%':
			out_char(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			out_char(&o, '%');
			out_char(&o, *fmt);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}

void console_set_uart(struct uart_chip *uart)
{
	console_uart = uart;
}

void console_set_ring(struct jailhouse_fw_console *ring, unsigned int size)
{
	ring->content_size = size - sizeof(*ring);
	ring->tail = 0;
	ring->busy = 0;
	console_ring = ring;
}

/* called with console_lock held */
static void emit(const char *s, size_t len)
{
	struct jailhouse_fw_console *ring = console_ring;
	size_t n;

	if (ring) {
		ring->busy = 1;
		__atomic_thread_fence(__ATOMIC_RELEASE);
		for (n = 0; n < len; n++)
			ring->content[(ring->tail + n) % ring->content_size] =
				s[n];
		__atomic_thread_fence(__ATOMIC_RELEASE);
		ring->tail += len;
		__atomic_thread_fence(__ATOMIC_RELEASE);
		ring->busy = 0;
	}
	for (n = 0; n < len; n++)
		uart_putc(console_uart, s[n]);
}

void console_putc(char c)
{
	spin_lock(&console_lock);
	emit(&c, 1);
	spin_unlock(&console_lock);
}

void printk(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (len >= (int)sizeof(buf))
		len = sizeof(buf) - 1;

	spin_lock(&console_lock);
	emit(buf, len);
	spin_unlock(&console_lock);
}
