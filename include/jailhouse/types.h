/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Fixed-width integer types shared by every part of the project.
 *
 * Three kinds of builds include this header:
 *  - Linux kernel code (__KERNEL__ defined): the kernel's own <linux/types.h>
 *    provides everything, we add nothing.
 *  - freestanding code (hypervisor, inmates, configs built with
 *    -ffreestanding, possibly -nostdinc): nothing but the compiler's
 *    predefined macros is available, so every type is derived from them.
 *  - host userland (tools, unit tests): same integer typedefs; they are
 *    identical to those of the UAPI <linux/types.h> (64-bit types are
 *    "long long" there too), so both headers may be included together.
 */
#ifndef _JAILHOUSE_TYPES_H
#define _JAILHOUSE_TYPES_H

#ifdef __KERNEL__

#include <linux/types.h>

#else /* !__KERNEL__ */

#ifndef __ASSEMBLY__

typedef signed char __s8;
typedef unsigned char __u8;
typedef signed short __s16;
typedef unsigned short __u16;
typedef signed int __s32;
typedef unsigned int __u32;
typedef signed long long __s64;
typedef unsigned long long __u64;

typedef __s8 s8;
typedef __u8 u8;
typedef __s16 s16;
typedef __u16 u16;
typedef __s32 s32;
typedef __u32 u32;
typedef __s64 s64;
typedef __u64 u64;

#if defined(__STDC_HOSTED__) && __STDC_HOSTED__ == 1
/* hosted: the compiler's own headers exist and define these */
#include <stddef.h>
#include <stdbool.h>
#else
/* freestanding: build them from compiler-predefined macros */
typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ptrdiff_t;
typedef __UINTPTR_TYPE__ uintptr_t;

#ifndef NULL
#define NULL ((void *)0)
#endif

#ifndef __bool_true_false_are_defined
#define bool _Bool
#define true 1
#define false 0
#define __bool_true_false_are_defined 1
#endif
#endif /* !__STDC_HOSTED__ */

#endif /* !__ASSEMBLY__ */

#endif /* !__KERNEL__ */

#endif /* !_JAILHOUSE_TYPES_H */
