// SPDX-License-Identifier: GPL-2.0
/*
 * ivshmem v2: the PCI functions through which cells share memory.
 *
 * A link is one shared memory (state table, r/w section, one output
 * section per peer; the cells map it per their configs, the checker makes
 * sure the permissions match the layout) and up to IVSHMEM_MAX_PEERS
 * endpoints, one per cell, found by bdf.  The hypervisor
 * writes the state table (it is read-only for every peer) and turns
 * doorbells and state changes into the peer's INTx: a GIC SPI of the peer
 * cell, made pending in the distributor, so the GIC delivers it to the
 * CPU the peer routed it to, with the peer's priority and enable.
 *
 * Everything here runs under ivshmem_lock: register writes come from any
 * CPU of any cell, link changes from cell management.
 */
#include <hv/control.h>
#include <hv/ivshmem.h>
#include <hv/lib.h>
#include <hv/printk.h>
#include <jailhouse/config-check.h>

/* the checker refuses links with more peers */
#define IVSHMEM_MAX_PEERS	JH_CHECK_MAX_SHMEM_PEERS
#define IVSHMEM_MAX_LINKS	64

#define IVSHMEM_VENDOR_DEVICE	0x4106110aU
#define PCI_STATUS_CAP_LIST	0x0010U
#define PCI_CMD_MEM		(1U << 1)
#define PCI_CMD_MASTER		(1U << 3)
#define PCI_CMD_INTX_OFF	(1U << 10)
#define IVSHMEM_CMD_WRITABLE	(PCI_CMD_MEM | PCI_CMD_MASTER | \
				 PCI_CMD_INTX_OFF)
#define IVSHMEM_CAP_OFFSET	0x40
#define PCI_CAP_ID_VENDOR	0x09
/* the capability with the Base Address field */
#define IVSHMEM_CAP_LENGTH	0x20
#define IVSHMEM_ONE_SHOT	0x01

/* register page */
#define IVSHMEM_REG_ID		0x00
#define IVSHMEM_REG_MAX_PEERS	0x04
#define IVSHMEM_REG_INT_CTRL	0x08
#define IVSHMEM_REG_DOORBELL	0x0c
#define IVSHMEM_REG_STATE	0x10
#define IVSHMEM_INT_ENABLE	0x01

struct ivshmem_link {
	bool used;
	u16 bdf;
	u32 peers;
	u16 protocol;
	/* physical layout, from the first peer's config */
	u64 state_phys;
	u64 state_size;
	u64 rw_size;
	u64 out_size;
	/* the state table, mapped in the hypervisor */
	volatile u32 *table;
	/* the peers linked up now, in slot */
	struct ivshmem_endpoint *ep[IVSHMEM_MAX_PEERS];
	struct ivshmem_endpoint slot[IVSHMEM_MAX_PEERS];
};

static struct ivshmem_link links[IVSHMEM_MAX_LINKS];
static spinlock_t ivshmem_lock = SPINLOCK_INIT;

/* the hypervisor maps memory 1:1; host tests give a buffer instead */
void *__weak ivshmem_map_table(u64 phys, u64 size)
{
	if (arch_map_phys(phys, size))
		return NULL;
	return (void *)(unsigned long)phys;
}

void __weak ivshmem_unmap_table(void *table, u64 phys, u64 size)
{
	arch_unmap_phys(phys, size);
}

static const struct jailhouse_memory *
shmem_region(const struct cell *cell, const struct jailhouse_pci_device *dev,
	     unsigned int n)
{
	return jailhouse_cell_mem_regions(cell->config) +
		dev->shmem_regions_start + n;
}

static unsigned int ep_id(const struct ivshmem_endpoint *ep)
{
	return ep->dev->shmem_dev_id;
}

