"""The root's end of the virtual network link (ivshmem-net.ko on
0001:00:01.0, protocol 1) with no peer cell: the driver binds by itself
on enable, the interface comes up without carrier, the handshake waits
in INIT, and unloading, unbinding and disable/enable leave nothing
behind.  Traffic needs the Linux inmate at the other end (see
driver/README.md, "ivshmem-net.ko", for that test)."""

import re

import pytest

PCI = "/sys/bus/pci/devices"
NET_DEV = "0001:00:01.0"
DRIVER = "/sys/bus/pci/drivers/ivshmem-net"
MMIO = "/sys/kernel/jailhouse_mmio_test/access"
# qemu-arm64.c: JAILHOUSE_SHMEM_NET_REGIONS(0x7fb00000, 0), root is peer 0
STATE_TABLE = 0x7fb00000
REG_INT_CTRL, REG_STATE = 0x08, 0x10
RESET, INIT = 0, 1
ADDR = "192.168.19.1/24"


@pytest.fixture(scope="module")
def hv(board):
    if board.option("board") != "qemu-arm64":
        pytest.skip("addresses of the emulated board")
    board.check("modprobe jailhouse")
    board.check("modprobe jailhouse-mmio-test")
    board.check(f"jailhouse enable {board.option('root_cell')}", timeout=120)
    yield board
    board.run("jailhouse disable")


def wait_for(board, cond, timeout=20):
    """Shell condition @cond becomes true on the board."""
    board.check(f"i=0; until {cond}; do i=$((i+1)); "
                f"[ $i -lt {timeout * 5} ] || exit 1; sleep 0.2; done",
                timeout=timeout + 10)


def ifname(board):
    """The interface of the net device, once the driver has bound it."""
    wait_for(board, f"ls {PCI}/{NET_DEV}/net/* >/dev/null 2>&1")
    return board.check(f"ls {PCI}/{NET_DEV}/net").split()[0]


def read_phys(board, kind, addr):
    out = board.check(f"echo {kind} 0x{addr:x} 32 > {MMIO} && cat {MMIO}")
    values = re.findall(r"^0x[0-9a-f]+$", out, re.M)
    assert values, out
    return int(values[-1], 16)


def bar0(board):
    res = board.check(f"cat {PCI}/{NET_DEV}/resource").splitlines()[0]
    return int(res.split()[0], 16)


def states(board):
    """(STATE register, state table entries of peer 0 and 1)"""
    return (read_phys(board, "io", bar0(board) + REG_STATE),
            read_phys(board, "mem", STATE_TABLE),
            read_phys(board, "mem", STATE_TABLE + 4))


def link(board, name):
    return board.check(f"ip link show dev {name}")


def test_driver_binds_by_itself(hv):
    """Enable brings the device; mdev loads ivshmem-net for its modalias
    (class ff0001), which registers an Ethernet interface with a random
    locally administered address and the default MTU of 16384."""
    name = ifname(hv)
    assert hv.check(f"readlink {PCI}/{NET_DEV}/driver").endswith(
        "/ivshmem-net")
    assert hv.check("cat /sys/module/ivshmem_net/refcnt").strip() == "0"
    out = link(hv, name)
    assert "mtu 16384" in out, out
    mac = re.search(r"link/ether ([0-9a-f:]{17})", out)
    assert mac, out
    first = int(mac.group(1)[:2], 16)
    assert first & 2 and not first & 1, out   # local, unicast
    assert hv.check(f"cat /sys/class/net/{name}/addr_assign_type") == "1"
    # INTx on SPI 96 + slot 1 = GIC interrupt 129, enabled
    assert re.search(r"^\s*\d+:.*\b129\b.*ivshmem-net$",
                     hv.check("cat /proc/interrupts"), re.M)
    assert read_phys(hv, "io", bar0(hv) + REG_INT_CTRL) == 1
    msg = hv.check("dmesg | grep ivshmem-net")
    assert re.search(r"peer 0 of 2 on 0001:00:01.0, 2048 frames", msg), msg


