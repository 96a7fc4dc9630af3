"""Helpers for tools/compare: installing and running other license scanners, mapping what they
report to SPDX ids, and measuring time and peak memory.

Standard library only (Python 3.9+). This file is also run, by path, with the Python of a tool's
own virtual environment to drive the Python scanners (`python lib_compare.py drive askalono
LIST`), so it must not import anything outside the standard library at module level.

Name mapping (what "agreement" means)
-------------------------------------
Every tool's answer for a file becomes a set of ids, compared with the expected set written by
tools/make-corpus:

1. Each reported name is looked up case-insensitively, with runs of spaces, `_` and `-` treated
   alike, in a table built from the fetched LicenseDB: the SPDX id, the deprecated and alternative
   SPDX ids (`other_spdx_license_keys`, so `GPL-2.0` -> `GPL-2.0-only`, `GPL-2.0+` ->
   `GPL-2.0-or-later`), the ScanCode key, `LicenseRef-scancode-<key>`, the OSI key, the short
   name and the full name (in that order of precedence when two licenses claim the same alias).
   Debian short names from licensecheck (`Expat`, `GPL-2+`, `LGPL-2.1`, `BSD-3-clause`,
   `public-domain`, `WTFPL-2` ...) are added by rule (see ALIASES and _debian_gpl).
2. Anything that means "a license I cannot name" becomes `LicenseRef-unknown`: ScanCode's
   `unknown*`, `free-unknown`, `other-permissive`, `other-copyleft`, licensee's `other` /
   `NOASSERTION` for a file named like a license, LicenseLens's `LicenseRef-unknown*`.
   licensecheck's `UNKNOWN` means it found nothing, so it maps to the empty set.
3. Expressions (`MIT OR Apache-2.0`, `GPL-2.0-or-later WITH Classpath-exception-2.0`,
   licensecheck's `A and/or B`) are split into their ids.
4. A name that maps to nothing is kept as `?name` and counts as a disagreement.

Strict agreement: the mapped set equals the expected set. Lenient agreement: the same after
dropping `LicenseRef-unknown` from both sides and folding `-only` / `-or-later` / `+` (so
`GPL-2.0-only` equals `GPL-2.0-or-later`: a full GPL text alone does not say which one is
meant, and several tools cannot tell).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time

TOOLS = os.path.dirname(os.path.abspath(__file__))
UNKNOWN = "LicenseRef-unknown"
CACHE = os.path.join(os.path.expanduser("~"), ".cache", "licenselens-compare")

UNKNOWN_NAME = re.compile(
    r"unknown|noassertion|^other$|other-permissive|other-copyleft",
    re.IGNORECASE)

# Debian / licensecheck and other short names that the LicenseDB tables do not carry.
ALIASES = {
    "expat": "MIT", "public-domain": "LicenseRef-scancode-public-domain",
    "wtfpl-2": "WTFPL", "wtfpl": "WTFPL", "zlib": "Zlib", "bsl": "BSL-1.0", "boost": "BSL-1.0",
    "python-2.0": "Python-2.0", "psf-2.0": "Python-2.0", "cnri-python-gpl-compatible": "Python-2.0",
    "apache-2": "Apache-2.0", "mpl-2": "MPL-2.0", "epl-1": "EPL-1.0", "epl-2": "EPL-2.0",
    "cc-by-4": "CC-BY-4.0", "cc-by-sa-4": "CC-BY-SA-4.0", "artistic-2": "Artistic-2.0",
    "ofl-1.1": "OFL-1.1", "ofl-1.1-rfn": "OFL-1.1", "ofl-1.1-no-rfn": "OFL-1.1",
    "agpl-3.0": "AGPL-3.0-only", "bsd-2-clause-freebsd": "BSD-2-Clause",
}
GPL_SHORT = re.compile(r"^(a|l)?gpl-?(\d)(?:\.(\d))?(\+)?$", re.IGNORECASE)


def _debian_gpl(name):
    """GPL-2+, LGPL-2.1, AGPL-3 ... -> SPDX ids."""
    match = GPL_SHORT.match(name)
    if not match:
        return None
    prefix, major, minor, plus = match.groups()
    family = (prefix or "").upper() + "GPL"
    version = f"{major}.{minor or '0'}"
    if family == "LGPL" and major == "2" and not minor:
        version = "2.0"
    return f"{family}-{version}-{'or-later' if plus else 'only'}"


def _fold(name):
    return re.sub(r"[\s_\-]+", "-", name.strip().lower())


class Mapper:
    """Maps the license names tools report to the corpus's SPDX ids (see the module doc)."""

    def __init__(self, corpus):
        sys.path.insert(0, TOOLS)
        import lib_corpus
        table, rank = {}, {}
        folder = os.path.join(corpus, "licenses")
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".LICENSE"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as handle:
                scalars, lists, _text = lib_corpus.split_front_matter(handle.read())
            key = scalars.get("key") or name[:-len(".LICENSE")]
            spdx = scalars.get("spdx_license_key") or f"LicenseRef-scancode-{key}"
            deprecated = scalars.get("is_deprecated", "").lower() in ("yes", "true")
            candidates = [(spdx, 0), (f"LicenseRef-scancode-{key}", 1)]
            candidates += [(other, 2) for other in lists.get("other_spdx_license_keys", [])]
            candidates += [(key, 3), (scalars.get("osi_license_key", ""), 4),
                           (scalars.get("short_name", ""), 5), (scalars.get("name", ""), 6)]
            for alias, level in candidates:
                if not alias:
                    continue
                level += 10 if deprecated else 0
                folded = _fold(alias)
                if folded not in rank or level < rank[folded]:
                    table[folded], rank[folded] = spdx, level
        for alias, spdx in ALIASES.items():
            table.setdefault(_fold(alias), spdx)
        self.table = table

    def one(self, name):
        name = name.strip().strip("()").strip()
        if not name:
            return None
        if UNKNOWN_NAME.search(name):
            return UNKNOWN
        folded = _fold(name)
        if folded in self.table:
            return self.table[folded]
        gpl = _debian_gpl(name)
        if gpl:
            return gpl
        if folded.endswith("+") and folded[:-1] in self.table:  # MPL-1.1+ and the like
            base = self.table[folded[:-1]]
            return self.table.get(_fold(base.replace("-only", "") + "-or-later"), base)
        return "?" + name

    def expression(self, text):
        """All ids in an SPDX-like expression or a licensecheck 'A and/or B' list."""
        if not text:
            return set()
        parts = re.split(r"\s+(?:AND|OR|WITH|and/or|and|or)\s+|[(),;]|\s+\|\s+", text)
        return {mapped for mapped in (self.one(part) for part in parts) if mapped}


