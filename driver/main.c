// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse.ko: lifts the partitioning hypervisor under the running Linux,
 * which then continues as the root cell, and takes it down again.
 *
 * The firmware is started through Linux's hyp stub (see
 * include/jailhouse/fw-header.h); once it runs, it is talked to with the
 * Jailhouse hypercalls.  User space drives everything through the
 * /dev/jailhouse ioctls of include/jailhouse/ioctl.h.
 */
#define pr_fmt(fmt) "jailhouse: " fmt

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/firmware.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pfn.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/barrier.h>
#include <asm/sysreg.h>
#include <asm/virt.h>

#include <jailhouse/cell-config.h>
#include <jailhouse/fw-header.h>
#include <jailhouse/hypercall.h>
#include <jailhouse/ioctl.h>

#include "hypercall-arm64.h"
#include "jh-driver.h"

#include <jailhouse/config-check.h>

/* upper bound for a system configuration copied from user space */
#define JAILHOUSE_MAX_CONFIG_SIZE	(1024 * 1024)

struct jailhouse_state jailhouse = {
	.lock = __MUTEX_INITIALIZER(jailhouse.lock),
	.cells = LIST_HEAD_INIT(jailhouse.cells),
	.hv_sem = __RWSEM_INITIALIZER(jailhouse.hv_sem),
};

/* what every CPU needs for entering or leaving the hypervisor */
struct jailhouse_cpu_call {
	unsigned long entry;
	phys_addr_t hv_phys;
	unsigned int num_cpus;
	/* CPUs the call must run on, checked again with hotplug locked */
	const struct cpumask *expected;
	int *result;
};

/*
 * Soft restart through the hyp stub: branches to @entry at EL2 with the MMU
 * off.  The firmware returns with eret and keeps only x19..x29 and sp; x18
 * and the link register are saved on the (preserved) stack by hand so that
 * nothing depends on how the compiler treats them.
 */
static noinline long jailhouse_soft_restart(unsigned long entry,
					    unsigned long cpu,
					    unsigned long num_cpus,
					    unsigned long hv_phys)
{
	register unsigned long x0 asm("x0") = HVC_SOFT_RESTART;
	register unsigned long x1 asm("x1") = entry;
	register unsigned long x2 asm("x2") = cpu;
	register unsigned long x3 asm("x3") = num_cpus;
	register unsigned long x4 asm("x4") = hv_phys;

	asm volatile("stp	x18, x30, [sp, #-16]!\n\t"
		     "hvc	#0\n\t"
		     "ldp	x18, x30, [sp], #16"
		     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3), "+r" (x4)
		     :
		     : "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
		       "x13", "x14", "x15", "x16", "x17", "cc", "memory");
	return (long)x0;
}

/* runs on every online CPU at once, from stop_machine() */
static int jailhouse_enter_cpu(void *data)
{
	struct jailhouse_cpu_call *call = data;
	unsigned int cpu = smp_processor_id();
	long err;

	/* hotplug is locked now: the set seen here is final */
	if (!cpumask_equal(cpu_online_mask, call->expected)) {
		call->result[cpu] = -EAGAIN;
		return -EAGAIN;
	}

	err = jailhouse_soft_restart(call->entry, cpu, call->num_cpus,
				     call->hv_phys);
	call->result[cpu] = (int)err;
	return err ? -EIO : 0;
}

static int jailhouse_leave_cpu(void *data)
{
	struct jailhouse_cpu_call *call = data;
	unsigned int cpu = smp_processor_id();
	long err;

	/*
	 * Every CPU the hypervisor runs on must take part.  A CPU outside
	 * of it must never see this call: code 0 means HVC_SET_VECTORS to
	 * Linux's hyp stub.
	 */
	if (!cpumask_equal(cpu_online_mask, call->expected)) {
		call->result[cpu] = -EAGAIN;
		return -EAGAIN;
	}

	err = (long)jailhouse_hvc(JAILHOUSE_HC_DISABLE, 0, 0);
	call->result[cpu] = (int)err;
	return err ? -EIO : 0;
}

