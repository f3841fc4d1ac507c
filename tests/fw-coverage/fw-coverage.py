#!/usr/bin/python3
"""Line coverage of the firmware as it ran on the emulated board.

The el2-count QEMU plugin (sim/plugin/el2-count.c, cov=FILE) records
which instructions in the hypervisor's memory ran: offsets from
hypervisor_memory.phys_start, where the driver loads jailhouse.bin.  The
image runs identity mapped and is linked at 0, so an offset is an address
of jailhouse.elf.  This maps the union of the recorded addresses (one file
per scenario file, BUILD/fw-coverage/**/*.addr) to source lines through
the ELF's DWARF line table: a line counts as executed if any instruction
the line table gives it ran, as not executed if it has instructions and
none of them ran.  Nothing is rebuilt: the firmware is the shipped one.

Writes into OUT (BUILD/coverage):
  fw.info          lcov tracefile of the firmware on the board
  fw/              genhtml report of it
  host.info        the host unit tests' OUT/unit.info (tests/unit/
                   coverage.sh), test name host_unit_tests
  merged.info      host.info + fw.info, if there is a unit.info
  merged/          genhtml report of both (--show-details: per test)
  fw-summary.txt   per-file figures, total, and what never ran
Exit status: 0, 1 below --min percent of lines, 77 (skip) without data
or with JH_FW_COVERAGE=0.
"""

import argparse
import collections
import os
import pathlib
import subprocess
import sys

from elftools.elf.elffile import ELFFile

SKIP = 77
SHF_EXECINSTR = 0x4


def warn(msg):
    print(f"fw-coverage: {msg}", file=sys.stderr)


