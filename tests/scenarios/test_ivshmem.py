"""ivshmem v2 in the hypervisor, seen from both ends on the board.

The root side is driven with single accesses (jailhouse-mmio-test.ko)
through the virtual PCI host's ECAM window and the root's BAR window,
below the Linux drivers (this is what the hypervisor itself emulates); the other end is the bare-metal
ivshmem-demo inmate in the ivshmem-demo cell (peer 1 of the 3-peer demo
link 00:00.0), which prints on the hypervisor's console.  The root-Linux
side (host bridge, uio_ivshmem, the Linux ivshmem-demo) is
test_ivshmem_root.py.  Also here: links the driver's checker refuses at
create (edited copies of the ivshmem-demo cell), and 20 create/destroy
cycles of the linked cell."""

import pathlib
import re

import pytest

from cellfile import PCI_SHMEM_DEV_ID, PCI_SHMEM_PEERS, CellFile
from ivshmem_board import (BAR, CELL, CELLS, ECAM, INMATES, OUT, OUT_SIZE,
                           REG_DOORBELL, REG_ID, REG_INT_CTRL, REG_PEERS,
                           REG_STATE, STATE_TABLE, SYSFS, cell_up,
                           devmem, expect, put_uart_cell,
                           wait_console)


@pytest.fixture(scope="module")
def hv(board):
    if board.option("board") != "qemu-arm64":
        pytest.skip("addresses of the emulated board")
    board.check("modprobe jailhouse")
    board.check("modprobe jailhouse-mmio-test")
    board.check(f"jailhouse enable {board.option('root_cell')}", timeout=120)
    yield board
    board.run(f"jailhouse cell destroy {CELL}")
    board.run("jailhouse disable")


@pytest.fixture(scope="module")
def uart_cell(request, hv):
    return put_uart_cell(hv, request.config.getoption("--jh-build"))


@pytest.fixture(scope="module")
def root_dev(hv, uart_cell):
    """The root's end of the demo link, 00:00.0, with its register page
    placed at the start of the BAR window and memory decoding on."""
    devmem(hv, ECAM + 0x10, 32, BAR)
    devmem(hv, ECAM + 0x04, 16, 0x2)
    return hv


def test_config_space_as_the_root_sees_it(hv):
    """ECAM: the root's two functions at 00:00.0 (demo, protocol 0) and
    00:01.0 (virtual network, protocol 1), ivshmem v2 ids, the vendor
    capability with the shared memory's sizes and address; empty slots
    and functions read all-ones, also on BARs being sized."""
    assert devmem(hv, ECAM) == 0x4106110a
    assert devmem(hv, ECAM + 0x8000) == 0x4106110a
    assert devmem(hv, ECAM + 0x08) == 0xff000000
    assert devmem(hv, ECAM + 0x8008) == 0xff000100
    assert devmem(hv, ECAM + 0x10000) == 0xffffffff
    assert devmem(hv, ECAM + 0x1000) == 0xffffffff
    assert devmem(hv, ECAM + 0x2, 16) == 0x4106
    assert devmem(hv, ECAM + 0x34, 8) == 0x40
    assert devmem(hv, ECAM + 0x40) & 0xffffff == 0x200009
    assert devmem(hv, ECAM + 0x44) == 0x1000
    assert devmem(hv, ECAM + 0x48) == 0x9000
    assert devmem(hv, ECAM + 0x50) == OUT_SIZE
    assert devmem(hv, ECAM + 0x58) == STATE_TABLE
    # BAR sizing: 4 KiB register page
    old = devmem(hv, ECAM + 0x8010)
    devmem(hv, ECAM + 0x8010, 32, 0xffffffff)
    assert devmem(hv, ECAM + 0x8010) == 0xfffff000
    devmem(hv, ECAM + 0x8010, 32, old)
    # read-only ids stay
    devmem(hv, ECAM, 32, 0)
    assert devmem(hv, ECAM) == 0x4106110a


def test_root_registers(root_dev):
    """The register page in the root's BAR window: ID 0 of 3 peers; the
    root's STATE write shows up in the state table."""
    assert devmem(root_dev, BAR + REG_ID) == 0
    assert devmem(root_dev, BAR + REG_PEERS) == 3
    devmem(root_dev, BAR + REG_STATE, 32, 5)
    assert devmem(root_dev, BAR + REG_STATE) == 5
    assert devmem(root_dev, STATE_TABLE) == 5
    devmem(root_dev, BAR + REG_STATE, 32, 0)
    assert devmem(root_dev, STATE_TABLE) == 0


