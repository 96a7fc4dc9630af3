"""Turns the partitions' raw outputs into the final JSON Lines: every listed path once.

Round one scanned each content once (its representative path). Here each copy gets the
representative's record with the path changed (the record is otherwise the same: the key
includes the file name, which is all of the path a file record depends on). Model records come
from round one, except for the units round two scanned whole (see `rescan_groups`).
"""

import glob
import json
import os
import re

from . import plan as planning

_DECODER = json.JSONDecoder()


def path_of(line):
    """The "path" of a record line (the first key of a file record, the second of a model
    record)."""
    text = line.decode("utf-8")
    return _DECODER.raw_decode(text, text.index('"path":') + 7)[0]


def read_lines(path):
    with open(path, "rb") as handle:
        return handle.readlines()


def split_records(lines):
    """{path: file record line}, [(repository folder, model record line)] of one output."""
    files, models = {}, []
    for line in lines:
        value = path_of(line)
        if line.startswith(b'{"kind":"model"'):
            models.append((value, line))
        else:
            files[value] = line
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

    Within a unit root (see plan.py): the unit, when it has a copy left out and either a model
    record in round one or a copy that may shape the model view. Elsewhere (units of one
    folder each, split freely across partitions): the whole subtree of a folder with a model
    record in round one (a license that carries its own policy makes a candidate of it, and
    the candidate's files are its whole subtree), or with a copy left out that may shape the
    model view. `model_folders` are the folders of round one's model records."""
    names_in_folder = {}
    for path in plan.paths:
        names_in_folder.setdefault(planning.folder_of(path), []).append(
            planning.file_name(path))

    def may_shape(index):
        record = json.loads(records[plan.representative[plan.keys[index]]])
        path = plan.paths[index]
        return copy_may_shape_model_view(path, record, names_in_folder[planning.folder_of(path)])

    rooted_with_models, subtrees = set(), set()
    for folder in model_folders:
        unit = plan.unit_of(folder)
        if unit in plan.roots:
            rooted_with_models.add(unit)
        else:
            subtrees.add(folder)
    rescanned_units = []
    for unit, indices in plan.unit_paths.items():
        copies = [i for i in indices if not plan.is_representative(i)]
        if not copies:
            continue
        if unit in plan.roots:
            if unit in rooted_with_models or any(may_shape(i) for i in copies):
                rescanned_units.append(unit)
        else:
            subtrees.update(planning.folder_of(plan.paths[i]) for i in copies if may_shape(i))
    tops = []
    for folder in sorted(subtrees, key=lambda folder: folder.count("/")):
        if not any(planning.is_within(folder, top) for top in tops):
            tops.append(folder)
    groups = [[unit for unit in plan.unit_paths if planning.is_within(unit, top)]
              for top in tops]
    grouped = {unit for group in groups for unit in group}
    return groups + [[unit] for unit in rescanned_units if unit not in grouped]


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
    return sum(1 for line in lines if not line.startswith(b'{"kind":"model"')
               and b'"errors":[]' not in line and json.loads(line).get("errors"))
