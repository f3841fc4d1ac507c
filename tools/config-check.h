/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `jailhouse config check`: checks a system configuration and cell
 * configurations against it with the shared checker
 * (common/config_check.c, include/jailhouse/config-check.h).
 * Link tools/config-check.c together with common/config_check.c.
 */
#ifndef _JH_TOOLS_CONFIG_CHECK_H
#define _JH_TOOLS_CONFIG_CHECK_H

/*
 * argv[0] is the subcommand name ("check"); the rest are
 * [-h] SYSTEM.cell [CELL.cell...].  Prints "FILE: <finding>" lines and a
 * summary on stdout, errors on stderr.  Returns 0 when all files pass,
 * 1 when there are findings, 2 on usage or I/O errors.
 */
int jh_cmd_config_check(int argc, char **argv);

#endif /* !_JH_TOOLS_CONFIG_CHECK_H */