/*
 * Clean (and invalidate) the data cache by virtual address to the point of
 * coherency, so that the firmware, starting with its MMU and caches off,
 * sees what was written through the cacheable mapping.  DC CIVAC rather
 * than DC CVAC: it cleans just as well and is what the kernel itself falls
 * back to on Cortex-A53 revisions whose DC CVAC is unreliable.
 */
void jailhouse_clean_dcache_poc(void *addr, size_t size)
{
	unsigned long line = 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	unsigned long pos = (unsigned long)addr & ~(line - 1);
	unsigned long end = (unsigned long)addr + size;

	for (; pos < end; pos += line)
		asm volatile("dc civac, %0" : : "r" (pos) : "memory");
	dsb(sy);
	/* the firmware may run with its instruction cache on early */
	asm volatile("ic ialluis" : : : "memory");
	dsb(ish);
	isb();
}

/*
 * Size of a system configuration from its header, computed in 64 bits so
 * that hostile counts cannot wrap around.
 */
static u64 jailhouse_config_size(const struct jailhouse_system *sys)
{
	const struct jailhouse_cell_desc *cell = &sys->root_cell;

	return (u64)sizeof(*sys) + cell->cpu_set_size +
		(u64)cell->num_memory_regions * sizeof(struct jailhouse_memory) +
		(u64)cell->num_cache_regions * sizeof(struct jailhouse_cache) +
		(u64)cell->num_irqchips * sizeof(struct jailhouse_irqchip) +
		(u64)cell->num_pio_regions * sizeof(struct jailhouse_pio) +
		(u64)cell->num_pci_devices *
			sizeof(struct jailhouse_pci_device) +
		(u64)cell->num_pci_caps *
			sizeof(struct jailhouse_pci_capability) +
		(u64)cell->num_stream_ids * sizeof(union jailhouse_stream_id);
}

static int jailhouse_check_header(const struct jailhouse_system *sys)
{
	if (memcmp(sys->signature, JAILHOUSE_SYSTEM_SIGNATURE,
		   JAILHOUSE_SIGNATURE_LEN) != 0) {
		pr_err("not a system configuration (bad signature)\n");
		return -EINVAL;
	}
	if (sys->revision != JAILHOUSE_CONFIG_REVISION) {
		pr_err("configuration revision %u, expected %u\n",
		       sys->revision, JAILHOUSE_CONFIG_REVISION);
		return -EINVAL;
	}
	if (sys->architecture != JAILHOUSE_ARM64) {
		pr_err("configuration is for architecture %u, not arm64 (%u)\n",
		       sys->architecture, JAILHOUSE_ARM64);
		return -EINVAL;
	}
	return 0;
}

static void jailhouse_config_finding(void *ctx, const struct jh_finding *f)
{
	char line[192];

	jh_format_finding(line, sizeof(line), f);
	if (f->warning)
		pr_warn("config: %s\n", line);
	else
		pr_err("config: %s\n", line);
}

/* the shared checker, the same code the firmware and the tools run */
static int jailhouse_validate_config(const void *buf, size_t size)
{
	struct jh_check_report report = {
		.finding = jailhouse_config_finding,
	};

	if (jh_check_system(buf, size, &report) != 0 || report.unusable) {
		pr_err("system configuration rejected (%u problem%s)\n",
		       report.count, report.count == 1 ? "" : "s");
		return -EINVAL;
	}
	return 0;
}

/*
 * The hypervisor memory must not be RAM the kernel may hand out.  Memory
 * outside the kernel's map (mem=, no-map reserved-memory) is fine, and so
 * is mapped memory set aside at boot (a reserved-memory node without
 * no-map), whose pages stay reserved.
 */
