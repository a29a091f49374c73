#!/usr/bin/env bash
# (d) Alert latency at 20,000 msg/s: device publish -> "raised" event on the live alert stream
# (GET /api/alerts/stream, SSE). Every 50th reading of each device is an overspeed (3 m/s against
# the default rated speed 1.75 m/s); the load generator (--alert-stream) matches each raised event
# to the publish of the reading that raised it. Needs the rules verticle and the alert stream
# (issue 3) in the gateway; without them it records a TODO. Result: results/d-alert-latency.json
source "$(dirname "$0")/lib.sh"
need_jars
DEVICES="${DEVICES:-200}"
start_influxd
register_fleet "$DEVICES"
start_gateway
code=$(curl -s -H "$API_AUTH" -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$HTTP_PORT/api/alerts/stream" || true)
if [ "$code" = 404 ] || [ "$code" = 000 ]; then
  log "TODO (d): this gateway has no alert stream (GET /api/alerts/stream -> $code); alert latency not measured"
  python3 - "$RESULTS/d-alert-latency.json" <<'PY'
import json, sys, datetime
json.dump({"status": "TODO", "reason": "no rules verticle / alert stream in this build (GET /api/alerts/stream -> 404)",
           "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC")}, open(sys.argv[1], "w"), indent=2)
PY
  exit 0
fi
load --port "$MQTT_PORT" --tokens "$TOKENS" --devices "$DEVICES" --rate "${RATE:-20000}" --duration "${SECONDS_RUN:-15}" \
  --qos 1 --overspeed-every "${OVERSPEED_EVERY:-50}" --alert-stream "http://127.0.0.1:$HTTP_PORT/api/alerts/stream" --alert-token "$API_TOKEN" \
  --summary "$BENCH_TMP/d.json" --label "d alert latency"
python3 - "$BENCH_TMP/d.json" "$RESULTS/d-alert-latency.json" "$(machine)" <<'PY'
import json, sys, datetime
s = json.load(open(sys.argv[1])); s.pop("per_second", None)
r = dict(s["alert_latency_ms"]); r.update({"alert_events": s["alert_events"], "alerts_matched": s["alerts_matched"],
     "machine": sys.argv[3], "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"), "load": s})
json.dump(r, open(sys.argv[2], "w"), indent=2)
print(f"[bench] (d) alert latency p50 {r['p50']} p99 {r['p99']} p99.9 {r['p99.9']} ms over {r['count']} alerts")
PY
