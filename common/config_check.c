// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration checker shared by the hypervisor, the command line tool and
 * the unit tests; see include/jailhouse/config-check.h.
 *
 * Rules:
 *  - nothing from libc, no global state, no recursion, bounded stack;
 *  - every byte read from a buffer is inside the length the caller gave,
 *    which is established before any array is looked at;
 *  - arrays are read through packed structures or bytes, never through
 *    wider pointers, since a config may start at any address.
 */

#include <jailhouse/config-check.h>

#define U64_MAX		(~0ULL)
#define PAGE_MASK_LOW	(JH_CHECK_PAGE_SIZE - 1)
#define IRQS_PER_CHIP	\
	(sizeof(((struct jailhouse_irqchip *)0)->pin_bitmap) * 8)

/* signature, architecture and revision */
#define JH_CHECK_ID_SIZE	8

#define STR_(x)		#x
#define STR(x)		STR_(x)

#define MEM_FLAGS_VALID							\
	(JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE | JAILHOUSE_MEM_EXECUTE | \
	 JAILHOUSE_MEM_DMA | JAILHOUSE_MEM_IO | JAILHOUSE_MEM_COMM_REGION | \
	 JAILHOUSE_MEM_LOADABLE | JAILHOUSE_MEM_ROOTSHARED |		\
	 JAILHOUSE_MEM_NO_HUGEPAGES | JAILHOUSE_MEM_IO_UNALIGNED |	\
	 JAILHOUSE_MEM_IO_8 | JAILHOUSE_MEM_IO_16 | JAILHOUSE_MEM_IO_32 | \
	 JAILHOUSE_MEM_IO_64)

#define CELL_FLAGS_VALID						\
	(JAILHOUSE_CELL_PASSIVE_COMMREG | JAILHOUSE_CELL_TEST_DEVICE |	\
	 JAILHOUSE_CELL_AARCH32 | JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED | \
	 JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE)

struct code_info {
	const char *name;
	/* "%d" or "%x" is replaced by the finding's value */
	const char *text;
};

static const struct code_info code_info[JH_CHECK_NUM_CODES] = {
	[JH_CHECK_OK] = { "OK", "no problem" },
	[JH_CHECK_TRUNCATED] = { "TRUNCATED",
		"truncated, the declared content needs %d bytes" },
	[JH_CHECK_TRAILING] = { "TRAILING",
		"%d bytes after the declared content" },
	[JH_CHECK_SIGNATURE] = { "SIGNATURE",
		"wrong signature, expected that of a" },
	[JH_CHECK_REVISION] = { "REVISION",
		"config revision %d is not the supported one ("
		STR(JAILHOUSE_CONFIG_REVISION) ")" },
	[JH_CHECK_ARCH] = { "ARCH",
		"architecture %d is not arm64 (" STR(JAILHOUSE_ARM64) ")" },
	[JH_CHECK_NAME] = { "NAME",
		"is empty or not NUL-terminated within "
		STR(JAILHOUSE_CELL_NAME_MAXLEN) " characters" },
	[JH_CHECK_CELL_FLAGS] = { "CELL_FLAGS", "has unknown bits %x" },
	[JH_CHECK_UNSUPPORTED] = { "UNSUPPORTED",
		"are not supported on arm64 (%d entries)" },
	[JH_CHECK_CPU_SET_SIZE] = { "CPU_SET_SIZE",
		"size %d is not a non-zero multiple of 8 bytes" },
	[JH_CHECK_CPU_EMPTY] = { "CPU_EMPTY", "contains no CPU" },
	[JH_CHECK_CPU_NOT_IN_ROOT] = { "CPU_NOT_IN_ROOT",
		"is not a CPU of the root cell" },
	[JH_CHECK_CPU_ROOT_LEFT_EMPTY] = { "CPU_ROOT_LEFT_EMPTY",
		"leaves the root cell without a CPU" },
	[JH_CHECK_CPU_CONFLICT] = { "CPU_CONFLICT",
		"is also assigned to" },
	[JH_CHECK_MEM_FLAGS] = { "MEM_FLAGS", "has unknown flag bits %x" },
	[JH_CHECK_MEM_ZERO_SIZE] = { "MEM_ZERO_SIZE", "has size 0" },
	[JH_CHECK_MEM_OVERFLOW] = { "MEM_OVERFLOW",
		"starting at %x wraps around the address space" },
	[JH_CHECK_MEM_UNALIGNED] = { "MEM_UNALIGNED",
		"is not page aligned (%x) and not a sub-page I/O region" },
	[JH_CHECK_MEM_OVERLAP_VIRT] = { "MEM_OVERLAP_VIRT",
		"guest range overlaps" },
	[JH_CHECK_MEM_OVERLAP_PHYS] = { "MEM_OVERLAP_PHYS",
		"physical range overlaps" },
	[JH_CHECK_MEM_HYPERVISOR] = { "MEM_HYPERVISOR",
		"overlaps the hypervisor memory" },
	[JH_CHECK_MEM_NOT_IN_ROOT] = { "MEM_NOT_IN_ROOT",
		"is not root cell memory from %x on" },
	[JH_CHECK_MEM_CELL_CONFLICT] = { "MEM_CELL_CONFLICT",
		"overlaps, without both sharing it," },
	[JH_CHECK_MEM_GICD] = { "MEM_GICD",
		"maps the GIC distributor" },
	[JH_CHECK_MEM_GICR] = { "MEM_GICR",
		"starting at %x maps GIC redistributor frames, which only the"
		" hypervisor may access" },
	[JH_CHECK_MEM_GIC_ITS] = { "MEM_GIC_ITS",
		"starting at %x maps the GIC between distributor and"
		" redistributors (the ITS: LPIs to any CPU), which no cell but"
		" the root may touch" },
	[JH_CHECK_MEM_DEBUG_UART] = { "MEM_DEBUG_UART",
		"starting at %x maps the hypervisor's debug UART, which no cell"
		" but the root may touch (use the virtual console or another"
		" UART)" },
	[JH_CHECK_MEM_DEBUG_UART_SHARED] = { "MEM_DEBUG_UART_SHARED",
		"warning: starting at %x maps the hypervisor's debug UART,"
		" shared with the root: its output there may be garbled" },
	[JH_CHECK_MEM_DMA] = { "MEM_DMA",
		"warning: JAILHOUSE_MEM_DMA has no effect, there is no IOMMU"
		" support: devices DMA unconfined (flags %x)" },
	[JH_CHECK_COMM_REGION] = { "COMM_REGION",
		"is one communication region too many" },
	[JH_CHECK_HV_MEMORY] = { "HV_MEMORY",
		"is empty, not page aligned or wraps around (%x)" },
	[JH_CHECK_GIC] = { "GIC", "has an invalid value %x" },
	[JH_CHECK_PCI_MMCONFIG] = { "PCI_MMCONFIG",
		"virtual PCI config window at %x overlaps" },
	[JH_CHECK_CPU_LIMIT] = { "CPU_LIMIT",
		"warning: declares %d CPUs, the firmware runs CPU ids below "
		STR(JH_CHECK_MAX_CPUS) " only: it refuses to enable with this"
		" configuration" },
	[JH_CHECK_IOMMU_UNIT] = { "IOMMU_UNIT",
		"has type %d, but there is no SMMU/PVU support: DMA would not"
		" be isolated" },
	[JH_CHECK_STREAM_IDS] = { "STREAM_IDS",
		"are declared (%d), but there is no SMMU support: they cannot"
		" be enforced" },
	[JH_CHECK_IRQCHIP_ADDRESS] = { "IRQCHIP_ADDRESS",
		"address %x is not the GIC distributor of the system" },
	[JH_CHECK_IRQCHIP_PIN_BASE] = { "IRQCHIP_PIN_BASE",
		"pin_base %d is not a multiple of 32 or ends beyond 1024" },
	[JH_CHECK_IRQ_RANGE] = { "IRQ_RANGE",
		"assigns interrupt %d, which is no SPI (32..1019)" },
	[JH_CHECK_IRQ_NOT_IN_ROOT] = { "IRQ_NOT_IN_ROOT",
		"assigns interrupt %d, which the root cell does not own" },
	[JH_CHECK_IRQ_CONFLICT] = { "IRQ_CONFLICT",
		"assigns interrupt %d, also assigned to" },
	[JH_CHECK_PCI_TYPE] = { "PCI_TYPE", "has unknown device type %d" },
	[JH_CHECK_PCI_CAPS] = { "PCI_CAPS",
		"capabilities lie outside the capability array of %d entries" },
	[JH_CHECK_PCI_DUPLICATE] = { "PCI_DUPLICATE",
		"has the same bdf (%x) as" },
	[JH_CHECK_PCI_NO_HOST] = { "PCI_NO_HOST",
		"needs a virtual PCI host, but the system has none"
		" (pci_mmconfig_base %x, pci_is_virtual)" },
	[JH_CHECK_PCI_BUS] = { "PCI_BUS",
		"bdf %x is on a bus beyond pci_mmconfig_end_bus" },
	[JH_CHECK_PCI_DOMAIN] = { "PCI_DOMAIN",
		"domain %d is not pci_domain, that of the root's virtual"
		" PCI host" },
	[JH_CHECK_SHMEM_REGIONS] = { "SHMEM_REGIONS",
		"shared memory needs memory regions up to index %d" },
	[JH_CHECK_SHMEM_PEERS] = { "SHMEM_PEERS",
		"shmem_peers %d is not in 2.." STR(JH_CHECK_MAX_SHMEM_PEERS) },
	[JH_CHECK_SHMEM_DEV_ID] = { "SHMEM_DEV_ID",
		"shmem_dev_id %d is not below shmem_peers" },
	[JH_CHECK_SHMEM_REGIONS_SHARED] = { "SHMEM_REGIONS_SHARED",
		"shared memory regions from index %d on overlap those of" },
	[JH_CHECK_SHMEM_STATE_SIZE] = { "SHMEM_STATE_SIZE",
		"state table of %x bytes lacks 4 bytes per peer:" },
	[JH_CHECK_SHMEM_STATE_ACCESS] = { "SHMEM_STATE_ACCESS",
		"state table must be readable, not writable (flags %x):" },
	[JH_CHECK_SHMEM_RW_ACCESS] = { "SHMEM_RW_ACCESS",
		"read/write section must be readable and writable"
		" (flags %x):" },
	[JH_CHECK_SHMEM_OUTPUT_SIZE] = { "SHMEM_OUTPUT_SIZE",
		"output section size %x differs from that of peer 0:" },
	[JH_CHECK_SHMEM_OUTPUT_ACCESS] = { "SHMEM_OUTPUT_ACCESS",
		"output section must be readable, writable for its own peer"
		" only (flags %x):" },
	[JH_CHECK_SHMEM_LAYOUT] = { "SHMEM_LAYOUT",
		"sections not back to back: the next belongs at %x, not" },
	[JH_CHECK_SHMEM_BAR_MASK] = { "SHMEM_BAR_MASK",
		"bar_mask (BAR 0 %x) is not JAILHOUSE_IVSHMEM_BAR_MASK_INTX"
		" or _INTX_64K" },
	[JH_CHECK_SHMEM_MSIX] = { "SHMEM_MSIX",
		"bar_mask asks for MSI-X (BAR 1 %x): no ITS here, use"
		" JAILHOUSE_IVSHMEM_BAR_MASK_INTX" },
	[JH_CHECK_SHMEM_INTX] = { "SHMEM_INTX",
		"INTx, GIC interrupt %d (32 + vpci_irq_base + slot mod 4),"
		" is not assigned to the cell" },
	[JH_CHECK_SHMEM_LINK_PEERS] = { "SHMEM_LINK_PEERS",
		"shmem_peers %d differs from that of" },
	[JH_CHECK_SHMEM_LINK_PROTOCOL] = { "SHMEM_LINK_PROTOCOL",
		"shmem_protocol %x differs from that of" },
	[JH_CHECK_SHMEM_LINK_ID] = { "SHMEM_LINK_ID",
		"shmem_dev_id %d is also that of" },
	[JH_CHECK_SHMEM_LINK_MEMORY] = { "SHMEM_LINK_MEMORY",
		"memory region %d is not the same physical memory as in" },
	[JH_CHECK_SHMEM_ROOTSHARED] = { "SHMEM_ROOTSHARED",
		"memory region %d of a link with the root cell lacks"
		" JAILHOUSE_MEM_ROOTSHARED: the root would lose it" },
	[JH_CHECK_CONSOLE_TYPE] = { "CONSOLE_TYPE",
		"has unknown console type %d" },
	[JH_CHECK_CONSOLE_FLAGS] = { "CONSOLE_FLAGS",
		"has unknown or unusable flags %x (arm64 needs MMIO access)" },
	[JH_CHECK_CONSOLE_UNMAPPED] = { "CONSOLE_UNMAPPED",
		"address %x is in no memory region of the cell" },
	[JH_CHECK_NAME_DUPLICATE] = { "NAME_DUPLICATE",
		"is the same as that of" },
};

