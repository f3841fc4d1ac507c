/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PSCI 1.0 and SMCCC 1.1 function IDs and results, as the cells and the
 * firmware below us speak them.
 */
#ifndef _ASM_PSCI_H
#define _ASM_PSCI_H

#define SMCCC_VERSION			0x80000000
#define SMCCC_ARCH_FEATURES		0x80000001

#define PSCI_VERSION			0x84000000
#define PSCI_CPU_SUSPEND_32		0x84000001
#define PSCI_CPU_OFF			0x84000002
#define PSCI_CPU_ON_32			0x84000003
#define PSCI_AFFINITY_INFO_32		0x84000004
#define PSCI_MIGRATE_INFO_TYPE		0x84000006
#define PSCI_SYSTEM_OFF			0x84000008
#define PSCI_SYSTEM_RESET		0x84000009
#define PSCI_FEATURES			0x8400000a
#define PSCI_CPU_ON_64			0xc4000003
#define PSCI_CPU_SUSPEND_64		0xc4000001
#define PSCI_AFFINITY_INFO_64		0xc4000004

#define PSCI_SUCCESS			0
#define PSCI_NOT_SUPPORTED		(-1)
#define PSCI_INVALID_PARAMETERS		(-2)
#define PSCI_DENIED			(-3)
#define PSCI_ALREADY_ON			(-4)
#define PSCI_ON_PENDING			(-5)

#define PSCI_AFF_ON			0
#define PSCI_AFF_OFF			1
#define PSCI_AFF_ON_PENDING		2

#endif /* !_ASM_PSCI_H */
