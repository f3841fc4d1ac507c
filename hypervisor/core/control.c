// SPDX-License-Identifier: GPL-2.0
/*
 * Cells and hypercalls, arch-neutral part: the root cell, memory and
 * interrupt bookkeeping shared by all cells, and the hypercall dispatcher.
 * Creating, starting and destroying other cells is core/cell.c.
 */
#include <hv/control.h>
#include <hv/printk.h>
#include <hv/lib.h>
#include <jailhouse/config-check.h>

_Static_assert(HV_MAX_CPUS == JH_CHECK_MAX_CPUS,
	       "the config checker's CPU limit must be the firmware's");

const struct jailhouse_system *system_config;
struct cell root_cell;
struct cpu_info cpu_info[HV_MAX_CPUS];
struct cell *cells[HV_MAX_CELLS];
unsigned int num_cells;

static void print_finding(void *ctx, const struct jh_finding *f)
{
	char buf[192];

	jh_format_finding(buf, sizeof(buf), f);
	printk("Config %s: %s\n", f->warning ? "warning" : "error", buf);
}

int config_validate(const struct jailhouse_system *config, unsigned long size)
{
	struct jh_check_report rep = { .finding = print_finding };

	if (jh_check_system(config, size, &rep) != 0 || rep.unusable)
		return -EINVAL;
	return 0;
}

bool cell_owns_irq(const struct cell *cell, unsigned int irq)
{
	if (irq >= 1024)
		return false;
	return cell->spi_bitmap[irq / 32] & (1U << (irq % 32));
}

/* the one translation of a region's access flags into page flags */
unsigned long mem_page_flags(const struct jailhouse_memory *mem)
{
	unsigned long flags = 0;

	if (mem->flags & JAILHOUSE_MEM_READ)
		flags |= PAGE_FLAG_READ;
	if (mem->flags & JAILHOUSE_MEM_WRITE)
		flags |= PAGE_FLAG_WRITE;
	if (mem->flags & JAILHOUSE_MEM_EXECUTE)
		flags |= PAGE_FLAG_EXEC;
	if (mem->flags & JAILHOUSE_MEM_IO)
		flags |= PAGE_FLAG_DEVICE;
	return flags;
}

int cell_map_memory(struct cell *cell)
{
	const struct jailhouse_memory *mem =
		jailhouse_cell_mem_regions(cell->config);
	const struct jailhouse_memory *hv = &system_config->hypervisor_memory;
	unsigned int n;
	int err;

	for (n = 0; n < cell->config->num_memory_regions; n++, mem++) {
		/* the communication region is a hypervisor page, see cell.c */
		if (!mem->size || (mem->flags & JAILHOUSE_MEM_COMM_REGION))
			continue;
		if (region_is_subpage(mem)) {
			err = subpage_register(cell, mem);
			if (err)
				return err;
			continue;
		}
		if (!paging_covers(&cell->stage2, mem->virt_start, mem->size)) {
			printk("cell \"%s\": memory region %u at 0x%llx is "
			       "beyond the stage-2 input address range\n",
			       cell->config->name, n,
			       (unsigned long long)mem->virt_start);
			return -ERANGE;
		}
		err = paging_create(&cell->stage2, mem->phys_start, mem->size,
				    mem->virt_start, mem_page_flags(mem),
				    (mem->flags & JAILHOUSE_MEM_NO_HUGEPAGES) ?
				    PAGING_NON_HUGE : PAGING_HUGE);
		if (err)
			return err;
	}

	/* whatever the config says, cells never see hypervisor memory */
	if (cell == &root_cell)
		return paging_destroy(&cell->stage2, hv->phys_start,
				      PAGE_ALIGN(hv->size));
	return 0;
}

/*
 * Virtual PCI host bridge: until virtual PCI devices exist, the ECAM window
 * is an empty bus (all-ones reads, writes ignored).
 */
static enum mmio_result vpci_ecam_handler(void *arg,
					  struct mmio_access *access)
{
	if (!access->is_write)
		access->value = access->size == 8 ? ~0ULL :
			(1ULL << (8 * access->size)) - 1;
	return MMIO_HANDLED;
}

int cell_init_vpci(struct cell *cell)
{
	u64 base = system_config->platform_info.pci_mmconfig_base;
	u64 size = ((u64)system_config->platform_info.pci_mmconfig_end_bus +
		    1) << 20;
	int err;

	if (!base || !system_config->platform_info.pci_is_virtual)
		return 0;
	err = paging_destroy(&cell->stage2, base, size);
	if (err)
		return err;
	return mmio_region_register(&cell->mmio, base, size,
				    vpci_ecam_handler, cell);
}

