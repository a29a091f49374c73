#!/usr/bin/env bash
# (g) History API: DAYS (default 30) of 1 Hz readings for one CEMS analyser and 10 s positions for
# VEHICLES (default 100) vehicles, written straight into a private influxd as line protocol; then
#   series   GET /api/v1/devices/cems-001/series?max_points=2000 over the whole range (goal <= 1 s)
#   track    GET /api/v1/devices/veh-0001/track over one day
#   export   GET /api/v1/export.csv of the CEMS analyser's whole range, rows/s, beside
#   raw      influx -format csv of the same rows in the same run (goal >= 0.8 x raw), and the
#            gateway's heap (jcmd GC.heap_info: used heap, garbage included) sampled during the export.
# Result: results/g-history.json
source "$(dirname "$0")/lib.sh"
need_jars
DAYS="${DAYS:-30}"; VEHICLES="${VEHICLES:-100}"
command -v influx > /dev/null || die "needs the influx shell (apt-get install influxdb-client)"
start_influxd
curl -s -XPOST "$INFLUX_URL/query" --data-urlencode "q=CREATE DATABASE vigil" > /dev/null
java -jar "$GATEWAY_JAR" demo-setup --dir "$BENCH_TMP/fleet" --profiles "$ROOT/device-profiles/profiles" --elevators 0 \
  --vehicles "$VEHICLES" --cems 1 --transformers 0 > "$BENCH_TMP/setup.log" 2>&1 || die "fleet set-up failed: $(cat "$BENCH_TMP/setup.log")"
REGISTRY="$BENCH_TMP/fleet/devices.yaml"
END_MS=$(( $(date +%s) * 1000 / 86400000 * 86400000 ))   # today 00:00 UTC
START_MS=$(( END_MS - DAYS * 86400000 ))
log "loading $DAYS days: 1 Hz CEMS and $VEHICLES vehicles every 10 s ..."
python3 - "$INFLUX_URL" "$START_MS" "$END_MS" "$VEHICLES" <<'PY'
import sys, urllib.request, math, time
url, start, end, vehicles = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def post(lines):
    urllib.request.urlopen(urllib.request.Request(url + "/write?db=vigil&precision=ms", data="".join(lines).encode())).read()
t0 = time.time(); buf = []; n = 0
for t in range(start, end, 1000):
    i = (t - start) // 1000
    so2 = 20 + 5 * math.sin(i / 3600.0) + (150 if i % 86400 == 50000 else 0)
    buf.append(f"emission-cems,device=cems-001 so2={so2:.2f},nox={30 + (i % 17) * 0.5},o2=6.5,data_flag=\"N\" {t}\n")
    if len(buf) >= 20000: post(buf); n += len(buf); buf = []
for v in range(1, vehicles + 1):
    dev = f"veh-{v:04d}"
    for t in range(start, end, 10000):
        i = (t - start) // 10000
        speed = 0 if (i // 360) % 4 == 0 else 60 + i % 20
        buf.append(f"hazmat-vehicle,device={dev} lat={39.6 + (i % 8640) * 1e-5:.6f},lon={106.8 + v * 1e-3:.6f},speed={speed},heading=90i,lock=\"locked\" {t}\n")
        if len(buf) >= 20000: post(buf); n += len(buf); buf = []
if buf: post(buf); n += len(buf)
print(f"[bench] loaded {n:,} points in {time.time() - t0:.0f} s", file=sys.stderr)
PY
start_gateway
API="http://127.0.0.1:$HTTP_PORT/api/v1"
timed() { curl -s -H "$API_AUTH" -o "$2" -w '%{time_total}' "$1"; }
series_s=$(timed "$API/devices/cems-001/series?fields=so2&max_points=2000&from=$START_MS&to=$END_MS" "$BENCH_TMP/series.json")
series_s2=$(timed "$API/devices/cems-001/series?fields=so2&max_points=2000&from=$START_MS&to=$END_MS" "$BENCH_TMP/series.json")
track_s=$(timed "$API/devices/veh-0001/track?max_points=2000&from=$((END_MS - 86400000))&to=$END_MS" "$BENCH_TMP/track.json")
heap() { jcmd "$GATEWAY_PID" GC.heap_info 2>/dev/null | sed -n "s/.*heap *total [0-9]*K, used \([0-9]*\)K.*/\1/p" | head -1 | awk "{printf \"%.0f\", \$1 * 1024}"; }
heap_before=$(heap)
( while :; do heap >> "$BENCH_TMP/heap.txt"; echo >> "$BENCH_TMP/heap.txt"; sleep 0.5; done ) & SAMPLER=$!
PIDS+=("$SAMPLER")
export_s=$(timed "$API/export.csv?device=cems-001&fields=so2,nox,o2,data_flag&from=$START_MS&to=$END_MS" "$BENCH_TMP/export.csv")
kill "$SAMPLER" 2>/dev/null || true
rows=$(( $(wc -l < "$BENCH_TMP/export.csv") - 1 ))
bytes=$(stat -c %s "$BENCH_TMP/export.csv")
t0=$(date +%s.%N)
influx -host 127.0.0.1 -port "${INFLUX_URL##*:}" -database vigil -format csv -precision rfc3339 -execute \
  "SELECT \"device\", so2, nox, o2, data_flag FROM \"emission-cems\" WHERE \"device\" = 'cems-001' AND time >= ${START_MS}ms AND time <= ${END_MS}ms" \
  > "$BENCH_TMP/raw.csv"
raw_s=$(python3 -c "import time; print(time.time() - $t0)")
raw_rows=$(( $(wc -l < "$BENCH_TMP/raw.csv") - 1 ))
python3 - "$RESULTS/g-history.json" "$(machine)" "$DAYS" "$VEHICLES" "$series_s" "$series_s2" "$track_s" "$export_s" "$rows" "$bytes" \
  "$raw_s" "$raw_rows" "$heap_before" "$BENCH_TMP/heap.txt" "$BENCH_TMP/series.json" "$BENCH_TMP/track.json" <<'PY'
import json, sys, datetime
a = sys.argv
heap = [int(x) for x in open(a[14]).read().split() if x.strip()]
series = json.load(open(a[15])); track = json.load(open(a[16]))
r = {"machine": a[2], "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"), "days": int(a[3]), "vehicles": int(a[4]),
     "series_s_first": float(a[5]), "series_s": float(a[6]), "series_points": series.get("points"), "series_agg": series.get("agg"),
     "series_raw_points": series.get("raw_points"), "track_day_s": float(a[7]), "track_points": track.get("points"),
     "track_raw_points": track.get("raw_points"), "export_s": float(a[8]), "export_rows": int(a[9]), "export_bytes": int(a[10]),
     "export_rows_per_s": round(int(a[9]) / float(a[8])), "raw_influx_csv_s": float(a[11]), "raw_rows": int(a[12]),
     "raw_rows_per_s": round(int(a[12]) / float(a[11])), "heap_before": int(a[13]), "heap_max_during_export": max(heap or [0])}
r["export_vs_raw"] = round(r["export_rows_per_s"] / r["raw_rows_per_s"], 2)
json.dump(r, open(a[1], "w"), indent=2)
print(json.dumps(r, indent=2))
PY