def fold_lenient(ids):
    out = set()
    for value in ids:
        if value == UNKNOWN:
            continue
        value = re.sub(r"(-only|-or-later|\+)$", "", value)
        out.add(value)
    return out


def agrees(got, expected, lenient=False):
    if lenient:
        return fold_lenient(got) == fold_lenient(expected)
    return set(got) == set(expected)


# ---------------------------------------------------------------------------------------------
# Expected answers

def load_expected(root):
    """{relative path: set of ids} from ROOT/expected.tsv and {path: kind} from manifest.tsv."""
    expected, kinds = {}, {}
    with open(os.path.join(root, "expected.tsv"), encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            path, _, ids = line.partition("\t")
            expected[path] = set(filter(None, ids.split(",")))
    manifest = os.path.join(root, "manifest.tsv")
    if os.path.exists(manifest):
        with open(manifest, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("#"):
                    continue
                fields = line.rstrip("\n").split("\t")
                if len(fields) >= 2:
                    kinds[fields[0]] = fields[1]
    return expected, kinds


# SPDX's deprecated ids whose test text holds only the exception (the GPL is "insert GPL v2 text
# here") or a license the LicenseDB files under another id.
SPDX_DEPRECATED_TEXTS = {
    "GPL-2.0-with-GCC-exception": "GCC-exception-2.0",
    "GPL-2.0-with-autoconf-exception": "Autoconf-exception-2.0",
    "GPL-2.0-with-bison-exception": "Bison-exception-2.2",
    "GPL-2.0-with-classpath-exception": "Classpath-exception-2.0",
    "GPL-2.0-with-font-exception": "Font-exception-2.0",
    "GPL-3.0-with-GCC-exception": "GCC-exception-3.1",
    "GPL-3.0-with-autoconf-exception": "Autoconf-exception-3.0",
    "StandardML-NJ": "SMLNJ",
    "WXwindows": "wxWindows",
}
SPDX_TEXT_PREFIXES = ("depreciate_", "deprecated_")


def load_spdx_texts(folder, mapper):
    """The SPDX test texts (ID.txt, deprecated ones depreciate_ID.txt): {file name: {expected
    id}} and {file name: kind}, kind being license, exception, deprecated or newer (an id the
    LicenseDB does not know, expected as `?ID`, which only a tool reporting that very id
    matches)."""
    expected, kinds = {}, {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".txt"):
            continue
        spdx = name[:-len(".txt")]
        kind = "exception" if "exception" in spdx.lower() else "license"
        for prefix in SPDX_TEXT_PREFIXES:
            if spdx.startswith(prefix):
                spdx, kind = spdx[len(prefix):], "deprecated"
        mapped = mapper.one(SPDX_DEPRECATED_TEXTS.get(spdx, spdx))
        if mapped.startswith("?"):
            kind = "newer"
        expected[name] = {mapped}
        kinds[name] = kind
    return expected, kinds


# ---------------------------------------------------------------------------------------------
# Measuring: wall time, and peak resident memory summed over every process this one started

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children_map():
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
    return children


def _descendants(root):
    children = _children_map()
    out, stack = [], list(children.get(root, []))
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack.extend(children.get(pid, []))
    return out


def _rss(pid):
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


class Measure:
    """with Measure() as m: ... -> m.seconds, m.peak_rss (bytes). Peak RSS is the largest sum of
    the resident sizes of all descendant processes, sampled every 50 ms (the process tree is
    re-read every 250 ms), and at least the largest ru_maxrss of any child reaped meanwhile."""

    def __init__(self):
        self.seconds = 0.0
        self.peak_rss = 0
        self.cpu_seconds = 0.0      # user + system time of the reaped children
        self.other_busy = 0.0       # share of all CPUs used by other processes meanwhile
        self._stop = threading.Event()

    def _poll(self):
        me = os.getpid()
        pids, last_scan = [], 0.0
        while not self._stop.is_set():
            now = time.monotonic()
            if now - last_scan > 0.25:
                pids, last_scan = _descendants(me), now
            total = sum(_rss(pid) for pid in pids)
            self.peak_rss = max(self.peak_rss, total)
            self._stop.wait(0.05)

    def __enter__(self):
        self._busy_before = _busy_jiffies()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._start = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.seconds = time.monotonic() - self._start
        self._stop.set()
        self._thread.join()
        busy = (_busy_jiffies() - self._busy_before) / os.sysconf("SC_CLK_TCK")
        if self.seconds > 0:
            self.other_busy = max(0.0, busy - self.cpu_seconds) / \
                ((os.cpu_count() or 1) * self.seconds)
        return False

    def note_child(self, rusage):
        self.peak_rss = max(self.peak_rss, rusage.ru_maxrss * 1024)
        self.cpu_seconds += rusage.ru_utime + rusage.ru_stime


def _busy_jiffies():
    with open("/proc/stat", encoding="utf-8") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    return sum(values) - values[3] - (values[4] if len(values) > 4 else 0)


def run(command, measure=None, stdout=None, timeout=None, env=None, cwd=None):
    """Runs command, reaping it with wait4 so its ru_maxrss is recorded in measure. Returns
    (exit code, stderr text). stdout is a file object or None (captured and discarded)."""
    proc = subprocess.Popen(command, stdout=stdout or subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env, cwd=cwd)
    err_chunks = []
    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout if timeout else None
    while True:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if deadline and time.monotonic() > deadline:
            proc.kill()
            pid, status, rusage = os.wait4(proc.pid, 0)
            proc.returncode = -9
            reader.join(5)
            return -9, f"timed out after {timeout} s"
        time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join(10)
    if measure:
        measure.note_child(rusage)
    err = b"".join(chunk for chunk in err_chunks if chunk).decode("utf-8", errors="replace")
    return proc.returncode, err


def run_sharded(commands, measure, timeout=None):
    """Runs several (command, output path) pairs at once; returns [(exit code, stderr)]."""
    results = [None] * len(commands)

    def one(index, command, out_path):
        with open(out_path, "wb") as handle:
            results[index] = run(command, measure, stdout=handle, timeout=timeout)

    threads = [threading.Thread(target=one, args=(i, c, o)) for i, (c, o) in enumerate(commands)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def busy_fraction(seconds=2.0):
    """Share of all CPU time spent busy over the next `seconds` (from /proc/stat)."""
    def sample():
        with open("/proc/stat", encoding="utf-8") as handle:
            values = [int(v) for v in handle.readline().split()[1:]]
        idle = values[3] + (values[4] if len(values) > 4 else 0)
        return sum(values), idle
    total_a, idle_a = sample()
    time.sleep(seconds)
    total_b, idle_b = sample()
    total = total_b - total_a
    return 1.0 - (idle_b - idle_a) / total if total > 0 else 0.0


def wait_for_idle(max_seconds, threshold=0.15, log=None):
    """Waits (up to max_seconds) until other processes use less than threshold of the CPUs;
    returns the last busy fraction seen."""
    deadline = time.monotonic() + max_seconds
    busy = busy_fraction()
    while busy >= threshold and time.monotonic() < deadline:
        if log:
            print(f"  machine {100 * busy:.0f}% busy; waiting", file=log, flush=True)
        time.sleep(10)
        busy = busy_fraction()
    return busy


# ---------------------------------------------------------------------------------------------
# Installing

def apt_install(packages, log):
    missing = [p for p in packages
               if subprocess.run(["dpkg-query", "-W", "-f=${Status}", p], capture_output=True,
                                 text=True).stdout.strip() != "install ok installed"]
    if not missing:
        return None
    if os.geteuid() != 0:
        return f"not root: cannot apt-get install {' '.join(missing)}"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]):
        print(f"  $ {' '.join(command)}", file=log, flush=True)
        proc = subprocess.run(command, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            return f"`{' '.join(command)}` failed: {proc.stderr.strip()[-300:]}"
    return None


def venv_install(name, requirements, log, check_import=None):
    """A virtual environment CACHE/name with requirements; returns (python path, error)."""
    folder = os.path.join(CACHE, name)
    python = os.path.join(folder, "bin", "python")
    stamp = os.path.join(folder, ".installed")
    wanted = " ".join(requirements)
    if os.path.exists(stamp):
        with open(stamp, encoding="utf-8") as handle:
            if handle.read().strip() == wanted:
                return python, None
    os.makedirs(CACHE, exist_ok=True)
    commands = []
    if not os.path.exists(python):
        commands.append([sys.executable, "-m", "venv", folder])
    commands.append([python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                     *requirements])
    for command in commands:
        print(f"  $ {' '.join(command)}", file=log, flush=True)
        proc = subprocess.run(command, capture_output=True, text=True)
        if proc.returncode != 0:
            return None, f"`{' '.join(command[:4])} ...` failed: {proc.stderr.strip()[-400:]}"
    if check_import:
        proc = subprocess.run([python, "-c", f"import {check_import}"], capture_output=True,
                              text=True)
        if proc.returncode != 0:
            return None, (f"installed but `import {check_import}` fails: "
                          f"{proc.stderr.strip()[-300:]}")
    with open(stamp, "w", encoding="utf-8") as handle:
        handle.write(wanted + "\n")
    return python, None


def venv_python(name):
    python = os.path.join(CACHE, name, "bin", "python")
    return python if os.path.exists(python) else None


def which(program):
    return shutil.which(program)


# ---------------------------------------------------------------------------------------------
# Drivers for the library-only scanners: run with the tool's own Python (or Ruby).

LICENSEE_DRIVER = r"""
require 'json'
require 'licensee'
list, jobs, out_prefix = ARGV[0], ARGV[1].to_i, ARGV[2]
paths = File.readlines(list, chomp: true)
Licensee.confidence_threshold = 98
pids = (0...jobs).map do |shard|
  fork do
    File.open("#{out_prefix}.#{shard}", 'w') do |out|
      paths.each_with_index do |path, i|
        next unless i % jobs == shard
        name = File.basename(path)
        content = File.binread(path)
        ids, how = [], nil
        begin
          if Licensee::ProjectFiles::ReadmeFile.name_score(name) > 0
            section = Licensee::ProjectFiles::ReadmeFile.license_content(content)
            file = section ? Licensee::ProjectFiles::ReadmeFile.new(section, name) : nil
          else
            file = Licensee::ProjectFiles::LicenseFile.new(content, name)
          end
          license = file && file.license
          if license
            if license.key == 'other'
              ids << 'NOASSERTION' if Licensee::ProjectFiles::LicenseFile.name_score(name) > 0
            else
              ids << license.spdx_id
            end
            how = file.matcher && file.matcher.name
          end
        rescue StandardError => e
          how = "error: #{e.class}"
        end
        out.puts({ path: path, ids: ids, matcher: how }.to_json)
      end
    end
  end
end
pids.each { |pid| Process.wait(pid) }
"""


def _drive_python(tool, list_path, jobs):
    """Runs inside the tool's venv: prints one JSON line per path."""
    import multiprocessing
    with open(list_path, encoding="utf-8") as handle:
        paths = [line.rstrip("\n") for line in handle if line.strip()]
    with multiprocessing.Pool(jobs, initializer=_driver_init, initargs=(tool,)) as pool:
        for record in pool.imap(_driver_one, paths, chunksize=1):
            sys.stdout.write(json.dumps(record) + "\n")
            sys.stdout.flush()


_DRIVER = {}


def _driver_init(tool):
    _DRIVER["tool"] = tool
    if tool == "askalono":
        import askalono
        _DRIVER["identify"] = askalono.identify
    else:
        import licenseclassifier
        _DRIVER["identify"] = licenseclassifier.identify_license


def _driver_one(path):
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8", errors="replace")
        if _DRIVER["tool"] == "askalono":
            match = _DRIVER["identify"](text)
            score = float(getattr(match, "score", 0.0) or 0.0)
            # askalono's CLI reports a license when the score is at least 0.8.
            ids = [match.name] if match is not None and score >= 0.8 else []
            return {"path": path, "ids": ids, "score": round(score, 4)}
        return {"path": path, "ids": sorted({m.id for m in _DRIVER["identify"](text)})}
    except Exception as error:  # noqa: BLE001 - report, keep going
        return {"path": path, "ids": [], "error": f"{type(error).__name__}: {error}"}


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "drive":
        _drive_python(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit("usage: python lib_compare.py drive askalono|licenseclassifier LIST JOBS")
