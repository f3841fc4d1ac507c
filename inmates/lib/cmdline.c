// SPDX-License-Identifier: GPL-2.0
/*
 * Command line parsing.  The buffer at image offset 0x1000 holds what
 * "jailhouse cell load NAME IMAGE -s STRING -a 0x1000" wrote there: words
 * separated by blanks, each "key=value" or a bare "key".  When a key
 * appears more than once, the last occurrence counts.
 */
#include <inmate.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Finds the last word that is PARAM or starts with "PARAM=".  Returns the
 * value (after '='; an empty string for a bare key) and its length, or
 * NULL if the key is absent.
 */
static const char *cmdline_find(const char *param, size_t *value_len)
{
	size_t plen = strlen(param), pos = 0, wlen;
	const char *found = NULL;
	const char *word;

	while (pos < cmdline_size && cmdline[pos]) {
		if (is_blank(cmdline[pos])) {
			pos++;
			continue;
		}
		word = &cmdline[pos];
		wlen = 0;
		while (pos + wlen < cmdline_size && word[wlen] &&
		       !is_blank(word[wlen]))
			wlen++;
		pos += wlen;

		if (wlen < plen || strncmp(word, param, plen))
			continue;
		if (wlen == plen) {
			found = word + wlen;
			*value_len = 0;
		} else if (word[plen] == '=') {
			found = word + plen + 1;
			*value_len = wlen - plen - 1;
		}
	}
	return found;
}

const char *cmdline_parse_str(const char *param, char *buf, size_t size,
			      const char *default_value)
{
	const char *value;
	size_t len;

	value = cmdline_find(param, &len);
	if (!value) {
		/*
		 * Jailhouse's inmates use the return value; callers that read
		 * buf instead must not see stack garbage, so it gets the
		 * default too.
		 */
		if (!default_value || !size)
			return default_value;
		value = default_value;
		len = strlen(default_value);
	} else if (!size) {
		return buf;
	}
	if (len > size - 1)
		len = size - 1;
	memcpy(buf, value, len);
	buf[len] = '\0';
	return buf;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

long long cmdline_parse_int(const char *param, long long default_value)
{
	unsigned long long val = 0;
	unsigned int base = 10;
	bool negative = false;
	const char *value;
	size_t len, n = 0;
	int d;

	value = cmdline_find(param, &len);
	if (!value || !len)
		return default_value;

	if (value[0] == '-') {
		negative = true;
		n++;
	}
	if (n + 1 < len && value[n] == '0' &&
	    (value[n + 1] == 'x' || value[n + 1] == 'X')) {
		base = 16;
		n += 2;
	} else if (n + 1 < len && value[n] == '0') {
		base = 8;
		n++;
	}
	if (n >= len)
		return default_value;

	for (; n < len; n++) {
		d = digit_value(value[n]);
		if (d >= (int)base)
			return default_value;	/* not a number */
		val = val * base + (unsigned int)d;
	}
	return negative ? -(long long)val : (long long)val;
}

bool cmdline_parse_bool(const char *param)
{
	const char *value;
	size_t len;

	value = cmdline_find(param, &len);
	if (!value)
		return false;
	if (!len)
		return true;
	if ((len == 1 && value[0] == '0') ||
	    (len == 2 && !strncmp(value, "no", 2)) ||
	    (len == 3 && !strncmp(value, "off", 3)) ||
	    (len == 5 && !strncmp(value, "false", 5)))
		return false;
	return true;
}
