/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forced into every C file of the firmware (CMakeLists.txt).  Everything
 * is one static PIE: no symbol is ever looked up at run time.  Declaring
 * all symbols hidden, declarations included (-fvisibility=hidden covers
 * only definitions), lets the compiler address extern variables
 * PC-relative instead of loading their address from the GOT first.
 */
#pragma GCC visibility push(hidden)
