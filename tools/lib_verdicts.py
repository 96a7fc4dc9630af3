"""Shared helpers for the verdict and clause evaluation tools (tools/eval-categories,
tools/eval-clause-labels): writing corpus texts to a scan folder, running one
`licenselens scan DIR --format jsonl --jobs N` call, and reading the verdict and clause fields
of its records, including the optional ones (`verdict.disagrees_with_reference`,
`verdict.differs_from`, `verdict.freedoms.X.evidence`) when the scanner writes them.

Standard library only. Texts go to a temp dir (or a --keep dir the caller names), never under
version control.
"""

import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib_corpus  # noqa: E402

FREEDOMS = ("use", "study", "modify", "share")
CLASSES = ("osi-approved-open-source", "open-but-not-osi-approved", "restricted-open-weights",
           "non-commercial", "proprietary-or-unknown")
FREE_CLASSES = ("osi-approved-open-source", "open-but-not-osi-approved")
NO_VERDICT = "no verdict"
RESTRICTIVE = ("blocks", "caution")


# ---------------------------------------------------------------------------------------------
# Scan folder

def make_folder(keep, prefix):
    """The folder to write texts to: --keep DIR emptied and created, else a new temp dir."""
    if keep:
        folder = os.path.abspath(keep)
        if os.path.exists(folder):
            shutil.rmtree(folder)
        os.makedirs(folder)
        return folder
    return tempfile.mkdtemp(prefix=prefix)