/* what a cell looks like once its layout has been validated */
struct cell_view {
	const struct jailhouse_cell_desc *desc;
	const char *name;
	const __u8 *cpus;
	__u32 cpu_bytes;
	const struct jailhouse_memory *mem;
	__u32 n_mem;
	const struct jailhouse_irqchip *chips;
	__u32 n_chips;
	const struct jailhouse_pci_device *pci;
	__u32 n_pci;
	__u32 n_caps;
};

struct checker {
	struct jh_check_report *rep;
	int found;
	/* system the cell belongs to, NULL if unknown */
	const struct jailhouse_system *sys;
};

/* ---- small helpers, no libc ---- */

static bool bytes_equal(const void *a, const void *b, size_t n)
{
	const __u8 *x = a, *y = b;

	while (n--)
		if (*x++ != *y++)
			return false;
	return true;
}

static bool names_equal(const char *a, const char *b)
{
	unsigned int n;

	for (n = 0; n <= JAILHOUSE_CELL_NAME_MAXLEN; n++) {
		if (a[n] != b[n])
			return false;
		if (a[n] == 0)
			return true;
	}
	return true;
}

static bool name_valid(const char *name)
{
	unsigned int n;

	if (name[0] == 0)
		return false;
	for (n = 1; n <= JAILHOUSE_CELL_NAME_MAXLEN; n++)
		if (name[n] == 0)
			return true;
	return false;
}

/* exclusive end of a range, saturated instead of wrapping */
static __u64 range_end(__u64 start, __u64 size)
{
	return start + size < start ? U64_MAX : start + size;
}

static bool overlaps(__u64 a, __u64 a_size, __u64 b, __u64 b_size)
{
	if (a_size == 0 || b_size == 0)
		return false;
	return a < range_end(b, b_size) && b < range_end(a, a_size);
}

static bool contains(__u64 outer, __u64 outer_size, __u64 in, __u64 in_size)
{
	return in >= outer && range_end(in, in_size) <= range_end(outer,
								 outer_size);
}

static bool mem_is_placeholder(const struct jailhouse_memory *m)
{
	return m->phys_start == 0 && m->virt_start == 0 && m->size == 0 &&
		m->flags == 0;
}

static bool mem_is_comm(const struct jailhouse_memory *m)
{
	return m->flags & JAILHOUSE_MEM_COMM_REGION;
}

/* regions that take part in the physical-memory checks */
static bool mem_has_phys(const struct jailhouse_memory *m)
{
	return !mem_is_placeholder(m) && !mem_is_comm(m) && m->size != 0;
}

