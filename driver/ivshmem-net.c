// SPDX-License-Identifier: GPL-2.0
/*
 * ivshmem-net.ko: an Ethernet link between two cells over an ivshmem v2
 * device with protocol 0001 ("virtual peer-to-peer Ethernet", class
 * ff0001), for the root cell and a Linux inmate alike.
 *
 * The link's shared memory has no r/w section in use; each peer transmits
 * into its own output section and receives from the other's.  An output
 * section starts with a virtio-style ring (legacy split layout of
 * vring_init(), QLEN entries, aligned to 64 bytes), followed by the frame
 * data of that peer's transmissions:
 *
 *	descriptor table	this peer's TX descriptors
 *	available ring		this peer's TX ring, then used_event: where
 *				this peer wants its TX completions notified
 *	used ring		this peer's completions of the other's TX
 *				(RX here), then avail_event: where this
 *				peer wants new RX frames notified
 *	frame data		up to the end of the section
 *
 * So the used rings of the two queues are swapped against plain virtio:
 * everything a peer writes lies in its own section.  A descriptor's addr
 * is the frame's offset from the start of the sender's output section
 * (always within the frame data), len its length, flags and next are 0:
 * one frame per descriptor.  QLEN is the largest power of two from 4096
 * down to 32 whose ring takes less than an eighth of a section; both ends
 * compute it from the same section size.  Notifications follow virtio's
 * event index scheme, as a doorbell to the peer (vector 0 with INTx, 1
 * with MSI-X, where vector 0 is left to state changes).
 *
 * The STATE register carries the handshake (the peer's value is read from
 * the state table):
 *	RESET (0)	rings invalid; becomes INIT (after clearing the own
 *			ring) once the peer is below READY
 *	INIT (1)	own ring cleared; becomes READY (rings set up) once
 *			the peer has left RESET
 *	READY (2)	rings set up; becomes RUN while the interface is up
 *			and the peer is READY or RUN, falls back to RESET
 *			if the peer resets
 *	RUN (3)		rings in use; carrier on while the peer is RUN too;
 *			back to RESET when the interface goes down or the
 *			peer drops below READY (a cell that stops or dies
 *			drops to 0: the hypervisor clears its state; a
 *			kernel that panics writes RESET itself)
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/panic_notifier.h>
#include <linux/pci.h>
#include <linux/virtio_ring.h>
#include <linux/workqueue.h>

#define IVSHMEM_VENDOR		0x110a
#define IVSHMEM_DEVICE		0x4106
/* base class ff, protocol 0001 (interface 01, sub-class 00) */
#define IVSHMEM_CLASS_NET	0xff0001

/* register page */
#define IVSHMEM_REG_ID		0x00
#define IVSHMEM_REG_MAX_PEERS	0x04
#define IVSHMEM_REG_INT_CTRL	0x08
#define IVSHMEM_REG_DOORBELL	0x0c
#define IVSHMEM_REG_STATE	0x10
#define IVSHMEM_INT_ENABLE	0x01

/* vendor capability */
#define IVSHMEM_CAP_LENGTH	0x02
#define IVSHMEM_CAP_STATE_SIZE	0x04
#define IVSHMEM_CAP_RW_SIZE	0x08
#define IVSHMEM_CAP_OUT_SIZE	0x10
#define IVSHMEM_CAP_ADDRESS	0x18
#define IVSHMEM_CAP_LEN_ADDRESS	0x20

#define IVNET_STATE_RESET	0
#define IVNET_STATE_INIT	1
#define IVNET_STATE_READY	2
#define IVNET_STATE_RUN		3

#define IVNET_VRING_ALIGN	64
#define IVNET_QLEN_MAX		4096
#define IVNET_QLEN_MIN		32
#define IVNET_MTU_DEFAULT	16384
#define IVNET_MTU_MAX		16384
/* frame data of one descriptor, ethernet and VLAN header included */
#define IVNET_FRAME_SIZE(mtu)	ALIGN((mtu) + ETH_HLEN + VLAN_HLEN, \
				      SMP_CACHE_BYTES)