/* raise @ep's INTx if it lets us */
static void ivshmem_deliver(struct ivshmem_endpoint *ep)
{
	if (!(ep->int_ctrl & IVSHMEM_INT_ENABLE) ||
	    (ep->command & PCI_CMD_INTX_OFF))
		return;
	if (ep->priv_ctrl & IVSHMEM_ONE_SHOT)
		ep->int_ctrl &= ~IVSHMEM_INT_ENABLE;
	arch_irq_set_pending(ep->irq);
}

/* @ep's state is @state now: the table says so, the others are told */
static void ivshmem_set_state(struct ivshmem_endpoint *ep, u32 state)
{
	struct ivshmem_link *link = ep->link;
	unsigned int n;

	if (ep->state == state)
		return;
	ep->state = state;
	link->table[ep_id(ep)] = state;
	for (n = 0; n < link->peers; n++)
		if (link->ep[n] && link->ep[n] != ep)
			ivshmem_deliver(link->ep[n]);
}

static int link_check(const struct cell *cell,
		      const struct jailhouse_pci_device *dev,
		      const struct ivshmem_link *link)
{
	const struct jailhouse_memory *state = shmem_region(cell, dev, 0);
	const char *what = NULL;

	if (dev->shmem_peers != link->peers)
		what = "shmem_peers";
	else if (dev->shmem_protocol != link->protocol)
		what = "shmem_protocol";
	else if (state->phys_start != link->state_phys ||
		 state->size != link->state_size ||
		 shmem_region(cell, dev, 1)->size != link->rw_size ||
		 shmem_region(cell, dev, 2)->size != link->out_size)
		what = "shared memory regions";
	else if (link->ep[dev->shmem_dev_id])
		what = "shmem_dev_id (taken)";
	if (!what)
		return 0;
	printk("Cell \"%s\": ivshmem %04x:%02x:%02x.%x: %s differ from the link's other peers\n",
	       cell_name(cell), dev->domain, dev->bdf >> 8,
	       (dev->bdf >> 3) & 0x1f, dev->bdf & 7, what);
	return -EINVAL;
}

/*
 * By bdf alone: peers may sit in different PCI domains (Jailhouse's
 * published Linux demo cells use domain 0 against the root's domain 1).
 */
static struct ivshmem_link *link_find(u16 bdf)
{
	unsigned int n;

	for (n = 0; n < IVSHMEM_MAX_LINKS; n++)
		if (links[n].used && links[n].bdf == bdf)
			return &links[n];
	return NULL;
}

static struct ivshmem_link *link_new(const struct cell *cell,
				     const struct jailhouse_pci_device *dev)
{
	const struct jailhouse_memory *state = shmem_region(cell, dev, 0);
	struct ivshmem_link *link = NULL;
	void *table;
	unsigned int n;

	for (n = 0; n < IVSHMEM_MAX_LINKS && !link; n++)
		if (!links[n].used)
			link = &links[n];
	if (!link) {
		printk("Cell \"%s\": more than %u ivshmem links\n",
		       cell_name(cell), IVSHMEM_MAX_LINKS);
		return NULL;
	}
	table = ivshmem_map_table(state->phys_start, PAGE_ALIGN(state->size));
	if (!table) {
		printk("Cell \"%s\": cannot map the ivshmem state table at 0x%llx\n",
		       cell_name(cell), state->phys_start);
		return NULL;
	}
	memset(link, 0, sizeof(*link));
	link->used = true;
	link->bdf = dev->bdf;
	link->peers = dev->shmem_peers;
	link->protocol = dev->shmem_protocol;
	link->state_phys = state->phys_start;
	link->state_size = state->size;
	link->rw_size = shmem_region(cell, dev, 1)->size;
	link->out_size = shmem_region(cell, dev, 2)->size;
	link->table = table;
	/* a new link: nobody is up */
	for (n = 0; n < link->peers; n++)
		link->table[n] = 0;
	return link;
}

static void link_put(struct ivshmem_link *link)
{
	unsigned int n;

	for (n = 0; n < link->peers; n++)
		if (link->ep[n])
			return;
	ivshmem_unmap_table((void *)link->table, link->state_phys,
			    PAGE_ALIGN(link->state_size));
	link->used = false;
}

