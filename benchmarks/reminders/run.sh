#!/usr/bin/env bash
# Reminders end to end: N people registered for a session tomorrow; the reminder sweep queues N emails; the outbox
# sends them to Postfix's smtp-sink on loopback. Then, for the ratio, the same rows are dispatched again alone (warm),
# and a plain MailKit loop sends the same N distinct messages, built beforehand, over as many connections, to the same
# sink. Needs: apt-get install -y postfix (only /usr/sbin/smtp-sink is used; no mail system runs).
#   benchmarks/reminders/run.sh [people] [dispatchers] [connections per dispatcher, Email:Connections]
# On PostgreSQL: TRAINING_BENCH_POSTGRES='Host=…;Username=…;Database=postgres' benchmarks/reminders/run.sh …
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PEOPLE="${1:-10000}"
DISPATCHERS="${2:-1}"
CONNECTIONS="${3:-4}"
PORT="${SINK_PORT:-2525}"
WORK="$(mktemp -d)"
trap 'kill $(cat "$WORK/sink.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$WORK"' EXIT

/usr/sbin/smtp-sink -u "$(id -un)" "127.0.0.1:$PORT" 1000 & echo $! > "$WORK/sink.pid"
dotnet build -c Release "$ROOT/tests/Training.Benchmarks" -v q -nologo > /dev/null
dotnet "$ROOT/tests/Training.Benchmarks/bin/Release/net10.0/Training.Benchmarks.dll" reminders-e2e \
  --people "$PEOPLE" --dispatchers "$DISPATCHERS" --connections "$CONNECTIONS" --smtp "127.0.0.1:$PORT" --database "$WORK/db" 2>&1 \
  | grep -E "^(database|sweep|dispatch|end to end|plain|ratio|message)"
