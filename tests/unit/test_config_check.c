// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the configuration checker (common/config_check.c)
 * and of `jailhouse config check` (tools/config-check.c).
 *
 * The shipped configurations, built for the host into JH_CELLS_DIR, must
 * pass.  Each entry of the mutation table breaks one valid configuration
 * in memory and expects its own finding code.
 */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <jailhouse/config-check.h>
#include <jailhouse/hypercall.h>

#include "config-check.h"

#ifndef JH_CELLS_DIR
#error JH_CELLS_DIR must name the folder of the host-built .cell files
#endif

#define SLACK	256

struct buf {
	__u8 *data;
	size_t len;
};

struct collected {
	unsigned int count;
	unsigned int errors, warnings;
	unsigned int per_code[JH_CHECK_NUM_CODES];
	char first[256];
};

static void collect(void *ctx, const struct jh_finding *f)
{
	struct collected *col = ctx;

	assert_true(f->code > JH_CHECK_OK && f->code < JH_CHECK_NUM_CODES);
	assert_int_equal(f->warning, jh_check_code_is_warning(f->code));
	if (f->warning)
		col->warnings++;
	else
		col->errors++;
	if (col->count == 0)
		jh_format_finding(col->first, sizeof(col->first), f);
	col->count++;
	col->per_code[f->code]++;
}

static struct buf load(const char *name)
{
	char path[512];
	struct buf b;
	long size;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", JH_CELLS_DIR, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size > 0);
	rewind(f);
	b.data = calloc(1, size + SLACK);
	assert_non_null(b.data);
	assert_int_equal(fread(b.data, 1, size, f), (size_t)size);
	fclose(f);
	b.len = size;
	return b;
}

/* ---- shipped configurations ---- */

static bool is_system(const struct buf *b)
{
	return b->len >= 5 &&
		memcmp(b->data, JAILHOUSE_SYSTEM_SIGNATURE, 5) == 0;
}

static bool ends_with_cell(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcmp(name + n - 5, ".cell") == 0;
}

/* cells named <system>-*.cell belong to <system>.cell */
static void test_shipped_configs_pass(void **state)
{
	char names[64][256];
	unsigned int n = 0, i, j, systems = 0, cells = 0;
	struct dirent *de;
	DIR *dir;

	(void)state;
	dir = opendir(JH_CELLS_DIR);
	assert_non_null(dir);
	while ((de = readdir(dir)) && n < 64)
		if (ends_with_cell(de->d_name))
			snprintf(names[n++], sizeof(names[0]), "%s",
				 de->d_name);
	closedir(dir);
	assert_true(n >= 4);

	for (i = 0; i < n; i++) {
		struct buf b = load(names[i]);
		struct collected col = { 0 };
		struct jh_check_report rep = { .finding = collect,
					       .ctx = &col };
		bool found_system = false;

		if (is_system(&b)) {
			systems++;
			jh_check_system(b.data, b.len, &rep);
			if (col.count)
				fail_msg("%s: %s", names[i], col.first);
			assert_false(rep.unusable);
			free(b.data);
			continue;
		}

		cells++;
		for (j = 0; j < n; j++) {
			size_t l = strlen(names[j]) - 5;
			struct buf s;

			if (j == i || strncmp(names[i], names[j], l) != 0 ||
			    names[i][l] != '-')
				continue;
			s = load(names[j]);
			if (!is_system(&s)) {
				free(s.data);
				continue;
			}
			found_system = true;
			jh_check_cell(b.data, b.len,
				      (const struct jailhouse_system *)s.data,
				      NULL, 0, &rep);
			free(s.data);
			if (col.count)
				fail_msg("%s against %s: %s", names[i],
					 names[j], col.first);
		}
		if (!found_system)
			fail_msg("%s: no system configuration for it",
				 names[i]);
		free(b.data);
	}
	assert_true(systems >= 2);
	assert_true(cells >= 3);
}

static void check_coexist(const char *system, const char *first,
			  const char *second)
{
	struct buf s = load(system);
	struct buf a = load(first);
	struct buf b = load(second);
	const struct jailhouse_cell_desc *others[1] = {
		(const struct jailhouse_cell_desc *)a.data };
	struct jh_check_report rep = { 0 };

	assert_int_equal(jh_check_cell(b.data, b.len,
				       (const struct jailhouse_system *)s.data,
				       others, 1, &rep), 0);
	free(s.data);
	free(a.data);
	free(b.data);
}

/* each board's two demo cells are meant to run at the same time */
static void test_qemu_cells_coexist(void **state)
{
	(void)state;
	check_coexist("qemu-arm64.cell", "qemu-arm64-inmate-demo.cell",
		      "qemu-arm64-ivshmem-demo.cell");
	check_coexist("k3-am625-sk.cell", "k3-am625-sk-inmate-demo.cell",
		      "k3-am625-sk-ivshmem-demo.cell");
}

/* the format's sizes, as Jailhouse revision 14 defines them */
static void test_layout(void **state)
{
	struct buf s = load("qemu-arm64.cell");
	const struct jailhouse_system *sys = (const void *)s.data;

	(void)state;
	assert_int_equal(sizeof(struct jailhouse_system), 488);
	assert_int_equal(offsetof(struct jailhouse_system, platform_info), 76);
	assert_int_equal(offsetof(struct jailhouse_system,
				  platform_info.arm.maintenance_irq), 312);
	assert_int_equal(offsetof(struct jailhouse_system,
				  platform_info.arm.gicd_base), 316);
	assert_int_equal(offsetof(struct jailhouse_system, root_cell), 356);
	assert_int_equal(offsetof(struct jailhouse_cell_desc, console), 100);
	assert_int_equal(jailhouse_system_config_size(sys), s.len);
	assert_memory_equal(s.data, "JHSYS\x02\x0e\x00", 8);
	free(s.data);

	/* communication region, ABI revision 2, arm flavour */
	assert_int_equal(offsetof(struct jailhouse_comm_region, flags), 20);
	assert_int_equal(offsetof(struct jailhouse_comm_region, console), 24);
	assert_int_equal(offsetof(struct jailhouse_comm_region,
				  pci_mmconfig_base), 56);
	assert_int_equal(offsetof(struct jailhouse_comm_region, gicd_base), 72);
	assert_int_equal(offsetof(struct jailhouse_comm_region,
				  vpci_irq_base), 96);
}

/* ---- malformed variants ---- */

