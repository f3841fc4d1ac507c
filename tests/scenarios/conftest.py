"""Scenario harness: boots a board through labgrid and hands tests a root
shell and the inmate UART.  The board is whatever the labgrid environment
file describes: the emulated qemu-arm64 (default) or a lab AM62x.

Options (or environment variables):
  --jh-env   JH_LG_ENV     labgrid environment (tests/env/qemu-arm64.yaml,
                           for test_serial_line.py qemu-arm64-serial.yaml)
  --jh-build JH_BUILD_DIR  build folder (build/)
  --jh-logs  JH_LOG_DIR    where UART logs go (BUILD/test-logs)
  --jh-kernel JH_KERNEL    guest kernel series of the emulated board
                           (6.1 or 6.12; default: the launcher's, 6.1);
                           the harness checks that the board runs it
  JH_BOARD_KERNEL_RELEASE  the kernel release the board must run (set by
                           ci/lab-nightly: what the modules are built
                           for); a board that runs another fails
  JH_SIM_ARGS              extra sim/qemu-arm64 start options for every
                           scenario file, after its own SIM_ARGS (e.g.
                           "--deterministic --el2-count")
  JH_FW_COVERAGE=0         no firmware coverage; otherwise every emulated
                           board records which instructions of the
                           hypervisor ran: BUILD/fw-coverage/<file>.addr
                           (sim/qemu-arm64 --fw-coverage)

Values the harness fills into the environment file: SOURCE_DIR,
BUILD_DIR, BOOT_LOG_DIR, ROOT_PORT and INMATE_PORT (free TCP ports),
TTY_DIR (a folder of this scenario file's own for the emulated board's
serial links and ser2net, LOGS/<file>/tty), SIM_ARGS, and every variable
of the environment (LG_AM62X_*).

Commands run through board_shell.RootShell (output framing that
tolerates the hypervisor printing on the root console, paced writes on
serial lines).  A board that does not reach its shell within the
environment's boot_timeout is powered off and the scenario file fails
with BoardDidNotBoot; a root console that goes away during a test fails
that test (ConsoleLost), and the next test gets the board powered on
again.
"""

import base64
import os
import pathlib
import re
import socket
import string
import time

import pytest
from labgrid import Environment
from labgrid.resource import NetworkSerialPort

import board_strategy  # noqa: F401  (registers BoardStrategy)
from board_shell import CommandTimeout, ConsoleLost, RootShell

SOURCE_DIR = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_KERNEL = "6.1"  # sim/qemu-arm64's


def pytest_addoption(parser):
    parser.addoption("--jh-env", default=os.environ.get("JH_LG_ENV"))
    parser.addoption("--jh-build", default=os.environ.get(
        "JH_BUILD_DIR", str(SOURCE_DIR / "build")))
    parser.addoption("--jh-logs", default=os.environ.get("JH_LOG_DIR"))
    parser.addoption("--jh-kernel", default=os.environ.get("JH_KERNEL"))


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "stress: long repetition run; on the default guest "
        "kernel only, the second kernel gets the functional tests")


def pytest_collection_modifyitems(config, items):
    kernel = config.getoption("--jh-kernel")
    if not kernel or kernel == DEFAULT_KERNEL:
        return
    skip = pytest.mark.skip(reason=f"stress run: kernel {DEFAULT_KERNEL} "
                            "only (time budget)")
    for item in items:
        if "stress" in item.keywords:
            item.add_marker(skip)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class UartLog:
    """Copies everything a labgrid serial driver reads into a file that
    can be switched per test, so each test keeps its own UART log."""

    def __init__(self, driver):
        self.path = None
        self.file = None
        self._read = driver._read
        driver._read = self.read

    def switch(self, path):
        if self.file:
            self.file.close()
        self.file = None
        self.path = path

    def read(self, *args, **kwargs):
        data = self._read(*args, **kwargs)
        if data and self.path:
            if not self.file:  # only tests that saw output get a log
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.file = open(self.path, "ab", buffering=0)
            self.file.write(data)
        return data


