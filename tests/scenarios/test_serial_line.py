"""The harness on a root console that is a serial line shared with the
hypervisor (tests/scenarios/board_shell.py): commands keep their exit
status and their own output while the hypervisor and an inmate print on
the same UART, long command lines arrive whole, a board that does not
boot fails with a clear message and is powered off, a console lost in
the middle of a test fails that test and the next test gets the board
powered on again.  Runs on every environment (TCP, pty, ser2net, lab)."""

import hashlib
import pathlib
import random
import re
import shlex
import string
import subprocess
import threading
import time

import pytest

from board_shell import CommandTimeout, ConsoleLost
from conftest import BoardDidNotBoot, new_board

# without JH_LG_ENV: the emulated board over pseudo terminals
SERIAL_ENV = str(pathlib.Path(__file__).resolve().parents[2] /
                 "tests/env/qemu-arm64-serial.yaml")
CELLS = "/usr/share/jailhouse/cells"
INMATES = "/usr/share/jailhouse/inmates"
DEMO = "ivshmem-demo"


def test_board_that_does_not_boot(request, tmp_path_factory):
    """A board that never shows a login or a shell: BoardDidNotBoot
    after boot_timeout, naming it and the last console lines, with the
    board powered off.  (Emulated board: an initramfs init that does not
    exist; first in the file, before the file's own board is on.)"""
    cfg = request.config
    probe = new_board(cfg, _log_dir(request, "no-boot"),
                      sim_args="--append rdinit=/no/such/init",
                      fw_coverage=False, module=request.module)
    if probe.name != "qemu-arm64":
        pytest.skip("needs a board that can be told not to boot")
    try:
        start = time.monotonic()
        with pytest.raises(BoardDidNotBoot) as e:
            probe.boot(timeout=15)
        spent = time.monotonic() - start
        msg = str(e.value)
        assert "did not reach its root shell within boot_timeout (15 s" \
            in msg, msg
        assert "powered off" in msg, msg
        assert "Kernel panic" in msg or "No working init" in msg, msg
        assert spent < 15 + 20, f"gave up only after {spent:.0f} s"
        pid = probe.log_dir / "boot" / "qemu.pid"
        assert not pid.exists(), "the board that did not boot still runs"
    finally:
        probe.power_off()
        probe.target.cleanup()


def _log_dir(request, name):
    cfg = request.config
    build = pathlib.Path(cfg.getoption("--jh-build")).resolve()
    logs = pathlib.Path(cfg.getoption("--jh-logs") or build / "test-logs")
    return logs / f"test_serial_line-{name}"


def test_exit_codes_and_output(board):
    assert board.run("true") == ("", 0)
    assert board.run("false")[1] == 1
    assert board.run("exit 7")[1] == 7
    out = board.check("echo one; echo two >&2; printf 'three'")
    assert out.splitlines() == ["one", "two", "three"]
    # quotes, $ and markers' look-alikes reach the shell as typed
    out = board.check("""echo "a'b" 'c"d' '$HOME' MARKER""")
    assert out == """a'b c"d $HOME MARKER"""


def test_long_command_line_arrives_whole(board):
    """A command line of 880 characters, paced on serial lines, reaches
    the shell unchanged; put_file's long lines too."""
    word = "".join(random.choice(string.ascii_letters) for _ in range(860))
    assert board.check(f"echo {word}") == word
    data = random.randbytes(6000)
    board.put_file("/tmp/serial-put.bin", data)
    out = board.check("md5sum /tmp/serial-put.bin")
    assert out.split()[0] == hashlib.md5(data).hexdigest()


@pytest.fixture(scope="module")
def hv(board):
    if board.name != "qemu-arm64":
        pytest.skip("the ivshmem-demo cell of the emulated board")
    board.check("modprobe jailhouse")
    board.check(f"jailhouse enable {board.option('root_cell')}", timeout=120)
    yield board
    board.run(f"jailhouse cell destroy {DEMO}")
    board.run("jailhouse disable")


