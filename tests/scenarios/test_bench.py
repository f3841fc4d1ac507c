"""Path-length benchmarks of the hypervisor, measured from outside.

The board runs deterministically (sim/qemu-arm64 --deterministic: -icount
shift=0, dtb-randomness=off, -rtc clock=vm) with the el2-count plugin
(sim/plugin/el2-count.c), which counts per vCPU the instructions executed
in the hypervisor's memory, the entries into it and the length of every
visit.  An event is a loop of one kind of trap, run by jailhouse-bench.ko
(driver/bench.c) on one root CPU between two marker instructions, or, for
a cell's timer, 100 interrupts between the markers gic-demo's handler
executes (hint #0x72), or 100 ivshmem doorbell round trips between the
root and the ivshmem-demo inmate in echo mode.  Figures: instructions
at EL2 per event (the most frequent and the longest visit through the
event's vector) and entries per event.  They are path lengths, not
cycles.  Report: BUILD/bench/bench.{json,md,png}; ctest -L bench, or
ci/bench, which also prints the table.

Cross-checks: the entries in a window equal the hypervisor's own exit
count of that CPU; nothing runs in the hypervisor's memory before enable;
the same benchmark gives the same figures twice in one boot and again
after a second boot.
"""

import pathlib
import re
import shutil

import pytest

import benchreport
import el2count
from cellfile import CellFile
from ivshmem_board import OUT, OUT_SIZE, put_uart_cell

SIM_ARGS = "--deterministic --el2-count"

BENCH = "/sys/kernel/jailhouse_bench"
SYSFS = "/sys/devices/jailhouse"
CELLS = "/usr/share/jailhouse/cells"
INMATES = "/usr/share/jailhouse/inmates"

LOOPS = 100		# events per loop benchmark
ROOT_CPU = 1		# where the root's loops run
SGI_TARGET = 2		# the other root CPU of the SGI benchmark
CELL_CPU = 3		# inmate-demo's CPU
IVSHMEM_CPU = 2		# ivshmem-demo's CPU
IVSHMEM_PEER = 1	# ivshmem-demo's peer id on the demo link
ECHO_WORD = OUT + IVSHMEM_PEER * OUT_SIZE  # its count, in its output
ROOT_DEMO_DEV = "/sys/bus/pci/devices/0001:00:00.0"
TIMER_PERIOD_MS = 10
TIMER_WINDOW_S = 2
TIMER_TICKS = 100	# timer interrupts the figure is taken over
TICK_MARKER = 2		# gic-demo's hint #0x72, once per timer interrupt

# the loops: (command, event name, vector of the event's traps)
LOOP_BENCHMARKS = [
    ("hvc", "hypercall HYPERVISOR_GET_INFO (root)", "lower64_sync"),
    ("gicd", "GICD_TYPER read, emulated (root)", "lower64_sync"),
    (f"sgi {SGI_TARGET}", "SGI send, ICC_SGI1R_EL1 trap (root)",
     "lower64_sync"),
    ("psci", "PSCI_VERSION call, SMC (root)", "lower64_sync"),
]


def parse_result(line):
    """cmd=hvc cpu=1 n=100 before=X after=Y ... as a dict"""
    fields = dict(f.split("=", 1) for f in line.split())
    return {k: (v if k == "cmd" else int(v)) for k, v in fields.items()}