class BoardDidNotBoot(AssertionError):
    """The board did not reach its root shell within boot_timeout."""


def boot_log_tail(path, lines=15):
    try:
        text = path.read_bytes().decode(errors="replace")
    except OSError:
        return "(nothing read from the root console)"
    tail = text.replace("\r", "").splitlines()[-lines:]
    return "\n".join(tail) or "(nothing read from the root console)"


class Board:
    """A booted board: a root shell and the second UART."""

    def __init__(self, env, target, log_dir, build, kernel=None):
        self.env = env
        self.target = target
        self.log_dir = log_dir
        self.build = build
        self.kernel = kernel
        self.shell = target.get_driver("ShellDriver", activate=False)
        self.root_uart = target.get_driver("SerialDriver", name="root",
                                           activate=False)
        self._inmate = target.get_driver("SerialDriver", name="inmate",
                                         activate=False)
        self.strategy = target.get_driver("BoardStrategy")
        self.logs = {"root": UartLog(self.root_uart),
                     "inmate": UartLog(self._inmate)}
        port = self.root_uart.port
        # a serial line, not QEMU's raw TCP socket: pace long commands
        paced = not (isinstance(port, NetworkSerialPort) and
                     port.protocol == "raw")
        self.cmd = RootShell(self.root_uart, self.shell.prompt, paced=paced,
                             speed=port.speed)
        # a new login (also through the strategy in a test) is a new
        # shell: jh_run is defined again with the next command
        login = self.shell.on_activate

        def on_activate():
            self.cmd.defined = False
            login()
        self.shell.on_activate = on_activate
        self.lost = None      # why the board needs powering again
        self.boots = 0

    def boot(self, timeout=None):
        """Powers the board on and logs in on the root console; powered
        off again with BoardDidNotBoot when that takes longer than the
        environment's boot_timeout (or timeout)."""
        timeout = int(timeout or self.option("boot_timeout",
                                             self.shell.login_timeout))
        self.shell.login_timeout = timeout
        log = self.log_dir / "boot" / (
            "harness-root-uart.log" if not self.boots
            else f"harness-root-uart.{self.boots}.log")
        self.logs["root"].switch(log)
        self.boots += 1
        # What the console's expect buffer kept from an earlier boot ends
        # in a prompt: the login would see it, type into the booting board
        # and lose the line to the shell's start (it reads the terminal's
        # answer to its cursor query from the input).
        self.root_uart._expect.buffer = b""
        start = time.monotonic()
        try:
            self.strategy.transition("shell")
            self.cmd.setup()
        except Exception as e:
            self.power_off()
            raise BoardDidNotBoot(
                f"{self.name} did not reach its root shell within "
                f"boot_timeout ({timeout} s; {time.monotonic() - start:.0f} s"
                f" spent): {type(e).__name__}: {e}\nlast lines on the root "
                f"console ({log}):\n{boot_log_tail(log)}\n"
                "the board is powered off") from None
        self.lost = None
        want = os.environ.get("JH_BOARD_KERNEL_RELEASE")
        if want:  # ci/lab-nightly: the release the modules were built for
            release = self.check("uname -r")
            if release != want:
                self.power_off()
                raise BoardDidNotBoot(
                    f"the board runs kernel {release}, the modules are "
                    f"built for {want} (KDIR): deploy a matching kernel or "
                    "build against the board's (KDIR=...)")
        if self.kernel:
            release = self.check("uname -r")
            assert release.startswith(self.kernel + "."), \
                f"the board runs kernel {release}, not {self.kernel}"
        # Listen to the inmate UART from the start: an inmate prints its
        # first lines right after "cell start".
        self.flush_inmate()

    def power_off(self):
        for log in self.logs.values():
            log.switch(None)
        # whatever the strategy believes (a failed power-on leaves it at
        # "off"): switch the power off
        self.strategy.status = board_strategy.Status.unknown
        self.strategy.transition("off")

    def power_again(self):
        """A board whose console was lost: off, on, logged in."""
        self.power_off()
        self.boot()

    def still_there(self):
        """After a command that timed out: does the shell answer?"""
        try:
            out, code = self.cmd.run("echo alive", timeout=10)
            return code == 0
        except AssertionError as e:
            self.lost = f"no answer after a {self.lost} ({e})"
            return False

    def option(self, name, default=None):
        return self.env.config.get_option(name, default)

    @property
    def name(self):
        return self.option("board")

    def _for_kernel(self, path):
        if self.kernel and self.kernel != DEFAULT_KERNEL:
            return path.with_name(f"{path.stem}-{self.kernel}{path.suffix}")
        return path

    @property
    def rootfs_stage(self):
        """The staged install tree on the board (BUILD/rootfs-stage, for
        a kernel other than the default BUILD/rootfs-stage-SERIES)."""
        return self._for_kernel(self.build / "rootfs-stage")

    @property
    def install_manifest(self):
        """What the build installed into rootfs_stage, one path a line."""
        return self._for_kernel(self.build / "sim" / "install_manifest.txt")

    @property
    def inmate(self):
        """The inmate UART as a console: expect(), sendline(), read()."""
        self.target.activate(self._inmate)
        return self._inmate

    def flush_inmate(self):
        """Forgets what the inmate UART said so far, so that expect()
        only sees output that comes after this point."""
        inmate = self.inmate
        try:
            for _ in range(5):  # bounded: a running inmate never stops
                inmate.read(size=65536, timeout=0.1)
        except Exception:  # pexpect.TIMEOUT: nothing more to read
            pass
        inmate._expect.buffer = b""

    def run(self, cmd, timeout=60):
        """Runs cmd in the root shell; returns (output, exit code)."""
        # busybox's line editor drops what goes past 1024 characters
        assert len(cmd) < 900, f"command line too long for the shell: {cmd}"
        if self.lost and not (self.lost.startswith("timeout") and
                              self.still_there()):
            raise ConsoleLost(f"'{cmd}': the board is gone ({self.lost})")
        self.lost = None
        try:
            out, code = self.cmd.run(cmd, timeout=timeout)
        except ConsoleLost as e:
            self.lost = f"'{cmd}': {e}"
            raise ConsoleLost(f"'{cmd}': {e}; the next test powers the "
                              "board again") from None
        except CommandTimeout as e:
            self.lost = self.lost or f"timeout: {e}"  # checked next test
            raise
        return "\n".join(out), code

    def check(self, cmd, timeout=60):
        """Runs cmd and fails the test unless it exits 0."""
        out, code = self.run(cmd, timeout=timeout)
        assert code == 0, f"'{cmd}' exited {code}:\n{out}"
        return out

    def fails(self, cmd, timeout=60):
        """Runs cmd and fails the test unless it exits non-zero."""
        out, code = self.run(cmd, timeout=timeout)
        assert code != 0, f"'{cmd}' should have failed:\n{out}"
        return out

    def put_file(self, path, data, chunk=512):
        """Writes bytes to a file on the target through the root shell."""
        text = base64.b64encode(data).decode()
        self.check(f"rm -f {path}.b64")
        for i in range(0, len(text), chunk):
            self.check(f"echo -n '{text[i:i + chunk]}' >> {path}.b64")
        self.check(f"base64 -d {path}.b64 > {path} && rm {path}.b64")

    def dmesg_problems(self):
        """Kernel warnings, oopses and BUGs seen so far."""
        out = self.check("dmesg")
        bad = re.compile(r"WARNING:|Oops|BUG:|Call trace:|Internal error|"
                         r"Unable to handle|rcu.*stall|hung_task")
        return [line for line in out.splitlines() if bad.search(line)]


