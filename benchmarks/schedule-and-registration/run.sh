#!/usr/bin/env bash
# Load test of the public monthly schedule page and the registration API on loopback, with a year of demo data.
# Usage: benchmarks/schedule-and-registration/run.sh [duration-seconds]   (needs Debian's wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-20}"
port=5099
source benchmarks/start-app.sh

month="$(date +%Y-%m)"
sessions=$(sql 'select count(*) from "Sessions"')
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; data: $sessions sessions over a year"
echo "== warm-up"
wrk -t2 -c10 -d3s "$url/Schedule?month=$month" >/dev/null
echo "== GET /Schedule?month=$month  (50 connections, ${duration}s; served from the output cache between changes)"
wrk -t2 -c50 -d"${duration}s" --latency "$url/Schedule?month=$month" | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|requests in"
echo "== GET /Schedule?month=$month&nocache=<random>  (50 connections, ${duration}s; every request a cache miss, rendered from the database)"
wrk -t2 -c50 -d"${duration}s" --latency -s benchmarks/schedule-and-registration/cache-miss.lua "$url/Schedule?month=$month" | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|requests in"

course=$(sql "select c.\"Id\" from \"Courses\" c join \"Programs\" p on p.\"Id\" = c.\"ProgramId\" where p.\"Name\" = '筋力トレーニングお試し会' order by c.\"Id\" limit 1")
echo "== warm-up (JIT) for registrations"
wrk -t2 -c10 -d5s -s benchmarks/schedule-and-registration/register.lua "$url/api/v1/courses/$course/registrations" >/dev/null
echo "== POST /api/v1/courses/$course/registrations  (50 connections, ${duration}s; capacity 12, the rest waitlisted)"
RUN_OFFSET=2000000 wrk -t2 -c50 -d"${duration}s" --latency -s benchmarks/schedule-and-registration/register.lua "$url/api/v1/courses/$course/registrations" \
  | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|requests in|p50"

pace="${PACE_MS:-200}"
echo "== the same, paced: each of 100 connections posts every ${pace} ms (±20 %), at most $((100000 / pace)) residents a second (${duration}s)"
RUN_OFFSET=4000000 PACE_MS="$pace" wrk -t2 -c100 -d"${duration}s" -s benchmarks/schedule-and-registration/register.lua "$url/api/v1/courses/$course/registrations" \
  | grep -E "Non-2xx|p50"

now="$(date -u '+%Y-%m-%d %H:%M:%S')"
open=$(sql "select \"Id\" from \"Courses\" where \"Status\" = 'Open' and (\"RegistrationOpensAt\" is null or \"RegistrationOpensAt\" <= '$now') and (\"RegistrationClosesAt\" is null or \"RegistrationClosesAt\" > '$now') and \"Id\" <> $course order by \"Id\" limit 20" | paste -sd, -)
echo "== POST registrations spread over $(echo "$open" | tr ',' '\n' | wc -l) other open courses  (50 connections, ${duration}s; writes to different courses)"
RUN_OFFSET=6000000 COURSES="$open" wrk -t2 -c50 -d"${duration}s" --latency -s benchmarks/schedule-and-registration/register.lua "$url/api/v1/courses/$course/registrations" \
  | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|requests in|p50"

capacity=$(sql "select \"Capacity\" from \"Courses\" where \"Id\" = $course")
confirmed=$(sql "select count(*) from \"Registrations\" where \"CourseId\" = $course and \"Status\" = 'Confirmed'")
positions=$(sql "select \"WaitlistPosition\" from \"Registrations\" where \"CourseId\" = $course and \"Status\" = 'Waitlisted' order by \"WaitlistPosition\"" | tr '\n' ' ')
people=$(sql "select count(distinct \"PersonId\") from \"Registrations\" where \"CourseId\" = $course")
total=$(sql "select count(*) from \"Registrations\" where \"CourseId\" = $course")
python3 - "$capacity" "$confirmed" "$people" "$total" $positions <<'PY'
import sys
capacity, confirmed, people, total = map(int, sys.argv[1:5]); positions = [int(p) for p in sys.argv[5:]]
contiguous = positions == list(range(1, len(positions) + 1))
print(f"== check: capacity {capacity}, confirmed {confirmed}, waitlisted {len(positions)}, "
      f"positions 1..{len(positions)} contiguous: {contiguous}, one registration per person: {people == total}")
sys.exit(0 if confirmed <= capacity and contiguous and people == total else 1)
PY
