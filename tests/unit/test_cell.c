// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of cell management (hypervisor/core/cell.c) through the
 * hypercalls of the root cell: create, set loadable, start, destroy, the
 * cell state, the shutdown handshake over the communication region, and
 * every error path, with the shipped qemu-arm64 system and inmate-demo
 * cell configurations.
 *
 * "Physical" root cell RAM that the hypervisor reads (the cell
 * configuration handed to CELL_CREATE) is host memory mapped at an
 * address inside the root cell's RAM region.  The arch hooks come from
 * hv-host-cell.c.
 *
 * Invariants checked after every destroy and every failed create: the
 * root cell's view of memory, its CPUs and interrupts are as before, and
 * the page pool is back at its count (after a first cycle, which may
 * leave root tables split).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include <hv/control.h>
#include <hv/printk.h>
#include <jailhouse/fw-header.h>

#include "hv-host-cell.h"
#include "hv-host-shim.h"

#ifndef JH_CELLS_DIR
#error JH_CELLS_DIR must name the folder of the host-built .cell files
#endif

#define POOL_PAGES	512
#define SHARED_SIZE	0x100000UL

/* the inmate-demo cell: CPU 3, its RAM, UART and interrupt */
#define CELL_CPU	3
#define CELL_RAM	0x7fa00000ULL
#define CELL_RAM_SIZE	0x10000ULL
#define CELL_UART	0x3eff1000ULL
#define CELL_IRQ	36

struct file {
	u8 *data;
	size_t len;
};

static struct file sys_file, cell_file;
static struct jailhouse_system *sys;
static void *pool_mem;
static unsigned long pool_bitmap[PAGE_POOL_BITMAP_LONGS(POOL_PAGES)];
/* host memory at a "physical" address in the root cell's RAM */
static u8 *shared;

static union {
	struct jailhouse_fw_console hdr;
	u8 bytes[sizeof(struct jailhouse_fw_console) + 16384];
} ring;