static struct jailhouse_system *sys_of(struct buf *b)
{
	return (struct jailhouse_system *)b->data;
}

static struct jailhouse_cell_desc *cell_of(struct buf *b)
{
	return (struct jailhouse_cell_desc *)b->data;
}

static struct jailhouse_memory *mem_of(struct jailhouse_cell_desc *d)
{
	return (struct jailhouse_memory *)jailhouse_cell_mem_regions(d);
}

static struct jailhouse_irqchip *chips_of(struct jailhouse_cell_desc *d)
{
	return (struct jailhouse_irqchip *)jailhouse_cell_irqchips(d);
}

static struct jailhouse_pci_device *pci_of(struct jailhouse_cell_desc *d)
{
	return (struct jailhouse_pci_device *)jailhouse_cell_pci_devices(d);
}

static __u8 *cpus_of(struct jailhouse_cell_desc *d)
{
	return (__u8 *)jailhouse_cell_cpu_set(d);
}

/* system mutations: qemu-arm64.cell */
static void m_sys_truncated(struct buf *b) { b->len -= 1; }
static void m_sys_trailing(struct buf *b) { b->len += 8; }
static void m_sys_signature(struct buf *b) { b->data[0] = 'X'; }
static void m_sys_revision(struct buf *b) { sys_of(b)->revision = 13; }
static void m_sys_arch(struct buf *b) { sys_of(b)->architecture = 0; }

static void m_sys_name(struct buf *b)
{
	memset(sys_of(b)->root_cell.name, 'A', JAILHOUSE_CELL_NAME_MAXLEN + 1);
}

static void m_sys_cell_flags(struct buf *b)
{
	sys_of(b)->root_cell.flags |= 0x100;
}

static void m_sys_hv_overlap(struct buf *b)
{
	sys_of(b)->hypervisor_memory.phys_start = 0x40000000;
}

static void m_sys_hv_empty(struct buf *b)
{
	sys_of(b)->hypervisor_memory.size = 0;
}

static void m_sys_gic(struct buf *b)
{
	sys_of(b)->platform_info.arm.gic_version = 4;
}

static void m_sys_mmconfig(struct buf *b)
{
	sys_of(b)->platform_info.pci_mmconfig_base = 0x40000000;
}

/* root region 10 is the PL011 at 0x09000000, region 9 the RAM */
static void m_sys_overlap_phys(struct buf *b)
{
	mem_of(&sys_of(b)->root_cell)[10].phys_start = 0x40000000;
}

static void m_sys_comm_in_root(struct buf *b)
{
	mem_of(&sys_of(b)->root_cell)[10].flags |= JAILHOUSE_MEM_COMM_REGION;
}

static void m_sys_debug_console_type(struct buf *b)
{
	sys_of(b)->debug_console.type = 77;
}

static void m_sys_pci_type(struct buf *b)
{
	pci_of(&sys_of(b)->root_cell)[0].type = 9;
}

static void m_sys_pci_caps(struct buf *b)
{
	pci_of(&sys_of(b)->root_cell)[0].num_caps = 2;
}

static void m_sys_pci_duplicate(struct buf *b)
{
	pci_of(&sys_of(b)->root_cell)[1].bdf = 0;
}

static void m_sys_shmem_regions(struct buf *b)
{
	pci_of(&sys_of(b)->root_cell)[1].shmem_regions_start = 17;
}

static void m_sys_shmem_dev_id(struct buf *b)
{
	pci_of(&sys_of(b)->root_cell)[0].shmem_dev_id = 3;
}

/* ---- ivshmem devices of the root: 0 demo (regions 0..4), 1 net (5..8) */

static struct jailhouse_pci_device *root_dev(struct buf *b, unsigned int n)
{
	return &pci_of(&sys_of(b)->root_cell)[n];
}

static struct jailhouse_memory *root_mem(struct buf *b, unsigned int n)
{
	return &mem_of(&sys_of(b)->root_cell)[n];
}

static void m_sys_shmem_peers(struct buf *b)
{
	root_dev(b, 0)->shmem_peers = JH_CHECK_MAX_SHMEM_PEERS + 1;
}

static void m_sys_shmem_one_peer(struct buf *b)
{
	root_dev(b, 1)->shmem_peers = 1;
}

/* the net link pointed at the demo link's regions 2..5 */
static void m_sys_shmem_regions_shared(struct buf *b)
{
	root_dev(b, 1)->shmem_regions_start = 2;
}

static void m_sys_pci_no_host(struct buf *b)
{
	sys_of(b)->platform_info.pci_is_virtual = 0;
}

/* bus 1, but the virtual host has bus 0 only */
static void m_sys_pci_bus(struct buf *b)
{
	root_dev(b, 1)->bdf = 0x0108;
}

static void m_sys_pci_domain(struct buf *b)
{
	root_dev(b, 0)->domain = 0;
}

static void m_sys_shmem_msix(struct buf *b)
{
	root_dev(b, 0)->bar_mask[1] = 0xfffff000;
}

static void m_sys_shmem_bar_mask(struct buf *b)
{
	root_dev(b, 0)->bar_mask[0] = 0xffffff00;
}

/* GIC interrupt 128, INTx of slot 0, taken from the root */
static void m_sys_shmem_intx(struct buf *b)
{
	chips_of(&sys_of(b)->root_cell)[0].pin_bitmap[3] &= ~1u;
}

static void m_sys_shmem_no_state(struct buf *b)
{
	memset(root_mem(b, 0), 0, sizeof(struct jailhouse_memory));
}

static void m_sys_shmem_state_writable(struct buf *b)
{
	root_mem(b, 0)->flags |= JAILHOUSE_MEM_WRITE;
}

static void m_sys_shmem_rw_read_only(struct buf *b)
{
	root_mem(b, 1)->flags &= ~JAILHOUSE_MEM_WRITE;
}

/* the last output section: nothing follows it */
static void m_sys_shmem_output_size(struct buf *b)
{
	root_mem(b, 4)->size = 0x1000;
}

static void m_sys_shmem_output_foreign_writable(struct buf *b)
{
	root_mem(b, 3)->flags |= JAILHOUSE_MEM_WRITE;
}

static void m_sys_shmem_output_own_read_only(struct buf *b)
{
	root_mem(b, 2)->flags &= ~JAILHOUSE_MEM_WRITE;
}

static void m_sys_shmem_output_unreadable(struct buf *b)
{
	root_mem(b, 8)->flags &= ~JAILHOUSE_MEM_READ;
}

