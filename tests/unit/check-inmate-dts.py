#!/usr/bin/python3
"""An inmate device tree describes what its cell config gives the cell:
  check-inmate-dts.py SYSTEM.cell CELL.cell INMATE.dts
compiles INMATE.dts with dtc and checks, reading values with fdtget:
CPUs (reg = MPIDR affinity) are the cell's CPUs; the memory node lies in
one RAM region of the cell and holds /chosen's initramfs; GICD is the
system's; every device node's reg lies in a region of the cell and its
SPIs are the cell's; the virtual PCI host sits at the system's ECAM, its
interrupt-map gives slot s the SPI vpci_irq_base + s (which the cell
owns), and its memory window (where the inmate's Linux puts the BARs) is
mapped by no region, so that BAR accesses trap.  Prints each finding,
exits 1 if there is one."""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(
    __file__)), "..", "scenarios"))
from cellfile import CACHE_SIZE, CELL_DESC_SIZE, MEMORY_SIZE  # noqa: E402
from cellfile import PCI_MMCONFIG_BASE, CellFile  # noqa: E402

GICD_BASE = 316            # platform_info.arm.gicd_base of the system
MEM_READ, MEM_WRITE, MEM_EXECUTE = 0x1, 0x2, 0x4
MEM_IO, MEM_COMM_REGION = 0x10, 0x20
GIC_SPI = 0

findings = []


def finding(msg):
    findings.append(msg)
    print(f"check-inmate-dts: {msg}")


def fdt(dtb, node, prop=None, kind="x"):
    """A property's value (hex words, or a string with kind "s"), or
    without prop the node's subnodes; None if there is none."""
    if prop is None:
        cmd = ["fdtget", "-l", dtb, node]
    else:
        cmd = ["fdtget", "-t", kind, dtb, node, prop]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode:
        return None
    return res.stdout.split() if kind == "x" else res.stdout.strip()


def u64(cellfile, off):
    return int.from_bytes(cellfile.data[off:off + 8], "little")


def cells(values, n):
    """Big-endian numbers of n 32-bit cells each."""
    ints = [int(v, 16) for v in values]
    return [sum(ints[i + k] << (32 * (n - 1 - k)) for k in range(n))
            for i in range(0, len(ints), n)]


def irqchip_pins(cell):
    off = (cell.cell + CELL_DESC_SIZE + cell.cpu_set_size +
           cell.count("memory_regions") * MEMORY_SIZE +
           cell.count("cache_regions") * CACHE_SIZE)
    pins = set()
    for n in range(cell.count("irqchips")):
        base = cell.u32(off + n * 32 + 12)
        for word in range(4):
            bits = cell.u32(off + n * 32 + 16 + 4 * word)
            pins |= {base + 32 * word + b for b in range(32)
                     if bits >> b & 1}
    return pins


def regions(cell):
    return [cell.region(n) for n in range(cell.num_memory_regions)]


def region_holding(cell, start, size, need=0, io=None):
    for phys, virt, rsize, flags in regions(cell):
        if flags & MEM_COMM_REGION:
            continue
        if io is not None and bool(flags & MEM_IO) != io:
            continue
        if virt <= start and start + size <= virt + rsize and \
                flags & need == need:
            return (phys, virt, rsize, flags)
    return None


