#!/usr/bin/env bash
# The performance guard (issue 29): every benchmark, paired with the commit before in the same run.
#
#   benchmarks/run-all.sh [--base REV] [--out FILE] [--full] [--only NAME[,NAME…]] [--no-build]
#
# Builds this tree and REV (default HEAD~1, checked out with `git worktree add` into /tmp/run-all-base-SHA, kept for
# the next run) in Release, then runs each benchmark on the two builds one after the other — the order alternating
# from one benchmark to the next, so a machine that gets busier or quieter during the run does not favour either —
# and writes a markdown table: every figure with its target, before and after, the ratio, and a flag where the
# change is beyond this VM's noise (±20 %: runs here move by ±15–30 %). The table goes to FILE (default
# benchmarks/run-all.md) and, between the markers, into benchmarks/README.md's section "Every figure, from run-all.sh".
#
# SQLite by default; on PostgreSQL when TRAINING_BENCH_POSTGRES names a server (see benchmarks/README.md).
# Scales: the figures' own targets are at 10,000 reminders and 100,000-row imports, and those are run as they are.
# Points and matching are run on a smaller seed (100,000 records; 20,000 people) unless --full: their seeds are built
# once into /tmp, keyed by a hash of the seeding code and the migrations of the build that runs them, and the build of
# a missing seed is said and not counted. The builds are not counted either; the script prints both times.
# Not a test: nothing here fails on a slow figure; it exits non-zero only when a benchmark itself failed.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BASE_REV="HEAD~1"
OUT="$ROOT/benchmarks/run-all.md"
FULL=0
ONLY=""
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --base) BASE_REV="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --full) FULL=1; shift ;;
    --only) ONLY="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;  # both trees built in Release already (a no-op build takes minutes on a loaded VM)
    *) echo "usage: $0 [--base REV] [--out FILE] [--full] [--only NAME,…] [--no-build]" >&2; exit 2 ;;
  esac
done
for tool in wrk /usr/sbin/smtp-sink python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y wrk postfix python3)" >&2; exit 2; }
done

started=$(date +%s)
base_sha="$(git -C "$ROOT" rev-parse --verify "$BASE_REV^{commit}")" || exit 2
head_sha="$(git -C "$ROOT" rev-parse HEAD)"
dirty=""; [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ] && dirty=" + uncommitted changes"
BASE="/tmp/run-all-base-${base_sha:0:12}"
LOGS="$(mktemp -d /tmp/run-all-logs.XXXXXX)"
echo "== run-all: after = $ROOT (${head_sha:0:9}$dirty), before = $BASE_REV (${base_sha:0:9}); logs in $LOGS"
if [ ! -d "$BASE/.git" ] && [ ! -f "$BASE/.git" ]; then
  git -C "$ROOT" worktree add --detach "$BASE" "$base_sha" >/dev/null 2>&1 || { echo "git worktree add $BASE failed" >&2; exit 2; }
fi

bench_dll() { echo "$1/tests/Training.Benchmarks/bin/Release/net10.0/Training.Benchmarks.dll"; }
echo "== building both in Release (not counted)"
for tree in "$BASE" "$ROOT"; do
  [ "$BUILD" = 1 ] || break
  (cd "$tree" && dotnet build -c Release tests/Training.Benchmarks -v q -nologo > "$LOGS/build-$(basename "$tree").log" 2>&1) \
    || { echo "the Release build of $tree failed: $LOGS/build-$(basename "$tree").log" >&2; exit 1; }
done
built=$(date +%s)
echo "== built in $((built - started)) s; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# The seed of points and matching for a build: a folder keyed by the seeding code and the migrations it runs on.
seed_key() {
  (cd "$1" && cat tests/Training.Benchmarks/BenchmarkHost.cs "tests/Training.Benchmarks/$2" \
     $(find src -path '*Migrations*' -name '*.cs' | sort) 2>/dev/null | sha256sum | cut -c1-12)
}
if [ "$FULL" = 1 ]; then
  points_args=(--records 500000 --people 20000); matching_args=(--people 100000 --profiles 20000 --records 500000)
else
  points_args=(--records 100000 --people 5000); matching_args=(--people 20000 --profiles 4000 --records 100000)
