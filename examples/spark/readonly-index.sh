#!/usr/bin/env bash
# A --launcher for skillmatch_spark.py: run the command with the index folder the wrapper
# passes in $SKILLMATCH_SPARK_INDEX bind-mounted read-only, in a private mount namespace
# (Linux, root or CAP_SYS_ADMIN). Used by .ci/spark-check to show that the scoring
# subprocesses only read the shipped index: any write would fail with "Read-only file
# system". Refuses to run the command if the folder is still writable.
set -euo pipefail
dir="$(readlink -f "${SKILLMATCH_SPARK_INDEX:?SKILLMATCH_SPARK_INDEX is not set}")"
exec unshare --mount --propagation private sh -c '
  dir="$1"; shift
  mount --bind "$dir" "$dir" && mount -o remount,ro,bind "$dir" || { echo "readonly-index: cannot mount $dir read-only" >&2; exit 97; }
  if touch "$dir/.write-probe" 2>/dev/null; then echo "readonly-index: $dir is still writable" >&2; exit 98; fi
  exec "$@"' sh "$dir" "$@"
