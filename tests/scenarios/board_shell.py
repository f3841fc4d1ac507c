"""Commands on the root shell over a console that others print on too.

labgrid's ShellDriver.run sends MARKER='..' run 'cmd' and waits for
MARKER(.*)MARKER\\s+(\\d+)\\s+PROMPT.  On our boards the root console is
shared: the hypervisor prints on it, and so does every inmate with the
virtual console (one hypercall per character, e.g. ivshmem-demo right
after "cell start" and then every second).  When such text lands between
the exit code and the prompt, that regex never matches and the command
times out, although it has finished.  The characters of two writers
interleave anywhere, even inside a marker.

RootShell runs commands in the shell ShellDriver logged in to, with its
own framing, parsed in Python instead of one regex:

    jh_run S E 'cmd'   prints   S\\n  <output of cmd>  E <rc> E\\n (twice)

- the command is done when one line "E <rc> E" arrives intact: the exit
  code comes from it; the prompt is not waited for (the shell reads the
  next command when it is ready, the tty buffers it);
- the output is what lies between the start marker and the first trace
  of the end marker.  A marker split by foreign text still leaves one of
  its halves (5 characters) intact, so both boundaries are found by
  halves: text printed after the end marker is never part of the output,
  and the second end line stands in for a first one that was split;
  when both came garbled (a piece of the end marker, but no intact end
  line within a second), the harness asks the shell for the exit code
  again (echo Q "$jh_rc" Q, new markers each time) until an answer
  arrives intact;
- the markers are random and reach the shell in pieces of at most three
  characters ('AB''CDE'...), so neither a marker nor a half of one is in
  the echo of the command line;
- what follows the end line stays in the console's expect buffer, where
  a test that waits for the hypervisor's message on the root console
  (board.root_uart.expect) finds it;
- text the hypervisor prints while the command runs is part of what the
  console carried in that window and stays in the output: tests look for
  violation reports there (test_cells.py, root_console_shows).

On a serial line (RawSerialPort, or NetworkSerialPort over RFC 2217) the
command line goes out in chunks of CHUNK bytes, each followed by a pause
of twice its time on the wire, so a target that is slow to empty its
UART's receive FIFO does not lose characters of a long command.

A console that goes away (pseudo terminal closed, TCP peer gone, power
lost) raises ConsoleLost; the harness powers the board again for the
next test.
"""

import random
import re
import string
import time

import pexpect
import serial

CHUNK = 16        # bytes: the PL011's and 16550's receive FIFO
HALF = 5
SPLIT_WAIT = 1.0  # s after a piece of the end marker: the lines are garbled
QUERIES = 20


class ConsoleLost(AssertionError):
    """The root console went away during a command."""


class CommandTimeout(AssertionError):
    """A command did not finish in time."""


def _marker():
    return "".join(random.choice(string.ascii_uppercase) for _ in range(10))


def _hidden(marker):
    """The marker as the shell gets it: in quoted pieces of at most three
    characters, so the echo of the command line holds no run of HALF of
    its characters."""
    return "".join(f"'{marker[i:i + 3]}'" for i in range(0, len(marker), 3))


# a shell expression for the board's CLOCK_MONOTONIC in ns (guest time,
# the first line of /proc/timer_list), for timing a command on the board
NOW_NS = "awk '/^now at/ {print $3; exit}' /proc/timer_list"

DEFINE = ('jh_run() { echo "$1"; sh -c "$3"; jh_rc=$?; '
          'echo "$2 $jh_rc $2"; echo "$2 $jh_rc $2"; }')


