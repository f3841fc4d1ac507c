"""A Linux inmate in a non-root cell, started as TI's guide types it:
`cell create` of qemu-arm64-linux-demo, `cell load` of linux-loader.bin
at 0 with its "kernel=... dtb=..." string at 0x1000, the root's own
Debian kernel (/boot/Image), the inmate initramfs (/boot/rootfs.cpio) and
the inmate device tree, then `cell start`.  The inmate's kernel and its
shell are on the second UART; its second CPU comes up through the cell's
PSCI, the ivshmem devices of the cell's virtual PCI host show up in it.
Shut down and destroyed, the cell gives its CPUs back to the root, and it
boots again.  Bad load addresses and device trees are refused."""

import re
import time

import pytest

CELL = "qemu-arm64-linux-demo"
CELL_FILE = f"/usr/share/jailhouse/cells/{CELL}.cell"
LOADER = "/usr/share/jailhouse/inmates/linux-loader.bin"
DTB = "/usr/share/jailhouse/inmate-qemu-arm64.dtb"
SYSFS = "/sys/devices/jailhouse"
PROMPT = "inmate# "
# configs/qemu-arm64/inmate-qemu-arm64.dts: RAM 0x70000000 (128 MiB),
# initramfs 0x74000000..0x74400000
KERNEL_ADDR, DTB_ADDR, INITRD_ADDR = 0x70200000, 0x70000000, 0x74000000


def load_cmd(kernel=KERNEL_ADDR, dtb=DTB_ADDR, dtb_at=None, initrd=True):
    """The guide's `cell load` line with this board's addresses: kernel=
    (where the Image goes) and dtb= of the loader's string, and where the
    device tree goes (dtb= unless given); without the initramfs if not
    @initrd."""
    dtb_at = dtb if dtb_at is None else dtb_at
    rootfs = f"/boot/rootfs.cpio -a 0x{INITRD_ADDR:x} " if initrd else ""
    return (f"jailhouse cell load {CELL} {LOADER} -a 0x0 "
            f"-s \"kernel=0x{kernel:x} dtb=0x{dtb:x}\" -a 0x1000 "
            f"/boot/Image -a 0x{kernel:x} "
            f"{rootfs}{DTB} -a 0x{dtb_at:x}")


@pytest.fixture(scope="module")
def hv(board):
    if board.option("board") != "qemu-arm64":
        pytest.skip("addresses and kernel of the emulated board")
    board.check("modprobe jailhouse")
    board.check(f"jailhouse enable {board.option('root_cell')}", timeout=120)
    board.pool_after_enable = board.check(f"cat {SYSFS}/mem_pool_used")
    yield board
    board.run(f"jailhouse cell destroy {CELL}", timeout=60)
    board.run("jailhouse disable")


def inmate_run(board, cmd, timeout=30):
    """Types @cmd into the inmate's shell; returns its output (what came
    between the echoed command line and the next prompt)."""
    inmate = board.inmate
    inmate.sendline(f"{cmd}; echo __rc=$?__")
    _, before, m, _ = inmate.expect(rb"__rc=(\d+)__", timeout=timeout)
    inmate.expect(PROMPT, timeout=timeout)
    text = before.decode(errors="replace").replace("\r", "")
    # the echoed command line, possibly wrapped by the terminal width
    text = text.split("__rc=$?__", 1)[-1]
    assert m.group(1) == b"0", f"'{cmd}' in the inmate exited " \
        f"{m.group(1).decode()}:\n{text}"
    return text.strip("\n")


def boot(board):
    """create, load, start as in the guide; waits for the inmate's
    shell."""
    board.check(f"jailhouse cell create {CELL_FILE}", timeout=60)
    assert board.check("cat /sys/devices/system/cpu/online") == "0-1"
    board.check(f"cd /boot && {load_cmd()}", timeout=60)
    board.flush_inmate()
    # Typed without waiting for the shell: while the inmate's kernel
    # brings its CPUs up, the hypervisor reports each CPU's first PMU and
    # debug register accesses on the root console, across whatever the
    # shell prints then.  The cell list below tells whether it started.
    board.root_uart.sendline(f"jailhouse cell start {CELL}")
    inmate = board.inmate
    inmate.expect(r"linux-loader: starting kernel at 0x70200000, "
                  r"device tree at 0x70000000", timeout=30)
    inmate.expect(r"Booting Linux on physical CPU 0x0*2 ", timeout=30)
    _, _, m, _ = inmate.expect(rb"Linux version (\S+) ", timeout=30)
    board.inmate_release = m.group(1).decode()
    inmate.expect(r"smp: Brought up 1 node, 2 CPUs", timeout=60)
    inmate.expect(r"inmate userland ready: \S+, 2 CPUs", timeout=60)
    inmate.expect(PROMPT, timeout=30)
    time.sleep(1)
    out = board.check("jailhouse cell list")
    assert re.search(rf"1\s+{CELL}\s+running\s+2-3", out), out


