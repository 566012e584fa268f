#!/usr/bin/env bash
# Load test of the public monthly schedule page and the registration API on loopback, with a year of demo data.
# Usage: benchmarks/schedule-and-registration/run.sh [duration-seconds]   (needs Debian's wrk: apt-get install wrk)
# Non-interactive; PORT=… to run beside another app, SEATS=… free seats on the one course (default 150 a second of run).
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-20}"
port="${PORT:-5099}"
source benchmarks/start-app.sh

month="$(date +%Y-%m)"
sessions=$(sql 'select count(*) from "Sessions"')
here=benchmarks/schedule-and-registration
# The figures, without wrk's other lines; each measurement ends with one "RESULT name=… rps=… p50_ms=… p99_ms=… errors=…" line.
figures() { grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|requests in|p50|RESULT"; }
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg); data: $sessions sessions over a year"
echo "== warm-up"
wrk -t2 -c10 -d3s "$url/Schedule?month=$month" >/dev/null
echo "== GET /Schedule?month=$month  (50 connections, ${duration}s; served from the output cache between changes)"
NAME=schedule-cached wrk -t2 -c50 -d"${duration}s" --latency -s $here/summary.lua "$url/Schedule?month=$month" | figures
echo "== GET /Schedule?month=$month&nocache=<random>  (50 connections, ${duration}s; every request a cache miss, rendered from the database)"
NAME=schedule-rendered wrk -t2 -c50 -d"${duration}s" --latency -s $here/cache-miss.lua "$url/Schedule?month=$month" | figures

now="$(date -u '+%Y-%m-%d %H:%M:%S')"
open_now="\"Status\" = 'Open' and (\"RegistrationOpensAt\" is null or \"RegistrationOpensAt\" <= '$now') and (\"RegistrationClosesAt\" is null or \"RegistrationClosesAt\" > '$now')"
activity=$(sql "select c.\"Id\" from \"Courses\" c join \"Programs\" p on p.\"Id\" = c.\"ProgramId\" where p.\"Name\" = '筋力トレーニングお試し会' order by c.\"Id\" limit 1")
# One training course (booked whole) still to come, with free seats at the start: SEATS more than it has confirmed, so
# that it fills part-way through the run and the seat race happens under load, then the rest wait.
course=$(sql "select c.\"Id\" from \"Courses\" c join \"Programs\" p on p.\"Id\" = c.\"ProgramId\" where p.\"Kind\" = 'CertificateProgram' and c.$open_now and exists (select 1 from \"Sessions\" s where s.\"CourseId\" = c.\"Id\" and s.\"StartsAt\" > '$now') order by c.\"Id\" limit 1")
seats="${SEATS:-$((duration * 150))}"
sql "update \"Courses\" set \"Capacity\" = $seats + (select count(*) from \"Registrations\" r where r.\"CourseId\" = \"Courses\".\"Id\" and r.\"Status\" = 'Confirmed') where \"Id\" = $course" >/dev/null
echo "== warm-up (JIT) for registrations, on course $activity"
EMAIL=1 wrk -t2 -c10 -d5s -s $here/register.lua "$url/api/v1/courses/$activity/registrations" >/dev/null
echo "== POST /api/v1/courses/$course/registrations  (50 connections, ${duration}s; every request a new resident with an email address; $seats seats free at the start, the rest waitlisted)"
NAME=register-one-course EMAIL=1 RUN_OFFSET=2000000 wrk -t2 -c50 -d"${duration}s" --latency -s $here/register.lua "$url/api/v1/courses/$course/registrations" | figures

pace="${PACE_MS:-200}"
echo "== paced on course $activity: each of 100 connections posts every ${pace} ms (±20 %), at most $((100000 / pace)) residents a second (${duration}s), no email"
NAME=register-paced RUN_OFFSET=4000000 PACE_MS="$pace" wrk -t2 -c100 -d"${duration}s" -s $here/register.lua "$url/api/v1/courses/$activity/registrations" | figures

open=$(sql "select \"Id\" from \"Courses\" where $open_now and \"Id\" not in ($course, $activity) order by \"Id\" limit 20" | paste -sd, -)
echo "== POST registrations spread over $(echo "$open" | tr ',' '\n' | wc -l) other open courses  (50 connections, ${duration}s; every request a new resident with an email address)"
NAME=register-spread EMAIL=1 RUN_OFFSET=6000000 COURSES="$open" wrk -t2 -c50 -d"${duration}s" --latency -s $here/register.lua "$url/api/v1/courses/$course/registrations" | figures

# Every course the run touched: no session holds more confirmed bookings than the course's seats (a training course's
# booking covers every session; an activity's, the sessions from FromSession to UntilSession), the waiting places of
# each course are 1..n, and nobody is booked twice on a course.
touched="$course,$activity,$open"
overbooked=$(sql "select c.\"Id\" || ':' || s.\"SequenceNumber\" || ':' || count(r.\"Id\") || '>' || c.\"Capacity\" from \"Courses\" c join \"Sessions\" s on s.\"CourseId\" = c.\"Id\"
  left join \"Registrations\" r on r.\"CourseId\" = c.\"Id\" and r.\"Status\" = 'Confirmed' and (r.\"FromSession\" is null or (r.\"FromSession\" <= s.\"SequenceNumber\" and (r.\"UntilSession\" is null or s.\"SequenceNumber\" <= r.\"UntilSession\")))
  where c.\"Id\" in ($touched) group by c.\"Id\", c.\"Capacity\", s.\"SequenceNumber\" having count(r.\"Id\") > c.\"Capacity\"" | paste -sd' ' -)
positions=$(sql "select \"CourseId\" || ':' || \"WaitlistPosition\" from \"Registrations\" where \"CourseId\" in ($touched) and \"Status\" = 'Waitlisted' order by \"CourseId\", \"WaitlistPosition\"" | paste -sd' ' -)
twice=$(sql "select count(*) from (select 1 from \"Registrations\" where \"CourseId\" in ($touched) group by \"CourseId\", \"PersonId\" having count(*) > 1) t")
capacity=$(sql "select \"Capacity\" from \"Courses\" where \"Id\" = $course")
confirmed=$(sql "select count(*) from \"Registrations\" where \"CourseId\" = $course and \"Status\" = 'Confirmed'")
waiting=$(sql "select count(*) from \"Registrations\" where \"CourseId\" = $course and \"Status\" = 'Waitlisted'")
python3 - "$touched" "$overbooked" "$positions" "$twice" "$capacity" "$confirmed" "$waiting" <<'PY'
import sys
from collections import defaultdict
touched, overbooked, positions, twice, capacity, confirmed, waiting = sys.argv[1:8]
by_course = defaultdict(list)
for item in positions.split():
    course, position = item.split(":")
    by_course[course].append(int(position))
gaps = [c for c, p in by_course.items() if p != list(range(1, len(p) + 1))]
courses = len(touched.split(","))
ok = not overbooked and not gaps and twice == "0" and int(confirmed) <= int(capacity)
print(f"== check over the {courses} courses touched: overbooked sessions: {overbooked or 'none'}; waiting places not 1..n: {','.join(gaps) or 'none'}; "
      f"booked twice: {twice}; the one course: capacity {capacity}, confirmed {confirmed}, waitlisted {waiting}")
print(f"RESULT name=check overbooked={len(overbooked.split())} gaps={len(gaps)} twice={twice} ok={int(ok)}")
sys.exit(0 if ok else 1)
PY