static void load(struct file *f, const char *name)
{
	char path[512];
	FILE *fp;
	long size;

	snprintf(path, sizeof(path), "%s/%s", JH_CELLS_DIR, name);
	fp = fopen(path, "rb");
	if (!fp)
		fail_msg("cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	rewind(fp);
	f->data = malloc(size);
	assert_non_null(f->data);
	assert_int_equal(fread(f->data, 1, size, fp), (size_t)size);
	fclose(fp);
	f->len = size;
}

static int group_setup(void **state)
{
	static const uintptr_t tries[] = {
		0x7e000000, 0x7d000000, 0x70000000, 0x60000000, 0x50000000,
	};
	unsigned int n;
	void *p;

	(void)state;
	load(&sys_file, "qemu-arm64.cell");
	load(&cell_file, "qemu-arm64-inmate-demo.cell");
	pool_mem = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	if (!pool_mem)
		return -1;
	for (n = 0; n < ARRAY_SIZE(tries) && !shared; n++) {
		p = mmap((void *)tries[n], SHARED_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			 -1, 0);
		if (p == (void *)tries[n])
			shared = p;
		else if (p != MAP_FAILED)
			munmap(p, SHARED_SIZE);
	}
	if (!shared)
		fprintf(stderr,
			"test_cell: no host memory at a root RAM address\n");
	return shared ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	munmap(shared, SHARED_SIZE);
	free(pool_mem);
	free(sys_file.data);
	free(cell_file.data);
	return 0;
}

static int setup(void **state)
{
	unsigned int n;

	(void)state;
	hv_shim_reset();
	hv_cell_shim_reset();
	hv_cell_shim.time_step = 1000000;	/* 1 ms a reading */
	sys = malloc(sys_file.len);
	assert_non_null(sys);
	memcpy(sys, sys_file.data, sys_file.len);
	system_config = sys;
	page_pool_init(&mem_pool, "mem", pool_mem, 0x7fd00000, POOL_PAGES,
		       pool_bitmap);
	remap_pool.pages = 1024;
	remap_pool.used = 0;
	console_set_uart(NULL);
	console_set_ring(&ring.hdr, sizeof(ring));
	memset(cells, 0, sizeof(cells));
	assert_int_equal(root_cell_init(), 0);
	for (n = 0; n < 4; n++) {
		cpu_info[n].id = n;
		cpu_info[n].online = true;
		cpu_info[n].arch_id = n;
		cpu_info[n].cell = &root_cell;
	}
	/* Linux took CPU 3 offline: parked in the hypervisor */
	hv_cell_shim.parked = 1ULL << CELL_CPU;
	hv_shim.cpu_id = 0;
	memset(shared, 0, SHARED_SIZE);
	return 0;
}

static int teardown(void **state)
{
	unsigned int n;

	(void)state;
	for (n = 1; n < HV_MAX_CELLS; n++)
		if (cells[n])
			assert_int_equal(cell_destroy(n), 0);
	paging_free(&root_cell.stage2);
	assert_int_equal(mem_pool.used, 0);
	assert_int_equal(hv_shim.locks_held, 0);
	system_config = NULL;
	free(sys);
	return 0;
}

static bool console_has(const char *text)
{
	static char buf[sizeof(ring.bytes)];
	unsigned int n;

	for (n = 0; n < ring.hdr.tail && n + 1 < sizeof(buf); n++)
		buf[n] = ring.hdr.content[n % ring.hdr.content_size];
	buf[n] = '\0';
	return strstr(buf, text) != NULL;
}

/* a copy of the inmate-demo configuration in root RAM, for CELL_CREATE */
static struct jailhouse_cell_desc *put_config(size_t offset)
{
	assert_true(offset + cell_file.len <= SHARED_SIZE);
	memcpy(shared + offset, cell_file.data, cell_file.len);
	return (struct jailhouse_cell_desc *)(shared + offset);
}

static unsigned long phys_of(const void *p)
{
	return (uintptr_t)p;
}

static struct jailhouse_memory *regions_of(struct jailhouse_cell_desc *d)
{
	return (struct jailhouse_memory *)jailhouse_cell_mem_regions(d);
}

static long hc(unsigned long code, unsigned long arg)
{
	return hypercall(code, arg, 0);
}

static long create(struct jailhouse_cell_desc *d)
{
	return hc(JAILHOUSE_HC_CELL_CREATE, phys_of(d));
}

static bool root_maps(u64 addr, unsigned long *flags)
{
	return paging_virt2phys(&root_cell.stage2, addr, NULL, flags);
}

/* the root cell has everything of the demo cell */
static void expect_root_complete(void)
{
	unsigned long flags;

	assert_true(root_maps(CELL_RAM, &flags));
	assert_int_equal(flags, PAGE_FLAG_RW | PAGE_FLAG_EXEC);
	assert_true(root_maps(CELL_RAM + CELL_RAM_SIZE - 1, NULL));
	assert_true(root_maps(CELL_UART, &flags));
	assert_int_equal(flags, PAGE_FLAG_RW | PAGE_FLAG_DEVICE);
	assert_true(cell_owns_irq(&root_cell, CELL_IRQ));
	assert_int_equal(root_cell.cpus.bits[0], 0xf);
	assert_int_equal(cpu_set_weight(&root_cell.cpus), 4);
	assert_ptr_equal(cpu_info[CELL_CPU].cell, &root_cell);
	assert_int_equal(num_cells, 1);
	assert_int_equal(hc(JAILHOUSE_HC_HYPERVISOR_GET_INFO,
			    JAILHOUSE_INFO_NUM_CELLS), 1);
}

/* ---- create and destroy ---- */

static void test_create_destroy(void **state)
{
	struct jailhouse_cell_desc *d = put_config(0x1000);
	struct jailhouse_comm_region *comm;
	unsigned long flags, used0, used1;
	struct cell *cell;
	long id;

	(void)state;
	used0 = mem_pool.used;
	id = create(d);
	assert_int_equal(id, 1);
	cell = cells[1];
	assert_non_null(cell);
	assert_int_equal(cell->id, 1);
	assert_string_equal(cell_name(cell), "inmate-demo");
	/* its own copy of the configuration */
	assert_ptr_not_equal(cell->config, d);
	assert_memory_equal(cell->config, d, cell_file.len);
	assert_int_equal(num_cells, 2);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_GET_STATE, 1),
			 JAILHOUSE_CELL_SHUT_DOWN);
	assert_true(console_has("Created cell \"inmate-demo\""));

	/* CPU, interrupt and memory moved */
	assert_ptr_equal(cpu_info[CELL_CPU].cell, cell);
	assert_int_equal(cell->cpus.bits[0], 1ULL << CELL_CPU);
	assert_int_equal(cpu_set_weight(&cell->cpus), 1);
	assert_int_equal(root_cell.cpus.bits[0], 0x7);
	assert_true(cell_owns_irq(cell, CELL_IRQ));
	assert_false(cell_owns_irq(&root_cell, CELL_IRQ));
	assert_true(cell_owns_irq(&root_cell, CELL_IRQ + 1));
	assert_int_equal(hv_cell_shim.irq_moves, 1);
	assert_int_equal(hv_cell_shim.irq, CELL_IRQ);
	assert_ptr_equal(hv_cell_shim.irq_to, cell);
	assert_false(root_maps(CELL_UART, NULL));
	assert_true(root_maps(CELL_UART - 1, NULL));
	assert_true(root_maps(CELL_UART + 0x1000, NULL));
	/* the loadable RAM is lent to the root, without execute */
	assert_true(root_maps(CELL_RAM, &flags));
	assert_int_equal(flags, PAGE_FLAG_RW);
	assert_true(hv_cell_shim.root_tlb_flushes > 0);

	/* the cell's view */
	assert_true(paging_virt2phys(&cell->stage2, 0x100, NULL, &flags));
	assert_int_equal(flags, PAGE_FLAG_RW | PAGE_FLAG_EXEC);
	assert_true(paging_virt2phys(&cell->stage2, CELL_UART, NULL, &flags));
	assert_int_equal(flags, PAGE_FLAG_RW | PAGE_FLAG_DEVICE);
	assert_int_equal(hv_shim.cell_init_calls, 2);

	/* the communication region: a pool page at 0x80000000 */
	comm = cell->comm;
	assert_non_null(comm);
	assert_true(paging_virt2phys(&cell->stage2, 0x80000000, NULL, NULL));
	assert_memory_equal(comm->signature, "JHCOMM", 6);
	assert_int_equal(comm->revision, COMM_REGION_ABI_REVISION);
	assert_int_equal(comm->cell_state, JAILHOUSE_CELL_SHUT_DOWN);
	assert_int_equal(comm->flags, JAILHOUSE_COMM_FLAG_DBG_PUTC_PERMITTED);
	assert_int_equal(comm->console.address, CELL_UART);
	assert_int_equal(comm->gicd_base, 0x08000000);
	assert_int_equal(comm->gic_version, 3);

	/* only the root cell manages cells; disabling waits for them */
	assert_int_equal(hc(JAILHOUSE_HC_DISABLE, 0), -EBUSY);
	hv_shim.cpu_id = CELL_CPU;
	assert_int_equal(hc(JAILHOUSE_HC_CELL_DESTROY, 1), -EPERM);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_CREATE, phys_of(d)), -EPERM);
	hv_shim.cpu_id = 0;

	assert_int_equal(hc(JAILHOUSE_HC_CELL_DESTROY, 1), 0);
	assert_null(cells[1]);
	expect_root_complete();
	assert_ptr_equal(hv_cell_shim.irq_to, &root_cell);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_GET_STATE, 1), -ENOENT);
	assert_true(console_has("Closing cell \"inmate-demo\""));
	used1 = mem_pool.used;
	/* at most a few root tables split for good */
	assert_true(used1 >= used0 && used1 <= used0 + 4);

	/* again and again: nothing leaks */
	for (id = 0; id < 4; id++) {
		assert_int_equal(create(d), 1);
		assert_int_equal(hc(JAILHOUSE_HC_CELL_DESTROY, 1), 0);
		assert_int_equal(mem_pool.used, used1);
		expect_root_complete();
	}
}

