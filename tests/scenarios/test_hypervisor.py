"""Hypervisor on, hypervisor off: Linux becomes the root cell and gets the
machine back, as often as asked."""

import pathlib
import re
import time

import pytest

from cellfile import CellFile

SYSFS = "/sys/devices/jailhouse"
HVC_TEST = "/sys/kernel/jailhouse_hvc_test"
HYP_STUB_ERR = "0xbadca11"


@pytest.fixture(scope="module")
def hv(board):
    """The board with the driver loaded and the hypervisor off."""
    board.check("modprobe jailhouse")
    board.check("modprobe jailhouse-hvc-test")
    yield board
    board.run("jailhouse disable")


def enabled(board):
    return board.check(f"cat {SYSFS}/enabled") == "1"


def enable(board):
    out = board.check(f"jailhouse enable {board.option('root_cell')}",
                      timeout=120)
    assert enabled(board)
    return out


def disable(board):
    board.check("jailhouse disable", timeout=120)
    assert not enabled(board)


def interrupt_counts(board):
    """Per-CPU sums of the timer and of all IPI lines in /proc/interrupts."""
    lines = board.check("cat /proc/interrupts").splitlines()
    ncpu = len(lines[0].split())
    timer = [0] * ncpu
    ipi = [0] * ncpu
    for line in lines[1:]:
        fields = line.split()
        counts = [int(f) for f in fields[1:1 + ncpu] if f.isdigit()]
        if len(counts) != ncpu:
            continue
        if "arch_timer" in line:
            timer = [a + b for a, b in zip(timer, counts)]
        elif re.match(r"IPI\d+:", fields[0]):
            ipi = [a + b for a, b in zip(ipi, counts)]
    return timer, ipi


def test_enable_prints_banner_and_sets_sysfs(hv):
    assert not enabled(hv)
    out = enable(hv)
    log = out + "\n" + hv.check("jailhouse console")
    assert "Initializing Jailhouse hypervisor" in log
    assert "Activating hypervisor" in log
    assert int(hv.check(f"cat {SYSFS}/mem_pool_used")) > 0
    assert int(hv.check(f"cat {SYSFS}/mem_pool_size")) > \
        int(hv.check(f"cat {SYSFS}/mem_pool_used"))


def test_hypercall_answered_by_hypervisor(hv):
    if not enabled(hv):
        enable(hv)
    used = hv.check(f"cat {SYSFS}/mem_pool_used")
    assert int(hv.check(f"cat {HVC_TEST}/mem_pool_used"), 0) == int(used)
    assert int(hv.check(f"cat {HVC_TEST}/num_cells"), 0) == 1


@pytest.mark.stress
def test_linux_healthy_under_load(hv):
    if not enabled(hv):
        enable(hv)
    timer0, ipi0 = interrupt_counts(hv)
    hv.check("for c in 0 1 2 3; do "
             "taskset -c $c sh -c 'while :; do :; done' & done; "
             "for i in $(seq 20); do sleep 1; "
             "for c in 0 1 2 3; do taskset -c $c true; done; done; "
             "kill $(jobs -p)", timeout=180)
    timer1, ipi1 = interrupt_counts(hv)
    for cpu in range(4):
        assert timer1[cpu] > timer0[cpu], f"no timer ticks on CPU{cpu}"
        assert ipi1[cpu] > ipi0[cpu], f"no IPIs on CPU{cpu}"
    assert hv.check("echo alive") == "alive"
    assert not hv.dmesg_problems()


def test_cpu_offline_online_with_hypervisor(hv):
    if not enabled(hv):
        enable(hv)
    for cpu in (1, 3):
        hv.check(f"echo 0 > /sys/devices/system/cpu/cpu{cpu}/online")
    assert hv.check("cat /sys/devices/system/cpu/online") == "0,2"
    for cpu in (1, 3):
        hv.check(f"echo 1 > /sys/devices/system/cpu/cpu{cpu}/online")
    assert hv.check("cat /sys/devices/system/cpu/online") == "0-3"
    out = hv.check("taskset -c 3 cat /proc/self/stat")
    assert out.split()[38] == "3"
    assert not hv.dmesg_problems()


def test_enable_while_enabled_is_busy(hv):
    if not enabled(hv):
        enable(hv)
    used = hv.check(f"cat {SYSFS}/mem_pool_used")
    out = hv.fails(f"jailhouse enable {hv.option('root_cell')}")
    assert re.search(r"already enabled|busy", out, re.I), out
    assert enabled(hv)
    assert hv.check(f"cat {SYSFS}/mem_pool_used") == used


