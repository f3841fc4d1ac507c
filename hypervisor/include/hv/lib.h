/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_LIB_H
#define _HV_LIB_H

#include <hv/types.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);

static inline unsigned int hweight64(u64 v)
{
	unsigned int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

static inline bool test_bit(unsigned int nr, const unsigned long *addr)
{
	return (addr[nr / (8 * sizeof(long))] >> (nr % (8 * sizeof(long)))) & 1;
}

#endif /* !_HV_LIB_H */
