#!/usr/bin/env bash
# Which syscalls one Hello World server makes per request: perf stat on the server pid with one
# tracepoint per syscall of interest, while wrk loads it.
#
#   bench/syscall-breakdown.sh TRANSPORT [CONNS=64] [SECONDS=3]
#
# Server pinned to SERVER_CPUS (default 0), wrk and perf to LOAD_CPUS (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:?transport}
c=${2:-64}
secs=${3:-3}
port=${PORT:-18290}
log=$(mktemp)
taskset -c "${SERVER_CPUS:-0}" java -Xms512m -Xmx512m -XX:+UseSerialGC -Dio.netty.leakDetection.level=disabled \
    -jar microbench/target/uepoll-bench.jar server --transport "$t" --host 127.0.0.1 --port "$port" --threads 1 > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log" "$log.perf" "$log.wrk"' EXIT
for _ in $(seq 100); do grep -q listening "$log" && break; sleep 0.1; done
taskset -c "${LOAD_CPUS:-1}" wrk -t1 -c"$c" -d8s http://127.0.0.1:$port/ > /dev/null   # warm-up
events=raw_syscalls:sys_enter
for s in recvfrom sendto read write readv writev io_uring_enter epoll_wait epoll_pwait epoll_pwait2 epoll_ctl futex; do
    [ -d /sys/kernel/tracing/events/syscalls/sys_enter_$s ] && events="$events,syscalls:sys_enter_$s"
done
taskset -c "${LOAD_CPUS:-1}" perf stat -x, -o "$log.perf" -e "$events,context-switches" -p $pid &
perf_pid=$!
sleep 0.5
taskset -c "${LOAD_CPUS:-1}" wrk -t1 -c"$c" -d${secs}s http://127.0.0.1:$port/ > "$log.wrk"
kill -INT $perf_pid; wait $perf_pid || true
req=$(awk '/requests in/{print $1}' "$log.wrk")
echo "$t, $c connections: $req requests ($(awk '/Requests\/sec/{print $2}' "$log.wrk") req/s)"
awk -F, -v req="$req" '$3 != "" && $1 !~ /^#/ { v = ($1 ~ /not counted/) ? 0 : $1; if (v > 0) printf "  %-32s %12d  %7.3f per request\n", $3, v, v / req }' "$log.perf"
