#!/usr/bin/env bash
# Reminders end to end: N people registered for a session tomorrow; the reminder sweep queues N emails; the outbox
# sends them to Postfix's smtp-sink on loopback; then a plain MailKit loop sends the same message N times to the same
# sink, for the ratio. Needs: apt-get install -y postfix (only /usr/sbin/smtp-sink is used; no mail system runs).
#   benchmarks/reminders/run.sh [people] [dispatchers]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PEOPLE="${1:-10000}"
DISPATCHERS="${2:-1}"
PORT="${SINK_PORT:-2525}"
WORK="$(mktemp -d)"
trap 'kill $(cat "$WORK/sink.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$WORK"' EXIT

/usr/sbin/smtp-sink -u "$(id -un)" "127.0.0.1:$PORT" 1000 & echo $! > "$WORK/sink.pid"
dotnet build -c Release "$ROOT/tests/Training.Benchmarks" -v q -nologo > /dev/null
dotnet "$ROOT/tests/Training.Benchmarks/bin/Release/net10.0/Training.Benchmarks.dll" reminders-e2e \
  --people "$PEOPLE" --dispatchers "$DISPATCHERS" --smtp "127.0.0.1:$PORT" --database "$WORK/db" 2>&1 \
  | grep -E "^(sweep|dispatch|end to end|plain|ratio|message)"
