"""`jailhouse cell linux`: the Linux inmate of qemu-arm64-linux-demo booted
in one step from the cell config, the root's /boot/Image, the inmate's
initramfs and device tree, with a command line of our own; the command
places the pieces in the cell's RAM and edits /chosen itself.  Bad input
(a kernel larger than the cell's RAM, a truncated Image, a file that is
no device tree, an initramfs that does not fit) is refused with a message
naming it, and no cell is left behind.  -w writes the edited device tree
and prints the commands instead of creating the cell.  `jailhouse cell
load` as the guide types it checks the file at linux-loader's kernel=
address too."""

import re
import time

from test_linux_inmate import (CELL, CELL_FILE, DTB, DTB_ADDR, INITRD_ADDR,
                               KERNEL_ADDR, LOADER, PROMPT, SYSFS, hv,
                               inmate_run)

__all__ = ["hv"]  # the fixture: enabled hypervisor, cleaned up after

CMDLINE = "console=ttyS0,115200 earlycon jh_cell_linux=42"
OUT = "/tmp/cell-linux.out"


def linux_cmd(kernel="/boot/Image", dtb=DTB, initrd="/boot/rootfs.cpio",
              extra=""):
    cmd = f"jailhouse cell linux {CELL_FILE} {kernel} -d {dtb}"
    if initrd:
        cmd += f" -i {initrd}"
    return f"{cmd} -c \"{CMDLINE}\" {extra}"


def no_cell_left(board):
    out = board.check("jailhouse cell list; "
                      "echo online=$(cat /sys/devices/system/cpu/online)")
    assert CELL not in out, out
    assert "online=0-3" in out, out


# the bad files: an Image header, then zeros up to 140 MiB (sparse; the
# cell has 128), the first 4 MiB of the Image, a cut device tree
MAKE_BAD = ("head -c 65536 /boot/Image > /tmp/big && "
            "dd of=/tmp/big bs=1048576 seek=140 count=0 2>/dev/null && "
            "head -c 4194304 /boot/Image > /tmp/trunc && "
            f"head -c 100 {DTB} > /tmp/short-dtb")

# (the command's arguments, the message)
BAD_INPUTS = [
    (dict(kernel="/tmp/big"),
     r"kernel /tmp/big: needs 0x8c00000 bytes \(its file size\), larger "
     r"than the cell's RAM 0x70000000\.\.0x77ffffff"),
    (dict(kernel="/tmp/trunc"),
     r"kernel /tmp/trunc: truncated: 4194304 bytes, its PE/COFF sections "
     r"end at \d+"),
    (dict(dtb=CELL_FILE),
     rf"device tree {CELL_FILE}: bad magic 0x[0-9a-f]+, not a device tree"),
    (dict(dtb="/tmp/short-dtb"),
     r"device tree /tmp/short-dtb: truncated: its header says \d+ bytes, "
     r"there are 100"),
    (dict(initrd="/tmp/big"),
     r"initramfs /tmp/big \(146800640 bytes\) does not fit the cell's RAM "
     r"0x70000000\.\.0x77ffffff after the kernel"),
]


def test_bad_inputs_refused(hv):
    """Each misfit is named, before any cell is created."""
    hv.check(MAKE_BAD)
    for args, message in BAD_INPUTS:
        out = hv.fails(linux_cmd(**args))
        assert re.search(message, out), out
        assert "Usage" not in out, out
        no_cell_left(hv)
    out = hv.fails(f"jailhouse cell linux {CELL_FILE} /boot/Image")
    assert "-d DTB is required" in out, out
    hv.check("rm -f /tmp/big /tmp/trunc /tmp/short-dtb")


def guide_load(kernel_file, kernel=KERNEL_ADDR):
    """The guide's `cell load` line, @kernel_file at kernel=@kernel."""
    return (f"jailhouse cell load {CELL} {LOADER} -a 0x0 "
            f"-s \"kernel=0x{kernel:x} dtb=0x{DTB_ADDR:x}\" -a 0x1000 "
            f"{kernel_file} -a 0x{kernel:x} "
            f"/boot/rootfs.cpio -a 0x{INITRD_ADDR:x} {DTB} -a 0x{DTB_ADDR:x}")


# (file at kernel=, kernel=, the message)
BAD_KERNELS = [
    ("/tmp/trunc-k", KERNEL_ADDR,
     r"cell load: kernel=0x70200000: /tmp/trunc-k: truncated: 4194304 "
     r"bytes, its PE/COFF sections end at \d+"),
    ("/boot/rootfs.cpio", KERNEL_ADDR,
     r"cell load: kernel=0x70200000: /boot/rootfs.cpio: not an arm64 "
     r"Image \(no magic"),
    ("/boot/Image", 0x77000000,
     r"cell load: kernel=0x77000000: /boot/Image: image_size 0x[0-9a-f]+ "
     r"ends at 0x[0-9a-f]+, beyond the cell's loadable memory "
     r"0x70000000\.\.0x77ffffff"),
    ("/boot/Image", 0x72200000,
     r"cell load: kernel=0x72200000: /boot/Image: image_size 0x[0-9a-f]+ "
     r"\(up to 0x[0-9a-f]+\) overlaps /boot/rootfs.cpio loaded at "
     r"0x74000000"),
]


