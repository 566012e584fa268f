# Sourced by the benchmark scripts: publishes the app in Release and starts it on $port with a year of demo data,
# in a temporary folder that is removed on exit. Sets $url, $work and $app.
work="$(mktemp -d)"
url="http://127.0.0.1:$port"
app=
trap 'if [ -n "$app" ]; then kill $app 2>/dev/null || true; fi; rm -rf "$work"' EXIT

dotnet publish src/Training.Web -c Release -o "$work/app" --nologo -v q >/dev/null
export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$url"
export Database__ConnectionString="Data Source=$work/training.db" Jobs__StoragePath="$work/hangfire.db"
export Email__PickupDirectory="$work/pickup" Site__DataDirectory="$work/data" Bootstrap__AdminEmail=admin@example.jp
export Bootstrap__AdminPassword="Bench-Admin-Passw0rd" RateLimits__PublicFormsPerMinute=1000000 Logging__LogLevel__Default=Warning
export Database__SqliteSynchronous="${SQLITE_SYNCHRONOUS:-FULL}"
(cd "$work/app" && exec dotnet Training.Web.dll --seed-demo-year) > "$work/app.log" 2>&1 &
app=$!
for _ in $(seq 1 120); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.5; done
curl -sf "$url/healthz" >/dev/null || { echo "the app did not start:"; cat "$work/app.log"; exit 1; }
