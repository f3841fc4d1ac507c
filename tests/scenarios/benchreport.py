"""The benchmark report of test_bench.py: JSON, a Markdown table and a
plot under BUILD/bench/, and the little of the firmware ELF it needs."""

import json
import pathlib
import struct

SHT_SYMTAB = 2
SHT_NOBITS = 8
SHF_WRITE = 0x1
SHF_ALLOC = 0x2
SHF_EXECINSTR = 0x4


class Elf:
    """Section sizes and symbols of a little-endian ELF64 file."""

    def __init__(self, path):
        data = pathlib.Path(path).read_bytes()
        assert data[:4] == b"\x7fELF" and data[4] == 2 and data[5] == 1
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)
        sections = []
        for i in range(shnum):
            (name, stype, flags, _, offset, size, link, _, _,
             entsize) = struct.unpack_from("<IIQQQQIIQQ", data,
                                           shoff + i * shentsize)
            sections.append((name, stype, flags, offset, size, link,
                             entsize))

        def string(table, off):
            start = sections[table][3] + off
            return data[start:data.index(b"\0", start)].decode()

        self.sections = {}
        self.symbols = {}
        for name, stype, flags, offset, size, link, entsize in sections:
            self.sections[string(shstrndx, name)] = (stype, flags, size)
            if stype != SHT_SYMTAB:
                continue
            for off in range(offset, offset + size, entsize):
                sname, _, _, _, value, _ = struct.unpack_from(
                    "<IBBHQQ", data, off)
                if sname:
                    self.symbols[string(link, sname)] = value

    def sizes(self):
        """Bytes of code, read-only data, data and bss in memory."""
        out = {"text": 0, "rodata": 0, "data": 0, "bss": 0}
        for stype, flags, size in self.sections.values():
            if not flags & SHF_ALLOC:
                continue
            if flags & SHF_EXECINSTR:
                out["text"] += size
            elif stype == SHT_NOBITS:
                out["bss"] += size
            elif flags & SHF_WRITE:
                out["data"] += size
            else:
                out["rodata"] += size
        return out


def markdown(report):
    lines = [
        "| event | CPU | vector | events | entries per event | "
        "instructions at EL2 (mode) | max | min |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for f in report["figures"]:
        lines.append(
            f"| {f['event']} | {f['cpu']} | {f['vector']} | {f['events']} | "
            f"{f['entries_per_event']:.2f} | {f['mode']} | {f['max']} | "
            f"{f['min']} |")
    lines.append("")
    other = report.get("other", {})
    if other:
        lines += ["| resource | value |", "| --- | ---: |"]
        for name, value in other.items():
            lines.append(f"| {name} | {value} |")
        lines.append("")
    lines.append(report["note"])
    return "\n".join(lines) + "\n"


def plot(report, path):
    """Path length of each event: mode as a bar, max as a tick.  Returns
    False when matplotlib is missing."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    figs = report["figures"]
    names = [f"{f['event']}, CPU {f['cpu']}" for f in figs]
    fig, ax = plt.subplots(figsize=(8, 1.5 + 0.45 * len(figs)))
    y = range(len(figs))
    ax.barh(y, [f["mode"] for f in figs], color="tab:blue",
            label="most frequent visit")
    ax.plot([f["max"] for f in figs], y, "k|", markersize=14,
            label="longest visit")
    for i, f in enumerate(figs):
        ax.text(f["mode"] + 3, i, str(f["mode"]), va="center")
    ax.set_yticks(list(y))
    ax.set_yticklabels(names)
    ax.invert_yaxis()
    ax.set_xlabel("instructions at EL2 per event (el2-count, QEMU icount)")
    ax.set_title("jailhouse-arm64 path lengths on qemu-arm64")
    ax.set_xlim(0, max(f["max"] for f in figs) * 1.15)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def write(report, out_dir):
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench.json").write_text(
        json.dumps(report, indent=2, sort_keys=True) + "\n")
    (out_dir / "bench.md").write_text(markdown(report))
    plot(report, out_dir / "bench.png")
