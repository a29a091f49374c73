#!/usr/bin/env bash
# (a) The raw ceiling: the load generator's elevator readings as line protocol, posted in
# 5,000-line batches by 2 writers straight to a private influxd. Result: results/a-raw-influx.json
source "$(dirname "$0")/lib.sh"
need_jars
DEVICES="${DEVICES:-200}"; SECONDS_RUN="${SECONDS_RUN:-15}"
start_influxd
curl -s -XPOST "$INFLUX_URL/query" --data-urlencode "q=CREATE DATABASE vigil" > /dev/null
register_fleet "$DEVICES"
load --raw-influx "$INFLUX_URL" --influx-db vigil --tokens "$TOKENS" --devices "$DEVICES" --duration "$SECONDS_RUN" \
  --batch 5000 --writers 2 --enterprise bench --region bench --summary "$BENCH_TMP/a.json" --label "a raw influx"
stored=$(influx_count vigil elevator)
python3 - "$BENCH_TMP/a.json" "$stored" "$RESULTS/a-raw-influx.json" "$(machine)" <<'PY'
import json, sys, datetime
s = json.load(open(sys.argv[1])); s["stored_in_influxdb"] = int(sys.argv[2]); s["machine"] = sys.argv[4]
s["date"] = datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC")
s["stored_per_s"] = round(s["stored_in_influxdb"] / s["seconds"])
json.dump(s, open(sys.argv[3], "w"), indent=2)
print(f"[bench] (a) raw InfluxDB: {s['points_per_s']:,} points/s posted, {s['stored_in_influxdb']:,} stored")
PY
