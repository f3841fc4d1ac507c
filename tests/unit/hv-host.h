/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hypervisor code on the host.
 *
 * Forced (-include) into every hypervisor source the unit tests compile.
 * The hypervisor brings its own memset, memcpy, vsnprintf, ... under the
 * C library's names; linked into a test program they would replace the C
 * library's functions for the whole program, CMocka's output and the
 * sanitizer runtimes included.  So on the host they carry an hv_ prefix.
 *
 * A test that calls them by name includes this file after the system
 * headers and before <hv/lib.h> or <hv/printk.h>; from there on, snprintf()
 * in that test is the hypervisor's.  Other tests need not include it.
 */
#ifndef _HV_HOST_H
#define _HV_HOST_H

#define memset		hv_memset
#define memcpy		hv_memcpy
#define memcmp		hv_memcmp
#define strlen		hv_strlen
#define strncmp		hv_strncmp
#define vsnprintf	hv_vsnprintf
#define snprintf	hv_snprintf

#endif /* !_HV_HOST_H */
