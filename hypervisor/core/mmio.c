// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO dispatcher: per-cell list of emulated regions.  The arch code
 * decodes a trapped access into struct mmio_access and hands it here.
 */
#include <hv/mmio.h>

u64 mmio_read(const void *addr, unsigned int size)
{
	switch (size) {
	case 1:
		return mmio_read8(addr);
	case 2:
		return mmio_read16(addr);
	case 4:
		return mmio_read32(addr);
	default:
		return mmio_read64(addr);
	}
}

void mmio_write(void *addr, unsigned int size, u64 value)
{
	switch (size) {
	case 1:
		mmio_write8(addr, value);
		break;
	case 2:
		mmio_write16(addr, value);
		break;
	case 4:
		mmio_write32(addr, value);
		break;
	default:
		mmio_write64(addr, value);
		break;
	}
}

int mmio_region_register(struct mmio_region_list *list, u64 start, u64 size,
			 mmio_handler handler, void *arg)
{
	struct mmio_region *r;
	unsigned int n;

	if (!size || !handler)
		return -EINVAL;
	for (n = 0; n < list->num; n++) {
		r = &list->regions[n];
		if (start < r->start + r->size && r->start < start + size)
			return -EEXIST;
	}
	if (list->num >= MMIO_MAX_REGIONS)
		return -ENOMEM;

	r = &list->regions[list->num];
	r->start = start;
	r->size = size;
	r->handler = handler;
	r->arg = arg;
	/* publish the entry before it becomes visible through num */
	__atomic_store_n(&list->num, list->num + 1, __ATOMIC_RELEASE);
	return 0;
}

void mmio_region_unregister(struct mmio_region_list *list, u64 start)
{
	unsigned int n;

	for (n = 0; n < list->num; n++) {
		if (list->regions[n].start != start)
			continue;
		for (; n + 1 < list->num; n++)
			list->regions[n] = list->regions[n + 1];
		list->num--;
		return;
	}
}

enum mmio_result mmio_handle_access(struct mmio_region_list *list,
				    struct mmio_access *access)
{
	unsigned int n, num = __atomic_load_n(&list->num, __ATOMIC_ACQUIRE);
	struct mmio_region *r;
	u64 addr = access->address;
	enum mmio_result res;

	for (n = 0; n < num; n++) {
		r = &list->regions[n];
		if (addr < r->start || addr - r->start >= r->size)
			continue;
		if (addr - r->start + access->size > r->size)
			return MMIO_ERROR;
		access->address = addr - r->start;
		res = r->handler(r->arg, access);
		access->address = addr;
		return res;
	}
	return MMIO_UNHANDLED;
}
