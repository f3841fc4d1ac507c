// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's console ring, read from hypervisor memory.
 */
#define pr_fmt(fmt) "jailhouse: " fmt

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <asm/barrier.h>
#include <asm/processor.h>
#include <asm/sysreg.h>

#include <jailhouse/fw-header.h>

#include "jh-driver.h"

/*
 * Whether the console ring may be read while the hypervisor runs.  Our
 * firmware maps the ring read-only into the root cell; a firmware that does
 * not would park the reading CPU, so this can be switched off, leaving the
 * console readable before enable, after disable and after a failed enable.
 */
static bool live_console = true;
module_param(live_console, bool, 0644);
MODULE_PARM_DESC(live_console,
		 "read the console ring while the hypervisor runs (needs a firmware that shares it with the root cell)");

/* drop whatever this CPU may have cached of the ring before reading it */
static void jailhouse_console_invalidate(const void *addr, size_t size)
{
	unsigned long line = 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	unsigned long pos = (unsigned long)addr & ~(line - 1);
	unsigned long end = (unsigned long)addr + size;

	/*
	 * The driver never writes the ring, so cleaning cannot overwrite
	 * anything the firmware wrote, e.g. with its MMU still off.
	 */
	for (; pos < end; pos += line)
		asm volatile("dc civac, %0" : : "r" (pos) : "memory");
	dsb(sy);
}

/*
 * Copy console bytes into @buf, oldest first, and return their number.
 * Positions are the firmware's running byte count.  With @newest, the last
 * @size bytes are copied and *@pos is ignored on entry; otherwise copying
 * starts at *@pos, or at the oldest byte still there if that was lost.
 * *@pos is set to the position after the last byte copied.
 */
static size_t jailhouse_console_copy(u32 *pos, bool newest, char *buf,
				     size_t size)
{
	struct jailhouse_fw_console *ring;
	u32 content_size, tail, from, len, off, first;
	unsigned int tries;
	u32 *word;

	if (!jailhouse.hv_mem) {
		/* the hypervisor is gone: what was saved of its console */
		const struct jailhouse_console_snapshot *snap =
			&jailhouse.console_snapshot;

		if (!snap->len)
			return 0;
		tail = snap->tail;
		from = tail - snap->len;
		if (newest)
			from = tail - min_t(size_t, snap->len, size);
		else if ((s32)(*pos - from) > 0 && (s32)(tail - *pos) >= 0)
			from = *pos;
		len = min_t(size_t, tail - from, size);
		memcpy(buf, snap->data + (from - (tail - snap->len)), len);
		*pos = from + len;
		return len;
	}

	if (jailhouse.console_size <= sizeof(struct jailhouse_fw_console) ||
	    (jailhouse.enabled && !READ_ONCE(live_console)))
		return 0;
	ring = jailhouse.hv_mem + jailhouse.console_offset;
	/* the header is packed; access its (aligned) words as such */
	word = (u32 *)ring;
	BUILD_BUG_ON(offsetof(struct jailhouse_fw_console, busy) != 0);
	BUILD_BUG_ON(offsetof(struct jailhouse_fw_console, tail) != 4);
	BUILD_BUG_ON(offsetof(struct jailhouse_fw_console, content_size) != 8);

	for (tries = 0; ; tries++) {
		/*
		 * While the hypervisor runs, it writes through its cacheable
		 * mapping and the ring is coherent with ours.  Before and
		 * after that, with its MMU off, it writes around the caches.
		 */
		if (!jailhouse.enabled)
			jailhouse_console_invalidate(ring,
						     jailhouse.console_size);

		content_size = READ_ONCE(word[2]);
		if (content_size == 0 ||
		    content_size > jailhouse.console_size - sizeof(*ring))
			return 0;	/* not set up (yet) */

		if (READ_ONCE(word[0]) && tries < 1000) {
			cpu_relax();
			continue;
		}
		tail = READ_ONCE(word[1]);
		smp_rmb();

		from = tail - min(tail, content_size);
		if (newest)
			from = tail - min_t(size_t, tail - from, size);
		else if ((s32)(*pos - from) > 0 && (s32)(tail - *pos) >= 0)
			from = *pos;
		len = min_t(size_t, tail - from, size);
		off = from % content_size;
		first = min(len, content_size - off);
		memcpy(buf, ring->content + off, first);
		memcpy(buf + first, ring->content, len - first);

		smp_rmb();
		/* give up on consistency if the firmware never stops writing */
		if ((!READ_ONCE(word[0]) && READ_ONCE(word[1]) == tail) ||
		    tries >= 1000)
			break;
		cpu_relax();
	}
	*pos = from + len;
	return len;
}

ssize_t jailhouse_console_read(char *buf, size_t size)
{
	u32 pos;

	return jailhouse_console_copy(&pos, true, buf, size);
}

size_t jailhouse_console_fetch(struct jailhouse_console_reader *reader,
			       char *buf, size_t size)
{
	if (reader->generation != jailhouse.console_generation) {
		reader->generation = jailhouse.console_generation;
		reader->pos = 0;
	}
	return jailhouse_console_copy(&reader->pos, false, buf, size);
}

void jailhouse_console_reset(void)
{
	kfree(jailhouse.console_snapshot.data);
	memset(&jailhouse.console_snapshot, 0,
	       sizeof(jailhouse.console_snapshot));
	jailhouse.console_generation++;
}

/* keep the console readable after the hypervisor memory is unmapped */
void jailhouse_console_snapshot(void)
{
	size_t size = jailhouse.console_size;
	char *copy;
	u32 pos;

	if (!jailhouse.hv_mem || !size)
		return;
	copy = kmalloc(size, GFP_KERNEL);
	if (!copy)
		return;
	kfree(jailhouse.console_snapshot.data);
	jailhouse.console_snapshot.data = copy;
	jailhouse.console_snapshot.len =
		jailhouse_console_copy(&pos, true, copy, size);
	jailhouse.console_snapshot.tail = pos;
}

/* repeat the firmware's console in the kernel log, e.g. after a failure */
void jailhouse_console_dump(const char *why)
{
	size_t size = jailhouse.console_size;
	char *copy, *line, *next;
	size_t len;
	u32 pos;

	if (!jailhouse.hv_mem || !size)
		return;
	copy = kmalloc(size + 1, GFP_KERNEL);
	if (!copy)
		return;
	len = jailhouse_console_copy(&pos, true, copy, size);
	copy[len] = '\0';
	if (len)
		pr_err("hypervisor console (%s):\n", why);
	for (line = copy; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		pr_err("  %s\n", line);
	}
	kfree(copy);
}
