#!/usr/bin/env bash
# (d) Alert latency from a cold start (RATE msg/s, default 20,000): device publish -> "raised" event on the
# live alert stream (GET /api/alerts/stream, SSE). One reading of each device every 10 s (at least every 50th)
# is an overspeed (3 m/s against the default rated speed 1.75 m/s), at another phase for each device so alerts arrive
# evenly (BURST=1: all devices at the same reading, so the alerts come 200 at a time); readings are
# stamped with the time they are sent. The load generator (--alert-stream) matches each raised event to
# the publish of the reading that raised it and prints the latency per second of the run.
# Result: results/d-alert-latency.json
source "$(dirname "$0")/lib.sh"
need_jars
DEVICES="${DEVICES:-200}"
RATE="${RATE:-20000}"
# one overspeed per device every 10 s (at least every 50th reading): the alert clears (clear_delay 5 s) before
# the next, so alerts keep coming through the whole run instead of all in its first seconds
OVERSPEED_EVERY="${OVERSPEED_EVERY:-$(( RATE * 10 / DEVICES > 50 ? RATE * 10 / DEVICES : 50 ))}"
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
load --port "$MQTT_PORT" --tokens "$TOKENS" --devices "$DEVICES" --rate "$RATE" --duration "${SECONDS_RUN:-15}" \
  --qos 1 --overspeed-every "$OVERSPEED_EVERY" $([ "${BURST:-0}" = 1 ] && echo --overspeed-together) --alert-stream "http://127.0.0.1:$HTTP_PORT/api/alerts/stream" --alert-token "$API_TOKEN" \
  --summary "$BENCH_TMP/d.json" --label "d alert latency"
python3 - "$BENCH_TMP/d.json" "$RESULTS/d-alert-latency.json" "$(machine)" <<'PY'
import json, sys, datetime
s = json.load(open(sys.argv[1])); per_second = s.pop("per_second", [])
r = dict(s["alert_latency_ms"]); r.update({"alert_events": s["alert_events"], "alerts_matched": s["alerts_matched"],
     "per_second": [{k: x.get(k) for k in ("t", "acked", "p99_ms", "alerts", "alert_p99_ms")} for x in per_second],
     "machine": sys.argv[3], "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"), "load": s})
json.dump(r, open(sys.argv[2], "w"), indent=2)
print(f"[bench] (d) alert latency p50 {r['p50']} p99 {r['p99']} p99.9 {r['p99.9']} ms over {r['count']} alerts")
PY
