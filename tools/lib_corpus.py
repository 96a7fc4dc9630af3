"""Shared helpers for the LicenseLens evaluation tools (tools/make-variants, tools/self-identify,
tools/eval-variants, tools/eval-clean): reading the fetched LicenseDB corpus, and running the
`licenselens` CLI.

Standard library only. The corpus itself is never copied anywhere under version control: the
tools read it from license-corpus/scancode (git-ignored) and write their output to out/ or a
temp dir (also git-ignored).
"""

import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CORPUS = os.path.join(REPO_ROOT, "license-corpus", "scancode")
DEFAULT_BIN = os.path.join(REPO_ROOT, ".build", "release", "licenselens")


def _unquote(value):
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        inner = value[1:-1]
        return inner.replace("''", "'") if value[0] == "'" else inner.replace('\\"', '"')
    return value


def split_front_matter(content):
    """Returns (scalars, lists, text) for a LicenseDB file: top-level scalar fields, top-level
    list fields, and the text after the closing `---` line. Block scalars are skipped."""
    lines = content.split("\n")
    scalars, lists = {}, {}
    if not lines or lines[0].rstrip() != "---":
        return scalars, lists, content
    current_list, in_block = None, False
    index = 1
    while index < len(lines):
        line = lines[index]
        index += 1
        if line.rstrip() == "---":
            break
        if line[:1] in (" ", "\t"):
            if current_list and not in_block:
                item = line.strip()
                if item.startswith("- ") or item == "-":
                    lists.setdefault(current_list, []).append(_unquote(item[1:]))
            continue
        in_block, current_list = False, None
        if ":" not in line:
            continue
        key, value = line.split(":", 1)
        value = value.strip()
        if not value:
            current_list = key
        elif value in ("|", ">") or value.startswith("|-") or value.startswith(">-"):
            in_block, current_list = True, key
        else:
            scalars[key] = _unquote(value)
    return scalars, lists, "\n".join(lines[index:])


def _flag(scalars, key):
    return scalars.get(key, "").lower() in ("yes", "true")


def strip_required_marks(text):
    return text.replace("{{", "").replace("}}", "")


class License:
    __slots__ = ("key", "spdx", "name", "category", "deprecated", "exception", "text")

    def __init__(self, key, spdx, name, category, deprecated, exception, text):
        self.key, self.spdx, self.name, self.category = key, spdx, name, category
        self.deprecated, self.exception, self.text = deprecated, exception, text


class Rule:
    __slots__ = ("ident", "expression", "kind", "relevance", "deprecated", "text")

    def __init__(self, ident, expression, kind, relevance, deprecated, text):
        self.ident, self.expression, self.kind = ident, expression, kind
        self.relevance, self.deprecated, self.text = relevance, deprecated, text


def _read(path):
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()


def check_corpus(corpus):
    if not os.path.isdir(os.path.join(corpus, "licenses")):
        sys.exit(f"corpus not found at {corpus}: run tools/fetch-corpus first")


def load_licenses(corpus):
    """All licenses in the corpus, sorted by key. The scanner's id for a license is its
    spdx_license_key, or LicenseRef-scancode-<key> when it has none."""
    check_corpus(corpus)
    folder = os.path.join(corpus, "licenses")
    result = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".LICENSE"):
            continue
        scalars, _lists, text = split_front_matter(_read(os.path.join(folder, name)))
        key = scalars.get("key") or name[: -len(".LICENSE")]
        spdx = scalars.get("spdx_license_key") or f"LicenseRef-scancode-{key}"
        result.append(License(
            key, spdx, scalars.get("name", key), scalars.get("category", "Unstated License"),
            _flag(scalars, "is_deprecated"), _flag(scalars, "is_exception"),
            strip_required_marks(text).strip("\n")))
    return result


def load_rules(corpus):
    """All rules in the corpus, sorted by file name. kind is one of false_positive, text,
    notice, tag, intro, clue, reference (the first flag set, in that order). A missing
    relevance counts as 100."""
    check_corpus(corpus)
    folder = os.path.join(corpus, "rules")
    result = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".RULE"):
            continue
        scalars, _lists, text = split_front_matter(_read(os.path.join(folder, name)))
        kind = "reference"
        for flag, label in (("is_false_positive", "false_positive"), ("is_license_text", "text"),
                            ("is_license_notice", "notice"), ("is_license_tag", "tag"),
                            ("is_license_intro", "intro"), ("is_license_clue", "clue"),
                            ("is_license_reference", "reference")):
            if _flag(scalars, flag):
                kind = label
                break
        try:
            relevance = int(scalars.get("relevance", "100"))
        except ValueError:
            relevance = 100
        result.append(Rule(name[: -len(".RULE")], scalars.get("license_expression", ""), kind,
                           relevance, _flag(scalars, "is_deprecated"),
                           strip_required_marks(text).strip("\n")))
    return result


