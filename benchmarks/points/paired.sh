#!/usr/bin/env bash
# Volunteer points, two builds paired on the same seeded database: each side runs points-scale on a fresh copy of it
# (SQLite: the file copied; PostgreSQL: a database made from the seeded one as template), BEFORE then AFTER, back to back.
#   BEFORE, AFTER: folders holding a Release build of the bench, e.g.
#     git archive main | tar -x -C /tmp/main-src && dotnet build -c Release -o /tmp/before /tmp/main-src/tests/Training.Benchmarks
#     dotnet build -c Release -o /tmp/after tests/Training.Benchmarks
#   SEED: a folder seeded once by points-scale (run.sh with that folder); with TRAINING_BENCH_POSTGRES set, the database
#     points-scale made for that folder is the template (nothing may be connected to it).
# Usage: benchmarks/points/paired.sh BEFORE AFTER [runs] [SEED]
set -euo pipefail
before="$1"; after="$2"; runs="${3:-3}"; seed="$(realpath "${4:-/tmp/training-points-bench-500000}")"
# The database BenchmarkHost names after a folder: bench_ and the first 12 hex digits of the folder's SHA-256.
database() { echo "bench_$(echo -n "$1" | sha256sum | cut -c1-12)"; }
for side in before after; do
  build="$before"; [ "$side" = after ] && build="$after"
  copy="$seed-$side"
  rm -rf "$copy"; mkdir -p "$copy"; cp -r "$seed/data" "$copy/" 2>/dev/null || true
  if [ -n "${TRAINING_BENCH_POSTGRES:-}" ]; then
    psql "$(echo "$TRAINING_BENCH_POSTGRES" | sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Database=/dbname=/')" -q \
      -c "DROP DATABASE IF EXISTS $(database "$copy")" -c "CREATE DATABASE $(database "$copy") TEMPLATE $(database "$seed")"
  else
    cp "$seed"/training.db* "$seed"/hangfire.db* "$copy/"
  fi
  echo "== $side ($build), $(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  (cd /tmp && dotnet "$build/Training.Benchmarks.dll" points-scale --runs "$runs" --database "$copy")
done