static void test_load_start(void **state)
{
	struct jailhouse_cell_desc *d = put_config(0);
	struct cell *cell;

	(void)state;
	d->cpu_reset_address = 0x1000;
	assert_int_equal(create(d), 1);
	cell = cells[1];
	/* lent already: nothing to do */
	assert_int_equal(hc(JAILHOUSE_HC_CELL_SET_LOADABLE, 1), 0);
	assert_true(root_maps(CELL_RAM, NULL));

	assert_int_equal(hc(JAILHOUSE_HC_CELL_START, 1), 0);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_GET_STATE, 1),
			 JAILHOUSE_CELL_RUNNING);
	/* the root lost the RAM again, which was flushed to PoC */
	assert_false(root_maps(CELL_RAM, NULL));
	assert_int_equal(hv_cell_shim.flushes, 1);
	assert_int_equal(hv_cell_shim.flush_phys, CELL_RAM);
	assert_int_equal(hv_cell_shim.flush_size, CELL_RAM_SIZE);
	assert_int_equal(hv_cell_shim.maps, hv_cell_shim.unmaps);
	/* the first CPU starts at the reset address */
	assert_int_equal(hv_cell_shim.starts, 1);
	assert_ptr_equal(hv_cell_shim.start_cell, cell);
	assert_int_equal(hv_cell_shim.start_entry, 0x1000);
	assert_int_equal(cell->comm->cell_state, JAILHOUSE_CELL_RUNNING);
	assert_true(console_has("Started cell"));

	/* a passive cell is stopped without asking */
	assert_int_equal(hc(JAILHOUSE_HC_CELL_SET_LOADABLE, 1), 0);
	assert_int_equal(hv_cell_shim.parks, 1);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_GET_STATE, 1),
			 JAILHOUSE_CELL_SHUT_DOWN);
	assert_int_equal(cell->comm->cell_state, JAILHOUSE_CELL_SHUT_DOWN);
	assert_true(root_maps(CELL_RAM, NULL));

	/* started twice: stopped in between */
	assert_int_equal(hc(JAILHOUSE_HC_CELL_START, 1), 0);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_START, 1), 0);
	assert_int_equal(hv_cell_shim.parks, 2);
	assert_int_equal(hv_cell_shim.starts, 3);

	/* a region that cannot be mapped for the flush is skipped */
	hv_cell_shim.map_ret = -ENOMEM;
	assert_int_equal(hc(JAILHOUSE_HC_CELL_START, 1), 0);
	assert_true(console_has("cannot map"));
	hv_cell_shim.map_ret = 0;

	assert_int_equal(hc(JAILHOUSE_HC_CELL_DESTROY, 1), 0);
	expect_root_complete();
	assert_int_equal(hv_cell_shim.parked, 1ULL << CELL_CPU);
}

