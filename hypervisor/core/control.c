// SPDX-License-Identifier: GPL-2.0
/*
 * State shared by all cells: the system configuration, the cell and CPU
 * tables, configuration validation and interrupt ownership.  The root
 * cell's set-up is root-cell.c, stage-2 mappings cell-memory.c, virtual
 * PCI vpci.c, hypercalls hypercall.c; creating, starting and destroying
 * other cells cell.c.
 */
#include <hv/control.h>
#include <hv/printk.h>
#include <hv/lib.h>
#include <jailhouse/config-check.h>

_Static_assert(HV_MAX_CPUS == JH_CHECK_MAX_CPUS,
	       "the config checker's CPU limit must be the firmware's");

const struct jailhouse_system *system_config;
struct cell root_cell;
struct cpu_info *cpu_info;
unsigned int num_cpu_slots;
unsigned int cpu_set_words = CPU_SET_WORDS;
struct cell *cells[HV_MAX_CELLS];
unsigned long num_cells;

int cpu_info_init(unsigned int slots)
{
	unsigned long bytes = (unsigned long)slots * sizeof(*cpu_info);

	if (slots == 0 || slots > HV_MAX_CPUS)
		return -EINVAL;
	/* zeroed by the pool */
	cpu_info = page_alloc(&mem_pool, PAGE_ALIGN(bytes) / PAGE_SIZE);
	if (!cpu_info)
		return -ENOMEM;
	num_cpu_slots = slots;
	cpu_set_words = (slots + 63) / 64;
	return 0;
}

unsigned int cell_cpu_span(const struct jailhouse_cell_desc *desc)
{
	const u8 *set = (const u8 *)jailhouse_cell_cpu_set(desc);
	unsigned int n = desc->cpu_set_size;

	while (n > 0 && !set[n - 1])
		n--;
	if (!n)
		return 0;
	/* bytes hold CPUs 8 * (n - 1) up; find the highest bit of the last */
	return 8 * (n - 1) + 32 - __builtin_clz(set[n - 1]);
}

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
