// SPDX-License-Identifier: GPL-2.0
/*
 * violation-ram: stores to an address outside the cell's memory, by
 * default 0x40000000 (root-cell RAM on the emulated board).  The hypervisor
 * must stop the cell there; the line after the store is only printed when
 * isolation failed.
 *
 * Command line: addr=ADDR (default 0x40000000), value=N (default
 * 0xdeadbeef), read (load instead of store).
 */
#include <inmate.h>

#define DEFAULT_ADDR	0x40000000UL

void inmate_main(void)
{
	unsigned long addr = (unsigned long)cmdline_parse_int("addr",
							      DEFAULT_ADDR);
	u32 value = (u32)cmdline_parse_int("value", 0xdeadbeef);
	bool do_read = cmdline_parse_bool("read");

	addr &= ~3UL;
	if (do_read) {
		printk("violation-ram: reading from 0x%lx, outside this cell's memory\n",
		       addr);
		value = mmio_read32(addr);
		printk("violation-ram: FAILED, read 0x%08x from 0x%lx: isolation not enforced\n",
		       value, addr);
	} else {
		printk("violation-ram: writing 0x%08x to 0x%lx, outside this cell's memory\n",
		       value, addr);
		mmio_write32(addr, value);
		dsb();
		printk("violation-ram: FAILED, the write to 0x%lx went through: isolation not enforced\n",
		       addr);
	}
	comm_region_set_state(JAILHOUSE_CELL_FAILED);
}
