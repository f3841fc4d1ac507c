// SPDX-License-Identifier: GPL-2.0
/*
 * Non-root cells: the management hypercalls of the root cell (create,
 * set loadable, start, destroy) and the cell state.
 *
 * A cell takes its CPUs (parked in the hypervisor), memory and interrupts
 * away from the root cell on create and gives them back on destroy.  Its
 * configuration is copied into the page pool and checked with the shared
 * checker.  Memory the cell owns leaves the root's stage 2, except
 * JAILHOUSE_MEM_ROOTSHARED regions; LOADABLE regions are lent back to the
 * root (mapped at their physical address) while the cell is shut down, so
 * that the driver can copy images.  Everything the hypervisor allocates for
 * a cell comes from the page pool and goes back there on destroy.
 *
 * Management calls are serialised by cell_lock.  Non-root cells never take
 * it (the root may hold it while it waits for their CPUs to park).
 */
#include <hv/control.h>
#include <hv/printk.h>
#include <hv/lib.h>
#include <jailhouse/config-check.h>

/* a cell configuration bigger than this is refused */
#define CELL_CONFIG_MAX_SIZE		(256 * 1024UL)
/* waiting for an answer to a shutdown request, in ms */
#define MSG_REPLY_TIMEOUT_DEFAULT	100
#define MSG_REPLY_TIMEOUT_MAX		10000

static spinlock_t cell_lock;

/*
 * Stand-ins for the arch hooks, so that core code links without an
 * architecture (host unit tests): cell management is then unavailable.
 */
int __weak arch_map_phys(u64 phys, u64 size)
{
	return -ENOSYS;
}

void __weak arch_unmap_phys(u64 phys, u64 size)
{
}

void __weak arch_flush_memory(u64 phys, u64 size)
{
}

void __weak arch_flush_root_tlb(void)
{
}

void __weak arch_park_cell_cpus(struct cell *cell)
{
}

void __weak arch_park_other_cell_cpus(struct cell *cell)
{
}

bool __weak arch_cpu_parked(unsigned int cpu)
{
	return false;
}

void __weak arch_start_cell_cpus(struct cell *cell, u64 entry)
{
}

void __weak arch_cpu_reassigned(unsigned int cpu)
{
}

void __weak arch_irq_move(unsigned int irq, const struct cell *to)
{
}

u64 __weak arch_time_ns(void)
{
	return 0;
}

unsigned int pages_of(u64 size)
{
	return PAGE_ALIGN(size) / PAGE_SIZE;
}

/* root regions the hypervisor maps page-wise (not emulated sub-pages) */
static bool root_region_paged(const struct jailhouse_memory *mem)
{
	return mem->size && !(mem->flags & JAILHOUSE_MEM_COMM_REGION) &&
		!JAILHOUSE_MEMORY_IS_SUBPAGE(mem) &&
		!(mem->phys_start & PAGE_OFFS_MASK);
}

/* cell regions that the root cell loses while the cell exists */
static bool region_taken_from_root(const struct jailhouse_memory *mem)
{
	return mem->size && !(mem->flags & (JAILHOUSE_MEM_COMM_REGION |
					    JAILHOUSE_MEM_ROOTSHARED));
}

/*
 * Unmap from the root cell (@map false) or map back as its configuration
 * says (@map true) the root's view of physical [phys, phys + size).
 */
static int root_change_range(u64 phys, u64 size, bool map)
{
	const struct jailhouse_memory *mem =
		jailhouse_cell_mem_regions(root_cell.config);
	u64 lo, hi, virt, start = phys & PAGE_MASK;
	u64 end = PAGE_ALIGN(phys + size);
	unsigned int n;
	int err;

	for (n = 0; n < root_cell.config->num_memory_regions; n++, mem++) {
		if (!root_region_paged(mem))
			continue;
		lo = MAX(start, mem->phys_start);
		hi = MIN(end, mem->phys_start + PAGE_ALIGN(mem->size));
		if (lo >= hi)
			continue;
		virt = mem->virt_start + (lo - mem->phys_start);
		if (map)
			err = paging_create(&root_cell.stage2, lo, hi - lo,
					    virt, mem_page_flags(mem),
					    (mem->flags &
					     JAILHOUSE_MEM_NO_HUGEPAGES) ?
					    PAGING_NON_HUGE : PAGING_HUGE);
		else
			err = paging_destroy(&root_cell.stage2, virt, hi - lo);
		if (err)
			return err;
	}
	return 0;
}

