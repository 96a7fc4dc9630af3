"""scan-distributed: runs LicenseLens over a file listing on a Ray cluster.

usage: tools/scan-distributed (--files-from LIST | FOLDER...) --out DIR
                              [--address ADDR] [--workers N] [--partitions N]
                              [--bin PATH] [--max-size BYTES] [--retries N] [-- SCAN-OPTIONS]

Steps (each a set of Ray tasks of one CPU, except the planning and the assembly):
  1. size every listed file and hash (SHA-256, in chunks) those whose size and name another
     file shares; keep one path per content and file name;
  2. round one: each partition (whole units, see plan.py) runs the same binary,
     `licenselens scan --files-from - --format jsonl --quiet --jobs 1`, on its units' first
     copies (every file of a unit that is a model repository by its names); its output is
     committed with temp + rename (a retry replaces it);
  3. round two: where round one could not see a model repository whole (a unit with a copy
     left out that may shape its model view, or a folder that is a model candidate by its
     license alone, with its subtree), the binary scans it whole; only its model records
     are kept;
  4. assembly: DIR/parts/part-NNNNN.jsonl per partition, every listed path exactly once (a
     copy gets its first copy's record under its own path), the partition's model records
     after its files; DIR/summary.json (files, unique contents, errors, times, partitions).

Committed outputs of the rounds stay in DIR/work/, named by a digest of their input: running
the same command again after a crash redoes only what is missing. Exit status 1 when a file
has an error (as `licenselens scan`). On a real cluster: tools/README.md.
"""

import argparse
import glob
import json
import os
import sys
import time

os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
# A local cluster on a loaded machine: give Ray's agents time to start (the default, 30 s,
# is not always enough on 2 busy cores; the raylet stops when an agent has not registered).
os.environ.setdefault("RAY_agent_register_timeout_ms", "300000")

from . import assemble, localcluster, plan as planning, tasks  # noqa: E402

PACKAGE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(PACKAGE, "..", "..", ".."))
HASH_CHUNK = 2000


def parse(argv):
    parser = argparse.ArgumentParser(
        prog="scan-distributed",
        usage=__doc__.split("\n\n")[1].replace("usage: ", "", 1),
        description=__doc__.split("\n\n", 2)[2],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Options after -- go to `licenselens scan` (for example --index PATH; not "
        "--format, --jobs or --files-from, which the driver sets).")
    parser.add_argument("folders", nargs="*", help="folders to list (walk order)")
    parser.add_argument("--files-from", help="a listing, one path per line ('-': stdin)")
    parser.add_argument("--out", required=True, help="output folder (parts/, summary.json)")
    parser.add_argument("--address", help="a running cluster (ray start --head prints it); "
                        "default: RAY_ADDRESS, else a local cluster of --workers CPUs")
    parser.add_argument("--workers", type=int, default=os.cpu_count(),
                        help="CPUs of the local cluster started without --address")
    parser.add_argument("--partitions", type=int, default=0,
                        help="partitions (default: 4 per CPU of the cluster)")
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build/release/licenselens"),
                        help="the scanner, at this path on every node")
    parser.add_argument("--max-size", type=int, default=planning.DEFAULT_MAX_SIZE,
                        help="files larger than this are not hashed (nor matched)")
    parser.add_argument("--retries", type=int, default=3, help="attempts after a failure")
    argv = list(argv)
    scan_args = []
    if "--" in argv:
        scan_args = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    args = parser.parse_args(argv)
    if not args.folders and not args.files_from:
        parser.error("give folders or --files-from")
    args.scan_args = scan_args
    if args.max_size != planning.DEFAULT_MAX_SIZE:
        args.scan_args += ["--max-size", str(args.max_size)]
    return args


def listed_paths(args):
    paths = []
    for folder in args.folders:
        paths += planning.list_folder(folder) if os.path.isdir(folder) else [folder]
    if args.files_from:
        handle = sys.stdin if args.files_from == "-" else open(args.files_from, encoding="utf-8",
                                                               errors="surrogateescape")
        paths += planning.read_listing(handle)
    return paths


