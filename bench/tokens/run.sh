#!/usr/bin/env bash
# Token benchmark (not a test): client-credentials tokens per second and their latency from the published host
# (demo data, empty SQLite data dir, token storage on as configured), with GET /health under the same load as the
# yardstick, measured with wrk (Debian package) in the same run.
# Usage: bench/tokens/run.sh      CONNECTIONS=16 DURATION=20 THREADS=2 WARMUP=5 (see bench/tokens/README.md)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-20}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-5}
TIMEOUT_S=${TIMEOUT_S:-60}
# Extra environment for the host, e.g. EXTRA_ENV="Logging__LogLevel__OpenIddict=Warning" to try a variant.
EXTRA_ENV=${EXTRA_ENV:-}
# Reuse an existing publish folder instead of publishing again (it must hold Platform.Cms.dll).
PUBLISH_DIR=${PUBLISH_DIR:-}
TARGET_RPS=1000
TARGET_P99_MS=50
CLIENT_ID=demo-provider-a-system
CLIENT_SECRET=demo-provider-a-secret
SCOPE=regions.read
FORM="grant_type=client_credentials&client_id=$CLIENT_ID&client_secret=$CLIENT_SECRET&scope=$SCOPE"

die() { echo "error: $*" >&2; exit 1; }
command -v dotnet >/dev/null 2>&1 || die "dotnet not found"
command -v curl >/dev/null 2>&1 || die "curl not found"
command -v python3 >/dev/null 2>&1 || die "python3 not found (used to read the SQLite token table)"
if ! command -v wrk >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || die "wrk not found and no apt-get to install it (Debian package 'wrk')"
  echo "==> apt-get install wrk" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -qq >&2
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2
fi

WORK=$(mktemp -d /tmp/platform-tokens.XXXXXX)
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "$PUBLISH_DIR" ]; then
  echo "==> publishing Platform.Cms (Release, ReadyToRun)" >&2
  PUBLISH_DIR="$WORK/publish"
  dotnet publish src/Platform.Cms -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o "$PUBLISH_DIR" --nologo -v quiet >&2
fi
[ -f "$PUBLISH_DIR/Platform.Cms.dll" ] || die "no Platform.Cms.dll in $PUBLISH_DIR"

# free_port, wait_http, field
# shellcheck source=../lib.sh
source bench/lib.sh

DATA="$WORK/data"
mkdir -p "$DATA"
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
echo "==> starting the host with --demo on an empty SQLite data dir ($DATA), $BASE" >&2
# shellcheck disable=SC2086 # EXTRA_ENV is a list of NAME=value words
(cd "$PUBLISH_DIR" && exec env Platform__DataPath="$DATA" Platform__RateLimits__TokenPerSecond=1000000 $EXTRA_ENV \
  dotnet Platform.Cms.dll --demo --urls "$BASE") >"$WORK/host.log" 2>&1 &
APP_PID=$!
wait_http "$BASE/health" "$APP_PID" "$TIMEOUT_S" "$WORK/host.log" || die "the host did not answer /health within ${TIMEOUT_S}s"

# One token by hand: it must be a real token that the API accepts.
TOKEN_JSON=$(curl -fsS -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data "$FORM" "$BASE/connect/token") \
  || die "the token request failed: $(tail -20 "$WORK/host.log")"
