// SPDX-License-Identifier: GPL-2.0
/*
 * uio_ivshmem.ko: ivshmem v2 devices of the hypervisor's virtual PCI host
 * (vendor 0x110a, device 0x4106, protocol "undefined") for user space.
 *
 * UIO maps, in the order of the device's shared memory:
 *   0 registers	BAR 0 (ID, MAX_PEERS, INT_CONTROL, DOORBELL, STATE)
 *   1 state_table	read-only: the hypervisor writes it
 *   2 rw_section	shared by all peers
 *   3 input_sections	the output sections of all peers, read-only
 *   4 output_section	this peer's own output section
 * UIO ends its map list at the first empty map, so a link without r/w
 * section exposes registers and state table only.
 *
 * The shared memory is mapped cacheable, as the other peers map it; the
 * read-only maps refuse writable mappings, since a write there is a
 * violation the hypervisor stops the whole cell for.  Interrupts: read()
 * on /dev/uioN counts them, write() of 1/0 sets INT_CONTROL.
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/uio_driver.h>
#include <linux/version.h>

#define IVSHMEM_VENDOR		0x110a
#define IVSHMEM_DEVICE		0x4106
/* base class ff, protocol 0000 ("undefined", for user space) */
#define IVSHMEM_CLASS_UNDEFINED	0xff0000

/* register page */
#define IVSHMEM_REG_ID		0x00
#define IVSHMEM_REG_MAX_PEERS	0x04
#define IVSHMEM_REG_INT_CTRL	0x08
#define IVSHMEM_INT_ENABLE	0x01

/* vendor capability */
#define IVSHMEM_CAP_LENGTH	0x02
#define IVSHMEM_CAP_STATE_SIZE	0x04
#define IVSHMEM_CAP_RW_SIZE	0x08
#define IVSHMEM_CAP_OUT_SIZE	0x10
#define IVSHMEM_CAP_ADDRESS	0x18
#define IVSHMEM_CAP_LEN_ADDRESS	0x20

enum {
	MAP_REGS,
	MAP_STATE,
	MAP_RW,
	MAP_INPUT,
	MAP_OUTPUT,
};

struct uio_ivshmem {
	struct uio_info info;
	void __iomem *regs;
	/* maps user space may only read */
	unsigned long read_only;
};

static u64 uio_ivshmem_cap64(struct pci_dev *pdev, int cap, int reg)
{
	u32 lo, hi;

	pci_read_config_dword(pdev, cap + reg, &lo);
	pci_read_config_dword(pdev, cap + reg + 4, &hi);
	return lo | (u64)hi << 32;
}

static irqreturn_t uio_ivshmem_handler(int irq, struct uio_info *info)
{
	/* INTx without a status register: every interrupt is an event */
	return IRQ_HANDLED;
}

static int uio_ivshmem_irqcontrol(struct uio_info *info, s32 on)
{
	struct uio_ivshmem *ivs = info->priv;

	writel(on ? IVSHMEM_INT_ENABLE : 0, ivs->regs + IVSHMEM_REG_INT_CTRL);
	return 0;
}

static void uio_ivshmem_vma_no_write(struct vm_area_struct *vma)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_clear(vma, VM_MAYWRITE);
#else
	vma->vm_flags &= ~VM_MAYWRITE;
#endif
}

static int uio_ivshmem_mmap(struct uio_info *info, struct vm_area_struct *vma)
{
	struct uio_ivshmem *ivs = info->priv;
	unsigned long mi = vma->vm_pgoff, size;
	struct uio_mem *mem;

	if (mi >= MAX_UIO_MAPS || !info->mem[mi].size)
		return -EINVAL;
	mem = &info->mem[mi];
	size = vma->vm_end - vma->vm_start;
	if (size > PAGE_ALIGN(mem->size))
		return -EINVAL;
	if (test_bit(mi, &ivs->read_only)) {
		if (vma->vm_flags & VM_WRITE)
			return -EPERM;
		uio_ivshmem_vma_no_write(vma);
	}
	if (mi == MAP_REGS)
		vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	/* shared memory keeps the default: normal, cacheable */
	return remap_pfn_range(vma, vma->vm_start, mem->addr >> PAGE_SHIFT,
			       size, vma->vm_page_prot);
}

static void uio_ivshmem_set_map(struct uio_ivshmem *ivs, int mi,
				const char *name, phys_addr_t addr, u64 size,
				bool read_only)
{
	struct uio_mem *mem = &ivs->info.mem[mi];

	mem->name = name;
	mem->addr = addr;
	mem->size = size;
	mem->memtype = UIO_MEM_PHYS;
	if (read_only)
		__set_bit(mi, &ivs->read_only);
}

