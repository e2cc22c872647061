#!/bin/bash
# Build Debian's linux-source-6.12 with the uepoll patches, boot it in QEMU
# (TCG, no KVM needed) with the host's root file system shared read-only
# over 9p, and run the uepoll selftests plus the project's guest hook
# kernel/guest-java-tests.sh inside the guest.
#
# Usage (as root, on Debian 12): kernel/run-qemu-tests.sh
#
# Environment knobs (all optional):
#   UEPOLL_KERNEL_CACHE   kernel cache, default /var/cache/uepoll-kernel
#   UEPOLL_QEMU_TIMEOUT   hard limit for the QEMU run in seconds (1800)
#   UEPOLL_QEMU_MEM       guest memory (3G)
#   UEPOLL_WRITES         eventfd writes per thread in "basics" (100000)
#   UEPOLL_JOBS           make -j (nproc)
#   UEPOLL_SKIP_JAVA=1    do not run kernel/guest-java-tests.sh
#   UEPOLL_KEEP_BUILD=1   keep the kernel build tree after a build
#   UEPOLL_DEBUG=1        add uepoll-debug.config (lockdep etc.)
#
# The last line is "N passed, N failed" over all stages; the exit status
# is non-zero on any failure.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJ=$(cd "$HERE/.." && pwd)
QEMU_TIMEOUT=${UEPOLL_QEMU_TIMEOUT:-1800}
QEMU_MEM=${UEPOLL_QEMU_MEM:-3G}
WRITES=${UEPOLL_WRITES:-100000}
. "$HERE/qemu-lib.sh"

T_START=$(date +%s)
log() { echo "[uepoll-qemu $(($(date +%s) - T_START))s] $*"; }
die() { log "FATAL: $*"; echo "0 passed, 1 failed"; exit 1; }

# --- 1. packages, 2. kernel (cached outside the clone) --------------------
qemu_kernel

# --- 3. selftests and guest init -------------------------------------------
qemu_run_dir
qemu_build_c uepoll-test guest-helper

qemu_write_init <<EOF
cut -d' ' -f1 /proc/uptime >$RUN/out/tests-start-uptime
$RUN/uepoll-test -w $WRITES 2>&1 | tee $RUN/out/selftests.log
if [ "${UEPOLL_SKIP_JAVA:-0}" != 1 ] && [ -x $PROJ/kernel/guest-java-tests.sh ]; then
	echo "uepoll-guest: running kernel/guest-java-tests.sh"
	{ $PROJ/kernel/guest-java-tests.sh 2>&1; echo \$? >$RUN/out/java.rc; } |
		tee $RUN/out/java.log
fi
# Any kernel warning, BUG or lockdep report fails the run
if dmesg | grep -qE 'WARNING:|BUG:|Oops|possible circular|inconsistent lock|possible recursive|Call Trace'; then
	dmesg >$RUN/out/dmesg.log
	echo "not ok - kernel log clean"
	dmesg | grep -E -A30 'WARNING:|BUG:|Oops|possible circular|inconsistent lock|possible recursive' | head -80
	echo "kernel: 0 passed, 1 failed" >$RUN/out/kernel-log.txt
else
	echo "ok - kernel log clean"
	echo "kernel: 1 passed, 0 failed" >$RUN/out/kernel-log.txt
fi
echo done >$RUN/out/finished
EOF

# --- 4. boot ----------------------------------------------------------------
log "booting $BZIMAGE in QEMU (TCG, timeout ${QEMU_TIMEOUT}s)"
t0=$(date +%s)
# thread=single: with one host thread per vCPU (MTTCG) the JVM's JIT crashed (SIGILL/SIGSEGV in
# freshly patched compiled code): QEMU does not keep x86's cross-modifying-code guarantees there.
qemu_boot "$QEMU_TIMEOUT" "$QEMU_MEM" -accel tcg,thread=single -smp 2
QEMU_SECS=$(($(date +%s) - t0))
log "QEMU exited with $QEMU_RC after ${QEMU_SECS}s"

# --- 5. verdict -------------------------------------------------------------
pass=0
fail=0
count_summary() { # file -> adds its last "N passed, N failed" line
	local line
	line=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
	[ -n "$line" ] || return 1
	line=${line#*: }
	pass=$((pass + $(echo "$line" | awk '{print $1}')))
	fail=$((fail + $(echo "$line" | awk '{print $3}')))
}
if [ "$QEMU_RC" = 124 ] || [ "$QEMU_RC" = 137 ]; then
	log "QEMU timed out"
	fail=$((fail + 1))
fi
if [ -f "$RUN/out/tests-start-uptime" ]; then
	log "guest reached the tests $(cat "$RUN/out/tests-start-uptime")s after boot"
fi
if [ -f "$RUN/out/selftests.log" ] && count_summary "$RUN/out/selftests.log"; then
	:
else
	log "selftests did not complete"
	fail=$((fail + 1))
fi
if [ -f "$RUN/out/java.rc" ]; then
	jrc=$(cat "$RUN/out/java.rc")
	if ! count_summary "$RUN/out/java.log"; then
		if [ "$jrc" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	elif [ "$jrc" != 0 ]; then
		log "guest-java-tests.sh exited with $jrc"
		fail=$((fail + 1))
	fi
elif [ "${UEPOLL_SKIP_JAVA:-0}" != 1 ]; then
	# Never a green run without them: a guest that cannot see the project skips them silently.
	log "guest-java-tests.sh did not run (project not visible in the guest?)"
	fail=$((fail + 1))
fi
if [ -f "$RUN/out/kernel-log.txt" ]; then
	count_summary "$RUN/out/kernel-log.txt" || fail=$((fail + 1))
fi
[ -f "$RUN/out/finished" ] || { log "guest did not finish"; fail=$((fail + 1)); }
log "total $(($(date +%s) - T_START))s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