def write_text(path, text):
    """Writes text with LF line ends and one final newline (the line numbers stay those of
    lib_corpus's text split on "\\n")."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text.strip("\n") + "\n")


def scan(binary, folder, jobs, log=sys.stderr):
    """Runs `binary scan FOLDER --format jsonl --jobs JOBS --quiet` (lib_corpus.run_scan) and
    returns (records, exit_code, stderr, seconds). Records of `"kind": "model"` (the combined
    verdict a folder scan may add after a folder's files) are left out."""
    started = time.monotonic()
    records, code, stderr = lib_corpus.run_scan(
        binary, [folder], log=log, extra=("--jobs", str(jobs), "--quiet"))
    elapsed = time.monotonic() - started
    records = [r for r in records if isinstance(r, dict) and r.get("kind") != "model"]
    return records, code, stderr, elapsed


def check_exit(code, stderr):
    """Stops on a scan that failed as a whole (exit status other than 0 or 1)."""
    if code not in (0, 1):
        sys.stderr.write(stderr[-4000:])
        sys.exit(f"scan failed with exit code {code}")
    if code == 1:
        print("warning: the scan could not read some files (exit 1)", file=sys.stderr)


def relative_path(path, root):
    """The record's path relative to the scanned folder (lib_corpus.relative_to)."""
    return lib_corpus.relative_to(path, root)


# ---------------------------------------------------------------------------------------------
# Record fields

def verdict_of(record):
    verdict = record.get("verdict")
    return verdict if isinstance(verdict, dict) else None


def verdict_class(record):
    verdict = verdict_of(record)
    if verdict is None:
        return NO_VERDICT
    return str(verdict.get("class") or NO_VERDICT)


def freedom(verdict, name):
    freedoms = verdict.get("freedoms") if verdict else None
    value = freedoms.get(name) if isinstance(freedoms, dict) else None
    return value if isinstance(value, dict) else {}


def all_granted(record):
    verdict = verdict_of(record)
    return verdict is not None and all(
        freedom(verdict, name).get("status") == "granted" for name in FREEDOMS)


def license_ids(record):
    """The reported SPDX ids, in order, each once."""
    seen = []
    for entry in record.get("licenses") or []:
        spdx = entry.get("spdx") if isinstance(entry, dict) else None
        if spdx and spdx not in seen:
            seen.append(spdx)
    return seen


def clauses(record, severities=None):
    """The record's clauses (dicts), optionally only those of the given severities."""
    result = []
    for clause in record.get("clauses") or []:
        if not isinstance(clause, dict):
            continue
        if severities is None or clause.get("severity") in severities:
            result.append(clause)
    return result


def lines_of(item):
    """(start, end) of a clause, or None when it has no line numbers."""
    try:
        start = int(item.get("start_line"))
    except (TypeError, ValueError):
        return None
    try:
        end = int(item.get("end_line"))
    except (TypeError, ValueError):
        end = start
    return start, max(start, end)


def span(lines):
    if not lines:
        return "-"
    start, end = lines
    return str(start) if start == end else f"{start}-{end}"


def shorten(text, limit=200):
    """Whitespace collapsed, cut to about limit characters."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def cell(value):
    """A TSV-safe cell."""
    return " ".join(str(value if value is not None else "").replace("\t", " ").split())


def ratio(count, total):
    share = count / total if total else 0.0
    return f"{count} of {total} ({share:.1%})"


def render(item, limit=200):
    """A short one-line rendering of an optional field's item (string, object or list)."""
    if item is None:
        return ""
    if isinstance(item, str):
        return shorten(item, limit)
    if isinstance(item, list):
        return "; ".join(render(part, limit) for part in item)
    if isinstance(item, dict):
        for wrapper in ("hit", "difference"):  # {"path", "hit": {...}} and the like
            if isinstance(item.get(wrapper), dict):
                return render(item[wrapper], limit)
        parts = []
        if item.get("source"):
            parts.append(f"[{item['source']}]")
        ident = item.get("id") or item.get("clause_id") or item.get("clause") or item.get("key")
        if ident:
            parts.append(str(ident))
        lines = lines_of(item)
        if lines:
            parts.append(f"lines {span(lines)}")
        used = {"source", "id", "clause_id", "clause", "key", "start_line", "end_line", "text",
                "sentence", "quote", "hit", "path", "explanation"}
        for name, value in item.items():
            if name not in used and value not in (None, "", [], {}):
                shown = render(value, 160) if isinstance(value, (list, dict)) else shorten(value, 160)
                parts.append(f"{name}={shown}")
        text = item.get("text") or item.get("sentence") or item.get("quote")
        if text:
            parts.append(f"\"{shorten(text, limit)}\"")
        if not parts:
            return shorten(json.dumps(item, ensure_ascii=False), limit)
        return " ".join(parts)
    return shorten(item, limit)


def verdict_extras(record):
    """The optional verdict fields that are present and not empty, as (name, rendering):
    disagrees_with_reference, differs_from, and evidence.<freedom> per freedom."""
    verdict = verdict_of(record)
    if verdict is None:
        return []
    extras = []
    for name in ("disagrees_with_reference", "differs_from"):
        value = verdict.get(name)
        if value not in (None, "", [], {}):
            extras.append((name, render(value)))
    for name in FREEDOMS:
        evidence = freedom(verdict, name).get("evidence")
        if evidence not in (None, "", [], {}):
            extras.append((f"evidence.{name}", render(evidence)))
    return extras


def extras_cells(record):
    """TSV cells: disagrees_with_reference, differs_from, evidence (freedom: items | ...)."""
    named = dict(verdict_extras(record))
    evidence = " | ".join(f"{name[len('evidence.'):]}: {text}"
                          for name, text in verdict_extras(record)
                          if name.startswith("evidence."))
    return [cell(named.get("disagrees_with_reference", "")),
            cell(named.get("differs_from", "")), cell(evidence)]


# ---------------------------------------------------------------------------------------------
# Clause catalog

def load_catalog(folder):
    """{clause id: severity} from the catalog's YAML files (top-level `id:` and `severity:`)."""
    catalog = {}
    if not os.path.isdir(folder):
        return catalog
    for name in sorted(os.listdir(folder)):
        if not name.endswith((".yaml", ".yml")):
            continue
        ident = severity = None
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("id:"):
                    ident = line[3:].strip().strip("'\"")
                elif line.startswith("severity:"):
                    severity = line[9:].strip().strip("'\"")
        if ident:
            catalog[ident] = severity or ""
    return catalog
