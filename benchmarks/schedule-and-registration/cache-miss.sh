#!/usr/bin/env bash
# The schedule page rendered from the database (every request a cache miss), alone: a warm-up, then three runs, so the
# JIT's settling shows instead of hiding in one figure.
# Usage: benchmarks/schedule-and-registration/cache-miss.sh [seconds-per-run]   (needs Debian's wrk)
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-10}"
port=5099
source benchmarks/start-app.sh
month="$(date +%Y-%m)"
wrk -t2 -c10 -d3s -s benchmarks/schedule-and-registration/cache-miss.lua "$url/Schedule?month=$month" >/dev/null
for run in 1 2 3; do
  echo "== run $run: GET /Schedule?month=$month&nocache=<random>  (50 connections, ${duration}s)"
  wrk -t2 -c50 -d"${duration}s" --latency -s benchmarks/schedule-and-registration/cache-miss.lua "$url/Schedule?month=$month" | grep -E "Requests/sec|50%|99%"
done