/* is [phys, phys + size) RAM of the root cell (not I/O)? */
static bool root_ram_covers(u64 phys, u64 size)
{
	const struct jailhouse_memory *mem =
		jailhouse_cell_mem_regions(root_cell.config);
	unsigned int n;

	if (!size || phys + size < phys)
		return false;
	for (n = 0; n < root_cell.config->num_memory_regions; n++, mem++) {
		if (!root_region_paged(mem) || (mem->flags & JAILHOUSE_MEM_IO))
			continue;
		if (phys >= mem->phys_start &&
		    phys + size <= mem->phys_start + mem->size)
			return true;
	}
	return false;
}

/*
 * Is every page of [start, end) mapped to the root cell right now?  Its
 * configuration names what it had at enable; cells have taken parts of
 * that since (and lend their loadable memory back for a while).
 */
static bool root_maps_now(u64 start, u64 end)
{
	unsigned long flags;
	u64 page, phys;

	for (page = start; page < end; page += PAGE_SIZE)
		if (!paging_virt2phys(&root_cell.stage2, page, &phys, &flags) ||
		    phys != page || !(flags & PAGE_FLAG_READ) ||
		    (flags & PAGE_FLAG_DEVICE))
			return false;
	return true;
}

/* copy @size bytes at physical @phys (root RAM) to @dst */
static int copy_from_root(void *dst, u64 phys, u64 size)
{
	u64 start = phys & PAGE_MASK, end = PAGE_ALIGN(phys + size);
	int err;

	if (!root_ram_covers(phys, size)) {
		printk("Cell configuration at 0x%llx+0x%llx is not in root cell RAM\n",
		       phys, size);
		return -EINVAL;
	}
	if (!root_maps_now(start, end)) {
		printk("Cell configuration at 0x%llx+0x%llx is in memory the root cell has given to a cell\n",
		       phys, size);
		return -EINVAL;
	}
	err = arch_map_phys(start, end - start);
	if (err)
		return err;
	memcpy(dst, (const void *)(unsigned long)phys, size);
	arch_unmap_phys(start, end - start);
	return 0;
}

/* jailhouse_cell_config_size() without 32-bit overflows */
static u64 cell_config_size(const struct jailhouse_cell_desc *cfg)
{
	return sizeof(*cfg) + (u64)cfg->cpu_set_size +
		(u64)cfg->num_memory_regions * sizeof(struct jailhouse_memory) +
		(u64)cfg->num_cache_regions * sizeof(struct jailhouse_cache) +
		(u64)cfg->num_irqchips * sizeof(struct jailhouse_irqchip) +
		(u64)cfg->num_pio_regions * sizeof(struct jailhouse_pio) +
		(u64)cfg->num_pci_devices *
			sizeof(struct jailhouse_pci_device) +
		(u64)cfg->num_pci_caps *
			sizeof(struct jailhouse_pci_capability) +
		(u64)cfg->num_stream_ids * sizeof(union jailhouse_stream_id);
}

struct check_result {
	unsigned int duplicates, conflicts, others;
	/* the cell's name, or a stand-in if it is not terminated */
	const char *name;
};

static void cell_finding(void *ctx, const struct jh_finding *f)
{
	struct check_result *res = ctx;
	char buf[192];

	jh_format_finding(buf, sizeof(buf), f);
	if (f->warning) {
		printk("Config warning: cell \"%s\": %s\n", res->name, buf);
		return;
	}
	switch (f->code) {
	case JH_CHECK_NAME_DUPLICATE:
		res->duplicates++;
		break;
	case JH_CHECK_CPU_CONFLICT:
	case JH_CHECK_MEM_CELL_CONFLICT:
	case JH_CHECK_IRQ_CONFLICT:
		res->conflicts++;
		break;
	default:
		res->others++;
		break;
	}
	printk("Config error: cell \"%s\": %s\n", res->name, buf);
}