ACCESS=$(printf '%s' "$TOKEN_JSON" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
API_STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ACCESS" "$BASE/api/v1/regions")
[ "$API_STATUS" = 200 ] || die "the API refused the benchmark's token ($API_STATUS)"

stored_tokens() {
  [ -f "$DATA/platform.db" ] || { echo 0; return; } # another database through EXTRA_ENV: not counted
  python3 - "$DATA/platform.db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=30)
print(db.execute("SELECT COUNT(*) FROM core_oauth_tokens").fetchone()[0])
EOF
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$APP_PID/stat"; }
CLK_TCK=$(getconf CLK_TCK)

# run NAME URL FORM -> prints the RESULT line of the measured run (after a warm-up), with the host's CPU use appended
run() {
  local name=$1 url=$2 form=$3 line t0 t1
  echo "==> $name: warm-up ${WARMUP}s, then ${DURATION}s at $CONNECTIONS connections ($THREADS wrk threads)" >&2
  WRK_FORM="$form" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/tokens/wrk.lua "$url" >/dev/null
  t0=$(cpu_ticks)
  line=$(WRK_FORM="$form" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s bench/tokens/wrk.lua "$url" | tee "$WORK/$name.wrk" | grep '^RESULT')
  t1=$(cpu_ticks)
  echo "$line host_cpu_s=$(awk -v a="$t0" -v b="$t1" -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", (b - a) / hz }')"
}

TOKENS_BEFORE=$(stored_tokens)
HEALTH=$(run health "$BASE/health" "")
TOKEN=$(run token "$BASE/connect/token" "$FORM")
TOKENS_AFTER=$(stored_tokens)
echo "    health: $HEALTH" >&2
echo "    token:  $TOKEN" >&2

row() {
  local label=$1 line=$2 requests seconds
  requests=$(field "$line" requests); seconds=$(field "$line" seconds)
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$CONNECTIONS" "$seconds" "$requests" \
    "$(field "$line" rps)" "$(field "$line" p50_ms)" "$(field "$line" p99_ms)" "$(field "$line" max_ms)" \
    "$(( $(field "$line" non2xx) + $(field "$line" socket_errors) ))" \
    "$(awk -v c="$(field "$line" host_cpu_s)" -v s="$seconds" -v r="$requests" 'BEGIN { printf "%.2f cores, %.2f ms/req", c / s, (r > 0 ? c * 1000 / r : 0) }')"
}
verdict() { # value target higher|lower
  awk -v v="$1" -v t="$2" -v d="$3" 'BEGIN { ok = (d == "higher") ? v >= t : v <= t; printf "%s %s %s", (ok ? "✅" : "❌"), v, (d == "higher" ? "vs ≥ " t : "vs ≤ " t) }'
}

DATE=$(date +%F)
OUT="bench/results/$DATE-tokens.md"
CMD="CONNECTIONS=$CONNECTIONS DURATION=$DURATION THREADS=$THREADS WARMUP=$WARMUP${EXTRA_ENV:+ EXTRA_ENV=\"$EXTRA_ENV\"} bench/tokens/run.sh"
mkdir -p bench/results
{
  echo "# 令牌基准 / Token benchmark — $DATE"
  echo
  echo "Client-credentials tokens (\`POST /connect/token\`, client \`$CLIENT_ID\`, scope \`$SCOPE\`) from the published host"
  echo "(Release, ReadyToRun) started with \`--demo\` on an empty SQLite data dir, token storage on as configured,"
  echo "\`Platform__RateLimits__TokenPerSecond=1000000\`${EXTRA_ENV:+, \`$EXTRA_ENV\`}. Same load on \`GET /health\` as the yardstick."
  echo "wrk $(wrk --version 2>&1 | awk 'NR==1 {print $2}'), $THREADS threads, on the same machine as the host."
  echo
  echo "| endpoint | connections | seconds | requests | req/s | p50 (ms) | p99 (ms) | max (ms) | errors | host CPU |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  row "POST /connect/token" "$TOKEN"
  row "GET /health (yardstick)" "$HEALTH"
  echo
  echo "Targets (tokens): throughput $(verdict "$(field "$TOKEN" rps)" "$TARGET_RPS" higher) req/s; p99 $(verdict "$(field "$TOKEN" p99_ms)" "$TARGET_P99_MS" lower) ms."
  echo "Tokens stored in \`core_oauth_tokens\` during the warm-up and the run: $((TOKENS_AFTER - TOKENS_BEFORE)) (one row per token issued)."
  echo "Errors = non-2xx answers plus socket errors. Host CPU = CPU time of the host process during the run (2 cores = all of this machine)."
  echo
  echo "Machine: nproc=$(nproc), kernel $(uname -r), dotnet $(dotnet --version), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (+ uncommitted changes)')."
  echo
  echo "Reproduce: \`$CMD\` from the repository root."
} >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
echo >&2
echo "written to $OUT" >&2