/* what a received descriptor may carry at most */
#define IVNET_RX_FRAME_MAX	(64 * 1024)

static const char *const ivnet_state_names[] = {
	"RESET", "INIT", "READY", "RUN",
};

/* one direction: a vring, seen by its producer or its consumer */
struct ivnet_queue {
	struct vring vr;
	/* TX: next avail index to publish; RX: next avail entry to take */
	u16 avail_idx;
	/* TX: next used entry to look at; RX: next used index to publish */
	u16 used_idx;
};

struct ivnet {
	struct net_device *ndev;
	struct pci_dev *pdev;
	struct notifier_block panic_nb;
	void __iomem *regs;
	void *shm;
	const u32 *state_table;
	/* own output section (ours to write) and the peer's (read-only!) */
	void *out;
	const void *in;
	u64 out_size;
	u32 id;
	u32 peer;
	u32 qlen;
	/* bytes of the ring at the start of each section */
	u32 vrsize;
	/* bytes of frame data after it */
	u32 data_size;
	int nvec;
	u32 doorbell;

	struct napi_struct napi;
	struct work_struct state_work;

	/* the handshake: everything below up to "running" */
	struct mutex state_lock;
	u32 lstate;
	u32 rstate;
	/* the interface is up (ndo_open), NAPI enabled */
	bool up;
	/* local state RUN: NAPI and xmit may use the rings */
	bool running;

	/* TX, under the TX queue's lock */
	struct ivnet_queue tx;
	/* oldest descriptor not reclaimed, and the last index rung for */
	u16 tx_reclaim;
	u16 tx_kicked;
	/* frame data in use: [tail, head) modulo data_size, fill bytes */
	u32 tx_head;
	u32 tx_tail;
	u32 tx_fill;
	/* per descriptor: bytes of frame data it holds (with any skipped) */
	u32 *tx_span;
	unsigned long *tx_done;

	/* RX, in NAPI only */
	struct ivnet_queue rx;
};

/* the ring's 16- and 32-bit fields are little-endian, as in virtio 1.0 */
static inline u16 ivnet_get16(const __virtio16 *p)
{
	return le16_to_cpu((__force __le16)READ_ONCE(*p));
}

static inline void ivnet_put16(__virtio16 *p, u16 v)
{
	WRITE_ONCE(*p, (__force __virtio16)cpu_to_le16(v));
}

static inline u16 ivnet_get16_acquire(const __virtio16 *p)
{
	return le16_to_cpu((__force __le16)smp_load_acquire(p));
}

static inline void ivnet_put16_release(__virtio16 *p, u16 v)
{
	smp_store_release(p, (__force __virtio16)cpu_to_le16(v));
}

static u64 ivnet_cap64(struct pci_dev *pdev, int cap, int reg)
{
	u32 lo, hi;

	pci_read_config_dword(pdev, cap + reg, &lo);
	pci_read_config_dword(pdev, cap + reg + 4, &hi);
	return lo | (u64)hi << 32;
}

static void ivnet_kick(struct ivnet *in)
{
	writel(in->peer << 16 | in->doorbell,
	       in->regs + IVSHMEM_REG_DOORBELL);
}

static void ivnet_set_state(struct ivnet *in, u32 state)
{
	netdev_dbg(in->ndev, "state %s -> %s (peer %u)\n",
		   ivnet_state_names[in->lstate], ivnet_state_names[state],
		   in->rstate);
	in->lstate = state;
	/* writel orders the ring's setup before the peer can see it */
	writel(state, in->regs + IVSHMEM_REG_STATE);
}

static u32 ivnet_peer_state(struct ivnet *in)
{
	u32 state = READ_ONCE(in->state_table[in->peer]);

	/* the peer's section as it was when it announced this state */
	smp_rmb();
	return state;
}

/* ---- TX ---------------------------------------------------------- */

/*
 * Room for @size bytes of contiguous frame data: offset in *off, bytes
 * consumed (including an unusable end of the area skipped) in *span.
 */
