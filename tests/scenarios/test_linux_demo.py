"""TI's Linux demo as the guide has a user run it: linux-demo.sh starts the
Linux inmate (qemu-arm64-linux-demo) and the root's end of the ivshmem-net
link; root (192.168.19.1) and inmate (192.168.19.2) ping each other and
move data both ways; the crash test tells the root within 2 s when the
inmate Linux panics; an inmate that powers off stops its own cell only;
the demo boots again and again with nothing left behind.  Both ends of
the link run our ivshmem-net.ko.  test_linux_inmate.py covers booting the
inmate by hand."""

import json
import re
import time

import pytest

from board_shell import NOW_NS
from test_linux_inmate import CELL, PROMPT, inmate_run

DEMO = "/usr/share/jailhouse/linux-demo.sh"
SYSFS = "/sys/devices/jailhouse"
ROOT_IP, INMATE_IP = "192.168.19.1", "192.168.19.2"
ROOT_NET = "/sys/class/net/eth0"
BOOT_CYCLES = 5
BULK_KIB = 4096


def wait_inmate_shell(board):
    board.inmate.expect(r"inmate userland ready: \S+, 2 CPUs", timeout=120)
    board.inmate.expect(PROMPT, timeout=30)


def wait_root(board, condition, timeout_s=20):
    """Polls a shell @condition on the root, in guest time."""
    board.check(f"i=0; until {condition}; do i=$((i + 1)); "
                f"[ $i -lt {timeout_s * 5} ] || exit 1; sleep 0.2; done",
                timeout=timeout_s + 30)


def start_demo(board, args=""):
    board.flush_inmate()
    out = board.check(f"{DEMO} {args}", timeout=180)
    wait_inmate_shell(board)
    return out


def destroy(board):
    board.check(f"jailhouse cell destroy {CELL}", timeout=60)
    assert board.check("cat /sys/devices/system/cpu/online") == "0-3"


@pytest.fixture(scope="module")
def demo(board):
    if board.option("board") != "qemu-arm64":
        pytest.skip("addresses and kernel of the emulated board")
    board.check("modprobe jailhouse")
    board.demo_out = start_demo(board)
    yield board
    board.run("pkill crash-test")
    board.run(f"jailhouse cell destroy {CELL}", timeout=60)
    board.run("jailhouse disable", timeout=60)


def test_demo_script_starts_the_linux_inmate(demo):
    """One command: the hypervisor enabled, the cell created, loaded and
    started, the root's end of the network link addressed."""
    out = demo.demo_out
    assert "Activating hypervisor" in out, out
    assert f"linux-demo: {CELL} started, its console is the second UART" \
        in out, out
    assert f"linux-demo: root is {ROOT_IP} on eth0" in out, out
    assert re.search(rf"1\s+{CELL}\s+running\s+2-3",
                     demo.check("jailhouse cell list"))
    # a second start is refused while the cell exists, nothing changes
    out = demo.fails(DEMO)
    assert f"cell {CELL} exists already" in out, out


def test_link_up_on_both_ends(demo):
    wait_root(demo, f"[ $(cat {ROOT_NET}/carrier) = 1 ]")
    assert "link up (peer 1)" in demo.check("dmesg | grep ivshmem-net")
    out = inmate_run(demo, "cat /sys/class/net/eth0/carrier")
    assert out.splitlines()[-1] == "1", out
    out = inmate_run(demo, "ip -4 addr show dev eth0")
    assert f"inet {INMATE_IP}/24" in out, out


def test_ping_both_ways(demo):
    """ICMP both ways, also one frame at the MTU (16384) and a
    fragmented datagram."""
    for size in (56, 16000, 30000):
        out = demo.check(f"ping -c 3 -s {size} {INMATE_IP}", timeout=60)
        assert "3 packets received" in out, out
    out = inmate_run(demo, f"ping -c 3 {ROOT_IP}", timeout=60)
    assert "3 packets received" in out, out


def write_throughput(board, ns):
    """The root -> inmate figure, for the benchmark report: guest time on
    the emulated board without -icount (TCG's own pace: a figure of the
    emulator as much as of the link, not comparable to a board's)."""
    fig = {"bytes": BULK_KIB * 1024, "guest_ns": ns,
           "MiB_per_s": BULK_KIB / 1024 / (ns / 1e9),
           "what": "TCP over ivshmem-net, root to Linux inmate, busybox "
                   "nc, one connection, emulated board (no -icount)"}
    out = board.build / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ivshmem-net.json").write_text(json.dumps(fig, indent=2) + "\n")
    print(f"ivshmem-net throughput: {fig['MiB_per_s']:.2f} MiB/s")
    assert ns > 0