static bool cpu_isset(const struct cell_view *v, __u64 cpu)
{
	if (cpu / 8 >= v->cpu_bytes)
		return false;
	return (v->cpus[cpu / 8] >> (cpu % 8)) & 1;
}

static bool chip_irq_isset(const struct jailhouse_irqchip *chip,
			   unsigned int bit)
{
	return (chip->pin_bitmap[bit / 32] >> (bit % 32)) & 1;
}

static __u64 gicd_of(const struct jailhouse_system *sys)
{
	return sys ? sys->platform_info.arm.gicd_base : 0;
}

/*
 * Does any irqchip of @v at the distributor @gicd assign @irq?  @gicd
 * U64_MAX: any irqchip (no system configuration to say which is the GIC).
 */
static bool irq_owned(const struct cell_view *v, __u64 gicd, __u64 irq)
{
	const struct jailhouse_irqchip *chip;
	__u32 n;

	for (n = 0; n < v->n_chips; n++) {
		chip = &v->chips[n];
		if ((gicd != U64_MAX && chip->address != gicd) ||
		    irq < chip->pin_base ||
		    irq - chip->pin_base >= IRQS_PER_CHIP)
			continue;
		if (chip_irq_isset(chip, irq - chip->pin_base))
			return true;
	}
	return false;
}

/* bytes a descriptor declares for itself and its arrays, without wrap */
static __u64 declared_size(const struct jailhouse_cell_desc *d)
{
	return (__u64)sizeof(*d) + d->cpu_set_size +
		(__u64)d->num_memory_regions * sizeof(struct jailhouse_memory) +
		(__u64)d->num_cache_regions * sizeof(struct jailhouse_cache) +
		(__u64)d->num_irqchips * sizeof(struct jailhouse_irqchip) +
		(__u64)d->num_pio_regions * sizeof(struct jailhouse_pio) +
		(__u64)d->num_pci_devices *
			sizeof(struct jailhouse_pci_device) +
		(__u64)d->num_pci_caps *
			sizeof(struct jailhouse_pci_capability) +
		(__u64)d->num_stream_ids * sizeof(union jailhouse_stream_id);
}

/* only for descriptors whose declared size lies inside their buffer */
static void view_of(const struct jailhouse_cell_desc *d, struct cell_view *v)
{
	const __u8 *p = (const __u8 *)d + sizeof(*d);

	v->desc = d;
	v->name = name_valid(d->name) ? d->name : "(unnamed)";
	v->cpus = p;
	v->cpu_bytes = d->cpu_set_size;
	p += d->cpu_set_size;
	v->mem = (const struct jailhouse_memory *)p;
	v->n_mem = d->num_memory_regions;
	p += (size_t)d->num_memory_regions * sizeof(struct jailhouse_memory);
	p += (size_t)d->num_cache_regions * sizeof(struct jailhouse_cache);
	v->chips = (const struct jailhouse_irqchip *)p;
	v->n_chips = d->num_irqchips;
	p += (size_t)d->num_irqchips * sizeof(struct jailhouse_irqchip);
	p += (size_t)d->num_pio_regions * sizeof(struct jailhouse_pio);
	v->pci = (const struct jailhouse_pci_device *)p;
	v->n_pci = d->num_pci_devices;
	v->n_caps = d->num_pci_caps;
}

/* ---- reporting ---- */

static void finding_init(struct jh_finding *f, enum jh_check_code code,
			 const char *what, int index, __u64 value)
{
	f->code = code;
	f->what = what;
	f->index = index;
	f->other = NULL;
	f->other_index = -1;
	f->other_cell = NULL;
	f->value = value;
	f->start = 0;
	f->end = 0;
	f->warning = jh_check_code_is_warning(code);
}

static void emit(struct checker *c, const struct jh_finding *f)
{
	if (f->warning) {
		c->rep->warnings++;
	} else {
		c->found++;
		c->rep->count++;
	}
	if (c->rep->finding)
		c->rep->finding(c->rep->ctx, f);
}

static void report(struct checker *c, enum jh_check_code code,
		   const char *what, int index, __u64 value)
{
	struct jh_finding f;

	finding_init(&f, code, what, index, value);
	emit(c, &f);
}

static void report_other(struct checker *c, enum jh_check_code code,
			 const char *what, int index, __u64 value,
			 const char *other, int other_index,
			 const char *other_cell, __u64 start, __u64 size)
{
	struct jh_finding f;

	finding_init(&f, code, what, index, value);
	f.other = other;
	f.other_index = other_index;
	f.other_cell = other_cell;
	f.start = start;
	f.end = range_end(start, size);
	emit(c, &f);
}

/* ---- header and layout ---- */

static bool check_header(struct checker *c, const void *buf, size_t len,
			 size_t hdr_size, const char *signature,
			 const char *kind)
{
	/* signature, architecture and revision sit alike in both headers */
	const struct jailhouse_cell_desc *d = buf;

	/* signature first, so a file of the other kind is named as such */
	if (len >= JH_CHECK_ID_SIZE &&
	    !bytes_equal(d->signature, signature, JAILHOUSE_SIGNATURE_LEN)) {
		report_other(c, JH_CHECK_SIGNATURE, "header", -1, 0, kind, -1,
			     NULL, 0, 0);
		return false;
	}
	if (len < hdr_size) {
		report(c, JH_CHECK_TRUNCATED, "file", -1, hdr_size);
		return false;
	}
	if (d->revision != JAILHOUSE_CONFIG_REVISION) {
		report(c, JH_CHECK_REVISION, "header", -1, d->revision);
		return false;
	}
	if (d->architecture != JAILHOUSE_ARM64)
		report(c, JH_CHECK_ARCH, "header", -1, d->architecture);
	return true;
}

static bool check_size(struct checker *c, const struct jailhouse_cell_desc *d,
		       size_t before, size_t len)
{
	__u64 need = before + declared_size(d);

	if (need > len) {
		report(c, JH_CHECK_TRUNCATED, "file", -1, need);
		return false;
	}
	if (need < len)
		report(c, JH_CHECK_TRAILING, "file", -1, len - need);
	return true;
}

/* ---- checks of one cell on its own ---- */

static void check_cpus(struct checker *c, const struct cell_view *v)
{
	__u64 cpu;

	if (v->cpu_bytes == 0 || v->cpu_bytes % 8 != 0)
		report(c, JH_CHECK_CPU_SET_SIZE, "cpu set", -1, v->cpu_bytes);
	for (cpu = 0; cpu < (__u64)v->cpu_bytes * 8; cpu++)
		if (cpu_isset(v, cpu))
			return;
	report(c, JH_CHECK_CPU_EMPTY, "cpu set", -1, 0);
}

static void check_one_region(struct checker *c, const struct cell_view *v,
			     __u32 n, bool is_root, int *comm_regions)
{
	const struct jailhouse_memory *m = &v->mem[n];
	__u64 unaligned;

	if (m->flags & ~(__u64)MEM_FLAGS_VALID)
		report(c, JH_CHECK_MEM_FLAGS, "memory region", n,
		       m->flags & ~(__u64)MEM_FLAGS_VALID);
	if (m->size == 0) {
		report(c, JH_CHECK_MEM_ZERO_SIZE, "memory region", n, 0);
		return;
	}
	if (!mem_is_comm(m) && range_end(m->phys_start, m->size) == U64_MAX)
		report(c, JH_CHECK_MEM_OVERFLOW, "memory region", n,
		       m->phys_start);
	else if (range_end(m->virt_start, m->size) == U64_MAX)
		report(c, JH_CHECK_MEM_OVERFLOW, "memory region", n,
		       m->virt_start);

	if (mem_is_comm(m)) {
		if (is_root || ++*comm_regions > 1)
			report(c, JH_CHECK_COMM_REGION, "memory region", n, 0);
		unaligned = (m->virt_start | m->size) & PAGE_MASK_LOW;
	} else {
		unaligned = (m->phys_start | m->virt_start | m->size) &
			PAGE_MASK_LOW;
	}
	/* sub-page regions are fine for I/O: the hypervisor emulates them */
	if (unaligned && (mem_is_comm(m) || !(m->flags & JAILHOUSE_MEM_IO))) {
		if (!mem_is_comm(m) && (m->phys_start & PAGE_MASK_LOW))
			unaligned = m->phys_start;
		else if (m->virt_start & PAGE_MASK_LOW)
			unaligned = m->virt_start;
		else
			unaligned = m->size;
		report(c, JH_CHECK_MEM_UNALIGNED, "memory region", n,
		       unaligned);
	}
}