# Words a LicenseDB key shares with keys of unrelated licenses, left out of its family name.
_FAMILY_FILLER = {"license", "licence", "agreement", "terms", "v", "eula", "la", "tou", "sla"}


def license_family(key):
    """The family of a LicenseDB key: its first two words without digits or filler words
    (`llama-2-license-2023` and `llama-3.1-license-2024` are both `llama`); every RAIL
    variant is `rail`. The clause labels are split into tune and holdout by family, so every
    tool that keeps the halves apart must use this one rule."""
    if "rail" in key.split("-"):
        return "rail"
    tokens = [t for t in key.split("-")
              if t and not re.search(r"\d", t) and t not in _FAMILY_FILLER]
    return "-".join(tokens[:2]) or key


def family_split(family):
    """The half a license family belongs to in the clause labels, `tune` or `holdout`: by a
    hash of its name, so that it never moves when a sample grows."""
    return "tune" if hashlib.sha256(family.encode()).digest()[0] % 2 == 0 else "holdout"


def normalized(text):
    """Lowercased text with whitespace runs collapsed to one space."""
    return " ".join(text.lower().split())


WORD_RE = re.compile(r"[a-z0-9]+")


def words(text):
    return WORD_RE.findall(text.lower())


# ---------------------------------------------------------------------------------------------
# Debian copyright files

DEBIAN_GLOB = "/usr/share/doc/*/copyright"


def debian_copyright_files(folder):
    """The files under folder (any depth). An empty or missing folder is first filled with
    this machine's Debian copyright files (DEBIAN_GLOB), one copy per package named
    PACKAGE.copyright, links followed; dangling or unreadable ones are left out."""
    if not os.path.isdir(folder) or not os.listdir(folder):
        os.makedirs(folder, exist_ok=True)
        for source in sorted(glob.glob(DEBIAN_GLOB)):
            package = os.path.basename(os.path.dirname(source))
            try:
                shutil.copyfile(source, os.path.join(folder, package + ".copyright"))
            except OSError:
                pass
    return sorted(os.path.join(root, name) for root, _, names in os.walk(folder) for name in names)


# ---------------------------------------------------------------------------------------------
# Running the CLI

def checkout(binary):
    """The checkout a licenselens binary belongs to (the folder above its .build), from which
    it runs so that it reads its own index, clause catalog and profile; the working directory
    when the binary lies outside any checkout."""
    folder = os.path.dirname(os.path.abspath(binary))
    while folder != "/" and not os.path.isdir(os.path.join(folder, ".build")):
        folder = os.path.dirname(folder)
    return folder if folder != "/" else os.getcwd()


def run_scan(binary, paths, log=None, extra=()):
    """Runs `binary scan PATHS --format jsonl EXTRA...` and returns (records, exit_code,
    stderr). records is a list of dicts, one per output line (scanned files, and the model
    objects a folder scan may add). Exits, with the scanner's error, when the scan exits 2
    (a usage error, or an index or clause catalog it cannot use)."""
    if not os.path.exists(binary):
        sys.exit(f"licenselens binary not found at {binary}: build it with "
                 "`swift build -c release` or pass --bin")
    command = [binary, "scan", *paths, "--format", "jsonl", *extra]
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    records = []
    bad = 0
    for line in proc.stdout.decode("utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            bad += 1
    if bad and log:
        print(f"warning: {bad} output lines were not JSON", file=log)
    if proc.returncode == 2:
        # Usage error, or an index or clause catalog that cannot be used: no figure computed
        # from this run would mean anything.
        error = proc.stderr.decode("utf-8", errors="replace").strip()
        sys.exit(f"`{' '.join(command[:3])} ...` failed (exit 2): {error[-2000:]}")
    if proc.returncode not in (0, 1):
        print(f"warning: `{' '.join(command[:3])} ...` exited {proc.returncode}", file=sys.stderr)
    return records, proc.returncode, proc.stderr.decode("utf-8", errors="replace")


def relative_to(path, root):
    """The scanned path relative to root, whether the CLI printed it absolute, relative to
    the working directory, or already relative to root."""
    candidates = [path, os.path.join(os.getcwd(), path)]
    root_abs = os.path.realpath(root)
    for candidate in candidates:
        full = os.path.realpath(candidate)
        if full.startswith(root_abs + os.sep):
            return os.path.relpath(full, root_abs)
    if os.path.exists(os.path.join(root, path)):
        return os.path.normpath(path)
    return os.path.normpath(path)


def license_ids(record):
    """The set of SPDX ids a scan record reports."""
    return {entry.get("spdx") or "" for entry in record.get("licenses") or []} - {""}
