// SPDX-License-Identifier: GPL-2.0
/*
 * The root cell's side of the hypervisor's virtual PCI host: a host bridge
 * with generic ECAM config space at platform_info.pci_mmconfig_base, so that
 * the root's ivshmem devices appear on PCI domain pci_domain.
 *
 * The stock kernel has no device-tree overlays, so the bridge is built here
 * from the system configuration rather than from a DT node:
 *   config space	[mmconfig_base, + (end_bus + 1) MiB), one MiB per bus
 *   memory window	the same size right after it; the hypervisor traps
 *			the root's BAR accesses there
 *   INTx		GIC SPI vpci_irq_base + (slot & 3), edge: the
 *			hypervisor raises it by setting it pending
 *
 * Everything that can fail without touching config space (resources,
 * mappings, the bridge itself) is done before the hypervisor starts, so a
 * failure leaves the system as it was; config space is only scanned once
 * the hypervisor emulates it, and the bus goes before the hypervisor does.
 *
 * Config space and window are inserted into the resource tree rather
 * than requested: on QEMU's "virt", as in Jailhouse's configs for it, they
 * sit in the unused end of the GIC redistributor range its device tree
 * declares.  That is also why the generic ECAM helper (which requests
 * its window) is not used, and why drivers of these devices map their BARs
 * without requesting them (the redistributor range is claimed busy).
 */
#define pr_fmt(fmt) "jailhouse: " fmt

#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/sizes.h>

#include "jh-driver.h"

#define JAILHOUSE_VPCI_NAME	"jailhouse-vpci"

/* GIC interrupt specifier: SPI, number, trigger */
#define JAILHOUSE_GIC_SPI	0

struct jailhouse_vpci {
	struct platform_device *pdev;
	struct pci_host_bridge *bridge;
	void __iomem *ecam_va;
	struct resource ecam;
	struct resource busn;
	struct resource mem;
	struct fwnode_handle *gic;
	u32 irq_base;
	/* the bus is scanned and in use */
	bool probed;
};

static struct jailhouse_vpci *jailhouse_vpci;

/* ECAM: one MiB per bus, 4 KiB per function */
static void __iomem *jailhouse_vpci_map_bus(struct pci_bus *bus,
					    unsigned int devfn, int where)
{
	struct jailhouse_vpci *vpci = bus->sysdata;

	return vpci->ecam_va + ((bus->number << 20) | (devfn << 12) | where);
}

static struct pci_ops jailhouse_vpci_ops = {
	.map_bus = jailhouse_vpci_map_bus,
	.read = pci_generic_config_read,
	.write = pci_generic_config_write,
};

static int jailhouse_vpci_map_irq(const struct pci_dev *dev, u8 slot, u8 pin)
{
	struct jailhouse_vpci *vpci = jailhouse_vpci;
	struct irq_fwspec spec = {
		.fwnode = vpci->gic,
		.param_count = 3,
		.param = {
			JAILHOUSE_GIC_SPI,
			vpci->irq_base + (slot & 3),
			IRQ_TYPE_EDGE_RISING,
		},
	};
	int irq;

	irq = irq_create_fwspec_mapping(&spec);
	if (irq <= 0)
		pci_err(dev, "cannot map INTx to GIC SPI %u\n",
			spec.param[1]);
	return irq;
}

static struct fwnode_handle *jailhouse_vpci_find_gic(void)
{
	struct device_node *np;

	np = of_find_compatible_node(NULL, NULL, "arm,gic-v3");
	if (!np)
		return NULL;
	/* the GIC stays for the lifetime of the system */
	of_node_put(np);
	return of_fwnode_handle(np);
}

/**
 * jailhouse_pci_prepare - set up the root's virtual PCI host bridge
 * @sys: the system configuration about to be enabled
 *
 * Claims config space and memory window and allocates the bridge; touches
 * no config space.  Nothing to do (returns 0) if the platform has no
 * virtual PCI host.
 */
