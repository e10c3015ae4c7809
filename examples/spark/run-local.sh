#!/usr/bin/env bash
# Score every text file under INPUT_DIR through Spark in local mode (2 task slots) and
# write JSON lines under OUTPUT_DIR: one record per file, id = the path relative to
# INPUT_DIR, the same record fields as `skillmatch bulk`.
#
#   examples/spark/run-local.sh INPUT_DIR OUTPUT_DIR INDEX_DIR [JOB OPTIONS] [-- BULK OPTIONS]
#
# It sets up what it needs: Java 17 (from apt, when `java` is missing), a virtual
# environment with pyspark, the skillmatch release binary (built when missing). INDEX_DIR
# is a built index (`skillmatch --index DIR --corpus SOURCES index`); when it has none and
# $SKILLMATCH_CORPUS is set, it is built from that. The index is tarred and shipped to the
# executors with --archives, as on a cluster.
#
# Environment: SKILLMATCH_BIN (the binary; default target/release/skillmatch),
# SKILLMATCH_SPARK_VENV (default examples/spark/.venv), SKILLMATCH_SPARK_MASTER (default
# local[2,4]: 2 slots, a failed task is tried up to 4 times), SKILLMATCH_SPARK_PARTITIONS
# (default 8). Exit codes: 0 done, 1 the job failed, 2 usage, 3 Java missing and cannot be
# installed.
set -euo pipefail

PYSPARK_VERSION=4.3.0
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

usage() {
  echo "usage: $0 INPUT_DIR OUTPUT_DIR INDEX_DIR [job options] [-- bulk options]" >&2
  exit 2
}
[ $# -ge 3 ] || usage
input="$1" output="$2" index="$3"
shift 3
[ -d "$input" ] || { echo "run-local: $input: not a folder" >&2; exit 2; }
input="$(cd "$input" && pwd)"
if [ -e "$output" ]; then
  if [ -d "$output" ] && [ -z "$(ls -A "$output")" ]; then
    rmdir "$output" # Spark creates it, and refuses one that exists
  else
    echo "run-local: $output exists and is not empty: give a new folder" >&2
    exit 2
  fi
fi
mkdir -p "$(dirname "$output")"
output="$(cd "$(dirname "$output")" && pwd)/$(basename "$output")"

log() { echo "run-local: $*" >&2; }

# --- Java -----------------------------------------------------------------------------
if ! command -v java >/dev/null 2>&1; then
  log "java not found: installing openjdk-17-jre-headless"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >&2 || true
  elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >&2 || true
  fi
  if ! command -v java >/dev/null 2>&1; then
    log "Java 17 is missing and cannot be installed here (needs apt-get as root): install a JRE 17+"
    exit 3
  fi
fi

# --- pyspark in a virtual environment -------------------------------------------------
venv="${SKILLMATCH_SPARK_VENV:-$here/.venv}"
if [ ! -x "$venv/bin/spark-submit" ] || ! "$venv/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
  log "setting up $venv with pyspark $PYSPARK_VERSION"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "pyspark==$PYSPARK_VERSION" >&2
fi

# --- the binary and the index ---------------------------------------------------------
bin="${SKILLMATCH_BIN:-$repo/target/release/skillmatch}"
if [ ! -x "$bin" ]; then
  log "building the release binary"
  (cd "$repo" && cargo build --release --locked >&2)
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
if [ ! -f "$index/skillmatch-current" ]; then
  if [ -n "${SKILLMATCH_CORPUS:-}" ]; then
    log "building the index in $index from $SKILLMATCH_CORPUS"
    "$bin" --quiet --index "$index" index >&2
  else
    log "$index holds no index: build one with: $bin --index $index --corpus SOURCES index"
    exit 2
  fi
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/skillmatch-spark.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Only the published generation travels: no lock file, no old or half-built generations.
generation="$(head -n1 "$index/skillmatch-current")"
tar czf "$work/index.tgz" -C "$index" skillmatch-current "$generation"

# --- run ------------------------------------------------------------------------------
export PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"
unset SKILLMATCH_CORPUS
start=$(date +%s.%N)
"$venv/bin/spark-submit" \
  --master "${SKILLMATCH_SPARK_MASTER:-local[2,4]}" \
  --driver-memory 1g \
  --conf spark.ui.enabled=false \
  --conf spark.log.level="${SKILLMATCH_SPARK_LOG_LEVEL:-WARN}" \
  --conf spark.local.dir="$work/local" \
  --conf spark.sql.sources.ignoreCorruptFiles=false \
  --archives "$work/index.tgz#index" \
  --files "$bin" \
  "$here/skillmatch_spark.py" \
  --input "$input" --input-format text --output "$output" \
  --index index --skillmatch "$(basename "$bin")" \
  --partitions "${SKILLMATCH_SPARK_PARTITIONS:-8}" \
  "$@"
end=$(date +%s.%N)
records=$(cat "$output"/part-* | wc -l)
awk -v n="$records" -v s="$start" -v e="$end" \
  'BEGIN { t = e - s; printf "run-local: %d records in %.1f s (spark-submit wall time, JVM start included): %.1f documents/s\n", n, t, n / t }' >&2