def check(system_file, cell_file, dts):
    system = CellFile(open(system_file, "rb").read())
    cell = CellFile(open(cell_file, "rb").read())
    pins = irqchip_pins(cell)
    with tempfile.TemporaryDirectory() as tmp:
        dtb = os.path.join(tmp, "inmate.dtb")
        subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb,
                        dts], check=True)
        nodes = fdt(dtb, "/")

        cpus = set()
        for node in fdt(dtb, "/cpus") or []:
            reg = fdt(dtb, f"/cpus/{node}", "reg")
            if fdt(dtb, f"/cpus/{node}", "enable-method", "s") != "psci":
                finding(f"/cpus/{node}: enable-method is not psci")
            cpus.add(int(reg[-1], 16))
        mask = sum(1 << c for c in cpus)
        if mask != cell.cpus():
            finding(f"/cpus: CPUs {sorted(cpus)}, the cell has mask "
                    f"0x{cell.cpus():x}")
        if fdt(dtb, "/psci", "method", "s") != "smc":
            finding("/psci: method must be smc (the hypervisor's PSCI)")

        ram = [n for n in nodes if n.startswith("memory")]
        if len(ram) != 1:
            finding(f"want one memory node, found {ram}")
            return
        mem_start, mem_size = cells(fdt(dtb, f"/{ram[0]}", "reg"), 2)
        if not region_holding(cell, mem_start, mem_size,
                              MEM_READ | MEM_WRITE | MEM_EXECUTE, io=False):
            finding(f"/{ram[0]}: 0x{mem_start:x}+0x{mem_size:x} is not "
                    "within one RAM region (rwx) of the cell")
        start = fdt(dtb, "/chosen", "linux,initrd-start")
        end = fdt(dtb, "/chosen", "linux,initrd-end")
        if start and end:
            s, e = cells(start, len(start))[0], cells(end, len(end))[0]
            if not (mem_start <= s < e <= mem_start + mem_size):
                finding(f"/chosen: initramfs 0x{s:x}..0x{e:x} outside "
                        "the memory node")

        for node in nodes:
            path = f"/{node}"
            compat = fdt(dtb, path, "compatible", "s") or ""
            reg = fdt(dtb, path, "reg")
            if compat.startswith("arm,gic-v3"):
                gicd = cells(reg, 2)[0]
                if gicd != u64(system, GICD_BASE):
                    finding(f"{path}: GICD 0x{gicd:x} is not the system's")
            elif compat == "pci-host-ecam-generic":
                check_pci(dtb, path, system, cell, pins, reg)
            elif reg and node != ram[0]:
                addr, size = cells(reg, 2)[:2]
                if not region_holding(cell, addr, size, io=True):
                    finding(f"{path}: 0x{addr:x}+0x{size:x} is in no I/O "
                            "region of the cell")
                irqs = fdt(dtb, path, "interrupts")
                for spi in cells(irqs or [], 1)[1::3]:
                    if 32 + spi not in pins:
                        finding(f"{path}: interrupt {32 + spi} is not "
                                "the cell's")


def check_pci(dtb, path, system, cell, pins, reg):
    ecam = cells(reg, 2)[0]
    want = u64(system, PCI_MMCONFIG_BASE)
    if ecam != want:
        finding(f"{path}: ECAM 0x{ecam:x}, the system's is 0x{want:x}")
    imap = [int(v, 16) for v in fdt(dtb, path, "interrupt-map")]
    # child address (3), pin (1), parent phandle (1), GIC specifier (3)
    for i in range(0, len(imap), 8):
        slot = imap[i] >> 11 & 0x1f
        kind, spi = imap[i + 5], imap[i + 6]
        want = cell.vpci_irq_base + slot
        if kind != GIC_SPI or spi != want:
            finding(f"{path}: interrupt-map gives slot {slot} SPI {spi}, "
                    f"the hypervisor raises SPI {want}")
        if 32 + spi not in pins:
            finding(f"{path}: interrupt {32 + spi} is not the cell's")
    ranges = [int(v, 16) for v in fdt(dtb, path, "ranges")]
    for i in range(0, len(ranges), 7):
        base = ranges[i + 3] << 32 | ranges[i + 4]
        size = ranges[i + 5] << 32 | ranges[i + 6]
        for _, virt, rsize, flags in regions(cell):
            if flags & MEM_COMM_REGION:
                continue
            if virt < base + size and base < virt + rsize:
                finding(f"{path}: BAR window 0x{base:x}+0x{size:x} "
                        f"overlaps the cell's region at 0x{virt:x}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    check(*sys.argv[1:])
    sys.exit(1 if findings else 0)