/* the shape a device must have before it can join a link */
static int dev_check(const struct cell *cell,
		     const struct jailhouse_pci_device *dev)
{
	const char *what = NULL;

	if (dev->shmem_peers < 2 || dev->shmem_peers > IVSHMEM_MAX_PEERS)
		what = "shmem_peers (2..IVSHMEM_MAX_PEERS)";
	else if (dev->shmem_dev_id >= dev->shmem_peers)
		what = "shmem_dev_id (beyond shmem_peers)";
	else if ((u64)dev->shmem_regions_start + 2 + dev->shmem_peers >
		 cell->config->num_memory_regions)
		what = "shmem_regions_start (regions beyond the config)";
	else if (dev->bar_mask[1] || (dev->bar_mask[0] != 0xfffff000 &&
					dev->bar_mask[0] != 0xffff0000))
		what = "bar_mask (only INTx with a 4 or 64 KiB BAR 0: no MSI-X without an ITS)";
	if (!what)
		return 0;
	printk("Cell \"%s\": ivshmem %04x:%02x:%02x.%x: bad %s\n",
	       cell_name(cell), dev->domain, dev->bdf >> 8,
	       (dev->bdf >> 3) & 0x1f, dev->bdf & 7, what);
	return -EINVAL;
}

static int ivshmem_link_up(struct cell *cell,
			   const struct jailhouse_pci_device *dev)
{
	unsigned int irq = 32 + cell->config->vpci_irq_base +
		((dev->bdf >> 3) & 3);
	struct ivshmem_endpoint *ep;
	struct ivshmem_link *link;
	int err;

	err = dev_check(cell, dev);
	if (err)
		return err;
	if (!cell_owns_irq(cell, irq)) {
		printk("Cell \"%s\": ivshmem %04x:%02x:%02x.%x: its INTx, interrupt %u (vpci_irq_base + slot), is not the cell's\n",
		       cell_name(cell), dev->domain, dev->bdf >> 8,
		       (dev->bdf >> 3) & 0x1f, dev->bdf & 7, irq);
		return -EINVAL;
	}
	if (cell->num_ivshmem >= HV_MAX_IVSHMEM_PER_CELL) {
		printk("Cell \"%s\": more than %u ivshmem devices\n",
		       cell_name(cell), HV_MAX_IVSHMEM_PER_CELL);
		return -EINVAL;
	}

	link = link_find(dev->bdf);
	if (link) {
		err = link_check(cell, dev, link);
		if (err)
			return err;
	} else {
		link = link_new(cell, dev);
		if (!link)
			return -ENOMEM;
	}
	ep = &link->slot[dev->shmem_dev_id];
	memset(ep, 0, sizeof(*ep));
	ep->cell = cell;
	ep->dev = dev;
	ep->link = link;
	ep->irq = irq;
	ep->shmem_base = shmem_region(cell, dev, 0)->virt_start;
	link->ep[dev->shmem_dev_id] = ep;
	cell->ivshmem[cell->num_ivshmem++] = ep;
	return 0;
}

static void ivshmem_link_down(struct ivshmem_endpoint *ep)
{
	struct ivshmem_link *link = ep->link;

	ivshmem_set_state(ep, 0);
	link->ep[ep_id(ep)] = NULL;
	ep->link = NULL;
	link_put(link);
}

void ivshmem_cell_exit(struct cell *cell)
{
	unsigned int n;

	spin_lock(&ivshmem_lock);
	for (n = 0; n < cell->num_ivshmem; n++)
		ivshmem_link_down(cell->ivshmem[n]);
	cell->num_ivshmem = 0;
	spin_unlock(&ivshmem_lock);
}