class Firmware:
    """jailhouse.elf: code bytes, line table, functions."""

    def __init__(self, path, source_dir):
        self.path = path
        self.source_dir = source_dir
        self.f = open(path, "rb")
        self.elf = ELFFile(self.f)
        self.code = []  # (start, end, bytes) of executable sections
        for sec in self.elf.iter_sections():
            if sec["sh_flags"] & SHF_EXECINSTR and sec["sh_size"]:
                self.code.append((sec["sh_addr"],
                                  sec["sh_addr"] + sec["sh_size"],
                                  sec.data()))
        self.dwarf = self.elf.get_dwarf_info()
        self.addr_line = {}   # instruction address -> (file, line)
        self.lines = collections.defaultdict(set)  # file -> lines w/ code
        self.units = []       # primary source file of every CU
        self.functions = []   # (file, line, name, [(start, end)])
        self.overridden = []  # (file, line, name) of dead weak copies
        self._read_symbols()
        self._read_lines()
        self._read_functions()

    def word(self, addr):
        for start, end, data in self.code:
            if start <= addr and addr + 4 <= end:
                return int.from_bytes(data[addr - start:addr - start + 4],
                                      "little")
        return None

    @staticmethod
    def _name(value):
        return value.decode() if isinstance(value, bytes) else value

    def _files(self, cu, lp):
        """File index -> normalised absolute path, for this CU."""
        top = cu.get_top_DIE()
        comp_dir = self._name(top.attributes["DW_AT_comp_dir"].value) \
            if "DW_AT_comp_dir" in top.attributes else ""
        v5 = lp.header.version >= 5
        dirs = [self._name(d) for d in lp.header.include_directory]
        files = {}
        for i, entry in enumerate(lp.header.file_entry):
            idx = i if v5 else i + 1
            name = self._name(entry.name)
            d = entry.dir_index
            if v5:
                folder = dirs[d] if d < len(dirs) else ""
            else:
                folder = dirs[d - 1] if 0 < d <= len(dirs) else comp_dir
            path = os.path.join(comp_dir, folder, name)
            files[idx] = os.path.normpath(path)
        return files

    def _read_lines(self):
        self.cu_files = {}
        self.c_code = set()   # addresses the line table gives C lines
        for cu in self.dwarf.iter_CUs():
            lp = self.dwarf.line_program_for_CU(cu)
            if lp is None:
                continue
            files = self._files(cu, lp)
            self.cu_files[cu.cu_offset] = (files, lp.header.version >= 5)
            top = cu.get_top_DIE()
            producer = top.attributes.get("DW_AT_producer")
            asm = producer and self._name(producer.value).startswith("GNU AS")
            if "DW_AT_name" in top.attributes:
                comp_dir = self._name(
                    top.attributes["DW_AT_comp_dir"].value) \
                    if "DW_AT_comp_dir" in top.attributes else ""
                self.units.append(os.path.normpath(os.path.join(
                    comp_dir, self._name(top.attributes["DW_AT_name"].value))))
            prev = None
            for entry in lp.get_entries():
                st = entry.state
                if st is None:
                    continue
                if prev is not None and st.address > prev.address and \
                        prev.line:
                    path = files.get(prev.file)
                    if path:
                        for addr in range(prev.address & ~3, st.address, 4):
                            self.addr_line[addr] = (path, prev.line)
                            if not asm:
                                self.c_code.add(addr)
                prev = None if st.end_sequence else st

    def _attr(self, die, name):
        """An attribute of a DIE or of what it is a concrete copy of."""
        seen = 0
        while die is not None and seen < 8:
            if name in die.attributes:
                return die, die.attributes[name].value
            for ref in ("DW_AT_abstract_origin", "DW_AT_specification"):
                if ref in die.attributes:
                    die = die.get_DIE_from_attribute(ref)
                    break
            else:
                return None, None
            seen += 1
        return None, None

    def _ranges(self, die, cu):
        if "DW_AT_low_pc" in die.attributes:
            low = die.attributes["DW_AT_low_pc"].value
            high = die.attributes.get("DW_AT_high_pc")
            if high is None:
                return [(low, low + 4)]
            if high.form.startswith("DW_FORM_addr"):
                return [(low, high.value)]
            return [(low, low + high.value)]
        if "DW_AT_ranges" in die.attributes:
            rl = self.dwarf.range_lists()
            if rl is None:
                return []
            base = cu.get_top_DIE().attributes.get("DW_AT_low_pc")
            base = base.value if base else 0
            out = []
            for r in rl.get_range_list_at_offset(
                    die.attributes["DW_AT_ranges"].value, cu=cu):
                if hasattr(r, "begin_offset"):
                    out.append((base + r.begin_offset, base + r.end_offset))
            return out
        return []

    def _read_symbols(self):
        self.sym_at = collections.defaultdict(set)    # address -> names
        self.sym_names = set()
        self.labels = []    # (address, size, name) of code symbols
        symtab = self.elf.get_section_by_name(".symtab")
        for sym in symtab.iter_symbols() if symtab else ():
            name, addr = sym.name, sym["st_value"]
            if not name:
                continue
            self.sym_at[addr].add(name)
            self.sym_names.add(name)
            kind, bind = sym["st_info"]["type"], sym["st_info"]["bind"]
            if name.startswith(("$", "__", ".L")) or \
                    not any(s <= addr < e for s, e, _ in self.code):
                continue
            if kind == "STT_FUNC" or (kind == "STT_NOTYPE" and
                                      bind == "STB_GLOBAL"):
                self.labels.append((addr, sym["st_size"], name))
        self.labels.sort()

    def _overridden(self, die, name, start):
        """A __weak definition another file's replaced at link time: its
        code is still in the image, no symbol, no call reaches it."""
        _, external = self._attr(die, "DW_AT_external")
        if not external or name not in self.sym_names:
            return False
        return not any(n == name or n.startswith(name + ".")
                       for n in self.sym_at.get(start, ()))

    def _decl(self, die, files, v5):
        """(file, line) where a subprogram DIE's function is declared."""
        decl, fidx = self._attr(die, "DW_AT_decl_file")
        _, line = self._attr(die, "DW_AT_decl_line")
        if decl is None or line is None:
            return None, None
        dfiles = self.cu_files.get(decl.cu.cu_offset, (files, v5))[0]
        return dfiles.get(fidx), line

    def _read_functions(self):
        """Functions: out-of-line copies the DWARF describes, then code
        symbols it does not (assembly, and the odd C function GCC gives
        no concrete DIE)."""
        covered, dead = [], []
        decls = {}
        for cu in self.dwarf.iter_CUs():
            files, v5 = self.cu_files.get(cu.cu_offset, ({}, True))
            for die in cu.iter_DIEs():
                if die.tag != "DW_TAG_subprogram":
                    continue
                _, name = self._attr(die, "DW_AT_name")
                if name is None:
                    continue
                name = self._name(name)
                path, line = self._decl(die, files, v5)
                if path:
                    decls.setdefault((path, name), line)
                ranges = self._ranges(die, cu)
                if not ranges:
                    continue
                if path is None:
                    path, line = self.addr_line.get(ranges[0][0],
                                                    (None, None))
                if path is None:
                    continue
                covered += ranges
                if self._overridden(die, name, ranges[0][0]):
                    self.overridden.append((path, line, name))
                    dead += ranges
                    continue
                self.functions.append((path, line, name, ranges))
        for i, (addr, size, name) in enumerate(self.labels):
            if any(s <= addr < e for s, e in covered):
                continue
            if not size:    # an assembly label: up to the next one
                end = next((a for a, _, _ in self.labels[i + 1:]
                            if a > addr), None)
                sec_end = next(e for s, e, _ in self.code if s <= addr < e)
                size = (min(end, sec_end) if end else sec_end) - addr
            path, line = self.addr_line.get(addr, (None, None))
            if path:
                line = decls.get((path, name), line)
                self.functions.append((path, line, name,
                                       [(addr, addr + size)]))
        # C code outside every function is alignment padding after one
        # (nops the line table gives to the line before); overridden weak
        # definitions cannot run either
        inside = {a for _, _, _, ranges in self.functions
                  for s, e in ranges for a in range(s & ~3, e, 4)}
        for addr in list(self.addr_line):
            if addr in self.c_code and addr not in inside or \
                    any(s <= addr < e for s, e in dead):
                del self.addr_line[addr]
        for path, line in self.addr_line.values():
            self.lines[path].add(line)


