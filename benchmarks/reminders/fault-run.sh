#!/usr/bin/env bash
# Fault run for the outbox, with the real application process and Hangfire:
#   1. N reminders are queued (the app's own sweep, via the benchmark tool's --seed-only);
#   2. the app starts and its recurring dispatch job sends them to smtp-sink, which appends every message to a file;
#   3. at about a third, the app is killed with SIGKILL, then started again;
#   4. at about two thirds, the SMTP server is stopped for OUTAGE seconds, then started again;
#   5. when the database says every message is sent, the sink's file is counted: every key present, and duplicates.
# A duplicate is a message the server accepted but whose "sent" mark the kill prevented: at most one per SMTP
# connection open at the kill (the count of connections is printed).
#   benchmarks/reminders/fault-run.sh [people]        (needs: apt-get install -y postfix sqlite3)
#   CONNECTIONS=4 (default) sets Email:Connections; OUTAGE, SINK_PORT, HTTP_PORT as below.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
N="${1:-10000}"
OUTAGE="${OUTAGE:-30}"
PORT="${SINK_PORT:-2526}"
HTTP_PORT="${HTTP_PORT:-5098}"
CONNECTIONS="${CONNECTIONS:-4}"   # Email:Connections: SMTP connections per dispatch
WORK="$(mktemp -d)"
SINK_FILE="$WORK/sink.mbox"
cleanup() { kill -9 $(cat "$WORK/app.pid" 2>/dev/null) 2>/dev/null || true; kill $(cat "$WORK/sink.pid" 2>/dev/null) 2>/dev/null || true; }
trap cleanup EXIT

start_sink() { /usr/sbin/smtp-sink -u "$(id -un)" -D "$SINK_FILE" "127.0.0.1:$PORT" 1000 & echo $! > "$WORK/sink.pid"; }
sent() { sqlite3 "$WORK/db/training.db" "select count(*) from OutboundEmails where Status = 'Sent';"; }
at_sink() { [ -f "$SINK_FILE" ] && grep -c '^X-Training-Key:' "$SINK_FILE" || echo 0; }
start_app() {
  # env execs dotnet, so the pid recorded is the application's own (what SIGKILL must hit).
  cd "$WORK"
  env ASPNETCORE_URLS="http://127.0.0.1:$HTTP_PORT" \
    Database__ConnectionString="Data Source=$WORK/db/training.db" \
    Jobs__StoragePath="$WORK/db/hangfire.db" \
    Site__DataDirectory="$WORK/db/data" \
    Templates__Directory="$ROOT/templates" \
    Smtp__Host=127.0.0.1 Smtp__Port="$PORT" Smtp__Security=None Smtp__TimeoutSeconds=5 \
    Email__BatchSize=200 Email__ClaimSeconds=20 Email__RetryBaseSeconds=5 Email__Connections="$CONNECTIONS" \
    Reminders__WindowStart=00:00 Reminders__WindowEnd=23:59 \
    "Jobs__Schedules__outbox-dispatch=*/5 * * * * *" \
    "Jobs__Schedules__reminder-sweep=0 0 1 1 *" \
    Bootstrap__AdminPassword=Fault-Run-Passw0rd \
    Logging__LogLevel__Default=Warning \
    dotnet "$ROOT/src/Training.Web/bin/Release/net10.0/Training.Web.dll" >> "$WORK/app.log" 2>&1 &
  echo $! > "$WORK/app.pid"
  cd - > /dev/null
}
wait_for() { local target=$1; while [ "$(sent)" -lt "$target" ]; do sleep 0.2; done; }

dotnet build -c Release "$ROOT/tests/Training.Benchmarks" -v q -nologo > /dev/null
echo "queuing $N reminders..."
dotnet "$ROOT/tests/Training.Benchmarks/bin/Release/net10.0/Training.Benchmarks.dll" reminders-e2e --people "$N" --seed-only \
  --smtp "127.0.0.1:$PORT" --database "$WORK/db" 2>&1 | grep -E "^sweep"
start_sink
START=$(date +%s.%N)
start_app
wait_for $((N / 3))
CONNECTIONS=$(ss -tn state established "( dport = :$PORT )" | tail -n +2 | wc -l)
kill -9 "$(cat "$WORK/app.pid")"
wait "$(cat "$WORK/app.pid")" 2>/dev/null || true
echo "SIGKILL with $(sent) marked sent, $(at_sink) at the server, $CONNECTIONS SMTP connection(s) open"
start_app
wait_for $((2 * N / 3))
kill "$(cat "$WORK/sink.pid")"
echo "SMTP server stopped for $OUTAGE s with $(sent) marked sent"
sleep "$OUTAGE"
start_sink
echo "SMTP server back"
wait_for "$N"
END=$(date +%s.%N)
sleep 1
TOTAL=$(at_sink)
UNIQUE=$(grep '^X-Training-Key:' "$SINK_FILE" | sort -u | wc -l)
echo "all $N marked sent after $(echo "$END - $START" | bc) s (including the restart and the ${OUTAGE} s outage)"
echo "at the server: $TOTAL messages, $UNIQUE distinct keys, missing $((N - UNIQUE)), duplicates $((TOTAL - UNIQUE))"
grep -E "fail|Exception" "$WORK/app.log" | head -5 || true
kill -9 "$(cat "$WORK/app.pid")" 2>/dev/null || true
