"""What the ivshmem scenarios share: the emulated board's geometry of the
3-peer demo link, single physical accesses from the root, and the
bare-metal ivshmem-demo inmate as the other peer, with the second UART
as its console."""

import pathlib
import re
import time

from cellfile import CellFile

CELLS = "/usr/share/jailhouse/cells"
INMATES = "/usr/share/jailhouse/inmates"
SYSFS = "/sys/devices/jailhouse"
CELL = "ivshmem-demo"
# the ivshmem-demo cell with the second UART as its console, so that its
# output does not share the line with the root's shell
UART_CELL = "/tmp/ivshmem-demo-uart.cell"
VIRTUAL_CONSOLE_ACTIVE = 0x80000000
MEM_READ_WRITE_IO = 0x1 | 0x2 | 0x40

# qemu-arm64 geometry (configs/qemu-arm64/qemu-arm64.c)
ECAM = 0x08e00000
BAR = 0x08f00000            # the root's BAR window, right after ECAM
STATE_TABLE = 0x7faf0000
RW = 0x7faf1000
OUT = 0x7fafa000             # output sections, 0x2000 each
OUT_SIZE = 0x2000

REG_ID, REG_PEERS, REG_INT_CTRL, REG_DOORBELL, REG_STATE = 0, 4, 8, 0xc, 0x10


MMIO = "/sys/kernel/jailhouse_mmio_test/access"


def devmem(board, addr, width=32, value=None):
    """One access at physical @addr from the root's kernel (/dev/mem is
    refused there), as device memory, or cacheable for the shared
    memory."""
    kind = "mem" if STATE_TABLE <= addr < OUT + 3 * OUT_SIZE else "io"
    cmd = f"echo {kind} 0x{addr:x} {width}"
    if value is not None:
        board.check(f"{cmd} 0x{value:x} > {MMIO}")
        return None
    out = board.check(f"{cmd} > {MMIO} && cat {MMIO}")
    # the hypervisor console shares the line: pick the value's own line
    values = re.findall(r"^0x[0-9a-f]+$", out, re.M)
    assert values, out
    return int(values[-1], 16)


def console(board):
    return board.check("jailhouse console")


def wait_console(board, pattern, timeout=20):
    """The hypervisor console (the ring `jailhouse console` shows) gets
    a line matching @pattern; returns the match."""
    end = time.time() + timeout
    while True:
        m = re.search(pattern, console(board))
        if m:
            return m
        if time.time() > end:
            raise AssertionError(f"no {pattern!r} on the hypervisor console:"
                                 f"\n{console(board)[-3000:]}")
        time.sleep(0.5)


def put_uart_cell(board, build):
    """The ivshmem-demo cell with the second UART as its console, so that
    its output does not share the line with the root's shell; returns
    its path on the board."""
    cells = pathlib.Path(build) / "rootfs-stage/usr/share/jailhouse/cells"
    demo = CellFile((cells / "qemu-arm64-ivshmem-demo.cell").read_bytes())
    uart = CellFile((cells / "qemu-arm64-inmate-demo.cell").read_bytes())
    demo.set_cell_flags(demo.cell_flags & ~VIRTUAL_CONSOLE_ACTIVE)
    demo.set_cell_console(uart.cell_console())
    demo.add_region(0x3eff1000, 0x3eff1000, 0x1000, MEM_READ_WRITE_IO)
    board.put_file(UART_CELL, demo.bytes())
    return UART_CELL


def cell_up(board, args="target=0 period_ms=300"):
    board.flush_inmate()
    board.check(f"jailhouse cell create {UART_CELL}")
    board.check(f'jailhouse cell load {CELL} {INMATES}/ivshmem-demo.bin '
                f'-s "{args}" -a 0x1000')
    board.check(f"jailhouse cell start {CELL}")
    expect(board, rb"IVSHMEM: registers at 0x[0-9a-f]+, this is peer 1 of 3")


def expect(board, pattern, timeout=20):
    """The cell's UART shows @pattern (bytes regex); returns the match."""
    return board.inmate.expect(pattern, timeout=timeout)[2]