class RootShell:
    def __init__(self, console, prompt, paced=False, speed=115200,
                 logger=None):
        self.console = console
        self.prompt = prompt
        self.paced = paced
        self.pause = 2 * CHUNK * 10 / speed if paced else 0
        self.logger = logger
        self.defined = False   # jh_run in the shell; the harness resets it
                               # on every login (Board)

    # -- the line ----------------------------------------------------------

    def _write_line(self, line):
        data = line.encode() + b"\n"
        try:
            if not self.paced:
                self.console.write(data)
                return
            for i in range(0, len(data), CHUNK):
                self.console.write(data[i:i + CHUNK])
                time.sleep(self.pause)
        except (OSError, serial.SerialException) as e:
            raise ConsoleLost(f"root console lost while sending: {e}") from e

    def _read_more(self, buf, deadline, what):
        """Appends what the console has (at least one byte) to buf."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise CommandTimeout(what)
        start = time.monotonic()
        try:
            # pyserial's read(n) waits for all n bytes or the timeout: one
            # byte first, then what else has arrived (a short wait)
            data = self.console.read(size=1, timeout=min(left, 1.0))
            try:
                data += self.console.read(size=4096, timeout=0.01)
            except pexpect.TIMEOUT:
                pass
        except pexpect.TIMEOUT as e:
            # labgrid says TIMEOUT for an empty read; a closed socket
            # returns at once, a quiet line only after the timeout
            if time.monotonic() - start < min(left, 1.0) * 0.5:
                raise ConsoleLost("root console lost (connection closed "
                                  "by the other end)") from e
            return
        except (OSError, serial.SerialException) as e:
            raise ConsoleLost(f"root console lost: {e}") from e
        buf.extend(data)

    def _take_buffer(self):
        """What the console's expect buffer holds (read, not matched)."""
        exp = self.console._expect
        data = bytes(exp.buffer)
        exp.buffer = b""
        return bytearray(data)

    def _give_back(self, data):
        exp = self.console._expect
        exp.buffer = bytes(data) + exp.buffer

    # -- commands ----------------------------------------------------------

    def setup(self, timeout=30):
        """Defines jh_run in the logged-in shell."""
        out, code = self.run("true", timeout=timeout, define=True)
        assert code == 0, f"jh_run does not work on this shell: {out}"

    def run(self, cmd, timeout=60, define=False):
        """Runs cmd; returns (output lines, exit code)."""
        start, end = _marker(), _marker()
        line = f"jh_run {_hidden(start)} {_hidden(end)} {_quote(cmd)}"
        if define or not self.defined:
            line = DEFINE + "; " + line
            self.defined = True
        buf = self._take_buffer()
        skip = len(buf)   # earlier text cannot hold the new markers
        self._write_line(line)
        end_re = re.compile(rf"{end} (\d+) {end}".encode())
        halves = re.compile(f"{end[:HALF]}|{end[HALF:]}".encode())
        deadline = time.monotonic() + timeout
        what = (f"'{cmd}' did not finish within {timeout} s "
                "(no end marker on the root console)")
        seen = None       # when a trace of the end marker arrived
        while True:
            m = end_re.search(buf, skip)
            if m:
                break
            if seen is None and halves.search(buf, skip):
                seen = time.monotonic()
            if seen is not None and time.monotonic() - seen > SPLIT_WAIT:
                # the command is done, but foreign text split both end
                # lines: ask the shell for the exit code again
                code, after = self._query_status(deadline, what)
                text = bytes(buf[skip:])
                out = self._output(text, start, end)
                # what came after the command's output is the console's,
                # not the command's: back into the expect buffer
                cut = halves.search(buf, skip).start()
                self._give_back(buf[cut:] + after)
                return out, code
            try:
                self._read_more(buf, min(deadline, time.monotonic() + 0.5)
                                if seen is not None else deadline, what)
            except CommandTimeout:
                if seen is None:
                    raise
        code = int(m.group(1))
        text = bytes(buf[skip:m.start()])
        rest = buf[m.end():]
        self._give_back(rest)
        return self._output(text, start, end), code

    def _query_status(self, deadline, what):
        """jh_rc, the exit code of the last command, printed anew until
        one answer arrives intact; returns it and what else came."""
        buf = bytearray()
        for _ in range(QUERIES):
            q = _marker()
            since = len(buf)
            self._write_line(f'echo {_hidden(q)} "$jh_rc" {_hidden(q)}')
            answer = re.compile(rf"{q} (\d+) {q}".encode())
            until = min(deadline, time.monotonic() + 5)
            while True:
                m = answer.search(buf, since)
                if m:
                    return int(m.group(1)), buf[:m.start()] + buf[m.end():]
                try:
                    self._read_more(buf, until, what)
                except CommandTimeout:
                    if time.monotonic() >= deadline:
                        raise
                    break
        raise CommandTimeout(f"{what}: its end line and {QUERIES} answers "
                             "to the status query came garbled")

    @staticmethod
    def _output(text, start, end):
        """The command's output in text (from the command's echo up to
        its first intact end line)."""
        s = [text.rfind(h.encode()) for h in (start[:HALF], start[HALF:])]
        begin = max(s)
        if begin >= 0:
            nl = text.find(b"\n", begin)
            begin = len(text) if nl < 0 else nl + 1
        else:
            begin = 0
        finish = len(text)
        for h in (end[:HALF], end[HALF:]):
            i = text.find(h.encode(), begin)
            if 0 <= i < finish:
                finish = i
        body = text[begin:finish].decode("utf-8", "replace")
        body = _VT100.sub("", body)
        lines = body.split("\r\n")
        if lines and not lines[-1]:
            del lines[-1]
        return lines


_VT100 = re.compile(r"(\x1b\[|\x9b)[^@-_a-z]*[@-_a-z]|\x1b[@-_a-z]")


def _quote(cmd):
    return "'" + cmd.replace("'", "'\"'\"'") + "'"
