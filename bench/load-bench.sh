#!/usr/bin/env bash
# The fixed offered-load HTTP benchmark in one command (see "Fixed offered load" in README.md).
#
#   bench/load-bench.sh                 # full run: 5 rounds x 5 s slices, 1 and 16 connections, ~17 min on 2 cores
#   bench/load-bench.sh --quick         # smoke run: 2 rounds x 2 s slices, ~4 min
#   bench/load-bench.sh --help          # every option (fractions, connection counts, transports, cores, ...)
#
# Installs wrk (Netty epoll's saturated throughput) and h2load (nghttp2-client: the fixed-rate load)
# from Debian's packages when they are missing, builds microbench/target/uepoll-bench.jar when it is
# missing (REBUILD=1 forces a build), then runs `java -jar microbench/target/uepoll-bench.jar load-bench "$@"`.
# Results go to bench-results/load-<date>_<time>/ (report.txt, summary.csv, raw.csv, chart.svg) unless --out is given.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

require wrk wrk
require h2load nghttp2-client
ensure_jar

exec java -jar "$jar" load-bench "$@"