/* ---- the cell state ---- */

static void test_state(void **state)
{
	struct jailhouse_cell_desc *d = put_config(0);
	struct cell *cell;

	(void)state;
	assert_int_equal(create(d), 1);
	cell = cells[1];
	assert_int_equal(hc(JAILHOUSE_HC_CELL_START, 1), 0);

	/* the cell asks about itself, not about others */
	hv_shim.cpu_id = CELL_CPU;
	assert_int_equal(hc(JAILHOUSE_HC_CELL_GET_STATE, 1),
			 JAILHOUSE_CELL_RUNNING);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_GET_STATE, 0), -EPERM);
	hv_shim.cpu_id = 0;

	/* what the running cell says in its communication region */
	cell->comm->cell_state = JAILHOUSE_CELL_RUNNING_LOCKED;
	assert_int_equal(hc(JAILHOUSE_HC_CELL_GET_STATE, 1),
			 JAILHOUSE_CELL_RUNNING_LOCKED);
	cell->comm->cell_state = 77;
	assert_int_equal(hc(JAILHOUSE_HC_CELL_GET_STATE, 1),
			 JAILHOUSE_CELL_FAILED_COMM_REV);
	cell->comm->cell_state = JAILHOUSE_CELL_RUNNING;

	/* a CPU of the cell broke the rules */
	cell_cpu_failed(cell, CELL_CPU);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_GET_STATE, 1),
			 JAILHOUSE_CELL_FAILED);
	assert_int_equal(cell->comm->cell_state, JAILHOUSE_CELL_FAILED);
	/* not for the root cell */
	cell_cpu_failed(&root_cell, 0);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_GET_STATE, 0),
			 JAILHOUSE_CELL_RUNNING);

	/* a failed cell can be restarted */
	assert_int_equal(hc(JAILHOUSE_HC_CELL_START, 1), 0);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_GET_STATE, 1),
			 JAILHOUSE_CELL_RUNNING);
}

static void test_bad_ids(void **state)
{
	static const unsigned long codes[] = {
		JAILHOUSE_HC_CELL_START, JAILHOUSE_HC_CELL_SET_LOADABLE,
		JAILHOUSE_HC_CELL_DESTROY,
	};
	unsigned int n;

	(void)state;
	for (n = 0; n < ARRAY_SIZE(codes); n++) {
		/* the root cell is not managed */
		assert_int_equal(hc(codes[n], 0), -EINVAL);
		assert_int_equal(hc(codes[n], 1), -ENOENT);
		assert_int_equal(hc(codes[n], HV_MAX_CELLS), -ENOENT);
		assert_int_equal(hc(codes[n], ~0UL), -ENOENT);
	}
	assert_int_equal(hc(JAILHOUSE_HC_CELL_GET_STATE, 1), -ENOENT);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_GET_STATE, HV_MAX_CELLS),
			 -ENOENT);
	expect_root_complete();
}

