"""The plan of a distributed scan: which paths, which contents, which partitions.

Everything here is plain Python on lists of paths and digests (no Ray), so the tests can
check it directly. The driver (driver.py) runs the steps on a cluster.

Terms:
  key        what the scanner's file record depends on: the content's SHA-256 and the file's
             name (the name decides whether a file is a license, a policy, a NOTICE or a model
             card). Files that could not be hashed (unreadable, larger than --max-size) get a
             key of their own, so the scanner reports them under their own path.
  unit       the shallowest folder on a path's way down that holds files directly: everything
             below it goes to one partition, in listing order, so the scanner sees whole model
             repositories (a repository is a folder with its subtree, and a candidate joins a
             repository above it, which holds files of its own).
  partition  units packed in listing order up to a byte budget; one scanner run.
"""

import hashlib
import os

# Folders the scanner never walks (PathWalker.skippedFolders).
SKIPPED_FOLDERS = {".git", ".hg", ".svn", ".bzr", "_darcs", "CVS"}
# The scanner's default --max-size (FileReader.defaultMaximumSize).
DEFAULT_MAX_SIZE = 256 << 20


def list_folder(root):
    """The regular files under `root`, depth first in name order, as the scanner walks them
    (version-control folders skipped; symbolic links are left out, as the scanner does not
    follow them inside a folder)."""
    found = []

    def walk(folder):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return
        for name in names:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                continue
            if os.path.isdir(path):
                if name not in SKIPPED_FOLDERS:
                    walk(path)
            elif os.path.isfile(path):
                found.append(path)

    walk(root.rstrip("/") or "/")
    return found


def read_listing(lines):
    """Paths from a listing, one per line, in order; blank lines ignored."""
    return [line.rstrip("\r\n") for line in lines if line.strip()]


def hash_file(path, max_size=DEFAULT_MAX_SIZE):
    """(sha256 hex, size) of the file at `path`; sha256 is None when the file cannot be read
    or is larger than `max_size` (the scanner then reports it under its own path)."""
    try:
        size = os.path.getsize(path)
        if size > max_size:
            return None, size
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while True:
                block = handle.read(1 << 20)
                if not block:
                    break
                digest.update(block)
        return digest.hexdigest(), size
    except OSError:
        return None, 0


def file_name(path):
    return path.rsplit("/", 1)[-1]


def folder_of(path):
    """Everything before the last '/', '.' for a bare name (ModelGrouping.folder(of:))."""
    slash = path.rfind("/")
    if slash < 0:
        return "."
    return "/" if slash == 0 else path[:slash]


def content_key(path, sha256):
    """The dedup key of a file: its content and name, or the path itself when unhashed."""
    if sha256 is None:
        return "path:" + path
    return sha256 + "/" + file_name(path)


def units_of(paths):
    """The unit of each path (see the module doc), in the order of `paths`."""
    holding = {folder_of(path) for path in paths}
    cache = {}
    return [unit_of(folder_of(path), holding, cache) for path in paths]


def unit_of(folder, holding, cache):
    """The shallowest folder holding files on the way from the top down to `folder`."""
    if folder in cache:
        return cache[folder]
    chain = []
    current = folder
    while True:
        chain.append(current)
        parent = folder_of(current)
        if parent == current or current in (".", "/"):
            break
        current = parent
    found = None
    for ancestor in reversed(chain):
        if ancestor in holding:
            found = ancestor
            break
    found = found or folder
    cache[folder] = found
    return found


class Plan:
    """The dedup and partition plan of one scan.

    paths        every listed path, in listing order
    keys         the key of each path
    representative[key]  the first path with that key (the one the scanner reads)
    units        the unit of each path
    partitions   lists of unit names; each unit's paths are in `unit_paths[unit]`
    """

    def __init__(self, paths, digests, sizes, partitions):
        self.paths = paths
        self.sizes = sizes
        self.keys = [content_key(path, digest) for path, digest in zip(paths, digests)]
        self.representative = {}
        for path, key in zip(paths, self.keys):
            self.representative.setdefault(key, path)
        self.units = units_of(paths)
        self.unit_paths = {}
        unit_bytes = {}
        for index, (path, unit) in enumerate(zip(paths, self.units)):
            self.unit_paths.setdefault(unit, []).append(index)
            if self.is_representative(index):
                unit_bytes[unit] = unit_bytes.get(unit, 0) + sizes[index]
        self.partitions = pack(list(self.unit_paths), unit_bytes, partitions)

    def is_representative(self, index):
        return self.representative[self.keys[index]] == self.paths[index]

    @property
    def unique_contents(self):
        return len(self.representative)

    def scanned_paths(self, partition):
        """The paths the scanner reads in round one: each unit's representatives."""
        return [self.paths[i] for unit in self.partitions[partition]
                for i in self.unit_paths[unit] if self.is_representative(i)]

    def all_paths(self, units):
        """Every path of `units`, in listing order (round two)."""
        return [self.paths[i] for unit in units for i in self.unit_paths[unit]]


def pack(units, unit_bytes, partitions):
    """Units in order, cut into at most `partitions` runs of about equal bytes."""
    total = sum(unit_bytes.values()) or 1
    budget = total / max(1, partitions)
    result, current, filled = [], [], 0
    for unit in units:
        current.append(unit)
        filled += unit_bytes.get(unit, 0)
        if filled >= budget * (len(result) + 1) and len(result) < partitions - 1:
            result.append(current)
            current = []
    if current:
        result.append(current)
    return result


def digest_of(lines):
    """A short digest of a partition's input (its paths and options), naming its outputs so a
    re-run with other input never reuses them."""
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8", "surrogateescape"))
        digest.update(b"\n")
    return digest.hexdigest()[:16]
