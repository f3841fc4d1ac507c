/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bare-metal inmate library for arm64 cells.
 *
 * An inmate image is linked at 0 and entered at 0 at EL1 with the MMU off.
 * The library's start-up code sets up a stack, clears .bss, installs the
 * exception vectors, enables an identity mapping (RAM and communication
 * region cacheable, everything else device memory), brings up the console
 * described in the communication region and finally calls inmate_main().
 *
 * Inmate view of the address space (Jailhouse compatible):
 *   0x00000000  image, entry point
 *   0x00001000  command line ("jailhouse cell load ... -s STRING -a 0x1000")
 *   0x80000000  communication region (struct jailhouse_comm_region)
 */
#ifndef _INMATE_H
#define _INMATE_H

#define COMM_REGION_BASE	0x80000000UL
/* identity-mapped cacheable RAM from 0 once the library enabled the MMU */
#define INMATE_CACHED_RAM_SIZE	0x200000UL

/* image offset of the command line buffer and its default size */
#define CMDLINE_OFFSET		0x1000
#define CMDLINE_DEFAULT_SIZE	256

#ifndef __ASSEMBLY__

#include <jailhouse/types.h>
#include <jailhouse/hypercall.h>

#define __noinline	__attribute__((noinline))
#define __noreturn	__attribute__((noreturn))
#define __used		__attribute__((used))
#define __weak		__attribute__((weak))
#define __printf(a, b)	__attribute__((format(printf, a, b)))

typedef __builtin_va_list va_list;
#define va_start(ap, last)	__builtin_va_start(ap, last)
#define va_arg(ap, type)	__builtin_va_arg(ap, type)
#define va_end(ap)		__builtin_va_end(ap)

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#define NS_PER_SEC	1000000000ULL
#define NS_PER_MSEC	1000000ULL
#define NS_PER_USEC	1000ULL

/* -------- system registers and barriers -------- */

#define read_sysreg(reg) ({						\
	u64 __val;							\
	asm volatile("mrs %0, " #reg : "=r" (__val));			\
	__val;								\
})

#define write_sysreg(reg, val) do {					\
	u64 __val = (u64)(val);						\
	asm volatile("msr " #reg ", %0" : : "r" (__val));		\
} while (0)

static inline void isb(void)
{
	asm volatile("isb" : : : "memory");
}

static inline void dsb(void)
{
	asm volatile("dsb sy" : : : "memory");
}

static inline void dmb(void)
{
	asm volatile("dmb sy" : : : "memory");
}

static inline void cpu_relax(void)
{
	asm volatile("yield" : : : "memory");
}

static inline void irqs_enable(void)
{
	asm volatile("msr daifclr, #2" : : : "memory");
}

static inline void irqs_disable(void)
{
	asm volatile("msr daifset, #2" : : : "memory");
}

/* -------- MMIO accessors (single, naturally aligned accesses) -------- */

static inline u8 mmio_read8(unsigned long addr)
{
	u8 val;

	asm volatile("ldrb %w0, [%1]" : "=r" (val) : "r" (addr) : "memory");
	return val;
}

static inline u32 mmio_read32(unsigned long addr)
{
	u32 val;

	asm volatile("ldr %w0, [%1]" : "=r" (val) : "r" (addr) : "memory");
	return val;
}

static inline u64 mmio_read64(unsigned long addr)
{
	u64 val;

	asm volatile("ldr %0, [%1]" : "=r" (val) : "r" (addr) : "memory");
	return val;
}

static inline void mmio_write8(unsigned long addr, u8 val)
{
	asm volatile("strb %w0, [%1]" : : "r" (val), "r" (addr) : "memory");
}

static inline void mmio_write32(unsigned long addr, u32 val)
{
	asm volatile("str %w0, [%1]" : : "r" (val), "r" (addr) : "memory");
}

static inline void mmio_write64(unsigned long addr, u64 val)
{
	asm volatile("str %0, [%1]" : : "r" (val), "r" (addr) : "memory");
}

/* -------- hypercalls -------- */

static inline long jailhouse_call(unsigned long code)
{
	register unsigned long x0 asm("x0") = code;

	asm volatile(JAILHOUSE_CALL_INS : "+r" (x0) : : "memory");
	return (long)x0;
}

static inline long jailhouse_call_arg1(unsigned long code, unsigned long arg1)
{
	register unsigned long x0 asm("x0") = code;
	register unsigned long x1 asm("x1") = arg1;

	asm volatile(JAILHOUSE_CALL_INS : "+r" (x0) : "r" (x1) : "memory");
	return (long)x0;
}

static inline long jailhouse_call_arg2(unsigned long code, unsigned long arg1,
				       unsigned long arg2)
{
	register unsigned long x0 asm("x0") = code;
	register unsigned long x1 asm("x1") = arg1;
	register unsigned long x2 asm("x2") = arg2;

	asm volatile(JAILHOUSE_CALL_INS
		     : "+r" (x0) : "r" (x1), "r" (x2) : "memory");
	return (long)x0;
}

/* -------- strings -------- */

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

/* -------- console and printk -------- */

void console_init(void);
void console_putc(char c);
void console_puts(const char *s);
/* "8250", "pl011" or "hypercall", "+hypercall" when both are used */
const char *console_name(void);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
void printk(const char *fmt, ...) __printf(1, 2);

/* -------- command line (jailhouse cell load ... -s "..." -a 0x1000) ----- */