/* ---- shutdown handshake (a cell that is not passive) ---- */

static struct jailhouse_comm_region *comm_of_1(void)
{
	return cells[1]->comm;
}

static u32 answer;

/* the cell answers the request after a few polls */
static void cell_answers(void)
{
	struct jailhouse_comm_region *comm = comm_of_1();

	if (hv_shim.relaxes == 3) {
		assert_int_equal(comm->msg_to_cell,
				 JAILHOUSE_MSG_SHUTDOWN_REQUEST);
		comm->reply_from_cell = answer;
	}
}

static void cell_shuts_down(void)
{
	if (hv_shim.relaxes == 2)
		comm_of_1()->cell_state = JAILHOUSE_CELL_SHUT_DOWN;
}

static void start_active_cell(struct jailhouse_cell_desc *d)
{
	d->flags &= ~JAILHOUSE_CELL_PASSIVE_COMMREG;
	assert_int_equal(create(d), 1);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_START, 1), 0);
	hv_shim.relaxes = 0;
}

static void test_shutdown_handshake(void **state)
{
	struct jailhouse_cell_desc *d = put_config(0);

	(void)state;
	start_active_cell(d);

	/* refused: the cell keeps running */
	answer = JAILHOUSE_MSG_REQUEST_DENIED;
	hv_shim.relax_hook = cell_answers;
	assert_int_equal(hc(JAILHOUSE_HC_CELL_DESTROY, 1), -EPERM);
	assert_non_null(cells[1]);
	assert_int_equal(comm_of_1()->msg_to_cell, JAILHOUSE_MSG_NONE);
	assert_int_equal(hv_cell_shim.parks, 0);
	assert_true(console_has("refused to shut down"));
	hv_shim.relaxes = 0;
	assert_int_equal(hc(JAILHOUSE_HC_CELL_SET_LOADABLE, 1), -EPERM);
	hv_shim.relaxes = 0;
	assert_int_equal(hc(JAILHOUSE_HC_CELL_START, 1), -EPERM);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_GET_STATE, 1),
			 JAILHOUSE_CELL_RUNNING);

	/* approved */
	answer = JAILHOUSE_MSG_REQUEST_APPROVED;
	hv_shim.relaxes = 0;
	assert_int_equal(hc(JAILHOUSE_HC_CELL_SET_LOADABLE, 1), 0);
	assert_int_equal(hv_cell_shim.parks, 1);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_GET_STATE, 1),
			 JAILHOUSE_CELL_SHUT_DOWN);

	/* the cell shuts itself down instead of answering */
	assert_int_equal(hc(JAILHOUSE_HC_CELL_START, 1), 0);
	hv_shim.relaxes = 0;
	hv_shim.relax_hook = cell_shuts_down;
	assert_int_equal(hc(JAILHOUSE_HC_CELL_DESTROY, 1), 0);
	hv_shim.relax_hook = NULL;
	expect_root_complete();
}

static void test_shutdown_timeout(void **state)
{
	struct jailhouse_cell_desc *d = put_config(0);

	(void)state;
	/* 5 ms to answer, time goes 1 ms a reading */
	d->msg_reply_timeout = 5;
	start_active_cell(d);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_DESTROY, 1), 0);
	assert_true(console_has("did not answer"));
	assert_true(hv_shim.relaxes >= 4 && hv_shim.relaxes <= 6);

	/* without a timeout of its own: 100 ms */
	d->msg_reply_timeout = 0;
	start_active_cell(d);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_DESTROY, 1), 0);
	assert_true(hv_shim.relaxes >= 99 && hv_shim.relaxes <= 101);

	/* and never more than 10 s */
	d->msg_reply_timeout = 1000000;
	start_active_cell(d);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_DESTROY, 1), 0);
	assert_true(hv_shim.relaxes >= 9999 && hv_shim.relaxes <= 10001);
}

