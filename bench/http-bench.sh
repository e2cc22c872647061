#!/usr/bin/env bash
# The HTTP throughput benchmark in one command (see the "Benchmarks" section of README.md).
#
#   bench/http-bench.sh                 # full run: 8 rounds x 3 s slices, ~20 min on 2 cores
#   bench/http-bench.sh --quick         # smoke run: 2 rounds x 2 s slices
#   bench/http-bench.sh --help          # every option (rounds, slices, connection counts, cores, ...)
#   bench/http-bench.sh --workload executor             # responses written from an application thread
#   bench/http-bench.sh --workload h2c --streams 16     # HTTP/2 (h2load), 16 streams per connection
#
# Installs wrk, h2load (nghttp2-client, for --workload h2c) and perf, for syscalls per request) from Debian's packages when they are missing,
# builds microbench/target/uepoll-bench.jar when it is missing (REBUILD=1 forces a build), then runs
# `java -jar microbench/target/uepoll-bench.jar http-bench "$@"`. Results go to
# bench-results/<date>_<time>/ (report.txt, summary.csv, raw.csv, chart.svg) unless --out is given.
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/lib.sh
require wrk wrk
require h2load nghttp2-client

if ! command -v perf >/dev/null; then
    echo "perf is missing: installing linux-perf (syscalls per request need it)"
    apt_install linux-perf || echo "could not install perf: syscalls per request will be reported as n/a"
fi

ensure_jar
exec java -jar "$jar" http-bench "$@"
