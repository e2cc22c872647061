#!/bin/bash
# Deterministic figures in the patched guest: the HTTP benchmark inside the uepoll kernel under QEMU
# with -icount shift=0,sleep=off on one vCPU, where the guest's time is the count of instructions
# it executed (1 instruction = 1 ns) and idle time is skipped, so the figures are free of the
# host's noise. Reports instructions per request (server, wrk and kernel together) for Netty epoll
# (twice: the A/A control), Netty io_uring (with and without its buffer ring) and every ring and
# data path of ours, USERPOLL included. See README "Deterministic figures in the patched guest".
#
# Usage (as root, on Debian 12):
#   kernel/guest-bench.sh                  # full run: 10 servers, 15 to 40 warm-up rounds, then 6 measured
#                                          # rounds of 3 s windows, a window with over 0.3% of JIT measured
#                                          # again: about 55 min
#   kernel/guest-bench.sh --quick          # smoke run: 7 servers, 2 rounds of 1 s windows, ~3 min (no verdict: not warm)
#   kernel/guest-bench.sh --out DIR        # report.txt, summary.csv, chart.svg, raw.csv, logs in DIR
#                                          # (default bench-results/guest-<date>_<time>)
#   kernel/guest-bench.sh --timeout S      # hard limit of the QEMU run (default 7200, --quick 900)
# Any other option goes to the guest's `uepoll-bench.jar guest-bench` (--rounds, --window,
# --transports, --seed, --jvm-opts, ...; `java -jar microbench/target/uepoll-bench.jar guest-bench
# --help` lists them). The kernel comes from kernel/run-qemu-tests.sh's cache (built when missing);
# microbench/target/uepoll-bench.jar is built when missing (REBUILD=1 forces it).
# Exit status: 0 with a report, 1 when the guest did not produce one, 2 for a bad command line.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJ=$(cd "$HERE/.." && pwd)
. "$HERE/qemu-lib.sh"

T_START=$(date +%s)
log() { echo "[guest-bench $(($(date +%s) - T_START))s] $*"; }
die() { log "FATAL: $*"; exit 1; }

QUICK=0
OUT=
TIMEOUT=
PASS=()
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) QUICK=1; PASS+=("$1"); shift ;;
	--out) [ $# -ge 2 ] || { echo "--out needs a directory" >&2; exit 2; }; OUT=$2; shift 2 ;;
	--timeout) [ $# -ge 2 ] || { echo "--timeout needs seconds" >&2; exit 2; }; TIMEOUT=$2; shift 2 ;;
	--help|-h) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) PASS+=("$1"); shift ;;
	esac
done
case "${TIMEOUT:-0}" in *[!0-9]*) echo "--timeout: expected seconds" >&2; exit 2 ;; esac
[ -n "$TIMEOUT" ] || { [ "$QUICK" = 1 ] && TIMEOUT=900 || TIMEOUT=7200; }
OUT=${OUT:-$PROJ/bench-results/guest-$(date +%Y-%m-%d_%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
QEMU_OPTS=(-accel tcg,thread=single -icount shift=0,sleep=off -smp 1)

cd "$PROJ"
command -v wrk >/dev/null || die "wrk is missing (apt-get install -y wrk): the guest runs the host's"
command -v java >/dev/null || die "java is missing"
JAR=microbench/target/uepoll-bench.jar
if [ ! -f "$JAR" ] || [ "${REBUILD:-0}" = 1 ]; then
	log "building $JAR"
	# package, not install: the jar of this checkout only, ~/.m2 untouched
	./mvnw -B -q -o -pl microbench -am package -DskipTests || ./mvnw -B -q -pl microbench -am package -DskipTests ||
		die "cannot build $JAR"
fi
# The arguments are checked on the host, before minutes of booting.
java -jar "$JAR" guest-bench "${PASS[@]}" --help >/dev/null || die "bad options for guest-bench (or a stale $JAR: REBUILD=1)"
BUILD="commit $(git describe --always --dirty 2>/dev/null || echo unknown)"

qemu_kernel
qemu_run_dir
qemu_build_c guest-helper
: >"$RUN/args"
[ ${#PASS[@]} = 0 ] || printf '%q ' "${PASS[@]}" >"$RUN/args"

# The jar is copied to the guest's tmpfs: no class is read over 9p while a window runs. The driver
# JVM needs no C2: C1 only keeps its own compilations short and out of the windows.
qemu_write_init <<EOF
cp $PROJ/$JAR /tmp/uepoll-bench.jar
export BENCH_COMMIT='$BUILD' BENCH_DATE='$(date -u '+%Y-%m-%d %H:%M UTC')'
echo "uepoll-guest: guest-bench $(cat "$RUN/args")"
\$JAVA_HOME/bin/java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar /tmp/uepoll-bench.jar guest-bench \\
	$(cat "$RUN/args") --qemu '${QEMU_OPTS[*]}' --out $RUN/out/bench 2>&1
echo \$? >$RUN/out/bench.rc
EOF

log "booting $BZIMAGE: QEMU ${QEMU_OPTS[*]} (timeout ${TIMEOUT}s), results to $OUT"
t0=$(date +%s)
qemu_boot "$TIMEOUT" 6G "${QEMU_OPTS[@]}"
QEMU_SECS=$(($(date +%s) - t0))
cp "$RUN/console.log" "$OUT/guest-console.log"
log "QEMU exited with $QEMU_RC after ${QEMU_SECS}s"
if [ -d "$RUN/out/bench" ]; then
	cp -r "$RUN/out/bench/." "$OUT/"
fi
case "$QEMU_RC" in
124|137) die "the guest did not finish within ${TIMEOUT}s (--timeout); partial results in $OUT" ;;
0) ;;
*) die "QEMU exited with $QEMU_RC; console in $OUT/guest-console.log" ;;
esac
[ -f "$RUN/out/bench.rc" ] || die "the guest stopped before guest-bench ended; console in $OUT/guest-console.log"
rc=$(cat "$RUN/out/bench.rc")
[ "$rc" = 0 ] || die "guest-bench exited with $rc in the guest; console in $OUT/guest-console.log"
echo "host seconds: $QEMU_SECS (QEMU), $(($(date +%s) - T_START)) (total)" >>"$OUT/meta.txt"
java -jar "$JAR" guest-report --in "$OUT" || die "guest-report failed on $OUT"
log "done in $(($(date +%s) - T_START))s"