/* a locked cell refuses without being asked; a failed one is not asked */
static void test_shutdown_locked_failed(void **state)
{
	struct jailhouse_cell_desc *d = put_config(0);

	(void)state;
	start_active_cell(d);
	comm_of_1()->cell_state = JAILHOUSE_CELL_RUNNING_LOCKED;
	assert_int_equal(hc(JAILHOUSE_HC_CELL_DESTROY, 1), -EPERM);
	assert_true(console_has("is locked"));
	assert_int_equal(comm_of_1()->msg_to_cell, JAILHOUSE_MSG_NONE);
	assert_int_equal(hv_shim.relaxes, 0);

	comm_of_1()->cell_state = JAILHOUSE_CELL_FAILED;
	assert_int_equal(hc(JAILHOUSE_HC_CELL_DESTROY, 1), 0);
	assert_int_equal(hv_shim.relaxes, 0);
	expect_root_complete();
}

/* ---- creation errors: nothing changes ---- */

#define expect_create_fails(d, err) \
	__expect_create_fails(d, err, __LINE__)

static void __expect_create_fails(struct jailhouse_cell_desc *d, long err,
				  int line)
{
	unsigned long used = mem_pool.used;
	long ret = create(d);

	if (ret != err)
		fail_msg("line %d: create: %ld, expected %ld", line, ret, err);
	assert_null(cells[1]);
	assert_int_equal(mem_pool.used, used);
	expect_root_complete();
}

static void test_create_bad_configs(void **state)
{
	struct jailhouse_cell_desc *d = put_config(0);
	struct jailhouse_memory *mem = regions_of(d);

	(void)state;
	/* not in root RAM: the UART, hypervisor memory, nowhere */
	assert_int_equal(hc(JAILHOUSE_HC_CELL_CREATE, 0x09000000), -EINVAL);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_CREATE, 0x7fc00000), -EINVAL);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_CREATE, ~0UL - 16), -EINVAL);
	assert_true(console_has("not in root cell RAM"));

	d->signature[0] = 'X';
	expect_create_fails(d, -EINVAL);
	d = put_config(0);
	d->revision = 13;
	expect_create_fails(d, -EINVAL);
	d = put_config(0);
	d->name[0] = 0;
	expect_create_fails(d, -EINVAL);
	d = put_config(0);
	memset(d->name, 'n', sizeof(d->name));
	expect_create_fails(d, -EINVAL);

	/* far too big */
	d = put_config(0);
	d->num_memory_regions = 100000;
	expect_create_fails(d, -E2BIG);

	/* what the checker finds: memory that is not the root cell's */
	d = put_config(0);
	mem = regions_of(d);
	mem[1].phys_start = 0x80000000;
	expect_create_fails(d, -EINVAL);
	assert_true(console_has("Config error: "));
	/* an interrupt the root cell does not have (it has 32..159) */
	d = put_config(0);
	((struct jailhouse_irqchip *)jailhouse_cell_irqchips(d))->pin_base =
		160;
	expect_create_fails(d, -EINVAL);
}

/* the root changes the configuration between the hypervisor's reads */
static void grow_config(u64 phys, u64 size)
{
	struct jailhouse_cell_desc *d = (void *)shared;

	(void)phys;
	(void)size;
	if (hv_cell_shim.maps == 2)
		d->num_memory_regions++;
}

static void test_create_config_changes(void **state)
{
	struct jailhouse_cell_desc *d = put_config(0);

	(void)state;
	hv_cell_shim.map_hook = grow_config;
	expect_create_fails(d, -EINVAL);
	hv_cell_shim.map_hook = NULL;

	/* no mapping for reading it at all */
	d = put_config(0);
	hv_cell_shim.map_ret = -ENOMEM;
	expect_create_fails(d, -ENOMEM);
	hv_cell_shim.map_ret = 0;
}

static void test_create_cpu_errors(void **state)
{
	struct jailhouse_cell_desc *d = put_config(0);
	u8 *cpus = (u8 *)jailhouse_cell_cpu_set(d);

	(void)state;
	/* still running Linux */
	hv_cell_shim.parked = 0;
	expect_create_fails(d, -EBUSY);
	assert_true(console_has("take it offline first"));
	hv_cell_shim.parked = 1ULL << CELL_CPU;

	/* not there */
	cpu_info[CELL_CPU].online = false;
	expect_create_fails(d, -EINVAL);
	cpu_info[CELL_CPU].online = true;

	/* every CPU of the root cell */
	cpus[0] = 0xf;
	hv_cell_shim.parked = 0xf;
	assert_true(create(d) < 0);
	assert_null(cells[1]);
	expect_root_complete();
}