def render_env(src, dst, values):
    text = string.Template(pathlib.Path(src).read_text())
    dst.write_text(text.safe_substitute(values))


def fw_coverage_args(build, log_dir):
    """sim/qemu-arm64 options that record which instructions of the
    firmware this scenario file's board runs (tests/fw-coverage/), in
    BUILD/fw-coverage/ under the name of its log folder."""
    try:
        name = log_dir.resolve().relative_to(build / "test-logs")
    except ValueError:
        name = log_dir.name
    path = build / "fw-coverage" / f"{name}.addr"
    path.unlink(missing_ok=True)  # every boot of the file appends to it
    if os.environ.get("JH_FW_COVERAGE", "1") == "0":
        return ""
    return f" --fw-coverage {path}"


def env_path(cfg, module=None):
    """The labgrid environment: --jh-env/JH_LG_ENV, else the scenario
    file's SERIAL_ENV (test_serial_line.py), else the emulated board on
    TCP sockets."""
    name = cfg.getoption("--jh-env") or getattr(module, "SERIAL_ENV", None)
    return name or str(SOURCE_DIR / "tests/env/qemu-arm64.yaml")


def new_board(cfg, log_dir, sim_args="", fw_coverage=True, module=None):
    """A Board (not powered yet) for the environment file the run uses,
    its logs and serial links in log_dir."""
    build = pathlib.Path(cfg.getoption("--jh-build")).resolve()
    log_dir.mkdir(parents=True, exist_ok=True)
    for old in log_dir.glob("**/*.log"):
        old.unlink()

    values = dict(os.environ)
    values.setdefault("LG_AM62X_ROOT_TTY", "/dev/ttyUSB0")
    values.setdefault("LG_AM62X_INMATE_TTY", "/dev/ttyUSB1")
    values.update({
        "SOURCE_DIR": str(SOURCE_DIR),
        "BUILD_DIR": str(build),
        "BOOT_LOG_DIR": str(log_dir / "boot"),
        "TTY_DIR": str(log_dir / "tty"),
        "ROOT_PORT": str(free_port()),
        "INMATE_PORT": str(free_port()),
        "SIM_ARGS": " ".join(filter(None, (
            sim_args, os.environ.get("JH_SIM_ARGS", "")))),
    })
    kernel = cfg.getoption("--jh-kernel")
    if kernel:
        values["SIM_ARGS"] += f" --kernel {kernel}"
    if fw_coverage:
        values["SIM_ARGS"] += fw_coverage_args(build, log_dir)
    env_file = log_dir / "labgrid-env.yaml"
    render_env(env_path(cfg, module), env_file, values)

    env = Environment(str(env_file))
    if kernel and env.config.get_option("board", None) != "qemu-arm64":
        pytest.skip(f"JH_KERNEL={kernel} picks the emulated board's guest "
                    "kernel; this board boots its own")
    return Board(env, env.get_target("main"), log_dir, build, kernel)