class Bench:
    def __init__(self, board, build):
        self.board = board
        self.build = build
        self.figures = {}
        self.other = {}

    @property
    def results_path(self):
        return self.board.log_dir / "boot" / "el2-count.jsonl"

    def results(self):
        return el2count.Results(self.results_path)

    def enabled(self):
        return self.board.check(f"cat {SYSFS}/enabled") == "1"

    def enable(self):
        if not self.enabled():
            self.board.check(
                f"jailhouse enable {self.board.option('root_cell')}",
                timeout=120)

    def last_window(self):
        """The window between the last two markers of jailhouse-bench.ko,
        begin then end."""
        marks = [m for m in self.results().markers() if m.marker in (0, 1)]
        assert len(marks) >= 2, "no window in the plugin's output"
        a, b = marks[-2:]
        assert (a.marker, b.marker) == (0, 1), (a.obj, b.obj)
        return el2count.window(a, b)

    def sleep_window(self, cpu, seconds):
        """Markers around a sleep of the root, for events on @cpu: one
        command line, so no typing falls into the window.  Returns the
        module's results of begin and end."""
        out = self.board.check(
            f"echo begin {cpu} > {BENCH}/run && cat {BENCH}/result && "
            f"sleep {seconds} && echo end {cpu} > {BENCH}/run && "
            f"cat {BENCH}/result")
        return tuple(parse_result(line) for line in out.splitlines()[-2:])

    def loop(self, cmd, cpu=ROOT_CPU, n=LOOPS):
        """Runs one loop benchmark on cpu: (module result, window)."""
        name, *args = cmd.split()
        line = " ".join([name, str(n)] + args)
        self.board.check(f"taskset -c {cpu} sh -c "
                         f"'echo {line} > {BENCH}/run'")
        res = parse_result(self.board.check(f"cat {BENCH}/result"))
        assert res["err"] == 0 and res["cpu"] == cpu, res
        return res, self.last_window()

    def figure(self, key, event, cpu, vector, events, window):
        cw = window[cpu]
        ew = cw.by_vector(vector)
        assert ew.visits, f"{event}: no visit through {vector} on CPU {cpu}"
        fig = {
            "event": event, "cpu": cpu, "vector": vector, "events": events,
            "entries": ew.entries, "entries_per_event": ew.entries / events,
            "mode": ew.mode, "max": ew.max, "min": ew.min,
            "other_entries": cw.entries - ew.entries,
            "hist": sorted(ew.hist.items()),
        }
        self.figures[key] = fig
        return fig

    def write_report(self):
        order = ["timer", "root-timer", "hvc", "gicd", "sgi", "sgi-receive", "psci",
                 "doorbell", "doorbell-cell-irq", "doorbell-cell-write",
                 "doorbell-root-irq", "subpage"]
        figs = [self.figures[k] for k in order if k in self.figures]
        report = {
            "board": self.board.name,
            "figures": figs,
            "other": self.other,
            "note": (
                "Instructions executed in the hypervisor's memory per "
                "visit (el2-count plugin, QEMU -icount shift=0), most "
                "frequent (mode), longest and shortest visit through the "
                "event's vector; entries per event through that vector. "
                "Path lengths, not cycles."),
        }
        out = self.build / "bench"
        benchreport.write(report, out)
        for name in ("el2-count.jsonl", "el2-count-boot1.jsonl"):
            path = self.results_path.with_name(name)
            if path.exists():
                shutil.copy(path, out / name)


@pytest.fixture(scope="module")
def build(request):
    return pathlib.Path(request.config.getoption("--jh-build")).resolve()


@pytest.fixture(scope="module")
def bench(board, build):
    if board.name != "qemu-arm64":
        pytest.skip("el2-count is a QEMU plugin: emulated board only")
    b = Bench(board, build)
    board.check("modprobe jailhouse && modprobe jailhouse-bench")
    yield b
    board.run("jailhouse cell destroy inmate-demo", timeout=60)
    board.run("jailhouse cell destroy ivshmem-demo", timeout=60)
    board.run("jailhouse disable", timeout=60)
    b.write_report()


@pytest.fixture(scope="module")
def firmware(build):
    elf = build / "target/hypervisor/jailhouse.elf"
    if not elf.exists():
        pytest.skip(f"no {elf}")
    return benchreport.Elf(elf)


def root_cell_file(build):
    path = build / "rootfs-stage" / CELLS.lstrip("/") / "qemu-arm64.cell"
    return CellFile(path.read_bytes())


def test_plugin_range_is_hypervisor_memory(bench, build):
    res = bench.results()
    assert res.header["api"] == 1
    phys, _, size, _ = root_cell_file(build).hypervisor_memory()
    assert (res.base, res.size) == (phys, size)