class Hits:
    """The union of the plugin's coverage files, those of this firmware."""

    def __init__(self, fw, elf_mtime):
        self.fw = fw
        self.elf_mtime = elf_mtime
        self.count = collections.Counter()  # ELF address -> executions
        self.boots = 0
        self.used = []      # coverage files of this firmware
        self.stale = []     # of another build
        self.broken = []    # no data: QEMU did not get to write it
        self.outside = 0    # ran in the hypervisor's memory, not in .text
        self.va_mismatch = 0

    def read(self, path):
        sections = []
        with open(path) as f:
            for line in f:
                if line.startswith("#"):
                    head = dict(kv.split("=", 1) for kv in line.split()[3:])
                    sections.append((head, []))
                elif line.strip() and sections:
                    off, n, word = line.split()
                    sections[-1][1].append((int(off, 16), int(n),
                                            int(word, 16)))
        if not sections:
            self.broken.append(path)
            return
        checked = [self._check(rows) for _, rows in sections]
        # instruction words that differ: recorded with another build (or
        # at another base); a board that never entered the hypervisor
        # says nothing, its file's age must do
        if any(c is None for c in checked) or \
                not any(match for match, _ in checked) and \
                path.stat().st_mtime < self.elf_mtime:
            self.stale.append(path)
            return
        for match, outside in checked:
            for off, n in match:
                self.count[off] += n
            self.outside += outside
        self.va_mismatch += sum(int(h.get("va_mismatch", "0"))
                                for h, _ in sections)
        self.boots += len(sections)
        self.used.append(path)

    def _check(self, rows):
        match, other, outside = [], 0, 0
        for off, n, word in rows:
            expect = self.fw.word(off)
            if expect is None:
                outside += 1
            elif expect == word:
                match.append((off, n))
            else:
                other += 1
        return None if other > len(match) // 100 else (match, outside)