def test_handshake_waits_for_the_peer(hv):
    """Alone, the root clears its ring and announces INIT (STATE register
    and its state table entry); the absent peer reads 0."""
    ifname(hv)
    assert states(hv) == (INIT, INIT, RESET)


def test_up_without_carrier(hv):
    """The interface comes up, with NO-CARRIER while the peer is absent;
    the handshake stays in INIT; MTU limits 68..16384."""
    name = ifname(hv)
    hv.check(f"ip link set dev {name} up")
    hv.check(f"ip addr add {ADDR} dev {name}")
    out = link(hv, name)
    assert "NO-CARRIER" in out and ",UP" in out, out
    assert hv.check(f"cat /sys/class/net/{name}/carrier") == "0"
    assert hv.check(f"cat /sys/class/net/{name}/operstate") == "down"
    assert states(hv) == (INIT, INIT, RESET)
    hv.fails("ping -c 1 -W 1 192.168.19.2")
    hv.check(f"ip link set dev {name} mtu 1500")
    hv.check(f"ip link set dev {name} mtu 68")
    hv.fails(f"ip link set dev {name} mtu 16385")
    hv.check(f"ip link set dev {name} mtu 16384")
    hv.check(f"ip link set dev {name} down")
    hv.check(f"ip link set dev {name} up")
    assert "NO-CARRIER" in link(hv, name)
    assert hv.dmesg_problems() == []


def test_module_unload_and_reload(hv):
    """rmmod with the interface up takes it away and resets the state;
    modprobe brings it back to INIT."""
    name = ifname(hv)
    hv.check(f"ip link set dev {name} up")
    hv.check("rmmod ivshmem-net")
    assert hv.fails(f"ls {PCI}/{NET_DEV}/net")
    assert hv.fails(f"ip link show dev {name}")
    assert states(hv) == (RESET, RESET, RESET)
    hv.check("modprobe ivshmem-net")
    ifname(hv)
    assert states(hv) == (INIT, INIT, RESET)
    assert hv.dmesg_problems() == []


def test_unbind_and_bind(hv):
    """Unbinding through sysfs resets the state and removes the
    interface; binding again brings both back."""
    name = ifname(hv)
    hv.check(f"ip link set dev {name} up")
    hv.check(f"echo {NET_DEV} > {DRIVER}/unbind")
    assert hv.fails(f"ls {PCI}/{NET_DEV}/driver")
    assert hv.fails(f"ls {PCI}/{NET_DEV}/net")
    assert states(hv) == (RESET, RESET, RESET)
    hv.check(f"echo {NET_DEV} > {DRIVER}/bind")
    name = ifname(hv)
    hv.check(f"ip link set dev {name} up")
    assert "NO-CARRIER" in link(hv, name)
    assert states(hv) == (INIT, INIT, RESET)
    assert hv.dmesg_problems() == []


def test_disable_and_enable_with_the_interface_up(hv):
    """An up interface does not hold the module (refcount 0), so disable
    goes ahead: the device is removed like an unplugged NIC (no peer can
    be left, disable needs all cells gone).  Enable binds the loaded
    driver again; five rounds, nothing in dmesg."""
    for _ in range(5):
        name = ifname(hv)
        hv.check(f"ip link set dev {name} up")
        hv.check(f"ip addr add {ADDR} dev {name}")
        assert hv.check("cat /sys/module/ivshmem_net/refcnt").strip() == "0"
        hv.check("jailhouse disable")
        assert hv.fails(f"ls {PCI}/{NET_DEV}")
        assert hv.fails(f"ip link show dev {name}")
        assert "ivshmem_net" in hv.check("lsmod")
        hv.check(f"jailhouse enable {hv.option('root_cell')}", timeout=120)
        ifname(hv)
        assert states(hv) == (INIT, INIT, RESET)
    assert hv.dmesg_problems() == []
