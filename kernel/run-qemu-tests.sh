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

# Bump when the build recipe below changes: it is part of the cache key.
SCRIPT_VERSION=1

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJ=$(cd "$HERE/.." && pwd)
CACHE_ROOT=${UEPOLL_KERNEL_CACHE:-/var/cache/uepoll-kernel}
QEMU_TIMEOUT=${UEPOLL_QEMU_TIMEOUT:-1800}
QEMU_MEM=${UEPOLL_QEMU_MEM:-3G}
WRITES=${UEPOLL_WRITES:-100000}
JOBS=${UEPOLL_JOBS:-$(nproc)}
SRC_TARBALL=/usr/src/linux-source-6.12.tar.xz
CONFIG_FRAGMENT=$HERE/uepoll-qemu.config
if [ "${UEPOLL_DEBUG:-0}" = 1 ]; then
	mkdir -p "${UEPOLL_KERNEL_CACHE:-/var/cache/uepoll-kernel}"
	CONFIG_FRAGMENT=${UEPOLL_KERNEL_CACHE:-/var/cache/uepoll-kernel}/debug.config
	cat "$HERE/uepoll-qemu.config" "$HERE/uepoll-debug.config" >"$CONFIG_FRAGMENT"
fi
PACKAGES=(linux-source-6.12 qemu-system-x86 flex bison bc libelf-dev
	  libssl-dev cpio gcc make libc6-dev xz-utils patch)