static void check_regions(struct checker *c, const struct cell_view *v,
			  bool is_root)
{
	const struct jailhouse_memory *a, *b;
	int comm_regions = 0;
	__u32 i, j;

	for (i = 0; i < v->n_mem; i++) {
		if (mem_is_placeholder(&v->mem[i]))
			continue;
		check_one_region(c, v, i, is_root, &comm_regions);
	}

	for (i = 0; i < v->n_mem; i++) {
		a = &v->mem[i];
		if (mem_is_placeholder(a))
			continue;
		for (j = 0; j < i; j++) {
			b = &v->mem[j];
			if (!overlaps(a->virt_start, a->size, b->virt_start,
				      b->size))
				continue;
			report_other(c, JH_CHECK_MEM_OVERLAP_VIRT,
				     "memory region", i, 0, "memory region",
				     j, NULL, b->virt_start, b->size);
			break;
		}
		if (!mem_has_phys(a))
			continue;
		for (j = 0; j < i; j++) {
			b = &v->mem[j];
			if (!mem_has_phys(b) ||
			    !overlaps(a->phys_start, a->size, b->phys_start,
				      b->size))
				continue;
			report_other(c, JH_CHECK_MEM_OVERLAP_PHYS,
				     "memory region", i, 0, "memory region",
				     j, NULL, b->phys_start, b->size);
			break;
		}
	}
}

/* one past the highest CPU id of the root cell, 0 if it has none */
static __u64 root_cpu_span(const struct jailhouse_system *sys)
{
	const struct jailhouse_cell_desc *root = &sys->root_cell;
	const __u8 *bits = (const __u8 *)root + sizeof(*root);
	__u64 cpu = (__u64)root->cpu_set_size * 8;

	while (cpu > 0 && !((bits[(cpu - 1) / 8] >> ((cpu - 1) % 8)) & 1))
		cpu--;
	return cpu;
}

/* redistributor frames of all CPUs of the system, see config-check.h */
static __u64 gicr_size_of(const struct jailhouse_system *sys)
{
	if (sys->platform_info.arm.gic_version != 3 ||
	    sys->platform_info.arm.gicr_base == 0)
		return 0;
	return root_cpu_span(sys) * JH_CHECK_GICR_FRAME_SIZE;
}

/* @m's physical or, for the GIC windows the hypervisor traps, guest range */
static bool mem_hits(const struct jailhouse_memory *m, __u64 base, __u64 size,
		     bool guest_too, __u64 *at)
{
	if (mem_has_phys(m) && overlaps(m->phys_start, m->size, base, size)) {
		*at = m->phys_start;
		return true;
	}
	if (guest_too && overlaps(m->virt_start, m->size, base, size)) {
		*at = m->virt_start;
		return true;
	}
	return false;
}

/*
 * Regions against hypervisor memory, the GIC and, for non-root cells,
 * the hypervisor's debug UART.
 */
static void check_regions_vs_system(struct checker *c,
				    const struct cell_view *v, bool is_root)
{
	const struct jailhouse_memory *hv = &c->sys->hypervisor_memory;
	const struct jailhouse_console *dbg = &c->sys->debug_console;
	__u64 gicd = gicd_of(c->sys);
	__u64 gicr = c->sys->platform_info.arm.gicr_base;
	__u64 gicr_size = gicr_size_of(c->sys);
	__u64 its = gicd + JH_CHECK_GICD_SIZE;
	__u64 its_size = gicd && gicr_size && gicr > its ? gicr - its : 0;
	__u64 dbg_size = dbg->size ? dbg->size : 1;
	bool dbg_mmio = dbg->type != JAILHOUSE_CON_TYPE_NONE &&
		dbg->type != JAILHOUSE_CON_TYPE_EFIFB &&
		(dbg->flags & JAILHOUSE_CON_ACCESS_MMIO);
	const struct jailhouse_memory *m;
	__u64 at;
	__u32 n;

	for (n = 0; n < v->n_mem; n++) {
		m = &v->mem[n];
		if (mem_is_placeholder(m) || m->size == 0)
			continue;
		if (m->flags & JAILHOUSE_MEM_DMA)
			report(c, JH_CHECK_MEM_DMA, "memory region", n,
			       m->flags);
		if (gicr_size && mem_hits(m, gicr, gicr_size, true, &at))
			report_other(c, JH_CHECK_MEM_GICR, "memory region", n,
				     at, NULL, -1, NULL, gicr, gicr_size);
		/*
		 * The configuration format has no ITS address; on GICv3
		 * systems (GIC-500/600/700, QEMU virt) the ITS frames lie
		 * between the distributor and the redistributors.
		 */
		if (!is_root && its_size &&
		    mem_hits(m, its, its_size, false, &at))
			report_other(c, JH_CHECK_MEM_GIC_ITS, "memory region",
				     n, at, NULL, -1, NULL, its, its_size);
		/*
		 * The root cell may share the UART with the hypervisor.  A
		 * non-root cell sharing it with the root is what Jailhouse's
		 * published demo cells do (one console for everything): the
		 * hypervisor's reports may then be garbled or delayed on the
		 * wire, but not lost from its ring buffer, and its UART
		 * output gives up on a transmitter the cell holds up (see
		 * uart_putc()), so that is a warning.  Taking the UART away
		 * from the root is refused.
		 */
		if (!is_root && dbg_mmio &&
		    mem_hits(m, dbg->address, dbg_size, false, &at))
			report_other(c, m->flags & JAILHOUSE_MEM_ROOTSHARED ?
				     JH_CHECK_MEM_DEBUG_UART_SHARED :
				     JH_CHECK_MEM_DEBUG_UART,
				     "memory region", n, at, NULL, -1, NULL,
				     dbg->address, dbg_size);
		if (mem_has_phys(m) &&
		    overlaps(m->phys_start, m->size, hv->phys_start, hv->size))
			report_other(c, JH_CHECK_MEM_HYPERVISOR,
				     "memory region", n, 0, NULL, -1, NULL,
				     hv->phys_start, hv->size);
		if (gicd &&
		    (overlaps(m->virt_start, m->size, gicd,
			      JH_CHECK_GICD_SIZE) ||
		     (mem_has_phys(m) &&
		      overlaps(m->phys_start, m->size, gicd,
			       JH_CHECK_GICD_SIZE))))
			report_other(c, JH_CHECK_MEM_GICD, "memory region", n,
				     0, NULL, -1, NULL, gicd,
				     JH_CHECK_GICD_SIZE);
	}
}

static void check_irqchips(struct checker *c, const struct cell_view *v)
{
	const struct jailhouse_irqchip *chip;
	__u64 gicd = gicd_of(c->sys);
	unsigned int bit;
	__u32 n;

	for (n = 0; n < v->n_chips; n++) {
		chip = &v->chips[n];
		if (c->sys && chip->address != gicd) {
			report(c, JH_CHECK_IRQCHIP_ADDRESS, "irqchip", n,
			       chip->address);
			continue;
		}
		if (chip->pin_base % 32 != 0 ||
		    (__u64)chip->pin_base + IRQS_PER_CHIP > 1024) {
			report(c, JH_CHECK_IRQCHIP_PIN_BASE, "irqchip", n,
			       chip->pin_base);
			continue;
		}
		for (bit = 0; bit < IRQS_PER_CHIP; bit++) {
			__u64 irq = (__u64)chip->pin_base + bit;

			if (!chip_irq_isset(chip, bit))
				continue;
			if (irq < JH_CHECK_FIRST_SPI ||
			    irq >= JH_CHECK_MAX_INTID) {
				report(c, JH_CHECK_IRQ_RANGE, "irqchip", n,
				       irq);
				break;
			}
		}
	}
}

