// SPDX-License-Identifier: GPL-2.0
/*
 * Inmate console: the UART the communication region describes (8250 with
 * byte or 32-bit register spacing, PL011), memory mapped and polled, or the
 * hypervisor's debug console (JAILHOUSE_HC_DEBUG_CONSOLE_PUTC) when there
 * is no usable UART.  The hypercall console is used in addition to the UART
 * when the hypervisor marks it active for the cell.
 *
 * Command line overrides: con-type=8250|pl011|none, con-base=ADDR,
 * con-divider=N, con-regdist-1, con-regdist-4, con-virtual.
 */
#include <inmate.h>

/* 8250 registers (index, scaled by the register distance) */
#define UART8250_THR		0
#define UART8250_DLL		0
#define UART8250_IER		1
#define UART8250_DLM		1
#define UART8250_FCR		2
#define UART8250_LCR		3
#define UART8250_LSR		5
#define UART8250_MDR1		8
#define UART8250_LCR_8N1	0x03
#define UART8250_LCR_DLAB	0x80
#define UART8250_FCR_FIFO_RESET	0x07
#define UART8250_LSR_THRE	0x20

/* PL011 registers (byte offsets) */
#define PL011_DR		0x00
#define PL011_FR		0x18
#define PL011_IBRD		0x24
#define PL011_FBRD		0x28
#define PL011_LCRH		0x2c
#define PL011_CR		0x30
#define PL011_FR_TXFF		(1 << 5)
#define PL011_LCRH_WLEN8	(3 << 5)
#define PL011_LCRH_FEN		(1 << 4)
#define PL011_CR_UARTEN		(1 << 0)
#define PL011_CR_TXE		(1 << 8)
#define PL011_CR_RXE		(1 << 9)

/* give up waiting for a wedged UART after this many polls */
#define TX_SPIN_LIMIT		1000000

enum con_kind { CON_NONE, CON_8250, CON_PL011 };

static struct {
	enum con_kind kind;
	unsigned long base;
	unsigned int regshift;	/* 0: 1-byte spacing, 2: 4-byte spacing */
	bool virtual_con;	/* hypercall console in use */
	bool ready;
} con;

static u32 uart8250_read(unsigned int reg)
{
	unsigned long addr = con.base + (reg << con.regshift);

	return con.regshift ? mmio_read32(addr) : mmio_read8(addr);
}

static void uart8250_write(unsigned int reg, u32 val)
{
	unsigned long addr = con.base + (reg << con.regshift);

	if (con.regshift)
		mmio_write32(addr, val);
	else
		mmio_write8(addr, (u8)val);
}

static void uart8250_init(u32 divider, u16 flags)
{
	if (flags & JAILHOUSE_CON_MDR_QUIRK)
		uart8250_write(UART8250_MDR1, 0);	/* 16x UART mode */
	if (!divider)
		return;		/* keep what the firmware programmed */

	uart8250_write(UART8250_LCR, UART8250_LCR_DLAB | UART8250_LCR_8N1);
	uart8250_write(UART8250_DLL, divider & 0xff);
	uart8250_write(UART8250_DLM, (divider >> 8) & 0xff);
	uart8250_write(UART8250_LCR, UART8250_LCR_8N1);
	uart8250_write(UART8250_IER, 0);
	uart8250_write(UART8250_FCR, UART8250_FCR_FIFO_RESET);
}

static void uart8250_putc(char c)
{
	unsigned int spin = TX_SPIN_LIMIT;

	while (!(uart8250_read(UART8250_LSR) & UART8250_LSR_THRE) && --spin)
		cpu_relax();
	uart8250_write(UART8250_THR, (u8)c);
}

