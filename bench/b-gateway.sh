#!/usr/bin/env bash
# (b) The gateway end to end: MQTT 5 QoS 1 -> gateway -> InfluxDB, at increasing offered rates
# until a step loses, refuses or passes p99 100 ms; zero loss is checked by counting the points in
# InfluxDB. JFR=1 records a Flight Recorder profile of the gateway over the whole ladder.
# Result: results/b-gateway.json (+ results/b-gateway-profile.txt with JFR=1)
source "$(dirname "$0")/lib.sh"
source "$BENCH_DIR/ladder.sh"
need_jars
DEVICES="${DEVICES:-200}"; STEP_SECONDS="${STEP_SECONDS:-10}"; WRITERS="${WRITERS:-4}"
RATES="${RATES:-10000 20000 30000 40000 50000 60000 80000 100000}"
start_influxd
register_fleet "$DEVICES"
if [ "${JFR:-0}" = 1 ]; then
  GATEWAY_EXTRA_OPTS="-XX:StartFlightRecording=filename=$BENCH_TMP/gateway.jfr,settings=profile,dumponexit=true"
fi
start_gateway
ladder "$MQTT_PORT" "$RESULTS/b-gateway.json" vigil
curl -s "http://127.0.0.1:$HTTP_PORT/metrics" | grep -E '^vigil_(messages|readings|influx_|spool_)' \
  > "$RESULTS/b-gateway-metrics.txt" || true
if [ "${JFR:-0}" = 1 ]; then
  jcmd "$GATEWAY_PID" JFR.dump filename="$BENCH_TMP/gateway.jfr" > /dev/null
  python3 "$BENCH_DIR/jfr_top.py" "$BENCH_TMP/gateway.jfr" > "$RESULTS/b-gateway-profile.txt"
  log "JFR profile summary: $RESULTS/b-gateway-profile.txt"
fi
if [ -f "$RESULTS/a-raw-influx.json" ]; then
  python3 - "$RESULTS/b-gateway.json" "$RESULTS/a-raw-influx.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1])); a = json.load(open(sys.argv[2]))
b["ratio_to_raw_influx"] = round(b["highest_zero_loss_rate"] / a["points_per_s"], 3)
json.dump(b, open(sys.argv[1], "w"), indent=2)
print(f"[bench] (b)/(a) = {b['highest_zero_loss_rate']} / {a['points_per_s']} = {b['ratio_to_raw_influx']}")
PY
fi
