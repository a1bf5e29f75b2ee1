#!/usr/bin/env bash
# Booking throughput (issue 8) for bench/run: runs bench/booking on BENCH_DB (sqlite or postgres; PostgreSQL through
# PLATFORM_TEST_POSTGRES, which bench/run's throwaway server exports). bench/booking starts its own in-process host and
# database, so the figure does not depend on the generated data set. Prints its log to stderr and its table to stdout.
# Usage: BENCH_DB=sqlite bench/booking/run.sh [requests] [concurrency]   (BENCH_NO_BUILD=1: already built in Release)
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
build=(); [ "${BENCH_NO_BUILD:-0}" = 1 ] && build=(--no-build)
dotnet run -c Release "${build[@]}" --project bench/booking -- "${BENCH_DB:-sqlite}" "${1:-4000}" "${2:-32}" >"$out"
grep -v '^|' "$out" >&2 || true
grep '^|' "$out"
