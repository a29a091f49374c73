#!/usr/bin/env bash
# Soak (issue 10): one gateway with the default rules on and the durable spool in the path, MQTT 5 QoS 1
# at RATE msg/s (default 5,000) from DEVICES devices for SOAK_SECONDS (default 3,600). Every SAMPLE_SECONDS
# (default 60) it counts the live heap after a full GC (jcmd GC.class_histogram), RSS,
# open file descriptors, threads, the spool backlog and the CPU used; at the end it checks that InfluxDB
# holds exactly one point per acknowledged reading. The figures must be flat: a leak shows as a slope.
# Result: results/soak.json (+ results/soak.csv, one row per sample)
source "$(dirname "$0")/lib.sh"
source "$BENCH_DIR/ladder.sh"   # spool_drained
need_jars
DEVICES="${DEVICES:-200}"; RATE="${RATE:-5000}"; SOAK_SECONDS="${SOAK_SECONDS:-3600}"
SAMPLE_SECONDS="${SAMPLE_SECONDS:-60}"
start_influxd
register_fleet "$DEVICES"
start_gateway
CSV="$RESULTS/soak.csv"
echo "t_s,heap_after_gc_mib,rss_mib,fds,threads,spool_readings,accepted_total,cpu_s,load1" > "$CSV"
metric() { # NAME -> value summed over label sets (0 when absent)
  curl -s "http://127.0.0.1:$HTTP_PORT/metrics" | awk -v n="$1" '$1 == n || index($1, n "{") == 1 {s += $2} END {printf "%.0f", s}'
}
sample() {
  local t="$1" heap rss fds thr
  # live objects after a full GC, counted by the histogram itself (a heap_info read after GC.run would
  # also count what the load allocated between the two attach calls)
  heap=$(jcmd "$GATEWAY_PID" GC.class_histogram | awk '/^Total/ {printf "%.1f", $3 / 1048576}')
  rss=$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$GATEWAY_PID/status")
  fds=$(ls "/proc/$GATEWAY_PID/fd" | wc -l)
  thr=$(awk '/Threads/ {print $2}' "/proc/$GATEWAY_PID/status")
  echo "$t,$heap,$rss,$fds,$thr,$(metric vigil_spool_readings),$(metric vigil_readings_accepted_total),$(( $(cpu_ticks "$GATEWAY_PID") / $(getconf CLK_TCK) )),$(cut -d' ' -f1 /proc/loadavg)" >> "$CSV"
  log "soak t=${t}s heap after GC ${heap} MiB, RSS ${rss} MiB, fds $fds, threads $thr"
}
before=$(influx_count vigil elevator)
START=$(date +%s)
load --port "$MQTT_PORT" --tokens "$TOKENS" --devices "$DEVICES" --rate "$RATE" --duration "$SOAK_SECONDS" --qos 1 \
  --inflight "${INFLIGHT:-300}" --source-addresses 2 --drain-seconds 30 --summary "$BENCH_TMP/soak-load.json" \
  --label "soak $RATE msg/s" > "$BENCH_TMP/load.log" 2>&1 &
LOAD_PID=$!
PIDS+=("$LOAD_PID")
sample 0
while kill -0 "$LOAD_PID" 2>/dev/null; do
  next=$(( START + ( ( $(date +%s) - START ) / SAMPLE_SECONDS + 1 ) * SAMPLE_SECONDS ))
  while [ "$(date +%s)" -lt "$next" ] && kill -0 "$LOAD_PID" 2>/dev/null; do sleep 1; done
  kill -0 "$LOAD_PID" 2>/dev/null && sample $(( $(date +%s) - START ))
done
wait "$LOAD_PID" || true
spool_drained
sleep 2
after=$(influx_count vigil elevator)
sample $(( $(date +%s) - START ))
python3 - "$BENCH_TMP/soak-load.json" "$CSV" "$before" "$after" "$RESULTS/soak.json" "$(machine)" "$RATE" "$SOAK_SECONDS" <<'PY'
import csv, json, sys, datetime
load, rows = json.load(open(sys.argv[1])), list(csv.DictReader(open(sys.argv[2])))
before, after, out, machine, rate, secs = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6], int(sys.argv[7]), int(sys.argv[8])
def col(k): return [float(r[k]) for r in rows]
def slope(ys):  # least squares, per hour
    xs = col("t_s"); n = len(xs); mx, my = sum(xs) / n, sum(ys) / n
    d = sum((x - mx) ** 2 for x in xs)
    return 0.0 if d == 0 else sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / d * 3600
steady = [r for r in rows if float(r["t_s"]) >= 300]  # after 5 minutes of warm-up
summary = {k: {"min": min(col(k)), "max": max(col(k)), "first_after_5min": float(steady[0][k]) if steady else None,
               "last": float(rows[-1][k]), "slope_per_hour": round(slope(col(k)), 2)}
           for k in ("heap_after_gc_mib", "rss_mib", "fds", "threads")}
r = {"offered_rate": rate, "seconds": secs, "load": load, "stored_new_points": after - before,
     "samples": len(rows), "figures": summary, "machine": machine,
     "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"),
     "cpu_s_total": float(rows[-1]["cpu_s"]) - float(rows[0]["cpu_s"]),
     "load1_range": [min(col("load1")), max(col("load1"))]}
json.dump(r, open(out, "w"), indent=2)
print(json.dumps({k: r[k] for k in ("stored_new_points", "samples", "figures", "cpu_s_total", "load1_range")}, indent=1))
PY
log "soak done: $RESULTS/soak.json, $CSV"
