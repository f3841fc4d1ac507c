"""Reads what the el2-count QEMU plugin (sim/plugin/el2-count.c) wrote:
one JSON object per line, a header, then snapshots of cumulative
counters per vCPU.  A window is the difference of two snapshots."""

import collections
import json


class Snapshot:
    def __init__(self, obj):
        self.obj = obj
        self.seq = obj["seq"]
        self.cause = obj["cause"]
        self.marker = obj.get("marker")
        self.vcpu = obj.get("vcpu")
        self.cpus = {c["vcpu"]: c for c in obj["cpus"]}


class Results:
    """The plugin's output file, parsed."""

    def __init__(self, path):
        self.header = None
        self.snapshots = []
        with open(path) as f:
            for line in f:
                if not line.endswith("\n"):
                    break  # QEMU is writing it right now
                obj = json.loads(line)
                if obj["type"] == "header":
                    self.header = obj
                elif obj["type"] == "snapshot":
                    self.snapshots.append(Snapshot(obj))

    @property
    def base(self):
        return int(self.header["base"], 16)

    @property
    def size(self):
        return int(self.header["size"], 16)

    def markers(self, marker=None):
        return [s for s in self.snapshots if s.cause == "marker" and
                (marker is None or s.marker == marker)]


class CpuWindow:
    """What one vCPU did in the range between two snapshots."""

    def __init__(self, a, b):
        self.insns = b["insns"] - a["insns"]
        self.entries = b["entries"] - a["entries"]
        self.chained = b["chained"] - a["chained"]
        self.open_at_end = b["visit_len"] if b["inside"] else 0
        self.keys = {}
        old = {k["entry"]: k for k in a["keys"]}
        for k in b["keys"]:
            o = old.get(k["entry"])
            hist = collections.Counter({n: c for n, c in k["hist"]})
            if o:
                hist.subtract({n: c for n, c in o["hist"]})
            hist = +hist  # drop zero bins
            entries = k["entries"] - (o["entries"] if o else 0)
            if entries or hist:
                self.keys[k["entry"]] = EntryWindow(k["entry"], k["vector"],
                                                    entries, hist)

    def by_vector(self, name):
        """The visits that came in through one vector, e.g. lower64_irq."""
        found = [k for k in self.keys.values() if k.vector == name]
        if not found:
            return EntryWindow(None, name, 0, collections.Counter())
        assert len(found) == 1
        return found[0]

    def histogram(self):
        """All visits, whatever vector they came in through."""
        total = collections.Counter()
        for k in self.keys.values():
            total.update(k.hist)
        return total


class EntryWindow:
    def __init__(self, entry, vector, entries, hist):
        self.entry = entry
        self.vector = vector
        self.entries = entries
        self.hist = hist

    @property
    def visits(self):
        return sum(self.hist.values())

    @property
    def mode(self):
        """Most frequent visit length; the shortest of equally frequent."""
        if not self.hist:
            return None
        return min(self.hist, key=lambda n: (-self.hist[n], n))

    @property
    def max(self):
        return max(self.hist) if self.hist else None

    @property
    def min(self):
        return min(self.hist) if self.hist else None


def window(a, b):
    """{vcpu: CpuWindow} between snapshots a and b."""
    return {cpu: CpuWindow(a.cpus[cpu], b.cpus[cpu]) for cpu in b.cpus}
