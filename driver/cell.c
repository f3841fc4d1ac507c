// SPDX-License-Identifier: GPL-2.0
/*
 * Non-root cells: JAILHOUSE_CELL_CREATE, _LOAD, _START and _DESTROY.
 *
 * A new cell's CPUs are first taken away from Linux (remove_cpu(), after
 * which they sit parked in the hypervisor), then the hypervisor is handed
 * the checked configuration.  Images are copied into the cell's loadable
 * memory while the hypervisor maps it into the root cell.  Destroying a
 * cell gives its CPUs back to Linux.  Every command either succeeds or
 * leaves things as they were, as far as the hypervisor lets it.
 */
#define pr_fmt(fmt) "jailhouse: " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/pfn.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <jailhouse/cell-config.h>
#include <jailhouse/hypercall.h>
#include <jailhouse/ioctl.h>

#include "hypercall-arm64.h"
#include "jh-driver.h"

#include <jailhouse/config-check.h>

/* bounds for what user space may hand over */
#define JAILHOUSE_MAX_CELL_CONFIG_SIZE	(256 * 1024)
#define JAILHOUSE_MAX_PRELOAD_IMAGES	256
/* images are copied in pieces of this size, rescheduling in between */
#define JAILHOUSE_LOAD_CHUNK		(1024 * 1024)

/* the dynamic hotplug state of jailhouse_cpu_prepare() */
static int jailhouse_cpuhp_state;

/*
 * Called before Linux brings a CPU up.  A CPU that belongs to a cell (or
 * is being given to one) stays with it: Linux gets it back when the cell
 * is destroyed.
 */
static int jailhouse_cpu_prepare(unsigned int cpu)
{
	if (cpumask_test_cpu(cpu, &jailhouse.cpus_in_cells)) {
		pr_warn("CPU %u belongs to a cell; it comes back when the cell is destroyed\n",
			cpu);
		return -EBUSY;
	}
	return 0;
}

int jailhouse_cells_init(void)
{
	int state;

	state = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN,
					  "jailhouse/cells:prepare",
					  jailhouse_cpu_prepare, NULL);
	if (state < 0)
		return state;
	jailhouse_cpuhp_state = state;
	return 0;
}

void jailhouse_cells_exit(void)
{
	cpuhp_remove_state_nocalls(jailhouse_cpuhp_state);
}

static struct jailhouse_cell *jailhouse_cell_alloc(void)
{
	struct jailhouse_cell *cell = kzalloc(sizeof(*cell), GFP_KERNEL);

	if (!cell)
		return NULL;
	INIT_LIST_HEAD(&cell->entry);
	jailhouse_cell_kobj_init(cell);
	return cell;
}

/* drops the driver's reference; the memory goes with the last one */
static void jailhouse_cell_put(struct jailhouse_cell *cell)
{
	kobject_put(&cell->kobj);
}

static void jailhouse_cpu_set_of(const struct jailhouse_cell_desc *config,
				 struct cpumask *mask, unsigned int *beyond)
{
	const u8 *set = (const u8 *)jailhouse_cell_cpu_set(config);
	unsigned int cpu;

	cpumask_clear(mask);
	*beyond = UINT_MAX;
	for (cpu = 0; cpu < config->cpu_set_size * 8; cpu++) {
		if (!(set[cpu / 8] & (1U << (cpu % 8))))
			continue;
		if (cpu >= nr_cpu_ids) {
			if (*beyond == UINT_MAX)
				*beyond = cpu;
			continue;
		}
		cpumask_set_cpu(cpu, mask);
	}
}

/*
 * Created while the hypervisor is being enabled, registered once it runs:
 * the root cell owns every CPU the hypervisor runs on.
 */
int jailhouse_cell_prepare_root(const struct jailhouse_system *sys)
{
	struct jailhouse_cell *root = jailhouse_cell_alloc();

	if (!root)
		return -ENOMEM;
	root->id = 0;
	strscpy(root->name, sys->root_cell.name, sizeof(root->name));
	root->config = &sys->root_cell;
	root->config_size = jailhouse_cell_config_size(&sys->root_cell);
	jailhouse.root_cell = root;
	return 0;
}