def test_disable_hands_back_and_stub_answers(hv):
    if not enabled(hv):
        enable(hv)
    disable(hv)
    assert hv.check(f"cat {HVC_TEST}/mem_pool_used") == HYP_STUB_ERR
    assert hv.check("cat /sys/devices/system/cpu/online") == "0-3"
    out = hv.fails("jailhouse disable")
    assert re.search(r"not enabled", out, re.I), out


def test_twenty_enable_disable_cycles(hv):
    if enabled(hv):
        disable(hv)
    used = set()
    for _ in range(20):
        enable(hv)
        used.add(hv.check(f"cat {SYSFS}/mem_pool_used"))
        disable(hv)
    assert len(used) == 1, f"page pool usage differs: {used}"
    assert not hv.dmesg_problems()
    assert hv.check("echo alive") == "alive"


@pytest.fixture(scope="module")
def root_cell_file(request):
    build = pathlib.Path(request.config.getoption("--jh-build"))
    found = list(build.glob("rootfs-stage/usr/share/jailhouse/cells/"
                            "qemu-arm64.cell"))
    assert found, "qemu-arm64.cell not built"
    return CellFile(found[0].read_bytes())


def bad_configs(cell):
    """(name, bytes, expected message) of broken root configs."""
    good = cell.bytes()
    yield "truncated", good[:100], r"truncat|too (small|short)|size"

    c = CellFile(good)
    c.set_signature(b"XXXXX")
    yield "signature", c.bytes(), r"signature"

    c = CellFile(good)
    c.set_revision(13)
    yield "revision", c.bytes(), r"revision"

    # a page in the middle of the root cell's RAM, given twice
    c = CellFile(good)
    ram = max(range(c.num_memory_regions), key=lambda i: c.region(i)[2])
    phys, virt, size, flags = c.region(ram)
    other = 0 if ram else 1
    c.set_region(other, phys + 0x100000, virt + 0x100000, 0x1000, flags)
    yield "overlap", c.bytes(), r"overlap"

    c = CellFile(good)
    c.set_hypervisor_memory(phys + 0x200000, 0x400000)
    yield "hv-overlap", c.bytes(), r"hypervisor"


def test_bad_configs_rejected(hv, root_cell_file):
    if enabled(hv):
        disable(hv)
    for name, data, message in bad_configs(root_cell_file):
        path = f"/tmp/bad-{name}.cell"
        hv.put_file(path, data)
        out = hv.fails(f"jailhouse enable {path}")
        out += hv.check("dmesg | tail -n 20")
        assert re.search(message, out, re.I), f"{name}: {out}"
        assert not enabled(hv), name
    assert hv.check("echo alive") == "alive"
    enable(hv)
    disable(hv)


def test_missing_firmware(hv):
    if enabled(hv):
        disable(hv)
    hv.check("mv /lib/firmware/jailhouse.bin /tmp/")
    try:
        out = hv.fails(f"jailhouse enable {hv.option('root_cell')}")
        assert "jailhouse.bin" in out, out
        assert not enabled(hv)
    finally:
        hv.check("mv /tmp/jailhouse.bin /lib/firmware/")
    enable(hv)
    disable(hv)


CON_TYPE_8250 = 0x0002
CON_ACCESS_MMIO = 0x0001        # with 1-byte register distance


def test_debug_console_on_8250(hv, root_cell_file):
    """The hypervisor's console on a 16550 (as on the AM62x, 1-byte
    register distance here): the second UART shows the banner on enable
    and the shutdown line on disable; the root runs on meanwhile."""
    if hv.option("board") != "qemu-arm64":
        pytest.skip("addresses of the emulated board")
    if enabled(hv):
        disable(hv)
    c = CellFile(root_cell_file.bytes())
    c.set_debug_console(0x3eff1000, 0x8, CON_TYPE_8250, CON_ACCESS_MMIO)
    hv.put_file("/tmp/sys-8250.cell", c.bytes())
    hv.flush_inmate()
    hv.check("jailhouse enable /tmp/sys-8250.cell", timeout=120)
    try:
        assert enabled(hv)
        hv.inmate.expect("Initializing Jailhouse hypervisor", timeout=30)
        hv.inmate.expect(r"Initializing processors:", timeout=30)
        assert hv.check("echo alive") == "alive"
    finally:
        disable(hv)
    hv.inmate.expect("Shutting down hypervisor", timeout=30)