def test_doorbells_and_states_both_ways(root_dev):
    """Bare-metal peer 1 comes up (state 1 in the root's view of the
    table), writes its output section; the root's state change and the
    root's doorbells each interrupt it; destroying the cell drops its
    state to 0, and a new cell links up again."""
    hv = root_dev
    devmem(hv, BAR + REG_INT_CTRL, 32, 1)
    cell_up(hv)
    try:
        assert devmem(hv, STATE_TABLE + 4) == 1
        expect(hv, rb"IVSHMEM: sending interrupt 2 to peer 0")
        out = b"".join(devmem(hv, OUT + OUT_SIZE + 4 * n).to_bytes(4, "little")
                       for n in range(8))
        assert re.match(rb"Hello \d+ from IVSHMEM peer 1!", out), out

        # the root's state change interrupts the peer: first interrupt
        devmem(hv, BAR + REG_STATE, 32, 1)
        expect(hv, rb"IVSHMEM: got interrupt 1\s+"
                   rb"IVSHMEM: peer states: 1 1 0")
        # three doorbells, each an interrupt
        for n in range(2, 5):
            devmem(hv, BAR + REG_DOORBELL, 32, 1 << 16)
            expect(hv, rb"IVSHMEM: got interrupt %d\b" % n)
        # a doorbell to peer 2 (nobody) or beyond the peers: no effect
        devmem(hv, BAR + REG_DOORBELL, 32, 2 << 16)
        devmem(hv, BAR + REG_DOORBELL, 32, 9 << 16)
        assert devmem(hv, STATE_TABLE + 8) == 0

        hv.check(f"jailhouse cell destroy {CELL}")
        assert devmem(hv, STATE_TABLE + 4) == 0
        assert devmem(hv, STATE_TABLE) == 1

        # relink: the new cell sees the root's state at once
        cell_up(hv)
        expect(hv, rb"IVSHMEM: peer states: 1 1 0")
        assert devmem(hv, STATE_TABLE + 4) == 1
        hv.check(f"jailhouse cell shutdown {CELL}")
        assert devmem(hv, STATE_TABLE + 4) == 0
    finally:
        hv.run(f"jailhouse cell destroy {CELL}")
        devmem(hv, BAR + REG_STATE, 32, 0)
        devmem(hv, BAR + REG_INT_CTRL, 32, 0)


@pytest.mark.parametrize("what,addr", [
    ("state table", STATE_TABLE),
    ("the root's output section", OUT),
])
def test_write_to_read_only_shmem_parks_the_cell(root_dev, what, addr):
    """A peer writing what only the hypervisor (state table) or another
    peer (output section) may write is parked with a report; the root's
    end keeps working."""
    hv = root_dev
    devmem(hv, BAR + REG_STATE, 32, 1)
    hv.check(f"jailhouse cell create {CELLS}/qemu-arm64-ivshmem-demo.cell")
    try:
        hv.check(f'jailhouse cell load {CELL} {INMATES}/violation-ram.bin '
                 f'-s "addr=0x{addr:x} value=0x55" -a 0x1000')
        hv.check(f"jailhouse cell start {CELL}")
        wait_console(hv, rf'FATAL: cell "{CELL}".*0x{addr:x}')
        assert "failed" in hv.check(f"cat {SYSFS}/cells/1/state")
        assert devmem(hv, STATE_TABLE) == 1
        assert devmem(hv, addr) != 0x55
        assert devmem(hv, BAR + REG_PEERS) == 3
    finally:
        hv.run(f"jailhouse cell destroy {CELL}")
        devmem(hv, BAR + REG_STATE, 32, 0)
    assert hv.check("echo alive") == "alive"


def demo_cell(request):
    build = pathlib.Path(request.config.getoption("--jh-build"))
    return CellFile((build / "rootfs-stage" / CELLS.lstrip("/") /
                     "qemu-arm64-ivshmem-demo.cell").read_bytes())


def moved_link(c):
    """all five regions of the demo link 1 MiB lower, in the root's RAM"""
    for i in range(5):
        phys, virt, size, flags = c.region(i)
        c.set_region(i, phys - 0x100000, virt - 0x100000, size, flags)