void jailhouse_cell_register_root(void)
{
	struct jailhouse_cell *root = jailhouse.root_cell;
	int err;

	cpumask_copy(&root->cpus_assigned, &jailhouse.cpus);
	list_add(&root->entry, &jailhouse.cells);
	err = jailhouse_sysfs_cell_add(root);
	if (err)
		pr_warn("cannot publish the root cell in sysfs (%d)\n", err);
}

/* forget the root cell: the hypervisor is gone, or never came */
void jailhouse_cell_drop_root(void)
{
	struct jailhouse_cell *root = jailhouse.root_cell;

	if (!root)
		return;
	list_del_init(&root->entry);
	jailhouse_sysfs_cell_del(root);
	jailhouse.root_cell = NULL;
	jailhouse_cell_put(root);
}

unsigned int jailhouse_cell_count_others(void)
{
	struct jailhouse_cell *cell;
	unsigned int n = 0;

	list_for_each_entry(cell, &jailhouse.cells, entry)
		if (cell != jailhouse.root_cell)
			n++;
	return n;
}

static struct jailhouse_cell *jailhouse_cell_by_name(const char *name)
{
	struct jailhouse_cell *cell;

	list_for_each_entry(cell, &jailhouse.cells, entry)
		if (strcmp(cell->name, name) == 0)
			return cell;
	return NULL;
}

static struct jailhouse_cell *jailhouse_cell_by_cpu(unsigned int cpu)
{
	struct jailhouse_cell *cell;

	list_for_each_entry(cell, &jailhouse.cells, entry)
		if (cpumask_test_cpu(cpu, &cell->cpus_assigned))
			return cell;
	return NULL;
}

/*
 * The cell a struct jailhouse_cell_id names: by id when id >= 0, by name
 * when id is JAILHOUSE_CELL_ID_UNUSED.  Reports what is wrong.
 */
static struct jailhouse_cell *
jailhouse_cell_lookup(struct jailhouse_cell_id *cell_id, const char *cmd,
		      int *err)
{
	struct jailhouse_cell *cell;

	cell_id->name[JAILHOUSE_CELL_ID_NAMELEN] = '\0';
	if (cell_id->id >= 0) {
		list_for_each_entry(cell, &jailhouse.cells, entry)
			if (cell->id == cell_id->id)
				goto found;
		pr_err("%s: no cell with id %d\n", cmd, cell_id->id);
	} else if (cell_id->id == JAILHOUSE_CELL_ID_UNUSED) {
		cell = jailhouse_cell_by_name(cell_id->name);
		if (cell)
			goto found;
		pr_err("%s: no cell named \"%s\"\n", cmd, cell_id->name);
	} else {
		pr_err("%s: invalid cell id %d\n", cmd, cell_id->id);
		*err = -EINVAL;
		return NULL;
	}
	*err = -ENOENT;
	return NULL;

found:
	if (cell == jailhouse.root_cell) {
		pr_err("%s: not possible on the root cell\n", cmd);
		*err = -EINVAL;
		return NULL;
	}
	return cell;
}

/* common start of every cell command: enabled and usable */
static int jailhouse_cell_cmd_ready(const char *cmd)
{
	if (jailhouse.broken) {
		pr_err("%s: an earlier command left the hypervisor on some CPUs only; reboot\n",
		       cmd);
		return -EIO;
	}
	if (!jailhouse.enabled) {
		pr_err("%s: hypervisor is not enabled\n", cmd);
		return -EINVAL;
	}
	return 0;
}

struct jailhouse_cell_findings {
	/* the cell's name, or a stand-in if it is not terminated */
	const char *name;
	unsigned int conflicts;
	unsigned int duplicates;
	unsigned int others;
};