@pytest.fixture(scope="module")
def board(request):
    """Powers the board on, waits for the root shell, powers it off after
    the test module.  One boot per scenario file."""
    cfg = request.config
    build = pathlib.Path(cfg.getoption("--jh-build")).resolve()
    logs = pathlib.Path(cfg.getoption("--jh-logs") or build / "test-logs")
    log_dir = logs / request.module.__name__.rsplit(".", 1)[-1]
    b = new_board(cfg, log_dir, getattr(request.module, "SIM_ARGS", ""),
                  module=request.module)
    try:
        b.boot()
        yield b
    finally:
        b.power_off()
        b.target.cleanup()


@pytest.fixture(autouse=True)
def uart_logs_per_test(request):
    """Each test's view of both UARTs goes to LOGS/<module>/<test>/."""
    if "board" not in request.fixturenames:
        yield
        return
    b = request.getfixturevalue("board")
    test_dir = b.log_dir / re.sub(r"[^\w.-]", "_", request.node.name)
    if b.lost and not (b.lost.startswith("timeout") and b.still_there()):
        # the last test lost the board (console gone, or a command that
        # never came back): power it on again for this one
        test_dir.mkdir(parents=True, exist_ok=True)
        (test_dir / "powered-again.txt").write_text(b.lost + "\n")
        b.power_again()
    b.lost = None
    for name, log in b.logs.items():
        log.switch(test_dir / f"{name}-uart.log")
    b.flush_inmate()
    yield
    for log in b.logs.values():
        log.switch(None)

