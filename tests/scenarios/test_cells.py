"""Non-root cells: create, load, start, shut down, destroy, driven as in
TI's AM62x guide, with bare-metal inmates on the second UART, and a cell
that breaks isolation parked without harming anyone else."""

import pathlib
import re

import pytest

from cellfile import CellFile

CELLS = "/usr/share/jailhouse/cells"
INMATES = "/usr/share/jailhouse/inmates"
SYSFS = "/sys/devices/jailhouse"


def cell_config(board):
    return f"{CELLS}/{board.option('board')}-inmate-demo.cell"


@pytest.fixture(scope="module")
def hv(board):
    """Driver loaded, hypervisor enabled, no cell yet."""
    board.check("modprobe jailhouse")
    board.check(f"jailhouse enable {board.option('root_cell')}", timeout=120)
    yield board
    board.run("jailhouse cell destroy inmate-demo")
    board.run("jailhouse disable")


@pytest.fixture
def cell(hv):
    """An inmate-demo cell, destroyed after the test whatever happened."""
    hv.check(f"jailhouse cell create {cell_config(hv)}", timeout=60)
    yield hv
    hv.run("jailhouse cell destroy inmate-demo", timeout=60)
    assert hv.check("cat /sys/devices/system/cpu/online") == "0-3"


def start(board, image, args="", settle=0):
    """Loads and starts an image.  settle keeps the shell busy for a few
    seconds after the start, so that what the hypervisor prints on the
    shared root console in that time (a violation report) lands inside
    this command's output instead of across the shell's prompt."""
    board.flush_inmate()
    board.check(f"jailhouse cell load inmate-demo {INMATES}/{image} {args}")
    cmd = "jailhouse cell start inmate-demo"
    if settle:
        cmd += f" && sleep {settle}"
    return board.check(cmd)


def root_console_shows(board, output, pattern, timeout=15):
    """The hypervisor prints asynchronously on the root console: look in
    what a command returned, else wait for it."""
    if re.search(pattern, output):
        return
    board.root_uart.expect(pattern, timeout=timeout)


def cell_state(board):
    return board.check(f"cat {SYSFS}/cells/1/state")


def test_uart_demo_prints_on_second_uart(cell):
    start(cell, "uart-demo.bin")
    for n in (1, 2, 3):
        cell.inmate.expect(f"Hello {n} from cell!", timeout=20)
    out = cell.check("jailhouse cell list")
    assert re.search(r"1\s+inmate-demo\s+running\s+3", out), out
    assert cell.check("cat /sys/devices/system/cpu/online") == "0-2"
    assert cell.check("echo alive") == "alive"


def test_gic_demo_timer_lines(cell):
    start(cell, "gic-demo.bin")
    cell.inmate.expect("Initializing the GIC...", timeout=20)
    cell.inmate.expect("Initializing the timer...", timeout=20)
    seen = []
    for _ in range(10):
        _, _, m, _ = cell.inmate.expect(
            rb"Timer fired, jitter: (\d+) ns, min: (\d+) ns, max: (\d+) ns",
            timeout=20)
        seen.append(tuple(int(x) for x in m.groups()))
    for jitter, lo, hi in seen:
        assert lo <= jitter <= hi
    assert len({s[0] for s in seen}) > 1, "jitter is constant: not measured"
    out = cell.check("jailhouse cell stats inmate-demo")
    assert re.search(r"\d", out), out


def test_shutdown_restart_and_reload(cell):
    start(cell, "uart-demo.bin")
    cell.inmate.expect("Hello 2 from cell!", timeout=20)
    cell.check("jailhouse cell shutdown inmate-demo")
    assert cell_state(cell) == "shut down"
    cell.flush_inmate()
    cell.check("jailhouse cell start inmate-demo")
    cell.inmate.expect("Hello 1 from cell!", timeout=20)
    cell.check("jailhouse cell shutdown inmate-demo")
    start(cell, "gic-demo.bin")
    cell.inmate.expect("Timer fired", timeout=20)


def test_cpus_return_to_root_after_destroy(hv):
    hv.check(f"jailhouse cell create {cell_config(hv)}")
    assert hv.check("cat /sys/devices/system/cpu/online") == "0-2"
    start(hv, "uart-demo.bin")
    hv.inmate.expect("Hello 1 from cell!", timeout=20)
    hv.check("jailhouse cell destroy inmate-demo")
    assert hv.check("cat /sys/devices/system/cpu/online") == "0-3"
    out = hv.check("taskset -c 3 cat /proc/self/stat")
    assert out.split()[38] == "3"


def test_disable_refused_while_cell_exists(cell):
    out = cell.fails("jailhouse disable")
    assert re.search(r"cell", out, re.I), out
    assert cell.check(f"cat {SYSFS}/enabled") == "1"


def test_overlapping_cell_refused(cell, request):
    build = pathlib.Path(request.config.getoption("--jh-build"))
    src = build / f"rootfs-stage{cell_config(cell)}"
    c = CellFile(src.read_bytes())
    c.set_name("overlapper")
    c.set_cpus(0x4)
    cell.put_file("/tmp/overlap.cell", c.bytes())
    out = cell.fails("jailhouse cell create /tmp/overlap.cell")
    out += cell.check("dmesg | tail -n 10")
    assert re.search(r"overlap|conflict", out, re.I), out
    assert cell.check("cat /sys/devices/system/cpu/online") == "0-2"
    assert "overlapper" not in cell.check("jailhouse cell list")


def test_ram_violation_parks_cell(cell):
    out = start(cell, "violation-ram.bin", settle=3)
    cell.inmate.expect("violation-ram: writing", timeout=20)
    root_console_shows(cell, out, r"inmate-demo.*0x0*40000000|"
                                  r"0x0*40000000.*inmate-demo")
    assert "failed" in cell_state(cell)
    assert cell.check("echo alive") == "alive"
    out = cell.check("jailhouse cell list")
    assert re.search(r"inmate-demo\s+failed", out), out


def test_gic_violation_parks_cell(cell):
    out = start(cell, "violation-gic.bin", settle=3)
    cell.inmate.expect("violation-gic: enabling", timeout=20)
    root_console_shows(cell, out, r"inmate-demo")
    assert "failed" in cell_state(cell)
    assert cell.check("echo alive") == "alive"


def test_root_only_hypercall_refused(cell):
    start(cell, "violation-hypercall.bin", settle=3)
    cell.inmate.expect(r"hypercall 1 returned -1\b", timeout=20)
    assert cell.check("echo alive") == "alive"


@pytest.mark.stress
def test_fifty_create_load_start_destroy_cycles(hv):
    used = set()
    for _ in range(50):
        hv.check(f"jailhouse cell create {cell_config(hv)}")
        hv.check(f"jailhouse cell load inmate-demo {INMATES}/uart-demo.bin")
        hv.check("jailhouse cell start inmate-demo")
        hv.check("jailhouse cell destroy inmate-demo")
        used.add(hv.check(f"cat {SYSFS}/mem_pool_used"))
    assert len(used) == 1, f"page pool usage drifts: {used}"
    assert hv.check("cat /sys/devices/system/cpu/online") == "0-3"
    assert not hv.dmesg_problems()
