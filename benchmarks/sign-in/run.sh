#!/usr/bin/env bash
# Sign-in timing: a wrong password for a real account and for an unknown address must cost the same work (one
# password hash verified), so that the answer's time does not tell which addresses are staff accounts.
# Fails (exit 1) when either median is less than 0.4 times the other — the check that used to be a timed test
# (tests/Training.Tests/Web/SignInTests.cs keeps the same-answer half).
# Usage: benchmarks/sign-in/run.sh [attempts-each]   (default 8, as the test had: more failures on one account from
# many addresses bring the per-account throttle, whose answer is another page; interleaved, each from its own address)
set -euo pipefail
cd "$(dirname "$0")/../.."
attempts="${1:-8}"
port=5097
export RateLimits__SignInPerMinute=100000
source benchmarks/start-app.sh
# Each attempt names its own address in X-Forwarded-For (loopback is a trusted proxy by default), as a browser behind
# the city's proxy would, so that neither the per-address limit nor the throttle answers instead of the password check.

attempt() { # email, address → seconds the POST took
  local jar="$work/jar-$2" token
  token=$(curl -s -c "$jar" -b "$jar" -H "X-Forwarded-For: $2" "$url/Account/Login" \
    | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
  curl -s -o /dev/null -w '%{time_total}\n' -c "$jar" -b "$jar" -H "X-Forwarded-For: $2" \
    --data-urlencode "Input.Email=$1" --data-urlencode "Input.Password=not-the-password-1" \
    --data-urlencode "__RequestVerificationToken=$token" "$url/Account/Login"
}
known=() unknown=()
for i in $(seq 1 "$attempts"); do
  known+=("$(attempt admin@example.jp "192.0.2.$i")")
  unknown+=("$(attempt nobody@example.jp "198.51.100.$i")")
done
python3 - "${known[*]}" "${unknown[*]}" <<'PY'
import statistics, sys
known = [float(v) * 1000 for v in sys.argv[1].split()]
unknown = [float(v) * 1000 for v in sys.argv[2].split()]
k, u = statistics.median(known), statistics.median(unknown)
print(f"== wrong password, real account: median {k:.0f} ms; unknown address: median {u:.0f} ms; ratio {u / k:.2f}")
if not (u > k * 0.4 and k > u * 0.4):
    print("FAIL: an unknown address answers at a different speed from a real account"); sys.exit(1)
print("ok: the same work either way")
PY