/*
 * The shared checker against the system configuration and the existing
 * cells: -EEXIST for a name in use, -EBUSY for resources of another cell,
 * -EINVAL for anything else.
 */
static int check_cell_config(const struct jailhouse_cell_desc *cfg, u64 size)
{
	/* too big for the EL2 stack; cell_lock serialises its users */
	static const struct jailhouse_cell_desc *others[HV_MAX_CELLS];
	struct check_result res = { .name = "(unnamed)" };
	struct jh_check_report rep = { .finding = cell_finding, .ctx = &res };
	unsigned int n, num = 0;

	if (size >= sizeof(*cfg))
		for (n = 0; n < sizeof(cfg->name); n++)
			if (cfg->name[n] == 0) {
				if (n > 0)
					res.name = cfg->name;
				break;
			}

	for (n = 1; n < HV_MAX_CELLS; n++)
		if (cells[n])
			others[num++] = cells[n]->config;
	jh_check_cell(cfg, size, system_config, others, num, &rep);
	if (rep.unusable || res.others)
		return -EINVAL;
	if (res.duplicates)
		return -EEXIST;
	if (res.conflicts)
		return -EBUSY;
	return 0;
}

static void comm_region_init(struct cell *cell)
{
	struct jailhouse_comm_region *comm = cell->comm;
	const struct jailhouse_cell_desc *cfg = cell->config;

	memset(comm, 0, PAGE_SIZE);
	memcpy(comm->signature, COMM_REGION_MAGIC, sizeof(comm->signature));
	comm->revision = COMM_REGION_ABI_REVISION;
	comm->cell_state = JAILHOUSE_CELL_RUNNING;
	comm->msg_to_cell = JAILHOUSE_MSG_NONE;
	comm->reply_from_cell = JAILHOUSE_MSG_NONE;
	if (CELL_FLAGS_VIRTUAL_CONSOLE_PERMITTED(cfg->flags))
		comm->flags |= JAILHOUSE_COMM_FLAG_DBG_PUTC_PERMITTED;
	if (CELL_FLAGS_VIRTUAL_CONSOLE_ACTIVE(cfg->flags))
		comm->flags |= JAILHOUSE_COMM_FLAG_DBG_PUTC_ACTIVE;
	comm->console = cfg->console;
	comm->pci_mmconfig_base = system_config->platform_info.pci_mmconfig_base;
	comm->gic_version = system_config->platform_info.arm.gic_version;
	comm->gicd_base = system_config->platform_info.arm.gicd_base;
	comm->gicc_base = system_config->platform_info.arm.gicc_base;
	comm->gicr_base = system_config->platform_info.arm.gicr_base;
	comm->vpci_irq_base = cfg->vpci_irq_base;
}

/* LOADABLE regions the root cell does not have anyway */
static bool region_lent_to_root(const struct jailhouse_memory *mem)
{
	return (mem->flags & JAILHOUSE_MEM_LOADABLE) &&
		region_taken_from_root(mem);
}

/* lend (@map) or take back the LOADABLE regions of @cell to the root */
static int root_loadable(struct cell *cell, bool map)
{
	const struct jailhouse_memory *mem =
		jailhouse_cell_mem_regions(cell->config);
	unsigned int n, done;
	int err = 0;

	for (n = 0; n < cell->config->num_memory_regions; n++, mem++) {
		if (!region_lent_to_root(mem))
			continue;
		if (map)
			err = paging_create(&root_cell.stage2, mem->phys_start,
					    PAGE_ALIGN(mem->size),
					    mem->phys_start, PAGE_FLAG_RW,
					    PAGING_HUGE);
		else
			err = paging_destroy(&root_cell.stage2,
					     mem->phys_start,
					     PAGE_ALIGN(mem->size));
		if (err)
			break;
	}
	if (err && map) {
		/* take back what was lent so far */
		done = n;
		mem = jailhouse_cell_mem_regions(cell->config);
		for (n = 0; n < done; n++, mem++)
			if (region_lent_to_root(mem))
				paging_destroy(&root_cell.stage2,
					       mem->phys_start,
					       PAGE_ALIGN(mem->size));
	}
	arch_flush_root_tlb();
	if (!err)
		cell->loadable_in_root = map;
	return err;
}

