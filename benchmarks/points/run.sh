#!/usr/bin/env bash
# Volunteer points: a whole fiscal year of activity records (500,000 by default) derived again, in three cases per run
# (first derivation with no awards, again with nothing changed, again after one kind's rule changed); prints each run,
# its phases and the median per case. Target: under 2 s.
# Seeds once into DIR (kept, so a second run skips the seeding); SQLite by default, PostgreSQL when
# TRAINING_BENCH_POSTGRES names a server (see benchmarks/README.md).
# Usage: benchmarks/points/run.sh [records] [people] [runs] [DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
records="${1:-500000}"
people="${2:-20000}"
runs="${3:-5}"
dir="${4:-/tmp/training-points-bench-$records}"
dotnet run -c Release --project tests/Training.Benchmarks -- points-scale --records "$records" --people "$people" --runs "$runs" --database "$dir"