int jailhouse_pci_prepare(const struct jailhouse_system *sys)
{
	const typeof(sys->platform_info) *pi = &sys->platform_info;
	u64 size = ((u64)pi->pci_mmconfig_end_bus + 1) * SZ_1M;
	struct jailhouse_vpci *vpci;
	struct pci_host_bridge *bridge;
	int err;

	if (!pi->pci_mmconfig_base || !pi->pci_is_virtual)
		return 0;
	if (pci_find_bus(pi->pci_domain, 0)) {
		pr_err("virtual PCI: PCI domain %04x exists already (platform_info.pci_domain)\n",
		       pi->pci_domain);
		return -EEXIST;
	}

	vpci = kzalloc(sizeof(*vpci), GFP_KERNEL);
	if (!vpci)
		return -ENOMEM;
	vpci->irq_base = sys->root_cell.vpci_irq_base;

	vpci->gic = jailhouse_vpci_find_gic();
	if (!vpci->gic) {
		pr_err("virtual PCI: no GICv3 in the device tree to route INTx to\n");
		err = -ENODEV;
		goto out_free;
	}

	vpci->ecam = (struct resource)DEFINE_RES_MEM_NAMED(
		pi->pci_mmconfig_base, size, "jailhouse vPCI ECAM");
	vpci->mem = (struct resource)DEFINE_RES_MEM_NAMED(
		pi->pci_mmconfig_base + size, size, "jailhouse vPCI memory");
	vpci->busn = (struct resource)DEFINE_RES_NAMED(
		0, pi->pci_mmconfig_end_bus + 1, "jailhouse vPCI buses",
		IORESOURCE_BUS);
	/* EEXIST, not insert_resource's EBUSY: that means enabled already */
	err = -EEXIST;
	if (insert_resource(&iomem_resource, &vpci->ecam)) {
		pr_err("virtual PCI: config space %pR overlaps a device (platform_info.pci_mmconfig_base)\n",
		       &vpci->ecam);
		goto out_free;
	}
	if (insert_resource(&iomem_resource, &vpci->mem)) {
		pr_err("virtual PCI: memory window %pR after config space overlaps a device (platform_info.pci_mmconfig_base, pci_mmconfig_end_bus)\n",
		       &vpci->mem);
		goto out_remove_ecam;
	}
	/* only mapped: nothing reads it before the hypervisor runs */
	vpci->ecam_va = ioremap(vpci->ecam.start, size);
	if (!vpci->ecam_va) {
		err = -ENOMEM;
		goto out_remove_mem;
	}

	vpci->pdev = platform_device_register_simple(JAILHOUSE_VPCI_NAME,
						     PLATFORM_DEVID_NONE,
						     NULL, 0);
	if (IS_ERR(vpci->pdev)) {
		err = PTR_ERR(vpci->pdev);
		goto out_unmap;
	}

	bridge = pci_alloc_host_bridge(0);
	if (!bridge) {
		err = -ENOMEM;
		goto out_unregister;
	}
	bridge->dev.parent = &vpci->pdev->dev;
	bridge->sysdata = vpci;
	bridge->ops = &jailhouse_vpci_ops;
	bridge->domain_nr = pi->pci_domain;
	bridge->busnr = 0;
	bridge->map_irq = jailhouse_vpci_map_irq;
	bridge->swizzle_irq = pci_common_swizzle;
	pci_add_resource(&bridge->windows, &vpci->busn);
	pci_add_resource(&bridge->windows, &vpci->mem);
	vpci->bridge = bridge;

	jailhouse_vpci = vpci;
	return 0;

out_unregister:
	platform_device_unregister(vpci->pdev);
out_unmap:
	iounmap(vpci->ecam_va);
out_remove_mem:
	remove_resource(&vpci->mem);
out_remove_ecam:
	remove_resource(&vpci->ecam);
out_free:
	kfree(vpci);
	return err;
}

static void jailhouse_vpci_free(struct jailhouse_vpci *vpci)
{
	platform_device_unregister(vpci->pdev);
	iounmap(vpci->ecam_va);
	remove_resource(&vpci->mem);
	remove_resource(&vpci->ecam);
	kfree(vpci);
}

/* the hypervisor did not start: undo jailhouse_pci_prepare() */
void jailhouse_pci_unprepare(void)
{
	struct jailhouse_vpci *vpci = jailhouse_vpci;

	if (!vpci)
		return;
	jailhouse_vpci = NULL;
	/* never registered: frees it with its window list */
	pci_free_host_bridge(vpci->bridge);
	jailhouse_vpci_free(vpci);
}

/*
 * The hypervisor runs: scan the bus and bind drivers.  A failure costs the
 * root its ivshmem devices, not the hypervisor.
 */
void jailhouse_pci_probe(void)
{
	struct jailhouse_vpci *vpci = jailhouse_vpci;
	int err;

	if (!vpci)
		return;
	/* takes the rescan lock itself where it needs it (6.12) */
	err = pci_host_probe(vpci->bridge);
	if (err) {
		/*
		 * Only out of memory now (a clash of domains was caught
		 * before); what the PCI core freed of the bridge is not
		 * known, so it is left alone, as are the resources it
		 * refers to.
		 */
		pr_err("virtual PCI: cannot register domain %04x (%d); the root cell has no ivshmem devices\n",
		       vpci->bridge->domain_nr, err);
		jailhouse_vpci = NULL;
		return;
	}
	vpci->probed = true;
	pr_info("virtual PCI host on domain %04x, config space %pR, memory %pR\n",
		vpci->bridge->domain_nr, &vpci->ecam, &vpci->mem);
}

/*
 * A device whose driver's module is held (an open /dev/uioN of
 * uio_ivshmem) is in use by a program that would be left with mappings of
 * memory the hypervisor no longer emulates: refuse to take it away.
 */
int jailhouse_pci_check_idle(void)
{
	struct jailhouse_vpci *vpci = jailhouse_vpci;
	struct device_driver *drv;
	struct pci_dev *pdev;
	int err = 0;

	if (!vpci || !vpci->probed)
		return 0;
	pci_lock_rescan_remove();
	list_for_each_entry(pdev, &vpci->bridge->bus->devices, bus_list) {
		drv = pdev->dev.driver;
		if (drv && drv->owner && module_refcount(drv->owner) > 0) {
			pr_err("cannot disable: %s is in use (driver %s), close it first\n",
			       pci_name(pdev), drv->name);
			err = -EBUSY;
		}
	}
	pci_unlock_rescan_remove();
	return err;
}

/*
 * Unbind the drivers and remove the bus before the hypervisor leaves (its
 * config space goes with it).
 */
void jailhouse_pci_remove(void)
{
	struct jailhouse_vpci *vpci = jailhouse_vpci;

	if (!vpci)
		return;
	if (!vpci->probed) {
		jailhouse_pci_unprepare();
		return;
	}
	jailhouse_vpci = NULL;
	pci_lock_rescan_remove();
	pci_stop_root_bus(vpci->bridge->bus);
	/* frees the bridge with its window list */
	pci_remove_root_bus(vpci->bridge->bus);
	pci_unlock_rescan_remove();
	jailhouse_vpci_free(vpci);
}
