// SPDX-License-Identifier: GPL-2.0
/*
 * Enable and disable: global init on the first CPU, per-CPU EL2 setup,
 * the rendezvous of all CPUs, and the way back to Linux's hyp stub.
 */
#include <asm/arm64.h>
#include <hv/control.h>
#include <hv/printk.h>
#include <hv/uart.h>
#include <hv/lib.h>
#include <jailhouse/fw-header.h>

#define HV_VERSION		"v0.1"
#define REMAP_POOL_PAGES	1024

extern const struct jailhouse_fw_header fw_header;

_Static_assert(offsetof(struct per_cpu, saved_x18) == PC_SAVED_X18,
	       "per_cpu layout");
_Static_assert(offsetof(struct per_cpu, stub_vbar) == PC_STUB_VBAR,
	       "per_cpu layout");
_Static_assert(offsetof(struct per_cpu, stub_sp) == PC_STUB_SP,
	       "per_cpu layout");
_Static_assert(sizeof(struct per_cpu) <= PERCPU_SIZE - PERCPU_STACK_MIN,
	       "per_cpu too big");
_Static_assert(sizeof(struct trap_frame) == FRAME_SIZE, "frame layout");
_Static_assert(HV_MAX_CPUS == HV_MAX_CPUS_ASM, "CPU limit");
_Static_assert(PERCPU_SIZE % PAGE_SIZE == 0, "per-CPU areas in pages");

/* what entry.S reads of the system configuration */
#define SYSCFG_COUNT(field, n)						\
	_Static_assert(offsetof(struct jailhouse_system, root_cell.field) == \
		       SYSCFG_COUNTS + 4 * (n), "system config layout")
_Static_assert(offsetof(struct jailhouse_system, hypervisor_memory.size) ==
	       SYSCFG_HV_SIZE, "system config layout");
_Static_assert(sizeof(struct jailhouse_system) == SYSCFG_SIZE,
	       "system config layout");
SYSCFG_COUNT(cpu_set_size, 0);
SYSCFG_COUNT(num_memory_regions, 1);
SYSCFG_COUNT(num_cache_regions, 2);
SYSCFG_COUNT(num_irqchips, 3);
SYSCFG_COUNT(num_pio_regions, 4);
SYSCFG_COUNT(num_pci_devices, 5);
SYSCFG_COUNT(num_pci_caps, 6);
SYSCFG_COUNT(num_stream_ids, 7);
_Static_assert(sizeof(struct jailhouse_memory) == SYSCFG_ELEM_MEM &&
	       sizeof(struct jailhouse_cache) == SYSCFG_ELEM_CACHE &&
	       sizeof(struct jailhouse_irqchip) == SYSCFG_ELEM_IRQCHIP &&
	       sizeof(struct jailhouse_pio) == SYSCFG_ELEM_PIO &&
	       sizeof(struct jailhouse_pci_device) == SYSCFG_ELEM_PCI &&
	       sizeof(struct jailhouse_pci_capability) ==
	       SYSCFG_ELEM_PCI_CAP &&
	       sizeof(union jailhouse_stream_id) == SYSCFG_ELEM_STREAM_ID,
	       "system config element sizes");

volatile u32 hv_shutting_down;

static volatile u32 global_init_done;
static volatile int global_error;
/* also used by entry.S, also for CPUs without a per-CPU area */
volatile u32 hv_cpus_ready;
volatile int hv_cpu_error;
/* entry.S: CPUs in; highest id + 1 of those with / without an area */
volatile u32 hv_cpus_entered;
volatile u32 hv_cpu_slots_used;
volatile u32 hv_cpu_overflow;
static unsigned int cpus_expected;
/* end of hypervisor memory: CPU n's area is the (n + 1)th below it */
static unsigned long percpu_end;
static struct uart_chip debug_uart;
static unsigned long pool_bitmap[PAGE_POOL_BITMAP_LONGS(1UL << 18)];
static spinlock_t shutdown_lock;

struct paging_structures hv_paging;

struct per_cpu *per_cpu(unsigned int cpu)
{
	return (struct per_cpu *)(percpu_end -
				  (unsigned long)(cpu + 1) * PERCPU_SIZE);
}