void cell_init_irqs(struct cell *cell)
{
	const struct jailhouse_irqchip *chip =
		jailhouse_cell_irqchips(cell->config);
	unsigned int n, bit, irq;

	memset(cell->spi_bitmap, 0, sizeof(cell->spi_bitmap));
	for (n = 0; n < cell->config->num_irqchips; n++, chip++) {
		if (chip->address != system_config->platform_info.arm.gicd_base)
			continue;
		for (bit = 0; bit < 128; bit++) {
			irq = chip->pin_base + bit;
			if (irq < 32 || irq >= 1024)
				continue;
			if (chip->pin_bitmap[bit / 32] & (1U << (bit % 32)))
				cell->spi_bitmap[irq / 32] |= 1U << (irq % 32);
		}
	}
}

int root_cell_init(void)
{
	const struct jailhouse_cell_desc *desc = &system_config->root_cell;
	const u8 *set = (const u8 *)jailhouse_cell_cpu_set(desc);
	struct cell *cell = &root_cell;
	unsigned int n;
	int err;

	memset(cell, 0, sizeof(*cell));
	cell->config = desc;
	cell->id = 0;
	cell->state = JAILHOUSE_CELL_RUNNING;
	for (n = 0; n < desc->cpu_set_size * 8 && n < 64; n++)
		if (set[n / 8] & (1 << (n % 8)))
			cell->cpu_set |= 1ULL << n;

	cell_init_irqs(cell);

	err = paging_init(&cell->stage2, &arch_cell_paging_format, &mem_pool);
	if (err)
		return err;
	err = cell_map_memory(cell);
	if (err)
		return err;
	err = cell_init_vpci(cell);
	if (err)
		return err;
	err = arch_cell_init(cell);
	if (err)
		return err;
	/* from now on root CPUs may walk these tables while they change */
	cell->stage2.invalidate = arch_flush_root_tlb;
	cells[0] = cell;
	num_cells = 1;
	return 0;
}

static long hypervisor_get_info(unsigned long type)
{
	switch (type) {
	case JAILHOUSE_INFO_MEM_POOL_SIZE:
		return mem_pool.pages;
	case JAILHOUSE_INFO_MEM_POOL_USED:
		return mem_pool.used;
	case JAILHOUSE_INFO_REMAP_POOL_SIZE:
		return remap_pool.pages;
	case JAILHOUSE_INFO_REMAP_POOL_USED:
		return remap_pool.used;
	case JAILHOUSE_INFO_NUM_CELLS:
		return num_cells;
	default:
		return -EINVAL;
	}
}

static long cpu_get_info(struct cell *caller, unsigned long cpu,
			 unsigned long type)
{
	struct cpu_info *info;

	if (cpu >= HV_MAX_CPUS || !cpu_info[cpu].cell)
		return -EINVAL;
	info = &cpu_info[cpu];
	if (caller != &root_cell && info->cell != caller)
		return -EPERM;

	if (type == JAILHOUSE_CPU_INFO_STATE)
		return info->state;
	if (type >= JAILHOUSE_CPU_INFO_STAT_BASE &&
	    type < JAILHOUSE_CPU_INFO_STAT_BASE + JAILHOUSE_NUM_CPU_STATS)
		return info->stats[type - JAILHOUSE_CPU_INFO_STAT_BASE];
	return -EINVAL;
}

long hypercall(unsigned long code, unsigned long arg1, unsigned long arg2)
{
	struct cpu_info *self = this_cpu_info();
	struct cell *cell = self->cell;

	self->stats[JAILHOUSE_CPU_STAT_VMEXITS_HYPERCALL]++;

	switch (code) {
	case JAILHOUSE_HC_DISABLE:
		if (cell != &root_cell)
			return -EPERM;
		if (num_cells > 1)
			return -EBUSY;
		return 0;
	case JAILHOUSE_HC_CELL_CREATE:
	case JAILHOUSE_HC_CELL_START:
	case JAILHOUSE_HC_CELL_SET_LOADABLE:
	case JAILHOUSE_HC_CELL_DESTROY:
		self->stats[JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT]++;
		if (cell != &root_cell) {
			printk("cell \"%s\": hypercall %lu is for the root cell only\n",
			       cell_name(cell), code);
			return -EPERM;
		}
		switch (code) {
		case JAILHOUSE_HC_CELL_CREATE:
			return cell_create(arg1);
		case JAILHOUSE_HC_CELL_START:
			return cell_start(arg1);
		case JAILHOUSE_HC_CELL_SET_LOADABLE:
			return cell_set_loadable(arg1);
		default:
			return cell_destroy(arg1);
		}
	case JAILHOUSE_HC_HYPERVISOR_GET_INFO:
		return hypervisor_get_info(arg1);
	case JAILHOUSE_HC_CELL_GET_STATE:
		return cell_get_state(cell, arg1);
	case JAILHOUSE_HC_CPU_GET_INFO:
		return cpu_get_info(cell, arg1, arg2);
	case JAILHOUSE_HC_DEBUG_CONSOLE_PUTC:
		if (cell != &root_cell &&
		    !CELL_FLAGS_VIRTUAL_CONSOLE_PERMITTED(cell->config->flags))
			return -EPERM;
		console_putc((char)arg1);
		return 0;
	default:
		return -ENOSYS;
	}
}
