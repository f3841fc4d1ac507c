/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_MMIO_H
#define _HV_MMIO_H

#include <hv/types.h>

static inline u8 mmio_read8(const void *addr)
{
	return *(const volatile u8 *)addr;
}

static inline u16 mmio_read16(const void *addr)
{
	return *(const volatile u16 *)addr;
}

static inline u32 mmio_read32(const void *addr)
{
	return *(const volatile u32 *)addr;
}

static inline u64 mmio_read64(const void *addr)
{
	return *(const volatile u64 *)addr;
}

static inline void mmio_write8(void *addr, u8 v)
{
	*(volatile u8 *)addr = v;
}

static inline void mmio_write16(void *addr, u16 v)
{
	*(volatile u16 *)addr = v;
}

static inline void mmio_write32(void *addr, u32 v)
{
	*(volatile u32 *)addr = v;
}

static inline void mmio_write64(void *addr, u64 v)
{
	*(volatile u64 *)addr = v;
}

/* read/write @size bytes (1, 2, 4, 8) */
u64 mmio_read(const void *addr, unsigned int size);
void mmio_write(void *addr, unsigned int size, u64 value);

/* one trapped access of a cell */
struct mmio_access {
	/* offset into the region when a handler sees it, else address */
	u64 address;
	unsigned int size;
	bool is_write;
	/* value written, or value to be returned by a read */
	u64 value;
};

enum mmio_result {
	MMIO_ERROR = -1,
	MMIO_UNHANDLED = 0,
	MMIO_HANDLED = 1,
};

typedef enum mmio_result (*mmio_handler)(void *arg,
					 struct mmio_access *access);

struct mmio_region {
	u64 start;
	u64 size;
	mmio_handler handler;
	void *arg;
};

#define MMIO_MAX_REGIONS	16

struct mmio_region_list {
	unsigned int num;
	struct mmio_region regions[MMIO_MAX_REGIONS];
};

int mmio_region_register(struct mmio_region_list *list, u64 start, u64 size,
			 mmio_handler handler, void *arg);
void mmio_region_unregister(struct mmio_region_list *list, u64 start);
enum mmio_result mmio_handle_access(struct mmio_region_list *list,
				    struct mmio_access *access);

#endif /* !_HV_MMIO_H */