/* a gap of one page between the r/w section and output section 0 */
static void m_sys_shmem_gap_phys(struct buf *b)
{
	root_mem(b, 1)->size -= 0x1000;
}

static void m_sys_shmem_gap_virt(struct buf *b)
{
	root_mem(b, 4)->virt_start = 0x7fd00000;
}

/* a sub-page I/O region passes MEM_UNALIGNED, not as shared memory */
static void m_sys_shmem_subpage(struct buf *b)
{
	root_mem(b, 4)->flags |= JAILHOUSE_MEM_IO;
	root_mem(b, 4)->size = 0x1800;
}

static void m_sys_gicd_mapped(struct buf *b)
{
	struct jailhouse_memory *m = &mem_of(&sys_of(b)->root_cell)[11];

	m->phys_start = m->virt_start = 0x08000000;
}

/* root region 11 (RTC) moved onto CPU 2's redistributor frame */
static void m_sys_gicr_mapped(struct buf *b)
{
	struct jailhouse_memory *m = &mem_of(&sys_of(b)->root_cell)[11];

	m->phys_start = m->virt_start = 0x080e0000;
}

static void m_sys_iommu_unit(struct buf *b)
{
	sys_of(b)->platform_info.iommu_units[0].type = JAILHOUSE_IOMMU_SMMUV3;
	sys_of(b)->platform_info.iommu_units[0].base = 0x09050000;
}

/* 16 CPUs, as Jailhouse's own qemu-arm64 config declares */
/*
 * The root cell's CPU set grown to @bytes (the buffer has SLACK), zero;
 * the redistributors move far away, so that their frames for that many
 * CPUs overlap no region.
 */
static __u8 *grow_root_cpus(struct buf *b, unsigned int bytes)
{
	struct jailhouse_cell_desc *root = &sys_of(b)->root_cell;
	size_t at = (const __u8 *)cpus_of(root) - b->data;
	unsigned int old = root->cpu_set_size;

	assert_true(bytes - old <= SLACK);
	memmove(b->data + at + bytes, b->data + at + old, b->len - at - old);
	memset(b->data + at, 0, bytes);
	b->len += bytes - old;
	root->cpu_set_size = bytes;
	sys_of(b)->platform_info.arm.gicr_base = 0x100000000000ULL;
	return cpus_of(root);
}

/* CPU 512: beyond what the firmware can run */
static void m_sys_cpu_limit(struct buf *b)
{
	__u8 *cpus = grow_root_cpus(b, 72);

	cpus[0] = 0xf;
	cpus[64] = 0x01;
}

/* cell mutations: qemu-arm64-inmate-demo.cell (UART, RAM, comm region) */
static void m_cell_truncated(struct buf *b) { b->len -= 4; }
static void m_cell_signature(struct buf *b) { b->data[4] = 'X'; }

static void m_cell_unsupported(struct buf *b)
{
	/* a PIO region after the irqchips, the end of this file */
	cell_of(b)->num_pio_regions = 1;
	b->len += sizeof(struct jailhouse_pio);
}

static void m_cell_cpu_set_size(struct buf *b)
{
	size_t at = sizeof(struct jailhouse_cell_desc) + 4;

	/* 4-byte bitmap: drop its upper half */
	memmove(b->data + at, b->data + at + 4, b->len - at - 4);
	b->len -= 4;
	cell_of(b)->cpu_set_size = 4;
}

static void m_cell_cpu_empty(struct buf *b) { cpus_of(cell_of(b))[0] = 0; }
static void m_cell_cpu_not_root(struct buf *b)
{
	cpus_of(cell_of(b))[0] = 0x10;
}

static void m_cell_cpu_all(struct buf *b) { cpus_of(cell_of(b))[0] = 0xf; }

static void m_cell_mem_flags(struct buf *b)
{
	mem_of(cell_of(b))[1].flags |= 0x1000;
}

static void m_cell_mem_zero(struct buf *b) { mem_of(cell_of(b))[1].size = 0; }

static void m_cell_mem_overflow(struct buf *b)
{
	mem_of(cell_of(b))[1].phys_start = 0xfffffffffffff000ULL;
}

static void m_cell_mem_unaligned(struct buf *b)
{
	mem_of(cell_of(b))[1].phys_start += 0x800;
}

static void m_cell_overlap_virt(struct buf *b)
{
	mem_of(cell_of(b))[2].virt_start = 0x8000;
}

static void m_cell_not_in_root(struct buf *b)
{
	mem_of(cell_of(b))[1].phys_start = 0x80000000;
}

static void m_cell_on_hypervisor(struct buf *b)
{
	mem_of(cell_of(b))[1].phys_start = 0x7fc00000;
}

static void m_cell_second_comm(struct buf *b)
{
	mem_of(cell_of(b))[1].flags |= JAILHOUSE_MEM_COMM_REGION;
}

static void m_cell_gicd(struct buf *b)
{
	mem_of(cell_of(b))[0].virt_start = 0x08000000;
}

/* RAM seen by the cell where the GICR window is */
static void m_cell_gicr_guest(struct buf *b)
{
	mem_of(cell_of(b))[1].virt_start = 0x080c0000;
}

/* UART region pointing at CPU 1's redistributor frame */
static void m_cell_gicr_phys(struct buf *b)
{
	mem_of(cell_of(b))[0].phys_start = 0x080c0000;
}

/* UART region pointing at QEMU virt's ITS, between GICD and GICR */
static void m_cell_its(struct buf *b)
{
	mem_of(cell_of(b))[0].phys_start = 0x08080000;
}

/* the hypervisor's PL011 at the guest address of the second UART */
static void m_cell_debug_uart(struct buf *b)
{
	mem_of(cell_of(b))[0].phys_start = 0x09000000;
}

/*
 * shared with the root, as Jailhouse's inmate-demo and linux-demo do:
 * a warning only
 */
static void m_cell_debug_uart_shared(struct buf *b)
{
	mem_of(cell_of(b))[0].phys_start = 0x09000000;
	mem_of(cell_of(b))[0].virt_start = 0x09000000;
	mem_of(cell_of(b))[0].flags |= JAILHOUSE_MEM_ROOTSHARED;
	cell_of(b)->console.address = 0x09000000;
}

static void m_cell_mem_dma(struct buf *b)
{
	mem_of(cell_of(b))[1].flags |= JAILHOUSE_MEM_DMA;
}