static bool ivnet_tx_room(struct ivnet *in, u32 size, u32 *off, u32 *span)
{
	u32 head = in->tx_head, tail = in->tx_tail;

	if (in->tx_fill && head == tail)
		return false;
	if (head >= tail) {
		if (in->data_size - head >= size) {
			*off = head;
			*span = size;
			return true;
		}
		if (tail >= size) {
			*off = 0;
			*span = in->data_size - head + size;
			return true;
		}
		return false;
	}
	if (tail - head >= size) {
		*off = head;
		*span = size;
		return true;
	}
	return false;
}

/* a free descriptor and room for a frame of the current MTU */
static bool ivnet_tx_ready(struct ivnet *in)
{
	u32 off, span;

	if ((u16)(in->tx.avail_idx - in->tx_reclaim) >= in->qlen)
		return false;
	return ivnet_tx_room(in, IVNET_FRAME_SIZE(in->ndev->mtu), &off,
			     &span);
}

/* takes back what the peer has consumed; TX queue lock held */
static void ivnet_tx_reclaim(struct ivnet *in)
{
	struct ivnet_queue *q = &in->tx;
	u16 used = ivnet_get16_acquire(&q->vr.used->idx);
	u16 outstanding = q->avail_idx - in->tx_reclaim;
	u32 mask = in->qlen - 1;

	if ((u16)(used - q->used_idx) > outstanding) {
		/* the peer is confused; wait for it to reset */
		net_warn_ratelimited("%s: peer completed %u of %u frames\n",
				     in->ndev->name,
				     (u16)(used - q->used_idx), outstanding);
		return;
	}
	for (; q->used_idx != used; q->used_idx++) {
		u32 id = le32_to_cpu((__force __le32)READ_ONCE(
			q->vr.used->ring[q->used_idx & mask].id));

		if (id >= in->qlen ||
		    (u16)((id - in->tx_reclaim) & mask) >= outstanding ||
		    test_bit(id, in->tx_done)) {
			in->ndev->stats.tx_errors++;
			continue;
		}
		__set_bit(id, in->tx_done);
	}
	while (in->tx_reclaim != q->avail_idx &&
	       test_bit(in->tx_reclaim & mask, in->tx_done)) {
		u32 id = in->tx_reclaim & mask;

		__clear_bit(id, in->tx_done);
		in->tx_tail = (in->tx_tail + in->tx_span[id]) % in->data_size;
		in->tx_fill -= in->tx_span[id];
		in->tx_reclaim++;
	}
	if (!in->tx_fill)
		in->tx_head = in->tx_tail = 0;
}

/* the queue is stopped for room: completions wake it */
static void ivnet_tx_wait_room(struct ivnet *in)
{
	netif_stop_queue(in->ndev);
	/* notify me when the peer has consumed the next frame */
	ivnet_put16(&vring_used_event(&in->tx.vr), in->tx.used_idx);
	virt_mb();
	ivnet_tx_reclaim(in);
	if (ivnet_tx_ready(in))
		netif_wake_queue(in->ndev);
}

static void ivnet_tx_notify(struct ivnet *in)
{
	u16 event;

	/* avail idx out before avail_event is read */
	virt_mb();
	event = ivnet_get16(&vring_avail_event(&in->tx.vr));
	if (vring_need_event(event, in->tx.avail_idx, in->tx_kicked))
		ivnet_kick(in);
	in->tx_kicked = in->tx.avail_idx;
}