# (case, edit of the ivshmem-demo cell, what the refusal must say)
BAD_LINKS = [
    ("regions-differ", moved_link,
     r'pci device 0: memory region 0 is not the same physical memory as '
     r'in pci device 0 of cell "qemu-arm64"'),
    ("peer-id-out-of-range", lambda c: c.set_pci_u8(0, PCI_SHMEM_DEV_ID, 3),
     r"pci device 0: shmem_dev_id 3 is not below shmem_peers"),
    ("peer-id-of-the-root", lambda c: c.set_pci_u8(0, PCI_SHMEM_DEV_ID, 0),
     r'pci device 0: shmem_dev_id 0 is also that of pci device 0 of cell '
     r'"qemu-arm64"'),
    ("peer-count-differs", lambda c: c.set_pci_u8(0, PCI_SHMEM_PEERS, 2),
     r'pci device 0: shmem_peers 2 differs from that of pci device 0 of '
     r'cell "qemu-arm64"'),
    ("bdf-clash", lambda c: c.duplicate_pci_device(0),
     r"pci device 1: has the same bdf \(0x0\) as pci device 0"),
    ("spi-outside-the-cell",
     lambda c: c.set_vpci_irq_base(c.vpci_irq_base + 1),
     r"pci device 0: INTx, GIC interrupt 145 \(32 \+ vpci_irq_base \+ slot "
     r"mod 4\), is not assigned to the cell"),
]


def refused(hv, path, pattern):
    """cell create of @path fails naming @pattern; the system is as it
    was: the same cells, CPUs and page-pool usage."""
    before = [hv.check(c) for c in (
        "jailhouse cell list", "cat /sys/devices/system/cpu/online",
        f"cat {SYSFS}/mem_pool_used")]
    out = hv.fails(f"jailhouse cell create {path}")
    assert re.search(pattern, out), out
    after = [hv.check(c) for c in (
        "jailhouse cell list", "cat /sys/devices/system/cpu/online",
        f"cat {SYSFS}/mem_pool_used")]
    assert after == before
    return out


@pytest.mark.parametrize("case,edit,pattern", BAD_LINKS,
                         ids=[b[0] for b in BAD_LINKS])
def test_bad_link_refused_at_create(hv, request, case, edit, pattern):
    """A link the cell cannot be part of is refused at create, by the
    checker in the driver against the system config, with a message that
    names the cell, the device and the field; nothing is left behind."""
    c = demo_cell(request)
    edit(c)
    path = f"/tmp/bad-{case}.cell"
    hv.put_file(path, c.bytes())
    out = refused(hv, path, rf'cell config "{CELL}": ' + pattern)
    assert "rejected" in out, out


def test_peer_id_taken_by_a_running_cell(hv, request):
    """The checker in the driver also holds the new cell against the
    cells that run: a second cell on the demo link with peer id 1, which
    ivshmem-demo has, is refused naming it."""
    twin = demo_cell(request)
    twin.set_name("ivshmem-twin")
    twin.set_cpus(0x8)
    _, virt, size, flags = twin.region(5)
    twin.set_region(5, 0x7fa00000, virt, size, flags)
    hv.put_file("/tmp/ivshmem-twin.cell", twin.bytes())
    hv.check(f"jailhouse cell create {CELLS}/qemu-arm64-ivshmem-demo.cell")
    try:
        refused(hv, "/tmp/ivshmem-twin.cell",
                r'cell config "ivshmem-twin": pci device 0: shmem_dev_id 1 '
                r'is also that of pci device 0 of cell "ivshmem-demo"')
    finally:
        hv.run(f"jailhouse cell destroy {CELL}")


def test_twenty_create_destroy_cycles(root_dev):
    """The link comes up and goes down with the cell 20 times; the
    page pool ends where it started and the root's end still works."""
    hv = root_dev
    used = hv.check(f"cat {SYSFS}/mem_pool_used")
    devmem(hv, BAR + REG_STATE, 32, 1)
    try:
        for n in range(20):
            cell_up(hv, "target=0 period_ms=0")
            assert devmem(hv, STATE_TABLE + 4) == 1, n
            hv.check(f"jailhouse cell destroy {CELL}")
            assert devmem(hv, STATE_TABLE + 4) == 0, n
            assert hv.check(f"cat {SYSFS}/mem_pool_used") == used, n
    finally:
        hv.run(f"jailhouse cell destroy {CELL}")
        devmem(hv, BAR + REG_STATE, 32, 0)
    assert devmem(hv, BAR + REG_PEERS) == 3