static void jailhouse_cell_finding(void *ctx, const struct jh_finding *f)
{
	struct jailhouse_cell_findings *found = ctx;
	char line[192];

	jh_format_finding(line, sizeof(line), f);
	if (f->warning) {
		pr_warn("cell config \"%s\": %s\n", found->name, line);
		return;
	}
	switch (f->code) {
	case JH_CHECK_NAME_DUPLICATE:
		found->duplicates++;
		break;
	case JH_CHECK_CPU_CONFLICT:
	case JH_CHECK_MEM_CELL_CONFLICT:
	case JH_CHECK_IRQ_CONFLICT:
		found->conflicts++;
		break;
	default:
		found->others++;
		break;
	}
	pr_err("cell config \"%s\": %s\n", found->name, line);
}

/*
 * The shared checker, against the system configuration and every cell
 * there is.  A configuration that is fine in itself but collides with
 * another cell is -EEXIST (its name) or -EBUSY (its resources).
 */
static int jailhouse_cell_validate(const struct jailhouse_cell_desc *config,
				   size_t size)
{
	struct jailhouse_cell_findings found = { .name = "(unnamed)" };
	struct jh_check_report report = {
		.finding = jailhouse_cell_finding,
		.ctx = &found,
	};
	const struct jailhouse_cell_desc **others;
	struct jailhouse_cell *cell;
	unsigned int n = 0;

	if (size >= sizeof(*config)) {
		size_t len = strnlen(config->name, sizeof(config->name));

		if (len > 0 && len < sizeof(config->name))
			found.name = config->name;
	}

	others = kcalloc(jailhouse_cell_count_others() + 1, sizeof(*others),
			 GFP_KERNEL);
	if (!others)
		return -ENOMEM;
	list_for_each_entry(cell, &jailhouse.cells, entry)
		if (cell != jailhouse.root_cell)
			others[n++] = cell->config;

	jh_check_cell(config, size, jailhouse.system_config, others, n,
		      &report);
	kfree(others);

	if (report.count == 0 && !report.unusable)
		return 0;
	if (report.unusable || found.others) {
		pr_err("cell configuration rejected (%u problem%s)\n",
		       report.count, report.count == 1 ? "" : "s");
		return -EINVAL;
	}
	if (found.duplicates)
		return -EEXIST;
	return -EBUSY;
}

/* every CPU of the new cell must be the root cell's now */
static int jailhouse_cell_check_cpus(const struct jailhouse_cell_desc *config,
				     struct cpumask *cpus)
{
	struct jailhouse_cell *owner;
	unsigned int cpu, beyond;
	int err = 0;

	jailhouse_cpu_set_of(config, cpus, &beyond);
	if (beyond != UINT_MAX) {
		pr_err("cell create: CPU %u is not available: no such CPU\n",
		       beyond);
		return -EINVAL;
	}
	if (cpumask_empty(cpus)) {
		pr_err("cell create: the cell has no CPU\n");
		return -EINVAL;
	}
	for_each_cpu(cpu, cpus) {
		if (cpumask_test_cpu(cpu, &jailhouse.root_cell->cpus_assigned))
			continue;
		owner = jailhouse_cell_by_cpu(cpu);
		if (owner)
			pr_err("cell create: CPU %u is not available: it belongs to cell \"%s\"\n",
			       cpu, owner->name);
		else
			pr_err("cell create: CPU %u is not available: the hypervisor does not run on it\n",
			       cpu);
		err = -EBUSY;
	}
	if (!err && cpumask_equal(cpus, &jailhouse.root_cell->cpus_assigned)) {
		pr_err("cell create: the cell would take every CPU of the root cell\n");
		err = -EBUSY;
	}
	return err;
}

/*
 * Give @cpus back to Linux: no longer reserved for a cell, and online
 * again if they are in @online.
 */