def label(path, root):
    """BUILD/fw-coverage/kernel-6.12/test_gdb.addr -> kernel-6.12/gdb"""
    try:
        rel = pathlib.Path(path).relative_to(root)
    except ValueError:
        rel = pathlib.Path(path)
    return str(rel.with_name(rel.stem.removeprefix("test_")))


def relpath(path, source_dir):
    try:
        return str(pathlib.Path(path).relative_to(source_dir))
    except ValueError:
        return path


def ranges_text(numbers):
    """[1, 2, 3, 7] -> '1-3, 7'"""
    out, start, prev = [], None, None
    for n in numbers:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.append(f"{start}-{prev}" if prev != start else f"{start}")
            start = prev = n
    if start is not None:
        out.append(f"{start}-{prev}" if prev != start else f"{start}")
    return ", ".join(out)


def never_ran(code_lines, hit):
    """Runs of code lines none of which ran, over lines with code only:
    [10, 11, 14] all 0 with no code line between -> '10-14'."""
    out, run = [], []
    for line in sorted(code_lines):
        if hit.get(line):
            if run:
                out.append(run)
            run = []
        else:
            run.append(line)
    if run:
        out.append(run)
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else f"{r[0]}"
                     for r in out)


def coverage(fw, hits, source_dir):
    """Per file: {line: executions}, {name: (line, executions)}."""
    lines = collections.defaultdict(dict)
    for addr, (path, line) in fw.addr_line.items():
        n = hits.count.get(addr, 0)
        if n > lines[path].get(line, -1):
            lines[path][line] = n
    funcs = collections.defaultdict(dict)
    for path, line, name, ranges in fw.functions:
        entry = hits.count.get(ranges[0][0], 0)
        ran = any(hits.count.get(a) for s, e in ranges
                  for a in range(s & ~3, e, 4))
        n = max(entry, 1) if ran else 0
        old = funcs[path].get(name)
        if old:
            line, n = min(old[0], line), old[1] + n
        funcs[path][name] = (line, n)
    keep = [p for p in lines if p.startswith(str(source_dir) + os.sep)]
    dropped = sorted(set(lines) - set(keep))
    return ({p: lines[p] for p in keep}, {p: funcs.get(p, {}) for p in keep},
            dropped)


def write_info(path, lines, funcs):
    with open(path, "w") as f:
        for src in sorted(lines):
            f.write("TN:firmware_on_board\n")
            f.write(f"SF:{src}\n")
            fn = funcs[src]
            for name, (line, _) in sorted(fn.items(), key=lambda x: x[1]):
                f.write(f"FN:{line},{name}\n")
            for name, (_, n) in sorted(fn.items(), key=lambda x: x[1]):
                f.write(f"FNDA:{n},{name}\n")
            f.write(f"FNF:{len(fn)}\n")
            f.write(f"FNH:{sum(1 for _, n in fn.values() if n)}\n")
            for line, n in sorted(lines[src].items()):
                f.write(f"DA:{line},{n}\n")
            f.write(f"LF:{len(lines[src])}\n")
            f.write(f"LH:{sum(1 for n in lines[src].values() if n)}\n")
            f.write("end_of_record\n")


def pct(hit, found):
    return 100.0 * hit / found if found else 0.0


