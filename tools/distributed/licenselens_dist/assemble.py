"""Turns the partitions' raw outputs into the final JSON Lines: every listed path once.

Round one scanned each content once (its representative path), and every path of a unit root.
Here each copy left out gets the representative's record with the path changed (the record is otherwise the same: the key
includes the file name, which is all of the path a file record depends on). Model records come
from round one, except for the units round two scanned whole (see `rescan_groups`).
"""

import glob
import json
import os
import re

from . import plan as planning

_DECODER = json.JSONDecoder()
MODEL_PREFIX = b'{"kind":"model"'


def path_of(line):
    """The "path" of a record line (the first key of a file record, the second of a model
    record)."""
    text = line.decode("utf-8")
    return _DECODER.raw_decode(text, text.index('"path":') + 7)[0]


def read_lines(path):
    with open(path, "rb") as handle:
        return handle.readlines()


def split_records(lines, paths):
    """{path: file record line}, [(repository folder, model record line)] of one output of
    the scanner over `paths`: its file records come in the order of `paths` (each checked
    against its path, mostly without decoding the line)."""
    files, models = {}, []
    expected = iter(paths)
    for line in lines:
        if line.startswith(MODEL_PREFIX):
            models.append((path_of(line), line))
            continue
        path = next(expected)
        if not line.startswith(b'{"path":' + json.dumps(path, ensure_ascii=False).encode()) \
                and path_of(line) != path:
            raise ValueError("a record out of order: %r where %r was expected"
                             % (line[:200], path))
        files[path] = line
    return files, models


def restore(line, representative, copy):
    """The record `line` of `representative`, reported for `copy` instead: the path is
    replaced wherever it stands whole (a value, or a reference such as `grant.modify@PATH:LINE`)."""
    old = json.dumps(representative, ensure_ascii=False)[1:-1].encode("utf-8")
    new = json.dumps(copy, ensure_ascii=False)[1:-1].encode("utf-8")
    if line.startswith(b'{"path":"' + old + b'",'):
        return _whole(old).sub(lambda _: new, line)
    # Written with other escapes than Python's: replace in the decoded strings.
    pattern = _whole(representative)
    record = _replace(json.loads(line), pattern, copy)
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def _whole(path):
    """A pattern of `path` standing whole: a JSON string, or in a reference (`ID@PATH:LINE`,
    `reference:…`); for a raw line (bytes) or a decoded string."""
    if isinstance(path, bytes):
        return re.compile(rb'(?<=[":@])' + re.escape(path) + rb'(?=[":])')
    return re.compile(r'(?:^|(?<=[:@]))' + re.escape(path) + r'(?=:|$)')


def _replace(value, pattern, new):
    if isinstance(value, str):
        return pattern.sub(lambda _: new, value)
    if isinstance(value, list):
        return [_replace(item, pattern, new) for item in value]
    if isinstance(value, dict):
        return {key: _replace(item, pattern, new) for key, item in value.items()}
    return value


def copy_may_shape_model_view(copy, record, folder_names):
    """Whether a copy left out of round one could change a model record: a possible model
    card, a configuration or weight file, a policy or NOTICE, or a license document that
    carries clauses, a model-license fingerprint, or sits beside a policy or NOTICE (the
    rules of ModelGrouping, erring on the side of a rescan)."""
    name = planning.file_name(copy)
    if planning.is_card_candidate(name) or name.lower() in planning.CONFIG_NAMES:
        return True
    if planning.document_kind(name) in ("policy", "notice") or "models--" in copy:
        return True
    if record.get("skipped") or carries_model_terms(record):
        return True
    return record.get("verdict") is not None and any(
        planning.document_kind(other) in ("policy", "notice") for other in folder_names)


def carries_model_terms(record):
    """Whether a file record has restrictive clauses or a model-license fingerprint."""
    return bool(record.get("clauses")) or any(
        license.get("matcher") == "fingerprint" for license in record.get("licenses") or [])



def rescan_groups(plan, records, model_folders):
    """The groups of units round two scans whole (each a list of units), for the model view.

    Unit roots (see plan.py) were scanned whole in round one. The other units are one folder
    each, split freely across partitions: round two scans the whole subtree of such a folder
    when it got a model record in round one (a license that carries its own policy makes a
    candidate of it, and a candidate's files are its whole subtree) or holds a copy left out
    that may shape the model view. `model_folders` are the folders of round one's model
    records."""
    names_in_folder = {}
    for path in plan.paths:
        names_in_folder.setdefault(planning.folder_of(path), []).append(
            planning.file_name(path))

    def may_shape(index):
        record = json.loads(records[plan.representative[plan.keys[index]]])
        path = plan.paths[index]
        return copy_may_shape_model_view(path, record, names_in_folder[planning.folder_of(path)])

    # Unit roots were scanned whole in round one; elsewhere, units are single folders.
    subtrees = {folder for folder in model_folders if plan.unit_of(folder) not in plan.roots}
    for unit, indices in plan.unit_paths.items():
        if unit in plan.roots:
            continue
        subtrees.update(planning.folder_of(plan.paths[i]) for i in indices
                        if not plan.is_representative(i) and may_shape(i))
    tops = []
    for folder in sorted(subtrees, key=lambda folder: folder.count("/")):
        if not any(planning.is_within(folder, top) for top in tops):
            tops.append(folder)
    groups = [[unit for unit in plan.unit_paths if planning.is_within(unit, top)]
              for top in tops]
    return groups


def write_atomically(path, lines):
    temporary = "%s.tmp-%d" % (path, os.getpid())
    with open(temporary, "wb") as handle:
        handle.writelines(lines)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def read_parts(out):
    """Every line of the parts under `out` (a finished scan), in part order."""
    lines = []
    for name in sorted(glob.glob(os.path.join(out, "parts", "part-*.jsonl"))):
        with open(name, encoding="utf-8") as handle:
            lines += handle.read().splitlines()
    return lines


def count_errors(lines):
    return sum(1 for line in lines if not line.startswith(MODEL_PREFIX)
               and b'"errors":[]' not in line and json.loads(line).get("errors"))