static netdev_tx_t ivnet_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct ivnet *in = netdev_priv(ndev);
	struct ivnet_queue *q = &in->tx;
	u32 size = ALIGN(skb->len, SMP_CACHE_BYTES);
	u32 mask = in->qlen - 1;
	struct vring_desc *desc;
	u32 off, span, id;

	/* larger than the MTU (lowered meanwhile) or not linked */
	if (!READ_ONCE(in->running) || size > IVNET_FRAME_SIZE(ndev->mtu)) {
		ndev->stats.tx_dropped++;
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	ivnet_tx_reclaim(in);
	if ((u16)(q->avail_idx - in->tx_reclaim) >= in->qlen ||
	    !ivnet_tx_room(in, size, &off, &span)) {
		/* only when the MTU grew since the queue was last checked */
		ivnet_tx_wait_room(in);
		return NETDEV_TX_BUSY;
	}

	id = q->avail_idx & mask;
	skb_copy_and_csum_dev(skb, in->out + in->vrsize + off);
	desc = &q->vr.desc[id];
	desc->addr = (__force __virtio64)cpu_to_le64(in->vrsize + off);
	desc->len = (__force __virtio32)cpu_to_le32(skb->len);
	desc->flags = 0;
	desc->next = 0;
	in->tx_span[id] = span;
	in->tx_head = off + size;
	if (in->tx_head == in->data_size)
		in->tx_head = 0;
	in->tx_fill += span;
	ivnet_put16(&q->vr.avail->ring[q->avail_idx & mask], id);
	q->avail_idx++;
	/* frame and descriptor before the index */
	ivnet_put16_release(&q->vr.avail->idx, q->avail_idx);

	ndev->stats.tx_packets++;
	ndev->stats.tx_bytes += skb->len;
	dev_consume_skb_any(skb);

	if (!ivnet_tx_ready(in)) {
		ivnet_tx_notify(in);
		ivnet_tx_wait_room(in);
	} else if (!netdev_xmit_more()) {
		ivnet_tx_notify(in);
	}
	return NETDEV_TX_OK;
}

/* NAPI: completions of the peer wake a stopped queue */
static void ivnet_tx_clean(struct ivnet *in)
{
	struct netdev_queue *txq = netdev_get_tx_queue(in->ndev, 0);

	__netif_tx_lock(txq, smp_processor_id());
	ivnet_tx_reclaim(in);
	if (netif_queue_stopped(in->ndev) && ivnet_tx_ready(in))
		netif_wake_queue(in->ndev);
	__netif_tx_unlock(txq);
}

/* ---- RX ---------------------------------------------------------- */

/* the frame a descriptor of the peer points at, or NULL */
static const void *ivnet_rx_frame(struct ivnet *in, u32 id, u32 *len)
{
	const struct vring_desc *desc = &in->rx.vr.desc[id];
	u64 addr = le64_to_cpu((__force __le64)READ_ONCE(desc->addr));
	u16 flags = le16_to_cpu((__force __le16)READ_ONCE(desc->flags));

	*len = le32_to_cpu((__force __le32)READ_ONCE(desc->len));
	if (flags || *len < ETH_HLEN || *len > IVNET_RX_FRAME_MAX ||
	    addr < in->vrsize || addr >= in->out_size ||
	    *len > in->out_size - addr)
		return NULL;
	return in->in + addr;
}

static int ivnet_rx(struct ivnet *in, int budget)
{
	struct net_device *ndev = in->ndev;
	struct ivnet_queue *q = &in->rx;
	u16 old_used = q->used_idx, avail, event;
	u32 mask = in->qlen - 1;
	struct sk_buff *skb;
	const void *frame;
	int done = 0;
	u32 id, len;

	avail = ivnet_get16_acquire(&q->vr.avail->idx);
	if ((u16)(avail - q->avail_idx) > in->qlen) {
		net_warn_ratelimited("%s: peer offers %u frames on a ring of %u\n",
				     ndev->name, (u16)(avail - q->avail_idx),
				     in->qlen);
		return 0;
	}
	while (done < budget && q->avail_idx != avail) {
		id = ivnet_get16(&q->vr.avail->ring[q->avail_idx & mask]);
		frame = id < in->qlen ? ivnet_rx_frame(in, id, &len) : NULL;
		if (!frame) {
			ndev->stats.rx_errors++;
			len = 0;
		} else {
			skb = napi_alloc_skb(&in->napi, len);
			if (skb) {
				skb_put_data(skb, frame, len);
				skb->protocol = eth_type_trans(skb, ndev);
				ndev->stats.rx_packets++;
				ndev->stats.rx_bytes += len;
				napi_gro_receive(&in->napi, skb);
			} else {
				ndev->stats.rx_dropped++;
			}
		}
		q->vr.used->ring[q->used_idx & mask].id =
			(__force __virtio32)cpu_to_le32(id);
		q->vr.used->ring[q->used_idx & mask].len =
			(__force __virtio32)cpu_to_le32(len);
		q->used_idx++;
		q->avail_idx++;
		done++;
	}
	if (q->used_idx == old_used)
		return done;
	/* the frames are read before the peer may reuse them */
	ivnet_put16_release(&q->vr.used->idx, q->used_idx);
	virt_mb();
	event = ivnet_get16(&vring_used_event(&q->vr));
	if (vring_need_event(event, q->used_idx, old_used))
		ivnet_kick(in);
	return done;
}