def test_cell_load_refuses_bad_kernel(hv):
    """`cell load` with linux-loader's string checks the file placed at
    its kernel= address before the driver stops the cell or writes
    anything: a truncated Image, a file that is no Image, an image_size
    beyond the cell's RAM or over the initramfs are refused naming file,
    field and address; the cell stays as it was, and is destroyed."""
    hv.check("head -c 4194304 /boot/Image > /tmp/trunc-k && dmesg -c > "
             "/dev/null")
    hv.check(f"jailhouse cell create {CELL_FILE}", timeout=60)
    try:
        # what the check reads: the loader's 64 KiB and the 128 MiB
        assert hv.check(f"cat {SYSFS}/cells/1/loadable").split() == \
            ["0x0", "0x10000", "0x70000000", "0x8000000"]
        for kernel_file, kernel, message in BAD_KERNELS:
            out = hv.fails(guide_load(kernel_file, kernel), timeout=60)
            assert re.search(message, out), out
            assert "Usage" not in out, out
        out = hv.check(f"jailhouse cell list; dmesg | grep -c 'Loaded' "
                       "|| true")
        assert re.search(rf"1\s+{CELL}\s+shut down", out), out
        assert out.splitlines()[-1] == "0", out
    finally:
        hv.run(f"jailhouse cell destroy {CELL}", timeout=60)
        hv.run("rm -f /tmp/trunc-k")
    no_cell_left(hv)


def test_write_params_creates_no_cell(hv):
    """-w: the placement, the edited device tree in the file and the
    commands that would boot it; no cell."""
    out = hv.check(linux_cmd(extra="-w /tmp/params.dtb"))
    assert re.search(r"kernel 0x70200000 \(0x[0-9a-f]+ bytes\), device "
                     r"tree 0x70000000 \(0x[0-9a-f]+ bytes\), initramfs "
                     r"0x7[0-9a-f]{7} \(0x400000 bytes\)", out), out
    assert f"jailhouse cell create {CELL_FILE}" in out, out
    assert re.search(r"-s \"kernel=0x70200000 dtb=0x70000000\" -a 0x1000",
                     out), out
    assert "/tmp/params.dtb -a 0x70000000" in out, out
    assert hv.check("head -c 4 /tmp/params.dtb | od -An -tx1").split() == \
        ["d0", "0d", "fe", "ed"]
    hv.check(f"grep -q '{CMDLINE}' /tmp/params.dtb")
    no_cell_left(hv)


def test_boots_inmate_with_cmdline(hv):
    """One command: created, loaded, started; the inmate's shell on the
    second UART, its /proc/cmdline the -c string."""
    hv.flush_inmate()
    # typed without waiting: the hypervisor may print on the root
    # console while the inmate brings its CPUs up
    hv.root_uart.sendline(f"{linux_cmd()} > {OUT} 2>&1; "
                          f"echo rc=$? >> {OUT}")
    inmate = hv.inmate
    _, _, m, _ = inmate.expect(
        rb"linux-loader: initramfs at (0x[0-9a-f]+)\.\.(0x[0-9a-f]+)",
        timeout=30)
    initrd = int(m.group(1), 16)
    inmate.expect(r"linux-loader: starting kernel at 0x70200000, "
                  r"device tree at 0x70000000", timeout=30)
    inmate.expect(r"inmate userland ready: \S+, 2 CPUs", timeout=90)
    inmate.expect(PROMPT, timeout=30)
    time.sleep(1)
    out = hv.check(f"cat {OUT}")
    assert "rc=0" in out, out
    assert re.search(rf"kernel 0x70200000 .*, initramfs 0x{initrd:x} ",
                     out), out
    out = hv.check("jailhouse cell list")
    assert re.search(rf"1\s+{CELL}\s+running\s+2-3", out), out

    assert inmate_run(hv, "cat /proc/cmdline").splitlines()[-1] == CMDLINE
    # the initramfs where the command put it, unpacked: its shell runs
    assert inmate_run(hv, "echo ok-$((6 * 7))").splitlines()[-1] == "ok-42"

    # a second one is refused while the cell exists, nothing changes
    out = hv.fails(linux_cmd())
    assert f"a cell named \"{CELL}\" already exists" in out, out
    assert re.search(rf"{CELL}\s+running", hv.check("jailhouse cell list"))

    hv.check(f"jailhouse cell destroy {CELL}", timeout=60)
    no_cell_left(hv)
