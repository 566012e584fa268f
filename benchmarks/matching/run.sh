#!/usr/bin/env bash
# Matching suggestions for one need (Activities/Matching.SuggestAsync) among 100,000 people, 20,000 helper profiles and
# 500,000 activity records: seeds once in bulk into a folder (kept, so a second run times at once), then times the
# service call warm, each call in its own scope, for an administrator and for one district's coordinator; prints the
# median and p95. On PostgreSQL when TRAINING_BENCH_POSTGRES names a server (see benchmarks/README.md).
# Usage: benchmarks/matching/run.sh [people] [profiles] [records] [iterations]
set -euo pipefail
cd "$(dirname "$0")/../.."
people="${1:-100000}"; profiles="${2:-20000}"; records="${3:-500000}"; iterations="${4:-100}"
folder="${MATCHING_BENCH_DIR:-/tmp/training-matching-district-$people-$profiles-$records}"
dotnet run -c Release --project tests/Training.Benchmarks -- matching-scale --people "$people" --profiles "$profiles" --records "$records" \
  --iterations "$iterations" --database "$folder"
