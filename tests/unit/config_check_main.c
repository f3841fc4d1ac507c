// SPDX-License-Identifier: GPL-2.0
/*
 * `jailhouse config check` as a host program:
 *	jailhouse-config-check [-h] SYSTEM.cell [CELL.cell...]
 */
#include "config-check.h"

int main(int argc, char **argv)
{
	char name[] = "check";

	argv[0] = name;
	return jh_cmd_config_check(argc, argv);
}