static int uio_ivshmem_probe(struct pci_dev *pdev,
			     const struct pci_device_id *id)
{
	u64 state_size, rw_size, out_size, base;
	struct uio_ivshmem *ivs;
	u32 peer, peers;
	int cap, err;
	u8 len;

	ivs = devm_kzalloc(&pdev->dev, sizeof(*ivs), GFP_KERNEL);
	if (!ivs)
		return -ENOMEM;

	err = pcim_enable_device(pdev);
	if (err)
		return err;
	/*
	 * Mapped, not requested: the virtual PCI host's window may lie in
	 * a range the device tree gives another device (see driver/pci.c).
	 */
	ivs->regs = pcim_iomap(pdev, 0, 0);
	if (!ivs->regs)
		return -ENOMEM;

	cap = pci_find_capability(pdev, PCI_CAP_ID_VNDR);
	if (cap)
		pci_read_config_byte(pdev, cap + IVSHMEM_CAP_LENGTH, &len);
	if (!cap || len < IVSHMEM_CAP_LEN_ADDRESS) {
		pci_err(pdev, "no shared-memory address in the vendor capability (shared memory in BAR 2 is not supported)\n");
		return -ENODEV;
	}
	pci_read_config_dword(pdev, cap + IVSHMEM_CAP_STATE_SIZE, &peer);
	state_size = peer;
	rw_size = uio_ivshmem_cap64(pdev, cap, IVSHMEM_CAP_RW_SIZE);
	out_size = uio_ivshmem_cap64(pdev, cap, IVSHMEM_CAP_OUT_SIZE);
	base = uio_ivshmem_cap64(pdev, cap, IVSHMEM_CAP_ADDRESS);

	peer = readl(ivs->regs + IVSHMEM_REG_ID);
	peers = readl(ivs->regs + IVSHMEM_REG_MAX_PEERS);
	if (!peers || peer >= peers || !state_size ||
	    !PAGE_ALIGNED(base) || !PAGE_ALIGNED(state_size) ||
	    !PAGE_ALIGNED(rw_size) || !PAGE_ALIGNED(out_size)) {
		pci_err(pdev, "unusable shared memory: peer %u of %u, 0x%llx: state 0x%llx, r/w 0x%llx, output 0x%llx (not page-aligned?)\n",
			peer, peers, base, state_size, rw_size, out_size);
		return -ENODEV;
	}

	uio_ivshmem_set_map(ivs, MAP_REGS, "registers",
			    pci_resource_start(pdev, 0),
			    pci_resource_len(pdev, 0), false);
	uio_ivshmem_set_map(ivs, MAP_STATE, "state_table", base, state_size,
			    true);
	base += state_size;
	if (rw_size) {
		uio_ivshmem_set_map(ivs, MAP_RW, "rw_section", base, rw_size,
				    false);
		base += rw_size;
		if (out_size) {
			uio_ivshmem_set_map(ivs, MAP_INPUT, "input_sections",
					    base, out_size * peers, true);
			uio_ivshmem_set_map(ivs, MAP_OUTPUT, "output_section",
					    base + out_size * peer, out_size,
					    false);
		}
	}

	ivs->info.name = KBUILD_MODNAME;
	ivs->info.version = "1";
	ivs->info.irq = pdev->irq > 0 ? pdev->irq : UIO_IRQ_NONE;
	ivs->info.irq_flags = IRQF_SHARED;
	ivs->info.handler = uio_ivshmem_handler;
	ivs->info.irqcontrol = uio_ivshmem_irqcontrol;
	ivs->info.mmap = uio_ivshmem_mmap;
	ivs->info.priv = ivs;
	pci_set_master(pdev);

	err = devm_uio_register_device(&pdev->dev, &ivs->info);
	if (err)
		return err;
	pci_set_drvdata(pdev, ivs);
	pci_info(pdev, "peer %u of %u, state table %pa, irq %ld\n", peer,
		 peers, &ivs->info.mem[MAP_STATE].addr, ivs->info.irq);
	return 0;
}

static void uio_ivshmem_remove(struct pci_dev *pdev)
{
	struct uio_ivshmem *ivs = pci_get_drvdata(pdev);

	/* no interrupts for a peer nobody listens to any more */
	writel(0, ivs->regs + IVSHMEM_REG_INT_CTRL);
}

static const struct pci_device_id uio_ivshmem_ids[] = {
	{
		PCI_DEVICE(IVSHMEM_VENDOR, IVSHMEM_DEVICE),
		.class = IVSHMEM_CLASS_UNDEFINED,
		.class_mask = 0xffffff,
	},
	{ }
};
MODULE_DEVICE_TABLE(pci, uio_ivshmem_ids);

static struct pci_driver uio_ivshmem_driver = {
	.name = KBUILD_MODNAME,
	.id_table = uio_ivshmem_ids,
	.probe = uio_ivshmem_probe,
	.remove = uio_ivshmem_remove,
};
module_pci_driver(uio_ivshmem_driver);

MODULE_DESCRIPTION("UIO driver for ivshmem v2 shared-memory devices");
MODULE_LICENSE("GPL");
