"""Isolation at the GIC, tried from a hostile cell on the board: each
attack of violation-gic is refused, reported on the root console naming
cell, register and address, the cell is parked (failed), and the root
and the next cell are unaffected; gic-probe looks around without
breaking rules and must see nothing of the root's interrupts; an
interrupt the root was using comes back to it working after the cell
that took it is destroyed."""

import pathlib
import re

import pexpect
import pytest

from cellfile import CellFile

CELLS = "/usr/share/jailhouse/cells"
INMATES = "/usr/share/jailhouse/inmates"
SYSFS = "/sys/devices/jailhouse"
CELL = "inmate-demo"


def cell_config(board):
    return f"{CELLS}/{board.option('board')}-inmate-demo.cell"


@pytest.fixture(scope="module")
def hv(board):
    board.check("modprobe jailhouse")
    board.check(f"jailhouse enable {board.option('root_cell')}", timeout=120)
    yield board
    board.run(f"jailhouse cell destroy {CELL}")
    board.run("jailhouse disable")


@pytest.fixture
def cell(hv):
    hv.check(f"jailhouse cell create {cell_config(hv)}", timeout=60)
    yield hv
    hv.run(f"jailhouse cell destroy {CELL}", timeout=60)
    assert hv.check("cat /sys/devices/system/cpu/online") == "0-3"


def start(board, image, args="", settle=0):
    board.flush_inmate()
    board.check(f"jailhouse cell load {CELL} {INMATES}/{image} {args}")
    cmd = f"jailhouse cell start {CELL}"
    if settle:
        cmd += f" && sleep {settle}"
    return board.check(cmd)


def root_console_shows(board, output, pattern, timeout=15):
    if re.search(pattern, output):
        return re.search(pattern, output).group(0)
    _, _, m, _ = board.root_uart.expect(pattern, timeout=timeout)
    return m.group(0).decode()


