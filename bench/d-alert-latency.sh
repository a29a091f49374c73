#!/usr/bin/env bash
# (d) Alert latency at 20,000 msg/s: device publish -> alert event on the live stream
# (GET /api/alerts/stream). TODO: needs the rules verticle and the alert stream (issue 3) in the
# gateway, and the load generator's --alert-stream option that correlates each overspeed publish
# with its "raised" event. Until then this script only checks and says what is missing.
source "$(dirname "$0")/lib.sh"
need_jars
DEVICES="${DEVICES:-200}"
start_influxd
register_fleet "$DEVICES"
start_gateway
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$HTTP_PORT/api/alerts/stream" || true)
if [ "$code" = 404 ] || [ "$code" = 000 ]; then
  log "TODO (d): this gateway has no alert stream (GET /api/alerts/stream -> $code); alert latency not measured"
  python3 - "$RESULTS/d-alert-latency.json" <<'PY'
import json, sys, datetime
json.dump({"status": "TODO", "reason": "no rules verticle / alert stream in this build (GET /api/alerts/stream -> 404)",
           "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC")}, open(sys.argv[1], "w"), indent=2)
PY
  exit 0
fi
die "the gateway has an alert stream now: wire the load generator's alert correlation (TODO in bench/RESULTS.md)"
