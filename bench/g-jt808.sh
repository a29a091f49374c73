#!/usr/bin/env bash
# (g) JT/T 808 location reports per second through one gateway with zero loss: TERMINALS terminals
# (2013 headers) on long TCP connections send 0x0200 at increasing offered rates (RATES, each for
# STEP_SECONDS); a step is zero-loss when every report got 0x8001 result 0 and InfluxDB holds exactly
# as many new points. The load generator is bench/jt808_load.py (Python standard library, asyncio),
# which is itself the limit on this 2-core machine above a few thousand reports/s.
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
steps="[]"; best=0; back=0
for rate in $RATES; do
  back=$((back + 6))   # each step's report times lie in their own 6-hour range, so steps never overwrite each other
  before=$(count)
  out=$(python3 "$BENCH_DIR/jt808_load.py" --port "$JT808_PORT" --phones "$PHONES" --rate "$rate" --seconds "$STEP_SECONDS" --back-hours "$back")
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