/* one stream ID after the irqchips, the end of this file */
static void m_cell_stream_ids(struct buf *b)
{
	cell_of(b)->num_stream_ids = 1;
	b->len += sizeof(union jailhouse_stream_id);
}

static void m_cell_irqchip_address(struct buf *b)
{
	chips_of(cell_of(b))[0].address = 0x08010000;
}

static void m_cell_pin_base(struct buf *b)
{
	chips_of(cell_of(b))[0].pin_base = 33;
}

static void m_cell_irq_range(struct buf *b)
{
	chips_of(cell_of(b))[0].pin_base = 0;
	chips_of(cell_of(b))[0].pin_bitmap[0] = 1 << 27;
}

static void m_cell_irq_not_root(struct buf *b)
{
	chips_of(cell_of(b))[0].pin_base = 160;
}

static void m_cell_console_type(struct buf *b)
{
	cell_of(b)->console.type = 42;
}

static void m_cell_console_flags(struct buf *b)
{
	cell_of(b)->console.flags = JAILHOUSE_CON_REGDIST_4;
}

static void m_cell_console_unmapped(struct buf *b)
{
	cell_of(b)->console.address = 0x3eff3000;
}

static void m_cell_name(struct buf *b) { cell_of(b)->name[0] = 0; }

static void m_cell_name_root(struct buf *b)
{
	strcpy(cell_of(b)->name, "qemu-arm64");
}

/* a copy of the cell, renamed, as the other cell */
static void m_cell_twice(struct buf *b) { (void)b; }

/*
 * ivshmem-demo cell (peer 1 of the root's demo link 00:00.0; regions 0..4,
 * RAM 5, communication region 6) whose link does not match the root's end
 */
static void m_ivshmem_protocol(struct buf *b)
{
	pci_of(cell_of(b))[0].shmem_protocol = JAILHOUSE_SHMEM_PROTO_VETH;
}

/* 2 peers here, 3 in the root; region 4 is an ordinary shared region */
static void m_ivshmem_peers(struct buf *b)
{
	pci_of(cell_of(b))[0].shmem_peers = 2;
}

/* peer 0 like the root, with peer 0's write access */
static void m_ivshmem_same_id(struct buf *b)
{
	pci_of(cell_of(b))[0].shmem_dev_id = 0;
	mem_of(cell_of(b))[2].flags |= JAILHOUSE_MEM_WRITE;
	mem_of(cell_of(b))[3].flags &= ~JAILHOUSE_MEM_WRITE;
}

/* the whole link 64 KiB lower, in root RAM: every section differs */
static void m_ivshmem_memory(struct buf *b)
{
	unsigned int n;

	for (n = 0; n < 5; n++)
		mem_of(cell_of(b))[n].phys_start -= 0x10000;
}

static void m_ivshmem_not_rootshared(struct buf *b)
{
	mem_of(cell_of(b))[1].flags &= ~JAILHOUSE_MEM_ROOTSHARED;
}

/* own output section read-only: the cell's own finding, not the link's */
static void m_ivshmem_own_output(struct buf *b)
{
	mem_of(cell_of(b))[3].flags &= ~JAILHOUSE_MEM_WRITE;
}

/* INTx 144 not in the cell's irqchip */
static void m_ivshmem_intx(struct buf *b)
{
	chips_of(cell_of(b))[0].pin_bitmap[3] = 1 << (145 - 128);
}

enum base { SYSTEM, CELL, CELL_TWICE, IVSHMEM };

struct mutation {
	const char *name;
	enum base base;
	void (*mutate)(struct buf *b);
	enum jh_check_code expect;
	/* every finding has the expected code */
	bool exact;
};

#define M(fn, base, code) { #fn, base, fn, JH_CHECK_##code, false }
#define MX(fn, base, code) { #fn, base, fn, JH_CHECK_##code, true }