static int ivnet_poll(struct napi_struct *napi, int budget)
{
	struct ivnet *in = container_of(napi, struct ivnet, napi);
	u16 pending;
	int done;

	if (!READ_ONCE(in->running)) {
		napi_complete(napi);
		return 0;
	}
	ivnet_tx_clean(in);
	done = ivnet_rx(in, budget);
	if (done < budget && napi_complete_done(napi, done)) {
		/* notify me when the peer offers the next frame */
		ivnet_put16(&vring_avail_event(&in->rx.vr), in->rx.avail_idx);
		virt_mb();
		pending = ivnet_get16(&in->rx.vr.avail->idx) -
			  in->rx.avail_idx;
		/* not for a ring the peer has broken: ivnet_rx() said so */
		if (pending && pending <= in->qlen)
			napi_schedule(napi);
	}
	return done;
}

/* ---- handshake --------------------------------------------------- */

static void ivnet_init_queues(struct ivnet *in)
{
	vring_init(&in->tx.vr, in->qlen, in->out, IVNET_VRING_ALIGN);
	/* the peer's ring is only read through, never written */
	vring_init(&in->rx.vr, in->qlen, (void *)in->in, IVNET_VRING_ALIGN);
	swap(in->tx.vr.used, in->rx.vr.used);
	in->tx.avail_idx = in->tx.used_idx = 0;
	in->rx.avail_idx = in->rx.used_idx = 0;
	in->tx_reclaim = in->tx_kicked = 0;
	in->tx_head = in->tx_tail = in->tx_fill = 0;
	bitmap_zero(in->tx_done, in->qlen);
}

static void ivnet_run(struct ivnet *in)
{
	WRITE_ONCE(in->running, true);
	ivnet_set_state(in, IVNET_STATE_RUN);
	/* whatever the peer queued meanwhile */
	napi_schedule(&in->napi);
}

/* leaves RUN: nothing uses the rings after this; NAPI is enabled */
static void ivnet_halt(struct ivnet *in)
{
	WRITE_ONCE(in->running, false);
	/* a poll that saw it running may still wake the queue */
	napi_synchronize(&in->napi);
	netif_tx_disable(in->ndev);
}

/* advances the handshake as far as the peer's state allows */
static void ivnet_update(struct ivnet *in)
{
	bool link;
	u32 rstate;

	lockdep_assert_held(&in->state_lock);
	for (;;) {
		rstate = ivnet_peer_state(in);
		WRITE_ONCE(in->rstate, rstate);
		switch (in->lstate) {
		case IVNET_STATE_RESET:
			/* the peer may still use our ring */
			if (rstate >= IVNET_STATE_READY)
				goto out;
			memset(in->out, 0, in->vrsize);
			ivnet_set_state(in, IVNET_STATE_INIT);
			continue;
		case IVNET_STATE_INIT:
			/* the peer's ring is not cleared yet */
			if (rstate == IVNET_STATE_RESET)
				goto out;
			ivnet_init_queues(in);
			ivnet_set_state(in, IVNET_STATE_READY);
			continue;
		case IVNET_STATE_READY:
			if (rstate == IVNET_STATE_RESET) {
				ivnet_set_state(in, IVNET_STATE_RESET);
				continue;
			}
			if (!in->up || rstate < IVNET_STATE_READY)
				goto out;
			ivnet_run(in);
			continue;
		default:
			if (in->up && rstate >= IVNET_STATE_READY)
				goto out;
			ivnet_halt(in);
			ivnet_set_state(in, IVNET_STATE_RESET);
			continue;
		}
	}
out:
	link = in->lstate == IVNET_STATE_RUN && rstate == IVNET_STATE_RUN;
	if (link && !netif_carrier_ok(in->ndev)) {
		netdev_info(in->ndev, "link up (peer %u)\n", in->peer);
		netif_carrier_on(in->ndev);
		netif_wake_queue(in->ndev);
	} else if (!link && netif_carrier_ok(in->ndev)) {
		netdev_info(in->ndev, "link down (peer %u: %s)\n", in->peer,
			    rstate < ARRAY_SIZE(ivnet_state_names) ?
			    ivnet_state_names[rstate] : "unknown");
		netif_carrier_off(in->ndev);
	}
}