/* ---- PCI devices and ivshmem ---- */

/*
 * The register BAR masks the virtual ivshmem device can offer: INTx only,
 * with a 4 KiB or (Jailhouse's AM62x configs) a 64 KiB register BAR.
 */
static const __u32 bar_mask_intx[6] = JAILHOUSE_IVSHMEM_BAR_MASK_INTX;
static const __u32 bar_mask_intx_64k[6] = JAILHOUSE_IVSHMEM_BAR_MASK_INTX_64K;

/*
 * GIC interrupt of the device's INTx: on arm64 the virtual PCI host routes
 * INTA of slot s to SPI vpci_irq_base + s % 4, as Jailhouse does.
 */
static __u64 ivshmem_intx(const struct cell_view *v,
			  const struct jailhouse_pci_device *dev)
{
	return JH_CHECK_FIRST_SPI + (__u64)v->desc->vpci_irq_base +
		((dev->bdf >> 3) & 3);
}

/* an ivshmem device whose fields are sound enough to look at its memory */
static bool ivshmem_usable(const struct cell_view *v,
			   const struct jailhouse_pci_device *dev)
{
	return dev->type == JAILHOUSE_PCI_TYPE_IVSHMEM &&
		dev->shmem_peers >= 2 &&
		dev->shmem_peers <= JH_CHECK_MAX_SHMEM_PEERS &&
		dev->shmem_dev_id < dev->shmem_peers &&
		(__u64)dev->shmem_regions_start + 2 + dev->shmem_peers <=
		v->n_mem;
}

static void report_region(struct checker *c, enum jh_check_code code,
			  __u32 dev, __u64 value, __u32 region)
{
	report_other(c, code, "pci device", dev, value, "memory region",
		     region, NULL, 0, 0);
}

/*
 * The shared memory of ivshmem device @n: state table, read/write section,
 * one output section per peer, with the access the specification gives
 * each peer.  The device reports one base address and the section sizes,
 * so the sections must follow each other without gaps, physically (the
 * other peers see the same layout) and in the cell's view.
 */
static void check_ivshmem_memory(struct checker *c, const struct cell_view *v,
				 __u32 n)
{
	const struct jailhouse_pci_device *dev = &v->pci[n];
	__u32 first = dev->shmem_regions_start;
	__u32 last = first + 2 + dev->shmem_peers;
	const struct jailhouse_memory *st = &v->mem[first];
	const struct jailhouse_memory *out0 = &v->mem[first + 2];
	const struct jailhouse_memory *m;
	const __u64 rw = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE;
	__u64 phys, virt, step;
	__u32 r;
	bool own;

	/* without a state table there is no base address to check from */
	if (st->size < (__u64)JH_CHECK_SHMEM_STATE_BYTES * dev->shmem_peers) {
		report_region(c, JH_CHECK_SHMEM_STATE_SIZE, n, st->size, first);
		return;
	}
	/* the hypervisor alone writes the state table */
	if ((st->flags & rw) != JAILHOUSE_MEM_READ)
		report_region(c, JH_CHECK_SHMEM_STATE_ACCESS, n, st->flags,
			      first);

	/* may be absent (size 0), as in JAILHOUSE_SHMEM_NET_REGIONS */
	m = &v->mem[first + 1];
	if (m->size && (m->flags & rw) != rw)
		report_region(c, JH_CHECK_SHMEM_RW_ACCESS, n, m->flags,
			      first + 1);

	/* output sections may be absent too, but then all of them */
	for (r = first + 2; r < last; r++) {
		m = &v->mem[r];
		if (m->size != out0->size)
			report_region(c, JH_CHECK_SHMEM_OUTPUT_SIZE, n, m->size,
				      r);
		if (m->size == 0)
			continue;
		own = r - first - 2 == dev->shmem_dev_id;
		if (!(m->flags & JAILHOUSE_MEM_READ) ||
		    !(m->flags & JAILHOUSE_MEM_WRITE) != !own)
			report_region(c, JH_CHECK_SHMEM_OUTPUT_ACCESS, n,
				      m->flags, r);
	}

	/*
	 * Sub-page I/O regions pass the general alignment check; the
	 * sections of shared memory have to be mappable page by page.
	 */
	for (r = first; r < last; r++) {
		m = &v->mem[r];
		if (mem_is_placeholder(m) || mem_is_comm(m) ||
		    !(m->flags & JAILHOUSE_MEM_IO) ||
		    !((m->phys_start | m->virt_start | m->size) &
		      PAGE_MASK_LOW))
			continue;
		report(c, JH_CHECK_MEM_UNALIGNED, "memory region", r,
		       m->phys_start & PAGE_MASK_LOW ? m->phys_start :
		       m->virt_start & PAGE_MASK_LOW ? m->virt_start :
		       m->size);
	}

	/*
	 * Back to back from the state table on.  Output sections advance
	 * by the size of the first (the size the device reports), so that
	 * one section of another size is reported once, as such.
	 */
	phys = range_end(st->phys_start, st->size);
	virt = range_end(st->virt_start, st->size);
	for (r = first + 1; r < last; r++) {
		m = &v->mem[r];
		step = r >= first + 2 ? out0->size : m->size;
		if (m->size == 0)
			continue;
		if (m->phys_start != phys) {
			report_other(c, JH_CHECK_SHMEM_LAYOUT, "pci device", n,
				     phys, "memory region", r, NULL,
				     m->phys_start, m->size);
			break;
		}
		if (m->virt_start != virt) {
			report_other(c, JH_CHECK_SHMEM_LAYOUT, "pci device", n,
				     virt, "memory region", r, NULL,
				     m->virt_start, m->size);
			break;
		}
		phys = range_end(phys, step);
		virt = range_end(virt, step);
	}
}

static void check_ivshmem(struct checker *c, const struct cell_view *v,
			  __u32 n)
{
	const struct jailhouse_pci_device *dev = &v->pci[n];
	__u64 last, irq;

	if (dev->shmem_peers < 2 ||
	    dev->shmem_peers > JH_CHECK_MAX_SHMEM_PEERS) {
		report(c, JH_CHECK_SHMEM_PEERS, "pci device", n,
		       dev->shmem_peers);
		return;
	}

	/*
	 * MSI-X would need LPIs through an ITS, which no cell is offered
	 * (GICv3 without ITS support here): INTx only.
	 */
	if (dev->bar_mask[1] != 0)
		report(c, JH_CHECK_SHMEM_MSIX, "pci device", n,
		       dev->bar_mask[1]);
	else if (!bytes_equal(dev->bar_mask, bar_mask_intx,
			      sizeof(bar_mask_intx)) &&
		 !bytes_equal(dev->bar_mask, bar_mask_intx_64k,
			      sizeof(bar_mask_intx_64k)))
		report(c, JH_CHECK_SHMEM_BAR_MASK, "pci device", n,
		       dev->bar_mask[0]);

	/* the root cell's too: its doorbells arrive there */
	irq = ivshmem_intx(v, dev);
	if (!irq_owned(v, c->sys ? gicd_of(c->sys) : U64_MAX, irq))
		report(c, JH_CHECK_SHMEM_INTX, "pci device", n, irq);

	if (dev->shmem_dev_id >= dev->shmem_peers) {
		report(c, JH_CHECK_SHMEM_DEV_ID, "pci device", n,
		       dev->shmem_dev_id);
		return;
	}
	/* state table, read/write section, one output per peer */
	last = (__u64)dev->shmem_regions_start + 2 + dev->shmem_peers;
	if (last > v->n_mem) {
		report(c, JH_CHECK_SHMEM_REGIONS, "pci device", n, last - 1);
		return;
	}
	check_ivshmem_memory(c, v, n);
}