/* a cell on a high CPU id, and a CPU id without a slot */
static void test_create_high_cpu(void **state)
{
	struct jailhouse_cell_desc *d = put_config(0);
	u8 *cpus = (u8 *)jailhouse_cell_cpu_set(d);
	u8 *root_cpus = (u8 *)jailhouse_cell_cpu_set(&sys->root_cell);
	unsigned int high = HV_SHIM_CPUS - 1;
	struct cell *cell;

	(void)state;
	/* the root cell has CPU 15 too, parked */
	root_cpus[high / 8] |= 1 << (high % 8);
	cpu_set_add(&root_cell.cpus, high);
	cpu_info[high].id = high;
	cpu_info[high].online = true;
	cpu_info[high].arch_id = high;
	cpu_info[high].cell = &root_cell;
	hv_cell_shim.parked = 1ULL << high;

	memset(cpus, 0, d->cpu_set_size);
	cpus[high / 8] = 1 << (high % 8);
	assert_int_equal(create(d), 1);
	cell = cells[1];
	assert_ptr_equal(cpu_info[high].cell, cell);
	assert_true(cpu_set_test(&cell->cpus, high));
	assert_int_equal(cpu_set_weight(&cell->cpus), 1);
	assert_false(cpu_set_test(&root_cell.cpus, high));
	assert_int_equal(cpu_set_weight(&root_cell.cpus), 4);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_DESTROY, 1), 0);
	assert_ptr_equal(cpu_info[high].cell, &root_cell);
	assert_true(cpu_set_test(&root_cell.cpus, high));
	assert_int_equal(cpu_set_weight(&root_cell.cpus), 5);

	/* an id beyond the slots (in a root set that has it) is not there */
	root_cpus[5] = 0x01;				/* CPU 40 */
	memset(cpus, 0, d->cpu_set_size);
	cpus[5] = 0x01;
	hv_cell_shim.parked = ~0ULL;
	assert_int_equal(create(d), -EINVAL);
	assert_null(cells[1]);
	assert_true(console_has("CPU 40 is not available"));
	root_cpus[5] = 0;
	root_cpus[high / 8] &= ~(1 << (high % 8));
	cpu_set_del(&root_cell.cpus, high);
	cpu_info[high].online = false;
	cpu_info[high].cell = NULL;
	hv_cell_shim.parked = 1ULL << CELL_CPU;
	expect_root_complete();
}

/* two cells: names and resources must differ */
static void test_two_cells(void **state)
{
	struct jailhouse_cell_desc *a = put_config(0);
	struct jailhouse_cell_desc *b = put_config(0x4000);
	struct jailhouse_memory *mem;
	u8 *cpus;

	(void)state;
	assert_int_equal(create(a), 1);
	/* the same again */
	assert_int_equal(create(b), -EEXIST);
	assert_true(console_has("exists already"));

	/* another name, same CPU: the CPU is taken */
	strcpy(b->name, "second");
	assert_int_equal(create(b), -EBUSY);

	/* own CPU, memory, interrupt and UART: fine */
	cpus = (u8 *)jailhouse_cell_cpu_set(b);
	cpus[0] = 0x4;
	hv_cell_shim.parked |= 0x4;
	mem = regions_of(b);
	mem[0].phys_start = mem[0].virt_start = 0x3eff2000;
	mem[1].phys_start = 0x7fa10000;
	((struct jailhouse_irqchip *)jailhouse_cell_irqchips(b))->pin_bitmap[0]
		= 1 << 5;
	b->console.address = 0x3eff2000;
	assert_int_equal(create(b), 2);
	assert_int_equal(num_cells, 3);
	assert_int_equal(root_cell.cpus.bits[0], 0x3);
	assert_int_equal(hc(JAILHOUSE_HC_HYPERVISOR_GET_INFO,
			    JAILHOUSE_INFO_NUM_CELLS), 3);

	/* a CPU of a cell is not free for another one */
	strcpy(a->name, "third");
	assert_true(create(a) < 0);

	/* destroyed in the other order, a new one takes the free id */
	assert_int_equal(hc(JAILHOUSE_HC_CELL_DESTROY, 1), 0);
	strcpy(a->name, "inmate-demo");
	assert_int_equal(create(a), 1);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_DESTROY, 2), 0);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_DESTROY, 1), 0);
	expect_root_complete();
}