static void jailhouse_cell_return_cpus(const struct cpumask *cpus,
				       const struct cpumask *online)
{
	unsigned int cpu;
	int err;

	cpumask_andnot(&jailhouse.cpus_in_cells, &jailhouse.cpus_in_cells,
		       cpus);
	for_each_cpu(cpu, online) {
		err = add_cpu(cpu);
		if (err)
			pr_err("cannot bring CPU %u back online (%d); try: echo 1 > /sys/devices/system/cpu/cpu%u/online\n",
			       cpu, err, cpu);
	}
}

/*
 * CPU hotplug is off for a moment while a PCI driver probes (6.1's
 * pci_call_probe()): right after enable, when mdev loads the ivshmem
 * drivers for the new virtual PCI devices, remove_cpu() says EBUSY for
 * that moment only.  Wait for it to pass, for a bounded time.
 */
#define CPU_OFFLINE_WAIT_MS	20
#define CPU_OFFLINE_TRIES	100

static int jailhouse_cell_offline_cpu(unsigned int cpu)
{
	unsigned int tries = 0;
	int err;

	while ((err = remove_cpu(cpu)) == -EBUSY &&
	       ++tries < CPU_OFFLINE_TRIES)
		msleep(CPU_OFFLINE_WAIT_MS);
	return err;
}

/*
 * Reserve @cpus for a cell, so that nobody brings them up meanwhile, and
 * take them out of Linux; @taken gets those this call took offline (the
 * others already were).  On failure the caller returns them.
 */
static int jailhouse_cell_take_cpus(const struct cpumask *cpus,
				    struct cpumask *taken)
{
	unsigned int cpu;
	int err;

	cpumask_or(&jailhouse.cpus_in_cells, &jailhouse.cpus_in_cells, cpus);
	cpumask_clear(taken);
	for_each_cpu(cpu, cpus) {
		if (!cpu_online(cpu))
			continue;
		err = jailhouse_cell_offline_cpu(cpu);
		if (err) {
			pr_err("cell create: cannot take CPU %u offline (%d)\n",
			       cpu, err);
			return err;
		}
		cpumask_set_cpu(cpu, taken);
	}
	return 0;
}

static void jailhouse_cell_create_failed(const char *name, long err)
{
	switch (err) {
	case -ENOSYS:
		pr_err("cell create \"%s\": the hypervisor does not support cells\n",
		       name);
		break;
	case -EBUSY:
		pr_err("cell create \"%s\": the hypervisor refused: a CPU is not parked or a resource is in use\n",
		       name);
		break;
	case -EEXIST:
		pr_err("cell create \"%s\": the hypervisor already has a cell of that name\n",
		       name);
		break;
	case -ENOMEM:
		pr_err("cell create \"%s\": the hypervisor is out of memory\n",
		       name);
		break;
	case -EINVAL:
		pr_err("cell create \"%s\": the hypervisor rejected the configuration, see its console\n",
		       name);
		break;
	default:
		pr_err("cell create \"%s\": the hypervisor failed (%ld)\n",
		       name, err);
		break;
	}
}

