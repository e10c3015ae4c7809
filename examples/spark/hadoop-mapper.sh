#!/bin/sh
# Hadoop Streaming mapper for skillmatch: JSON lines {"id": …, "text": …} on standard
# input, one bulk record per line on standard output, in the same order.
#   -files hdfs:///apps/skillmatch/skillmatch,hdfs:///apps/skillmatch/hadoop-mapper.sh
#   -archives hdfs:///apps/skillmatch/index.tgz#index
#   -mapper hadoop-mapper.sh   (extra arguments are passed to bulk, e.g. --top 5)
# `bulk` exits 1 when some documents failed: each of them has an error record, so the task
# did its work and must not be retried. Any other failure (a crash, a bad index, a kill, an
# unknown framework) exits non-zero, and Hadoop retries the task.
# SKILLMATCH_FRAMEWORK (e.g. "sfia-9,esco"), set with -cmdenv, picks the frameworks.
set -u
bin=./skillmatch
[ -x "$bin" ] || bin=skillmatch
frameworks=""
for fw in $(echo "${SKILLMATCH_FRAMEWORK:-}" | tr ',' ' '); do
  frameworks="$frameworks --framework $fw"
done
status="$(mktemp)"
trap 'rm -f "$status"' EXIT
# The group keeps the pipe open until the exit code is written, so awk's END sees it.
# $frameworks is split into words on purpose (framework ids have no spaces).
# shellcheck disable=SC2086
{
  "$bin" --quiet --index index $frameworks bulk --jsonl-in - --jobs 1 "$@"
  echo $? >"$status"
} | awk -v status="$status" '
  { print }
  index($0, ",\"error\":") { failed++ }
  END {
    getline code < status
    # 1 means "some documents failed, each has an error record" only when such records
    # came out; otherwise (an unknown --framework, say) the run itself did not happen.
    if (code == 0 || (code == 1 && failed > 0)) exit 0
    printf "hadoop-mapper: skillmatch bulk exited with %s (%d error records)\n", code, failed > "/dev/stderr"
    exit (code == 0 || code == 1) ? 1 : code
  }'
