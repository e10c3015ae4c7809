#!/bin/sh
# Hadoop Streaming mapper for skillmatch: JSON lines {"id": …, "text": …} on standard
# input, one bulk record per line on standard output, in the same order.
#   -files hdfs:///apps/skillmatch/skillmatch,hdfs:///apps/skillmatch/hadoop-mapper.sh
#   -archives hdfs:///apps/skillmatch/index.tgz#index
#   -mapper hadoop-mapper.sh   (extra arguments are passed to bulk, e.g. --top 5)
# `bulk` exits 1 when some documents failed: each of them has an error record, so the task
# did its work and must not be retried. Any other non-zero code (a crash, a bad index, a
# kill) is passed on, and Hadoop retries the task.
# SKILLMATCH_FRAMEWORK (e.g. "sfia-9,esco"), set with -cmdenv, picks the frameworks.
set -u
bin=./skillmatch
[ -x "$bin" ] || bin=skillmatch
frameworks=""
for fw in $(echo "${SKILLMATCH_FRAMEWORK:-}" | tr ',' ' '); do
  frameworks="$frameworks --framework $fw"
done
# $frameworks is split into words on purpose (framework ids have no spaces).
# shellcheck disable=SC2086
"$bin" --quiet --index index $frameworks bulk --jsonl-in - --jobs 1 "$@"
code=$?
[ "$code" -le 1 ] || exit "$code"
exit 0
