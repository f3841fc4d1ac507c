"""The root Linux's side of ivshmem, as TI's guide has a user run it:
jailhouse.ko's virtual PCI host bridge (domain 0001), uio_ivshmem.ko
binding the demo device by itself, `ls /dev/uio0`, `/proc/interrupts`,
and the Linux ivshmem-demo talking to the bare-metal ivshmem-demo inmate
(peer 1 of the 3-peer demo link) in a cell on the second UART."""

import pathlib
import re
import time

import pytest

from cellfile import PCI_DOMAIN, CellFile
from ivshmem_board import (CELL, CELLS, STATE_TABLE, SYSFS, cell_up,
                           expect, put_uart_cell)

PCI = "/sys/bus/pci/devices"
DEMO_DEV = "0001:00:00.0"
NET_DEV = "0001:00:01.0"
UIO = "/sys/class/uio/uio0"
# first int of "Hello N from IVSHMEM peer 1!", the inmate's output
HELL = int.from_bytes(b"Hell", "little")


@pytest.fixture(scope="module")
def hv(request, board):
    if board.option("board") != "qemu-arm64":
        pytest.skip("addresses of the emulated board")
    board.check("modprobe jailhouse")
    board.check(f"jailhouse enable {board.option('root_cell')}", timeout=120)
    board.uart_cell = put_uart_cell(board,
                                    request.config.getoption("--jh-build"))
    yield board
    board.run(f"jailhouse cell destroy {CELL}")
    board.run("jailhouse disable")


def uio_irq_count(board):
    """Interrupts of uio_ivshmem, summed over the online CPUs' columns
    of /proc/interrupts."""
    line = board.check("grep uio_ivshmem /proc/interrupts")
    total = 0
    for field in line.split()[1:]:
        if not field.isdigit():
            break
        total += int(field)
    return total


def start_demo(board, args, log="/tmp/demo.log"):
    """The Linux demo in the background (each command runs in its own
    shell, so job control does not reach it: by pid)."""
    board.check(f"ivshmem-demo {args} > {log} 2>&1 & echo $! > /tmp/demo.pid")


def wait_demo(board, timeout=30):
    board.check("while kill -0 $(cat /tmp/demo.pid) 2>/dev/null; "
                "do sleep 0.2; done", timeout=timeout)


def read_sys(board, path):
    return board.check(f"cat {path}").strip()


def test_host_bridge_shows_the_root_devices(hv):
    """On enable, the root gets PCI domain 0001 with its two ivshmem
    functions (demo, protocol 0; virtual network, protocol 1); the
    board's real PCIe bus stays as it was."""
    devs = hv.check(f"ls {PCI}").split()
    assert DEMO_DEV in devs and NET_DEV in devs, devs
    assert "0000:00:00.0" in devs, devs    # QEMU's own host bridge
    assert read_sys(hv, f"{PCI}/{DEMO_DEV}/vendor") == "0x110a"
    assert read_sys(hv, f"{PCI}/{DEMO_DEV}/device") == "0x4106"
    assert read_sys(hv, f"{PCI}/{DEMO_DEV}/class") == "0xff0000"
    assert read_sys(hv, f"{PCI}/{NET_DEV}/class") == "0xff0001"
    # BAR 0 in the window after ECAM, INTx on GIC SPI 96 + slot
    res = read_sys(hv, f"{PCI}/{DEMO_DEV}/resource").splitlines()[0]
    start, end = (int(x, 16) for x in res.split()[:2])
    assert 0x08f00000 <= start and end < 0x09000000 and \
        end - start + 1 == 0x1000, res
    assert "jailhouse vPCI" in hv.check("cat /proc/iomem")
    dmesg = hv.check("dmesg | grep 'virtual PCI host'")
    assert "domain 0001" in dmesg


def test_uio_ivshmem_binds_the_demo_device(hv):
    """uio_ivshmem loads by itself for the demo device (not for the
    network one) and exposes registers, state table, r/w section, input
    and output sections at the config's addresses."""
    assert hv.check("ls /dev/uio0") == "/dev/uio0"
    assert hv.fails("ls /dev/uio1")
    assert read_sys(hv, f"{UIO}/name") == "uio_ivshmem"
    assert hv.check(f"readlink {UIO}/device").endswith(DEMO_DEV)
    maps = {}
    for n in range(5):
        maps[read_sys(hv, f"{UIO}/maps/map{n}/name")] = (
            int(read_sys(hv, f"{UIO}/maps/map{n}/addr"), 16),
            int(read_sys(hv, f"{UIO}/maps/map{n}/size"), 16))
    assert maps["state_table"] == (STATE_TABLE, 0x1000)
    assert maps["rw_section"] == (0x7faf1000, 0x9000)
    assert maps["input_sections"] == (0x7fafa000, 0x6000)
    assert maps["output_section"] == (0x7fafa000, 0x2000)
    assert maps["registers"][1] == 0x1000
    assert "uio_ivshmem" in hv.check("cat /proc/interrupts | grep uio")


