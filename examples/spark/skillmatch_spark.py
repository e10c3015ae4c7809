#!/usr/bin/env python3
"""skillmatch as a Spark stage.

Reads documents (a folder of text files, or JSONL / Parquet with an id and a text column),
scores every partition through ONE `skillmatch bulk --jsonl-in - --quiet` subprocess fed
as a stream (one JSON line in, one JSON line out, in order), and writes the records keyed
by id as JSON lines or Parquet.

The index reaches the executors with Spark's own mechanism: tar the index folder and pass
it as `--archives index.tgz#index`; each executor finds it extracted under the name
`index` and only reads it (skillmatch readers take no lock and never write). The binary is
either installed on the workers (`--skillmatch /opt/skillmatch/bin/skillmatch`) or shipped
with `--files target/release/skillmatch` (then `--skillmatch skillmatch` finds it).

Guarantees, per partition:
- every input id comes back exactly once, in input order: the wrapper checks each output
  id against the id it sent; a missing, extra or out-of-order record fails the task;
- a document that cannot be scored (empty text, bad encoding, ...) is a record with an
  `error`, as in `skillmatch bulk`; it does not fail the task;
- a subprocess that dies, hangs up early or exits with a code other than 0 (all scored)
  or 1 (some documents failed, each has an error record) raises, so Spark retries the
  task; the output committer keeps only the successful attempt's part file.

Memory stays bounded: the documents are written to the subprocess from a thread while its
output is read, so at most a pipe buffer and bulk's small input queue are in flight.

Usage (see README.md beside this file):
  spark-submit --archives index.tgz#index --files skillmatch skillmatch_spark.py \\
      --input docs/ --input-format text --output out/ [--framework sfia-9] [-- --top 5]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import posixpath
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import threading
from urllib.parse import unquote, urlparse

# Exit codes of `skillmatch bulk`: 0 every document scored, 1 some failed (each has an
# error record, the others are fine). Anything else means the run itself broke.
BULK_OK_CODES = (0, 1)
# Environment variable for the failure demo (CI): "MODE:PARTITION[,MODE:PARTITION...]",
# MODE = kill (kill the subprocess mid-stream) or exit (the Python worker dies), applied on
# the first attempt of that partition only, so the retry succeeds.
FAIL_ENV = "SKILLMATCH_SPARK_FAIL"
# Where the failure demo notes what happened (JSON lines: partition, attempt, event), so a
# check can tell that the failures were injected and that the retries completed. Local
# mode only (the executors share the driver's file system).
EVENTS_ENV = "SKILLMATCH_SPARK_EVENTS"
# Exported to the subprocess (and a --launcher) so a wrapper script knows the index folder.
INDEX_ENV = "SKILLMATCH_SPARK_INDEX"


class StageError(RuntimeError):
    """A partition could not be scored completely: Spark fails (and retries) the task."""


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Score documents with skillmatch, one bulk subprocess per partition.",
        epilog="Arguments after -- are passed to `skillmatch bulk` (e.g. -- --top 5 --min-score 0.3).",
    )
    p.add_argument("--input", required=True, help="folder of text files, or JSONL / Parquet path")
    p.add_argument("--input-format", choices=["text", "jsonl", "parquet"], default="text")
    p.add_argument(
        "--glob",
        default="*.txt",
        help="text input: file names to read below --input, recursively (default *.txt)",
    )
    p.add_argument("--id-column", default="id", help="jsonl/parquet: the id column (default id)")
    p.add_argument("--text-column", default="text", help="jsonl/parquet: the text column (default text)")
    p.add_argument("--output", required=True, help="output folder (must not exist)")
    p.add_argument("--output-format", choices=["jsonl", "parquet"], default="jsonl")
    p.add_argument(
        "--index",
        default="index",
        help="index folder on the executors: a relative name is looked up where Spark put "
        "--archives/--files (e.g. index.tgz#index), an absolute path is used as it is",
    )
    p.add_argument(
        "--skillmatch",
        default="skillmatch",
        help="the binary on the executors: a name shipped with --files, an absolute path, "
        "or a name on PATH (default skillmatch)",
    )
    p.add_argument(
        "--framework",
        action="append",
        default=[],
        help="score against this framework of the index; repeatable: one pass scores "
        "several, with one record per document and framework (one bulk process each)",
    )
    p.add_argument(
        "--merge-frameworks",
        action="store_true",
        help="with several --framework: one record per document, one ranking across them",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="scoring threads per bulk process (default 1: Spark's task slots are the parallelism)",
    )
    p.add_argument(
        "--partitions",
        type=int,
        default=0,
        help="score in N partitions (one bulk process each): fewer than the input has are "
        "merged without a shuffle, more are made by a shuffle",
    )
    p.add_argument(
        "--launcher",
        default="",
        help="command prefix for the subprocess (shell words), e.g. a script that mounts "
        "the index read-only first; it gets the index folder in $" + INDEX_ENV,
    )
    # Everything after the first -- belongs to `skillmatch bulk`.
    argv = list(argv)
    split = argv.index("--") if "--" in argv else len(argv)
    args = p.parse_args(argv[:split])
    args.bulk_args = argv[split + 1 :]
    if args.jobs < 1:
        p.error("--jobs must be at least 1")
    return args


# ----------------------------------------------------------------------------------------
# Executor side


def resolve_on_executor(name, what):
    """The file Spark shipped under `name` (--files / --archives), else `name` as given."""
    if os.path.isabs(name):
        return name
    from pyspark import SparkFiles

    candidates = [SparkFiles.get(name), os.path.join(os.getcwd(), name)]
    for path in candidates:
        if os.path.exists(path):
            return path
    if what == "binary":
        found = shutil.which(name)
        if found:
            return found
    raise StageError(f"{what} '{name}' not found on this executor (looked in {candidates}" +
                     (" and PATH)" if what == "binary" else ")"))


def executable(path):
    """`path`, made executable if Spark shipped it without the x bit (--files does)."""
    mode = os.stat(path).st_mode
    if not mode & stat.S_IXUSR:
        try:
            os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        except OSError as e:
            raise StageError(f"{path}: shipped without the execute bit and cannot be fixed: {e}")
    return path


def injected_failure(partition, attempt):
    """The failure the demo asks for on this partition's attempt, if any."""
    spec = os.environ.get(FAIL_ENV, "")
    if attempt != 0 or not spec:
        return None
    for item in spec.split(","):
        mode, _, part = item.partition(":")
        if part.strip().isdigit() and int(part) == partition and mode in ("kill", "exit"):
            return mode
    return None