static const struct mutation mutations[] = {
	M(m_sys_truncated, SYSTEM, TRUNCATED),
	M(m_sys_trailing, SYSTEM, TRAILING),
	M(m_sys_signature, SYSTEM, SIGNATURE),
	M(m_sys_revision, SYSTEM, REVISION),
	M(m_sys_arch, SYSTEM, ARCH),
	M(m_sys_name, SYSTEM, NAME),
	M(m_sys_cell_flags, SYSTEM, CELL_FLAGS),
	M(m_sys_hv_overlap, SYSTEM, MEM_HYPERVISOR),
	M(m_sys_hv_empty, SYSTEM, HV_MEMORY),
	M(m_sys_gic, SYSTEM, GIC),
	M(m_sys_mmconfig, SYSTEM, PCI_MMCONFIG),
	M(m_sys_overlap_phys, SYSTEM, MEM_OVERLAP_PHYS),
	M(m_sys_comm_in_root, SYSTEM, COMM_REGION),
	M(m_sys_debug_console_type, SYSTEM, CONSOLE_TYPE),
	M(m_sys_pci_type, SYSTEM, PCI_TYPE),
	M(m_sys_pci_caps, SYSTEM, PCI_CAPS),
	M(m_sys_pci_duplicate, SYSTEM, PCI_DUPLICATE),
	MX(m_sys_shmem_regions, SYSTEM, SHMEM_REGIONS),
	MX(m_sys_shmem_dev_id, SYSTEM, SHMEM_DEV_ID),
	MX(m_sys_shmem_peers, SYSTEM, SHMEM_PEERS),
	MX(m_sys_shmem_one_peer, SYSTEM, SHMEM_PEERS),
	M(m_sys_shmem_regions_shared, SYSTEM, SHMEM_REGIONS_SHARED),
	MX(m_sys_pci_no_host, SYSTEM, PCI_NO_HOST),
	MX(m_sys_pci_bus, SYSTEM, PCI_BUS),
	MX(m_sys_pci_domain, SYSTEM, PCI_DOMAIN),
	MX(m_sys_shmem_msix, SYSTEM, SHMEM_MSIX),
	MX(m_sys_shmem_bar_mask, SYSTEM, SHMEM_BAR_MASK),
	MX(m_sys_shmem_intx, SYSTEM, SHMEM_INTX),
	MX(m_sys_shmem_no_state, SYSTEM, SHMEM_STATE_SIZE),
	MX(m_sys_shmem_state_writable, SYSTEM, SHMEM_STATE_ACCESS),
	MX(m_sys_shmem_rw_read_only, SYSTEM, SHMEM_RW_ACCESS),
	MX(m_sys_shmem_output_size, SYSTEM, SHMEM_OUTPUT_SIZE),
	MX(m_sys_shmem_output_foreign_writable, SYSTEM, SHMEM_OUTPUT_ACCESS),
	MX(m_sys_shmem_output_own_read_only, SYSTEM, SHMEM_OUTPUT_ACCESS),
	MX(m_sys_shmem_output_unreadable, SYSTEM, SHMEM_OUTPUT_ACCESS),
	MX(m_sys_shmem_gap_phys, SYSTEM, SHMEM_LAYOUT),
	MX(m_sys_shmem_gap_virt, SYSTEM, SHMEM_LAYOUT),
	M(m_sys_shmem_subpage, SYSTEM, MEM_UNALIGNED),
	M(m_sys_gicd_mapped, SYSTEM, MEM_GICD),
	MX(m_sys_gicr_mapped, SYSTEM, MEM_GICR),
	MX(m_sys_iommu_unit, SYSTEM, IOMMU_UNIT),
	MX(m_sys_cpu_limit, SYSTEM, CPU_LIMIT),
	M(m_cell_truncated, CELL, TRUNCATED),
	M(m_cell_signature, CELL, SIGNATURE),
	M(m_cell_unsupported, CELL, UNSUPPORTED),
	M(m_cell_cpu_set_size, CELL, CPU_SET_SIZE),
	M(m_cell_cpu_empty, CELL, CPU_EMPTY),
	M(m_cell_cpu_not_root, CELL, CPU_NOT_IN_ROOT),
	M(m_cell_cpu_all, CELL, CPU_ROOT_LEFT_EMPTY),
	M(m_cell_mem_flags, CELL, MEM_FLAGS),
	M(m_cell_mem_zero, CELL, MEM_ZERO_SIZE),
	M(m_cell_mem_overflow, CELL, MEM_OVERFLOW),
	M(m_cell_mem_unaligned, CELL, MEM_UNALIGNED),
	M(m_cell_overlap_virt, CELL, MEM_OVERLAP_VIRT),
	M(m_cell_not_in_root, CELL, MEM_NOT_IN_ROOT),
	M(m_cell_on_hypervisor, CELL, MEM_HYPERVISOR),
	M(m_cell_second_comm, CELL, COMM_REGION),
	M(m_cell_gicd, CELL, MEM_GICD),
	MX(m_cell_gicr_guest, CELL, MEM_GICR),
	/* the root cannot own redistributor frames either */
	M(m_cell_gicr_phys, CELL, MEM_GICR),
	M(m_cell_its, CELL, MEM_GIC_ITS),
	MX(m_cell_debug_uart, CELL, MEM_DEBUG_UART),
	MX(m_cell_debug_uart_shared, CELL, MEM_DEBUG_UART_SHARED),
	MX(m_cell_mem_dma, CELL, MEM_DMA),
	MX(m_cell_stream_ids, CELL, STREAM_IDS),
	M(m_cell_irqchip_address, CELL, IRQCHIP_ADDRESS),
	M(m_cell_pin_base, CELL, IRQCHIP_PIN_BASE),
	M(m_cell_irq_range, CELL, IRQ_RANGE),
	M(m_cell_irq_not_root, CELL, IRQ_NOT_IN_ROOT),
	M(m_cell_console_type, CELL, CONSOLE_TYPE),
	M(m_cell_console_flags, CELL, CONSOLE_FLAGS),
	M(m_cell_console_unmapped, CELL, CONSOLE_UNMAPPED),
	M(m_cell_name, CELL, NAME),
	M(m_cell_name_root, CELL, NAME_DUPLICATE),
	M(m_cell_twice, CELL_TWICE, CPU_CONFLICT),
	M(m_cell_twice, CELL_TWICE, MEM_CELL_CONFLICT),
	M(m_cell_twice, CELL_TWICE, IRQ_CONFLICT),
	MX(m_ivshmem_protocol, IVSHMEM, SHMEM_LINK_PROTOCOL),
	MX(m_ivshmem_peers, IVSHMEM, SHMEM_LINK_PEERS),
	MX(m_ivshmem_same_id, IVSHMEM, SHMEM_LINK_ID),
	MX(m_ivshmem_memory, IVSHMEM, SHMEM_LINK_MEMORY),
	MX(m_ivshmem_not_rootshared, IVSHMEM, SHMEM_ROOTSHARED),
	MX(m_ivshmem_own_output, IVSHMEM, SHMEM_OUTPUT_ACCESS),
	MX(m_ivshmem_intx, IVSHMEM, SHMEM_INTX),
};

#define NUM_MUTATIONS	(sizeof(mutations) / sizeof(mutations[0]))

static void run_mutation(void **state)
{
	const struct mutation *m = *state;
	struct collected col = { 0 };
	struct jh_check_report rep = { .finding = collect, .ctx = &col };
	struct buf sys = load("qemu-arm64.cell");
	struct buf b, other = { NULL, 0 };
	const struct jailhouse_cell_desc *others[1];
	unsigned int n_others = 0;
	int ret;

	if (m->base == SYSTEM) {
		b = sys;
		sys.data = NULL;
	} else {
		b = load(m->base == IVSHMEM ? "qemu-arm64-ivshmem-demo.cell" :
			 "qemu-arm64-inmate-demo.cell");
	}
	if (m->base == CELL_TWICE) {
		other = load("qemu-arm64-inmate-demo.cell");
		strcpy(cell_of(&other)->name, "other");
		others[n_others++] = cell_of(&other);
	}

	m->mutate(&b);

	if (m->base == SYSTEM)
		ret = jh_check_system(b.data, b.len, &rep);
	else
		ret = jh_check_cell(b.data, b.len,
				    (const struct jailhouse_system *)sys.data,
				    others, n_others, &rep);

	assert_int_equal(ret, col.errors);
	assert_int_equal(rep.count, col.errors);
	assert_int_equal(rep.warnings, col.warnings);
	if (col.per_code[m->expect] == 0 ||
	    (m->exact && col.per_code[m->expect] != col.count))
		fail_msg("%s: expected %s%s, got %u findings, first: %s",
			 m->name, jh_check_code_name(m->expect),
			 m->exact ? " only" : "", col.count,
			 col.count ? col.first : "-");
	/* a warning alone leaves the configuration acceptable */
	if (jh_check_code_is_warning(m->expect) && m->exact)
		assert_int_equal(ret, 0);
	free(b.data);
	free(sys.data);
	free(other.data);
}

