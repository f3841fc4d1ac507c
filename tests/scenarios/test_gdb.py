"""Debugging an inmate with gdb: QEMU's gdb stub, gdb-multiarch with the
inmate's symbols, a breakpoint in gic-demo's timer handler, a local read.
Emulated board only: a lab board would need a JTAG probe."""

import pathlib
import re
import subprocess

import pytest

from conftest import SOURCE_DIR, free_port

GDB_PORT = free_port()
SIM_ARGS = f"--gdb {GDB_PORT}"
DEMO = SOURCE_DIR / "inmates/demos/gic-demo.c"


@pytest.fixture(scope="module")
def gic_demo(board):
    if board.option("board") != "qemu-arm64":
        pytest.skip("needs the emulated board's gdb stub")
    board.check("modprobe jailhouse")
    board.check(f"jailhouse enable {board.option('root_cell')}", timeout=120)
    cells = "/usr/share/jailhouse/cells"
    board.check(f"jailhouse cell create {cells}/qemu-arm64-inmate-demo.cell")
    board.check("jailhouse cell load inmate-demo "
                "/usr/share/jailhouse/inmates/gic-demo.bin")
    board.check("jailhouse cell start inmate-demo")
    board.inmate.expect("Timer fired", timeout=30)
    yield board
    board.run("jailhouse cell destroy inmate-demo")
    board.run("jailhouse disable")


def marker_line():
    for n, line in enumerate(DEMO.read_text().splitlines(), 1):
        if "/* gdb marker" in line:
            return n
    raise AssertionError("no 'gdb marker' line in gic-demo.c")


def test_breakpoint_in_timer_handler(gic_demo, request):
    build = pathlib.Path(request.config.getoption("--jh-build"))
    cmd = [str(SOURCE_DIR / "sim/gdb"), "--port", str(GDB_PORT),
           "--build", str(build), "gic-demo", "-batch",
           "-ex", "break handle_timer_irq",
           "-ex", "continue",
           "-ex", "delete",
           "-ex", f"break gic-demo.c:{marker_line()}",
           "-ex", "continue",
           "-ex", "print jitter",
           "-ex", "info registers pc",
           "-ex", "delete",
           "-ex", "detach"]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    log = res.stdout + res.stderr
    (gic_demo.log_dir / "gdb.log").write_text(" ".join(cmd) + "\n" + log)
    assert re.search(r"Breakpoint 1, .*handle_timer_irq", log), log
    m = re.search(r"\$1 = (\d+)", log)
    assert m, log
    assert int(m.group(1)) < 10**9, "jitter of more than a second"
    # The board runs on after gdb detached.
    gic_demo.inmate.expect("Timer fired", timeout=30)
    assert gic_demo.check("echo alive") == "alive"