static void ivnet_state_work(struct work_struct *work)
{
	struct ivnet *in = container_of(work, struct ivnet, state_work);

	mutex_lock(&in->state_lock);
	ivnet_update(in);
	mutex_unlock(&in->state_lock);
}

/* a doorbell or a state change of the peer: INTx says which only here */
static irqreturn_t ivnet_irq(int irq, void *data)
{
	struct ivnet *in = data;

	if (READ_ONCE(in->state_table[in->peer]) != READ_ONCE(in->rstate))
		schedule_work(&in->state_work);
	if (READ_ONCE(in->running))
		napi_schedule(&in->napi);
	return IRQ_HANDLED;
}

/* ---- net_device -------------------------------------------------- */

static int ivnet_open(struct net_device *ndev)
{
	struct ivnet *in = netdev_priv(ndev);

	napi_enable(&in->napi);
	mutex_lock(&in->state_lock);
	in->up = true;
	ivnet_update(in);
	mutex_unlock(&in->state_lock);
	return 0;
}

static int ivnet_stop(struct net_device *ndev)
{
	struct ivnet *in = netdev_priv(ndev);

	mutex_lock(&in->state_lock);
	in->up = false;
	ivnet_update(in);
	mutex_unlock(&in->state_lock);
	napi_disable(&in->napi);
	return 0;
}

