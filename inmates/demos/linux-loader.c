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
 *	Image -a 0xe0200000 rootfs.cpio -a 0xe28d4000 inmate.dtb -a 0xe0000000
 *
 * Before it jumps, the loader checks what the boot protocol asks for and
 * what a mistyped address breaks: an Image header at kernel= with its
 * base 2 MiB aligned, a device tree at dtb= (8-byte aligned, at most
 * 2 MiB), no overlap of the two, and, if /chosen names an initramfs, an
 * archive there that overlaps neither.  A failed check is one line on the
 * cell's console naming the address, and the cell fails; nothing is
 * started.  The addresses themselves must be cell RAM: reading anything
 * else is a violation the hypervisor reports.
 */
#include <inmate.h>

#define SZ_2M			0x200000UL

/* Image header (Documentation/arch/arm64/booting.rst), little endian */
#define IMAGE_TEXT_OFFSET	8
#define IMAGE_SIZE		16
#define IMAGE_MAGIC_OFF		56
#define IMAGE_MAGIC		0x644d5241U	/* "ARM\x64" */

/* flattened device tree, big endian */
#define FDT_MAGIC		0xd00dfeedU
#define FDT_BEGIN_NODE		1
#define FDT_END_NODE		2
#define FDT_PROP		3
#define FDT_NOP			4
#define FDT_END			9
#define FDT_MAX_SIZE		SZ_2M

static u32 be32(unsigned long addr)
{
	return __builtin_bswap32(mmio_read32(addr));
}

static void __noreturn refuse(const char *what, unsigned long addr)
{
	printk("linux-loader: %s at 0x%lx, not starting\n", what, addr);
	inmate_fail("linux-loader refused");
}

static bool overlap(unsigned long a, unsigned long a_size, unsigned long b,
		    unsigned long b_size)
{
	return a < b + b_size && b < a + a_size;
}

/* is the string at @addr (device memory) equal to @s? */
static bool fdt_name_is(unsigned long addr, const char *s)
{
	do {
		if (mmio_read8(addr++) != (u8)*s)
			return false;
	} while (*s++);
	return true;
}

/* length of the string at @addr including its NUL, at most @max */
static unsigned long fdt_strlen(unsigned long addr, unsigned long max)
{
	unsigned long n = 0;

	while (n < max && mmio_read8(addr + n))
		n++;
	return n + 1;
}

static u64 fdt_value(unsigned long addr, u32 len)
{
	if (len == 4)
		return be32(addr);
	return ((u64)be32(addr) << 32) | be32(addr + 4);
}

struct initrd {
	unsigned long start, end;
	bool has_start, has_end;
};

/*
 * Finds linux,initrd-start/end in /chosen.  Returns false when the
 * structure block is malformed.
 */
static bool fdt_find_initrd(unsigned long dtb, u32 size, struct initrd *rd)
{
	unsigned long pos = dtb + be32(dtb + 8);
	unsigned long end = pos + be32(dtb + 36);
	unsigned long strings = dtb + be32(dtb + 12);
	unsigned int depth = 0;
	bool in_chosen = false;
	u32 token, len, nameoff;

	if (end > dtb + size || pos > end || strings > dtb + size)
		return false;
	while (pos + 4 <= end) {
		token = be32(pos);
		pos += 4;
		switch (token) {
		case FDT_BEGIN_NODE:
			len = fdt_strlen(pos, end - pos);
			in_chosen = depth == 1 && fdt_name_is(pos, "chosen");
			depth++;
			pos += (len + 3) & ~3UL;
			break;
		case FDT_END_NODE:
			if (!depth)
				return false;
			depth--;
			in_chosen = false;
			break;
		case FDT_PROP:
			if (pos + 8 > end)
				return false;
			len = be32(pos);
			nameoff = be32(pos + 4);
			pos += 8;
			if (len > end - pos || strings + nameoff >= dtb + size)
				return false;
			if (in_chosen && (len == 4 || len == 8)) {
				if (fdt_name_is(strings + nameoff,
						"linux,initrd-start")) {
					rd->start = fdt_value(pos, len);
					rd->has_start = true;
				} else if (fdt_name_is(strings + nameoff,
						       "linux,initrd-end")) {
					rd->end = fdt_value(pos, len);
					rd->has_end = true;
				}
			}
			pos += (len + 3) & ~3UL;
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			return depth == 0;
		default:
			return false;
		}
	}
	return false;
}

