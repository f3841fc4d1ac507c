"""More CPUs than the 4 of the usual board: QEMU virt with 16 CPUs, as
Jailhouse's own qemu-arm64 configs are written for.  The system config is
our build's qemu-arm64.cell with the root cell's CPU set widened to
CPUs 0-15, the cell our inmate-demo.cell moved to CPU 15.  Per-CPU data
is sized from the config: too little hypervisor memory for 16 CPUs, or a
CPU id beyond the firmware's bound, is refused with a message naming the
problem, and the system stays as it was.

JH_EXTRA_SYSTEM_CONFIG=PATH (a .cell on the host) adds a test that
enables and disables that system config on this board too, e.g. one
built from Jailhouse's own configs/arm64/qemu-arm64.c."""

import os
import pathlib
import re

import pytest

from cellfile import CellFile

# the board for this file: sim/qemu-arm64 --cpus
NUM_CPUS = 16
SIM_ARGS = f"--cpus {NUM_CPUS}"
HIGH_CPU = NUM_CPUS - 1
ALL_CPUS = f"0-{NUM_CPUS - 1}"

CELLS = "/usr/share/jailhouse/cells"
INMATES = "/usr/share/jailhouse/inmates"
SYSFS = "/sys/devices/jailhouse"
SYSTEM = "/tmp/qemu-arm64-16.cell"
CELL = "/tmp/inmate-demo-15.cell"


def cells_dir(request):
    build = pathlib.Path(request.config.getoption("--jh-build"))
    path = build / "rootfs-stage/usr/share/jailhouse/cells"
    assert (path / "qemu-arm64.cell").exists(), "configs not built"
    return path


@pytest.fixture(scope="module")
def configs(request):
    """Host-side copies: (system config for 16 CPUs, cell on CPU 15)."""
    path = cells_dir(request)
    system = CellFile((path / "qemu-arm64.cell").read_bytes())
    system.set_cpus((1 << NUM_CPUS) - 1)
    cell = CellFile((path / "qemu-arm64-inmate-demo.cell").read_bytes())
    cell.set_cpus(1 << HIGH_CPU)
    return system, cell


@pytest.fixture(scope="module")
def hv(board, configs):
    """The board with the driver loaded and both configs on it; the
    hypervisor off."""
    system, cell = configs
    assert board.check("cat /sys/devices/system/cpu/online") == ALL_CPUS
    board.check("modprobe jailhouse")
    board.put_file(SYSTEM, system.bytes())
    board.put_file(CELL, cell.bytes())
    yield board
    board.run("jailhouse cell destroy inmate-demo", timeout=60)
    board.run("jailhouse disable", timeout=120)


def enabled(board):
    return board.check(f"cat {SYSFS}/enabled") == "1"


def refused(board, path, message):
    """enable with path fails, naming the problem; nothing changed."""
    out = board.fails(f"jailhouse enable {path}", timeout=120)
    out += "\n" + board.check("dmesg | tail -n 30")
    assert re.search(message, out), out
    assert not enabled(board)
    assert board.check("cat /sys/devices/system/cpu/online") == ALL_CPUS
    assert board.check("echo alive") == "alive"
    return out


def test_configs_pass_the_checker(hv):
    out = hv.check(f"jailhouse config check {SYSTEM} {CELL}")
    assert "warning" not in out, out


def test_hypervisor_memory_too_small(hv, configs):
    """384 KiB would do for 4 CPUs (firmware and config take about
    170 KiB, 16 KiB per CPU), not for 16."""
    system, _ = configs
    small = CellFile(system.bytes())
    phys, _, _, _ = small.hypervisor_memory()
    small.set_hypervisor_memory(phys, 0x60000)
    hv.put_file("/tmp/small.cell", small.bytes())
    out = refused(hv, "/tmp/small.cell", r"too small for 16 CPUs")
    assert "per-CPU data 16 x 16 KiB" in out, out


def test_cpu_beyond_the_firmware(hv, configs):
    """CPU 600: the checker warns, the enable is refused.  (The
    redistributors move out of the way: 601 frames from 0x080a0000 on
    would cover the UART and more, which the checker refuses anyway.)"""
    system, _ = configs
    big = CellFile(system.bytes())
    big.set_cpus(big.cpus() | 1 << 600)
    big.set_gicr_base(0x100000000000)
    hv.put_file("/tmp/big.cell", big.bytes())
    out = hv.check("jailhouse config check /tmp/big.cell")
    assert re.search(r"warning: declares 601 CPUs.*below 512", out), out
    refused(hv, "/tmp/big.cell", r"CPU 600 is in the root cell "
            r"configuration but not online")


def test_enable_with_16_cpus(hv):
    out = hv.check(f"jailhouse enable {SYSTEM}", timeout=180)
    assert enabled(hv)
    log = out + "\n" + hv.check("jailhouse console")
    for cpu in range(NUM_CPUS):
        assert re.search(rf"CPU {cpu}\.\.\. OK", log), f"CPU {cpu}:\n{log}"
    assert re.search(rf"Per-CPU data: {NUM_CPUS} CPU slots", log), log
    assert "Activating hypervisor" in log
    dmesg = hv.check("dmesg | grep 'The Jailhouse is open'")
    assert f"{NUM_CPUS} CPUs" in dmesg, dmesg
    assert hv.check(f"cat {SYSFS}/cells/0/cpus_assigned_list") == ALL_CPUS
    assert hv.check("cat /sys/devices/system/cpu/online") == ALL_CPUS
    out = hv.check("jailhouse cell list")
    assert re.search(rf"0\s+qemu-arm64\s+running\s+{ALL_CPUS}", out), out