def test_nothing_counted_before_enable(bench, firmware):
    assert not bench.enabled()
    bench.board.check(f"echo begin 0 > {BENCH}/run")
    snap = bench.results().markers()[-1]
    for cpu, c in snap.cpus.items():
        assert (c["insns"], c["entries"]) == (0, 0), f"CPU {cpu}: {c}"

    bench.enable()
    bench.other["page-pool pages used after enable"] = int(
        bench.board.check(f"cat {SYSFS}/mem_pool_used"))
    bench.board.check(f"echo begin 0 > {BENCH}/run")
    snap = bench.results().markers()[-1]
    for cpu, c in snap.cpus.items():
        assert c["insns"] > 0 and c["entries"] > 0, f"CPU {cpu}: {c}"
    # the physical addresses are right: the hypervisor runs identity
    # mapped, and its vectors are where its ELF says
    assert snap.obj["va_mismatch"] == 0
    assert snap.obj["untranslatable"] == 0 and snap.obj["keys_lost"] == 0
    vectors = bench.results().base + firmware.symbols["hyp_vectors"]
    assert snap.obj["vectors"] == hex(vectors)


@pytest.mark.parametrize("cmd,event,vector", LOOP_BENCHMARKS,
                         ids=[b[0].split()[0] for b in LOOP_BENCHMARKS])
def test_root_trap_loop(bench, cmd, event, vector):
    bench.enable()
    res, window = bench.loop(cmd)
    key = cmd.split()[0]
    fig = bench.figure(key, event, ROOT_CPU, vector, LOOPS, window)
    # the hypervisor saw the same exits (and the one reading its counter)
    assert res["after"] - res["before"] - 1 == window[ROOT_CPU].entries
    assert fig["entries_per_event"] == 1.0, fig
    if key == "sgi":
        # every SGI arrives on the target, injected there
        recv = bench.figure("sgi-receive", "SGI received, injected (root)",
                            SGI_TARGET, "lower64_irq", LOOPS, window)
        assert recv["entries"] >= LOOPS, recv


def test_timer_injected_into_gic_demo_cell(bench):
    b = bench.board
    bench.enable()
    before = int(b.check(f"cat {SYSFS}/mem_pool_used"))
    # One command line from create to start: between the two, the cell's
    # CPU waits in the hypervisor polling (wfe is no wait in QEMU), which
    # under -icount and the plugin slows down the root's clock.
    out = b.check(
        f"jailhouse cell create {CELLS}/qemu-arm64-inmate-demo.cell && "
        f"cat {SYSFS}/mem_pool_used && "
        f"jailhouse cell load inmate-demo {INMATES}/gic-demo.bin "
        f"-s 'period_ms={TIMER_PERIOD_MS}' -a 0x1000 && "
        f"jailhouse cell start inmate-demo", timeout=60)
    used = int(re.search(r"^(\d+)$", out, re.M).group(1))
    bench.other["page-pool pages per inmate-demo cell"] = used - before
    b.inmate.expect("Timer fired", timeout=20)
    # no cell management and no typing in the window
    begin, end = bench.sleep_window(CELL_CPU, TIMER_WINDOW_S)
    window = bench.last_window()
    b.check("jailhouse cell destroy inmate-demo", timeout=60)

    # the hypervisor saw the exits the plugin saw, all of them injections
    assert end["after"] - begin["before"] == window[CELL_CPU].entries
    injected = end["virq_after"] - begin["virq_before"]
    assert injected == window[CELL_CPU].entries, (begin, end)

    # The figure over TIMER_TICKS interrupts counted by the inmate: from
    # its handler's marker after one interrupt to the one TIMER_TICKS
    # later, inside the window (a fixed count, whatever the phase of the
    # cell's timer against the root's commands).
    snaps = bench.results().markers()
    begin_at, end_at = (max(i for i, s in enumerate(snaps) if s.marker == m)
                        for m in (0, 1))
    ticks = [s for s in snaps[begin_at:end_at]
             if s.marker == TICK_MARKER and s.vcpu == CELL_CPU]
    assert len(ticks) > TIMER_TICKS, len(ticks)
    ticks_window = el2count.window(ticks[0], ticks[TIMER_TICKS])
    fig = bench.figure("timer", "timer interrupt injected into gic-demo "
                       "cell", CELL_CPU, "lower64_irq", TIMER_TICKS,
                       ticks_window)
    # nothing else makes the cell's CPU trap while its timer runs
    assert fig["other_entries"] == 0, fig
    assert fig["entries_per_event"] == 1.0, fig