def test_demo_with_the_bare_metal_peer(hv):
    """The guide's demo: the Linux ivshmem-demo (peer 0) and the inmate
    (peer 1) see each other's state, ring each other, and read each
    other's output; the root's interrupt count grows."""
    before = uio_irq_count(hv)
    cell_up(hv, "target=0 period_ms=200")
    try:
        out = hv.check("ivshmem-demo -i 300 -n 4", timeout=60)
        assert "ID = 0\nMaximum peers = 3\n" in out, out
        assert re.search(r"^state\[0\] = 1$", out, re.M), out
        assert re.search(r"^state\[1\] = 1$", out, re.M), out
        assert out.count("Sending interrupt 1 to peer 1") == 4, out
        got = [int(n) for n in re.findall(r"^Interrupt #(\d+)$", out, re.M)]
        assert got and got == list(range(1, len(got) + 1)), out
        # what the inmate wrote into its output section
        assert f"in@0x2000 = {HELL}" in out, out
        # the root's doorbells and its state change reached the inmate
        expect(hv, rb"IVSHMEM: got interrupt [5-9]")
        assert uio_irq_count(hv) >= before + len(got)
        # the demo said goodbye: state 0 in the table
        expect(hv, rb"IVSHMEM: peer states: 0 1 0")
    finally:
        hv.run(f"jailhouse cell destroy {CELL}")


def test_demo_sees_a_peer_go(hv):
    """Destroying the cell while the root's demo runs: the state change
    interrupts the root, and its table shows peer 1 gone."""
    cell_up(hv, "target=0 period_ms=0")
    start_demo(hv, "-i 500 -n 8")
    try:
        time.sleep(1.5)
        hv.check(f"jailhouse cell destroy {CELL}")
        wait_demo(hv)
        out = hv.check("cat /tmp/demo.log")
        last = out.rsplit("Interrupt #", 1)[-1]
        assert re.search(r"^state\[1\] = 0$", last, re.M), out
        assert re.search(r"^state\[1\] = 1$", out, re.M), out
    finally:
        hv.run("kill $(cat /tmp/demo.pid)")
        wait_demo(hv)
        hv.run(f"jailhouse cell destroy {CELL}")


def test_disable_refused_while_the_demo_runs(hv):
    """A program holding /dev/uio0 keeps the hypervisor: disable is
    refused with the device named, and works once it has exited."""
    start_demo(hv, "-i 200 -n 10")
    try:
        time.sleep(0.5)
        out = hv.fails("jailhouse disable")
        assert re.search(rf"cannot disable: {DEMO_DEV} is in use "
                         r"\(driver uio_ivshmem\)", out), out
        assert hv.check("ls /dev/uio0") == "/dev/uio0"
    finally:
        wait_demo(hv)
    assert "Sending interrupt 1 to peer 1" in hv.check("cat /tmp/demo.log")


def test_disable_removes_the_bus_and_enable_restores_it(hv):
    """Disable takes the domain and /dev/uio0 away before the hypervisor
    goes; enable brings them back; nothing left in dmesg."""
    hv.check("jailhouse disable")
    assert DEMO_DEV not in hv.check(f"ls {PCI}")
    assert hv.fails("ls /dev/uio0")
    assert "jailhouse vPCI" not in hv.check("cat /proc/iomem")
    hv.check(f"jailhouse enable {hv.option('root_cell')}", timeout=120)
    assert DEMO_DEV in hv.check(f"ls {PCI}")
    assert hv.check("ls /dev/uio0") == "/dev/uio0"
    assert hv.dmesg_problems() == []


def root_config(request, edit):
    build = pathlib.Path(request.config.getoption("--jh-build"))
    c = CellFile((build / "rootfs-stage" / CELLS.lstrip("/") /
                  "qemu-arm64.cell").read_bytes())
    edit(c)
    return c.bytes()


def domain_zero(c):
    """the virtual host in domain 0, the real PCIe host's"""
    c.set_pci_platform(domain=0)
    for n in range(c.count("pci_devices")):
        c.set_pci_u16(n, PCI_DOMAIN, 0)


# (case, edit of the system config, what enable must say)
BAD_HOSTS = [
    ("domain-taken", domain_zero,
     r"virtual PCI: PCI domain 0000 exists already "
     r"\(platform_info.pci_domain\)"),
    # the GIC's registers: no memory region of the root (the checker is
    # content), but Linux's GIC driver holds them
    ("window-on-the-gic", lambda c: c.set_pci_platform(0x08000000),
     r"virtual PCI: config space \[mem 0x08000000-0x080fffff\] overlaps "
     r"a device \(platform_info.pci_mmconfig_base\)"),
]


@pytest.mark.parametrize("case,edit,pattern", BAD_HOSTS,
                         ids=[b[0] for b in BAD_HOSTS])
def test_enable_refused_when_the_virtual_host_cannot_be_set_up(
        hv, request, case, edit, pattern):
    """A system config whose virtual PCI host would clash with the root
    Linux is refused by enable before the hypervisor starts, naming the
    field; the root is as it was (no hypervisor, no domain, no
    resource), and the good config enables afterwards."""
    hv.check("jailhouse disable")
    iomem = hv.check("cat /proc/iomem")
    path = f"/tmp/bad-{case}.cell"
    hv.put_file(path, root_config(request, edit))
    try:
        out = hv.fails(f"jailhouse enable {path}", timeout=120)
        assert f"{path}: the virtual PCI host cannot be set up" in out, out
        assert re.search(pattern, out), out
        assert read_sys(hv, f"{SYSFS}/enabled") == "0"
        assert hv.check("cat /proc/iomem") == iomem
        assert "0001:" not in hv.check(f"ls {PCI}")
        assert hv.check("cat /sys/devices/system/cpu/online") == "0-3"
    finally:
        hv.run(f"jailhouse enable {hv.option('root_cell')}", timeout=120)
    assert DEMO_DEV in hv.check(f"ls {PCI}")
    assert hv.dmesg_problems() == []