def destroy(board):
    board.check(f"jailhouse cell destroy {CELL}", timeout=60)
    assert board.check("cat /sys/devices/system/cpu/online") == "0-3"
    assert CELL not in board.check("jailhouse cell list")


@pytest.fixture(scope="module")
def linux(hv):
    """The Linux inmate, booted to its shell once for the tests that
    use it."""
    try:
        boot(hv)
    except Exception:
        hv.run(f"jailhouse cell destroy {CELL}", timeout=60)
        raise
    yield hv


def test_boots_to_shell_on_second_uart(linux):
    """The root's own kernel boots in the cell from the guide's command
    line, on CPU 2 first, CPU 3 through PSCI CPU_ON, to the inmate's
    shell on the second UART; the root keeps CPUs 0-1."""
    # /boot/Image is the default guest kernel's (mkinitrd-inmate), also
    # on a board whose root runs another one (JH_KERNEL)
    if not linux.kernel or linux.kernel == "6.1":
        assert linux.inmate_release == linux.check("uname -r")
    else:
        assert linux.inmate_release.startswith("6.1."), linux.inmate_release
    assert linux.check("grep -c ^processor /proc/cpuinfo") == "2"
    assert linux.check("echo alive") == "alive"
    # what the Linux inmate made the hypervisor do: emulated GIC
    # accesses, PSCI (VERSION, FEATURES, CPU_ON), SGIs between its CPUs
    stats = linux.check(f"jailhouse cell stats {CELL}")
    for what in ("mmio", "psci", "virt_sgi"):
        assert re.search(rf"{what}\s+[1-9]", stats, re.I), stats


def test_commands_in_inmate_shell(linux):
    assert inmate_run(linux, "uname -r").splitlines()[-1] == \
        linux.inmate_release
    assert inmate_run(linux, "grep -c ^processor /proc/cpuinfo")\
        .splitlines()[-1] == "2"
    assert inmate_run(linux, "cat /sys/devices/system/cpu/online")\
        .splitlines()[-1] == "0-1"
    # the cell's RAM only, as the device tree gives it
    out = inmate_run(linux, "grep MemTotal /proc/meminfo")
    kib = int(re.search(r"MemTotal:\s+(\d+) kB", out).group(1))
    assert 64 * 1024 < kib <= 128 * 1024, out
    # the virtual timer and the UART interrupt (GIC 36) in use
    out = inmate_run(linux, "cat /proc/interrupts")
    assert re.search(r"GICv3\s+27 Level\s+arch_timer", out), out
    assert re.search(r"GICv3\s+36 Level\s+ttyS0", out), out


def test_ivshmem_devices_in_inmate(linux):
    """The cell's virtual PCI host (domain 0001 in the device tree) has
    the demo link and the net link; their drivers bound by modalias."""
    out = inmate_run(linux, "ls /sys/bus/pci/devices")
    assert "0001:00:00.0" in out and "0001:00:01.0" in out, out
    dev = "/sys/bus/pci/devices/0001:00:00.0"
    out = inmate_run(linux, f"cat {dev}/vendor {dev}/device")
    assert "0x110a" in out and "0x4106" in out, out
    out = inmate_run(linux, f"ls /dev/uio0 && readlink {dev}/driver && "
                     "readlink /sys/bus/pci/devices/0001:00:01.0/driver")
    assert "uio_ivshmem" in out and "ivshmem-net" in out, out
    # INTx: GIC 140 and 141 (cell vpci_irq_base 108 + slot)
    out = inmate_run(linux, "cat /proc/interrupts")
    assert re.search(r"GICv3\s+140 Edge\s+uio_ivshmem", out), out


def test_ivshmem_demo_root_and_inmate(linux):
    """The Linux ivshmem-demo on both ends of the demo link: the root is
    peer 0, the inmate peer 2; each one's doorbells reach the other."""
    linux.check("ivshmem-demo -t 2 -n 4 -i 400 > /tmp/demo.log 2>&1 & "
                "echo $! > /tmp/demo.pid")
    out = inmate_run(linux, "ivshmem-demo -t 0 -n 4 -i 400", timeout=60)
    assert "ID = 2" in out, out
    assert "Sending interrupt" in out and "to peer 0" in out, out
    assert "Interrupt #" in out, out
    linux.check("while kill -0 $(cat /tmp/demo.pid) 2>/dev/null; "
                "do sleep 0.2; done", timeout=30)
    out = linux.check("cat /tmp/demo.log")
    assert "ID = 0" in out and "to peer 2" in out, out
    assert "Interrupt #" in out, out