/* a walk of @cell's CPUs, not of all CPU ids */
struct per_cpu *cpu_by_mpidr(const struct cell *cell, u64 mpidr)
{
	unsigned int cpu;

	mpidr &= MPIDR_AFF_MASK;
	for_each_cpu(cpu, &cell->cpus)
		if (cpu_info[cpu].cell == cell &&
		    cpu_info[cpu].arch_id == mpidr)
			return per_cpu(cpu);
	return NULL;
}

/* bytes of the system configuration, in 64 bits: its counts are u32 */
static u64 system_config_bytes(const struct jailhouse_system *sys)
{
	const struct jailhouse_cell_desc *c = &sys->root_cell;

	return sizeof(*sys) + (u64)c->cpu_set_size +
		(u64)c->num_memory_regions * sizeof(struct jailhouse_memory) +
		(u64)c->num_cache_regions * sizeof(struct jailhouse_cache) +
		(u64)c->num_irqchips * sizeof(struct jailhouse_irqchip) +
		(u64)c->num_pio_regions * sizeof(struct jailhouse_pio) +
		(u64)c->num_pci_devices * sizeof(struct jailhouse_pci_device) +
		(u64)c->num_pci_caps *
			sizeof(struct jailhouse_pci_capability) +
		(u64)c->num_stream_ids * sizeof(union jailhouse_stream_id);
}

static int map_device(u64 addr, u64 size)
{
	u64 start = addr & PAGE_MASK, end = PAGE_ALIGN(addr + size);
	int err;

	err = paging_create(&hv_paging, start, end - start, start,
			    PAGE_FLAG_RW | PAGE_FLAG_DEVICE, PAGING_HUGE);
	if (!err)
		remap_pool.used += (end - start) / PAGE_SIZE;
	return err;
}

static void switch_to_hv_tables(void)
{
	dsb(ishst);
	arch_switch_ttbr0(hv_paging.root_phys);
}

static void wait_for(volatile u32 *var, u32 value)
{
	while (__atomic_load_n(var, __ATOMIC_ACQUIRE) != value)
		arch_cpu_relax();
}

/*
 * Where the per-CPU areas of @slots CPU ids begin (they end at the end of
 * hypervisor memory), or 0 if they do not fit above @pool_start.
 */
static u64 percpu_start(u64 hv_end, u64 hv_size, u64 pool_start,
			unsigned int slots)
{
	u64 bytes = (u64)slots * PERCPU_SIZE;

	/* at least one page of page pool between them */
	if (bytes > hv_size || hv_end - bytes <= pool_start)
		return 0;
	return hv_end - bytes;
}

