#!/usr/bin/env bash
# HJ 212 throughput (not part of ./vigil test): STATIONS simulated data loggers (vigil simulate
# hj212) send 2011 real-time frames as fast as the gateway answers them (one frame in flight per
# logger: each waits for its 9014, which the gateway sends only once InfluxDB has the reading) for
# SECONDS_RUN seconds. Zero loss: every frame answered, none resent or unanswered, and InfluxDB
# holds one point per answered frame. Result: results/hj212.json
source "$(dirname "$0")/lib.sh"
need_jars
STATIONS="${STATIONS:-200}"; SECONDS_RUN="${SECONDS_RUN:-30}"
start_influxd
REGISTRY="$BENCH_TMP/devices.yaml"
STATIONS_ARGS="$BENCH_TMP/stations.args"
python3 - "$STATIONS" "$REGISTRY" "$STATIONS_ARGS" <<'PY'
import hashlib, secrets, sys
n, reg, args = int(sys.argv[1]), sys.argv[2], sys.argv[3]
salt = secrets.token_hex(16)
with open(reg, "w") as f, open(args, "w") as a:
    f.write("salt: %s\ndevices:\n" % salt)
    for i in range(1, n + 1):
        mn, pw = "BENCH%09d" % i, "pw%06d" % i
        h = hashlib.sha256(salt.encode() + b"\0" + pw.encode()).hexdigest()
        f.write("  - id: hj-%06d\n    profile: emission-cems\n    enterprise: bench\n    region: bench\n"
                "    connection: {hj212: {mn: %s, password_hash: 'sha256:%s'}}\n" % (i, mn, h))
        a.write("--station\n%s=%s\n" % (mn, pw))
PY
HJ212_PORT=$(free_port)
HJ212_SECTION="hj212:
  host: 127.0.0.1
  port: $HJ212_PORT" start_gateway
log "$STATIONS data loggers for ${SECONDS_RUN}s against 127.0.0.1:$HJ212_PORT ..."
# shellcheck disable=SC2086
java $LOAD_JAVA_OPTS -jar "$SIM_JAR" hj212 --port "$HJ212_PORT" @"$STATIONS_ARGS" --rtd-interval 1ms --datatime-ms \
  --duration "${SECONDS_RUN}s" --timeout 10s > "$BENCH_TMP/sim.log" 2>&1
last=$(grep '^frames sent' "$BENCH_TMP/sim.log" | tail -1)
count() {
  influx_query vigil "SELECT count(so2) FROM \"$1\"" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"][0]; print(r["series"][0]["values"][0][1] if "series" in r else 0)'
}
stored=$(( $(count emission-cems) + $(count emission-cems_minute) ))
python3 - "$last" "$stored" "$STATIONS" "$SECONDS_RUN" "$RESULTS/hj212.json" "$(machine)" <<'PY'
import datetime, json, re, sys
m = re.match(r"frames sent (\d+), answered (\d+), resent (\d+), never answered (\d+)", sys.argv[1])
sent, answered, resent, unanswered = map(int, m.groups())
stored, stations, seconds = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
r = {"stations": stations, "seconds": seconds, "frames_sent": sent, "answered": answered, "resent": resent,
     "never_answered": unanswered, "stored_in_influxdb": stored, "answered_per_s": round(answered / seconds),
     "zero_loss": resent == 0 and unanswered == 0 and stored == answered, "machine": sys.argv[6],
     "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC")}
json.dump(r, open(sys.argv[5], "w"), indent=2)
print(f"[bench] HJ 212: {r['answered_per_s']:,} frames/s answered ({answered:,} in {seconds} s by {stations} loggers), "
      f"{stored:,} stored, resent {resent}, unanswered {unanswered}: {'zero loss' if r['zero_loss'] else 'LOSS'}")
sys.exit(0 if r["zero_loss"] else 1)
PY