def test_inmate_prints_across_the_prompt(hv):
    """The reproducer: ivshmem-demo prints through the hypervisor's
    virtual console on the root UART right after "cell start", i.e.
    between the command's end marker and the shell's prompt, where
    labgrid's ShellDriver.run waited for MARKER\\s+(\\d+)\\s+PROMPT and
    timed out.  Then it prints every second while further commands
    run.  (The README's command line: without -s, "-a 0x1000" would
    load the image itself at 0x1000, and the cell would run nothing.)"""
    out = hv.check(f"jailhouse cell create {CELLS}/qemu-arm64-ivshmem-demo"
                   f".cell && jailhouse cell load {DEMO} {INMATES}/ivshmem-"
                   f"demo.bin -s target=0 -a 0x1000 && jailhouse cell start "
                   f"{DEMO}")
    assert "root@" not in out, f"the next prompt in the output: {out}"
    # the inmate's lines come on the root console, wherever they land
    # (while the shell is idle, so the lines come whole)
    hv.root_uart.expect(r"IVSHMEM: sending interrupt \d+ to peer 0",
                        timeout=20)
    for n in range(10):
        assert hv.run(f"exit {n}")[1] == n
        out = hv.check(f"echo token-{n}")
        assert f"token-{n}" in out, out
        assert "root@" not in out, out
    assert re.search(rf"{DEMO}\s+running", hv.check("jailhouse cell list"))


def test_flood_of_hypervisor_output(hv):
    """The same inmate printing every 5 ms: the root console carries
    hypervisor text all the time, inside markers too.  Every command
    still finishes with its own exit status, and no output holds what
    the shell printed after the command (its prompt)."""
    hv.check(f"jailhouse cell shutdown {DEMO}")
    hv.check(f"jailhouse cell load {DEMO} {INMATES}/ivshmem-demo.bin "
             "-s 'target=0 period_ms=5' -a 0x1000")
    hv.check(f"jailhouse cell start {DEMO}")
    hv.root_uart.expect(r"IVSHMEM: sending interrupt \d\d+ to peer 0",
                        timeout=30)
    for n in range(15):
        out, code = hv.run(f"[ $(({n} * {n})) -eq {n * n} ] && exit "
                           f"{n % 5}")
        assert code == n % 5, out
        assert "root@" not in out, out
    hv.check(f"jailhouse cell shutdown {DEMO}")
    # quiet again: outputs exact
    time.sleep(1)
    hv.root_uart.settle(0.5, timeout=10.0)
    assert hv.check("echo $((6 * 7)) && uname -m").splitlines() == \
        ["42", "aarch64"]


def test_console_lost_fails_the_test(board):
    """Power goes away while a command runs: the command fails with a
    message naming it (at once where the line goes with the board, as
    pseudo terminals, QEMU's sockets and ser2net do; after its timeout
    on a USB serial adapter that stays)."""
    power = board.target.get_driver("ExternalPowerDriver")
    # the power command itself, from another thread: labgrid's steps
    # (power.off()) are not to be nested across threads
    cut = threading.Timer(3, subprocess.run,
                          [shlex.split(power.cmd_off)],
                          {"stdout": subprocess.DEVNULL})
    cut.start()
    start = time.monotonic()
    try:
        with pytest.raises((ConsoleLost, CommandTimeout)) as e:
            board.run("sleep 60", timeout=40)
    finally:
        cut.join()
    assert "sleep 60" in str(e.value), str(e.value)
    if board.name == "qemu-arm64":
        assert e.type is ConsoleLost, str(e.value)
        assert time.monotonic() - start < 20
    assert board.lost


def test_next_test_gets_the_board_again(board, request):
    """The harness powered the board on again before this test."""
    assert board.boots == 2
    uptime = float(board.check("cut -d' ' -f1 /proc/uptime"))
    assert uptime < 120
    note = board.log_dir / re.sub(r"[^\w.-]", "_", request.node.name) / \
        "powered-again.txt"
    assert "sleep 60" in note.read_text()