/* errors of @cell against @sys and @others, the first one in @first */
static unsigned int cell_errors(struct buf *cell, struct buf *sys,
				const struct jailhouse_cell_desc **others,
				unsigned int n_others, char *first)
{
	struct collected col = { 0 };
	struct jh_check_report rep = { .finding = collect, .ctx = &col };

	jh_check_cell(cell->data, cell->len,
		      (const struct jailhouse_system *)sys->data, others,
		      n_others, &rep);
	strcpy(first, col.count ? col.first : "-");
	return col.errors;
}

/*
 * Conventions of Jailhouse's published configs that the ivshmem rules
 * accept: a non-root peer in another domain than the root's (their
 * linux-demo cells leave it 0; links go by bdf), the 64 KiB register BAR
 * of the AM62x configs, and all three AM62x peers of the demo link.
 */
static void test_ivshmem_published_conventions(void **state)
{
	struct buf sys = load("qemu-arm64.cell");
	struct buf cell = load("qemu-arm64-ivshmem-demo.cell");
	struct buf am_sys = load("k3-am625-sk.cell");
	struct buf am_cell = load("k3-am625-sk-ivshmem-demo.cell");
	char first[256];

	(void)state;
	pci_of(cell_of(&cell))[0].domain = 0;
	assert_int_equal(cell_errors(&cell, &sys, NULL, 0, first), 0);
	pci_of(cell_of(&cell))[0].bar_mask[0] = 0xffff0000;
	assert_int_equal(cell_errors(&cell, &sys, NULL, 0, first), 0);
	/* peer 2 of the AM62x demo link, as TI's Linux inmate is */
	pci_of(cell_of(&am_cell))[0].shmem_dev_id = 2;
	mem_of(cell_of(&am_cell))[3].flags &= ~JAILHOUSE_MEM_WRITE;
	mem_of(cell_of(&am_cell))[4].flags |= JAILHOUSE_MEM_WRITE;
	assert_int_equal(cell_errors(&am_cell, &am_sys, NULL, 0, first), 0);
	free(sys.data);
	free(cell.data);
	free(am_sys.data);
	free(am_cell.data);
}

/*
 * TI's Linux inmate on the AM62x (k3-am625-sk-linux-demo.c) as the checker
 * reads it: the rows at TI's addresses, no finding against the root, and
 * against ivshmem-demo (the other non-root peer of the demo link) only the
 * CPU and RAM it takes, i.e. both ends of the link agree.  Then a link
 * broken on purpose is named as such.
 */
static void test_am62x_linux_demo(void **state)
{
	struct buf sys = load("k3-am625-sk.cell");
	struct buf cell = load("k3-am625-sk-linux-demo.cell");
	struct buf demo = load("k3-am625-sk-ivshmem-demo.cell");
	const struct jailhouse_cell_desc *others[1] = { cell_of(&demo) };
	struct jailhouse_cell_desc *d = cell_of(&cell);
	struct jailhouse_memory *m = mem_of(d);
	struct jailhouse_irqchip *chip = chips_of(d);
	struct jailhouse_pci_device *pci = pci_of(d);
	struct collected col = { 0 };
	struct jh_check_report rep = { .finding = collect, .ctx = &col };
	char first[256];

	(void)state;
	assert_string_equal(d->name, "k3-am625-sk-linux-demo");
	assert_int_equal(d->cpu_set_size, 8);
	assert_int_equal(cpus_of(d)[0], 0xc);
	assert_int_equal(d->num_memory_regions, 13);
	assert_int_equal(d->vpci_irq_base, 157);
	assert_int_equal(d->console.address, 0x02810000);
	/* the demo link's output section of peer 2 is ours */
	assert_int_equal(m[4].phys_start, 0xdfa40000);
	assert_true(m[4].flags & JAILHOUSE_MEM_WRITE);
	assert_false(m[2].flags & JAILHOUSE_MEM_WRITE);
	assert_int_equal(m[5].phys_start, 0xdfb00000);
	/* UART1, loader RAM at cell address 0, the Linux RAM */
	assert_int_equal(m[9].phys_start, 0x02810000);
	assert_true(m[9].flags & JAILHOUSE_MEM_IO);
	assert_int_equal(m[10].phys_start, 0xffff0000);
	assert_int_equal(m[10].virt_start, 0);
	assert_int_equal(m[10].size, 0x10000);
	assert_int_equal(m[11].phys_start, 0xe0000000);
	assert_int_equal(m[11].virt_start, 0xe0000000);
	assert_int_equal(m[11].size, 0x1fff0000);
	assert_true(m[12].flags & JAILHOUSE_MEM_COMM_REGION);
	/* INTx 189, 190 and the UART's 211, nothing else */
	assert_int_equal(d->num_irqchips, 1);
	assert_int_equal(chip[0].pin_base, 160);
	assert_int_equal(chip[0].pin_bitmap[0], (1u << 29) | (1u << 30));
	assert_int_equal(chip[0].pin_bitmap[1], 1u << (211 - 192));
	assert_int_equal(chip[0].pin_bitmap[2] | chip[0].pin_bitmap[3], 0);
	assert_int_equal(pci[0].bdf, 0);
	assert_int_equal(pci[0].shmem_dev_id, 2);
	assert_int_equal(pci[0].shmem_peers, 3);
	assert_int_equal(pci[1].bdf, 1 << 3);
	assert_int_equal(pci[1].shmem_dev_id, 1);
	assert_int_equal(pci[1].shmem_protocol, JAILHOUSE_SHMEM_PROTO_VETH);

	assert_int_equal(cell_errors(&cell, &sys, NULL, 0, first), 0);

	/* beside ivshmem-demo: CPU 2 and its RAM, no link finding */
	jh_check_cell(cell.data, cell.len,
		      (const struct jailhouse_system *)sys.data, others, 1,
		      &rep);
	assert_int_equal(col.errors, 2);
	assert_int_equal(col.per_code[JH_CHECK_CPU_CONFLICT], 1);
	assert_int_equal(col.per_code[JH_CHECK_MEM_CELL_CONFLICT], 1);

	/* peer 1 of the demo link, as ivshmem-demo is: the link says so */
	pci[0].shmem_dev_id = 1;
	m[3].flags |= JAILHOUSE_MEM_WRITE;
	m[4].flags &= ~JAILHOUSE_MEM_WRITE;
	memset(&col, 0, sizeof(col));
	jh_check_cell(cell.data, cell.len,
		      (const struct jailhouse_system *)sys.data, others, 1,
		      &rep);
	assert_int_equal(col.per_code[JH_CHECK_SHMEM_LINK_ID], 1);

	free(sys.data);
	free(cell.data);
	free(demo.data);
}

