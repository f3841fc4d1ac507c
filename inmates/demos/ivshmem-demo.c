// SPDX-License-Identifier: GPL-2.0
/*
 * ivshmem-demo: one peer of an ivshmem (v2) shared-memory link, the
 * counterpart of the root cell's ivshmem demo tool.
 *
 * Finds the ivshmem device (110a:4106) on the cell's virtual PCI bus,
 * places its register BAR, maps the shared memory cacheable, announces
 * state 1 (ready) and then, every period_ms, writes "Hello N from IVSHMEM
 * peer ID!" into its output section and rings the doorbell of the target
 * peer.  Every interrupt received (doorbell or state change of a peer) is
 * reported with the peer states from the state table.
 *
 * Command line:
 *   bar-base=ADDR  where to put BAR 0, the register page (0xff000000)
 *   irq=N          GIC interrupt of the device's INTx (default from the
 *                  communication region: 32 + vpci_irq_base + device % 4)
 *   target=N       peer to ring (0, the root cell)
 *   period_ms=N    doorbell period (1000; 0: never ring)
 *   bdf=N          device to use (first ivshmem device found)
 *   echo           answer every interrupt at once, from the handler: its
 *                  count into the first word of the output section, then
 *                  a doorbell to the target; nothing printed per
 *                  interrupt (the doorbell round trip benchmark,
 *                  tests/scenarios/test_bench.py)
 */
#include <inmate.h>

#define IVSHMEM_VENDOR		0x110a
#define IVSHMEM_DEVICE		0x4106

/* register page (BAR 0) */
#define IVSHM_ID		0x00
#define IVSHM_MAX_PEERS		0x04
#define IVSHM_INT_CTRL		0x08
#define IVSHM_DOORBELL		0x0c
#define IVSHM_STATE		0x10
#define IVSHM_INT_ENABLE	1

/* vendor-specific capability */
#define IVSHM_CAP_LENGTH	0x02
#define IVSHM_CAP_PRIV_CTRL	0x03
#define IVSHM_CAP_STATE_SIZE	0x04
#define IVSHM_CAP_RW_SIZE	0x08
#define IVSHM_CAP_OUT_SIZE	0x10
#define IVSHM_CAP_BASE		0x18
#define IVSHM_CAP_LEN_WITH_BASE	0x20

#define STATE_READY		1
#define DEFAULT_BAR_BASE	0xff000000UL
#define MAX_SHOWN_PEERS		8

/*
 * Between events the CPU waits in WFI, woken by the device's interrupt or
 * its own timer, at the latest after POLL_MS to look at the communication
 * region (a shutdown request raises no interrupt).  A busy loop would do
 * the same on a board, but on QEMU with -icount all CPUs share one host
 * thread, and a spinning cell took nearly all of it from the root.
 */
#define POLL_MS			10

static unsigned long regs;
static volatile unsigned int irq_count;
static u64 period_ticks, next_send, poll_ticks;
static bool echo;
static u32 echo_target;
static volatile u32 *echo_word;

/*
 * The timer fires at the next send, or after POLL_MS without one.  A send
 * that is due already is the main loop's, which does not wait then: the
 * timer is off until it re-arms it (a deadline in the past would fire
 * again as soon as the handler returned).
 */
static void arm_wakeup(void)
{
	u64 now = timer_get_ticks(), at = now + poll_ticks;

	if (period_ticks && next_send < at)
		at = next_send;
	if (at <= now)
		timer_stop();
	else
		timer_start_at(at);
}

static void handle_irq(unsigned int irq)
{
	/* any interrupt moves the poll wakeup out: in echo mode a stream
	 * of doorbells is answered without a timer interrupt in between */
	arm_wakeup();
	if (irq == TIMER_IRQ)
		return;
	irq_count++;
	if (!echo)
		return;
	if (echo_word)
		*echo_word = irq_count;
	/* the count is visible before the doorbell that announces it */
	dsb();
	mmio_write32(regs + IVSHM_DOORBELL, echo_target << 16);
}

static u64 cap_read64(u16 bdf, unsigned int reg)
{
	return pci_read_config(bdf, reg, 4) |
	       ((u64)pci_read_config(bdf, reg + 4, 4) << 32);
}

static void show_states(const volatile u32 *state_table, u32 peers)
{
	u32 n;

	printk("IVSHMEM: peer states:");
	for (n = 0; n < peers && n < MAX_SHOWN_PEERS; n++)
		printk(" %u", state_table[n]);
	printk("\n");
}

static void copy_out(volatile char *dst, const char *src, u64 room)
{
	u64 n;

	for (n = 0; n + 1 < room && src[n]; n++)
		dst[n] = src[n];
	if (room)
		dst[n] = '\0';
}