long jailhouse_cmd_cell_create(void __user *arg)
{
	struct jailhouse_cell_create req;
	struct jailhouse_cell_desc *config;
	struct jailhouse_cell *cell;
	struct cpumask *taken;
	long ret;
	int err;

	err = jailhouse_cell_cmd_ready("cell create");
	if (err)
		return err;
	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.config_size < sizeof(*config) ||
	    req.config_size > JAILHOUSE_MAX_CELL_CONFIG_SIZE) {
		pr_err("cell create: configuration of %u bytes, expected %zu to %u\n",
		       req.config_size, sizeof(*config),
		       JAILHOUSE_MAX_CELL_CONFIG_SIZE);
		return -EINVAL;
	}

	/* the hypervisor reads it by physical address: one piece */
	config = kmalloc(req.config_size, GFP_KERNEL | __GFP_NOWARN);
	if (!config)
		return -ENOMEM;
	if (copy_from_user(config, u64_to_user_ptr(req.config_address),
			   req.config_size)) {
		err = -EFAULT;
		goto out_free_config;
	}

	err = jailhouse_cell_validate(config, req.config_size);
	if (err)
		goto out_free_config;
	/* the checker insists on a terminated name; be sure anyway */
	config->name[sizeof(config->name) - 1] = '\0';
	if (jailhouse_cell_by_name(config->name)) {
		pr_err("cell create: a cell named \"%s\" already exists\n",
		       config->name);
		err = -EEXIST;
		goto out_free_config;
	}

	cell = jailhouse_cell_alloc();
	if (!cell) {
		err = -ENOMEM;
		goto out_free_config;
	}
	taken = kzalloc(cpumask_size(), GFP_KERNEL);
	if (!taken) {
		err = -ENOMEM;
		goto out_put_cell;
	}

	err = jailhouse_cell_check_cpus(config, &cell->cpus_assigned);
	if (err)
		goto out_free_taken;

	err = jailhouse_cell_take_cpus(&cell->cpus_assigned, taken);
	if (err)
		goto out_return_cpus;

	ret = (long)jailhouse_hvc(JAILHOUSE_HC_CELL_CREATE,
				  virt_to_phys(config), 0);
	if (ret <= 0) {
		jailhouse_cell_create_failed(config->name, ret);
		err = ret < 0 ? (int)ret : -EIO;
		goto out_return_cpus;
	}

	cell->id = ret;
	strscpy(cell->name, config->name, sizeof(cell->name));
	cell->config = config;
	cell->config_size = req.config_size;
	cell->owns_config = true;

	err = jailhouse_sysfs_cell_add(cell);
	if (err) {
		pr_err("cell create \"%s\": cannot publish it in sysfs (%d), undoing\n",
		       cell->name, err);
		ret = (long)jailhouse_hvc(JAILHOUSE_HC_CELL_DESTROY, cell->id,
					  0);
		if (ret) {
			/* it exists; keep it known so it can be destroyed */
			pr_err("cell destroy \"%s\" failed too (%ld)\n",
			       cell->name, ret);
			goto out_register;
		}
		cell->config = NULL;
		cell->owns_config = false;
		goto out_return_cpus;
	}

out_register:
	cpumask_andnot(&jailhouse.root_cell->cpus_assigned,
		       &jailhouse.root_cell->cpus_assigned,
		       &cell->cpus_assigned);
	list_add_tail(&cell->entry, &jailhouse.cells);
	pr_info("Created cell \"%s\" (id %u, CPUs %*pbl)\n", cell->name,
		cell->id, cpumask_pr_args(&cell->cpus_assigned));
	kfree(taken);
	return err;

out_return_cpus:
	jailhouse_cell_return_cpus(&cell->cpus_assigned, taken);
out_free_taken:
	kfree(taken);
out_put_cell:
	jailhouse_cell_put(cell);
out_free_config:
	kfree(config);
	return err;
}

/*
 * The loadable region of @cell holding [target, target + size) in the
 * cell's address space, or NULL.
 */
static const struct jailhouse_memory *
jailhouse_cell_loadable(const struct jailhouse_cell *cell, u64 target,
			u64 size)
{
	const struct jailhouse_memory *mem =
		jailhouse_cell_mem_regions(cell->config);
	u32 n;

	for (n = 0; n < cell->config->num_memory_regions; n++, mem++) {
		if (!(mem->flags & JAILHOUSE_MEM_LOADABLE))
			continue;
		if (target < mem->virt_start ||
		    target - mem->virt_start >= mem->size)
			continue;
		if (size > mem->size - (target - mem->virt_start))
			continue;
		return mem;
	}
	return NULL;
}

/* loadable memory must never be RAM the kernel may hand out */
static bool jailhouse_is_linux_ram(phys_addr_t phys, u64 size)
{
	unsigned long pfn = PHYS_PFN(phys);
	unsigned long end = PHYS_PFN(phys + size - 1);

	for (; pfn <= end; pfn++)
		if (pfn_is_map_memory(pfn) && !PageReserved(pfn_to_page(pfn)))
			return true;
	return false;
}

