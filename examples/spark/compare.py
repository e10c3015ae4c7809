#!/usr/bin/env python3
"""Compare Spark output with `skillmatch bulk` run on the same files, record for record.

    compare.py REFERENCE.jsonl SPARK_OUTPUT [--subset] [--expect-error ID]...

REFERENCE.jsonl is `skillmatch bulk --files-from LIST` run inside the input folder (so each
id is the path relative to it); SPARK_OUTPUT is the folder of part files (or one JSONL
file) the Spark job wrote. Exits 1 on any difference, naming the ids and fields.

Ignored, and why:
- `elapsed_ms`: timing;
- provenance that differs by construction between a file and a line of a stream: a file
  record has `path` = `source` = its id and `format` "txt"; a stream record has `row` (its
  line in the partition's stream), `source` = "-:ROW" and `format` "jsonl". Both shapes are
  checked, then dropped; in `error` and `warnings` the document's label (path or "-:ROW")
  is replaced by "<doc>". Everything else (`id`, `bytes`, `framework`, `cut_off`,
  `document_level`, `matches` with their scores, levels and evidence, `error`, `warnings`,
  `truncated`) must be equal.

With --file-records, the second input is `skillmatch bulk` output on the same files too
(another process, another index copy): the records must then be equal but for elapsed_ms.

With --by-framework, a record is keyed by its id and its framework (a run scoring
several frameworks has one record per document and framework).

With --subset, the Spark output may hold documents the reference lacks (only those listed
with --expect-error, which must be error records) and the reference may hold ids the Spark
output lacks (the Spark input was a subset). Every Spark id must appear exactly once.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys


def load(path, by_framework=False):
    """(records by id, duplicate ids, count) of a JSONL file or a folder of part files."""
    files = sorted(glob.glob(os.path.join(path, "part-*"))) if os.path.isdir(path) else [path]
    if not files:
        sys.exit(f"compare: {path}: no part files")
    by_id, dups, n = {}, [], 0
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    r = json.loads(line)
                except ValueError as e:
                    sys.exit(f"compare: {f}:{lineno}: not JSON: {e}")
                n += 1
                key = json.dumps([r.get("id"), r.get("framework")] if by_framework else r.get("id"))
                if key in by_id:
                    dups.append(key)
                by_id[key] = r
    return by_id, dups, n


def normalise(r, kind):
    """The record without timing and provenance fields; a list of problems with its shape."""
    r = dict(r)
    problems = []
    r.pop("elapsed_ms", None)
    if kind == "file":
        label = r.pop("path", None)
        if label != r.get("id"):
            problems.append(f"path {label!r} is not the id")
        if r.pop("source", None) != label:
            problems.append("source is not the path")
        if r.pop("format", None) != "txt":
            problems.append("format is not txt")
        if "row" in r:
            problems.append("a file record has a row")
    else:
        row = r.pop("row", None)
        label = f"-:{row}"
        if not isinstance(row, int):
            problems.append(f"row {row!r} is not a line number")
        if r.pop("source", None) != label:
            problems.append(f"source is not {label}")
        if r.pop("format", None) != "jsonl":
            problems.append("format is not jsonl")
        if "path" in r:
            problems.append("a stream record has a path")

    def unlabel(s):
        return s.replace(label, "<doc>") if isinstance(s, str) and label else s

    if "error" in r:
        r["error"] = unlabel(r["error"])
    if "warnings" in r:
        r["warnings"] = [unlabel(w) for w in r["warnings"]]
    return r, problems


def diff_fields(a, b, prefix=""):
    """Paths of the fields where a and b differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            out += diff_fields(a.get(k, "<absent>"), b.get(k, "<absent>"), f"{prefix}.{k}" if prefix else k)
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += diff_fields(x, y, f"{prefix}[{i}]")
        return out
    return [] if a == b and type(a) is type(b) else [f"{prefix}: {json.dumps(a)[:120]} != {json.dumps(b)[:120]}"]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("reference")
    p.add_argument("spark")
    p.add_argument("--subset", action="store_true")
    p.add_argument("--expect-error", action="append", default=[], metavar="ID")
    p.add_argument(
        "--by-framework",
        action="store_true",
        help="records are keyed by (id, framework): several --framework in one pass",
    )
    p.add_argument(
        "--file-records", action="store_true", help="the second input is bulk output on files too"
    )
    args = p.parse_args()

    ref, ref_dups, _ = load(args.reference, args.by_framework)
    out, out_dups, n_out = load(args.spark, args.by_framework)
    failures = []
    if ref_dups:
        failures.append(f"the reference repeats {len(ref_dups)} ids, e.g. {ref_dups[0]}")
    if out_dups:
        failures.append(f"the Spark output repeats {len(out_dups)} ids (not exactly once), e.g. {out_dups[0]}")
    # The records (one per framework with --by-framework) of the documents that must fail.
    expected_errors = {k for k, r in out.items() if r.get("id") in args.expect_error}
    for doc_id in args.expect_error:
        records = [out[k] for k in expected_errors if out[k].get("id") == doc_id]
        if not records:
            failures.append(f"{doc_id!r}: no record in the Spark output")
        for r in records:
            if not r.get("error"):
                failures.append(f"{doc_id!r}: expected an error record, got {json.dumps(r)[:200]}")
    missing = sorted(set(ref) - set(out))
    extra = sorted(set(out) - set(ref) - expected_errors)
    if missing and not args.subset:
        failures.append(f"{len(missing)} ids missing from the Spark output, e.g. {missing[:3]}")
    if extra:
        failures.append(f"{len(extra)} ids in the Spark output but not in the reference, e.g. {extra[:3]}")

    compared = different = 0
    for key in sorted(set(ref) & set(out)):
        a, pa = normalise(ref[key], "file")
        b, pb = normalise(out[key], "file" if args.file_records else "stream")
        compared += 1
        fields = diff_fields(a, b)
        problems = [f"reference: {x}" for x in pa] + [f"spark: {x}" for x in pb] + fields
        if problems:
            different += 1
            if different <= 5:
                failures.append(f"{key}: " + "; ".join(problems[:6]))
    errors = sum(1 for r in out.values() if r.get("error"))
    print(
        f"compare: {n_out} Spark records ({len(out)} distinct ids, {errors} error records), "
        f"{len(ref)} reference records; {compared} compared: {compared - different} equal, {different} different"
    )
    if failures:
        for f in failures:
            print(f"compare: DIFFERENCE: {f}", file=sys.stderr)
        sys.exit(1)
    print("compare: equal (ignoring elapsed_ms and the file/stream provenance fields path, row, source, format)")


if __name__ == "__main__":
    main()