# attack -> what the hypervisor's report must name
ATTACKS = {
    "spi": r"GICD write to interrupt 33 it does not own",
    "propbaser": r"GICR frame \d+ write of GICR_PROPBASER \(offset 0x70",
    "lpis": r"GICR frame \d+ write of GICR_CTLR\.EnableLPIs",
    "sleep": r"GICR frame \d+ write of GICR_WAKER\.ProcessorSleep",
    "impdef": r"GICD read of an unknown register \(offset 0xc000",
    "reserved": r"GICR frame \d+ read of an unknown register "
                r"\(offset 0x100",
    "frame": r"write to GIC redistributor frame 0 of a CPU it does not own",
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_attack_refused_and_parked(cell, attack):
    args = f'-s "attack={attack}" -a 0x1000'
    out = start(cell, "violation-gic.bin", args, settle=3)
    cell.inmate.expect(f"violation-gic: attack {attack}", timeout=20)
    report = root_console_shows(
        cell, out, rf'FATAL: cell "{CELL}" CPU 3: {ATTACKS[attack]}')
    assert report
    root_console_shows(cell, out, rf'Parking CPU 3 \(Cell: "{CELL}"\)')
    assert "failed" in cell.check(f"cat {SYSFS}/cells/1/state")
    # the line after the access must never come
    with pytest.raises(Exception):
        cell.inmate.expect("violation-gic: FAILED", timeout=2)
    assert cell.check("echo alive") == "alive"
    # the parked cell restarts cleanly and runs an honest inmate
    start(cell, "uart-demo.bin")
    cell.inmate.expect("Hello 2 from cell!", timeout=20)


def test_probe_sees_nothing_of_others(cell):
    start(cell, "gic-probe.bin")
    _, _, m, _ = cell.inmate.expect(rb"gic-probe: done, (\d+) failed",
                                    timeout=20)
    log = cell.inmate._expect.before.decode(errors="replace")
    assert m.group(1) == b"0", log
    for name in ("typer-no-lpis", "foreign-enable", "foreign-priority",
                 "foreign-route", "espi-enable", "own-route-1ofn",
                 "gicr-no-plpis"):
        assert f"gic-probe: {name} ok" in log, log
    assert "running" in cell.check(f"cat {SYSFS}/cells/1/state")
    # the root's PL011 (interrupt 33) still works: this shell is on it
    assert cell.check("echo alive") == "alive"


def probe(board, image_args="", restart=False):
    """Runs gic-probe (or restarts the loaded one); returns its lines."""
    if restart:
        board.flush_inmate()
        board.check(f"jailhouse cell shutdown {CELL}")
        board.check(f"jailhouse cell start {CELL}")
    else:
        start(board, "gic-probe.bin", image_args)
    _, _, m, _ = board.inmate.expect(rb"gic-probe: done, (\d+) failed",
                                     timeout=20)
    log = board.inmate._expect.before.decode(errors="replace")
    assert m.group(1) == b"0", log
    return log


def test_private_interrupts_reset_between_cells(hv):
    """A cell leaves its CPU's SGIs/PPIs enabled, pending, at other
    priorities and edge-triggered; a restart and the next cell on that
    CPU find them as after a reset."""
    hv.check(f"jailhouse cell create {cell_config(hv)}")
    log = probe(hv, '-s "dirty=1" -a 0x1000')
    assert "gic-probe: dirtied private interrupts" in log, log
    assert "gic-probe: private-priority ok" in log, log
    probe(hv, restart=True)
    hv.check(f"jailhouse cell destroy {CELL}")
    hv.check(f"jailhouse cell create {cell_config(hv)}")
    log = probe(hv)
    assert "gic-probe: private-enable ok" in log, log
    hv.check(f"jailhouse cell destroy {CELL}")


def irq_count(board, name):
    """Interrupts of the device @name on all CPUs, from /proc/interrupts."""
    line = board.check(f"grep -m1 '{name}' /proc/interrupts")
    fields = line.split()[1:]
    return sum(int(f) for f in fields if f.isdigit())


def test_root_device_works_after_cell_destroyed(hv):
    """The cell takes the second UART's interrupt from the root (which has
    it open as ttyS0) and changes its priority, enable and routing; after
    destroy the root's serial driver gets its interrupts again."""
    dev = hv.option("inmate_uart_dev")
    if not dev:
        pytest.skip("the root cell has no access to the inmate UART here")
    # keep the port open, so that Linux keeps its interrupt requested
    hv.check(f"stty -F {dev} 115200 raw -echo && "
             f"(sleep 100000 > {dev} &) && sleep 0.5")
    before = irq_count(hv, "ttyS0")

    hv.check(f"jailhouse cell create {cell_config(hv)}")
    start(hv, "gic-demo.bin")
    hv.inmate.expect("Timer fired", timeout=20)
    hv.check(f"jailhouse cell destroy {CELL}")

    # far more than the 16-byte FIFO: needs transmit interrupts
    token = "root-after-destroy-" + "x" * 200
    hv.flush_inmate()
    hv.check(f"timeout -s KILL 10 sh -c 'echo {token} > {dev}'")
    hv.inmate.expect(token, timeout=10)
    assert irq_count(hv, "ttyS0") > before
    hv.run("pkill -f 'sleep 100000'")


SUBPAGE = "uart-subpage"


def subpage_cycle(board, image, args=""):
    board.check(f"jailhouse cell create "
                f"{CELLS}/{board.option('board')}-uart-subpage.cell")
    board.flush_inmate()
    board.check(f"jailhouse cell load {SUBPAGE} {INMATES}/{image} {args}")
    return board.check(f"jailhouse cell start {SUBPAGE} && sleep 2")


def test_subpage_uart_prints(hv):
    """A cell owning only the 8 registers of the second UART prints
    through it: every access is performed by the hypervisor at EL2, which
    maps the page while the cell exists and gives it back after."""
    if hv.option("board") != "qemu-arm64":
        pytest.skip("the sub-page cell config is for the emulated board")
    used = set()
    for _ in range(3):
        subpage_cycle(hv, "uart-demo.bin")
        for n in (1, 2, 3):
            hv.inmate.expect(f"Hello {n} from cell!", timeout=20)
        assert "running" in hv.check(f"jailhouse cell list | grep {SUBPAGE}")
        stats = hv.check(f"jailhouse cell stats {SUBPAGE}")
        hv.check(f"jailhouse cell destroy {SUBPAGE}")
        used.add(hv.check(f"cat {SYSFS}/mem_pool_used"))
    assert len(used) == 1, f"page pool usage drifts: {used}"
    assert re.search(r"mmio\s+[1-9]", stats, re.I), stats
    assert hv.check("echo alive") == "alive"


@pytest.mark.parametrize("addr,what", [
    ("0x3eff1008", r"unhandled write to 0x3eff1008"),      # past the 8
    ("0x3eff1000", r"unhandled write to 0x3eff1000 \(4 bytes"),  # too wide
])
def test_subpage_limits(hv, addr, what):
    if hv.option("board") != "qemu-arm64":
        pytest.skip("the sub-page cell config is for the emulated board")
    out = subpage_cycle(hv, "violation-ram.bin", f'-s "addr={addr}" -a 0x1000')
    try:
        root_console_shows(hv, out, rf'FATAL: cell "{SUBPAGE}" CPU 3: {what}')
        assert "failed" in hv.check(f"jailhouse cell list | grep {SUBPAGE}")
        assert hv.check("echo alive") == "alive"
    finally:
        hv.run(f"jailhouse cell destroy {SUBPAGE}")


def test_config_address_checked_against_root_now(cell):
    """The root hands the hypervisor a cell configuration address inside
    a running cell's RAM (memory the root had at enable, not now): the
    hypervisor refuses to read it and says why."""
    if cell.option("board") != "qemu-arm64":
        pytest.skip("addresses of the emulated board")
    start(cell, "gic-demo.bin")
    cell.inmate.expect("Timer fired", timeout=20)
    cell.check("modprobe jailhouse-hvc-test")
    hvc = "/sys/kernel/jailhouse_hvc_test/cell_create"
    out = cell.check(f"echo 0x7fa00100 > {hvc} && sleep 1 && cat {hvc}")
    assert out.splitlines()[-1] == "-22", out
    root_console_shows(cell, out, r"Cell configuration at 0x7fa00100\S* "
                                  r"is in memory the root cell has given "
                                  r"to a cell")
    assert "running" in cell.check(f"cat {SYSFS}/cells/1/state")
    cell.inmate.expect("Timer fired", timeout=20)


READER = "/sys/kernel/jailhouse_mem_reader_test"
# beyond the root Linux's mem=768M, inside the root cell's RAM region,
# which the hypervisor maps with 2 MiB blocks
BLOCKS = 0x70000000
BLOCK = 0x200000
CYCLES = 10


def test_root_stage2_changes_under_load(hv, request):
    """Cells whose RAM lies inside 2 MiB blocks of the root's stage 2 are
    created and destroyed while another root CPU keeps reading the rest
    of those blocks: each create splits a block the reader is using
    (break-before-make, the reader's accesses in the break window are
    retried), each destroy merges it back.  The reader never stops or
    sees a wrong value, nothing is reported, and the page pool ends where
    it started (merged tables went back)."""
    if hv.option("board") != "qemu-arm64":
        pytest.skip("addresses of the emulated board")
    build = pathlib.Path(request.config.getoption("--jh-build"))
    template = (build / f"rootfs-stage{cell_config(hv)}").read_bytes()
    for i in range(CYCLES):
        c = CellFile(template)
        ram = [n for n in range(c.num_memory_regions) if c.region(n)[1] == 0]
        assert len(ram) == 1
        _, _, size, flags = c.region(ram[0])
        c.set_region(ram[0], BLOCKS + i * BLOCK, 0, size, flags)
        hv.put_file(f"/tmp/split-{i}.cell", c.bytes())

    hv.check("modprobe jailhouse-mem-reader-test")
    hv.check(f"echo {BLOCKS + BLOCK // 2:#x} 0x1000 1 {BLOCK:#x} {CYCLES}"
             f" > {READER}/start")
    used = hv.check(f"cat {SYSFS}/mem_pool_used")
    # the first cell also runs, from RAM the root's block was split for
    hv.check("jailhouse cell create /tmp/split-0.cell")
    start(hv, "uart-demo.bin")
    hv.inmate.expect("Hello 1 from cell!", timeout=20)
    out = hv.check(f"jailhouse cell destroy {CELL}")
    out += hv.check(
        f"for i in $(seq 1 {CYCLES - 1}); do "
        f"jailhouse cell create /tmp/split-$i.cell >/dev/null && "
        f"jailhouse cell destroy {CELL} >/dev/null || break; done; "
        f"echo cycles $i", timeout=120)
    assert f"cycles {CYCLES - 1}" in out, out
    # the hypervisor prints on this console: a report would be in out
    out += hv.check("sleep 1")
    passes = int(hv.check(f"cat {READER}/passes"))
    errors = int(hv.check(f"cat {READER}/errors"))
    hv.check(f"echo 1 > {READER}/stop")
    assert passes > 0 and errors == 0, (passes, errors)
    assert "FATAL" not in out, out
    assert hv.check(f"cat {SYSFS}/mem_pool_used") == used
    assert hv.check("cat /sys/devices/system/cpu/online") == "0-3"
    assert hv.check("echo alive") == "alive"


LEAK_CYCLES = 20


@pytest.mark.parametrize("config,name", [
    ("inmate-demo", "inmate-demo"),
    ("ivshmem-demo", "ivshmem-demo"),
    ("uart-subpage", "uart-subpage"),
])
def test_no_pool_leak_over_cycles(hv, config, name):
    """Every cell config we ship, created and destroyed 20 times (the
    first time also loaded and started): the hypervisor's page pool ends
    where it started, and the root has all its CPUs back."""
    path = f"{CELLS}/{hv.option('board')}-{config}.cell"
    if hv.run(f"test -f {path}")[1] != 0:
        pytest.skip(f"no {config} config for this board")
    used = hv.check(f"cat {SYSFS}/mem_pool_used")
    hv.check(f"jailhouse cell create {path}")
    hv.check(f"jailhouse cell load {name} {INMATES}/uart-demo.bin")
    hv.check(f"jailhouse cell start {name} && sleep 1")
    hv.check(f"jailhouse cell destroy {name}")
    out = hv.check(
        f"for i in $(seq 2 {LEAK_CYCLES}); do "
        f"jailhouse cell create {path} >/dev/null && "
        f"jailhouse cell destroy {name} >/dev/null || break; done; "
        f"echo cycles $i", timeout=180)
    assert f"cycles {LEAK_CYCLES}" in out, out
    assert hv.check(f"cat {SYSFS}/mem_pool_used") == used
    assert hv.check("cat /sys/devices/system/cpu/online") == "0-3"


def test_cell_smcs_answered_by_hypervisor(cell):
    """A cell's SMCs never reach the firmware: PSCI and the SMCCC basics
    are answered by the hypervisor, silicon-provider/OEM/trusted-OS calls
    and SMCs with an immediate are refused, and the cell goes on running
    (none of this is a violation)."""
    start(cell, "smc-probe.bin")
    _, _, m, _ = cell.inmate.expect(rb"smc-probe: done, (\d+) failed",
                                    timeout=20)
    log = cell.inmate._expect.before.decode(errors="replace")
    assert m.group(1) == b"0", log
    for name in ("sip-call", "trusted-os-call", "immediate-1"):
        assert f"smc-probe: {name} ok" in log, log
    assert "running" in cell.check(f"cat {SYSFS}/cells/1/state")
    assert cell.check("echo alive") == "alive"


@pytest.mark.parametrize("call", ["system-off", "system-reset"])
def test_cell_system_off_or_reset_stops_that_cell_only(cell, call):
    """PSCI SYSTEM_OFF/RESET from a cell stop the cell (shut down, as
    `cell shutdown` leaves it), never the board: the call does not
    return, the root runs on, and the cell starts again."""
    out = start(cell, "smc-probe.bin", f'-s "{call}" -a 0x1000', settle=1)
    cell.inmate.expect(rb"smc-probe: calling SYSTEM_", timeout=20)
    root_console_shows(cell, out, r'Cell "inmate-demo" asked for a system '
                       r'(off|reset) \(PSCI\): it stops, nothing else does')
    assert cell.check(f"cat {SYSFS}/cells/1/state") == "shut down"
    assert cell.check("echo alive") == "alive"
    # the call never returned into the cell
    with pytest.raises(pexpect.TIMEOUT):
        cell.inmate.expect(rb"smc-probe: SYSTEM_\w+ returned", timeout=1)
    assert cell.check("jailhouse cell list").count("shut down") == 1
    start(cell, "smc-probe.bin")
    cell.inmate.expect(rb"smc-probe: done, 0 failed", timeout=20)
    assert "running" in cell.check(f"cat {SYSFS}/cells/1/state")


MEM_RW_IO_32 = 0x0001 | 0x0002 | 0x0010 | (4 << 16)
# the root's fw_cfg: its control register takes 16-bit accesses only, a
# 32-bit one is a bus error (external abort)
NOTHING_THERE = 0x09020008


def test_cpu_reusable_after_hypervisor_fault(hv, request):
    """A sub-page region on a register that answers a 32-bit access with
    a bus error: the hypervisor's own access for the cell takes an
    external abort at EL2.  That fails the
    cell, not the system: reported, the CPU parked, and after destroy the
    CPU goes back to the root and serves the next cell."""
    if hv.option("board") != "qemu-arm64":
        pytest.skip("addresses of the emulated board")
    build = pathlib.Path(request.config.getoption("--jh-build"))
    c = CellFile((build / f"rootfs-stage{CELLS}/"
                  f"{hv.option('board')}-uart-subpage.cell").read_bytes())
    c.add_region(NOTHING_THERE, NOTHING_THERE, 0x4, MEM_RW_IO_32)
    hv.put_file("/tmp/buserror.cell", c.bytes())
    hv.check("jailhouse cell create /tmp/buserror.cell")
    try:
        hv.flush_inmate()
        hv.check(f"jailhouse cell load {SUBPAGE} {INMATES}/violation-ram.bin"
                 f' -s "addr={NOTHING_THERE:#x} read" -a 0x1000')
        out = hv.check(f"jailhouse cell start {SUBPAGE} && sleep 2")
        hv.inmate.expect("violation-ram: reading", timeout=20)
        root_console_shows(hv, out, r"FATAL: Hypervisor exception "
                                    r"\(hyp sync\) on CPU 3")
        root_console_shows(hv, out, rf'Parking CPU 3 \(Cell: "{SUBPAGE}"\)'
                                    r" after a hypervisor fault")
        assert "failed" in hv.check(f"jailhouse cell list | grep {SUBPAGE}")
        assert hv.check("echo alive") == "alive"
    finally:
        hv.run(f"jailhouse cell destroy {SUBPAGE}")
    assert hv.check("cat /sys/devices/system/cpu/online") == "0-3"
    # CPU 3 ran Linux again; now it serves the next cell
    hv.check(f"jailhouse cell create {cell_config(hv)}")
    try:
        start(hv, "uart-demo.bin")
        hv.inmate.expect("Hello 2 from cell!", timeout=20)
    finally:
        hv.run(f"jailhouse cell destroy {CELL}")
    assert hv.check("cat /sys/devices/system/cpu/online") == "0-3"


@pytest.mark.parametrize("addr,finding", [
    (0x08080000, r"maps the GIC between distributor and redistributors"),
    (0x080a0000, r"maps GIC redistributor frames"),
    (0x09000000, r"maps the hypervisor's debug UART"),
])
def test_cell_config_mapping_gic_or_debug_uart_refused(hv, request, addr,
                                                       finding):
    """A cell config with a region on the ITS window, a redistributor
    frame or the hypervisor's UART is refused on create with the finding
    named, and nothing changes."""
    if hv.option("board") != "qemu-arm64":
        pytest.skip("addresses of the emulated board")
    build = pathlib.Path(request.config.getoption("--jh-build"))
    c = CellFile((build / f"rootfs-stage{cell_config(hv)}").read_bytes())
    c.add_region(addr, addr, 0x1000, MEM_RW_IO_32 & 0xffff)
    hv.put_file("/tmp/gic-map.cell", c.bytes())
    used = hv.check(f"cat {SYSFS}/mem_pool_used")
    out = hv.fails("jailhouse cell create /tmp/gic-map.cell")
    assert re.search(finding, out), out
    assert CELL not in hv.check("jailhouse cell list")
    assert hv.check(f"cat {SYSFS}/mem_pool_used") == used
    assert hv.check("cat /sys/devices/system/cpu/online") == "0-3"