/* give the root cell back the memory of @cell's first @num regions */
static void root_take_back(struct cell *cell, unsigned int num)
{
	const struct jailhouse_memory *mem =
		jailhouse_cell_mem_regions(cell->config);
	unsigned int n;
	int err;

	for (n = 0; n < num; n++, mem++) {
		if (!region_taken_from_root(mem))
			continue;
		err = root_change_range(mem->phys_start, mem->size, true);
		if (err)
			printk("Cell \"%s\": cannot give 0x%llx+0x%llx back to the root cell (%d)\n",
			       cell_name(cell), mem->phys_start, mem->size,
			       err);
	}
}

static void cell_free(struct cell *cell)
{
	ivshmem_cell_exit(cell);
	subpage_release(cell);
	paging_free(&cell->stage2);
	if (cell->comm)
		page_free(&mem_pool, cell->comm, 1);
	page_free(&mem_pool, (void *)cell->config, cell->config_pages);
	page_free(&mem_pool, cell, pages_of(sizeof(*cell)));
}

/* the CPUs of @cfg must be root CPUs parked in the hypervisor */
static int check_cell_cpus(const struct jailhouse_cell_desc *cfg,
			   struct cpu_set *set)
{
	const u8 *bits = (const u8 *)jailhouse_cell_cpu_set(cfg);
	unsigned int cpu;

	cpu_set_clear(set);
	for (cpu = 0; cpu < cfg->cpu_set_size * 8; cpu++) {
		if (!(bits[cpu / 8] & (1U << (cpu % 8))))
			continue;
		if (cpu >= num_cpu_slots || !cpu_info[cpu].online) {
			printk("Cell \"%s\": CPU %u is not available\n",
			       cfg->name, cpu);
			return -EINVAL;
		}
		if (cpu_info[cpu].cell != &root_cell) {
			printk("Cell \"%s\": CPU %u belongs to cell \"%s\"\n",
			       cfg->name, cpu,
			       cell_name(cpu_info[cpu].cell));
			return -EBUSY;
		}
		if (!arch_cpu_parked(cpu)) {
			printk("Cell \"%s\": CPU %u is still running in the root cell (take it offline first)\n",
			       cfg->name, cpu);
			return -EBUSY;
		}
		cpu_set_add(set, cpu);
	}
	if (cpu_set_empty(set)) {
		printk("Cell \"%s\": no CPU\n", cfg->name);
		return -EINVAL;
	}
	if (cpu_set_subset(&root_cell.cpus, set)) {
		printk("Cell \"%s\": would take every CPU of the root cell\n",
		       cfg->name);
		return -EBUSY;
	}
	return 0;
}

static int basic_config_check(const struct jailhouse_cell_desc *cfg)
{
	unsigned int n;

	if (memcmp(cfg->signature, JAILHOUSE_CELL_DESC_SIGNATURE,
		   JAILHOUSE_SIGNATURE_LEN) ||
	    cfg->revision != JAILHOUSE_CONFIG_REVISION) {
		printk("Not a cell configuration of revision %u\n",
		       JAILHOUSE_CONFIG_REVISION);
		return -EINVAL;
	}
	for (n = 0; n < sizeof(cfg->name); n++)
		if (!cfg->name[n])
			break;
	if (n == 0 || n == sizeof(cfg->name)) {
		printk("Cell configuration: name empty or not terminated\n");
		return -EINVAL;
	}
	if (cfg->flags & JAILHOUSE_CELL_AARCH32) {
		printk("Cell \"%s\": AArch32 cells are not supported\n",
		       cfg->name);
		return -EINVAL;
	}
	return 0;
}

