#!/usr/bin/env bash
# Two app nodes, one PostgreSQL database, the real processes with their own Hangfire servers:
#   1. N reminders are queued (the app's own sweep, via the benchmark tool's --seed-only) in a new database;
#   2. node A and node B start, sharing the database and the data folder; both dispatch every 5 s to smtp-sink,
#      which appends every message to a file;
#   3. at about a third, node A is killed with SIGKILL; node B carries on alone (A's claimed batch is taken over
#      when its claim expires); at about two thirds node A starts again;
#   4. when the database says every message is sent, the sink's file is counted: every key present, and duplicates,
#      and Hangfire's history says how many servers ran dispatch jobs.
# A duplicate can only be a message the server accepted whose "sent" mark the kill prevented: at most one per SMTP
# connection node A had open at the kill (printed).
#   benchmarks/two-nodes/run.sh [people]     (needs: apt-get install -y postfix postgresql; uses TRAINING_BENCH_POSTGRES
#                                             or starts a durable cluster with .ci/start-postgres)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
N="${1:-10000}"
PORT="${SINK_PORT:-2527}"
WORK="$(mktemp -d)"
SINK_FILE="$WORK/sink.mbox"
export TRAINING_BENCH_POSTGRES="${TRAINING_BENCH_POSTGRES:-$(TRAINING_PG_DURABLE=1 "$ROOT/.ci/start-postgres" /tmp/training-bench-pg 55434)}"
cleanup() {
  for node in a b; do kill -9 $(cat "$WORK/$node.pid" 2>/dev/null) 2>/dev/null || true; done
  kill $(cat "$WORK/sink.pid" 2>/dev/null) 2>/dev/null || true
}
trap cleanup EXIT

# The database the benchmark tool made for "$WORK/db" (BenchmarkHost names it after the folder).
DB="bench_$(printf %s "$WORK/db" | sha256sum | cut -c1-12)"
CONNECTION="$TRAINING_BENCH_POSTGRES;Database=$DB"
IFS=';' read -ra parts <<< "$TRAINING_BENCH_POSTGRES"
for part in "${parts[@]}"; do
  case "${part%%=*}" in Host) export PGHOST="${part#*=}";; Port) export PGPORT="${part#*=}";; Username) export PGUSER="${part#*=}";; Password) export PGPASSWORD="${part#*=}";; esac
done
sql() { psql -X -q -t -A -d "$DB" -c "$1"; }
sent() { sql "select count(*) from \"OutboundEmails\" where \"Status\" = 'Sent'"; }
at_sink() { [ -f "$SINK_FILE" ] && grep -c '^X-Training-Key:' "$SINK_FILE" || echo 0; }
start_sink() { /usr/sbin/smtp-sink -u "$(id -un)" -D "$SINK_FILE" "127.0.0.1:$PORT" 1000 & echo $! > "$WORK/sink.pid"; }
start_node() {
  local node=$1 http=$2
  cd "$WORK"
  env ASPNETCORE_URLS="http://127.0.0.1:$http" \
    Database__Provider=PostgreSql Database__ConnectionString="$CONNECTION" \
    Site__DataDirectory="$WORK/db/data" Templates__Directory="$ROOT/templates" \
    Smtp__Host=127.0.0.1 Smtp__Port="$PORT" Smtp__Security=None Smtp__TimeoutSeconds=5 \
    Email__BatchSize=200 Email__ClaimSeconds=20 Email__RetryBaseSeconds=5 \
    Reminders__WindowStart=00:00 Reminders__WindowEnd=23:59 \
    "Jobs__Schedules__outbox-dispatch=*/5 * * * * *" \
    "Jobs__Schedules__reminder-sweep=0 0 1 1 *" \
    Bootstrap__AdminPassword=Two-Nodes-Passw0rd Logging__LogLevel__Default=Warning \
    dotnet "$ROOT/src/Training.Web/bin/Release/net10.0/Training.Web.dll" >> "$WORK/$node.log" 2>&1 &
  echo $! > "$WORK/$node.pid"
  cd - > /dev/null
}
wait_for() { local target=$1; while [ "$(sent)" -lt "$target" ]; do sleep 0.2; done; }

dotnet build -c Release "$ROOT/src/Training.Web" -v q -nologo > /dev/null
dotnet build -c Release "$ROOT/tests/Training.Benchmarks" -v q -nologo > /dev/null
echo "queuing $N reminders in PostgreSQL database $DB..."
dotnet "$ROOT/tests/Training.Benchmarks/bin/Release/net10.0/Training.Benchmarks.dll" reminders-e2e --people "$N" --seed-only \
  --smtp "127.0.0.1:$PORT" --database "$WORK/db" 2>&1 | grep -E "^sweep"
start_sink
START=$(date +%s.%N)
start_node a 5111
start_node b 5112
wait_for $((N / 3))
CONNECTIONS=$(ss -tnp state established "( dport = :$PORT )" | grep -c "pid=$(cat "$WORK/a.pid")," || true)
kill -9 "$(cat "$WORK/a.pid")"
wait "$(cat "$WORK/a.pid")" 2>/dev/null || true
echo "node A killed (SIGKILL) with $(sent) marked sent, $(at_sink) at the server, $CONNECTIONS SMTP connection(s) of node A open"
wait_for $((2 * N / 3))
echo "node B alone reached $(sent) marked sent; node A starts again"
start_node a 5111
wait_for "$N"
END=$(date +%s.%N)
sleep 1
TOTAL=$(at_sink)
UNIQUE=$(grep '^X-Training-Key:' "$SINK_FILE" | sort -u | wc -l)
SERVERS=$(sql "select count(distinct (s.data::jsonb->>'ServerId')) from hangfire.state s join hangfire.job j on j.id = s.jobid where s.name = 'Processing' and j.invocationdata::text like '%OutboxDispatchJob%'")
echo "all $N marked sent after $(echo "$END - $START" | bc) s (including the kill)"
echo "dispatch jobs were run by $SERVERS different Hangfire servers (node A, node B; node A again after its restart if it ran one)"
echo "at the server: $TOTAL messages, $UNIQUE distinct keys, missing $((N - UNIQUE)), duplicates $((TOTAL - UNIQUE))"
grep -hE "fail|Exception" "$WORK/a.log" "$WORK/b.log" | head -5 || true