def note_event(partition, attempt, event, **extra):
    """Append one event to $SKILLMATCH_SPARK_EVENTS, when set."""
    path = os.environ.get(EVENTS_ENV)
    if path:
        line = json.dumps(dict(partition=partition, attempt=attempt, event=event, **extra)) + "\n"
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(line)


def json_id(value, where):
    """An id as bulk echoes it: always a string."""
    if value is None:
        raise StageError(f"{where}: a document has no id (null); every document needs one")
    return str(value)


_ID_PREFIX = '{"id":'
# A record's own `error` key. Inside a JSON string a quote is escaped (\"), so document text
# can never produce this sequence.
ERROR_KEY = ',"error":'


def record_id(line, decoder):
    """The `id` of a bulk JSON record, read from its start: bulk writes `id` first, and the
    records are large, so this avoids parsing each one whole just to check it."""
    if not line.startswith(_ID_PREFIX):
        raise StageError(f"bulk wrote a line that is not a record: {line[:200]}")
    try:
        value, _ = decoder.raw_decode(line, len(_ID_PREFIX))
    except ValueError as e:
        raise StageError(f"bulk wrote a line that is not JSON: {e}: {line[:200]}")
    return value


def framework_groups(conf):
    """The --framework lists of the bulk processes of a partition: one process per
    framework (each record then ranks one framework), or one for all with --merge-frameworks
    (one ranking across them), or one with no filter."""
    if len(conf["framework"]) > 1 and not conf["merge_frameworks"]:
        return [[fw] for fw in conf["framework"]]
    return [conf["framework"]]


class BulkProcess:
    """One `skillmatch bulk --jsonl-in -` subprocess, its standard error kept (the end)."""

    def __init__(self, cmd, env, name):
        self.cmd = cmd
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        self.tail = collections.deque(maxlen=50)
        self.failed_docs = 0
        self.thread = threading.Thread(target=self._drain, name=name, daemon=True)
        self.thread.start()

    def _drain(self):
        for raw in self.proc.stderr:
            self.tail.append(raw.decode("utf-8", "replace").rstrip())

    def describe(self, code, answered):
        tail = "\n".join(self.tail)
        return f"{' '.join(self.cmd)} exited with {code} after {answered} records" + (f":\n{tail}" if tail else "")