def interrupt_counts(board):
    """Per-CPU sums of timer and IPI lines of /proc/interrupts."""
    lines = board.check("cat /proc/interrupts").splitlines()
    ncpu = len(lines[0].split())
    timer, ipi = [0] * ncpu, [0] * ncpu
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


def test_every_cpu_runs_under_the_hypervisor(hv):
    """Timer interrupts and IPIs reach all 16 CPUs through the
    hypervisor's GIC emulation; every CPU shows hypervisor exits."""
    if not enabled(hv):
        hv.check(f"jailhouse enable {SYSTEM}", timeout=180)
    timer0, ipi0 = interrupt_counts(hv)
    hv.check(f"for c in $(seq 0 {HIGH_CPU}); do taskset -c $c true; done; "
             "sleep 2", timeout=120)
    timer1, ipi1 = interrupt_counts(hv)
    for cpu in range(NUM_CPUS):
        assert timer1[cpu] > timer0[cpu], f"no timer ticks on CPU{cpu}"
        assert ipi1[cpu] > ipi0[cpu], f"no IPIs on CPU{cpu}"
    exits = int(hv.check(f"cat {SYSFS}/cells/0/statistics/vmexits_total"))
    assert exits > 0
    assert not hv.dmesg_problems()


def test_cell_on_cpu_15(hv):
    if not enabled(hv):
        hv.check(f"jailhouse enable {SYSTEM}", timeout=180)
    hv.check(f"jailhouse cell create {CELL}", timeout=60)
    assert hv.check("cat /sys/devices/system/cpu/online") == \
        f"0-{HIGH_CPU - 1}"
    out = hv.check("jailhouse cell list")
    assert re.search(rf"1\s+inmate-demo\s+shut down\s+{HIGH_CPU}", out), out
    hv.flush_inmate()
    hv.check(f"jailhouse cell load inmate-demo {INMATES}/uart-demo.bin")
    hv.check("jailhouse cell start inmate-demo")
    for n in (1, 2, 3):
        hv.inmate.expect(f"Hello {n} from cell!", timeout=30)
    out = hv.check("jailhouse cell list")
    assert re.search(rf"1\s+inmate-demo\s+running\s+{HIGH_CPU}", out), out
    assert hv.check(f"cat {SYSFS}/cells/1/cpus_assigned_list") == \
        str(HIGH_CPU)
    # the root cell runs on meanwhile, on all its CPUs
    hv.check(f"for c in $(seq 0 {HIGH_CPU - 1}); do taskset -c $c true; "
             "done")
    hv.check("jailhouse cell destroy inmate-demo", timeout=60)
    assert hv.check("cat /sys/devices/system/cpu/online") == ALL_CPUS
    out = hv.check(f"taskset -c {HIGH_CPU} cat /proc/self/stat")
    assert out.split()[38] == str(HIGH_CPU)
    assert hv.check(f"cat {SYSFS}/cells/0/cpus_assigned_list") == ALL_CPUS


def test_disable(hv):
    if not enabled(hv):
        hv.check(f"jailhouse enable {SYSTEM}", timeout=180)
    hv.check("jailhouse disable", timeout=120)
    assert not enabled(hv)
    assert hv.check("cat /sys/devices/system/cpu/online") == ALL_CPUS
    out = hv.check(f"taskset -c {HIGH_CPU} cat /proc/self/stat")
    assert out.split()[38] == str(HIGH_CPU)
    assert not hv.dmesg_problems()


@pytest.mark.skipif(not os.environ.get("JH_EXTRA_SYSTEM_CONFIG"),
                    reason="JH_EXTRA_SYSTEM_CONFIG not set")
def test_extra_system_config(hv):
    """Enables a system config from elsewhere on the 16-CPU board."""
    data = pathlib.Path(os.environ["JH_EXTRA_SYSTEM_CONFIG"]).read_bytes()
    if enabled(hv):
        hv.check("jailhouse disable", timeout=120)
    hv.put_file("/tmp/extra.cell", data)
    print(hv.check("jailhouse config check /tmp/extra.cell"))
    out = hv.check("jailhouse enable /tmp/extra.cell", timeout=180)
    print(out)
    assert enabled(hv)
    for cpu in range(NUM_CPUS):
        assert re.search(rf"CPU {cpu}\.\.\. OK", out), f"CPU {cpu}:\n{out}"
    assert hv.check(f"cat {SYSFS}/cells/0/cpus_assigned_list") == ALL_CPUS
    print(hv.check("jailhouse cell list"))
    hv.check(f"for c in $(seq 0 {HIGH_CPU}); do taskset -c $c true; done")
    hv.check("jailhouse disable", timeout=120)
    assert not enabled(hv)
    assert hv.check("cat /sys/devices/system/cpu/online") == ALL_CPUS