long cell_create(unsigned long config_phys)
{
	struct jailhouse_cell_desc hdr, *cfg = NULL;
	const struct jailhouse_memory *mem;
	unsigned int n, id, cfg_pages = 0, taken = 0, irq;
	struct cell *cell = NULL;
	struct cpu_set cpus;
	u64 size;
	int err;

	spin_lock(&cell_lock);

	err = copy_from_root(&hdr, config_phys, sizeof(hdr));
	if (err)
		goto out;
	err = basic_config_check(&hdr);
	if (err)
		goto out;
	size = cell_config_size(&hdr);
	if (size > CELL_CONFIG_MAX_SIZE) {
		printk("Cell configuration of 0x%llx bytes is too big\n", size);
		err = -E2BIG;
		goto out;
	}
	cfg_pages = pages_of(size);
	cfg = page_alloc(&mem_pool, cfg_pages);
	if (!cfg) {
		err = -ENOMEM;
		goto out;
	}
	err = copy_from_root(cfg, config_phys, size);
	if (err)
		goto out_free_cfg;
	/* the root could have changed it between the two copies */
	err = basic_config_check(cfg);
	if (err || cell_config_size(cfg) != size) {
		err = -EINVAL;
		goto out_free_cfg;
	}

	for (id = 1; id < HV_MAX_CELLS; id++) {
		if (cells[id] &&
		    !strncmp(cell_name(cells[id]), cfg->name,
			     sizeof(cfg->name))) {
			printk("Cell \"%s\" exists already\n", cfg->name);
			err = -EEXIST;
			goto out_free_cfg;
		}
	}
	err = check_cell_config(cfg, size);
	if (err) {
		printk("Cell \"%s\": invalid configuration (%d)\n", cfg->name,
		       err);
		goto out_free_cfg;
	}
	err = check_cell_cpus(cfg, &cpus);
	if (err)
		goto out_free_cfg;

	for (id = 1; id < HV_MAX_CELLS && cells[id]; id++)
		;
	if (id >= HV_MAX_CELLS) {
		err = -EBUSY;
		goto out_free_cfg;
	}

	cell = page_alloc(&mem_pool, pages_of(sizeof(*cell)));
	if (!cell) {
		err = -ENOMEM;
		goto out_free_cfg;
	}
	cell->config = cfg;
	cell->config_pages = cfg_pages;
	cell->id = id;
	cell->state = JAILHOUSE_CELL_SHUT_DOWN;
	cell->cpus = cpus;

	cell_init_irqs(cell);
	for (irq = 32; irq < 1024; irq++) {
		if (cell_owns_irq(cell, irq) && !cell_owns_irq(&root_cell, irq)) {
			printk("Cell \"%s\": interrupt %u is not the root cell's\n",
			       cfg->name, irq);
			err = -EBUSY;
			goto out_free_cell;
		}
	}

	err = paging_init(&cell->stage2, &arch_cell_paging_format, &mem_pool);
	if (err)
		goto out_free_cell;
	err = cell_map_memory(cell);
	if (err)
		goto out_free_cell;

	mem = jailhouse_cell_mem_regions(cfg);
	for (n = 0; n < cfg->num_memory_regions; n++, mem++) {
		if (!(mem->flags & JAILHOUSE_MEM_COMM_REGION) || cell->comm)
			continue;
		cell->comm = page_alloc(&mem_pool, 1);
		if (!cell->comm) {
			err = -ENOMEM;
			goto out_free_cell;
		}
		err = paging_create(&cell->stage2,
				    page_pool_virt2phys(&mem_pool, cell->comm),
				    PAGE_SIZE, mem->virt_start & PAGE_MASK,
				    PAGE_FLAG_RW, PAGING_NON_HUGE);
		if (err)
			goto out_free_cell;
	}
	if (cell->comm) {
		comm_region_init(cell);
		cell->comm->cell_state = JAILHOUSE_CELL_SHUT_DOWN;
	}

	err = cell_init_vpci(cell);
	if (err)
		goto out_free_cell;
	err = ivshmem_cell_init(cell);
	if (err)
		goto out_free_cell;
	err = arch_cell_init(cell);
	if (err)
		goto out_free_cell;

	/* from here on the root cell changes; undo on failure */
	mem = jailhouse_cell_mem_regions(cfg);
	for (taken = 0; taken < cfg->num_memory_regions; taken++, mem++) {
		if (!region_taken_from_root(mem))
			continue;
		err = root_change_range(mem->phys_start, mem->size, false);
		if (err) {
			taken++;
			goto out_give_back;
		}
	}
	err = root_loadable(cell, true);
	if (err)
		goto out_give_back;

	for (irq = 32; irq < 1024; irq++) {
		if (!cell_owns_irq(cell, irq))
			continue;
		root_cell.spi_bitmap[irq / 32] &= ~(1U << (irq % 32));
		arch_irq_move(irq, cell);
	}
	for_each_cpu(n, &cpus) {
		memset(cpu_info[n].stats, 0, sizeof(cpu_info[n].stats));
		cpu_info[n].state = JAILHOUSE_CPU_RUNNING;
		/* before arch_cpu_reassigned: PSCI checks it under its lock */
		cpu_info[n].cell = cell;
		arch_cpu_reassigned(n);
	}
	cpu_set_andnot(&root_cell.cpus, &cpus);
	arch_flush_root_tlb();

	cells[id] = cell;
	num_cells++;
	printk("Created cell \"%s\" (id %u)\n", cfg->name, id);
	printk("Page pool usage after cell creation: mem %lu/%lu, remap %lu/%lu\n",
	       mem_pool.used, mem_pool.pages, remap_pool.used,
	       remap_pool.pages);
	spin_unlock(&cell_lock);
	return id;

out_give_back:
	root_take_back(cell, taken);
	arch_flush_root_tlb();
out_free_cell:
	cell_free(cell);
	goto out;
out_free_cfg:
	page_free(&mem_pool, cfg, cfg_pages);
out:
	spin_unlock(&cell_lock);
	return err;
}