def connect(args):
    address = args.address or os.environ.get("RAY_ADDRESS")
    if not address or address.split(":")[0] in ("127.0.0.1", "localhost"):
        # A cluster on this machine: keep it on the loopback interface (localcluster.py).
        os.environ.update(localcluster.LOOPBACK_ONLY)
    import ray
    runtime = {"py_modules": [PACKAGE], "env_vars": {"RAY_USAGE_STATS_ENABLED": "0"}}
    if address:
        ray.init(address=address, runtime_env=runtime, log_to_driver=False)
    else:
        ray.init(num_cpus=args.workers, include_dashboard=False, runtime_env=runtime,
                 _node_ip_address="127.0.0.1", log_to_driver=False,
                 object_store_memory=200 << 20)
    return ray


def run_round(ray, args, jobs, work):
    """Runs the partitions of one round that are not committed yet; stats of every one."""
    remote = ray.remote(num_cpus=1, max_retries=args.retries,
                        retry_exceptions=True)(tasks.scan_partition)
    pending, stats = {}, {}
    for spec in jobs:
        if os.path.exists(spec["output"]):
            stats[spec["output"]] = {"output": os.path.basename(spec["output"]),
                                     "paths": len(spec["paths"]), "reused": True}
        else:
            pending[remote.remote(spec)] = spec["output"]
    for result in ray.get(list(pending)):
        stats[os.path.join(work, result["output"])] = result
    return [stats[spec["output"]] for spec in jobs]


def partition_spec(args, work, name, number, paths, size, keep):
    digest = planning.digest_of([args.bin] + args.scan_args + paths)
    return {"output": os.path.join(work, "%s-%05d-%s.jsonl" % (name, number, digest)),
            "paths": paths, "bytes": size, "keep": keep, "bin": args.bin, "cwd": os.getcwd(),
            "scan_args": args.scan_args, "attempts": os.path.join(work, "attempts")}