def test_bulk_transfer_arrives_intact_both_ways(demo):
    """4 MiB of random data over TCP (busybox nc) each way; the
    checksums match and no end counts an error."""
    demo.check(f"dd if=/dev/urandom of=/tmp/tx bs=1k count={BULK_KIB} "
               "2>/dev/null")
    sent = demo.check("md5sum /tmp/tx").split()[0]
    # root -> inmate
    demo.inmate.sendline("nc -l -p 5000 > /tmp/rx; md5sum /tmp/rx")
    time.sleep(1)
    # timed in the root's guest time, connection set-up included
    out = demo.check(f"t0=$({NOW_NS}); nc -w 5 {INMATE_IP} 5000 < /tmp/tx"
                     f" && t1=$({NOW_NS}) && echo $((t1 - t0))",
                     timeout=120)
    ns = int(out.splitlines()[-1])
    _, _, m, _ = demo.inmate.expect(rb"([0-9a-f]{32})\s+/tmp/rx",
                                    timeout=60)
    assert m.group(1).decode() == sent
    write_throughput(demo, ns)
    demo.inmate.expect(PROMPT, timeout=10)
    # inmate -> root
    # its stdin open (a background job's is /dev/null, and busybox nc
    # ends the connection at its end)
    demo.check("sleep 120 | nc -l -p 5001 > /tmp/rx 2>/dev/null & "
               "echo $! > /tmp/nc.pid")
    time.sleep(1)
    inmate_run(demo, f"nc -w 5 {ROOT_IP} 5001 < /tmp/rx", timeout=120)
    demo.check("while kill -0 $(cat /tmp/nc.pid) 2>/dev/null; "
               "do sleep 0.2; done", timeout=60)
    assert demo.check("md5sum /tmp/rx").split()[0] == sent
    for side in ("root", "inmate"):
        stats = "cat /sys/class/net/eth0/statistics/rx_errors " \
                "/sys/class/net/eth0/statistics/tx_errors"
        out = demo.check(stats) if side == "root" else \
            inmate_run(demo, stats)
        assert out.split()[-2:] == ["0", "0"], (side, out)


def test_crash_test_tells_the_root_of_an_inmate_panic(demo):
    """The crash test answers while the inmate runs; after the inmate's
    kernel panics, "No response received for packet N" comes within 2 s
    (interval and answer timeout 500 ms each); the root runs on and the
    cell is shut down and destroyed."""
    demo.check("crash-test -v -i 500 -t 500 192.168.19.2 > /tmp/ct.log "
               "2>&1 & echo $! > /tmp/ct.pid")
    wait_root(demo, "grep -q 'Response received for packet 2' /tmp/ct.log")
    demo.inmate.sendline("echo c > /proc/sysrq-trigger")
    # dead once its panic is over (the panic's own console output takes
    # guest time of its own, the more so on a loaded host): from there,
    # 2 s for the root to notice
    demo.inmate.expect(r"end Kernel panic - not syncing", timeout=60)
    out = demo.check("sleep 2; cat /tmp/ct.log")
    assert re.search(r"^No response received for packet \d+$", out, re.M), \
        out
    assert "No response" not in out.split("Response received for packet 2"
                                          )[0], out
    demo.check("kill $(cat /tmp/ct.pid)")
    assert demo.check("echo alive") == "alive"
    # a panicked Linux answers no shutdown request: stopped all the same
    demo.check(f"jailhouse cell shutdown {CELL}", timeout=60)
    assert demo.check(f"cat {SYSFS}/cells/1/state") == "shut down"
    wait_root(demo, f"[ $(cat {ROOT_NET}/carrier) = 0 ]")
    destroy(demo)


def test_demo_with_background_crash_test_and_inmate_poweroff(demo):
    """linux-demo.sh -c -b: the demo again, the crash test in the
    background once the inmate answers.  The inmate powers off (PSCI
    SYSTEM_OFF): its cell stops, shown by `cell list`, nothing else does;
    the crash test reports it."""
    demo.flush_inmate()
    demo.check(f"{DEMO} -c -b > /tmp/demo.log 2>&1", timeout=240)
    out = demo.check("cat /tmp/demo.log")
    assert "linux-demo: the inmate answers, starting the crash test" in out
    pid = re.search(r"crash test running in the background \(pid (\d+)\)",
                    out).group(1)
    wait_inmate_shell(demo)
    demo.inmate.sendline("poweroff -f")
    demo.inmate.expect(r"reboot: Power down", timeout=30)
    wait_root(demo, f'[ "$(cat {SYSFS}/cells/1/state)" = "shut down" ]')
    assert re.search(rf"1\s+{CELL}\s+shut down",
                     demo.check("jailhouse cell list"))
    assert re.search(rf'Cell "{CELL}" asked for a system off',
                     demo.check("jailhouse console"))
    wait_root(demo, "grep -q 'No response received' /tmp/demo.log")
    demo.check(f"kill {pid}")
    assert demo.check("echo alive") == "alive"
    destroy(demo)


def test_demo_boots_again_and_again(demo):
    """Destroy and start the demo BOOT_CYCLES times: each time the link
    comes up and the inmate answers; the page pool ends where it began,
    the root's kernel saw nothing wrong."""
    used = None
    for n in range(BOOT_CYCLES):
        start_demo(demo)
        out = demo.check(f"ping -c 1 -W 20 {INMATE_IP}", timeout=60)
        assert "1 packets received" in out, (n, out)
        destroy(demo)
        now = demo.check(f"cat {SYSFS}/mem_pool_used")
        assert used is None or now == used, n
        used = now
    assert demo.dmesg_problems() == []
