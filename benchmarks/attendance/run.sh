#!/usr/bin/env bash
# Load test of the tablet roster page for a session with 60 registrants, 20 concurrent coordinators, on loopback:
# first as fast as the server answers (saturation), then at a person's pace (paced.lua).
# Usage: benchmarks/attendance/run.sh [duration-seconds]   (needs Debian's wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-15}"
port=5096
source benchmarks/start-app.sh

# The supporter course (a certificate program, so every row also shows its completion assessment), room for 60,
# and its most recent past session; filled up to 60 registrants through the API.
now="$(date -u '+%Y-%m-%d %H:%M:%S')"
course=$(sql "select c.\"Id\" from \"Courses\" c join \"Programs\" p on p.\"Id\" = c.\"ProgramId\" where p.\"Name\" = '生活支援サポーター養成講座' order by c.\"Id\" limit 1")
sql "update \"Courses\" set \"Capacity\" = 60 where \"Id\" = $course" >/dev/null
session=$(sql "select \"Id\" from \"Sessions\" where \"CourseId\" = $course and \"StartsAt\" < '$now' order by \"StartsAt\" desc limit 1")
registered=$(sql "select count(*) from \"Registrations\" where \"CourseId\" = $course and \"Status\" = 'Confirmed'")
missing=$((60 - registered))
for i in $(seq 1 "$missing"); do
  curl -sf -o /dev/null -H "Content-Type: application/json" "$url/api/v1/courses/$course/registrations" \
    -d "{\"familyName\":\"参加$i\",\"givenName\":\"花子\",\"familyNameKana\":\"さんか\",\"givenNameKana\":\"はなこ\",\"phone\":\"0551-00-$(printf %04d $i)\",\"consent\":true}"
done

jar="$work/cookies"
token=$(curl -s -c "$jar" -b "$jar" "$url/Account/Login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "Input.Email=admin@example.jp" --data-urlencode "Input.Password=Bench-Admin-Passw0rd" \
  --data-urlencode "__RequestVerificationToken=$token" "$url/Account/Login"
cookie=$(awk '!/^#/ && NF >= 7 { printf "%s=%s; ", $6, $7 } /^#HttpOnly_/ { printf "%s=%s; ", $6, $7 }' "$jar")
rows=$(curl -s -H "Cookie: $cookie" "$url/Staff/Sessions/$session/Roster" | grep -c 'class="roster__row' || true)
echo "== machine: $(nproc) cores; roster of session $session with $rows registrants"
wrk -t2 -c5 -d3s -H "Cookie: $cookie" "$url/Staff/Sessions/$session/Roster" >/dev/null
echo "== GET /Staff/Sessions/$session/Roster  (20 connections, ${duration}s)"
wrk -t2 -c20 -d"${duration}s" --latency -H "Cookie: $cookie" "$url/Staff/Sessions/$session/Roster" | grep -E "Requests/sec|Latency|50%|75%|90%|99%|Non-2xx|requests in"
echo "== the same page, 20 coordinators at a person's pace (a request every 1–3 s each, 30s)"
wrk -t2 -c20 -d30s -s benchmarks/attendance/paced.lua -H "Cookie: $cookie" "$url/Staff/Sessions/$session/Roster" | grep -E "^paced|Non-2xx"