/* each link has memory regions of its own */
static void check_ivshmem_overlap(struct checker *c, const struct cell_view *v)
{
	const struct jailhouse_pci_device *dev, *prev;
	__u32 n, k;

	for (n = 0; n < v->n_pci; n++) {
		dev = &v->pci[n];
		if (!ivshmem_usable(v, dev))
			continue;
		for (k = 0; k < n; k++) {
			prev = &v->pci[k];
			if (!ivshmem_usable(v, prev) ||
			    !overlaps(dev->shmem_regions_start,
				      2 + dev->shmem_peers,
				      prev->shmem_regions_start,
				      2 + prev->shmem_peers))
				continue;
			report_other(c, JH_CHECK_SHMEM_REGIONS_SHARED,
				     "pci device", n, dev->shmem_regions_start,
				     "pci device", k, NULL, 0, 0);
			break;
		}
	}
}

/*
 * Every PCI device of a cell sits on the virtual PCI host of the system
 * (there is no physical PCI support).  Peers of an ivshmem link are found
 * by bdf alone and may use different domains (Jailhouse's
 * inter-cell-communication document, and its published linux-demo cells
 * do); only the root cell's Linux sees the host under pci_domain.
 */
static void check_pci(struct checker *c, const struct cell_view *v,
		      bool is_root)
{
	const struct jailhouse_pci_device *dev, *prev;
	__u8 end_bus = 0;
	__u16 domain = 0;
	bool host = false;
	__u32 n, k;

	if (c->sys) {
		end_bus = c->sys->platform_info.pci_mmconfig_end_bus;
		domain = c->sys->platform_info.pci_domain;
		host = c->sys->platform_info.pci_mmconfig_base != 0 &&
			c->sys->platform_info.pci_is_virtual;
		if (!host && v->n_pci)
			report(c, JH_CHECK_PCI_NO_HOST, "pci device", 0,
			       c->sys->platform_info.pci_mmconfig_base);
	}

	for (n = 0; n < v->n_pci; n++) {
		dev = &v->pci[n];
		if (dev->type < JAILHOUSE_PCI_TYPE_DEVICE ||
		    dev->type > JAILHOUSE_PCI_TYPE_IVSHMEM)
			report(c, JH_CHECK_PCI_TYPE, "pci device", n,
			       dev->type);
		if ((__u32)dev->caps_start + dev->num_caps > v->n_caps)
			report(c, JH_CHECK_PCI_CAPS, "pci device", n,
			       v->n_caps);
		for (k = 0; k < n; k++) {
			prev = &v->pci[k];
			if (prev->bdf != dev->bdf)
				continue;
			report_other(c, JH_CHECK_PCI_DUPLICATE, "pci device",
				     n, dev->bdf, "pci device", k, NULL, 0, 0);
			break;
		}
		if (host && (dev->bdf >> 8) > end_bus)
			report(c, JH_CHECK_PCI_BUS, "pci device", n, dev->bdf);
		if (host && is_root && dev->domain != domain)
			report(c, JH_CHECK_PCI_DOMAIN, "pci device", n,
			       dev->domain);
		if (dev->type == JAILHOUSE_PCI_TYPE_IVSHMEM)
			check_ivshmem(c, v, n);
	}
	check_ivshmem_overlap(c, v);
}

/* is [addr, addr + size) inside one of the cell's regions (guest view)? */
static bool console_mapped(const struct cell_view *v, __u64 addr,
			   __u64 size)
{
	const struct jailhouse_memory *m;
	__u32 n;

	for (n = 0; n < v->n_mem; n++) {
		m = &v->mem[n];
		if (mem_is_placeholder(m) || mem_is_comm(m))
			continue;
		if (contains(m->virt_start, m->size, addr, size))
			return true;
	}
	return false;
}

static bool check_console_desc(struct checker *c,
			       const struct jailhouse_console *con,
			       const char *what)
{
	if (con->type == JAILHOUSE_CON_TYPE_NONE)
		return false;
	if (con->type > JAILHOUSE_CON_TYPE_MAX) {
		report(c, JH_CHECK_CONSOLE_TYPE, what, -1, con->type);
		return false;
	}
	if ((con->flags & ~JAILHOUSE_CON_FLAGS_VALID) ||
	    (con->type != JAILHOUSE_CON_TYPE_EFIFB &&
	     !(con->flags & JAILHOUSE_CON_ACCESS_MMIO))) {
		report(c, JH_CHECK_CONSOLE_FLAGS, what, -1, con->flags);
		return false;
	}
	return true;
}

static void check_cell_console(struct checker *c, const struct cell_view *v)
{
	const struct jailhouse_console *con = &v->desc->console;
	const struct jailhouse_console *dbg;
	__u64 size = con->size ? con->size : 1;

	if (!check_console_desc(c, con, "console"))
		return;
	if (con->type == JAILHOUSE_CON_TYPE_EFIFB)
		return;
	if (c->sys) {
		dbg = &c->sys->debug_console;
		if (dbg->type != JAILHOUSE_CON_TYPE_NONE &&
		    contains(dbg->address, dbg->size ? dbg->size : 1,
			     con->address, size))
			return;
	}
	if (!console_mapped(v, con->address, size))
		report(c, JH_CHECK_CONSOLE_UNMAPPED, "console", -1,
		       con->address);
}

static void check_cell_alone(struct checker *c, const struct cell_view *v,
			     bool is_root)
{
	const struct jailhouse_cell_desc *d = v->desc;

	if (!name_valid(d->name))
		report(c, JH_CHECK_NAME, "name", -1, 0);
	if (d->flags & ~(__u32)CELL_FLAGS_VALID)
		report(c, JH_CHECK_CELL_FLAGS, "flags", -1,
		       d->flags & ~(__u32)CELL_FLAGS_VALID);
	if (d->num_pio_regions)
		report(c, JH_CHECK_UNSUPPORTED, "pio regions", -1,
		       d->num_pio_regions);
	if (d->num_cache_regions)
		report(c, JH_CHECK_UNSUPPORTED, "cache regions", -1,
		       d->num_cache_regions);
	if (d->num_stream_ids)
		report(c, JH_CHECK_STREAM_IDS, "stream ids", -1,
		       d->num_stream_ids);

	check_cpus(c, v);
	check_regions(c, v, is_root);
	if (c->sys)
		check_regions_vs_system(c, v, is_root);
	check_irqchips(c, v);
	check_pci(c, v, is_root);
	check_cell_console(c, v);
}

/* ---- system ---- */

static void check_hv_memory(struct checker *c,
			    const struct jailhouse_memory *hv)
{
	if (hv->size == 0)
		report(c, JH_CHECK_HV_MEMORY, "hypervisor memory", -1, 0);
	else if ((hv->phys_start | hv->size) & PAGE_MASK_LOW)
		report(c, JH_CHECK_HV_MEMORY, "hypervisor memory", -1,
		       (hv->phys_start & PAGE_MASK_LOW) ? hv->phys_start :
		       hv->size);
	else if (range_end(hv->phys_start, hv->size) == U64_MAX)
		report(c, JH_CHECK_HV_MEMORY, "hypervisor memory", -1,
		       hv->phys_start);
}

