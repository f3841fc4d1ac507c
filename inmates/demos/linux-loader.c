// SPDX-License-Identifier: GPL-2.0
/*
 * linux-loader: starts a Linux kernel (arm64 Image) that "jailhouse cell
 * load" (or "jailhouse cell linux") placed in the cell's memory, following
 * the arm64 boot protocol: MMU and data cache off, x0 = device tree.
 *
 * Command line: kernel=ADDR (entry, i.e. the Image's load address),
 * dtb=ADDR (device tree blob).  Both are cell (intermediate physical)
 * addresses, e.g.
 *   jailhouse cell load linux linux-loader.bin -a 0 \
 *	-s "kernel=0xe0200000 dtb=0xe0000000" -a 0x1000 \
 *	Image -a 0xe0200000 inmate.dtb -a 0xe0000000
 */
#include <inmate.h>

/* Image header: "ARM\x64" at offset 56 */
#define ARM64_IMAGE_MAGIC	0x644d5241U
#define ARM64_IMAGE_MAGIC_OFF	56
#define FDT_MAGIC_BE		0xedfe0dd0U	/* 0xd00dfeed, big endian */

void inmate_main(void)
{
	unsigned long kernel = (unsigned long)cmdline_parse_int("kernel", 0);
	unsigned long dtb = (unsigned long)cmdline_parse_int("dtb", 0);

	if (!kernel || !dtb || (kernel & 0xfff) || (dtb & 7)) {
		printk("linux-loader: need kernel=ADDR (4 KiB aligned) and dtb=ADDR (8 byte aligned), got \"%s\"\n",
		       cmdline);
		inmate_fail("no kernel to start");
	}

	if (mmio_read32(kernel + ARM64_IMAGE_MAGIC_OFF) != ARM64_IMAGE_MAGIC)
		printk("linux-loader: warning: no arm64 Image magic at 0x%lx\n",
		       kernel);
	if (mmio_read32(dtb) != FDT_MAGIC_BE)
		printk("linux-loader: warning: no device tree magic at 0x%lx\n",
		       dtb);

	printk("linux-loader: starting kernel at 0x%lx, device tree at 0x%lx\n",
	       kernel, dtb);

	/*
	 * The whole cacheable window, not only the loader's image: the
	 * kernel or device tree may have been read through it.
	 */
	mmu_off_and_jump(kernel, dtb, 0, INMATE_CACHED_RAM_SIZE);
}