/* check every image before anything is stopped or written */
static int
jailhouse_cell_check_images(const struct jailhouse_cell *cell,
			    const struct jailhouse_preload_image *img,
			    u32 num, phys_addr_t *phys)
{
	const struct jailhouse_memory *mem;
	u32 n;

	for (n = 0; n < num; n++, img++) {
		if (img->size == 0) {
			phys[n] = 0;
			continue;
		}
		mem = jailhouse_cell_loadable(cell, img->target_address,
					      img->size);
		if (!mem) {
			pr_err("cell load \"%s\": image %u (0x%llx bytes at 0x%llx) does not fit into the cell's loadable memory\n",
			       cell->name, n, img->size, img->target_address);
			return -EINVAL;
		}
		phys[n] = mem->phys_start +
			(img->target_address - mem->virt_start);
		if (jailhouse_is_linux_ram(phys[n], img->size)) {
			pr_err("cell load \"%s\": image %u target 0x%llx is RAM Linux uses (physical 0x%llx)\n",
			       cell->name, n, img->target_address,
			       (u64)phys[n]);
			return -EINVAL;
		}
	}
	return 0;
}

/* copy one image to physical @phys, which the root cell may now write */
static int jailhouse_cell_copy_image(const struct jailhouse_cell *cell,
				     unsigned int n,
				     const struct jailhouse_preload_image *img,
				     phys_addr_t phys)
{
	const char __user *src = u64_to_user_ptr(img->source_address);
	u64 done, chunk;
	void *dst;
	int err = 0;

	dst = memremap(phys, img->size, MEMREMAP_WB);
	if (!dst) {
		pr_err("cell load \"%s\": cannot map image %u target 0x%llx (physical 0x%llx+0x%llx)\n",
		       cell->name, n, img->target_address, (u64)phys,
		       img->size);
		return -ENOMEM;
	}
	for (done = 0; done < img->size; done += chunk) {
		chunk = min_t(u64, img->size - done, JAILHOUSE_LOAD_CHUNK);
		if (copy_from_user(dst + done, src + done, chunk)) {
			err = -EFAULT;
			break;
		}
		jailhouse_clean_dcache_poc(dst + done, chunk);
		cond_resched();
	}
	memunmap(dst);
	return err;
}

static void jailhouse_cell_hvc_failed(const struct jailhouse_cell *cell,
				      const char *cmd, long err)
{
	switch (err) {
	case -EPERM:
		pr_err("%s \"%s\": the cell is locked, shutdown refused\n",
		       cmd, cell->name);
		break;
	case -ENOSYS:
		pr_err("%s \"%s\": the hypervisor does not support cells\n",
		       cmd, cell->name);
		break;
	case -ENOENT:
		pr_err("%s \"%s\": the hypervisor does not know the cell (id %u)\n",
		       cmd, cell->name, cell->id);
		break;
	default:
		pr_err("%s \"%s\": the hypervisor refused (%ld)\n", cmd,
		       cell->name, err);
		break;
	}
}