/*
 * A link between two non-root cells that the root is not part of: the
 * ivshmem-demo cell moved to 00:02.0 (INTx 146) and a second one, peer 0
 * on CPU 3 with its INTx at 147; then a protocol mismatch between them.
 */
static void test_ivshmem_link_without_root(void **state)
{
	struct buf sys = load("qemu-arm64.cell");
	struct buf a = load("qemu-arm64-ivshmem-demo.cell");
	struct buf b = load("qemu-arm64-ivshmem-demo.cell");
	const struct jailhouse_cell_desc *others[1];
	struct jailhouse_cell_desc *cb = cell_of(&b);
	char first[256];

	(void)state;
	pci_of(cell_of(&a))[0].bdf = 2 << 3;
	chips_of(cell_of(&a))[0].pin_bitmap[3] = 1 << (146 - 128);

	strcpy(cb->name, "peer0");
	cpus_of(cb)[0] = 0x8;
	mem_of(cb)[5].phys_start = 0x7fa20000;
	cb->vpci_irq_base = 145 - 32;
	chips_of(cb)[0].pin_bitmap[3] = 1 << (147 - 128);
	pci_of(cb)[0].bdf = 2 << 3;
	pci_of(cb)[0].shmem_dev_id = 0;
	mem_of(cb)[2].flags |= JAILHOUSE_MEM_WRITE;
	mem_of(cb)[3].flags &= ~JAILHOUSE_MEM_WRITE;

	others[0] = cell_of(&a);
	if (cell_errors(&b, &sys, others, 1, first))
		fail_msg("root-less link refused: %s", first);

	pci_of(cb)[0].shmem_protocol = JAILHOUSE_SHMEM_PROTO_VETH;
	assert_int_equal(cell_errors(&b, &sys, others, 1, first), 1);
	assert_string_equal(first, "pci device 0: shmem_protocol 0x1 differs "
			    "from that of pci device 0 of cell "
			    "\"ivshmem-demo\"");
	free(sys.data);
	free(a.data);
	free(b.data);
}

/* the system's findings: errors and warnings */
static void check_sys(struct buf *b, unsigned int *errors,
		      unsigned int *warnings)
{
	struct collected col = { 0 };
	struct jh_check_report rep = { .finding = collect, .ctx = &col };

	jh_check_system(b->data, b->len, &rep);
	*errors = col.errors;
	*warnings = col.warnings;
}

/* below JH_CHECK_MAX_CPUS, any number of CPUs is fine for the checker */
static void test_cpu_bound(void **state)
{
	struct buf b = load("qemu-arm64.cell");
	unsigned int errors, warnings;
	__u8 *cpus;

	(void)state;
	assert_int_equal(JH_CHECK_MAX_CPUS, 512);
	/* 16 CPUs, as Jailhouse's own qemu-arm64 config declares */
	cpus_of(&sys_of(&b)->root_cell)[1] = 0xff;
	check_sys(&b, &errors, &warnings);
	assert_int_equal(errors, 0);
	assert_int_equal(warnings, 0);

	/* CPU ids up to 511 */
	cpus = grow_root_cpus(&b, 72);
	cpus[0] = 0xf;
	cpus[63] = 0x80;
	check_sys(&b, &errors, &warnings);
	assert_int_equal(errors, 0);
	assert_int_equal(warnings, 0);

	/* 512 is one too many: a warning, no error */
	cpus[64] = 0x01;
	check_sys(&b, &errors, &warnings);
	assert_int_equal(errors, 0);
	assert_int_equal(warnings, 1);
	free(b.data);
}

/* every finding code is provoked by at least one mutation */
static void test_codes_covered(void **state)
{
	unsigned int code, n;

	(void)state;
	for (code = JH_CHECK_OK + 1; code < JH_CHECK_NUM_CODES; code++) {
		for (n = 0; n < NUM_MUTATIONS; n++)
			if (mutations[n].expect == code)
				break;
		if (n == NUM_MUTATIONS)
			fail_msg("no test provokes %s",
				 jh_check_code_name(code));
	}
}

/* every code has its own name and its own message */
static void test_code_strings(void **state)
{
	unsigned int a, b;

	(void)state;
	assert_true(JH_CHECK_NUM_CODES - 1 >= 12);
	for (a = 0; a < JH_CHECK_NUM_CODES; a++) {
		assert_non_null(jh_check_code_str(a));
		assert_non_null(jh_check_code_name(a));
		for (b = 0; b < a; b++) {
			assert_string_not_equal(jh_check_code_str(a),
						jh_check_code_str(b));
			assert_string_not_equal(jh_check_code_name(a),
						jh_check_code_name(b));
		}
	}
	assert_string_equal(jh_check_code_name(JH_CHECK_NUM_CODES), "UNKNOWN");
}

static void test_format(void **state)
{
	struct jh_finding f = {
		.code = JH_CHECK_MEM_OVERLAP_PHYS, .what = "memory region",
		.index = 3, .other = "memory region", .other_index = 1,
		.start = 0x40000000, .end = 0x7fa00000,
	};
	char line[128], tiny[8];
	size_t n;

	(void)state;
	n = jh_format_finding(line, sizeof(line), &f);
	assert_string_equal(line, "memory region 3: physical range overlaps "
			    "memory region 1 (0x40000000..0x7fa00000)");
	assert_int_equal(n, strlen(line));
	assert_int_equal(jh_format_finding(tiny, sizeof(tiny), &f), n);
	assert_string_equal(tiny, "memory ");

	f.code = JH_CHECK_IRQ_CONFLICT;
	f.what = "irqchip";
	f.index = 0;
	f.value = 36;
	f.other = NULL;
	f.other_cell = "inmate-demo";
	f.start = f.end = 0;
	jh_format_finding(line, sizeof(line), &f);
	assert_string_equal(line, "irqchip 0: assigns interrupt 36, also "
			    "assigned to cell \"inmate-demo\"");
}