static void check_gic(struct checker *c, const struct jailhouse_system *sys)
{
	__u8 version = sys->platform_info.arm.gic_version;
	__u8 mirq = sys->platform_info.arm.maintenance_irq;
	__u64 gicd = sys->platform_info.arm.gicd_base;

	if (version != 2 && version != 3)
		report(c, JH_CHECK_GIC, "gic_version", -1, version);
	if (gicd == 0 || (gicd & PAGE_MASK_LOW))
		report(c, JH_CHECK_GIC, "gicd_base", -1, gicd);
	if (version == 3 && sys->platform_info.arm.gicr_base == 0)
		report(c, JH_CHECK_GIC, "gicr_base", -1, 0);
	if (version == 2) {
		if (sys->platform_info.arm.gicc_base == 0)
			report(c, JH_CHECK_GIC, "gicc_base", -1, 0);
		if (sys->platform_info.arm.gich_base == 0)
			report(c, JH_CHECK_GIC, "gich_base", -1, 0);
		if (sys->platform_info.arm.gicv_base == 0)
			report(c, JH_CHECK_GIC, "gicv_base", -1, 0);
	}
	/* must be a private peripheral interrupt */
	if (mirq < 16 || mirq >= 32)
		report(c, JH_CHECK_GIC, "maintenance_irq", -1, mirq);
}

/* the firmware has an absolute bound on CPU ids */
static void check_cpu_limit(struct checker *c)
{
	__u64 span = root_cpu_span(c->sys);

	if (span > JH_CHECK_MAX_CPUS)
		report(c, JH_CHECK_CPU_LIMIT, "cpu set", -1, span);
}

/* nothing drives an IOMMU: declaring one would promise isolation */
static void check_iommu(struct checker *c)
{
	const struct jailhouse_iommu *unit;
	unsigned int n;

	for (n = 0; n < JAILHOUSE_MAX_IOMMU_UNITS; n++) {
		unit = &c->sys->platform_info.iommu_units[n];
		if (unit->type != 0)
			report(c, JH_CHECK_IOMMU_UNIT, "iommu unit", n,
			       unit->type);
	}
}

static void check_mmconfig(struct checker *c, const struct cell_view *root)
{
	const struct jailhouse_system *sys = c->sys;
	__u64 base = sys->platform_info.pci_mmconfig_base;
	__u64 size = (sys->platform_info.pci_mmconfig_end_bus + 1ULL) *
		JH_CHECK_ECAM_BUS_SIZE;
	const struct jailhouse_memory *m;
	__u32 n;

	if (!sys->platform_info.pci_is_virtual || base == 0)
		return;
	for (n = 0; n < root->n_mem; n++) {
		m = &root->mem[n];
		if (mem_is_placeholder(m) ||
		    !overlaps(base, size, m->virt_start, m->size))
			continue;
		report_other(c, JH_CHECK_PCI_MMCONFIG, "pci_mmconfig_base",
			     -1, base, "memory region", n, NULL,
			     m->virt_start, m->size);
	}
}

int jh_check_system(const void *buf, size_t len, struct jh_check_report *rep)
{
	const struct jailhouse_system *sys = buf;
	struct checker c = { .rep = rep, .found = 0, .sys = NULL };
	struct cell_view root;

	if (!check_header(&c, buf, len, sizeof(*sys),
			  JAILHOUSE_SYSTEM_SIGNATURE, "system configuration") ||
	    !check_size(&c, &sys->root_cell,
			sizeof(*sys) - sizeof(sys->root_cell), len)) {
		rep->unusable = 1;
		return c.found;
	}

	c.sys = sys;
	view_of(&sys->root_cell, &root);

	check_hv_memory(&c, &sys->hypervisor_memory);
	check_console_desc(&c, &sys->debug_console, "debug console");
	check_gic(&c, sys);
	check_iommu(&c);
	check_cell_alone(&c, &root, true);
	check_cpu_limit(&c);
	check_mmconfig(&c, &root);

	return c.found;
}

/* ---- a cell against the system and the other cells ---- */

/* end of the root region holding physical @addr, 0 if there is none */
static __u64 root_region_end(const struct cell_view *root, __u64 addr)
{
	const struct jailhouse_memory *rm;
	__u32 k;

	for (k = 0; k < root->n_mem; k++) {
		rm = &root->mem[k];
		if (mem_has_phys(rm) && contains(rm->phys_start, rm->size,
						 addr, 1))
			return range_end(rm->phys_start, rm->size);
	}
	return 0;
}

static void check_vs_root(struct checker *c, const struct cell_view *v,
			  const struct cell_view *root)
{
	const struct jailhouse_irqchip *chip;
	const struct jailhouse_memory *m;
	__u64 cpu, first_gap, covered_to, gicd = gicd_of(c->sys);
	unsigned int bit;
	__u32 n;

	if (names_equal(v->desc->name, root->desc->name))
		report_other(c, JH_CHECK_NAME_DUPLICATE, "name", -1, 0,
			     NULL, -1, root->name, 0, 0);

	for (cpu = 0; cpu < (__u64)v->cpu_bytes * 8; cpu++)
		if (cpu_isset(v, cpu) && !cpu_isset(root, cpu))
			report(c, JH_CHECK_CPU_NOT_IN_ROOT, "cpu", (int)cpu,
			       cpu);

	for (n = 0; n < v->n_mem; n++) {
		m = &v->mem[n];
		if (!mem_has_phys(m))
			continue;
		/* the union of the root's regions must cover the region */
		first_gap = m->phys_start;
		while (first_gap < range_end(m->phys_start, m->size)) {
			covered_to = root_region_end(root, first_gap);
			if (covered_to == 0)
				break;
			first_gap = covered_to;
		}
		if (first_gap < range_end(m->phys_start, m->size))
			report(c, JH_CHECK_MEM_NOT_IN_ROOT, "memory region", n,
			       first_gap);
	}

	for (n = 0; n < v->n_chips; n++) {
		chip = &v->chips[n];
		if (chip->address != gicd || chip->pin_base % 32 != 0 ||
		    (__u64)chip->pin_base + IRQS_PER_CHIP > 1024)
			continue;
		for (bit = 0; bit < IRQS_PER_CHIP; bit++) {
			if (!chip_irq_isset(chip, bit) ||
			    irq_owned(root, gicd, chip->pin_base + bit))
				continue;
			report(c, JH_CHECK_IRQ_NOT_IN_ROOT, "irqchip", n,
			       chip->pin_base + bit);
			break;
		}
	}
}

static bool desc_cpu_isset(const struct jailhouse_cell_desc *d, __u64 cpu)
{
	const __u8 *bits = (const __u8 *)d + sizeof(*d);

	if (cpu / 8 >= d->cpu_set_size)
		return false;
	return (bits[cpu / 8] >> (cpu % 8)) & 1;
}

/* the root keeps at least one CPU no cell (this or another) takes */
static void
check_root_keeps_cpu(struct checker *c, const struct cell_view *v,
		     const struct cell_view *root,
		     const struct jailhouse_cell_desc *const *others,
		     unsigned int n_others)
{
	__u64 cpu;
	unsigned int k;

	for (cpu = 0; cpu < (__u64)root->cpu_bytes * 8; cpu++) {
		if (!cpu_isset(root, cpu) || cpu_isset(v, cpu))
			continue;
		for (k = 0; k < n_others; k++)
			if (others[k] && others[k] != v->desc &&
			    desc_cpu_isset(others[k], cpu))
				break;
		if (k == n_others)
			return;
	}
	report(c, JH_CHECK_CPU_ROOT_LEFT_EMPTY, "cpu set", -1, 0);
}

/* the ivshmem device of @v at @bdf (a link's peers share the bdf) */
static const struct jailhouse_pci_device *
find_ivshmem(const struct cell_view *v, __u16 bdf, __u32 *index)
{
	__u32 n;

	for (n = 0; n < v->n_pci; n++) {
		if (v->pci[n].type == JAILHOUSE_PCI_TYPE_IVSHMEM &&
		    v->pci[n].bdf == bdf) {
			*index = n;
			return &v->pci[n];
		}
	}
	return NULL;
}

/*
 * Both ends of an ivshmem link must agree on its shape: peers, protocol,
 * distinct ids and every section's physical memory.  Which peer may write
 * which output section each end's own check has settled (dev_id against
 * the write flags).  Devices with unusable fields have had their finding.
 */
