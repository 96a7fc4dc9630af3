"""Tests of the distributed driver's plan and assembly (no cluster): dedup keys, units,
partitions, and how a copy gets its first copy's record."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

TOOLS = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ROOT = os.path.dirname(TOOLS)
sys.path.insert(0, os.path.join(TOOLS, "distributed"))
from licenselens_dist import assemble, plan  # noqa: E402

BIN = os.path.join(ROOT, ".build", "release", "licenselens")
MIT_LIKE = ("Permission is hereby granted, free of charge, to any person obtaining a copy of "
            "this software, to deal in the Software without restriction, including without "
            "limitation the rights to use, copy, modify, merge, publish, distribute, "
            "sublicense, and/or sell copies of the Software.\n")


class PlanTests(unittest.TestCase):
    def test_copies_share_a_key_only_with_the_same_name(self):
        digest = "ab" * 32
        self.assertEqual(plan.content_key("a/LICENSE", digest),
                         plan.content_key("b/c/LICENSE", digest))
        self.assertNotEqual(plan.content_key("a/LICENSE", digest),
                            plan.content_key("a/README.md", digest))
        self.assertNotEqual(plan.content_key("a/x", None), plan.content_key("b/x", None))

    def test_units_follow_the_folders_a_model_view_reads(self):
        paths = ["mirror/README.md", "mirror/org/m1/README.md", "mirror/org/m1/LICENSE",
                 "mirror/org/m1/unet/model.safetensors", "mirror/org/m1/src/a.py",
                 "mirror/p/LICENSE", "mirror/p/src/b.c", "mirror/q/NOTICE", "mirror/q/x/y.c"]
        # Only m1's README is a card (front matter); the mirror's README is not.
        cards = [path == "mirror/org/m1/README.md" for path in paths]
        digests = ["%064x" % number for number in range(len(paths))]
        built = plan.Plan(paths, digests, [10] * len(paths), cards, 3)
        self.assertEqual(built.units, [
            "mirror", "mirror/org/m1", "mirror/org/m1", "mirror/org/m1", "mirror/org/m1",
            "mirror/p", "mirror/p/src", "mirror/q", "mirror/q"])
        self.assertEqual(len(built.partitions), 3)
        self.assertEqual(sorted(unit for part in built.partitions for unit in part),
                         sorted(set(built.units)))

    def test_the_first_copy_is_scanned_and_the_others_restored(self):
        paths = ["a/LICENSE", "b/LICENSE", "c/COPYING"]
        digests = ["1" * 64, "1" * 64, "1" * 64]
        built = plan.Plan(paths, digests, [5, 5, 5], [False] * 3, 1)
        self.assertEqual(built.unique_contents, 2)
        self.assertEqual(built.scanned_paths(0), ["a/LICENSE", "c/COPYING"])

    def test_pack_keeps_order_and_spreads_bytes(self):
        units = ["u%d" % number for number in range(10)]
        packed = plan.pack(units, {unit: 100 for unit in units}, 4)
        self.assertEqual([unit for part in packed for unit in part], units)
        self.assertEqual(len(packed), 4)
        self.assertLessEqual(max(len(part) for part in packed), 3)


@unittest.skipUnless(os.access(BIN, os.X_OK), "needs the release build (tools/setup)")
class RestoreTests(unittest.TestCase):
    def test_a_restored_record_equals_the_copys_own(self):
        folder = tempfile.mkdtemp(prefix="ll-restore-")
        paths = []
        for name in ("one", "two:odd \"name\""):
            path = os.path.join(folder, name, "LICENSE")
            os.makedirs(os.path.dirname(path))
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(MIT_LIKE)
            paths.append(path)
        completed = subprocess.run(
            [BIN, "scan", "--files-from", "-", "--format", "jsonl", "--quiet"],
            input="".join(path + "\n" for path in paths).encode(), capture_output=True,
            check=True)
        first, second = completed.stdout.splitlines(keepends=True)
        self.assertIn(paths[0].encode(), first.split(b'"path":', 2)[-1])  # also past "path"
        restored = assemble.restore(first, paths[0], paths[1])
        self.assertEqual(json.loads(restored), json.loads(second))
        self.assertEqual(restored, second)


if __name__ == "__main__":
    unittest.main()
