"""The work a cluster worker does: describe (size, SHA-256) a chunk of the listing, scan one
partition.

Both are plain functions (the driver wraps them with ray.remote), so a retried task simply
runs them again. A partition's output is committed atomically: the scanner writes into a
temporary file beside the target, which is checked (one file record per path sent), flushed
to disk and renamed over the target. A killed attempt leaves at most a temporary file, never a
partial target, and a retry replaces the target rather than adding to it.
"""

import json
import os
import resource
import socket
import subprocess
import time
import uuid

from . import plan
from .assemble import MODEL_PREFIX


def ready():
    """Nothing, after a moment: run once per CPU, it has the job's workers started."""
    time.sleep(0.2)
    return os.getpid()


def describe_chunk(paths, want_hash, max_size):
    """[(sha256 or None, size, front matter)] for `paths`, in order (plan.describe_file), and
    the CPU seconds it took."""
    started = time.process_time()
    items = [plan.describe_file(path, want_hash, max_size) for path in paths]
    return items, time.process_time() - started


class PartitionFailed(Exception):
    """The scanner's output for a partition is not complete (the task is retried)."""


def scan_partition(spec):
    """Runs `licenselens scan --files-from - --format jsonl --quiet` over spec["paths"] and
    commits its output to spec["output"]. spec["keep"] is "all" (round one: every record) or
    "models" (round two: only the "kind": "model" records). Returns the partition's stats."""
    output = spec["output"]
    attempts_folder = spec.get("attempts")
    if attempts_folder:
        # One marker per attempt, so the summary can say which partitions were retried.
        marker = "%s.%s.%d.%s" % (os.path.basename(output), socket.gethostname(), os.getpid(),
                                  uuid.uuid4().hex[:8])
        open(os.path.join(attempts_folder, marker), "w").close()
    started = time.monotonic()
    cpu_started = time.process_time() + _children_cpu()
    temporary = "%s.tmp-%d-%s" % (output, os.getpid(), uuid.uuid4().hex[:8])
    command = [spec["bin"], "scan", "--files-from", "-", "--format", "jsonl", "--quiet",
               "--jobs", str(spec.get("jobs", 1))] + spec.get("scan_args", [])
    listing = "".join(path + "\n" for path in spec["paths"]).encode("utf-8", "surrogateescape")
    try:
        with open(temporary, "wb") as sink:
            completed = subprocess.run(command, input=listing, stdout=sink,
                                       stderr=subprocess.PIPE, cwd=spec["cwd"])
        # 0: every file read; 1: some file could not be read (reported in its record).
        if completed.returncode not in (0, 1):
            raise PartitionFailed("%s: licenselens exited %d: %s" % (
                os.path.basename(output), completed.returncode,
                completed.stderr.decode("utf-8", "replace").strip()[-500:]))
        records, models, errors, kept = _check(temporary, spec)
        if records != len(spec["paths"]):
            raise PartitionFailed("%s: %d file records for %d paths" % (
                os.path.basename(output), records, len(spec["paths"])))
        if spec["keep"] == "models":
            _keep_models(temporary, kept)
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, output)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return {"output": os.path.basename(output), "paths": len(spec["paths"]),
            "bytes": spec.get("bytes", 0), "file_records": records, "model_records": models,
            "files_with_errors": errors, "seconds": round(time.monotonic() - started, 3),
            "cpu_seconds": round(time.process_time() + _children_cpu() - cpu_started, 3),
            "host": socket.gethostname(), "pid": os.getpid()}


def _children_cpu():
    """CPU seconds (user and system) of this process's finished children: the scanners."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _check(path, spec):
    """Counts the file and model records of a raw output; keeps the model lines asked for."""
    records = models = errors = 0
    kept = []
    with open(path, "rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                raise PartitionFailed("%s: truncated output" % os.path.basename(spec["output"]))
            if line.startswith(MODEL_PREFIX):
                models += 1
                if spec["keep"] == "models":
                    kept.append(line)
                continue
            records += 1
            if b'"errors":[]' not in line and json.loads(line).get("errors"):
                errors += 1
    return records, models, errors, kept


def _keep_models(path, lines):
    with open(path, "wb") as handle:
        handle.writelines(lines)