long jailhouse_cmd_cell_load(void __user *arg)
{
	struct jailhouse_cell_load __user *uload = arg;
	struct jailhouse_preload_image *images = NULL;
	struct jailhouse_cell_load req;
	struct jailhouse_cell *cell;
	phys_addr_t *phys = NULL;
	long ret;
	u32 n;
	int err;

	err = jailhouse_cell_cmd_ready("cell load");
	if (err)
		return err;
	if (copy_from_user(&req, uload, sizeof(req)))
		return -EFAULT;
	cell = jailhouse_cell_lookup(&req.cell_id, "cell load", &err);
	if (!cell)
		return err;
	if (req.num_preload_images > JAILHOUSE_MAX_PRELOAD_IMAGES) {
		pr_err("cell load \"%s\": %u images, at most %u\n", cell->name,
		       req.num_preload_images, JAILHOUSE_MAX_PRELOAD_IMAGES);
		return -EINVAL;
	}

	if (req.num_preload_images) {
		images = memdup_user(uload->image, req.num_preload_images *
				     sizeof(*images));
		if (IS_ERR(images))
			return PTR_ERR(images);
		phys = kcalloc(req.num_preload_images, sizeof(*phys),
			       GFP_KERNEL);
		if (!phys) {
			err = -ENOMEM;
			goto out;
		}
		err = jailhouse_cell_check_images(cell, images,
						  req.num_preload_images,
						  phys);
		if (err)
			goto out;
	}

	/* stops the cell and lends its loadable memory to the root cell */
	ret = (long)jailhouse_hvc(JAILHOUSE_HC_CELL_SET_LOADABLE, cell->id, 0);
	if (ret) {
		jailhouse_cell_hvc_failed(cell, req.num_preload_images ?
					  "cell load" : "cell shutdown", ret);
		err = ret < 0 ? (int)ret : -EIO;
		goto out;
	}

	for (n = 0; n < req.num_preload_images; n++) {
		if (images[n].size == 0)
			continue;
		err = jailhouse_cell_copy_image(cell, n, &images[n], phys[n]);
		if (err)
			goto out;
	}
	if (req.num_preload_images)
		pr_info("Loaded %u image%s into cell \"%s\"\n",
			req.num_preload_images,
			req.num_preload_images == 1 ? "" : "s", cell->name);
	else
		pr_info("Cell \"%s\" shut down\n", cell->name);

out:
	kfree(phys);
	kfree(images);
	return err;
}

static int jailhouse_cell_id_from_user(void __user *arg,
				       struct jailhouse_cell_id *cell_id)
{
	if (copy_from_user(cell_id, arg, sizeof(*cell_id)))
		return -EFAULT;
	return 0;
}

long jailhouse_cmd_cell_start(void __user *arg)
{
	struct jailhouse_cell_id cell_id;
	struct jailhouse_cell *cell;
	long ret;
	int err;

	err = jailhouse_cell_cmd_ready("cell start");
	if (err)
		return err;
	err = jailhouse_cell_id_from_user(arg, &cell_id);
	if (err)
		return err;
	cell = jailhouse_cell_lookup(&cell_id, "cell start", &err);
	if (!cell)
		return err;

	ret = (long)jailhouse_hvc(JAILHOUSE_HC_CELL_START, cell->id, 0);
	if (ret) {
		jailhouse_cell_hvc_failed(cell, "cell start", ret);
		return ret < 0 ? ret : -EIO;
	}
	pr_info("Started cell \"%s\"\n", cell->name);
	return 0;
}

long jailhouse_cmd_cell_destroy(void __user *arg)
{
	struct jailhouse_cell_id cell_id;
	struct jailhouse_cell *cell;
	long ret;
	int err;

	err = jailhouse_cell_cmd_ready("cell destroy");
	if (err)
		return err;
	err = jailhouse_cell_id_from_user(arg, &cell_id);
	if (err)
		return err;
	cell = jailhouse_cell_lookup(&cell_id, "cell destroy", &err);
	if (!cell)
		return err;

	ret = (long)jailhouse_hvc(JAILHOUSE_HC_CELL_DESTROY, cell->id, 0);
	if (ret) {
		jailhouse_cell_hvc_failed(cell, "cell destroy", ret);
		return ret < 0 ? ret : -EIO;
	}

	list_del_init(&cell->entry);
	jailhouse_sysfs_cell_del(cell);
	cpumask_or(&jailhouse.root_cell->cpus_assigned,
		   &jailhouse.root_cell->cpus_assigned, &cell->cpus_assigned);
	/* the hypervisor parked them in the root cell: Linux takes them */
	jailhouse_cell_return_cpus(&cell->cpus_assigned, &cell->cpus_assigned);
	pr_info("Destroyed cell \"%s\"\n", cell->name);
	jailhouse_cell_put(cell);
	return 0;
}