def test_ivshmem_doorbell_round_trip(bench, build):
    """The root rings the bare-metal ivshmem-demo inmate (echo mode),
    which answers from its interrupt handler with its count in its output
    section and a doorbell back; each of the LOOPS round trips is four
    visits to the hypervisor: the root's doorbell write (trapped MMIO),
    the interrupt injected into the cell, the cell's doorbell write, the
    interrupt injected into the root."""
    b = bench.board
    bench.enable()
    regs = int(b.check(f"head -n 1 {ROOT_DEMO_DEV}/resource").split()[0],
               16)
    params = "/sys/module/jailhouse_bench/parameters"
    b.check(f"echo {regs} > {params}/ivshmem_regs && "
            f"echo {ECHO_WORD} > {params}/ivshmem_echo")
    # the root's answer interrupt on the CPU that waits for it
    irq = b.check("grep uio_ivshmem /proc/interrupts").split(":")[0].strip()
    b.check(f"echo {ROOT_CPU} > /proc/irq/{irq}/smp_affinity_list")
    # its console on the second UART, off the root's shell line
    cell = put_uart_cell(b, build)
    b.check(
        f"jailhouse cell create {cell} && "
        f"jailhouse cell load ivshmem-demo {INMATES}/ivshmem-demo.bin "
        f"-s 'echo target=0 period_ms=0' -a 0x1000 && "
        f"jailhouse cell start ivshmem-demo", timeout=60)
    try:
        # its whole start-up printed before the first doorbell, so that
        # no console output of the cell falls into the window
        b.inmate.expect(rb"answering every interrupt with a doorbell to "
                        rb"peer 0\s+IVSHMEM: peer states: \d+ \d+ \d+\s",
                        timeout=30)
        res, window = bench.loop(f"doorbell {IVSHMEM_PEER}")
    finally:
        b.check("jailhouse cell destroy ivshmem-demo", timeout=60)

    assert res["after"] - res["before"] - 1 == window[ROOT_CPU].entries
    legs = [
        ("doorbell", "ivshmem doorbell written, trapped (root)", ROOT_CPU,
         "lower64_sync"),
        ("doorbell-cell-irq", "ivshmem doorbell injected into the cell",
         IVSHMEM_CPU, "lower64_irq"),
        ("doorbell-cell-write", "ivshmem doorbell answered, trapped "
         "(cell)", IVSHMEM_CPU, "lower64_sync"),
        ("doorbell-root-irq", "ivshmem answer injected into the root",
         ROOT_CPU, "lower64_irq"),
    ]
    figs = [bench.figure(key, event, cpu, vector, LOOPS, window)
            for key, event, cpu, vector in legs]
    # One visit per leg and round trip on the cell's CPU, where nothing
    # else runs.  The root's CPU also traps for its own reasons in the
    # window: its timer, and in some round trips (10 to 15 in 100 seen)
    # a shorter trap of another kind through the sync vector, not the
    # mode.
    for fig in figs[1:3]:
        assert fig["entries_per_event"] == 1.0, fig
    assert figs[0]["entries"] >= LOOPS, figs[0]
    # the root sees the last count before the cell's doorbell that
    # follows it has reached the root: the last answer may come after
    # the window
    assert figs[3]["entries"] >= LOOPS - 1, figs[3]
    assert window[IVSHMEM_CPU].entries == 2 * LOOPS, window[IVSHMEM_CPU]
    bench.other["ivshmem doorbell round trip, instructions at EL2 (sum "
                "of the four legs' modes)"] = sum(f["mode"] for f in figs)


