"""Jailhouse's published cell configurations on the board, byte for byte
what a Jailhouse user has (tests/unit/published/: our texts of them, their
.cell files checked against the published files' SHA-256 by the unit
tests).

Jailhouse's qemu-arm64-linux-demo shares the PL011 at 0x09000000, the root
console and the hypervisor's debug UART, with the root
(JAILHOUSE_MEM_ROOTSHARED): it is created with the warning
MEM_DEBUG_UART_SHARED and destroyed again.  While it exists it owns GIC
SPI 33, the PL011's interrupt, so the root console takes no input: create
and destroy are typed on one line, their output collected in a file."""

import pathlib
import re

import pytest

SYSFS = "/sys/devices/jailhouse"
LINUX_DEMO = "/tmp/jailhouse-qemu-arm64-linux-demo.cell"
NAME = "qemu-arm64-linux-demo"
OUT = "/tmp/published.out"
SHARED_UART = (r"memory region 9: warning: starting at 0x9000000 maps the "
               r"hypervisor's debug UART, shared with the root")


@pytest.fixture(scope="module")
def hv(board, request):
    """Hypervisor enabled, the published cell file on the board."""
    if board.option("board") != "qemu-arm64":
        pytest.skip("Jailhouse's configs of the emulated board")
    build = pathlib.Path(request.config.getoption("--jh-build"))
    cell = build / "tests/unit/published/jailhouse-qemu-arm64-linux-demo.cell"
    assert cell.exists(), f"{cell} not built (unit tests' host build)"
    board.check("modprobe jailhouse")
    board.check(f"jailhouse enable {board.option('root_cell')}", timeout=120)
    board.put_file(LINUX_DEMO, cell.read_bytes())
    yield board
    board.run(f"jailhouse cell destroy {NAME}", timeout=60)
    board.run("jailhouse disable")


def test_published_linux_demo_created_and_destroyed(hv):
    """Created with the warning, listed with CPUs 2-3, destroyed; then the
    root console takes input again, the CPUs and the pool are back."""
    used = hv.check(f"cat {SYSFS}/mem_pool_used")
    hv.check("dmesg -c > /dev/null")
    hv.check(f"jailhouse cell create {LINUX_DEMO} > {OUT} 2>&1; "
             f"echo create=$? >> {OUT}; jailhouse cell list >> {OUT}; "
             f"jailhouse cell destroy {NAME} >> {OUT} 2>&1; "
             f"echo destroy=$? >> {OUT}", timeout=120)
    out = hv.check(f"cat {OUT}")
    assert "create=0" in out, out
    # created, not started: "shut down"
    assert re.search(rf"1\s+{NAME}\s+shut down\s+2-3", out), out
    assert "destroy=0" in out, out

    # the warning reached the root's log and the hypervisor's
    log = hv.check("dmesg")
    assert re.search(SHARED_UART, log), log
    assert "rejected" not in log, log
    console = hv.check("jailhouse console | tail -n 40")
    assert re.search(rf'Config warning: cell "{NAME}": {SHARED_UART}',
                     console), console

    assert hv.check("echo alive") == "alive"
    assert NAME not in hv.check("jailhouse cell list")
    assert hv.check("cat /sys/devices/system/cpu/online") == "0-3"
    assert hv.check(f"cat {SYSFS}/mem_pool_used") == used
