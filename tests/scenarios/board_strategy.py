"""labgrid strategy for our boards: power on, then reach the root shell.

labgrid's ShellStrategy opens the console before switching power on, which
a board whose UARTs only exist while it runs (QEMU's sockets) cannot do.
This one opens the console before power-on where it can (a lab board's
USB serial adapter, so the boot log is captured from the first byte) and
right after power-on otherwise."""

import enum
import time

import attr
from labgrid.factory import target_factory
from labgrid.step import step
from labgrid.strategy import Strategy, StrategyError


class Status(enum.Enum):
    unknown = 0
    off = 1
    shell = 2


@target_factory.reg_driver
@attr.s(eq=False)
class BoardStrategy(Strategy):
    bindings = {
        "power": "PowerProtocol",
        "console": "ConsoleProtocol",
        "shell": "ShellDriver",
    }

    status = attr.ib(default=Status.unknown)

    def _open_console(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.target.activate(self.console)
                return
            except Exception:  # the socket is not there yet
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    @step(args=["status"])
    def transition(self, status, *, step):
        if not isinstance(status, Status):
            status = Status[status]
        if status == self.status:
            step.skip("nothing to do")
            return
        if status == Status.off:
            self.target.deactivate(self.shell)
            self.target.deactivate(self.console)
            self.target.activate(self.power)
            self.power.off()
        elif status == Status.shell:
            self.transition(Status.off)
            try:
                self.target.activate(self.console)
                opened = True
            except Exception:
                opened = False
            self.power.on()
            if not opened:
                self._open_console(30)
            self.target.activate(self.shell)
        else:
            raise StrategyError(f"no transition to {status}")
        self.status = status