static void check_shmem_links(struct checker *c, const struct cell_view *v,
			      const struct cell_view *peer, bool peer_is_root)
{
	const struct jailhouse_pci_device *dev, *other;
	const struct jailhouse_memory *m, *om;
	__u32 n, k, i, r;

	for (n = 0; n < v->n_pci; n++) {
		dev = &v->pci[n];
		if (!ivshmem_usable(v, dev))
			continue;
		other = find_ivshmem(peer, dev->bdf, &k);
		if (!other || !ivshmem_usable(peer, other))
			continue;
		if (other->shmem_peers != dev->shmem_peers) {
			report_other(c, JH_CHECK_SHMEM_LINK_PEERS, "pci device",
				     n, dev->shmem_peers, "pci device", k,
				     peer->name, 0, 0);
			continue;
		}
		if (other->shmem_protocol != dev->shmem_protocol)
			report_other(c, JH_CHECK_SHMEM_LINK_PROTOCOL,
				     "pci device", n, dev->shmem_protocol,
				     "pci device", k, peer->name, 0, 0);
		if (other->shmem_dev_id == dev->shmem_dev_id)
			report_other(c, JH_CHECK_SHMEM_LINK_ID, "pci device",
				     n, dev->shmem_dev_id, "pci device", k,
				     peer->name, 0, 0);
		for (i = 0; i < 2u + dev->shmem_peers; i++) {
			r = dev->shmem_regions_start + i;
			m = &v->mem[r];
			om = &peer->mem[other->shmem_regions_start + i];
			if (m->size != om->size ||
			    (m->size && m->phys_start != om->phys_start))
				report_other(c, JH_CHECK_SHMEM_LINK_MEMORY,
					     "pci device", n, r, "pci device",
					     k, peer->name, om->phys_start,
					     om->size);
			/* without the flag, cell create unmaps it from root */
			if (peer_is_root && m->size &&
			    !(m->flags & JAILHOUSE_MEM_ROOTSHARED))
				report(c, JH_CHECK_SHMEM_ROOTSHARED,
				       "pci device", n, r);
		}
	}
}

static void check_vs_other(struct checker *c, const struct cell_view *v,
			   const struct cell_view *o)
{
	const struct jailhouse_memory *m, *om;
	const struct jailhouse_irqchip *chip;
	__u64 cpu, gicd = gicd_of(c->sys);
	unsigned int bit;
	__u32 n, k;

	if (names_equal(v->desc->name, o->desc->name))
		report_other(c, JH_CHECK_NAME_DUPLICATE, "name", -1, 0,
			     NULL, -1, o->name, 0, 0);

	for (cpu = 0; cpu < (__u64)v->cpu_bytes * 8; cpu++)
		if (cpu_isset(v, cpu) && cpu_isset(o, cpu))
			report_other(c, JH_CHECK_CPU_CONFLICT, "cpu", (int)cpu,
				     cpu, NULL, -1, o->name, 0, 0);

	for (n = 0; n < v->n_mem; n++) {
		m = &v->mem[n];
		if (!mem_has_phys(m))
			continue;
		for (k = 0; k < o->n_mem; k++) {
			om = &o->mem[k];
			if (!mem_has_phys(om) ||
			    !overlaps(m->phys_start, m->size, om->phys_start,
				      om->size))
				continue;
			if ((m->flags & JAILHOUSE_MEM_ROOTSHARED) &&
			    (om->flags & JAILHOUSE_MEM_ROOTSHARED))
				continue;
			report_other(c, JH_CHECK_MEM_CELL_CONFLICT,
				     "memory region", n, 0, "memory region", k,
				     o->name, om->phys_start, om->size);
			break;
		}
	}

	for (n = 0; n < v->n_chips; n++) {
		chip = &v->chips[n];
		if (chip->address != gicd)
			continue;
		for (bit = 0; bit < IRQS_PER_CHIP; bit++) {
			if (!chip_irq_isset(chip, bit) ||
			    !irq_owned(o, gicd, (__u64)chip->pin_base + bit))
				continue;
			report_other(c, JH_CHECK_IRQ_CONFLICT, "irqchip", n,
				     (__u64)chip->pin_base + bit, NULL, -1,
				     o->name, 0, 0);
			break;
		}
	}

	check_shmem_links(c, v, o, false);
}

int jh_check_cell(const void *buf, size_t len,
		  const struct jailhouse_system *sys,
		  const struct jailhouse_cell_desc *const *others,
		  unsigned int n_others, struct jh_check_report *rep)
{
	const struct jailhouse_cell_desc *d = buf;
	struct checker c = { .rep = rep, .found = 0, .sys = sys };
	struct cell_view v, other;
	unsigned int k;

	if (!check_header(&c, buf, len, sizeof(*d),
			  JAILHOUSE_CELL_DESC_SIGNATURE,
			  "cell configuration") ||
	    !check_size(&c, d, 0, len)) {
		rep->unusable = 1;
		return c.found;
	}

	view_of(d, &v);
	check_cell_alone(&c, &v, false);

	if (sys) {
		view_of(&sys->root_cell, &other);
		check_vs_root(&c, &v, &other);
		check_root_keeps_cpu(&c, &v, &other, others, n_others);
		check_shmem_links(&c, &v, &other, true);
	}
	for (k = 0; k < n_others; k++) {
		if (!others[k] || others[k] == d)
			continue;
		view_of(others[k], &other);
		check_vs_other(&c, &v, &other);
	}

	return c.found;
}

/* ---- messages ---- */

const char *jh_check_code_str(enum jh_check_code code)
{
	if ((unsigned int)code >= JH_CHECK_NUM_CODES)
		return "unknown problem";
	return code_info[code].text;
}

bool jh_check_code_is_warning(enum jh_check_code code)
{
	return code == JH_CHECK_CPU_LIMIT || code == JH_CHECK_MEM_DMA ||
		code == JH_CHECK_MEM_DEBUG_UART_SHARED;
}

const char *jh_check_code_name(enum jh_check_code code)
{
	if ((unsigned int)code >= JH_CHECK_NUM_CODES)
		return "UNKNOWN";
	return code_info[code].name;
}

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put_char(struct out *o, char ch)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = ch;
	o->len++;
}

static void put_str(struct out *o, const char *s)
{
	while (*s)
		put_char(o, *s++);
}

static void put_num(struct out *o, unsigned long long val, unsigned int base)
{
	char digits[24];
	unsigned int n = 0;

	if (base == 16)
		put_str(o, "0x");
	do {
		digits[n++] = "0123456789abcdef"[val % base];
		val /= base;
	} while (val);
	while (n)
		put_char(o, digits[--n]);
}

size_t jh_format_finding(char *buf, size_t size, const struct jh_finding *f)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };
	const char *text = jh_check_code_str(f->code);

	put_str(&o, f->what ? f->what : "config");
	if (f->index >= 0) {
		put_char(&o, ' ');
		put_num(&o, f->index, 10);
	}
	put_str(&o, ": ");
	for (; *text; text++) {
		if (text[0] == '%' && (text[1] == 'd' || text[1] == 'x')) {
			put_num(&o, f->value, text[1] == 'd' ? 10 : 16);
			text++;
		} else {
			put_char(&o, *text);
		}
	}
	if (f->other) {
		put_char(&o, ' ');
		put_str(&o, f->other);
		if (f->other_index >= 0) {
			put_char(&o, ' ');
			put_num(&o, f->other_index, 10);
		}
		if (f->other_cell)
			put_str(&o, " of");
	}
	if (f->other_cell) {
		put_str(&o, " cell \"");
		put_str(&o, f->other_cell);
		put_char(&o, '"');
	}
	if (f->end > f->start) {
		put_str(&o, " (");
		put_num(&o, f->start, 16);
		put_str(&o, "..");
		put_num(&o, f->end, 16);
		put_char(&o, ')');
	}
	if (size)
		o.buf[o.len < size ? o.len : size - 1] = 0;
	return o.len;
}
