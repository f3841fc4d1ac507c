/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_TYPES_H
#define _HV_TYPES_H

#include <jailhouse/types.h>

#ifndef offsetof
#define offsetof(type, member)	__builtin_offsetof(type, member)
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif

#define BIT(n)			(1UL << (n))
#define BIT_ULL(n)		(1ULL << (n))
#define GENMASK_ULL(h, l)	((~0ULL << (l)) & (~0ULL >> (63 - (h))))

#define __aligned(n)		__attribute__((aligned(n)))
#define __packed		__attribute__((packed))
#define __noreturn		__attribute__((noreturn))
#define __unused		__attribute__((unused))
#define __section(s)		__attribute__((section(s)))

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#define MIN(a, b)		((a) < (b) ? (a) : (b))
#define MAX(a, b)		((a) > (b) ? (a) : (b))

#define READ_ONCE(x)		(*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile typeof(x) *)&(x) = (v))

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define PAGE_OFFS_MASK		(PAGE_SIZE - 1)
#define PAGE_ALIGN(x)		(((x) + PAGE_SIZE - 1) & PAGE_MASK)

/* errno values returned to cells, as in Linux */
#define EPERM		1
#define ENOENT		2
#define EIO		5
#define E2BIG		7
#define ENOMEM		12
#define EBUSY		16
#define EEXIST		17
#define EINVAL		22
#define ERANGE		34
#define ENOSYS		38

#ifndef __weak
/* a default the architecture (or a host test) may replace */
#define __weak		__attribute__((weak))
#endif

#endif /* !_HV_TYPES_H */
