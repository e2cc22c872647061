# Shared by kernel/run-qemu-tests.sh and kernel/guest-bench.sh (sourced, not run): the patched kernel
# (built or taken from its cache), the guest's C helpers, the guest init's preamble and the QEMU
# command line. The caller defines log() and die() and sets HERE (this directory) and PROJ.

# Bump when the build recipe below changes: it is part of the cache key.
SCRIPT_VERSION=1

CACHE_ROOT=${UEPOLL_KERNEL_CACHE:-/var/cache/uepoll-kernel}
JOBS=${UEPOLL_JOBS:-$(nproc)}
SRC_TARBALL=/usr/src/linux-source-6.12.tar.xz
CONFIG_FRAGMENT=$HERE/uepoll-qemu.config
if [ "${UEPOLL_DEBUG:-0}" = 1 ]; then
	mkdir -p "$CACHE_ROOT"
	CONFIG_FRAGMENT=$CACHE_ROOT/debug.config
	cat "$HERE/uepoll-qemu.config" "$HERE/uepoll-debug.config" >"$CONFIG_FRAGMENT"
fi
PACKAGES=(linux-source-6.12 qemu-system-x86 flex bison bc libelf-dev
	  libssl-dev cpio gcc make libc6-dev xz-utils patch)

# qemu_kernel: installs what is missing, then sets BZIMAGE to the patched kernel of the current
# patches and config, building it (several minutes) unless it is cached. Dies on any failure.
qemu_kernel() {
	[ "$(id -u)" = 0 ] || die "must run as root (apt-get, /var/cache)"

	# --- packages
	local missing=() p
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
	command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing"
	[ -f "$SRC_TARBALL" ] || die "$SRC_TARBALL missing"
	SRC_VERSION=$(dpkg-query -W -f='${Version}' linux-source-6.12)
	log "linux-source-6.12 $SRC_VERSION"

	# --- kernel (cached outside the clone)
	local PATCHES KEY KDIR BUILD KSRC t0 opt val
	mapfile -t PATCHES < <(ls "$HERE"/patches/*.patch | sort)
	[ ${#PATCHES[@]} -gt 0 ] || die "no patches in $HERE/patches"
	KEY=$( { echo "script $SCRIPT_VERSION src $SRC_VERSION";
		 cat "${PATCHES[@]}" "$CONFIG_FRAGMENT"; } |
	       sha256sum | cut -c1-16)
	KDIR=$CACHE_ROOT/$KEY
	BZIMAGE=$KDIR/bzImage
	if [ -f "$BZIMAGE" ]; then
		log "cached kernel $BZIMAGE"
		return
	fi
	BUILD=$CACHE_ROOT/build-$KEY
	rm -rf "$BUILD"
	mkdir -p "$BUILD"
	log "extracting $SRC_TARBALL"
	tar -C "$BUILD" -xf "$SRC_TARBALL" || die "cannot extract $SRC_TARBALL"
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
}

# qemu_run_dir: sets RUN to a fresh directory (removed on exit) with an empty RUN/out. Not under
# /tmp: the guest mounts a tmpfs over /tmp, /run and /var/tmp.
qemu_run_dir() {
	mkdir -p "$CACHE_ROOT"
	RUN=$(mktemp -d "$CACHE_ROOT/run.XXXXXX")
	trap 'rm -rf "$RUN"' EXIT
	mkdir -p "$RUN/out"
}

# qemu_build_c PROG...: builds kernel/selftests/PROG.c into RUN/PROG (static when libc.a exists).
qemu_build_c() {
	local static=-static prog
	[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || static=
	for prog in "$@"; do
		gcc $static -O2 -Wall -Wextra -Werror -pthread \
			-o "$RUN/$prog" "$HERE/selftests/$prog.c" ||
			die "selftest $prog does not build"
	done
}

# qemu_write_init: writes RUN/init, the guest's PID 1: environment, pseudo file systems, loopback
# up, RUN/out and the project mounted at their host paths, the project as working directory; then
# the shell lines read from stdin; then it syncs and powers the guest off. The guest runs Java on
# the JDK of the host's JAVA_HOME or java.
qemu_write_init() {
	{ qemu_init_preamble; cat; cat <<EOF
echo "uepoll-guest: finished at \$(cut -d' ' -f1 /proc/uptime)s"
sync
exec $RUN/guest-helper poweroff
EOF
	} >"$RUN/init"
	chmod +x "$RUN/init"
}

# qemu_init_preamble: the lines of RUN/init before the caller's (see qemu_write_init).
qemu_init_preamble() {
	local java_home=${JAVA_HOME:-}
	if [ -z "$java_home" ] && command -v java >/dev/null; then
		java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
	fi
	cat <<EOF
#!/bin/sh
# PID 1 of the guest. The host's / is mounted read-only.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 UEPOLL_GUEST=1 UEPOLL_RESULTS=$RUN/out
export JAVA_HOME=$java_home
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
for d in /tmp /run /var/tmp; do mount -t tmpfs -o mode=1777 tmpfs \$d; done
mkdir -p /dev/shm /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t devpts devpts /dev/pts 2>/dev/null
$RUN/guest-helper lo-up
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 results $RUN/out
# A project under /tmp lies on the guest's tmpfs: its mount point must be made there.
mkdir -p $PROJ 2>/dev/null
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=mmap \\
	project $PROJ || echo "uepoll-guest: the project could not be mounted at $PROJ"
echo "uepoll-guest: kernel \$(uname -r), up \$(cut -d' ' -f1 /proc/uptime)s"
cd $PROJ
EOF
}

# qemu_boot TIMEOUT MEM QEMU-OPTION...: boots BZIMAGE with RUN/init as PID 1, the host's / as the
# read-only root, RUN/out and PROJ shared over 9p, the console on stdout and RUN/console.log;
# the options (accelerator, CPUs) come first. Sets QEMU_RC (124 or 137: timed out).
qemu_boot() {
	local timeout=$1 mem=$2
	shift 2
	set +e
	timeout -k 10 "$timeout" qemu-system-x86_64 "$@" -cpu max -m "$mem" \
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
}