def test_subpage_mmio_dispatch(bench):
    """The uart-subpage cell owns only the 8 registers of the second UART:
    each access of uart-demo there is a stage-2 fault the hypervisor
    dispatches to the sub-page handler and performs at EL2.  Nothing else
    traps on the cell's CPU (no interrupts, its delays poll the counter),
    so every visit in a window of its printing is one access; the events
    are the hypervisor's own exit count of that CPU."""
    b = bench.board
    bench.enable()
    b.check(f"jailhouse cell create {CELLS}/qemu-arm64-uart-subpage.cell && "
            f"jailhouse cell load uart-subpage {INMATES}/uart-demo.bin && "
            f"jailhouse cell start uart-subpage", timeout=60)
    try:
        b.inmate.expect("Hello 1 from cell!", timeout=20)
        begin, end = bench.sleep_window(CELL_CPU, 1)
        window = bench.last_window()
    finally:
        b.check("jailhouse cell destroy uart-subpage", timeout=60)
    exits = end["after"] - begin["before"]
    assert exits > 0
    fig = bench.figure("subpage", "sub-page MMIO access, stage-2 fault "
                       "dispatched (cell)", CELL_CPU, "lower64_sync", exits,
                       window)
    # the hypervisor counted what the plugin saw, all of it sub-page MMIO
    assert fig["entries"] == exits and fig["other_entries"] == 0, fig


def test_root_timer_interrupt(bench):
    """The root's own timer (its tick, 250 Hz) on a busy root CPU: each
    interrupt comes in at EL2 and is injected.  Events: the root's count
    of arch_timer interrupts on that CPU, read inside the window around
    a busy stretch (dd into md5sum) pinned to it."""
    b = bench.board
    bench.enable()
    count = "grep arch_timer /proc/interrupts"
    out = b.check(f"taskset -c {ROOT_CPU} sh -c 'echo begin {ROOT_CPU} > "
                  f"{BENCH}/run; {count}; dd if=/dev/zero bs=64k count=384 "
                  f"2>/dev/null | md5sum >/dev/null; {count}; "
                  f"echo end {ROOT_CPU} > {BENCH}/run'", timeout=120)
    window = bench.last_window()
    header = b.check("head -n 1 /proc/interrupts").split()
    col = 1 + header.index(f"CPU{ROOT_CPU}")
    first, last = (int(line.split()[col]) for line in out.splitlines()
                   if line.rstrip().endswith("arch_timer"))
    ticks = last - first
    assert ticks >= 50, ticks
    fig = bench.figure("root-timer", "root timer interrupt injected (root)",
                       ROOT_CPU, "lower64_irq", ticks, window)
    # the tick is nearly all the root's interrupts on a busy CPU (a
    # reschedule IPI now and then; one tick may fall between the marker
    # and the count)
    assert 0.95 <= fig["entries_per_event"] < 1.2, fig


def test_image_size(bench, build, firmware):
    image = build / "rootfs-stage/lib/firmware/jailhouse.bin"
    bench.other["jailhouse.bin bytes"] = image.stat().st_size
    for part, size in firmware.sizes().items():
        bench.other[f"firmware {part} bytes"] = size
    assert image.stat().st_size > 0


def comparable(fig):
    return {k: fig[k] for k in ("events", "entries", "mode", "max", "min",
                                "hist")}


def test_same_figures_twice_and_after_reboot(bench):
    """Runs are deterministic: the hypercall and GICD loops again in this
    boot, and again after a second boot, give the figures (whole
    visit-length distributions) of the first time."""
    assert "hvc" in bench.figures and "gicd" in bench.figures
    first = {k: comparable(bench.figures[k]) for k in ("hvc", "gicd")}
    saved = dict(bench.figures)

    def loops_again():
        bench.enable()
        for key in ("hvc", "gicd"):
            _, window = bench.loop(key)
            fig = bench.figure(key, saved[key]["event"], ROOT_CPU,
                               "lower64_sync", LOOPS, window)
            assert comparable(fig) == first[key], key

    loops_again()
    # second boot, same steps up to the loops
    board = bench.board
    shutil.copy(bench.results_path,
                bench.results_path.with_name("el2-count-boot1.jsonl"))
    board.power_again()
    board.check("modprobe jailhouse && modprobe jailhouse-bench")
    loops_again()
    bench.figures.update(saved)
