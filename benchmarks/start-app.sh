# Sourced by the benchmark scripts: publishes the app in Release and starts it on $port with a year of demo data,
# in a temporary folder that is removed on exit. Sets $url, $work and $app, and defines `sql "SELECT …"`, which
# prints the rows (tab-separated) from whichever database the app runs on.
# On SQLite by default; with TRAINING_BENCH_POSTGRES set to an admin connection string (as .ci/start-postgres prints)
# the app runs on a new PostgreSQL database there, dropped on exit.
work="$(mktemp -d)"
url="http://127.0.0.1:$port"
app=
pgdb=
cleanup() {
  if [ -n "$app" ]; then kill $app 2>/dev/null || true; wait $app 2>/dev/null || true; fi
  if [ -n "$pgdb" ]; then psql_admin -c "DROP DATABASE IF EXISTS \"$pgdb\" WITH (FORCE)" >/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# libpq's variables from an Npgsql connection string: Host=…;Port=…;Username=…;Password=…
pg_env() {
  local IFS=';' part
  for part in $TRAINING_BENCH_POSTGRES; do
    case "${part%%=*}" in
      Host) export PGHOST="${part#*=}" ;; Port) export PGPORT="${part#*=}" ;;
      Username) export PGUSER="${part#*=}" ;; Password) export PGPASSWORD="${part#*=}" ;;
    esac
  done
}
psql_admin() { PGTZ=UTC psql -X -q -d postgres "$@"; }

# APP_DIR=… runs an app published beforehand (a paired run alternating two commits publishes each once).
if [ -n "${APP_DIR:-}" ]; then cp -r "$APP_DIR" "$work/app"
else dotnet publish src/Training.Web -c Release -o "$work/app" --nologo -v q >/dev/null; fi
export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$url"
if [ -n "${TRAINING_BENCH_POSTGRES:-}" ]; then
  pg_env
  pgdb="bench_app_$$"
  psql_admin -c "CREATE DATABASE \"$pgdb\"" >/dev/null
  export Database__Provider=PostgreSql Database__ConnectionString="$TRAINING_BENCH_POSTGRES;Database=$pgdb;Maximum Pool Size=100"
  sql() { PGTZ=UTC psql -X -q -t -A -F $'\t' -d "$pgdb" -c "$1"; }
  provider=PostgreSQL
else
  export Database__ConnectionString="Data Source=$work/training.db" Jobs__StoragePath="$work/hangfire.db"
  sql() { python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2]).fetchall(); c.commit(); print('\n'.join('\t'.join(str(v) for v in row) for row in r))" "$work/training.db" "$1"; }
  provider=SQLite
fi
export Email__PickupDirectory="$work/pickup" Site__DataDirectory="$work/data" Bootstrap__AdminEmail=admin@example.jp
export Bootstrap__AdminPassword="Bench-Admin-Passw0rd" RateLimits__PublicFormsPerMinute=1000000 Logging__LogLevel__Default=Warning
export Database__SqliteSynchronous="${SQLITE_SYNCHRONOUS:-FULL}"
(cd "$work/app" && exec dotnet Training.Web.dll --seed-demo-year) > "$work/app.log" 2>&1 &
app=$!
for _ in $(seq 1 240); do curl -sf "$url/health/ready" >/dev/null && break; sleep 0.5; done
curl -sf "$url/health/ready" >/dev/null || { echo "the app did not start:"; cat "$work/app.log"; exit 1; }
echo "== database: $provider"