/* the non-root cell @id, or NULL with @err set */
static struct cell *cell_lookup(unsigned long id, long *err)
{
	if (id == 0) {
		*err = -EINVAL;
		return NULL;
	}
	if (id >= HV_MAX_CELLS || !cells[id]) {
		*err = -ENOENT;
		return NULL;
	}
	return cells[id];
}

/*
 * May the running @cell be stopped?  A locked cell says no; an active
 * communication region is asked (SHUTDOWN_REQUEST) and answers within
 * msg_reply_timeout ms (default 100 ms), no answer counts as yes.
 */
static bool cell_shutdown_ok(struct cell *cell)
{
	struct jailhouse_comm_region *comm = cell->comm;
	u64 timeout = cell->config->msg_reply_timeout, start;
	u32 state, reply;
	bool ok;

	if (cell->state != JAILHOUSE_CELL_RUNNING || !comm)
		return true;
	state = READ_ONCE(comm->cell_state);
	if (state == JAILHOUSE_CELL_RUNNING_LOCKED) {
		printk("Cell \"%s\" is locked, request refused\n",
		       cell_name(cell));
		return false;
	}
	if (state != JAILHOUSE_CELL_RUNNING ||
	    (cell->config->flags & JAILHOUSE_CELL_PASSIVE_COMMREG))
		return true;

	if (!timeout)
		timeout = MSG_REPLY_TIMEOUT_DEFAULT;
	timeout = MIN(timeout, (u64)MSG_REPLY_TIMEOUT_MAX) * 1000000ULL;

	WRITE_ONCE(comm->reply_from_cell, JAILHOUSE_MSG_NONE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	WRITE_ONCE(comm->msg_to_cell, JAILHOUSE_MSG_SHUTDOWN_REQUEST);
	start = arch_time_ns();
	for (;;) {
		reply = READ_ONCE(comm->reply_from_cell);
		state = READ_ONCE(comm->cell_state);
		if (state == JAILHOUSE_CELL_SHUT_DOWN ||
		    state == JAILHOUSE_CELL_FAILED ||
		    reply == JAILHOUSE_MSG_REQUEST_APPROVED) {
			ok = true;
			break;
		}
		if (reply != JAILHOUSE_MSG_NONE) {
			printk("Cell \"%s\" refused to shut down\n",
			       cell_name(cell));
			ok = false;
			break;
		}
		if (arch_time_ns() - start > timeout) {
			printk("Cell \"%s\" did not answer the shutdown request, stopping it\n",
			       cell_name(cell));
			ok = true;
			break;
		}
		arch_cpu_relax();
	}
	WRITE_ONCE(comm->msg_to_cell, JAILHOUSE_MSG_NONE);
	return ok;
}

/* stop a running or failed cell: its CPUs park, state SHUT_DOWN */
static void cell_stop(struct cell *cell)
{
	arch_park_cell_cpus(cell);
	cell->state = JAILHOUSE_CELL_SHUT_DOWN;
	ivshmem_cell_stopped(cell);
	if (cell->comm)
		WRITE_ONCE(cell->comm->cell_state, JAILHOUSE_CELL_SHUT_DOWN);
}

/*
 * Stops a cell that is not shut down yet, unless it refuses the shutdown
 * request (or is locked): then -EPERM and nothing changes.
 */
static long cell_stop_if_allowed(struct cell *cell)
{
	if (cell->state == JAILHOUSE_CELL_SHUT_DOWN)
		return 0;
	if (!cell_shutdown_ok(cell))
		return -EPERM;
	cell_stop(cell);
	return 0;
}

long cell_set_loadable(unsigned long id)
{
	struct cell *cell;
	long err = 0;

	spin_lock(&cell_lock);
	cell = cell_lookup(id, &err);
	if (!cell)
		goto out;
	if (cell->state != JAILHOUSE_CELL_SHUT_DOWN) {
		err = cell_stop_if_allowed(cell);
		if (err)
			goto out;
		printk("Cell \"%s\" shut down\n", cell_name(cell));
	}
	if (!cell->loadable_in_root)
		err = root_loadable(cell, true);
out:
	spin_unlock(&cell_lock);
	return err;
}

long cell_start(unsigned long id)
{
	const struct jailhouse_memory *mem;
	struct cell *cell;
	unsigned int n;
	long err = 0;

	spin_lock(&cell_lock);
	cell = cell_lookup(id, &err);
	if (!cell)
		goto out;
	err = cell_stop_if_allowed(cell);
	if (err)
		goto out;
	if (cell->loadable_in_root) {
		err = root_loadable(cell, false);
		if (err)
			goto out;
	}

	/* the cell starts with MMU and caches off: memory must be at PoC */
	mem = jailhouse_cell_mem_regions(cell->config);
	for (n = 0; n < cell->config->num_memory_regions; n++, mem++) {
		if (!(mem->flags & JAILHOUSE_MEM_LOADABLE) || !mem->size ||
		    (mem->flags & JAILHOUSE_MEM_COMM_REGION))
			continue;
		if (arch_map_phys(mem->phys_start, PAGE_ALIGN(mem->size))) {
			printk("Cell \"%s\": cannot map 0x%llx to flush it\n",
			       cell_name(cell), mem->phys_start);
			continue;
		}
		arch_flush_memory(mem->phys_start, mem->size);
		arch_unmap_phys(mem->phys_start, PAGE_ALIGN(mem->size));
	}

	if (cell->comm)
		comm_region_init(cell);
	ivshmem_cell_reset(cell);
	cell->state = JAILHOUSE_CELL_RUNNING;
	for_each_cpu(n, &cell->cpus) {
		cpu_info[n].state = JAILHOUSE_CPU_RUNNING;
		memset(cpu_info[n].stats, 0, sizeof(cpu_info[n].stats));
	}
	arch_start_cell_cpus(cell, cell->config->cpu_reset_address);
	printk("Started cell \"%s\"\n", cell_name(cell));
out:
	spin_unlock(&cell_lock);
	return err;
}

long cell_destroy(unsigned long id)
{
	struct cell *cell;
	unsigned int n, irq;
	long err = 0;

	spin_lock(&cell_lock);
	cell = cell_lookup(id, &err);
	if (!cell)
		goto out;
	if (!cell_shutdown_ok(cell)) {
		err = -EPERM;
		goto out;
	}
	printk("Closing cell \"%s\"\n", cell_name(cell));
	arch_park_cell_cpus(cell);
	cell->state = JAILHOUSE_CELL_SHUT_DOWN;
	/* its peers see it go before its memory goes back */
	ivshmem_cell_stopped(cell);

	if (cell->loadable_in_root)
		root_loadable(cell, false);
	root_take_back(cell, cell->config->num_memory_regions);

	for (irq = 32; irq < 1024; irq++) {
		if (!cell_owns_irq(cell, irq))
			continue;
		root_cell.spi_bitmap[irq / 32] |= 1U << (irq % 32);
		arch_irq_move(irq, &root_cell);
	}
	for_each_cpu(n, &cell->cpus) {
		memset(cpu_info[n].stats, 0, sizeof(cpu_info[n].stats));
		cpu_info[n].state = JAILHOUSE_CPU_RUNNING;
		cpu_info[n].cell = &root_cell;
		arch_cpu_reassigned(n);
	}
	cpu_set_or(&root_cell.cpus, &cell->cpus);
	arch_flush_root_tlb();

	cells[id] = NULL;
	num_cells--;
	cell_free(cell);
	printk("Page pool usage after cell destruction: mem %lu/%lu, remap %lu/%lu\n",
	       mem_pool.used, mem_pool.pages, remap_pool.used,
	       remap_pool.pages);
out:
	spin_unlock(&cell_lock);
	return err;
}

static long state_of(const struct cell *cell)
{
	u32 state;

	if (cell->state != JAILHOUSE_CELL_RUNNING || !cell->comm)
		return cell->state;
	state = READ_ONCE(cell->comm->cell_state);
	switch (state) {
	case JAILHOUSE_CELL_RUNNING:
	case JAILHOUSE_CELL_RUNNING_LOCKED:
	case JAILHOUSE_CELL_SHUT_DOWN:
	case JAILHOUSE_CELL_FAILED:
		return state;
	default:
		return JAILHOUSE_CELL_FAILED_COMM_REV;
	}
}

long cell_get_state(struct cell *caller, unsigned long id)
{
	long ret;

	if (caller != &root_cell)
		return id == caller->id ? state_of(caller) : -EPERM;
	if (id == 0)
		return root_cell.state;
	if (id >= HV_MAX_CELLS)
		return -ENOENT;
	spin_lock(&cell_lock);
	ret = cells[id] ? state_of(cells[id]) : -ENOENT;
	spin_unlock(&cell_lock);
	return ret;
}

void cell_cpu_failed(struct cell *cell, unsigned int cpu)
{
	if (cell == &root_cell)
		return;
	cell->state = JAILHOUSE_CELL_FAILED;
	if (cell->comm)
		WRITE_ONCE(cell->comm->cell_state, JAILHOUSE_CELL_FAILED);
	ivshmem_cell_stopped(cell);
}

void cell_powered_off(struct cell *cell, bool reset)
{
	if (cell == &root_cell)
		return;
	printk("Cell \"%s\" asked for a system %s (PSCI): it stops, nothing else does\n",
	       cell_name(cell), reset ? "reset" : "off");
	arch_park_other_cell_cpus(cell);
	/* a failed cell stays failed: that is what the root must see */
	if (cell->state != JAILHOUSE_CELL_RUNNING)
		return;
	cell->state = JAILHOUSE_CELL_SHUT_DOWN;
	if (cell->comm)
		WRITE_ONCE(cell->comm->cell_state, JAILHOUSE_CELL_SHUT_DOWN);
	ivshmem_cell_stopped(cell);
}
