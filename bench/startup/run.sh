#!/usr/bin/env bash
# Start-up benchmark (not a test): time from process start to the first 200 from /health, and resident
# memory right after, for the published host on an empty SQLite database and for a bare ASP.NET Core app.
# Usage: RUNS=5 bench/startup/run.sh      (see bench/startup/README.md)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

RUNS=${RUNS:-5}
TARGET_MS=1500
TARGET_MB=200
TIMEOUT_S=${TIMEOUT_S:-60}
command -v dotnet >/dev/null 2>&1 || { echo "error: dotnet not found" >&2; exit 1; }
command -v curl >/dev/null 2>&1 || { echo "error: curl not found" >&2; exit 1; }

WORK=$(mktemp -d /tmp/platform-bench.XXXXXX)
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then kill -9 "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> publishing Platform.Cms (Release)" >&2
# Both apps are published the way a deployment would be: ReadyToRun (precompiled), framework-dependent.
R2R=(-r linux-x64 --self-contained false -p:PublishReadyToRun=true)
dotnet publish src/Platform.Cms -c Release "${R2R[@]}" -o "$WORK/publish" --nologo -v quiet >&2

echo "==> creating and publishing the bare ASP.NET Core app in $WORK/bare" >&2
mkdir -p "$WORK/bare"
# Empty Directory.Build.props/.targets/Packages.props stop MSBuild from looking further up the tree.
for f in Directory.Build.props Directory.Build.targets Directory.Packages.props; do echo '<Project />' >"$WORK/bare/$f"; done
cat >"$WORK/bare/Bare.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
</Project>
EOF
cat >"$WORK/bare/Program.cs" <<'EOF'
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
app.Run();
EOF
(cd "$WORK/bare" && dotnet publish Bare.csproj -c Release "${R2R[@]}" -o "$WORK/bare-publish" --nologo -v quiet >&2)

# free_port, wait_http
# shellcheck source=../lib.sh
source bench/lib.sh

# measure NAME DLL -> appends "ms rss_kb hwm_kb" to $WORK/NAME.txt
measure() {
  local name=$1 dll=$2 data port t0 t1
  data=$(mktemp -d "$WORK/data.XXXXXX")
  port=$(free_port)
  t0=$(date +%s%N)
  # Content root = publish folder, as in a deployment; the data dir is empty, so the database starts empty.
  (cd "$(dirname "$dll")" && Platform__DataPath="$data" exec dotnet "$dll" --urls "http://127.0.0.1:$port") >"$WORK/$name.log" 2>&1 &
  APP_PID=$!
  wait_http "http://127.0.0.1:$port/health" "$APP_PID" "$TIMEOUT_S" "$WORK/$name.log" || exit 1
  t1=$(date +%s%N)
  local rss hwm
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$APP_PID/status")
  hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$APP_PID/status")
  kill "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
  rm -rf "$data"
  echo "$(((t1 - t0) / 1000000)) $rss $hwm" >>"$WORK/$name.txt"
  echo "    $name run: $(((t1 - t0) / 1000000)) ms, RSS $((rss / 1024)) MB, peak $((hwm / 1024)) MB" >&2
}

for i in $(seq 1 "$RUNS"); do
  echo "==> run $i/$RUNS" >&2
  measure bare "$WORK/bare-publish/Bare.dll"
  measure platform "$WORK/publish/Platform.Cms.dll"
done

# pick FILE COLUMN median|max -> integer (an even count takes the mean of the two middle values)
pick() {
  awk -v c="$2" '{print $c}' "$1" | sort -n | awk -v m="$3" '
    { v[NR] = $1 }
    END { if (m == "max") print v[NR]; else if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", (b > 0 ? a / b : 0) }'; }

p_ms=$(pick "$WORK/platform.txt" 1 median); p_max=$(pick "$WORK/platform.txt" 1 max)
p_rss=$(pick "$WORK/platform.txt" 2 median); p_hwm=$(pick "$WORK/platform.txt" 3 median)
b_ms=$(pick "$WORK/bare.txt" 1 median); b_max=$(pick "$WORK/bare.txt" 1 max)
b_rss=$(pick "$WORK/bare.txt" 2 median); b_hwm=$(pick "$WORK/bare.txt" 3 median)
verdict() { if [ "$1" -le "$2" ]; then echo "✅ ≤ $2 $3"; else echo "❌ > $2 $3"; fi; }

DATE=$(date +%F)
OUT="bench/results/$DATE-startup.md"
mkdir -p bench/results
{
  echo "# 启动基准 / Start-up benchmark — $DATE"
  echo
  echo "Time from process start to the first HTTP 200 from \`/health\`; resident memory (VmRSS) read right after; peak = VmHWM."
  echo "Platform: published Release build (ReadyToRun, both apps), empty SQLite database (no \`--demo\`). Bare: ASP.NET Core app mapping only \`/health\`."
  echo
  echo "| app | runs | median start (ms) | max start (ms) | median RSS (MB) | median peak RSS (MB) |"
  echo "|---|---:|---:|---:|---:|---:|"
  echo "| Platform.Cms | $RUNS | $p_ms | $p_max | $(mb "$p_rss") | $(mb "$p_hwm") |"
  echo "| bare ASP.NET Core | $RUNS | $b_ms | $b_max | $(mb "$b_rss") | $(mb "$b_hwm") |"
  echo "| ratio platform / bare | | $(ratio "$p_ms" "$b_ms") | $(ratio "$p_max" "$b_max") | $(ratio "$p_rss" "$b_rss") | $(ratio "$p_hwm" "$b_hwm") |"
  echo
  echo "Targets (platform): start $(verdict "$p_max" "$TARGET_MS" ms) (max of $RUNS), RSS $(verdict "$(mb "$p_rss")" "$TARGET_MB" MB) (median)."
  echo
  echo "Machine: nproc=$(nproc), kernel $(uname -r), dotnet $(dotnet --version), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (+ uncommitted changes)')."
  echo
  echo "Reproduce: \`RUNS=$RUNS ./platform bench\` (or \`RUNS=$RUNS bench/startup/run.sh\`) from the repository root."
} >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
echo >&2
echo "written to $OUT" >&2