def score_partition(conf, partition, docs):
    """Score the (id, text) pairs of one partition; yields (id, bulk JSON line), one per
    document and framework group.

    Raises StageError (the task fails, Spark retries it) when a subprocess breaks or the
    records it returned are not exactly the documents sent, one each, in order."""
    from pyspark import TaskContext

    ctx = TaskContext.get()
    attempt = ctx.attemptNumber() if ctx else 0
    binary = executable(resolve_on_executor(conf["skillmatch"], "binary"))
    index = resolve_on_executor(conf["index"], "index folder")
    env = dict(os.environ, **{INDEX_ENV: index})
    # No corpus on the workers: the shipped index is used as built.
    env.pop("SKILLMATCH_CORPUS", None)
    procs = []
    for group in framework_groups(conf):
        cmd = shlex.split(conf["launcher"]) + [binary, "--quiet", "--index", index]
        for fw in group:
            cmd += ["--framework", fw]
        cmd += ["bulk", "--jsonl-in", "-", "--jobs", str(conf["jobs"])] + conf["bulk_args"]
        procs.append(BulkProcess(cmd, env, f"skillmatch-err-{partition}-{len(procs)}"))
    sent = collections.deque()  # ids written, not yet answered (bounded by the pipes)
    writer_error = []

    def write_all():
        try:
            for doc_id, text in docs:
                doc_id = json_id(doc_id, f"partition {partition}")
                # A null or non-string text goes as it is: bulk answers with an error record.
                line = json.dumps({"id": doc_id, "text": text}, ensure_ascii=False)
                data = line.encode("utf-8") + b"\n"
                # Appended before writing: the answer cannot come back before its id is queued.
                sent.append(doc_id)
                for p in procs:
                    p.proc.stdin.write(data)
                    # Per line keeps bulk's streaming batches small; cheap next to scoring.
                    p.proc.stdin.flush()
        except BrokenPipeError:
            writer_error.append(StageError("a subprocess stopped reading its input"))
        except BaseException as e:  # noqa: BLE001 - re-raised in the task's thread
            writer_error.append(e)
        finally:
            for p in procs:
                try:
                    p.proc.stdin.close()
                except OSError:
                    pass

    writer = threading.Thread(target=write_all, name=f"skillmatch-in-{partition}", daemon=True)
    writer.start()
    failure = injected_failure(partition, attempt)
    # Made here, not at module level: the driver pickles this script's globals (a JSON
    # scanner cannot be pickled).
    decoder = json.JSONDecoder()
    answered = 0
    try:
        while True:
            if failure and answered == 3:
                note_event(partition, attempt, "injected-" + failure, records=answered)
                if failure == "exit":
                    os._exit(17)  # the Python worker dies: Spark sees a lost worker
                procs[0].proc.send_signal(signal.SIGKILL)  # a subprocess dies mid-stream
                failure = None
            # In step: record i of every process before record i + 1 of any. Each process
            # was sent document i before the writer moved on, so none waits for input.
            raws = [p.proc.stdout.readline() for p in procs]
            if not any(raws):
                break
            if not all(raws):
                dead = [p for p, raw in zip(procs, raws) if not raw]
                raise StageError(f"partition {partition}: " + dead[0].describe(dead[0].proc.wait(), answered))
            if not sent:
                raise StageError(f"partition {partition}: bulk wrote more records than documents sent")
            expected = sent.popleft()
            lines = []
            for p, raw in zip(procs, raws):
                line = raw.decode("utf-8").rstrip("\n")
                got = record_id(line, decoder)
                if got != expected or type(got) is not type(expected):
                    raise StageError(
                        f"partition {partition}: record {answered + 1} has id {got!r}, "
                        f"expected {expected!r}: {line[:200]}"
                    )
                if ERROR_KEY in line:
                    p.failed_docs += 1
                lines.append(line)
            answered += 1
            for line in lines:
                yield expected, line
        codes = [p.proc.wait() for p in procs]
        writer.join()
        for p in procs:
            p.thread.join()
        if writer_error:
            raise StageError(f"partition {partition}: feeding documents failed: {writer_error[0]!r}")
        for p, code in zip(procs, codes):
            if code not in BULK_OK_CODES or (code == 1 and p.failed_docs == 0):
                raise StageError(f"partition {partition}: " + p.describe(code, answered))
        if sent:
            raise StageError(
                f"partition {partition}: {len(sent)} documents got no record (first id {sent[0]!r})"
                + "".join(f"\n{line}" for p in procs for line in p.tail)
            )
        note_event(partition, attempt, "done", records=answered)
    finally:
        for p in procs:
            if p.proc.poll() is None:
                p.proc.kill()
                p.proc.wait()


# ----------------------------------------------------------------------------------------
# Driver side