void ivshmem_init(void)
{
	unsigned int n;

	/* a fresh hypervisor has none; host tests start over */
	for (n = 0; n < IVSHMEM_MAX_LINKS; n++)
		if (links[n].used)
			ivshmem_unmap_table((void *)links[n].table,
					    links[n].state_phys,
					    PAGE_ALIGN(links[n].state_size));
	memset(links, 0, sizeof(links));
}

int ivshmem_cell_init(struct cell *cell)
{
	const struct jailhouse_pci_device *dev =
		jailhouse_cell_pci_devices(cell->config);
	unsigned int n;
	int err = 0;

	cell->num_ivshmem = 0;
	/* without a virtual PCI host nobody could see them */
	if (!system_config->platform_info.pci_mmconfig_base ||
	    !system_config->platform_info.pci_is_virtual)
		return 0;
	spin_lock(&ivshmem_lock);
	for (n = 0; n < cell->config->num_pci_devices && !err; n++)
		if (dev[n].type == JAILHOUSE_PCI_TYPE_IVSHMEM)
			err = ivshmem_link_up(cell, &dev[n]);
	spin_unlock(&ivshmem_lock);
	if (err)
		ivshmem_cell_exit(cell);
	return err;
}

void ivshmem_cell_stopped(struct cell *cell)
{
	unsigned int n;

	spin_lock(&ivshmem_lock);
	for (n = 0; n < cell->num_ivshmem; n++) {
		cell->ivshmem[n]->int_ctrl = 0;
		ivshmem_set_state(cell->ivshmem[n], 0);
	}
	spin_unlock(&ivshmem_lock);
}

void ivshmem_cell_reset(struct cell *cell)
{
	struct ivshmem_endpoint *ep;
	unsigned int n;

	spin_lock(&ivshmem_lock);
	for (n = 0; n < cell->num_ivshmem; n++) {
		ep = cell->ivshmem[n];
		ivshmem_set_state(ep, 0);
		ep->command = 0;
		ep->int_line = 0;
		ep->priv_ctrl = 0;
		ep->bar0 = 0;
		ep->int_ctrl = 0;
	}
	spin_unlock(&ivshmem_lock);
}

struct ivshmem_endpoint *ivshmem_find(struct cell *cell, u16 bdf)
{
	unsigned int n;

	for (n = 0; n < cell->num_ivshmem; n++)
		if (cell->ivshmem[n]->dev->bdf == bdf)
			return cell->ivshmem[n];
	return NULL;
}

/* config space, one dword; what is not listed reads 0 */
u32 ivshmem_cfg_read(const struct ivshmem_endpoint *ep, unsigned int reg)
{
	const struct ivshmem_link *link = ep->link;

	switch (reg & ~3U) {
	case 0x00:
	case 0x2c:	/* subsystem: the same ids, this implementation */
		return IVSHMEM_VENDOR_DEVICE;
	case 0x04:
		return ep->command | (PCI_STATUS_CAP_LIST << 16);
	case 0x08:	/* base class ff, protocol in interface and sub-class */
		return 0xff000000U | ((u32)ep->dev->shmem_protocol << 8);
	case 0x10:
		return ep->bar0;
	case 0x34:
		return IVSHMEM_CAP_OFFSET;
	case 0x3c:	/* interrupt pin A */
		return ep->int_line | (1U << 8);
	case IVSHMEM_CAP_OFFSET:
		return PCI_CAP_ID_VENDOR | (IVSHMEM_CAP_LENGTH << 16) |
			((u32)ep->priv_ctrl << 24);
	case IVSHMEM_CAP_OFFSET + 0x04:
		return link->state_size;
	case IVSHMEM_CAP_OFFSET + 0x08:
		return link->rw_size;
	case IVSHMEM_CAP_OFFSET + 0x0c:
		return link->rw_size >> 32;
	case IVSHMEM_CAP_OFFSET + 0x10:
		return link->out_size;
	case IVSHMEM_CAP_OFFSET + 0x14:
		return link->out_size >> 32;
	case IVSHMEM_CAP_OFFSET + 0x18:
		return ep->shmem_base;
	case IVSHMEM_CAP_OFFSET + 0x1c:
		return ep->shmem_base >> 32;
	default:
		return 0;
	}
}