def main(argv=None):
    args = parse(sys.argv[1:] if argv is None else argv)
    if not os.access(args.bin, os.X_OK):
        sys.exit("scan-distributed: no scanner at %s (swift build -c release, or --bin)"
                 % args.bin)
    started = time.monotonic()
    times = {}
    cpu = {"describe": 0.0}
    paths = listed_paths(args)
    out = os.path.abspath(args.out)
    work = os.path.join(out, "work")
    parts_folder = os.path.join(out, "parts")
    for folder in (work, parts_folder, os.path.join(work, "attempts")):
        os.makedirs(folder, exist_ok=True)
    ray = connect(args)
    cpus = int(ray.cluster_resources().get("CPU", 1))
    times["connect"] = time.monotonic() - started
    # Worker processes start with a job's first tasks (a few seconds each on a busy machine):
    # start one per CPU before timing the work.
    mark = time.monotonic()
    ready = ray.remote(num_cpus=1)(tasks.ready)
    ray.get([ready.remote() for _ in range(cpus)])
    times["workers"] = time.monotonic() - mark

    mark = time.monotonic()
    describe = ray.remote(num_cpus=1, max_retries=args.retries)(tasks.describe_chunk)

    def described(indices, want_hash):
        """plan.describe_file of paths[i] for i in `indices`, in chunks on the cluster."""
        chunks = [indices[i:i + HASH_CHUNK] for i in range(0, len(indices), HASH_CHUNK)]
        results = ray.get([describe.remote([paths[i] for i in chunk], want_hash, args.max_size)
                           for chunk in chunks])
        cpu["describe"] += sum(seconds for _, seconds in results)
        return {i: item for chunk, (items, _) in zip(chunks, results)
                for i, item in zip(chunk, items)}

    first_look = described(list(range(len(paths))), False)
    sizes = [first_look[i][1] for i in range(len(paths))]
    cards = [first_look[i][2] for i in range(len(paths))]
    worth = planning.worth_hashing(paths, sizes)
    times["size"] = time.monotonic() - mark
    mark = time.monotonic()
    hashed = described([i for i in range(len(paths)) if worth[i]], True)
    digests = [hashed[i][0] if i in hashed else None for i in range(len(paths))]
    plan = planning.Plan(paths, digests, sizes, cards, args.partitions or 4 * cpus)
    times["hash"] = time.monotonic() - mark

    mark = time.monotonic()
    first = []
    for number, units in enumerate(plan.partitions):
        scanned = plan.scanned_paths(number)
        size = sum(plan.sizes[i] for unit in units for i in plan.unit_paths[unit]
                   if plan.is_representative(i))
        first.append(partition_spec(args, work, "r1", number, scanned, size, "all"))
    first_stats = run_round(ray, args, first, work)
    times["round1"] = time.monotonic() - mark

    mark = time.monotonic()
    outputs = [split_output(spec) for spec in first]
    records = {}
    for files, _ in outputs:
        records.update(files)
    groups = assemble.rescan_groups(plan, records,
                                    [folder for _, models in outputs for folder, _ in models])
    rescan = [unit for group in groups for unit in group]
    group_bytes = {number: sum(plan.sizes[i] for unit in group for i in plan.unit_paths[unit])
                   for number, group in enumerate(groups)}
    second = []
    for number, packed in enumerate(planning.pack(list(group_bytes), group_bytes, 4 * cpus)):
        units = [unit for group in packed for unit in groups[group]]
        second.append(partition_spec(args, work, "r2", number, plan.all_paths(units),
                                     sum(group_bytes[group] for group in packed), "models"))
    second_stats = run_round(ray, args, second, work)
    rescanned_models = {}
    for spec in second:
        for folder, line in split_output(spec)[1]:
            unit = plan.unit_of(folder)
            rescanned_models.setdefault(unit, []).append(line)
    times["round2"] = time.monotonic() - mark

    mark = time.monotonic()
    rescanned = set(rescan)
    errors = records_written = model_records = 0
    part_names = []
    for number, units in enumerate(plan.partitions):
        _, models = outputs[number]
        models_by_unit = {}
        for folder, line in models:
            models_by_unit.setdefault(plan.unit_of(folder), []).append(line)
        lines = []
        for unit in units:
            for i in plan.unit_paths[unit]:
                path = plan.paths[i]
                if path in records:
                    lines.append(records[path])
                    continue
                representative = plan.representative[plan.keys[i]]
                lines.append(assemble.restore(records[representative],
                                              representative, path))
            lines += (rescanned_models if unit in rescanned else models_by_unit).get(unit, [])
        name = os.path.join(parts_folder, "part-%05d.jsonl" % number)
        assemble.write_atomically(name, lines)
        part_names.append(name)
        errors += assemble.count_errors(lines)
        model_records += sum(1 for line in lines if line.startswith(assemble.MODEL_PREFIX))
        records_written += len(lines)
    for stale in set(glob.glob(os.path.join(parts_folder, "part-*.jsonl"))) - set(part_names):
        os.unlink(stale)
    for leftover in glob.glob(os.path.join(work, "*.tmp-*")):
        os.unlink(leftover)
    times["assemble"] = time.monotonic() - mark
    times["total"] = time.monotonic() - started

    cpu["scan"] = sum(stat.get("cpu_seconds", 0) for stat in first_stats + second_stats)
    attempts = {}
    for marker in os.listdir(os.path.join(work, "attempts")):
        output = marker.split(".jsonl.")[0] + ".jsonl"
        attempts[output] = attempts.get(output, 0) + 1
    for stat in first_stats + second_stats:
        stat["attempts"] = attempts.get(stat["output"], 0)
    summary = {
        "files": len(paths), "unique_contents": plan.unique_contents,
        "bytes": sum(sizes), "unique_bytes": _unique_bytes(plan), "hashed": len(hashed),
        "files_with_errors": errors, "records": records_written,
        "model_records": model_records,
        "units": len(plan.unit_paths), "units_rescanned": len(rescan),
        "rescan_groups": len(groups), "cpus": cpus,
        "seconds": {key: round(value, 3) for key, value in times.items()},
        # CPU seconds of the work: the tasks' own and their scanners' (Ray's daemons left out).
        "cpu_seconds": {key: round(value, 3) for key, value in cpu.items()},
        "partitions": first_stats, "rescan_partitions": second_stats,
        "parts": [os.path.relpath(name, out) for name in part_names],
    }
    assemble.write_atomically(os.path.join(out, "summary.json"),
                              [(json.dumps(summary, indent=1) + "\n").encode()])
    print("scan-distributed: %d files, %d unique contents, %d partitions (%d units rescanned "
          "for the model view), %d files with errors, %.1f s; %s/parts/, %s/summary.json"
          % (len(paths), plan.unique_contents, len(plan.partitions), len(rescan), errors,
             times["total"], args.out, args.out), file=sys.stderr)
    ray.shutdown()
    return 1 if errors else 0


def _unique_bytes(plan):
    return sum(plan.sizes[i] for i in range(len(plan.paths)) if plan.is_representative(i))


def split_output(spec):
    return assemble.split_records(assemble.read_lines(spec["output"]), spec["paths"])