static void test_null_callback_counts(void **state)
{
	struct buf b = load("qemu-arm64.cell");
	struct jh_check_report rep = { 0 };

	(void)state;
	sys_of(&b)->revision = 1;
	assert_int_equal(jh_check_system(b.data, b.len, &rep), 1);
	assert_int_equal(rep.count, 1);
	assert_true(rep.unusable);
	assert_int_equal(jh_check_system(b.data, 3, &rep), 1);
	assert_int_equal(rep.count, 2);
	free(b.data);
}

/* ---- the command ---- */

static int run_cli(int argc, const char *const *args)
{
	char *argv[8];
	char paths[8][512];
	int i;

	assert_true(argc <= 8);
	for (i = 0; i < argc; i++) {
		if (i > 0 && args[i][0] != '/' && ends_with_cell(args[i])) {
			snprintf(paths[i], sizeof(paths[i]), "%s/%s",
				 JH_CELLS_DIR, args[i]);
			argv[i] = paths[i];
		} else {
			argv[i] = (char *)args[i];
		}
	}
	return jh_cmd_config_check(argc, argv);
}

static void test_cli(void **state)
{
	const char *pass[] = { "check", "qemu-arm64.cell",
			       "qemu-arm64-inmate-demo.cell",
			       "qemu-arm64-ivshmem-demo.cell" };
	const char *twice[] = { "check", "qemu-arm64.cell",
				"qemu-arm64-inmate-demo.cell",
				"qemu-arm64-inmate-demo.cell" };
	const char *wrong_board[] = { "check", "k3-am625-sk.cell",
				      "qemu-arm64-inmate-demo.cell" };
	const char *cell_first[] = { "check", "qemu-arm64-inmate-demo.cell" };
	const char *help[] = { "check", "-h" };
	const char *none[] = { "check" };
	const char *bad_opt[] = { "check", "-x", "qemu-arm64.cell" };
	const char *missing[] = { "check", "/nonexistent/x.cell" };

	(void)state;
	assert_int_equal(run_cli(4, pass), 0);
	assert_int_equal(run_cli(4, twice), 1);
	assert_int_equal(run_cli(3, wrong_board), 1);
	assert_int_equal(run_cli(2, cell_first), 1);
	assert_int_equal(run_cli(2, help), 0);
	assert_int_equal(run_cli(1, none), 2);
	assert_int_equal(run_cli(3, bad_opt), 2);
	assert_int_equal(run_cli(2, missing), 2);
}

static void write_file(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(b->data, 1, b->len, f), b->len);
	fclose(f);
}

/*
 * `jailhouse config check SYSTEM CELL CELL` with a link mismatch between
 * the two cell files: the finding names both files.
 */
static void test_cli_link_mismatch(void **state)
{
	char dir[] = "/tmp/jh-cli-XXXXXX", sys_path[64], a_path[64];
	char b_path[64], out_path[64], line[1024];
	struct buf sys = load("qemu-arm64.cell");
	struct buf a = load("qemu-arm64-ivshmem-demo.cell");
	struct buf b = load("qemu-arm64-ivshmem-demo.cell");
	struct jailhouse_cell_desc *cb = cell_of(&b);
	char *argv[] = { "check", sys_path, a_path, b_path };
	int saved, fd, ret;
	bool seen = false;
	FILE *out;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sys_path, sizeof(sys_path), "%s/system.cell", dir);
	snprintf(a_path, sizeof(a_path), "%s/peer-one.cell", dir);
	snprintf(b_path, sizeof(b_path), "%s/peer-two.cell", dir);
	snprintf(out_path, sizeof(out_path), "%s/out.txt", dir);

	/* a second peer 1 on CPU 3: same shmem_dev_id as the first */
	strcpy(cb->name, "peer-two");
	cpus_of(cb)[0] = 0x8;
	mem_of(cb)[5].phys_start = 0x7fa20000;
	cb->vpci_irq_base = 145 - 32;
	chips_of(cb)[0].pin_bitmap[3] = 1 << (145 - 128);
	write_file(sys_path, &sys);
	write_file(a_path, &a);
	write_file(b_path, &b);

	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, STDOUT_FILENO);
	close(fd);
	ret = jh_cmd_config_check(4, argv);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	assert_int_equal(ret, 1);

	out = fopen(out_path, "r");
	assert_non_null(out);
	while (fgets(line, sizeof(line), out)) {
		if (!strstr(line, "shmem_dev_id 1 is also that of"))
			continue;
		/* this file first, the other end's file last */
		assert_true(strncmp(line, b_path, strlen(b_path)) == 0);
		assert_non_null(strstr(line, "cell \"ivshmem-demo\""));
		assert_non_null(strstr(line, a_path));
		seen = true;
	}
	fclose(out);
	if (!seen)
		fail_msg("no SHMEM_LINK_ID line in %s", out_path);
	unlink(out_path);
	unlink(sys_path);
	unlink(a_path);
	unlink(b_path);
	rmdir(dir);
	free(sys.data);
	free(a.data);
	free(b.data);
}

int main(void)
{
	const struct CMUnitTest basic[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_shipped_configs_pass),
		cmocka_unit_test(test_qemu_cells_coexist),
		cmocka_unit_test(test_cpu_bound),
		cmocka_unit_test(test_codes_covered),
		cmocka_unit_test(test_code_strings),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_null_callback_counts),
		cmocka_unit_test(test_cli),
		cmocka_unit_test(test_cli_link_mismatch),
		cmocka_unit_test(test_ivshmem_published_conventions),
		cmocka_unit_test(test_ivshmem_link_without_root),
		cmocka_unit_test(test_am62x_linux_demo),
	};
	struct CMUnitTest malformed[NUM_MUTATIONS];
	static char names[NUM_MUTATIONS][96];
	unsigned int n;
	int failed;

	for (n = 0; n < NUM_MUTATIONS; n++) {
		snprintf(names[n], sizeof(names[n]), "%s -> %s",
			 mutations[n].name,
			 jh_check_code_name(mutations[n].expect));
		malformed[n].name = names[n];
		malformed[n].test_func = run_mutation;
		malformed[n].setup_func = NULL;
		malformed[n].teardown_func = NULL;
		malformed[n].initial_state = (void *)&mutations[n];
	}

	failed = cmocka_run_group_tests_name("config_check", basic, NULL, NULL);
	failed += _cmocka_run_group_tests("config_check_malformed", malformed,
					  NUM_MUTATIONS, NULL, NULL);
	return failed ? 1 : 0;
}