static int hv_global_init(u64 phys_base)
{
	const struct jailhouse_system *config;
	const struct jailhouse_memory *hv_mem;
	void *parking_table;
	u64 core_size = fw_header.core_size, config_size, pool_start;
	u64 hv_end, pool_end;
	unsigned int span, slots;
	unsigned long pages;
	int err;

	config = (const struct jailhouse_system *)(phys_base + core_size);

	/* the ring works before anything else: the driver shows it on errors */
	console_set_ring((struct jailhouse_fw_console *)hv_console_ring,
			 hv_console_ring_end - hv_console_ring);

	/*
	 * Every CPU has written its per-CPU area by now (or found it does
	 * not fit and wrote nothing): nothing but us touches hypervisor
	 * memory any more, the page pool may start.
	 */
	wait_for(&hv_cpus_entered, cpus_expected);

	/* minimal sanity before we trust sizes from the config */
	if (memcmp(config->signature, JAILHOUSE_SYSTEM_SIGNATURE,
		   JAILHOUSE_SIGNATURE_LEN) ||
	    config->revision != JAILHOUSE_CONFIG_REVISION) {
		printk("No system configuration of revision %u at 0x%llx\n",
		       JAILHOUSE_CONFIG_REVISION, phys_base + core_size);
		return -EINVAL;
	}
	hv_mem = &config->hypervisor_memory;
	if (hv_mem->phys_start != phys_base || hv_mem->size > (1UL << 30) ||
	    hv_mem->size <= core_size + sizeof(*config)) {
		printk("Hypervisor memory 0x%llx+0x%llx does not fit the image at 0x%llx\n",
		       hv_mem->phys_start, hv_mem->size, phys_base);
		return -EINVAL;
	}
	if (hv_mem->size & PAGE_OFFS_MASK) {
		printk("Hypervisor memory size 0x%llx is not page aligned\n",
		       hv_mem->size);
		return -EINVAL;
	}
	if ((phys_base >> 30) != ((phys_base + hv_mem->size - 1) >> 30)) {
		printk("Hypervisor memory must not cross a 1 GiB boundary\n");
		return -EINVAL;
	}
	config_size = system_config_bytes(config);
	if (config_size > hv_mem->size - core_size) {
		printk("System configuration does not fit hypervisor memory\n");
		return -EINVAL;
	}
	system_config = config;
	hv_end = phys_base + hv_mem->size;
	pool_start = PAGE_ALIGN(phys_base + core_size + config_size);

	/*
	 * Per-CPU areas: one for every CPU id up to the highest of the root
	 * cell and of the CPUs that entered, at the end of hypervisor
	 * memory; the page pool gets what lies between them and the config.
	 */
	if (hv_cpu_overflow > HV_MAX_CPUS) {
		printk("CPU %u entered, the firmware supports CPU ids below %u\n",
		       hv_cpu_overflow - 1, HV_MAX_CPUS);
		return -EINVAL;
	}
	span = cell_cpu_span(&config->root_cell);
	if (span > HV_MAX_CPUS) {
		printk("Root cell has CPU %u, the firmware supports CPU ids below %u\n",
		       span - 1, HV_MAX_CPUS);
		return -EINVAL;
	}
	slots = MAX(MAX(span, hv_cpu_slots_used), hv_cpu_overflow);
	pool_end = percpu_start(hv_end, hv_mem->size, pool_start, slots);
	if (hv_cpu_overflow || !pool_end) {
		printk("Hypervisor memory 0x%llx+0x%llx is too small for %u CPUs: their per-CPU data (%u x %u KiB) and a page pool do not fit above the image and configuration (0x%llx bytes)\n",
		       phys_base, hv_mem->size, slots, slots,
		       PERCPU_SIZE / 1024, pool_start - phys_base);
		return -EINVAL;
	}

	pages = (pool_end - pool_start) / PAGE_SIZE;
	if (pages > ARRAY_SIZE(pool_bitmap) * 64)
		pages = ARRAY_SIZE(pool_bitmap) * 64;
	page_pool_init(&mem_pool, "mem", (void *)pool_start, pool_start,
		       pages, pool_bitmap);
	remap_pool.pages = REMAP_POOL_PAGES;
	remap_pool.used = 0;
	err = cpu_info_init(slots);
	if (err)
		return err;

	/* EL2 address space: hypervisor memory and the devices we touch */
	arch_paging_formats_init(read_sysreg(id_aa64mmfr0_el1) & 0xf);
	err = paging_init(&hv_paging, &arch_hyp_paging_format, &mem_pool);
	if (err)
		return err;
	err = paging_create(&hv_paging, phys_base, PAGE_ALIGN(hv_mem->size),
			    phys_base, PAGE_FLAG_RW | PAGE_FLAG_EXEC,
			    PAGING_HUGE);
	if (err)
		return err;
	if (config->debug_console.type != JAILHOUSE_CON_TYPE_NONE &&
	    CON_IS_MMIO(config->debug_console.flags) &&
	    config->debug_console.address) {
		err = map_device(config->debug_console.address,
				 MAX(config->debug_console.size, 0x1000U));
		if (err)
			return err;
	}
	err = gic_map_hyp();
	if (err)
		return err;
	switch_to_hv_tables();
	hv_paging.invalidate = arch_flush_hyp_tlb;

	if (CON_IS_MMIO(config->debug_console.flags) &&
	    config->debug_console.address &&
	    uart_setup(&debug_uart, config->debug_console.type,
		       config->debug_console.flags,
		       (void *)(unsigned long)config->debug_console.address,
		       config->debug_console.divider))
		console_set_uart(&debug_uart);

	printk("\nInitializing Jailhouse hypervisor %s on CPU %u\n",
	       HV_VERSION, this_cpu()->cpu_id);
	printk("Code location: 0x%llx\n", phys_base);
	printk("Per-CPU data: %u CPU slots of %u KiB at 0x%llx, page pool 0x%llx (%lu pages)\n",
	       slots, PERCPU_SIZE / 1024, pool_end, pool_start, pages);

	err = config_validate(config, config_size);
	if (err) {
		printk("Invalid system configuration\n");
		return err;
	}

	err = gic_global_init();
	if (err)
		return err;

	err = root_cell_init();
	if (err) {
		printk("Root cell setup failed (%d)\n", err);
		return err;
	}
	/*
	 * The console ring (and nothing else of hypervisor memory) is
	 * readable by the root cell, for "jailhouse console".
	 */
	err = paging_create(&root_cell.stage2, (unsigned long)hv_console_ring,
			    hv_console_ring_end - hv_console_ring,
			    (unsigned long)hv_console_ring, PAGE_FLAG_READ,
			    PAGING_NON_HUGE);
	if (err)
		return err;
	if (cpu_set_weight(&root_cell.cpus) != cpus_expected) {
		printk("Root cell has %u CPUs, but %u CPUs entered\n",
		       cpu_set_weight(&root_cell.cpus), cpus_expected);
		return -EINVAL;
	}

	parking_table = page_alloc(&mem_pool, 1);
	if (!parking_table)
		return -ENOMEM;
	hv_parking_vttbr = page_pool_virt2phys(&mem_pool, parking_table);

	printk("Page pool usage after early setup: mem %lu/%lu, remap %lu/%lu\n",
	       mem_pool.used, mem_pool.pages, remap_pool.used,
	       remap_pool.pages);
	printk("Initializing processors:\n");
	return 0;
}