/* newc/crc cpio or a compressed archive the kernel can unpack */
static bool initrd_archive(unsigned long addr)
{
	u8 b[6];
	unsigned int n;

	for (n = 0; n < sizeof(b); n++)
		b[n] = mmio_read8(addr + n);
	if (!memcmp(b, "07070", 5) && (b[5] == '1' || b[5] == '2'))
		return true;
	return (b[0] == 0x1f && (b[1] == 0x8b || b[1] == 0x9e)) ||	/* gzip */
		!memcmp(b, "BZh", 3) ||					/* bzip2 */
		(b[0] == 0x5d && b[1] == 0 && b[2] == 0) ||		/* lzma */
		!memcmp(b, "\xfd" "7zXZ", 5) ||				/* xz */
		(b[0] == 0x89 && !memcmp(b + 1, "LZO", 3)) ||		/* lzo */
		(b[0] == 0x02 && b[1] == 0x21) ||			/* lz4 */
		(b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f &&	/* zstd */
		 b[3] == 0xfd);
}

void inmate_main(void)
{
	unsigned long kernel = (unsigned long)cmdline_parse_int("kernel", 0);
	unsigned long dtb = (unsigned long)cmdline_parse_int("dtb", 0);
	unsigned long text_offset, image_size;
	struct initrd rd = { 0 };
	u32 dtb_size;

	if (!kernel || !dtb) {
		printk("linux-loader: need kernel=ADDR and dtb=ADDR, got \"%s\"\n",
		       cmdline);
		inmate_fail("no kernel to start");
	}

	if (kernel & 7)
		refuse("kernel= not 8-byte aligned", kernel);
	if (mmio_read32(kernel + IMAGE_MAGIC_OFF) != IMAGE_MAGIC)
		refuse("no arm64 Image (magic \"ARM\\x64\" at offset 56)",
		       kernel);
	text_offset = mmio_read64(kernel + IMAGE_TEXT_OFFSET);
	image_size = mmio_read64(kernel + IMAGE_SIZE);
	if (kernel < text_offset || ((kernel - text_offset) & (SZ_2M - 1)))
		refuse("Image base (kernel= minus text_offset) not 2 MiB aligned",
		       kernel);
	/* an Image of before 3.17 leaves image_size 0: assume 64 MiB */
	if (!image_size)
		image_size = 32 * SZ_2M;

	if (dtb & 7)
		refuse("dtb= not 8-byte aligned", dtb);
	if (be32(dtb) != FDT_MAGIC)
		refuse("no device tree (magic 0xd00dfeed)", dtb);
	dtb_size = be32(dtb + 4);
	if (dtb_size < 40 || dtb_size > FDT_MAX_SIZE)
		refuse("device tree size not within 40 bytes..2 MiB", dtb);
	if (overlap(kernel, image_size, dtb, dtb_size))
		refuse("device tree overlaps the kernel (Image size incl. bss)",
		       dtb);
	if (!fdt_find_initrd(dtb, dtb_size, &rd))
		refuse("malformed device tree structure", dtb);

	if (rd.has_start != rd.has_end || (rd.has_start && rd.end <= rd.start))
		refuse("device tree: /chosen linux,initrd-start/-end incomplete",
		       dtb);
	if (rd.has_start) {
		if (overlap(kernel, image_size, rd.start, rd.end - rd.start))
			refuse("initramfs (/chosen linux,initrd-start) overlaps the kernel",
			       rd.start);
		if (overlap(dtb, dtb_size, rd.start, rd.end - rd.start))
			refuse("initramfs (/chosen linux,initrd-start) overlaps the device tree",
			       rd.start);
		if (!initrd_archive(rd.start))
			refuse("no initramfs (cpio or compressed) at /chosen linux,initrd-start",
			       rd.start);
		printk("linux-loader: initramfs at 0x%lx..0x%lx\n", rd.start,
		       rd.end);
	}

	printk("linux-loader: starting kernel at 0x%lx, device tree at 0x%lx\n",
	       kernel, dtb);

	/*
	 * The whole cacheable window, not only the loader's image: the
	 * kernel or device tree may have been read through it.
	 */
	mmu_off_and_jump(kernel, dtb, 0, INMATE_CACHED_RAM_SIZE);
}
