// SPDX-License-Identifier: GPL-2.0
/*
 * Minimal formatted output.
 *
 * Conversions: %s %c %d %i %u %x %X %p %%, flags '0' and '-', a decimal
 * field width (or '*'), length modifiers l, ll, z.
 */
#include <inmate.h>

typedef void (*emit_t)(char c, void *ctx);

struct spec {
	unsigned int width;
	bool zero;
	bool left;
};

static void emit_padding(emit_t emit, void *ctx, char pad, int count)
{
	while (count-- > 0)
		emit(pad, ctx);
}

static void emit_string(emit_t emit, void *ctx, const char *s,
			const struct spec *sp)
{
	int pad;

	if (!s)
		s = "(null)";
	pad = (int)sp->width - (int)strlen(s);
	if (!sp->left)
		emit_padding(emit, ctx, ' ', pad);
	while (*s)
		emit(*s++, ctx);
	if (sp->left)
		emit_padding(emit, ctx, ' ', pad);
}

static void emit_number(emit_t emit, void *ctx, unsigned long long val,
			unsigned int base, bool negative, bool upper,
			const char *prefix, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int len = 0, extra, pad;

	do {
		buf[len++] = digits[val % base];
		val /= base;
	} while (val);

	extra = (negative ? 1 : 0) + (int)strlen(prefix);
	pad = (int)sp->width - len - extra;

	if (!sp->left && !sp->zero)
		emit_padding(emit, ctx, ' ', pad);
	if (negative)
		emit('-', ctx);
	while (*prefix)
		emit(*prefix++, ctx);
	if (!sp->left && sp->zero)
		emit_padding(emit, ctx, '0', pad);
	while (len)
		emit(buf[--len], ctx);
	if (sp->left)
		emit_padding(emit, ctx, ' ', pad);
}

static void format(emit_t emit, void *ctx, const char *fmt, va_list ap)
{
	unsigned long long uval;
	long long sval;
	struct spec sp;
	int lng;
	char c;

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			emit(*fmt, ctx);
			continue;
		}
		fmt++;

		sp.width = 0;
		sp.zero = false;
		sp.left = false;
		for (;; fmt++) {
			if (*fmt == '0')
				sp.zero = true;
			else if (*fmt == '-')
				sp.left = true;
			else
				break;
		}
		if (*fmt == '*') {
			int w = va_arg(ap, int);

			if (w < 0) {
				sp.left = true;
				w = -w;
			}
			sp.width = (unsigned int)w;
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			sp.width = sp.width * 10 + (unsigned int)(*fmt++ - '0');

		lng = 0;
		/* size_t is unsigned long here */
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}

		switch (*fmt) {
		case 'd':
		case 'i':
			if (lng >= 2)
				sval = va_arg(ap, long long);
			else if (lng == 1)
				sval = va_arg(ap, long);
			else
				sval = va_arg(ap, int);
			uval = sval < 0 ? 0ULL - (unsigned long long)sval :
					  (unsigned long long)sval;
			emit_number(emit, ctx, uval, 10, sval < 0, false, "",
				    &sp);
			break;
		case 'u':
		case 'x':
		case 'X':
			if (lng >= 2)
				uval = va_arg(ap, unsigned long long);
			else if (lng == 1)
				uval = va_arg(ap, unsigned long);
			else
				uval = va_arg(ap, unsigned int);
			emit_number(emit, ctx, uval, *fmt == 'u' ? 10 : 16,
				    false, *fmt == 'X', "", &sp);
			break;
		case 'p':
			uval = (unsigned long)va_arg(ap, void *);
			emit_number(emit, ctx, uval, 16, false, false, "0x",
				    &sp);
			break;
		case 's':
			emit_string(emit, ctx, va_arg(ap, const char *), &sp);
			break;
		case 'c':
			c = (char)va_arg(ap, int);
			emit(c, ctx);
			break;
		case '%':
			emit('%', ctx);
			break;
		case '\0':
			return;
		default:
			/* unknown: show it verbatim */
			emit('%', ctx);
			emit(*fmt, ctx);
			break;
		}
	}
}

struct sbuf {
	char *buf;
	size_t size;
	size_t len;
};

static void emit_buffer(char c, void *ctx)
{
	struct sbuf *sb = ctx;

	if (sb->len + 1 < sb->size)
		sb->buf[sb->len] = c;
	sb->len++;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sbuf sb = { .buf = buf, .size = size, .len = 0 };

	format(emit_buffer, &sb, fmt, ap);
	if (size)
		buf[sb.len < size ? sb.len : size - 1] = '\0';
	return (int)sb.len;
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

static void emit_console(char c, void *ctx)
{
	(void)ctx;
	console_putc(c);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format(emit_console, NULL, fmt, ap);
	va_end(ap);
}