static int jailhouse_check_hv_memory(phys_addr_t phys, u64 size)
{
	unsigned long pfn = PHYS_PFN(phys);
	unsigned long end = PHYS_PFN(phys + size);

	for (; pfn < end; pfn++) {
		if (pfn_is_map_memory(pfn) && !PageReserved(pfn_to_page(pfn))) {
			pr_err("hypervisor_memory 0x%llx+0x%llx includes RAM Linux uses (at 0x%llx): limit Linux with mem= or reserve the range\n",
			       (u64)phys, size, (u64)PFN_PHYS(pfn));
			return -EINVAL;
		}
	}
	return 0;
}

static int jailhouse_cpu_set_to_mask(const struct jailhouse_system *sys,
				     struct cpumask *mask)
{
	const u8 *set = (const u8 *)jailhouse_cell_cpu_set(&sys->root_cell);
	unsigned int bytes = sys->root_cell.cpu_set_size;
	unsigned int cpu, missing = 0, extra = 0;

	cpumask_clear(mask);
	for (cpu = 0; cpu < bytes * 8; cpu++) {
		if (!(set[cpu / 8] & (1U << (cpu % 8))))
			continue;
		if (cpu >= nr_cpu_ids || !cpu_online(cpu)) {
			pr_err("CPU %u is in the root cell configuration but not online\n",
			       cpu);
			missing++;
			continue;
		}
		cpumask_set_cpu(cpu, mask);
	}
	for_each_online_cpu(cpu) {
		if (!cpumask_test_cpu(cpu, mask)) {
			pr_err("CPU %u is online but not in the root cell configuration\n",
			       cpu);
			extra++;
		}
	}
	if (missing || extra) {
		pr_err("the online CPUs must match the root cell's CPU set exactly (bring CPUs on/offline first)\n");
		return -EINVAL;
	}
	return 0;
}

static int jailhouse_check_firmware(const struct firmware *fw,
				    const struct jailhouse_fw_header *hdr,
				    u64 config_size, phys_addr_t hv_phys,
				    u64 hv_size, const struct cpumask *cpus)
{
	unsigned int last = cpumask_last(cpus), slots = last + 1;
	u64 fixed, percpu;

	if (fw->size < sizeof(*hdr) ||
	    memcmp(hdr->signature, JAILHOUSE_FW_SIGNATURE,
		   sizeof(hdr->signature)) != 0) {
		pr_err("%s: not a hypervisor image (bad signature)\n",
		       JAILHOUSE_FW_NAME);
		return -ENOEXEC;
	}
	if (hdr->abi_version != JAILHOUSE_FW_ABI_VERSION) {
		pr_err("%s: firmware ABI version %u, driver expects %u\n",
		       JAILHOUSE_FW_NAME, hdr->abi_version,
		       JAILHOUSE_FW_ABI_VERSION);
		return -ENOEXEC;
	}
	if (hdr->image_size < sizeof(*hdr) || hdr->image_size > fw->size ||
	    hdr->image_size > hdr->core_size ||
	    !PAGE_ALIGNED(hdr->core_size) ||
	    hdr->entry_offset >= hdr->image_size ||
	    (hdr->entry_offset & 3) ||
	    !hdr->percpu_size || !PAGE_ALIGNED(hdr->percpu_size) ||
	    hdr->percpu_size > SZ_1M) {
		pr_err("%s: inconsistent header (file %zu, image %llu, core %llu, entry 0x%llx, per-CPU %llu bytes)\n",
		       JAILHOUSE_FW_NAME, fw->size, hdr->image_size,
		       hdr->core_size, hdr->entry_offset, hdr->percpu_size);
		return -ENOEXEC;
	}
	if (hdr->core_size > hv_size || config_size > hv_size - hdr->core_size) {
		pr_err("%s: firmware (%llu bytes) plus configuration (%llu bytes) do not fit into hypervisor_memory (%llu bytes)\n",
		       JAILHOUSE_FW_NAME, hdr->core_size, config_size, hv_size);
		return -ENOEXEC;
	}
	/* the online CPUs are the root cell's (checked before) */
	if (last >= hdr->max_cpus) {
		pr_err("%s: firmware supports CPU ids below %u, the root cell has CPU %u\n",
		       JAILHOUSE_FW_NAME, hdr->max_cpus, last);
		return -ENOEXEC;
	}
	/*
	 * Per-CPU data for every CPU id up to the highest, at the end of
	 * hypervisor memory, above the page-aligned end of the config
	 * (fw-header.h); the firmware checks the same and fails otherwise.
	 */
	fixed = PAGE_ALIGN(hdr->core_size + config_size);
	percpu = (u64)slots * hdr->percpu_size;
	if (percpu >= hv_size - fixed) {
		pr_err("hypervisor_memory 0x%llx+0x%llx is too small for %u CPUs (ids 0..%u): firmware and configuration take %llu KiB, per-CPU data %u x %llu KiB, so it needs more than %llu KiB (the rest is page pool)\n",
		       (u64)hv_phys, hv_size, slots, last, fixed / 1024,
		       slots, hdr->percpu_size / 1024,
		       (fixed + percpu) / 1024);
		return -EINVAL;
	}
	return 0;
}

