// SPDX-License-Identifier: GPL-2.0
/*
 * Default command line buffer.  Kept in its own object so that an inmate
 * defining CMDLINE_BUFFER(size) replaces it: the archive member is then
 * never pulled into the link.
 */
#include <inmate.h>

CMDLINE_BUFFER(CMDLINE_DEFAULT_SIZE);