def summary(fw, hits, lines, funcs, source_dir, elf, root):
    out = []
    total_found = total_hit = 0
    fn_found = fn_hit = 0
    rows = []
    for src in sorted(lines, key=lambda p: relpath(p, source_dir)):
        found = len(lines[src])
        hit = sum(1 for n in lines[src].values() if n)
        ff = len(funcs[src])
        fh = sum(1 for _, n in funcs[src].values() if n)
        total_found += found
        total_hit += hit
        fn_found += ff
        fn_hit += fh
        rows.append((relpath(src, source_dir), hit, found, fh, ff))
    width = max(len(r[0]) for r in rows) if rows else 10
    out.append(f"{'file':<{width}}  {'lines':>15}  {'functions':>13}")
    for name, hit, found, fh, ff in rows:
        out.append(f"{name:<{width}}  {pct(hit, found):5.1f}% "
                   f"{hit:4}/{found:<4}  {pct(fh, ff):5.1f}% "
                   f"{fh:3}/{ff:<3}")
    out.append(f"{'total':<{width}}  {pct(total_hit, total_found):5.1f}% "
               f"{total_hit:4}/{total_found:<4}  "
               f"{pct(fn_hit, fn_found):5.1f}% {fn_hit:3}/{fn_found:<3}")
    units = [u for u in fw.units if u in lines]
    dead = [relpath(u, source_dir) for u in units
            if not any(lines[u].values())]
    out.append(f"firmware on the board: {pct(total_hit, total_found):.1f}% "
               f"of {total_found} lines ({total_hit} executed), "
               f"{len(units) - len(dead)} of {len(units)} source files "
               f"(.c/.S) with executed lines"
               + (": none in " + ", ".join(dead) if dead else ""))
    out.append(f"from {hits.boots} boots of {len(hits.used)} scenario "
               f"files ({', '.join(label(p, root) for p in hits.used)})"
               f": {len(hits.count)} instructions of {elf} ran")
    if hits.stale:
        out.append("  left out, recorded with another build of the "
                   "firmware: " + ", ".join(label(p, root)
                                            for p in hits.stale))
    if hits.broken:
        out.append("  left out, no data (QEMU did not exit cleanly): " +
                   ", ".join(label(p, root) for p in hits.broken))
    if hits.outside:
        out.append(f"  {hits.outside} recorded instructions outside the "
                   "image's code (not counted)")
    if fw.overridden:
        out.append("  not counted: __weak definitions replaced at link time "
                   "(in the image, never called): " + ", ".join(
                       f"{relpath(p, source_dir)}:{n}"
                       for p, _, n in sorted(fw.overridden)))
    if hits.va_mismatch:
        out.append(f"  va_mismatch {hits.va_mismatch}: the plugin saw the "
                   "range "
                   "through a virtual address other than its physical one")
    table = "\n".join(out) + "\n"

    never = ["", "Never executed on the board (functions; lines with code "
             "that no run reached, as ranges over lines with code):"]
    for src in sorted(lines, key=lambda p: relpath(p, source_dir)):
        dead_fn = sorted((line, name) for name, (line, n) in
                         funcs[src].items() if not n)
        dead_lines = never_ran(lines[src].keys(), lines[src])
        if not dead_fn and not dead_lines:
            continue
        never.append(f"{relpath(src, source_dir)}:")
        if dead_fn:
            never.append("  functions: " + ", ".join(
                f"{name} ({line})" for line, name in dead_fn))
        if dead_lines:
            never.append("  lines: " + dead_lines)
    return table, "\n".join(never) + "\n", pct(total_hit, total_found)


def run(cmd, log):
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    log.write(f"$ {' '.join(cmd)}\n{res.stdout}")
    if res.returncode:
        warn(f"{cmd[0]} failed:\n{res.stdout[-2000:]}")
        sys.exit(1)
    return res.stdout


def lines_figure(info, log):
    """lcov's line figure of a tracefile: '94.2% (3265 of 3465 lines)'"""
    for line in run(["lcov", "--summary", str(info)], log).splitlines():
        if line.strip().startswith("lines"):
            return line.split(":", 1)[1].strip()
    return "?"