/* where the firmware keeps its console ring, if its header says so */
static void jailhouse_find_console(const struct jailhouse_fw_header *hdr)
{
	jailhouse.console_offset = 0;
	jailhouse.console_size = 0;
	if (hdr->console_size && IS_ALIGNED(hdr->console_offset, 8) &&
	    hdr->console_offset < hdr->core_size &&
	    hdr->console_size <= hdr->core_size - hdr->console_offset) {
		jailhouse.console_offset = hdr->console_offset;
		jailhouse.console_size = hdr->console_size;
	}
}

/* CPUs of @mask whose call succeeded */
static unsigned int jailhouse_count_ok(const struct cpumask *mask,
				       const int *result)
{
	unsigned int cpu, ok = 0;

	for_each_cpu(cpu, mask)
		if (!result[cpu])
			ok++;
	return ok;
}

static void jailhouse_report_cpu_errors(const char *what, const int *result)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		if (result[cpu])
			pr_err("%s failed on CPU %u: %d\n", what, cpu,
			       result[cpu]);
}

static int jailhouse_cmd_enable(void __user *arg)
{
	struct jailhouse_system header;
	struct jailhouse_system *config = NULL;
	const struct jailhouse_fw_header *fw_hdr;
	const struct firmware *fw = NULL;
	struct jailhouse_cpu_call call = { };
	cpumask_var_t cpus;
	void *hv_mem = NULL;
	u64 config_size, hv_size;
	phys_addr_t hv_phys;
	int err;

	if (jailhouse.broken) {
		pr_err("an earlier command left the hypervisor on some CPUs only; reboot\n");
		return -EIO;
	}
	if (jailhouse.enabled) {
		pr_err("hypervisor already enabled\n");
		return -EBUSY;
	}

	if (copy_from_user(&header, arg, sizeof(header)))
		return -EFAULT;
	err = jailhouse_check_header(&header);
	if (err)
		return err;

	config_size = jailhouse_config_size(&header);
	if (config_size > JAILHOUSE_MAX_CONFIG_SIZE) {
		pr_err("system configuration of %llu bytes exceeds the limit of %u\n",
		       config_size, JAILHOUSE_MAX_CONFIG_SIZE);
		return -EINVAL;
	}

	config = kvmalloc(config_size, GFP_KERNEL);
	if (!config)
		return -ENOMEM;
	if (copy_from_user(config, arg, config_size)) {
		err = -EFAULT;
		goto out_free_config;
	}
	/* user space may have changed the header since the first look */
	if (memcmp(config, &header, sizeof(header)) != 0) {
		pr_err("system configuration changed while being read\n");
		err = -EINVAL;
		goto out_free_config;
	}

	err = jailhouse_validate_config(config, config_size);
	if (err)
		goto out_free_config;

	if (!zalloc_cpumask_var(&cpus, GFP_KERNEL)) {
		err = -ENOMEM;
		goto out_free_config;
	}
	call.result = kcalloc(nr_cpu_ids, sizeof(*call.result), GFP_KERNEL);
	if (!call.result) {
		err = -ENOMEM;
		goto out_free_cpus;
	}

	err = jailhouse_cpu_set_to_mask(config, cpus);
	if (err)
		goto out_free_result;

	err = jailhouse_cell_prepare_root(config);
	if (err)
		goto out_free_result;

	err = jailhouse_pci_prepare(config);
	if (err)
		goto out_drop_root;

	err = request_firmware(&fw, JAILHOUSE_FW_NAME, jailhouse.dev);
	if (err) {
		pr_err("cannot load firmware /lib/firmware/%s (%d)\n",
		       JAILHOUSE_FW_NAME, err);
		fw = NULL;
		goto out_unprepare_pci;
	}
	fw_hdr = (const struct jailhouse_fw_header *)fw->data;

	hv_phys = config->hypervisor_memory.phys_start;
	hv_size = config->hypervisor_memory.size;
	err = jailhouse_check_firmware(fw, fw_hdr, config_size, hv_phys,
				       hv_size, cpus);
	if (err)
		goto out_release_fw;
	err = jailhouse_check_hv_memory(hv_phys, hv_size);
	if (err)
		goto out_release_fw;

	hv_mem = memremap(hv_phys, hv_size, MEMREMAP_WB);
	if (!hv_mem) {
		pr_err("cannot map hypervisor_memory 0x%llx+0x%llx (is it kept away from Linux?)\n",
		       (u64)hv_phys, hv_size);
		err = -ENOMEM;
		goto out_release_fw;
	}

	memcpy(hv_mem, fw->data, fw_hdr->image_size);
	memset(hv_mem + fw_hdr->image_size, 0, hv_size - fw_hdr->image_size);
	memcpy(hv_mem + fw_hdr->core_size, config, config_size);
	jailhouse_clean_dcache_poc(hv_mem, hv_size);

	jailhouse.hv_mem = hv_mem;
	jailhouse.hv_phys = hv_phys;
	jailhouse.hv_size = hv_size;
	jailhouse_find_console(fw_hdr);
	jailhouse_console_reset();

	pr_info("The Jailhouse is opening.\n");

	call.entry = hv_phys + fw_hdr->entry_offset;
	call.hv_phys = hv_phys;
	call.num_cpus = cpumask_weight(cpus);
	call.expected = cpus;
	down_write(&jailhouse.hv_sem);
	err = stop_machine(jailhouse_enter_cpu, &call, cpu_online_mask);
	if (!err)
		jailhouse.enabled = true;
	up_write(&jailhouse.hv_sem);
	if (err) {
		if (err == -EAGAIN)
			pr_err("the set of online CPUs changed during enable\n");
		jailhouse_report_cpu_errors("entering the hypervisor",
					    call.result);
		if (err != -EAGAIN && jailhouse_count_ok(cpus, call.result)) {
			/*
			 * The firmware should have undone everything; it
			 * did not.  Its memory must not be touched again.
			 */
			pr_crit("hypervisor started on some CPUs only; refusing further commands, reboot\n");
			jailhouse.broken = true;
			/* and stay loaded, so that this is not forgotten */
			__module_get(THIS_MODULE);
		}
		/* keep what the firmware said about it */
		jailhouse_console_dump("enable failed");
		jailhouse_console_snapshot();
		pr_err("The Jailhouse could not be opened.\n");
		err = err == -EAGAIN ? -EAGAIN : -EIO;
		goto out_unmap;
	}

	cpumask_copy(&jailhouse.cpus, cpus);
	__module_get(THIS_MODULE);
	/* kept for checking cells against it, and the root cell's name */
	jailhouse.system_config = config;
	jailhouse.system_config_size = config_size;
	jailhouse_cell_register_root();
	pr_info("The Jailhouse is open: %u CPUs, hypervisor memory 0x%llx+0x%llx.\n",
		call.num_cpus, (u64)hv_phys, hv_size);
	jailhouse_pci_probe();
	release_firmware(fw);
	kfree(call.result);
	free_cpumask_var(cpus);
	return 0;

out_unmap:
	jailhouse.hv_mem = NULL;
	jailhouse.console_size = 0;
	memunmap(hv_mem);
out_release_fw:
	release_firmware(fw);
out_unprepare_pci:
	jailhouse_pci_unprepare();
out_drop_root:
	jailhouse_cell_drop_root();
out_free_result:
	kfree(call.result);
out_free_cpus:
	free_cpumask_var(cpus);
out_free_config:
	kvfree(config);
	return err;
}