def test_inmate_cpu_offline_online(linux):
    """CPU_OFF and CPU_ON of the cell's PSCI from inside the inmate."""
    cpu1 = "/sys/devices/system/cpu/cpu1/online"
    inmate_run(linux, f"echo 0 > {cpu1}")
    assert inmate_run(linux, "cat /sys/devices/system/cpu/online")\
        .splitlines()[-1] == "0"
    inmate_run(linux, f"echo 1 > {cpu1}")
    assert inmate_run(linux, "cat /sys/devices/system/cpu/online")\
        .splitlines()[-1] == "0-1"
    out = inmate_run(linux, "taskset -c 1 cat /proc/self/stat")
    assert out.splitlines()[-1].split()[38] == "1", out


def test_shutdown_destroy_returns_cpus(linux):
    linux.check(f"jailhouse cell shutdown {CELL}")
    out = linux.check("jailhouse cell list")
    assert re.search(rf"{CELL}\s+shut down", out), out
    destroy(linux)
    assert linux.check("grep -c ^processor /proc/cpuinfo") == "4"
    out = linux.check("taskset -c 3 cat /proc/self/stat")
    assert out.split()[38] == "3"
    assert linux.check(f"cat {SYSFS}/mem_pool_used") == \
        linux.pool_after_enable


def test_recreate_boot_again_and_power_off(hv):
    """Created and booted a second time; then the inmate powers off (PSCI
    SYSTEM_OFF), which stops its cell only: shut down, the root runs on
    with CPUs 0-1 until the cell is destroyed."""
    boot(hv)
    assert inmate_run(hv, "echo again-$((6 * 7))").splitlines()[-1] == \
        "again-42"
    hv.inmate.sendline("poweroff -f")
    hv.inmate.expect(r"reboot: Power down", timeout=30)
    hv.check("i=0; until jailhouse cell list | grep -q "
             f"'{CELL} *shut down'; do i=$((i+1)); [ $i -lt 50 ] || "
             "exit 1; sleep 0.2; done", timeout=30)
    assert hv.check("cat /sys/devices/system/cpu/online") == "0-1"
    assert hv.check("echo alive") == "alive"
    destroy(hv)
    assert hv.check(f"cat {SYSFS}/mem_pool_used") == hv.pool_after_enable
    assert not hv.dmesg_problems()


# (kernel=, the Image loaded there; dtb=; what linux-loader says)
BAD_STARTS = [
    # dtb= the kernel's address (the device tree still at 0x70000000)
    (KERNEL_ADDR, KERNEL_ADDR, True,
     r"no device tree \(magic 0xd00dfeed\) at 0x70200000"),
    # the Image at an address that is not 2 MiB aligned
    (KERNEL_ADDR + 0x10000, DTB_ADDR, True,
     r"Image base .* not 2 MiB aligned at 0x70210000"),
    # the Image (with its bss) reaching into the initramfs of /chosen;
    # the initramfs itself is not loaded, else `cell load` refuses the
    # overlap before the loader sees it (test_cell_linux.py)
    (0x73e00000, DTB_ADDR, False,
     r"initramfs .* overlaps the kernel at 0x74000000"),
]


def test_bad_loads_refused(hv):
    """A device tree loaded where the cell has no RAM is refused by `cell
    load`, naming the image and the address.  What loads but breaks the
    boot protocol, linux-loader refuses before it jumps: a line naming
    the address on the cell's console, the cell fails, and is loaded
    again or destroyed as any other."""
    hv.check(f"jailhouse cell create {CELL_FILE}", timeout=60)
    try:
        out = hv.fails(f"cd /boot && {load_cmd(dtb_at=0x60000000)}")
        out += hv.check("dmesg | tail -n 3")
        # image 0 is the loader, 1 its string, 2 Image, 3 the initramfs
        assert re.search(r"image 4 .*0x60000000.*does not fit", out), out
        out = hv.check("jailhouse cell list")
        assert re.search(rf"{CELL}\s+shut down", out), out

        for kernel, dtb, initrd, message in BAD_STARTS:
            hv.check(f"cd /boot && {load_cmd(kernel, dtb, DTB_ADDR, initrd)}",
                     timeout=60)
            hv.flush_inmate()
            hv.check(f"jailhouse cell start {CELL}")
            hv.inmate.expect(rf"linux-loader: {message}, not starting",
                             timeout=30)
            hv.check("i=0; until jailhouse cell list | grep -q "
                     f"'{CELL} *failed'; do i=$((i+1)); [ $i -lt 50 ] || "
                     "exit 1; sleep 0.2; done", timeout=30)
    finally:
        destroy(hv)


def test_disable_after_linux_cell(hv):
    """With the Linux cell gone, the hypervisor disables cleanly: the
    root has its four CPUs and the virtual PCI host is removed."""
    hv.check("jailhouse disable", timeout=120)
    assert hv.check(f"cat {SYSFS}/enabled") == "0"
    assert hv.check("cat /sys/devices/system/cpu/online") == "0-3"
    assert "0001:" not in hv.check("ls /sys/bus/pci/devices")
    assert not hv.dmesg_problems()
