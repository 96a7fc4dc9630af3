"""Tests of tools/scan-distributed on a local Ray cluster (loopback only, 2 worker CPUs).

The cluster (localcluster.py) is started once on 127.0.0.1 and stopped at the end. The tree scanned is written here from LicenseDB texts read at test time
(license-corpus/scancode/, never committed) and original filler (tools/lib_filler.py):
projects with their own license, vendored copies of one license (deduplicated), source files
with SPDX headers, model folders whose license and policy are copies of each other (so the
model view must be rescanned whole), and a dangling link listed by name (an error record).
Each test compares the driver's parts with a plain `licenselens scan --files-from` of the same
listing: the same lines after sorting.

Run: python3 -m unittest discover -s tools/distributed/tests (tools/test runs it).
"""

import glob
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

TOOLS = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ROOT = os.path.dirname(TOOLS)
sys.path.insert(0, TOOLS)
sys.path.insert(0, os.path.join(TOOLS, "distributed"))
import lib_corpus  # noqa: E402
import lib_filler  # noqa: E402
from licenselens_dist import assemble, localcluster, plan  # noqa: E402
from licenselens_dist.localcluster import LocalCluster  # noqa: E402

BIN = os.path.join(ROOT, ".build", "release", "licenselens")
LICENSES = os.path.join(ROOT, "license-corpus", "scancode", "licenses")
COMMON = ["mit", "apache-2.0", "bsd-new", "bsd-simplified", "isc", "gpl-2.0", "gpl-3.0",
          "lgpl-2.1", "mpl-2.0", "zlib", "unlicense", "epl-2.0", "agpl-3.0", "artistic-2.0"]


def license_text(key):
    with open(os.path.join(LICENSES, key + ".LICENSE"), encoding="utf-8") as handle:
        return lib_corpus.split_front_matter(handle.read())[2]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def make_tree(root, projects):
    """A tree of `projects` projects and four model folders; returns its listing."""
    rng = random.Random(13)
    vendored = license_text("mit")
    for number in range(projects):
        project = os.path.join(root, "projects", "%03d" % number)
        key = COMMON[number % len(COMMON)]
        write(os.path.join(project, "LICENSE"),
              "Copyright (c) 2024 %s\n\n%s" % (lib_filler.person(rng), license_text(key)))
        for index in range(4):
            header = "// SPDX-License-Identifier: %s\n" % ("MIT" if index % 2 else "Apache-2.0")
            write(os.path.join(project, "src", "file%d.c" % index),
                  "%s// %s, part %d\n%s" % (header, os.path.basename(project), index,
                                            lib_filler.code_file(rng, "c")[1]))
        write(os.path.join(project, "third_party", "dep", "LICENSE"), vendored)
        write(os.path.join(project, "docs", "notes.md"), lib_filler.meeting_notes(rng)[-1])
    llama = license_text("llama-3.1-license-2024")
    policy = "# Acceptable use\n\nYou must not use the model to harm people or break the law.\n"
    for number in range(4):
        model = os.path.join(root, "models", "org", "model-%d" % number)
        write(os.path.join(model, "LICENSE"), llama)
        write(os.path.join(model, "USE_POLICY.md"), policy)
        write(os.path.join(model, "README.md"),
              "---\nlicense: llama3.1\npipeline_tag: text-generation\n---\n# Model %d\n" % number)
        write(os.path.join(model, "config.json"), '{"hidden_size": %d}\n' % (1024 * number))
    # Outside any model folder, apps with code below them under a model license that carries
    # its own use policy (each a model candidate whose files are its whole subtree, though no
    # file in it is named as a card, policy or NOTICE): two under copies of one text, one
    # under the same terms with its own copyright line.
    terms = license_text("llama-4-license-2025")
    for name, text in (("assistant", terms), ("assistant-two", terms),
                       ("helper", "Copyright 2025 Helper\n\n" + terms)):
        app = os.path.join(root, "apps", name)
        write(os.path.join(app, "LICENSE"), text)
        for index in range(3):
            write(os.path.join(app, "src", "part%d" % index, "main.py"),
                  "# %s %d\n%s" % (name, index, lib_filler.code_file(rng, "python")[1]))
    listing = plan.list_folder(root)
    os.symlink(os.path.join(root, "nowhere"), os.path.join(root, "dangling"))
    return listing + [os.path.join(root, "dangling")]


def plain_scan(listing):
    completed = subprocess.run(
        [BIN, "scan", "--files-from", "-", "--format", "jsonl", "--quiet"],
        input="".join(path + "\n" for path in listing).encode(), capture_output=True, check=False)
    if completed.returncode not in (0, 1):
        raise AssertionError(completed.stderr.decode())
    return sorted(completed.stdout.decode().splitlines())


@unittest.skipUnless(os.access(BIN, os.X_OK) and os.path.isdir(LICENSES),
                     "needs the release build and the fetched corpus (tools/setup)")
class DistributedScanTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="ll-dist-")
        cls.listing = make_tree(os.path.join(cls.folder, "tree"), 200)
        cls.listing_file = os.path.join(cls.folder, "listing.txt")
        write(cls.listing_file, "".join(path + "\n" for path in cls.listing))
        cls.expected = plain_scan(cls.listing)
        cls.cluster = LocalCluster(2, os.path.join(cls.folder, "r")).wait()

    @classmethod
    def tearDownClass(cls):
        cls.cluster.stop()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def run_driver(self, out, *extra):
        return subprocess.run(
            [sys.executable, os.path.join(TOOLS, "scan-distributed"), "--files-from",
             self.listing_file, "--out", out, "--address", self.cluster.address,
             "--bin", BIN] + list(extra),
            capture_output=True, env=localcluster.ENVIRONMENT, check=False, timeout=600,
            cwd=self.folder)

    def summary(self, out):
        with open(os.path.join(out, "summary.json"), encoding="utf-8") as handle:
            return json.load(handle)

    def assert_same_as_plain_scan(self, out):
        lines = assemble.read_parts(out)
        self.assertEqual(sorted(lines), self.expected)
        paths = [json.loads(line)["path"] for line in lines
                 if not line.startswith('{"kind":"model"')]
        self.assertEqual(sorted(paths), sorted(self.listing), "every path exactly once")

    def test_same_results_as_a_plain_scan(self):
        out = os.path.join(self.folder, "out-plain")
        completed = self.run_driver(out, "--partitions", "6")
        # Exit status 1: the dangling link is reported with an error, as a plain scan does.
        self.assertEqual(completed.returncode, 1, completed.stderr.decode()[-2000:])
        self.assert_same_as_plain_scan(out)
        summary = self.summary(out)
        self.assertEqual(summary["files"], len(self.listing))
        # One per content and name (the 200 vendored MIT texts are one; so are the four
        # model licenses, the two assistants' and the four policies); the dangling link is one
        # of its own.
        contents = set()
        for path in self.listing:
            try:
                with open(path, "rb") as handle:
                    contents.add((hashlib.sha256(handle.read()).hexdigest(),
                                  os.path.basename(path)))
            except OSError:
                contents.add(path)
        self.assertLessEqual(len(contents), len(self.listing) - 199 - 4 - 3)
        self.assertEqual(summary["unique_contents"], len(contents))
        self.assertEqual(summary["files_with_errors"], 1)
        self.assertEqual(summary["model_records"], 4 + 3)
        self.assertGreaterEqual(summary["units_rescanned"], 1)
        self.assertEqual(len(summary["parts"]), 6)
        # A second run reuses every committed partition and writes the same parts.
        again = self.run_driver(out, "--partitions", "6")
        self.assertEqual(again.returncode, 1, again.stderr.decode()[-2000:])
        self.assertTrue(all(stat.get("reused") for stat in self.summary(out)["partitions"]))
        self.assert_same_as_plain_scan(out)

    def test_a_worker_killed_mid_run_loses_and_repeats_no_file(self):
        out = os.path.join(self.folder, "out-kill")
        killed = []
        done = threading.Event()

        def kill_one_worker():
            # The Ray worker running a partition is the parent of a `licenselens scan
            # --files-from -` process; kill it (SIGKILL) while that scan runs.
            while not done.is_set() and not killed:
                for pid in os.listdir("/proc"):
                    if not pid.isdigit():
                        continue
                    try:
                        with open("/proc/%s/cmdline" % pid, "rb") as handle:
                            command = handle.read().split(b"\0")
                        with open("/proc/%s/stat" % pid, encoding="utf-8") as handle:
                            parent = int(handle.read().rsplit(")", 1)[1].split()[1])
                        with open("/proc/%d/cmdline" % parent, "rb") as handle:
                            parent_command = handle.read()
                    except (OSError, ValueError, IndexError):
                        continue
                    # This test's scanners run in its folder (the driver's, with
                    # absolute paths); another cluster's are left alone.
                    if command[0] == BIN.encode() and b"--files-from" in command \
                            and b"ray::" in parent_command \
                            and os.readlink("/proc/%s/cwd" % pid) == self.folder:
                        os.kill(parent, signal.SIGKILL)
                        killed.append(parent)
                        break
                time.sleep(0.02)

        watcher = threading.Thread(target=kill_one_worker)
        watcher.start()
        try:
            completed = self.run_driver(out, "--partitions", "12")
        finally:
            done.set()
            watcher.join()
        self.assertEqual(len(killed), 1, "a worker was killed while it scanned")
        self.assertEqual(completed.returncode, 1, completed.stderr.decode()[-2000:])
        self.assert_same_as_plain_scan(out)
        summary = self.summary(out)
        attempts = [stat["attempts"]
                    for stat in summary["partitions"] + summary["rescan_partitions"]]
        self.assertIn(2, attempts, "the killed partition ran again")
        self.assertEqual(glob.glob(os.path.join(out, "work", "*.tmp-*")), [])


if __name__ == "__main__":
    unittest.main()