static int jailhouse_cmd_disable(void)
{
	struct jailhouse_cpu_call call = { };
	unsigned int cpu;
	int err;

	if (jailhouse.broken) {
		pr_err("an earlier command left the hypervisor on some CPUs only; reboot\n");
		return -EIO;
	}
	if (!jailhouse.enabled) {
		pr_err("cannot disable: hypervisor is not enabled\n");
		return -EINVAL;
	}
	if (jailhouse_cell_count_others()) {
		pr_err("cannot disable: cells other than the root cell still exist, destroy them first\n");
		return -EBUSY;
	}
	if (!cpumask_equal(cpu_online_mask, &jailhouse.cpus)) {
		for_each_cpu(cpu, &jailhouse.cpus)
			if (!cpu_online(cpu))
				pr_err("cannot disable: CPU %u is offline, bring it online first\n",
				       cpu);
		return -EAGAIN;
	}

	err = jailhouse_pci_check_idle();
	if (err)
		return err;

	call.result = kcalloc(nr_cpu_ids, sizeof(*call.result), GFP_KERNEL);
	if (!call.result)
		return -ENOMEM;
	call.expected = &jailhouse.cpus;

	/* its config space goes with the hypervisor */
	jailhouse_pci_remove();

	down_write(&jailhouse.hv_sem);
	err = stop_machine(jailhouse_leave_cpu, &call, cpu_online_mask);
	if (!err)
		jailhouse.enabled = false;
	up_write(&jailhouse.hv_sem);
	if (err) {
		if (err == -EAGAIN) {
			pr_err("cannot disable: CPUs went on- or offline meanwhile\n");
		} else if (jailhouse_count_ok(&jailhouse.cpus, call.result)) {
			jailhouse_report_cpu_errors("leaving the hypervisor",
						    call.result);
			pr_crit("hypervisor left on some CPUs only; refusing further commands, reboot\n");
			jailhouse.broken = true;
			err = -EIO;
		} else {
			/* a refusal is the answer of all: take the first */
			err = call.result[cpumask_first(&jailhouse.cpus)];
			if (err == -EBUSY)
				pr_err("cannot disable: cells other than the root cell still exist\n");
			else
				jailhouse_report_cpu_errors("leaving the hypervisor",
							    call.result);
		}
		/* still on everywhere: give the root its devices back */
		if (!jailhouse.broken &&
		    !jailhouse_pci_prepare(jailhouse.system_config))
			jailhouse_pci_probe();
		kfree(call.result);
		return err;
	}
	kfree(call.result);

	jailhouse_cell_drop_root();
	kvfree(jailhouse.system_config);
	jailhouse.system_config = NULL;
	jailhouse.system_config_size = 0;
	jailhouse_console_snapshot();
	memunmap(jailhouse.hv_mem);
	jailhouse.hv_mem = NULL;
	jailhouse.console_size = 0;
	module_put(THIS_MODULE);
	pr_info("The Jailhouse was closed.\n");
	return 0;
}

