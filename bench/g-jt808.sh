#!/usr/bin/env bash
# (g) JT/T 808 location reports per second through one gateway with zero loss: TERMINALS terminals
# (2013 headers) on long TCP connections send 0x0200 at increasing offered rates (RATES, each for
# STEP_SECONDS); a step is zero-loss when every report got 0x8001 result 0 and InfluxDB holds exactly
# as many new points. The load generator is bench/jt808_load.py (Python standard library, asyncio),
# which is itself the limit on this 2-core machine above a few thousand reports/s. Each step also records
# the gateway's CPU share (of one core) while the terminals send, and its live heap after a full GC and
# RSS while all of them are connected: TERMINALS=10000 RATES=1000 STEP_SECONDS=60 is the issue's
# 10,000 terminals reporting every 10 s.
# Result: results/g-jt808.json
source "$(dirname "$0")/lib.sh"
need_jars
TERMINALS="${TERMINALS:-100}"; STEP_SECONDS="${STEP_SECONDS:-20}"
RATES="${RATES:-1000 2000 4000 8000 16000}"
start_influxd
REGISTRY="$BENCH_TMP/devices.yaml"; PHONES="$BENCH_TMP/phones.txt"
python3 - "$REGISTRY" "$PHONES" "$TERMINALS" <<'PY'
import secrets, sys
reg, phones, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(reg, "w") as r, open(phones, "w") as p:
    r.write("salt: %s\ndevices:\n" % secrets.token_hex(16))
    for i in range(1, n + 1):
        phone = "0139%08d" % i
        r.write("  - id: jt-%06d\n    profile: hazmat-vehicle\n    enterprise: bench\n    region: bench\n"
                "    connection: {jt808: {phone: '%s'}}\n" % (i, phone))
        p.write("jt-%06d=%s\n" % (i, phone))
PY
JT808_PORT=$(free_port)
start_gateway "jt808:
  host: 127.0.0.1
  port: $JT808_PORT
  auth_codes_file: $BENCH_TMP/jt808-auth-codes.txt
  max_in_flight: 10000"
count() {
  influx_query vigil 'SELECT count(speed) FROM "hazmat-vehicle"' \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"][0]; print(r["series"][0]["values"][0][1] if "series" in r else 0)'
}
connected() {
  curl -s "http://127.0.0.1:$HTTP_PORT/metrics" | awk '/^vigil_devices_connected\{protocol="jt808"/ {printf "%.0f", $2; f=1} END {if (!f) print 0}'
}
steps="[]"; best=0; back=0
for rate in $RATES; do
  back=$((back + 6))   # each step's report times lie in their own 6-hour range, so steps never overwrite each other
  before=$(count)
  python3 "$BENCH_DIR/jt808_load.py" --port "$JT808_PORT" --phones "$PHONES" --rate "$rate" --seconds "$STEP_SECONDS" \
    --back-hours "$back" > "$BENCH_TMP/step.json" &
  gen=$!
  # while every terminal is connected and sending: the gateway's CPU over the sending time, and its live
  # heap after a full GC and RSS in the middle of it
  for _ in $(seq 1 3000); do
    [ "$(connected)" -ge "$TERMINALS" ] && break
    kill -0 "$gen" 2>/dev/null || break
    sleep 0.1
  done
  cpu0=$(cpu_ticks "$GATEWAY_PID"); t0=$(date +%s.%N)
  sleep $((STEP_SECONDS / 2))
  # live objects after a full GC, counted by the histogram itself (a heap_info read after GC.run would
  # also count what the load allocated between the two attach calls)
  heap=$(jcmd "$GATEWAY_PID" GC.class_histogram | awk '/^Total/ {printf "%.1f", $3 / 1048576}')
  rss=$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$GATEWAY_PID/status")
  held=$(connected)
  wait "$gen"
  cpu1=$(cpu_ticks "$GATEWAY_PID"); t1=$(date +%s.%N)
  out=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); s.update(connected_mid_step=int(sys.argv[2]),
heap_after_gc_mib=float(sys.argv[3]), rss_mib=float(sys.argv[4]),
gateway_cpu_share=round((int(sys.argv[6])-int(sys.argv[5]))/int(sys.argv[9])/(float(sys.argv[8])-float(sys.argv[7])), 3)); print(json.dumps(s))' \
    "$BENCH_TMP/step.json" "$held" "$heap" "$rss" "$cpu0" "$cpu1" "$t0" "$t1" "$(getconf CLK_TCK)")
  sleep 1
  after=$(count)
  step=$(python3 -c 'import json,sys; s=json.loads(sys.argv[1]); s["stored"]=int(sys.argv[3])-int(sys.argv[2]);
s["zero_loss"]= s["acknowledged"]==s["sent"] and s["refused"]==0 and s["stored"]==s["sent"] and s["send_seconds"] <= '"$STEP_SECONDS"' * 1.1;
s["achieved_rate"]=round(s["sent"]/max(s["send_seconds"], s["ack_seconds"] or 0), 1); print(json.dumps(s))' "$out" "$before" "$after")
  log "offered $rate/s: $step"
  steps=$(python3 -c 'import json,sys; a=json.loads(sys.argv[1]); a.append(json.loads(sys.argv[2])); print(json.dumps(a))' "$steps" "$step")
  if python3 -c 'import json,sys; sys.exit(0 if json.loads(sys.argv[1])["zero_loss"] else 1)' "$step"; then best=$rate; else break; fi
done
python3 -c 'import json,sys; print(json.dumps({"terminals": int(sys.argv[1]), "step_seconds": int(sys.argv[2]),
"highest_zero_loss_rate": int(sys.argv[3]), "steps": json.loads(sys.argv[4]), "machine": sys.argv[5]}, indent=2))' \
  "$TERMINALS" "$STEP_SECONDS" "$best" "$steps" "$(machine)" > "$RESULTS/g-jt808.json"
log "highest zero-loss rate: $best reports/s ($RESULTS/g-jt808.json)"