def merge(host_info, info, out, log):
    """host + firmware tracefiles into merged.info, the host's records
    named host_unit_tests (gcov leaves the test name empty)"""
    named = out / "host.info"
    with open(host_info) as src, open(named, "w") as dst:
        for line in src:
            dst.write("TN:host_unit_tests\n" if line == "TN:\n" else line)
    merged = out / "merged.info"
    run(["lcov", "--quiet", "--add-tracefile", str(named),
         "--add-tracefile", str(info), "--output-file", str(merged)], log)
    return named, merged


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--build", required=True, type=pathlib.Path,
                   help="build folder")
    p.add_argument("--source", required=True, type=pathlib.Path,
                   help="source folder (paths of the report)")
    p.add_argument("--elf", type=pathlib.Path,
                   help="firmware ELF (BUILD/target/hypervisor/jailhouse.elf)")
    p.add_argument("--out", type=pathlib.Path,
                   help="report folder (BUILD/coverage)")
    p.add_argument("--host-info", type=pathlib.Path,
                   help="host unit tests' tracefile (OUT/unit.info)")
    p.add_argument("--min", type=float, default=0.0,
                   help="fail below this percentage of lines, if every "
                   "scenario file of --scenarios has data")
    p.add_argument("--scenarios", default="",
                   help="the suite's scenario files, comma-separated "
                   "(test_board,...)")
    p.add_argument("addr", nargs="*", type=pathlib.Path,
                   help="coverage files (BUILD/fw-coverage/**/*.addr)")
    args = p.parse_args()
    if os.environ.get("JH_FW_COVERAGE", "1") == "0":
        print("fw-coverage: off (JH_FW_COVERAGE=0)")
        return SKIP
    source_dir = args.source.resolve()
    elf = args.elf or args.build / "target/hypervisor/jailhouse.elf"
    out = args.out or args.build / "coverage"
    host_info = args.host_info or out / "unit.info"
    addr = args.addr or sorted((args.build / "fw-coverage").glob("**/*.addr"))
    if not addr:
        print(f"fw-coverage: no coverage files in {args.build}/fw-coverage: "
              "run the scenarios first (ctest -L scenario)")
        return SKIP

    fw = Firmware(str(elf), source_dir)
    hits = Hits(fw, elf.stat().st_mtime)
    for path in addr:
        hits.read(path)
    root = args.build / "fw-coverage"
    if not hits.used:
        print(f"fw-coverage: no coverage data of this firmware in {root} "
              "(of an older build: "
              f"{', '.join(label(p, root) for p in hits.stale) or 'none'})")
        return SKIP
    lines, funcs, dropped = coverage(fw, hits, source_dir)
    for path in dropped:
        warn(f"left out (not under {source_dir}): {path}")

    out.mkdir(parents=True, exist_ok=True)
    info = out / "fw.info"
    write_info(info, lines, funcs)
    table, never, total = summary(fw, hits, lines, funcs, source_dir,
                                  relpath(str(elf.resolve()),
                                          args.build.resolve()), root)
    with open(out / "fw-coverage.log", "w") as log:
        run(["genhtml", "--quiet", "--title", "firmware on the board",
             "--output-directory", str(out / "fw"), str(info)], log)
        reports = [f"report: {out / 'fw' / 'index.html'}"]
        if host_info.exists():
            named, merged = merge(host_info, info, out, log)
            run(["genhtml", "--quiet", "--show-details", "--title",
                 "host unit tests + firmware on the board",
                 "--output-directory", str(out / "merged"), str(merged)],
                log)
            reports.append("host unit tests (hypervisor/, common/, tools/): "
                           + lines_figure(named, log))
            reports.append("both, merged: " + lines_figure(merged, log))
            reports.append(f"merged report: "
                           f"{out / 'merged' / 'index.html'}")
        else:
            reports.append(f"no {host_info} (ctest -L coverage -LE "
                           "firmware): no merged report")
    text = table + "\n".join(reports) + "\n" + never
    (out / "fw-summary.txt").write_text(text)
    print(text, end="")
    fresh = {p.stem for p in hits.used}
    missing = [n for n in args.scenarios.split(",") if n and n not in fresh]
    if missing and total < args.min:
        print(f"fw-coverage: no data of {', '.join(missing)} (not run "
              "since the firmware was built): the floor of "
              f"{args.min}% applies to the whole suite only")
        return 0
    if total < args.min:
        warn(f"firmware on the board at {total:.1f}% of lines, below "
             f"{args.min}%")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