static long jailhouse_ioctl(struct file *file, unsigned int ioctl,
			    unsigned long arg)
{
	long err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	if (mutex_lock_interruptible(&jailhouse.lock))
		return -EINTR;

	switch (ioctl) {
	case JAILHOUSE_ENABLE:
		err = jailhouse_cmd_enable((void __user *)arg);
		break;
	case JAILHOUSE_DISABLE:
		err = jailhouse_cmd_disable();
		break;
	case JAILHOUSE_CELL_CREATE:
		err = jailhouse_cmd_cell_create((void __user *)arg);
		break;
	case JAILHOUSE_CELL_LOAD:
		err = jailhouse_cmd_cell_load((void __user *)arg);
		break;
	case JAILHOUSE_CELL_START:
		err = jailhouse_cmd_cell_start((void __user *)arg);
		break;
	case JAILHOUSE_CELL_DESTROY:
		err = jailhouse_cmd_cell_destroy((void __user *)arg);
		break;
	default:
		err = -ENOTTY;
		break;
	}

	mutex_unlock(&jailhouse.lock);
	return err;
}

static int jailhouse_open(struct inode *inode, struct file *file)
{
	struct jailhouse_console_reader *reader;

	reader = kzalloc(sizeof(*reader), GFP_KERNEL);
	if (!reader)
		return -ENOMEM;
	/* a fresh reader starts with the oldest console byte still there */
	reader->generation = READ_ONCE(jailhouse.console_generation);
	file->private_data = reader;
	return 0;
}