static int cpu_init(struct per_cpu *pc)
{
	struct cpu_info *info;
	int err;

	switch_to_hv_tables();

	/* below num_cpu_slots: slots cover every CPU that entered */
	if (!cpu_set_test(&root_cell.cpus, pc->cpu_id)) {
		printk(" CPU %u is not in the root cell\n", pc->cpu_id);
		return -EINVAL;
	}
	info = &cpu_info[pc->cpu_id];

	info->id = pc->cpu_id;
	info->arch_id = pc->mpidr;
	info->state = JAILHOUSE_CPU_RUNNING;
	info->online = true;
	pc->info = info;
	pc->psci_state = CPU_PSCI_ON;
	pc->stub_vtcr = read_sysreg(vtcr_el2);
	pc->stub_vttbr = read_sysreg(vttbr_el2);
	pc->stub_mdcr = read_sysreg(mdcr_el2);
	pc->stub_cptr = read_sysreg(cptr_el2);

	err = gic_cpu_init(pc);
#ifdef HV_DEBUG_FAIL_CPU
	/* test hook: let one CPU fail after its GIC was taken over */
	if (!err && pc->cpu_id == HV_DEBUG_FAIL_CPU)
		err = -EIO;
#endif
	if (err) {
		printk(" CPU %u... GIC setup failed (%d)\n", pc->cpu_id, err);
		return err;
	}

	write_sysreg(hyp_vectors, vbar_el2);
	write_sysreg(hv_vtcr, vtcr_el2);
	write_sysreg(root_cell.stage2.root_phys | ((u64)root_cell.vmid << 48),
		     vttbr_el2);
	isb();
	write_sysreg(sysreg_trap_hcr(pc->stub_hcr | HCR_VM | HCR_IMO |
				     HCR_FMO | HCR_TSC | HCR_RW), hcr_el2);
	isb();
	sysreg_traps_init(pc);
	asm volatile("tlbi alle1is\n\tdsb ish\n\tisb" : : : "memory");

	/* publish cell membership last: PSCI and SGI lookups use it */
	info->cell = &root_cell;
	printk(" CPU %u... OK\n", pc->cpu_id);
	return 0;
}