/*
 * A configuration address is checked against what the root has now: not
 * in the RAM of a running cell, which the root had at enable.
 */
static void test_create_config_in_cell_ram(void **state)
{
	struct jailhouse_cell_desc *d = put_config(0);

	(void)state;
	assert_int_equal(create(d), 1);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_START, 1), 0);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_CREATE, CELL_RAM + 0x100),
			 -EINVAL);
	assert_true(console_has("has given to a cell"));
	assert_int_equal(num_cells, 2);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_DESTROY, 1), 0);
	expect_root_complete();
}

/* out of pool pages at every point of creation: nothing half done */
static void test_create_no_memory(void **state)
{
	struct jailhouse_cell_desc *d = put_config(0);
	unsigned long used, pages = mem_pool.pages, limit;
	unsigned int failures = 0;
	long ret;

	(void)state;
	/* a first cycle splits what it splits in the root tables */
	assert_int_equal(create(d), 1);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_DESTROY, 1), 0);
	used = mem_pool.used;

	for (limit = used; limit < pages; limit++) {
		mem_pool.pages = limit;
		ret = create(d);
		mem_pool.pages = pages;
		if (ret == 1)
			break;
		if (ret != -ENOMEM)
			fail_msg("%lu pages: create: %ld", limit, ret);
		failures++;
		assert_null(cells[1]);
		assert_int_equal(mem_pool.used, used);
		expect_root_complete();
	}
	assert_true(failures >= 4);
	assert_int_equal(ret, 1);
	assert_int_equal(hc(JAILHOUSE_HC_CELL_DESTROY, 1), 0);
	assert_int_equal(mem_pool.used, used);
}

/*
 * The same with a fresh root cell, whose tables still have to be split to
 * take the cell's memory away: a failure there gives back what was taken.
 */
static void test_create_no_memory_fresh_root(void **state)
{
	struct jailhouse_cell_desc *d = put_config(0);
	unsigned long pages = mem_pool.pages, limit;
	unsigned int failures = 0;
	long ret = 0;

	(void)state;
	for (limit = mem_pool.used; limit < pages; limit++) {
		paging_free(&root_cell.stage2);
		assert_int_equal(root_cell_init(), 0);
		mem_pool.pages = limit;
		ret = create(d);
		mem_pool.pages = pages;
		if (ret == 1)
			break;
		if (ret != -ENOMEM)
			fail_msg("%lu pages: create: %ld", limit, ret);
		failures++;
		assert_null(cells[1]);
		expect_root_complete();
	}
	assert_true(failures >= 4);
	assert_int_equal(ret, 1);
}

/* the root cell lost the interrupt without the checker knowing */
static void test_create_irq_gone(void **state)
{
	struct jailhouse_cell_desc *d = put_config(0);

	(void)state;
	root_cell.spi_bitmap[CELL_IRQ / 32] &= ~(1U << (CELL_IRQ % 32));
	assert_int_equal(create(d), -EBUSY);
	assert_null(cells[1]);
	assert_true(console_has("is not the root cell's"));
	root_cell.spi_bitmap[CELL_IRQ / 32] |= 1U << (CELL_IRQ % 32);
	expect_root_complete();
}

/* the arch part of creation fails */
static void test_create_arch_fails(void **state)
{
	struct jailhouse_cell_desc *d = put_config(0);

	(void)state;
	hv_shim.cell_init_ret = -EIO;
	expect_create_fails(d, -EIO);
	hv_shim.cell_init_ret = 0;
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_destroy),
		T(test_load_start),
		T(test_state),
		T(test_bad_ids),
		T(test_shutdown_handshake),
		T(test_shutdown_timeout),
		T(test_shutdown_locked_failed),
		T(test_create_bad_configs),
		T(test_create_config_changes),
		T(test_create_cpu_errors),
		T(test_create_high_cpu),
		T(test_two_cells),
		T(test_create_config_in_cell_ram),
		T(test_create_no_memory),
		T(test_create_no_memory_fresh_root),
		T(test_create_irq_gone),
		T(test_create_arch_fails),
	};

	return cmocka_run_group_tests_name("cell", tests, group_setup,
					   group_teardown);
}
