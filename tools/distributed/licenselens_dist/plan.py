"""The plan of a distributed scan: which paths, which contents, which partitions.

Everything here is plain Python on lists of paths and digests (no Ray), so the tests can
check it directly. The driver (driver.py) runs the steps on a cluster.

Terms:
  key        what the scanner's file record depends on: the content's SHA-256 and the file's
             name (the name decides whether a file is a license, a policy, a NOTICE or a model
             card). Only files whose size and name another file shares are hashed; the others,
             and files that cannot be hashed (unreadable, larger than --max-size, weights),
             get a key of their own, so the scanner reports them under their own path.
  unit       the shallowest folder on a path's way down that directly holds a file that makes
             it a model repository or candidate by its name (a card, weights, a model
             configuration, a policy or NOTICE: see shapes_model_view), else the path's own
             folder.
             A unit goes to one partition whole, in listing order, so the scanner sees whole
             model repositories (a repository is a folder with its subtree, and a candidate
             joins a repository or candidate above it, which holds such a file).
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


def describe_file(path, want_hash, max_size=DEFAULT_MAX_SIZE):
    """(sha256 hex or None, size, front matter) of the file at `path`. The SHA-256 only with
    `want_hash`, for a readable file of at most `max_size` bytes that is not weights (the
    scanner reads only their header); front matter says whether a README opens with a `---`
    line (a model card). An unreadable file has size 0."""
    try:
        size = os.path.getsize(path)
        name = file_name(path)
        card = False
        if is_card_candidate(name):
            with open(path, "rb") as handle:
                first = handle.read(64).removeprefix(b"\xef\xbb\xbf")
            card = first.split(b"\n", 1)[0].rstrip() == b"---"
        if not want_hash or size > max_size or is_weight_name(name):
            return None, size, card
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while True:
                block = handle.read(1 << 20)
                if not block:
                    break
                digest.update(block)
        return digest.hexdigest(), size, card
    except OSError:
        return None, 0, False


def worth_hashing(paths, sizes):
    """Which paths to hash: only a file whose size and name another file shares can have a
    copy (the key is the content and the name)."""
    count = {}
    for path, size in zip(paths, sizes):
        count[(size, file_name(path))] = count.get((size, file_name(path)), 0) + 1
    return [count[(size, file_name(path))] > 1 for path, size in zip(paths, sizes)]


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


CONFIG_NAMES = {"config.json", "params.json", "model_index.json", "adapter_config.json"}
WEIGHT_EXTENSIONS = {"safetensors", "gguf", "pt", "pth", "ckpt", "onnx", "msgpack", "h5"}
WEIGHT_BIN_WORDS = ("model", "consolidated", "weights", "checkpoint", "ckpt", "adapter")


def is_card_candidate(name):
    return name.lower() in ("readme.md", "readme")


def document_kind(name):
    """"policy", "notice", "license" or None from a file name alone (the name rules of
    DocumentKind.infer; a file named otherwise can still be a license by its content)."""
    upper = name.upper()
    if "POLICY" in upper or "AUP" in upper:
        return "policy"
    if upper.startswith("NOTICE"):
        return "notice"
    if upper.startswith(("LICEN", "COPYING")) or "TERMS" in upper or "EULA" in upper or (
            "LICEN" in upper):
        return "license"
    return None


def is_weight_name(name):
    """Whether the scanner takes a file of this name for weights (WeightFile.format)."""
    lower = name.lower()
    extension = lower.rsplit(".", 1)[-1] if "." in lower else ""
    return extension in WEIGHT_EXTENSIONS or (
        extension == "bin" and any(word in lower for word in WEIGHT_BIN_WORDS))


def shapes_model_view(name, front_matter=False):
    """Whether a file of this name can make its folder a model repository or candidate
    (ModelGrouping) whatever its content: a model card, weights, a model configuration, a use
    policy or a NOTICE. (A license makes a candidate only when it carries its own use policy,
    which only the scan can tell: see assemble.rescan_groups.)"""
    return (front_matter or name.lower() in CONFIG_NAMES or is_weight_name(name)
            or document_kind(name) in ("policy", "notice"))


def unit_roots(paths, front_matter):
    """Folders that directly hold a file that shapes the model view."""
    return {folder_of(path) for path, card in zip(paths, front_matter)
            if shapes_model_view(file_name(path), card)}


def unit_of(folder, roots, cache):
    """The shallowest root on the way from the top down to `folder`, else `folder` itself."""
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
    found = folder
    for ancestor in reversed(chain):
        if ancestor in roots:
            found = ancestor
            break
    cache[folder] = found
    return found


def is_within(folder, ancestor):
    """Whether `folder` is `ancestor` or below it (ModelGrouping.contains)."""
    if folder == ancestor or ancestor == ".":
        return True
    if ancestor == "/":
        return folder.startswith("/")
    return folder.startswith(ancestor + "/")


class Plan:
    """The dedup and partition plan of one scan.

    paths        every listed path, in listing order
    keys         the key of each path
    representative[key]  the first path with that key (the one the scanner reads)
    units        the unit of each path
    partitions   lists of unit names; each unit's paths are in `unit_paths[unit]`
    """

    def __init__(self, paths, digests, sizes, front_matter, partitions):
        self.paths = paths
        self.sizes = sizes
        self.keys = [content_key(path, digest) for path, digest in zip(paths, digests)]
        self.representative = {}
        for path, key in zip(paths, self.keys):
            self.representative.setdefault(key, path)
        self.roots = unit_roots(paths, front_matter)
        self.unit_cache = {}
        self.units = [self.unit_of(folder_of(path)) for path in paths]
        self.unit_paths = {}
        unit_bytes = {}
        for index, (path, unit) in enumerate(zip(paths, self.units)):
            self.unit_paths.setdefault(unit, []).append(index)
            if self.is_representative(index) or unit in self.roots:
                unit_bytes[unit] = unit_bytes.get(unit, 0) + sizes[index]
        self.partitions = pack(list(self.unit_paths), unit_bytes, partitions)

    def unit_of(self, folder):
        """The unit of a folder (of a path, or of a model record)."""
        return unit_of(folder, self.roots, self.unit_cache)

    def is_representative(self, index):
        return self.representative[self.keys[index]] == self.paths[index]

    @property
    def unique_contents(self):
        return len(self.representative)

    def scanned_paths(self, partition):
        """The paths the scanner reads in round one, in listing order: every path of a unit
        root (a model repository or candidate by its names, whose model view needs all its
        files), the representatives of the other units."""
        return [self.paths[i] for i in sorted(i for unit in self.partitions[partition]
                                              for i in self.unit_paths[unit])
                if self.is_representative(i) or self.units[i] in self.roots]

    def all_paths(self, units):
        """Every path of `units`, in listing order (round two)."""
        return [self.paths[i] for i in sorted(i for unit in units for i in self.unit_paths[unit])]


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