fi
provider="sqlite"; [ -n "${TRAINING_BENCH_POSTGRES:-}" ] && provider="pg"
ensure_seed() {  # tree, mode, seed code file, args…  → prints the folder; builds it first when absent (not counted)
  local tree="$1" mode="$2" code="$3"; shift 3
  local dir="/tmp/run-all-seed-$mode-$provider-$(seed_key "$tree" "$code")-$(echo "$*" | tr -c 'a-z0-9' '_')"
  if [ ! -f "$dir/.seeded" ]; then
    echo "   building the $mode seed once into $dir (not counted)…" >&2
    local t0; t0=$(date +%s)
    local extra=(--runs 1); [ "$mode" = matching-scale ] && extra=(--iterations 1)
    dotnet "$(bench_dll "$tree")" "$mode" "$@" "${extra[@]}" --database "$dir" > "$LOGS/seed-$mode.log" 2>&1 && touch "$dir/.seeded"
    echo $(( $(date +%s) - t0 )) >> "$LOGS/seeded-seconds"
  fi
  echo "$dir"
}

has_mode() { grep -q "\"$2\"" "$1/tests/Training.Benchmarks/Program.cs"; }

# One benchmark on one build: its output goes to LOGS/NAME.SIDE.log.
run_one() {
  local name="$1" side="$2" tree="$3"
  local log="$LOGS/$name.$side.log" dll; dll="$(bench_dll "$tree")"
  echo "-- $name, $side ($(date -u +%H:%M:%S), load $(cut -d' ' -f1 /proc/loadavg))"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" > "$log"
  local rc=0
  case "$name" in
    pages-registrations) (cd "$tree" && benchmarks/schedule-and-registration/run.sh "${REG_SECONDS:-10}") >> "$log" 2>&1 || rc=$? ;;
    reminders) (cd "$tree" && benchmarks/reminders/run.sh 10000) >> "$log" 2>&1 || rc=$? ;;
    certificates)
      # CertificateJob runs in process: no separate project to build per run; the build is Release already.
      (mkdir -p "$LOGS/bdn-$side" && cd "$LOGS/bdn-$side" && dotnet "$dll" \
         --filter '*CertificateBenchmarks.One' '*ChromiumCertificateBenchmarks*' '*CertificateBenchmarks.Thousand') >> "$log" 2>&1 || rc=$? ;;
    people-import|attendance-import)
      if has_mode "$tree" "$name"; then
        local dir; dir="$(mktemp -d "/tmp/run-all-$name.XXXXXX")"
        dotnet "$dll" "$name" --rows 100000 --database "$dir" >> "$log" 2>&1 || rc=$?
        rm -rf "$dir"
      else echo "not in this build" >> "$log"; fi ;;
    points)
      local dir; dir="$(ensure_seed "$tree" points-scale PointsAtScale.cs "${points_args[@]}")"
      dotnet "$dll" points-scale "${points_args[@]}" --runs 3 --database "$dir" >> "$log" 2>&1 || rc=$? ;;
    matching)
      local dir; dir="$(ensure_seed "$tree" matching-scale MatchingAtScale.cs "${matching_args[@]}")"
      dotnet "$dll" matching-scale "${matching_args[@]}" --iterations 30 --database "$dir" >> "$log" 2>&1 || rc=$? ;;
  esac
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$log"
  [ "$rc" = 0 ] || { echo "   $name on $side failed (exit $rc): $log"; failed=1; }
}

failed=0
i=0
for name in certificates attendance-import people-import reminders pages-registrations points matching; do
  if [ -n "$ONLY" ] && [[ ",$ONLY," != *",$name,"* ]]; then continue; fi
  if [ $((i % 2)) = 0 ]; then run_one "$name" before "$BASE"; run_one "$name" after "$ROOT"
  else run_one "$name" after "$ROOT"; run_one "$name" before "$BASE"; fi
  i=$((i + 1))
done
ended=$(date +%s)
seeded=0; [ -f "$LOGS/seeded-seconds" ] && seeded=$(awk '{ s += $1 } END { print s + 0 }' "$LOGS/seeded-seconds")
echo "== benchmarks: $((ended - built - seeded)) s (seeds built: ${seeded} s, builds: $((built - started)) s, not counted)"

python3 "$ROOT/benchmarks/run-all-table.py" "$LOGS" "$OUT" "${base_sha:0:9}" "${head_sha:0:9}$dirty" \
  "$((ended - built - seeded))" "$([ "$provider" = pg ] && echo PostgreSQL || echo SQLite)" "$FULL" || failed=1
cat "$OUT"
# The README's section between its markers, replaced by this run's table.
python3 - "$ROOT/benchmarks/README.md" "$OUT" <<'PY'
import sys
readme, table = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
text = open(readme, encoding="utf-8").read()
start, end = "<!-- run-all:start -->", "<!-- run-all:end -->"
if start in text and end in text:
    before, rest = text.split(start, 1)
    text = before + start + "\n" + table.rstrip("\n") + "\n" + end + rest.split(end, 1)[1]
    open(readme, "w", encoding="utf-8").write(text)
    print(f"== {readme}: the table between the markers replaced")
PY
exit "$failed"