/* @bytemask: which bytes of the dword the access wrote */
void ivshmem_cfg_write(struct ivshmem_endpoint *ep, unsigned int reg,
		       u32 value, u32 bytemask)
{
	u32 old = ivshmem_cfg_read(ep, reg);

	value = (old & ~bytemask) | (value & bytemask);
	spin_lock(&ivshmem_lock);
	switch (reg & ~3U) {
	case 0x04:
		ep->command = value & IVSHMEM_CMD_WRITABLE;
		break;
	case 0x10:
		ep->bar0 = value & ep->dev->bar_mask[0];
		break;
	case 0x3c:
		ep->int_line = value & 0xff;
		break;
	case IVSHMEM_CAP_OFFSET:
		ep->priv_ctrl = (value >> 24) & IVSHMEM_ONE_SHOT;
		break;
	default:
		/* read-only or not implemented: ignored, as the spec says */
		break;
	}
	spin_unlock(&ivshmem_lock);
}

static void ivshmem_doorbell(struct ivshmem_endpoint *ep, u32 value)
{
	struct ivshmem_link *link = ep->link;
	unsigned int target = value >> 16;

	/*
	 * INTx is one vector: every vector number raises it (Jailhouse's
	 * demos ring vector 1..3).  A missing or inactive peer: no effect.
	 */
	if (target >= link->peers || !link->ep[target])
		return;
	ivshmem_deliver(link->ep[target]);
}

static void ivshmem_reg_write(struct ivshmem_endpoint *ep, u64 offset,
			      u32 value)
{
	/* a failed or stopped cell's last writes change nothing */
	if (ep->cell->state != JAILHOUSE_CELL_RUNNING)
		return;
	switch (offset) {
	case IVSHMEM_REG_INT_CTRL:
		ep->int_ctrl = value & IVSHMEM_INT_ENABLE;
		break;
	case IVSHMEM_REG_DOORBELL:
		ivshmem_doorbell(ep, value);
		break;
	case IVSHMEM_REG_STATE:
		ivshmem_set_state(ep, value);
		break;
	}
}

static u32 ivshmem_reg_read(const struct ivshmem_endpoint *ep, u64 offset)
{
	switch (offset) {
	case IVSHMEM_REG_ID:
		return ep_id(ep);
	case IVSHMEM_REG_MAX_PEERS:
		return ep->link->peers;
	case IVSHMEM_REG_INT_CTRL:
		return ep->int_ctrl;
	case IVSHMEM_REG_STATE:
		return ep->state;
	default:
		return 0;
	}
}

enum mmio_result ivshmem_bar_access(struct cell *cell,
				    struct mmio_access *access)
{
	struct ivshmem_endpoint *ep;
	unsigned int n;
	u64 offset;

	for (n = 0; n < cell->num_ivshmem; n++) {
		ep = cell->ivshmem[n];
		if (!(ep->command & PCI_CMD_MEM) || !ep->bar0 ||
		    access->address < ep->bar0 ||
		    access->address - ep->bar0 >= ~ep->dev->bar_mask[0] + 1ULL)
			continue;
		offset = access->address - ep->bar0;
		/*
		 * Registers are aligned 32-bit; anything else reads 0 and
		 * writes nothing, like offsets without a register.
		 */
		if (access->size != 4 || (offset & 3)) {
			if (!access->is_write)
				access->value = 0;
			return MMIO_HANDLED;
		}
		spin_lock(&ivshmem_lock);
		if (access->is_write)
			ivshmem_reg_write(ep, offset, access->value);
		else
			access->value = ivshmem_reg_read(ep, offset);
		spin_unlock(&ivshmem_lock);
		return MMIO_HANDLED;
	}
	return MMIO_UNHANDLED;
}