/* undo cpu_init, as far as it got; the caller then leaves with el2_exit */
void arch_cpu_restore(struct per_cpu *pc)
{
	gic_cpu_shutdown(pc);

	write_sysreg(pc->stub_hcr, hcr_el2);
	isb();
	if (pc->stub_cptr) {
		write_sysreg(pc->stub_mdcr, mdcr_el2);
		write_sysreg(pc->stub_cptr, cptr_el2);
	}
	write_sysreg(pc->stub_vttbr, vttbr_el2);
	write_sysreg(pc->stub_vtcr, vtcr_el2);
	write_sysreg(pc->stub_vbar, vbar_el2);
	isb();
	asm volatile("tlbi alle1is\n\tdsb ish\n\tisb" : : : "memory");
}

/* return to the EL1 caller described by @frame with x0 = @result, EL2 off */
void __noreturn arch_cpu_leave(struct trap_frame *frame, long result)
{
	struct per_cpu *pc = this_cpu();

	frame->x[0] = result;
	frame->extra = pc->stub_sctlr;
	el2_exit(frame);
}

static void frame_from_entry(struct per_cpu *pc, struct trap_frame *frame)
{
	unsigned int n;

	memset(frame, 0, sizeof(*frame));
	for (n = 0; n < 11; n++)
		frame->x[19 + n] = pc->saved_regs[n];
	frame->x[30] = pc->saved_regs[11];
	frame->x[18] = pc->saved_x18;
	frame->elr = read_sysreg(elr_el2);
	frame->spsr = read_sysreg(spsr_el2);
}

void __noreturn arch_entry_c(struct per_cpu *pc, unsigned int cpu_id,
			     unsigned int num_cpus, u64 phys_base, bool first)
{
	struct trap_frame frame;
	int err;

	pc->cpu_id = cpu_id;
	pc->mpidr = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	frame_from_entry(pc, &frame);

	if (first) {
		cpus_expected = num_cpus;
		percpu_end = (unsigned long)pc +
			(unsigned long)(cpu_id + 1) * PERCPU_SIZE;
		global_error = hv_global_init(phys_base);
		__atomic_store_n(&global_init_done, 1, __ATOMIC_RELEASE);
	} else {
		wait_for(&global_init_done, 1);
	}

	err = global_error;
	if (!err) {
		err = cpu_init(pc);
		if (err)
			__atomic_store_n(&hv_cpu_error, err, __ATOMIC_RELEASE);
	}
	__atomic_fetch_add(&hv_cpus_ready, 1, __ATOMIC_ACQ_REL);
	wait_for(&hv_cpus_ready, num_cpus);

	if (!err)
		err = hv_cpu_error;
	if (err) {
		if (first)
			printk("Hypervisor activation failed (%d)\n", err);
		if (first && global_error && !mem_pool.pages)
			printk("(no page pool: early configuration error)\n");
		else if (first && global_error == -ENOMEM)
			printk("Page pool (%lu pages) exhausted: hypervisor memory too small\n",
			       mem_pool.pages);
		if (!global_error)
			arch_cpu_restore(pc);
		else
			write_sysreg(pc->stub_vbar, vbar_el2);
		arch_cpu_leave(&frame, err);
	}

	if (first)
		printk("Activating hypervisor\n");
	frame.x[0] = 0;
	vm_return(&frame);
}

/* JAILHOUSE_HC_DISABLE accepted: this CPU leaves the hypervisor */
void __noreturn arch_shutdown_cpu(struct trap_frame *frame)
{
	struct per_cpu *pc = this_cpu();
	bool first = false;

	spin_lock(&shutdown_lock);
	if (!hv_shutting_down) {
		hv_shutting_down = 1;
		first = true;
	}
	spin_unlock(&shutdown_lock);

	if (first) {
		printk("Shutting down hypervisor\n");
		sev();
		psci_wait_parked_off();
	}

	pc->info->state = JAILHOUSE_CPU_RUNNING;
	arch_cpu_restore(pc);
	arch_cpu_leave(frame, 0);
}

int arch_cell_init(struct cell *cell)
{
	cell->vmid = cell->id + 1;
	return gic_cell_init(cell);
}
