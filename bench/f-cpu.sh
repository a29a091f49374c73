#!/usr/bin/env bash
# (f) The gateway's own CPU per message: storage swapped for the bench-only discarding sink
# (influx.discard: true — readings are encoded as line protocol and dropped), a warm-up run, then
# CPU time (utime + stime of the gateway process, /proc) over the acknowledged messages of a
# measured run at a fixed rate. Result: results/f-cpu.json
source "$(dirname "$0")/lib.sh"
need_jars
DEVICES="${DEVICES:-200}"; RATE="${RATE:-40000}"; SECONDS_RUN="${SECONDS_RUN:-15}"
register_fleet "$DEVICES"
INFLUX_URL="http://127.0.0.1:9" start_gateway "  discard: true"
load --port "$MQTT_PORT" --tokens "$TOKENS" --devices "$DEVICES" --rate "$RATE" --duration "${WARMUP_SECONDS:-20}" --qos 1 | tail -1
threads() { # CPU ticks per thread name of the gateway
  for t in /proc/"$GATEWAY_PID"/task/*; do echo "$(tr ' ' _ < "$t/comm") $(awk '{print $14 + $15}' "$t/stat")"; done \
    | awk '{a[$1] += $2} END {for (k in a) print k, a[k]}' | sort
}
threads > "$BENCH_TMP/threads0"
t0=$(cpu_ticks "$GATEWAY_PID")
load --port "$MQTT_PORT" --tokens "$TOKENS" --devices "$DEVICES" --rate "$RATE" --duration "$SECONDS_RUN" --qos 1 \
  --summary "$BENCH_TMP/f.json" --label "f cpu per message"
t1=$(cpu_ticks "$GATEWAY_PID")
threads > "$BENCH_TMP/threads1"
join "$BENCH_TMP/threads0" "$BENCH_TMP/threads1" | awk '{if ($3 - $2 > 0) print $1, $3 - $2}' > "$BENCH_TMP/threads"
python3 - "$BENCH_TMP/f.json" "$RESULTS/f-cpu.json" "$t0" "$t1" "$(getconf CLK_TCK)" "$(machine)" "$BENCH_TMP/threads" <<'PY'
import json, sys, datetime
s = json.load(open(sys.argv[1])); s.pop("per_second", None)
t0, t1, hz = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
cpu_s = (t1 - t0) / hz
by_thread = {l.split()[0]: int(l.split()[1]) / hz for l in open(sys.argv[7]) if l.strip()}
loops = sum(v for k, v in by_thread.items() if k.startswith("vert.x-eventloo"))
r = {"gateway_cpu_seconds": cpu_s, "messages_acknowledged": s["acknowledged"],
     "cpu_us_per_message": round(cpu_s * 1e6 / max(s["acknowledged"], 1), 2),
     "event_loop_cpu_us_per_message": round(loops * 1e6 / max(s["acknowledged"], 1), 2),
     "cpu_seconds_by_thread": by_thread,
     "note": "includes connection handling (the measured run connects its devices), JIT and GC threads",
     "machine": sys.argv[6], "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"), "load": s}
json.dump(r, open(sys.argv[2], "w"), indent=2)
print(f"[bench] (f) {cpu_s:.2f} s gateway CPU for {s['acknowledged']:,} messages = {r['cpu_us_per_message']} us/message"
      f" ({r['event_loop_cpu_us_per_message']} us on the event loops); by thread: {by_thread}")
PY