/*
 * The library provides a CMDLINE_DEFAULT_SIZE buffer.  An inmate that needs
 * more space defines its own with CMDLINE_BUFFER(size) in one source file.
 * Parameters are blank-separated "key=value" or "key" words.
 */
#define CMDLINE_BUFFER(size)						\
	char cmdline[size] __attribute__((section(".cmdline")));	\
	const unsigned long cmdline_size = (size)

extern char cmdline[];
extern const unsigned long cmdline_size;

/* copies the value into buf (NUL terminated) or returns default_value */
const char *cmdline_parse_str(const char *param, char *buf, size_t size,
			      const char *default_value);
/* decimal, 0x hexadecimal or 0 octal, optional '-' */
long long cmdline_parse_int(const char *param, long long default_value);
/* "key", "key=1/on/yes/true" are true; "key=0/off/no/false" and absent false */
bool cmdline_parse_bool(const char *param);

/* -------- communication region -------- */

static inline struct jailhouse_comm_region *comm_region(void)
{
	return (struct jailhouse_comm_region *)COMM_REGION_BASE;
}

/* true if the region carries the "JHCOMM" signature */
bool comm_region_valid(void);
void comm_region_set_state(u32 state);
u32 comm_region_get_state(void);
/*
 * Answers a pending message: a shutdown request is denied while the state
 * is RUNNING_LOCKED, otherwise approved, after which the cell state becomes
 * SHUT_DOWN and the CPU halts (no return).  Returns the message handled
 * (JAILHOUSE_MSG_NONE if there was none).
 */
u32 comm_region_poll(void);

/* -------- arch timer -------- */

static inline u64 timer_get_ticks(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

static inline u64 timer_get_frequency(void)
{
	return read_sysreg(cntfrq_el0) & 0xffffffffULL;
}

u64 timer_ticks_to_ns(u64 ticks);
u64 timer_ns_to_ticks(u64 ns);
u64 timer_get_ns(void);
/* virtual timer (EL1, PPI 27), absolute compare value, IRQ unmasked */
#define TIMER_IRQ	27
void timer_start_at(u64 cval);
void timer_start(u64 delta_ticks);
void timer_stop(void);
/* busy wait, servicing the communication region meanwhile */
void delay_ns(u64 ns);
void delay_us(u64 us);

/* -------- GICv3 and interrupts -------- */

typedef void (*irq_handler_t)(unsigned int irq);

/*
 * Initialises the CPU interface (system registers) and this CPU's
 * redistributor and installs the handler the IRQ vector dispatches to.
 * Returns 0 or a negative value if no GICv3 was found.
 */
int irq_init(irq_handler_t handler);
/* SGIs/PPIs at the redistributor of this CPU, SPIs at the distributor */
void irq_enable(unsigned int irq);
void irq_disable(unsigned int irq);
unsigned long gic_redist_base(void);

/* called from the IRQ vector (boot.S) */
void irq_dispatch(void);

/* -------- PCI (bus 0 of the ECAM in the communication region) -------- */

#define PCI_CFG_VENDOR_ID	0x00
#define PCI_CFG_DEVICE_ID	0x02
#define PCI_CFG_COMMAND		0x04
#define PCI_CMD_MEM		(1 << 1)
#define PCI_CMD_MASTER		(1 << 2)
#define PCI_CMD_INTX_OFF	(1 << 10)
#define PCI_CFG_STATUS		0x06
#define PCI_STS_CAPS		(1 << 4)
#define PCI_CFG_CLASS_REV	0x08
#define PCI_CFG_BAR		0x10
#define PCI_CFG_CAP_PTR		0x34
#define PCI_CFG_INT_PIN		0x3d
#define PCI_CAP_VENDOR		0x09
#define PCI_CAP_MSIX		0x11

#define PCI_BDF(bus, dev, fn)	((u16)(((bus) << 8) | ((dev) << 3) | (fn)))

/* ECAM from the communication region or "pci-base="; 0 or -1 */
int pci_init(void);
u32 pci_read_config(u16 bdf, unsigned int reg, unsigned int size);
void pci_write_config(u16 bdf, unsigned int reg, u32 value,
		      unsigned int size);
/* first bdf >= start_bdf on bus 0 with these IDs, or -1 */
int pci_find_device(u16 vendor, u16 device, u16 start_bdf);
/* config space offset of the capability, or -1 */
int pci_find_cap(u16 bdf, u8 cap_id);

/* -------- misc -------- */

void inmate_main(void);

/*
 * Cleans [clean_start, clean_end) from the data cache, turns MMU and data
 * cache off and branches to entry with x0 = arg, x1..x3 = 0 (Linux arm64
 * boot protocol).  Interrupts are masked.
 */
void __noreturn mmu_off_and_jump(unsigned long entry, unsigned long arg,
				 unsigned long clean_start,
				 unsigned long clean_end);

/*
 * Maps [base, base + size) as normal cacheable memory (2 MiB granules),
 * e.g. shared memory the hypervisor maps cacheable for other cells too.
 * Returns 0, or -1 when out of translation tables.
 */
int mmu_map_normal(unsigned long base, unsigned long size);

/* masks interrupts and stops the CPU for good */
void __noreturn halt(void);
/* sets the cell state to FAILED and halts */
void __noreturn inmate_fail(const char *reason);

/* linker script symbols */
extern char __image_start[], __image_end[], __bss_start[], __bss_end[];
extern char __stack_top[], __ram_end[];

#endif /* !__ASSEMBLY__ */

#endif /* !_INMATE_H */