static int jailhouse_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

/*
 * Reading /dev/jailhouse streams the hypervisor console: each open file
 * has its own position.  Blocking reads wait for new output; non-blocking
 * ones return 0 when there is none.
 */
static ssize_t jailhouse_read(struct file *file, char __user *out,
			      size_t count, loff_t *ppos)
{
	struct jailhouse_console_reader *reader = file->private_data;
	size_t len;
	ssize_t ret;
	char *buf;

	count = min_t(size_t, count, PAGE_SIZE);
	if (!count)
		return 0;
	buf = kmalloc(count, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	for (;;) {
		if (mutex_lock_interruptible(&jailhouse.lock)) {
			ret = -ERESTARTSYS;
			goto out;
		}
		len = jailhouse_console_fetch(reader, buf, count);
		mutex_unlock(&jailhouse.lock);
		if (len || (file->f_flags & O_NONBLOCK))
			break;
		if (msleep_interruptible(100)) {
			ret = -ERESTARTSYS;
			goto out;
		}
	}

	ret = len;
	if (len && copy_to_user(out, buf, len))
		ret = -EFAULT;
out:
	kfree(buf);
	return ret;
}

static const struct file_operations jailhouse_fops = {
	.owner = THIS_MODULE,
	.open = jailhouse_open,
	.release = jailhouse_release,
	.read = jailhouse_read,
	.unlocked_ioctl = jailhouse_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice jailhouse_misc_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = JAILHOUSE_DEVICE_NAME,
	.fops = &jailhouse_fops,
	.mode = 0600,
};

static int __init jailhouse_init(void)
{
	int err;

	/*
	 * Whether Linux was booted at EL2 cannot be asked through exported
	 * interfaces; a kernel running at EL2 itself (VHE) can be recognised.
	 */
	if (is_kernel_in_hyp_mode()) {
		pr_err("Linux runs at EL2 (VHE): the hypervisor cannot be started beneath it\n");
		return -ENODEV;
	}

	err = jailhouse_sysfs_init();
	if (err)
		return err;

	err = jailhouse_cells_init();
	if (err)
		goto out_sysfs;

	err = misc_register(&jailhouse_misc_dev);
	if (err)
		goto out_cells;
	return 0;

out_cells:
	jailhouse_cells_exit();
out_sysfs:
	jailhouse_sysfs_exit();
	return err;
}

static void __exit jailhouse_exit(void)
{
	misc_deregister(&jailhouse_misc_dev);
	jailhouse_cells_exit();
	jailhouse_sysfs_exit();
	kfree(jailhouse.console_snapshot.data);
}

module_init(jailhouse_init);
module_exit(jailhouse_exit);

MODULE_DESCRIPTION("Loader and control device of the arm64 partitioning hypervisor");
MODULE_LICENSE("GPL");
MODULE_FIRMWARE(JAILHOUSE_FW_NAME);