static const struct net_device_ops ivnet_ops = {
	.ndo_open = ivnet_open,
	.ndo_stop = ivnet_stop,
	.ndo_start_xmit = ivnet_xmit,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

static void ivnet_get_drvinfo(struct net_device *ndev,
			      struct ethtool_drvinfo *info)
{
	struct ivnet *in = netdev_priv(ndev);

	strscpy(info->driver, "ivshmem-net", sizeof(info->driver));
	strscpy(info->bus_info, pci_name(in->pdev), sizeof(info->bus_info));
}

static const struct ethtool_ops ivnet_ethtool_ops = {
	.get_drvinfo = ivnet_get_drvinfo,
	.get_link = ethtool_op_get_link,
};

/* ---- PCI --------------------------------------------------------- */

/* ring length and size for output sections of @size bytes */
static int ivnet_ring_geometry(struct ivnet *in, u64 size)
{
	u32 qlen, vrsize;

	for (qlen = IVNET_QLEN_MAX; qlen >= IVNET_QLEN_MIN; qlen >>= 1) {
		vrsize = ALIGN(vring_size(qlen, IVNET_VRING_ALIGN),
			       IVNET_VRING_ALIGN);
		if (vrsize < size / 8)
			break;
	}
	if (qlen < IVNET_QLEN_MIN || size > U32_MAX ||
	    size - vrsize < 2 * IVNET_FRAME_SIZE(ETH_DATA_LEN))
		return -ENOSPC;
	in->qlen = qlen;
	in->vrsize = vrsize;
	in->data_size = size - vrsize;
	return 0;
}

static int ivnet_request_irqs(struct ivnet *in)
{
	struct pci_dev *pdev = in->pdev;
	int n, err;

	/* MSI-X: vector 0 for state changes, 1 for frames; else INTx */
	in->nvec = pci_alloc_irq_vectors(pdev, 1, 2, PCI_IRQ_ALL_TYPES);
	if (in->nvec < 0)
		return in->nvec;
	in->doorbell = in->nvec - 1;
	for (n = 0; n < in->nvec; n++) {
		err = request_irq(pci_irq_vector(pdev, n), ivnet_irq,
				  pdev->msix_enabled ? 0 : IRQF_SHARED,
				  "ivshmem-net", in);
		if (err)
			goto out_free;
	}
	return 0;

out_free:
	while (n--)
		free_irq(pci_irq_vector(pdev, n), in);
	pci_free_irq_vectors(pdev);
	return err;
}

static void ivnet_free_irqs(struct ivnet *in)
{
	int n;

	writel(0, in->regs + IVSHMEM_REG_INT_CTRL);
	for (n = 0; n < in->nvec; n++)
		free_irq(pci_irq_vector(in->pdev, n), in);
	pci_free_irq_vectors(in->pdev);
	/* nothing schedules it any more */
	cancel_work_sync(&in->state_work);
}

/*
 * A panicking kernel takes interrupts again at the end of panic() and
 * would go on answering over the link from its interrupt handler, alive
 * to the peer (and to TI's crash test) though dead: the peer is told at
 * once, by the state it sees drop to RESET, and this end stops listening.
 * Plain register writes: no lock may be taken here.
 */
static int ivnet_panic(struct notifier_block *nb, unsigned long event,
		       void *msg)
{
	struct ivnet *in = container_of(nb, struct ivnet, panic_nb);

	writel(0, in->regs + IVSHMEM_REG_INT_CTRL);
	writel(IVNET_STATE_RESET, in->regs + IVSHMEM_REG_STATE);
	return NOTIFY_DONE;
}

static int ivnet_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	u64 state_size, rw_size, out_size, base;
	u32 me, peers, state_size32;
	struct net_device *ndev;
	void __iomem *regs;
	struct ivnet *in;
	int cap, err;
	u8 len;

	err = pcim_enable_device(pdev);
	if (err)
		return err;
	/* mapped, not requested: see driver/pci.c */
	regs = pcim_iomap(pdev, 0, 0);
	if (!regs)
		return -ENOMEM;

	cap = pci_find_capability(pdev, PCI_CAP_ID_VNDR);
	if (cap)
		pci_read_config_byte(pdev, cap + IVSHMEM_CAP_LENGTH, &len);
	if (!cap || len < IVSHMEM_CAP_LEN_ADDRESS) {
		pci_err(pdev, "no shared-memory address in the vendor capability (shared memory in BAR 2 is not supported)\n");
		return -ENODEV;
	}
	pci_read_config_dword(pdev, cap + IVSHMEM_CAP_STATE_SIZE,
			      &state_size32);
	state_size = state_size32;
	rw_size = ivnet_cap64(pdev, cap, IVSHMEM_CAP_RW_SIZE);
	out_size = ivnet_cap64(pdev, cap, IVSHMEM_CAP_OUT_SIZE);
	base = ivnet_cap64(pdev, cap, IVSHMEM_CAP_ADDRESS);
	me = readl(regs + IVSHMEM_REG_ID);
	peers = readl(regs + IVSHMEM_REG_MAX_PEERS);
	if (peers != 2 || me >= peers || state_size < peers * sizeof(u32) ||
	    !out_size) {
		pci_err(pdev, "not a network link: peer %u of %u, state table 0x%llx, output sections 0x%llx\n",
			me, peers, state_size, out_size);
		return -ENODEV;
	}

	ndev = alloc_etherdev(sizeof(*in));
	if (!ndev)
		return -ENOMEM;
	SET_NETDEV_DEV(ndev, &pdev->dev);
	in = netdev_priv(ndev);
	in->ndev = ndev;
	in->pdev = pdev;
	in->regs = regs;
	in->id = me;
	in->peer = 1 - me;
	in->out_size = out_size;
	err = ivnet_ring_geometry(in, out_size);
	if (err) {
		pci_err(pdev, "output sections of 0x%llx bytes are too small\n",
			out_size);
		goto out_free_netdev;
	}

	/* cacheable, as the peer maps it */
	in->shm = memremap(base, state_size + rw_size + 2 * out_size,
			   MEMREMAP_WB);
	if (!in->shm) {
		err = -ENOMEM;
		goto out_free_netdev;
	}
	in->state_table = in->shm;
	in->out = in->shm + state_size + rw_size + me * out_size;
	in->in = in->shm + state_size + rw_size + in->peer * out_size;

	in->tx_span = devm_kcalloc(&pdev->dev, in->qlen, sizeof(u32),
				   GFP_KERNEL);
	in->tx_done = devm_bitmap_zalloc(&pdev->dev, in->qlen, GFP_KERNEL);
	if (!in->tx_span || !in->tx_done) {
		err = -ENOMEM;
		goto out_unmap;
	}

	mutex_init(&in->state_lock);
	INIT_WORK(&in->state_work, ivnet_state_work);
	in->lstate = IVNET_STATE_RESET;
	netif_napi_add(ndev, &in->napi, ivnet_poll);

	ndev->netdev_ops = &ivnet_ops;
	ndev->ethtool_ops = &ivnet_ethtool_ops;
	ndev->min_mtu = ETH_MIN_MTU;
	ndev->max_mtu = min_t(u32, IVNET_MTU_MAX,
			      in->data_size / 4 - ETH_HLEN - VLAN_HLEN);
	ndev->mtu = min_t(u32, IVNET_MTU_DEFAULT, ndev->max_mtu);
	ndev->hw_features = NETIF_F_HW_CSUM | NETIF_F_SG;
	ndev->features = ndev->hw_features;
	eth_hw_addr_random(ndev);
	netif_carrier_off(ndev);

	pci_set_master(pdev);
	err = ivnet_request_irqs(in);
	if (err) {
		pci_err(pdev, "no interrupt (%d)\n", err);
		goto out_napi;
	}

	err = register_netdev(ndev);
	if (err)
		goto out_irqs;
	pci_set_drvdata(pdev, in);

	writel(IVSHMEM_INT_ENABLE, regs + IVSHMEM_REG_INT_CTRL);
	mutex_lock(&in->state_lock);
	/* whatever a previous driver left there */
	ivnet_set_state(in, IVNET_STATE_RESET);
	ivnet_update(in);
	mutex_unlock(&in->state_lock);

	in->panic_nb.notifier_call = ivnet_panic;
	atomic_notifier_chain_register(&panic_notifier_list, &in->panic_nb);

	netdev_info(ndev, "peer %u of 2 on %s, %u frames of up to %u bytes a ring, %s\n",
		    me, pci_name(pdev), in->qlen, ndev->max_mtu,
		    pdev->msix_enabled ? "MSI-X" : "INTx");
	return 0;

out_irqs:
	ivnet_free_irqs(in);
out_napi:
	netif_napi_del(&in->napi);
out_unmap:
	memunmap(in->shm);
out_free_netdev:
	free_netdev(ndev);
	return err;
}

static void ivnet_remove(struct pci_dev *pdev)
{
	struct ivnet *in = pci_get_drvdata(pdev);

	atomic_notifier_chain_unregister(&panic_notifier_list, &in->panic_nb);
	ivnet_free_irqs(in);
	/* stops it if up: leaves RUN */
	unregister_netdev(in->ndev);
	/* the peer sees us go */
	ivnet_set_state(in, IVNET_STATE_RESET);
	netif_napi_del(&in->napi);
	memunmap(in->shm);
	free_netdev(in->ndev);
}

static const struct pci_device_id ivnet_ids[] = {
	{
		PCI_DEVICE(IVSHMEM_VENDOR, IVSHMEM_DEVICE),
		.class = IVSHMEM_CLASS_NET,
		.class_mask = 0xffffff,
	},
	{ }
};
MODULE_DEVICE_TABLE(pci, ivnet_ids);

static struct pci_driver ivnet_driver = {
	.name = "ivshmem-net",
	.id_table = ivnet_ids,
	.probe = ivnet_probe,
	.remove = ivnet_remove,
};
module_pci_driver(ivnet_driver);

MODULE_DESCRIPTION("Ethernet over ivshmem v2 shared memory between cells");
MODULE_LICENSE("GPL");