static void pl011_init(u32 divider)
{
	if (!divider)
		return;

	mmio_write32(con.base + PL011_CR, 0);
	mmio_write32(con.base + PL011_IBRD, divider);
	mmio_write32(con.base + PL011_FBRD, 0);
	mmio_write32(con.base + PL011_LCRH,
		     PL011_LCRH_WLEN8 | PL011_LCRH_FEN);
	mmio_write32(con.base + PL011_CR,
		     PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
}

static void pl011_putc(char c)
{
	unsigned int spin = TX_SPIN_LIMIT;

	while ((mmio_read32(con.base + PL011_FR) & PL011_FR_TXFF) && --spin)
		cpu_relax();
	mmio_write32(con.base + PL011_DR, (u8)c);
}

static void clock_gate_open(const struct jailhouse_console *desc)
{
	u32 val;

	if (!desc->clock_reg)
		return;
	val = mmio_read32((unsigned long)desc->clock_reg);
	if (desc->flags & JAILHOUSE_CON_INVERTED_GATE)
		val &= ~(1U << desc->gate_nr);
	else
		val |= 1U << desc->gate_nr;
	mmio_write32((unsigned long)desc->clock_reg, val);
}

static enum con_kind kind_from_type(u16 type)
{
	switch (type) {
	case JAILHOUSE_CON_TYPE_8250:
		return CON_8250;
	case JAILHOUSE_CON_TYPE_PL011:
		return CON_PL011;
	default:
		return CON_NONE;
	}
}

void console_init(void)
{
	struct jailhouse_console desc = { 0 };
	struct jailhouse_comm_region *comm = comm_region();
	char type_buf[8];
	const char *type;

	con.ready = false;
	if (comm_region_valid()) {
		memcpy(&desc, (const void *)&comm->console, sizeof(desc));
		if (comm->flags & JAILHOUSE_COMM_FLAG_DBG_PUTC_ACTIVE)
			con.virtual_con = true;
	}

	type = cmdline_parse_str("con-type", type_buf, sizeof(type_buf), "");
	if (!strcmp(type, "8250"))
		desc.type = JAILHOUSE_CON_TYPE_8250;
	else if (!strcmp(type, "pl011"))
		desc.type = JAILHOUSE_CON_TYPE_PL011;
	else if (!strcmp(type, "none"))
		desc.type = JAILHOUSE_CON_TYPE_NONE;
	desc.address = (u64)cmdline_parse_int("con-base",
					      (long long)desc.address);
	desc.divider = (u32)cmdline_parse_int("con-divider", desc.divider);
	if (cmdline_parse_bool("con-regdist-1"))
		desc.flags &= ~JAILHOUSE_CON_REGDIST_4;
	if (cmdline_parse_bool("con-regdist-4"))
		desc.flags |= JAILHOUSE_CON_REGDIST_4;
	if (cmdline_parse_bool("con-virtual"))
		con.virtual_con = true;

	con.kind = desc.address ? kind_from_type(desc.type) : CON_NONE;
	con.base = (unsigned long)desc.address;
	con.regshift = CON_USES_REGDIST_1(desc.flags) ? 0 : 2;

	switch (con.kind) {
	case CON_8250:
		clock_gate_open(&desc);
		uart8250_init(desc.divider, desc.flags);
		break;
	case CON_PL011:
		clock_gate_open(&desc);
		pl011_init(desc.divider);
		break;
	case CON_NONE:
		/* nothing to drive: the hypervisor's console it is */
		con.virtual_con = true;
		break;
	}
	con.ready = true;
}

const char *console_name(void)
{
	switch (con.kind) {
	case CON_8250:
		return con.virtual_con ? "8250+hypercall" : "8250";
	case CON_PL011:
		return con.virtual_con ? "pl011+hypercall" : "pl011";
	default:
		return "hypercall";
	}
}

static void uart_putc(char c)
{
	if (con.kind == CON_8250)
		uart8250_putc(c);
	else if (con.kind == CON_PL011)
		pl011_putc(c);
}

void console_putc(char c)
{
	if (!con.ready)
		return;

	if (con.kind != CON_NONE) {
		if (c == '\n')
			uart_putc('\r');
		uart_putc(c);
	}
	if (con.virtual_con)
		jailhouse_call_arg1(JAILHOUSE_HC_DEBUG_CONSOLE_PUTC,
				    (unsigned char)c);
}

void console_puts(const char *s)
{
	while (*s)
		console_putc(*s++);
}