void inmate_main(void)
{
	unsigned long bar = (unsigned long)cmdline_parse_int("bar-base",
							     DEFAULT_BAR_BASE);
	u64 period_ms = (u64)cmdline_parse_int("period_ms", 1000);
	u32 target = (u32)cmdline_parse_int("target", 0);
	u64 state_size, rw_size, out_size, base, sent = 0;
	const volatile u32 *state_table;
	volatile char *my_out = NULL;
	unsigned int seen = 0, irq;
	u32 id, peers;
	char msg[64];
	int bdf, cap;

	if (pci_init())
		inmate_fail("IVSHMEM: no PCI configuration space");
	bdf = (int)cmdline_parse_int("bdf", -1);
	if (bdf < 0)
		bdf = pci_find_device(IVSHMEM_VENDOR, IVSHMEM_DEVICE, 0);
	if (bdf < 0)
		inmate_fail("IVSHMEM: no ivshmem device found");
	printk("IVSHMEM: found device at 00:%02x.%x, protocol 0x%04x\n",
	       (bdf >> 3) & 0x1f, bdf & 7,
	       pci_read_config(bdf, PCI_CFG_CLASS_REV, 4) >> 8 & 0xffff);

	cap = pci_find_cap(bdf, PCI_CAP_VENDOR);
	if (cap < 0 || pci_read_config(bdf, cap + IVSHM_CAP_LENGTH, 1) <
		       IVSHM_CAP_LEN_WITH_BASE)
		inmate_fail("IVSHMEM: no shared memory address in the vendor capability");
	state_size = pci_read_config(bdf, cap + IVSHM_CAP_STATE_SIZE, 4);
	rw_size = cap_read64(bdf, cap + IVSHM_CAP_RW_SIZE);
	out_size = cap_read64(bdf, cap + IVSHM_CAP_OUT_SIZE);
	base = cap_read64(bdf, cap + IVSHM_CAP_BASE);

	/* register page: BAR 0, memory decoding on, INTx allowed */
	pci_write_config(bdf, PCI_CFG_BAR, (u32)bar, 4);
	pci_write_config(bdf, PCI_CFG_COMMAND,
			 (pci_read_config(bdf, PCI_CFG_COMMAND, 2) |
			  PCI_CMD_MEM) & ~PCI_CMD_INTX_OFF, 2);
	regs = bar;
	id = mmio_read32(regs + IVSHM_ID);
	peers = mmio_read32(regs + IVSHM_MAX_PEERS);
	printk("IVSHMEM: registers at 0x%lx, this is peer %u of %u\n",
	       regs, id, peers);

	if (mmu_map_normal((unsigned long)base,
			   (unsigned long)(state_size + rw_size +
					   peers * out_size)))
		printk("IVSHMEM: warning: shared memory stays uncached\n");
	state_table = (const volatile u32 *)(unsigned long)base;
	printk("IVSHMEM: state table at 0x%llx (0x%llx), r/w section 0x%llx (0x%llx), output sections 0x%llx (0x%llx each)\n",
	       base, state_size, base + state_size, rw_size,
	       base + state_size + rw_size, out_size);
	if (out_size && id < peers)
		my_out = (volatile char *)(unsigned long)
			(base + state_size + rw_size + id * out_size);
	echo = cmdline_parse_bool("echo");
	echo_target = target;
	if (echo && out_size >= sizeof(u32))
		echo_word = (volatile u32 *)my_out;

	irq = 32 + (comm_region_valid() ? comm_region()->vpci_irq_base : 0) +
	      ((bdf >> 3) & 3);
	irq = (unsigned int)cmdline_parse_int("irq", irq);
	if (irq_init(handle_irq))
		inmate_fail("IVSHMEM: GIC initialisation failed");
	irq_enable(irq);
	irq_enable(TIMER_IRQ);
	printk("IVSHMEM: INTx is interrupt %u, ringing peer %u every %llu ms\n",
	       irq, target, period_ms);
	if (echo)
		printk("IVSHMEM: answering every interrupt with a doorbell to peer %u\n",
		       target);

	mmio_write32(regs + IVSHM_INT_CTRL, IVSHM_INT_ENABLE);
	mmio_write32(regs + IVSHM_STATE, STATE_READY);
	show_states(state_table, peers);

	poll_ticks = timer_ns_to_ticks(POLL_MS * NS_PER_MSEC);
	period_ticks = timer_ns_to_ticks(period_ms * NS_PER_MSEC);
	next_send = timer_get_ticks();
	arm_wakeup();
	irqs_enable();
	for (;;) {
		if (period_ticks && timer_get_ticks() >= next_send) {
			sent++;
			if (my_out) {
				snprintf(msg, sizeof(msg),
					 "Hello %llu from IVSHMEM peer %u!",
					 sent, id);
				copy_out(my_out, msg, out_size);
			}
			dsb();
			printk("IVSHMEM: sending interrupt %llu to peer %u\n",
			       sent, target);
			mmio_write32(regs + IVSHM_DOORBELL, target << 16);
			next_send += period_ticks;
			irqs_disable();
			arm_wakeup();
			irqs_enable();
		}
		if (irq_count != seen && !echo) {
			seen = irq_count;
			printk("IVSHMEM: got interrupt %u\n", seen);
			show_states(state_table, peers);
		}
		comm_region_poll();
		/* interrupts masked from the check to the WFI, which one
		 * pending in between ends at once; it is taken after it */
		irqs_disable();
		if (irq_count == seen || echo)
			if (!period_ticks || timer_get_ticks() < next_send)
				asm volatile("wfi" : : : "memory");
		irqs_enable();
	}
}
