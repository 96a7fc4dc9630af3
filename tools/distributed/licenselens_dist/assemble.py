"""Turns the partitions' raw outputs into the final JSON Lines: every listed path once.

Round one scanned each content once (its representative path). Here each copy gets the
representative's record with the path changed (the record is otherwise the same: the key
includes the file name, which is all of the path a file record depends on). Model records come
from round one, except for the units round two scanned whole (see `units_to_rescan`).
"""

import json
import os
import re

from . import plan as planning

CONFIG_NAMES = {"config.json", "params.json", "model_index.json", "adapter_config.json"}


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


def name_kind(name):
    """"policy", "notice" or None from a file name (DocumentKind.infer's name rules)."""
    upper = name.upper()
    if "POLICY" in upper or "AUP" in upper:
        return "policy"
    if upper.startswith("NOTICE"):
        return "notice"
    return None


def copy_may_shape_model_view(copy, record, folder_names):
    """Whether a copy left out of round one could change a model record: a possible model
    card, a configuration or weight file, a policy or NOTICE, or a license document that
    carries clauses, a model-license fingerprint, or sits beside a policy or NOTICE (the
    rules of ModelGrouping; erring on the side of a rescan)."""
    name = planning.file_name(copy)
    lower = name.lower()
    if lower in ("readme.md", "readme") or lower in CONFIG_NAMES or name_kind(name):
        return True
    if "models--" in copy:
        return True
    if record.get("skipped") or record.get("clauses"):
        return True
    if any(license.get("matcher") == "fingerprint" for license in record.get("licenses") or []):
        return True
    return record.get("verdict") is not None and any(name_kind(other) for other in folder_names)


def units_to_rescan(plan, representative_records, units_with_models):
    """Units round two scans whole: those with a model record in round one and any copy left
    out, and those with a copy left out that may shape the model view."""
    names_in_folder = {}
    for path in plan.paths:
        names_in_folder.setdefault(planning.folder_of(path), []).append(
            planning.file_name(path))
    rescan = []
    for unit, indices in plan.unit_paths.items():
        copies = [i for i in indices if not plan.is_representative(i)]
        if not copies:
            continue
        if unit in units_with_models:
            rescan.append(unit)
            continue
        for i in copies:
            copy = plan.paths[i]
            record = json.loads(representative_records[plan.representative[plan.keys[i]]])
            if copy_may_shape_model_view(copy, record,
                                         names_in_folder[planning.folder_of(copy)]):
                rescan.append(unit)
                break
    return rescan


def write_atomically(path, lines):
    temporary = "%s.tmp-%d" % (path, os.getpid())
    with open(temporary, "wb") as handle:
        handle.writelines(lines)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def count_errors(lines):
    return sum(1 for line in lines if not line.startswith(b'{"kind":"model"')
               and b'"errors":[]' not in line and json.loads(line).get("errors"))