T_START=$(date +%s)
log() { echo "[uepoll-qemu $(($(date +%s) - T_START))s] $*"; }
die() { log "FATAL: $*"; echo "0 passed, 1 failed"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (apt-get, /var/cache)"

# --- 1. packages ----------------------------------------------------------
missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	log "installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null || die "apt-get update failed"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" \
		>/tmp/uepoll-apt.log 2>&1 ||
		{ tail -20 /tmp/uepoll-apt.log; die "apt-get install failed"; }
fi
[ -f "$SRC_TARBALL" ] || die "$SRC_TARBALL missing"
SRC_VERSION=$(dpkg-query -W -f='${Version}' linux-source-6.12)
log "linux-source-6.12 $SRC_VERSION"

# --- 2. kernel (cached outside the clone) ---------------------------------
mapfile -t PATCHES < <(ls "$HERE"/patches/*.patch | sort)
[ ${#PATCHES[@]} -gt 0 ] || die "no patches in $HERE/patches"
KEY=$( { echo "script $SCRIPT_VERSION src $SRC_VERSION";
	 cat "${PATCHES[@]}" "$CONFIG_FRAGMENT"; } |
       sha256sum | cut -c1-16)
KDIR=$CACHE_ROOT/$KEY
BZIMAGE=$KDIR/bzImage
if [ -f "$BZIMAGE" ]; then
	log "cached kernel $BZIMAGE"
else
	BUILD=$CACHE_ROOT/build-$KEY
	rm -rf "$BUILD"
	mkdir -p "$BUILD"
	log "extracting $SRC_TARBALL"
	tar -C "$BUILD" -xf "$SRC_TARBALL"
	KSRC=$BUILD/linux-source-6.12
	for p in "${PATCHES[@]}"; do
		log "applying $(basename "$p")"
		patch -d "$KSRC" -p1 --forward --quiet <"$p" ||
			die "$(basename "$p") does not apply to $SRC_VERSION"
	done
	make -C "$KSRC" -s KCONFIG_ALLCONFIG="$CONFIG_FRAGMENT" allnoconfig \
		>"$BUILD/config.log" 2>&1 || { cat "$BUILD/config.log"; die "config"; }
	# Every option of the fragment must have survived olddefconfig.
	while IFS='=' read -r opt val; do
		case "$opt" in ''|'#'*) continue ;; esac
		if [ "$val" = n ]; then
			! grep -q "^$opt=" "$KSRC/.config" || die "$opt is set"
		else
			grep -qx "$opt=$val" "$KSRC/.config" ||
				die "$opt=$val did not stick in .config"
		fi
	done <"$CONFIG_FRAGMENT"
	log "building bzImage with -j$JOBS (several minutes)"
	t0=$(date +%s)
	if ! make -C "$KSRC" -j"$JOBS" bzImage >"$BUILD/build.log" 2>&1; then
		grep -E "error|Error" "$BUILD/build.log" | head -40
		tail -20 "$BUILD/build.log"
		die "kernel build failed (log: $BUILD/build.log)"
	fi
	BUILD_SECS=$(($(date +%s) - t0))
	grep -E "warning:" "$BUILD/build.log" | grep -E "eventpoll|sysctl" &&
		die "warnings in the uepoll code"
	mkdir -p "$KDIR"
	cp "$KSRC/.config" "$KDIR/config"
	cp "$KSRC/arch/x86/boot/bzImage" "$KDIR/bzImage.tmp"
	mv "$KDIR/bzImage.tmp" "$BZIMAGE"
	echo "$BUILD_SECS" >"$KDIR/build-seconds"
	log "kernel built in ${BUILD_SECS}s: $BZIMAGE"
	[ "${UEPOLL_KEEP_BUILD:-0}" = 1 ] || rm -rf "$BUILD"
fi

# --- 3. selftests and guest init -------------------------------------------
# Not under /tmp: the guest mounts a tmpfs over /tmp, /run and /var/tmp.
mkdir -p "$CACHE_ROOT"
RUN=$(mktemp -d "$CACHE_ROOT/run.XXXXXX")
trap 'rm -rf "$RUN"' EXIT
mkdir -p "$RUN/out"
STATIC=-static
[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || STATIC=
for prog in uepoll-test guest-helper; do
	gcc $STATIC -O2 -Wall -Wextra -Werror -pthread \
		-o "$RUN/$prog" "$HERE/selftests/$prog.c" ||
		die "selftest $prog does not build"
done

# The guest runs the tests on the JDK the host built them with.
GUEST_JAVA_HOME=${JAVA_HOME:-}
if [ -z "$GUEST_JAVA_HOME" ] && command -v java >/dev/null; then
	GUEST_JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi

cat >"$RUN/init" <<EOF
#!/bin/sh
# PID 1 of the guest. The host's / is mounted read-only.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 UEPOLL_GUEST=1 UEPOLL_RESULTS=$RUN/out
export JAVA_HOME=$GUEST_JAVA_HOME
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
for d in /tmp /run /var/tmp; do mount -t tmpfs -o mode=1777 tmpfs \$d; done
mkdir -p /dev/shm /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t devpts devpts /dev/pts 2>/dev/null
$RUN/guest-helper lo-up
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 results $RUN/out
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=mmap \\
	project $PROJ
echo "uepoll-guest: kernel \$(uname -r), up \$(cut -d' ' -f1 /proc/uptime)s"
cut -d' ' -f1 /proc/uptime >$RUN/out/tests-start-uptime
cd $PROJ
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
echo "uepoll-guest: finished at \$(cut -d' ' -f1 /proc/uptime)s"
sync
exec $RUN/guest-helper poweroff
EOF
chmod +x "$RUN/init"

# --- 4. boot ----------------------------------------------------------------
log "booting $BZIMAGE in QEMU (TCG, timeout ${QEMU_TIMEOUT}s)"
t0=$(date +%s)
set +e
# thread=single: with one host thread per vCPU (MTTCG) the JVM's JIT crashed (SIGILL/SIGSEGV in
# freshly patched compiled code): QEMU does not keep x86's cross-modifying-code guarantees there.
timeout -k 10 "$QEMU_TIMEOUT" qemu-system-x86_64 \
	-accel tcg,thread=single -cpu max -smp 2 -m "$QEMU_MEM" \
	-nographic -no-reboot -monitor none -serial stdio -nic none \
	-kernel "$BZIMAGE" \
	-append "console=ttyS0 root=rootfs rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=262144,cache=loose ro init=$RUN/init panic=-1 loglevel=4" \
	-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=root,mount_tag=rootfs \
	-fsdev local,id=results,path="$RUN/out",security_model=none \
	-device virtio-9p-pci,fsdev=results,mount_tag=results \
	-fsdev local,id=project,path="$PROJ",security_model=none,multidevs=remap \
	-device virtio-9p-pci,fsdev=project,mount_tag=project \
	</dev/null 2>&1 | tee "$RUN/console.log"
QEMU_RC=${PIPESTATUS[0]}
set -e
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
fi
if [ -f "$RUN/out/kernel-log.txt" ]; then
	count_summary "$RUN/out/kernel-log.txt" || fail=$((fail + 1))
fi
[ -f "$RUN/out/finished" ] || { log "guest did not finish"; fail=$((fail + 1)); }
log "total $(($(date +%s) - T_START))s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
