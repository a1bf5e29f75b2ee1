#!/usr/bin/env bash
# Oral-history benchmark (not a test): indexing 20,000 stories, search latency against direct Lucene, and the story
# page against bare Kestrel under wrk. Usage: bench/oralhistory/run.sh [stories=20000] [wrk seconds=10]
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
if ! command -v wrk >/dev/null 2>&1; then
  echo "==> apt-get install wrk"
  if [ "$(id -u)" -eq 0 ]; then apt-get update && apt-get install -y wrk; else sudo apt-get update && sudo apt-get install -y wrk; fi
fi
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
echo "==> machine: $(nproc) cores, $(grep MemTotal /proc/meminfo | awk '{print int($2/1024)}') MB"
exec dotnet run -c Release --project bench/oralhistory -- "$@"