def decode_text(data):
    """File bytes as text, as skillmatch reads a text file: UTF-8, UTF-16/32 with a BOM,
    else Windows-1252 as browsers define it (every byte maps to a character)."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return data.decode("utf-32", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # cp1252 leaves 0x81 0x8D 0x8F 0x90 0x9D undefined; WHATWG maps them to C1 controls.
        return "".join(
            chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in data
        )


def relative_id(root_path, uri):
    """The path of `uri` relative to the input folder, '/'-separated."""
    path = unquote(urlparse(uri).path) if ":" in uri.split("/", 1)[0] else uri
    return posixpath.relpath(path, root_path)


def read_documents(spark, args):
    """An RDD of (id, text) pairs."""
    if args.input_format == "text":
        root = args.input.rstrip("/") or "/"
        root_path = unquote(urlparse(root).path) if "://" in root or root.startswith("file:") else os.path.abspath(root)
        df = (
            spark.read.format("binaryFile")
            .option("recursiveFileLookup", "true")
            .option("pathGlobFilter", args.glob)
            .load(root)
            .select("path", "content")
        )
        rdd = df.rdd.map(lambda r: (relative_id(root_path, r[0]), decode_text(bytes(r[1]))))
    elif args.input_format == "jsonl":
        # Lines parsed here rather than by spark.read.json: no schema-inference pass over all
        # the text, and ids keep their JSON type (a number stays a number).
        id_col, text_col = args.id_column, args.text_column
        rdd = spark.read.text(args.input).rdd.map(lambda r: r[0]).filter(lambda l: l.strip())
        rdd = rdd.map(lambda line: jsonl_document(line, id_col, text_col))
    else:
        df = spark.read.parquet(args.input)
        missing = [c for c in (args.id_column, args.text_column) if c not in df.columns]
        if missing:
            raise SystemExit(f"{args.input}: no column {missing} (columns: {df.columns})")
        rdd = df.select(args.id_column, args.text_column).rdd.map(lambda r: (r[0], r[1]))
    if args.partitions:
        # Fewer partitions: merge the read's splits without a shuffle, so reading and
        # scoring stay one stage; more: a shuffle is the only way to split them.
        n = rdd.getNumPartitions()
        rdd = rdd.coalesce(args.partitions) if args.partitions < n else rdd.repartition(args.partitions)
    return rdd


def jsonl_document(line, id_col, text_col):
    """(id, text) of one input JSON line; a line that is not a JSON object stops the job."""
    try:
        obj = json.loads(line)
    except ValueError as e:
        raise ValueError(f"an input line is not JSON ({e}): {line[:200]}") from None
    if not isinstance(obj, dict):
        raise ValueError(f"an input line is not a JSON object: {line[:200]}")
    # A missing or non-string text is sent as it is: bulk answers with an error record.
    return obj.get(id_col), obj.get(text_col)


def parquet_row(line):
    """A bulk record as a Parquet row: id, the main fields, and the whole record as JSON."""
    r = json.loads(line)
    level = r.get("document_level") or {}
    return (
        str(r["id"]),
        r.get("framework"),
        r.get("error"),
        level.get("level"),
        [(m["framework"], m["code"], m["name"], m.get("level"), float(m["score"])) for m in r.get("matches", [])],
        line,
    )


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession
    from pyspark.sql import types as T

    spark = SparkSession.builder.appName("skillmatch").getOrCreate()
    conf = {
        "skillmatch": args.skillmatch,
        "index": args.index,
        "framework": args.framework,
        "merge_frameworks": args.merge_frameworks,
        "jobs": args.jobs,
        "bulk_args": args.bulk_args,
        "launcher": args.launcher,
    }
    docs = read_documents(spark, args)
    scored = docs.mapPartitionsWithIndex(lambda i, it: score_partition(conf, i, it))
    if args.output_format == "jsonl":
        scored.map(lambda pair: pair[1]).saveAsTextFile(args.output)
    else:
        match = T.StructType(
            [
                T.StructField("framework", T.StringType()),
                T.StructField("code", T.StringType()),
                T.StructField("name", T.StringType()),
                T.StructField("level", T.IntegerType()),
                T.StructField("score", T.DoubleType()),
            ]
        )
        schema = T.StructType(
            [
                T.StructField("id", T.StringType(), False),
                T.StructField("framework", T.StringType()),
                T.StructField("error", T.StringType()),
                T.StructField("document_level", T.IntegerType()),
                T.StructField("matches", T.ArrayType(match)),
                T.StructField("record", T.StringType(), False),
            ]
        )
        spark.createDataFrame(scored.map(lambda pair: parquet_row(pair[1])), schema).write.parquet(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
