#!/usr/bin/env bash
# The HTTP throughput benchmark in one command (see the "Benchmarks" section of README.md).
#
#   bench/http-bench.sh                 # full run: 8 rounds x 3 s slices, ~20 min on 2 cores
#   bench/http-bench.sh --quick         # smoke run: 2 rounds x 2 s slices
#   bench/http-bench.sh --help          # every option (rounds, slices, connection counts, cores, ...)
#
# Installs wrk (and perf, for syscalls per request) from Debian's packages when they are missing,
# builds microbench/target/uepoll-bench.jar when it is missing (REBUILD=1 forces a build), then runs
# `java -jar microbench/target/uepoll-bench.jar http-bench "$@"`. Results go to
# bench-results/<date>_<time>/ (report.txt, summary.csv, raw.csv, chart.svg) unless --out is given.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

apt_install() {
    command -v apt-get >/dev/null || return 1
    as_root apt-get install -y "$@" >/dev/null 2>&1 \
        || { as_root apt-get update >/dev/null 2>&1 && as_root apt-get install -y "$@" >/dev/null 2>&1; }
}

if ! command -v wrk >/dev/null; then
    echo "wrk is missing: installing it from Debian's packages (apt-get install -y wrk)"
    apt_install wrk || { echo "could not install wrk; install it and run again" >&2; exit 2; }
fi

if ! command -v perf >/dev/null; then
    echo "perf is missing: installing linux-perf (syscalls per request need it)"
    apt_install linux-perf || echo "could not install perf: syscalls per request will be reported as n/a"
fi

jar=microbench/target/uepoll-bench.jar
if [ ! -f "$jar" ] || [ "${REBUILD:-0}" = 1 ]; then
    echo "building $jar"
    if command -v mvn >/dev/null; then mvn -q -B install -DskipTests; else ./mvnw -q -B install -DskipTests; fi
fi

exec java -jar "$jar" http-bench "$@"
