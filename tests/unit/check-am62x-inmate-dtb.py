#!/usr/bin/python3
"""The AM62x inmate device tree as the build installs it:
  check-am62x-inmate-dtb.py INMATE.dtb
has the nodes of TI's Linux inmate at TI's addresses (CPUs 2-3, RAM
0xe0000000 less the loader's 64 KiB, MAIN UART1 with GIC interrupt 211,
GICv3, the virtual PCI host at 0x76000000 with INTx SPIs 189/190, the
initramfs at 0xe28d4000).  check-inmate-dts.py checks it against the cell
config; this pins the values the guide's command line relies on, in the
file dtc made through CMake.  Prints SKIP when the cross build did not
make it (yet)."""

import os
import subprocess
import sys

findings = []


def get(dtb, node, prop, kind="x"):
    res = subprocess.run(["fdtget", "-t", kind, dtb, node, prop],
                         capture_output=True, text=True)
    if res.returncode:
        return None
    out = res.stdout.strip()
    return [int(v, 16) for v in out.split()] if kind == "x" else out


def expect(dtb, node, prop, want, kind="x"):
    got = get(dtb, node, prop, kind)
    if got != want:
        findings.append(f"{node} {prop}: {got}, want {want}")
        print(f"check-am62x-inmate-dtb: {findings[-1]}")


def main(dtb):
    if not os.path.exists(dtb):
        print(f"SKIP: no {dtb}")
        return 0
    nodes = subprocess.run(["fdtget", "-l", dtb, "/"], check=True,
                           capture_output=True, text=True).stdout.split()
    want_nodes = ["chosen", "cpus", "psci", "memory@e0000000", "timer",
                  "interrupt-controller@1800000", "serial@2810000",
                  "pci@76000000"]
    for node in want_nodes:
        if node not in nodes:
            findings.append(f"no node /{node}")
            print(f"check-am62x-inmate-dtb: {findings[-1]}")
    cpus = subprocess.run(["fdtget", "-l", dtb, "/cpus"], check=True,
                          capture_output=True, text=True).stdout.split()
    if cpus != ["cpu@2", "cpu@3"]:
        findings.append(f"/cpus: {cpus}, want cpu@2 and cpu@3")
        print(f"check-am62x-inmate-dtb: {findings[-1]}")
    expect(dtb, "/memory@e0000000", "reg", [0, 0xe0000000, 0, 0x1fff0000])
    expect(dtb, "/chosen", "linux,initrd-start", [0, 0xe28d4000])
    expect(dtb, "/interrupt-controller@1800000", "reg",
           [0, 0x01800000, 0, 0x10000, 0, 0x01880000, 0, 0x80000])
    expect(dtb, "/serial@2810000", "reg", [0, 0x02810000, 0, 0x100])
    # SPI 179 = GIC interrupt 211, level high
    expect(dtb, "/serial@2810000", "interrupts", [0, 179, 4])
    expect(dtb, "/pci@76000000", "reg", [0, 0x76000000, 0, 0x100000])
    imap = get(dtb, "/pci@76000000", "interrupt-map") or []
    # per entry: child address (3), pin, phandle, GIC_SPI, SPI, flags
    spis = [imap[i + 6] + 32 for i in range(0, len(imap), 8)]
    if spis != [189, 190]:
        findings.append(f"/pci@76000000: INTx {spis}, want [189, 190]")
        print(f"check-am62x-inmate-dtb: {findings[-1]}")
    return 1 if findings else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
