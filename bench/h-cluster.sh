#!/usr/bin/env bash
# (h) Cluster sizing (issue 16), in ONE run on this machine: MQTT 5 QoS 1 at rising offered rates,
# rules on, against (1) the single-node gateway (spool on), (2) ONE cluster gateway and (3) TWO
# cluster gateways sharing the offered load (two load generators, each half the devices and half
# the rate, each against one gateway). The Kafka 4.4 KRaft broker is the testkit's KafkaBroker run
# by dev.vigil.testkit.KafkaBrokerMain; the topics are created with `vigil cluster check --create`.
# Zero loss: every message acknowledged with 0x00 and InfluxDB holding exactly that many new points
# (in cluster mode the storage consumer group writes them after the PUBACK: the script waits for
# the count, up to COUNT_TIMEOUT s). Per step it also records the CPU (cores) of the gateways,
# the broker and influxd. Result: results/h-cluster.json (+ per-phase results/h-cluster-*.json).
source "$(dirname "$0")/lib.sh"
need_jars
DEVICES="${DEVICES:-200}"; STEP_SECONDS="${STEP_SECONDS:-10}"; WRITERS="${WRITERS:-4}"; WARMUP_SECONDS="${WARMUP_SECONDS:-20}"
RATES="${RATES:-10000 20000 30000 40000 50000 60000}"
PARTITIONS="${PARTITIONS:-12}"; COUNT_TIMEOUT="${COUNT_TIMEOUT:-60}"; COMMON_RATE="${COMMON_RATE:-10000}"
PHASES="${PHASES:-single cluster1 cluster2}"; MAX_P99_MS="${MAX_P99_MS:-1000}"
TESTKIT_JAR="$ROOT/testkit/target/testkit-0.1.0-SNAPSHOT.jar"
HZ=$(getconf CLK_TCK)

# the broker's class path: the testkit jar and its dependencies (kafka_2.13, logback for its log)
if [ ! -f "$TESTKIT_JAR" ]; then
  log "building the testkit jar ..."
  (cd "$ROOT" && mvn -q -B -pl testkit package -DskipTests) || die "testkit build failed"
fi
(cd "$ROOT" && mvn -q -B -pl testkit dependency:build-classpath -Dmdep.outputFile="$BENCH_TMP/kafka.cp") \
  || die "cannot resolve the Kafka broker's class path (mvn dependency:build-classpath -pl testkit)"

start_kafka() { # sets BOOTSTRAP, KAFKA_PID (the broker JVM), KAFKA_MAIN_PID
  local keep=false
  [ "${BENCH_KEEP:-0}" = 1 ] && keep=true
  mkdir -p "$BENCH_TMP/kafka"
  java -Xmx128m -Djava.io.tmpdir="$BENCH_TMP/kafka" -Dvigil.testkit.keep=$keep \
    -cp "$TESTKIT_JAR:$(cat "$BENCH_TMP/kafka.cp")" dev.vigil.testkit.KafkaBrokerMain > "$BENCH_TMP/kafka/main.out" 2>&1 &
  KAFKA_MAIN_PID=$!
  PIDS+=("$KAFKA_MAIN_PID")
  local i
  for ((i = 0; i < 1200; i++)); do
    grep -q '^pid=' "$BENCH_TMP/kafka/main.out" && break
    kill -0 "$KAFKA_MAIN_PID" 2>/dev/null || die "the Kafka broker did not start: $(tail -30 "$BENCH_TMP/kafka/main.out")"
    sleep 0.1
  done
  BOOTSTRAP=$(sed -n 's/^bootstrap=//p' "$BENCH_TMP/kafka/main.out")
  KAFKA_PID=$(sed -n 's/^pid=//p' "$BENCH_TMP/kafka/main.out")
  KAFKA_LOG=$(sed -n 's/^log=//p' "$BENCH_TMP/kafka/main.out")
  [ -n "$BOOTSTRAP" ] || die "the Kafka broker did not start in 120 s: $(tail -30 "$BENCH_TMP/kafka/main.out")"
  PIDS+=("$KAFKA_PID")
  log "kafka broker pid $KAFKA_PID at $BOOTSTRAP"
}

# cluster_config NAME DB: a cluster gateway's vigil.yaml (own ports, spool dir); sets CONF, C_MQTT, C_HTTP
cluster_config() {
  local dir="$BENCH_TMP/$1"
  mkdir -p "$dir"
  C_MQTT=$(free_port); C_HTTP=$(free_port)
  { gateway_yaml "$C_MQTT" "$C_HTTP" "$2"; cat <<CONF
jt808:
  enabled: false
hj212:
  enabled: false
spool:
  dir: $dir/spool
cluster:
  enabled: true
  bootstrap_servers: $BOOTSTRAP
  node_id: $1
  partitions: $PARTITIONS
  replication: 1
CONF
  } > "$dir/vigil.yaml"
  CONF="$dir/vigil.yaml"
}

# start_cluster_gateway NAME DB: appends to GW_PIDS / GW_MQTT / GW_HTTP / GW_LOGS
start_cluster_gateway() {
  cluster_config "$1" "$2"
  # shellcheck disable=SC2086
  java $GATEWAY_JAVA_OPTS -jar "$GATEWAY_JAR" gateway -c "$CONF" > "$BENCH_TMP/$1/gateway.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  wait_http "http://127.0.0.1:$C_HTTP/ready" 200 90 || die "cluster gateway $1 not ready; $(tail -20 "$BENCH_TMP/$1/gateway.log")"
  GW_PIDS+=("$pid"); GW_MQTT+=("$C_MQTT"); GW_HTTP+=("$C_HTTP"); GW_LOGS+=("$BENCH_TMP/$1/gateway.log")
  log "cluster gateway $1 pid $pid: MQTT $C_MQTT, HTTP $C_HTTP"
}

stop_gateways() {
  local pid
  for pid in "${GW_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${GW_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  GW_PIDS=(); GW_MQTT=(); GW_HTTP=(); GW_LOGS=()
}

# wait_count DB TARGET: until InfluxDB holds TARGET points (or COUNT_TIMEOUT s); prints the count and the seconds waited
wait_count() {
  local start now c
  start=$(date +%s.%N)
  while true; do
    c=$(influx_count "$1" elevator)
    now=$(date +%s.%N)
    if [ "$c" -ge "$2" ] || python3 -c "import sys; sys.exit(0 if $now - $start > $COUNT_TIMEOUT else 1)"; then
      python3 -c "print($c, round($now - $start, 1))"
      return
    fi
    sleep 0.5
  done
}

cpu_of() { # PIDS... -> summed ticks
  local t=0 p
  for p in "$@"; do t=$((t + $(cpu_ticks "$p" 2>/dev/null || echo 0))); done
  echo "$t"
}

# run_generators RATE DURATION SUMMARY_PREFIX [LABEL]: one generator per gateway, each DEVICES/N devices at RATE/N msg/s
run_generators() {
  local n=${#GW_MQTT[@]} i gpids=() args
  for ((i = 0; i < n; i++)); do
    args=(--port "${GW_MQTT[$i]}" --tokens "$BENCH_TMP/tokens-$n-$i.txt" --devices $((DEVICES / n)) --rate $(($1 / n))
      --duration "$2" --qos 1 --inflight "${INFLIGHT:-300}" --source-addresses 2 --drain-seconds 10)
    if [ -n "$3" ]; then
      load "${args[@]}" --summary "$3-$i.json" --label "${4:-} gen $i" > "$3-$i.out" 2>&1 &
    else
      load "${args[@]}" > /dev/null 2>&1 &
    fi
    gpids+=("$!")
  done
  for i in "${gpids[@]}"; do wait "$i" || true; done
}

# phase_ladder NAME DB: the ladder against the gateways in GW_MQTT; results/h-cluster-NAME.json
phase_ladder() {
  local name="$1" db="$2" out="$RESULTS/h-cluster-$1.json" rate before target got waited t0 t1 g0 k0 i0 g1 k1 i1 pfx
  rm -f "$out"
  log "$name: warm-up at ${RATES%% *} msg/s for ${WARMUP_SECONDS:-10} s (not judged)"
  run_generators "${RATES%% *}" "${WARMUP_SECONDS:-10}" ""
  # let the warm-up drain into InfluxDB: until the count stops growing for a second
  local last=-1 c
  for _ in $(seq 1 "$COUNT_TIMEOUT"); do
    c=$(influx_count "$db" elevator); [ "$c" = "$last" ] && break; last=$c; sleep 1
  done
  for rate in $RATES; do
    before=$(influx_count "$db" elevator)
    pfx="$BENCH_TMP/$name-$rate"
    t0=$(date +%s.%N); g0=$(cpu_of "${GW_PIDS[@]}"); k0=$(cpu_of ${KAFKA_PID:-}); i0=$(cpu_of "$INFLUX_PID")
    run_generators "$rate" "$STEP_SECONDS" "$pfx" "h-cluster $name $rate msg/s"
    t1=$(date +%s.%N); g1=$(cpu_of "${GW_PIDS[@]}"); k1=$(cpu_of ${KAFKA_PID:-}); i1=$(cpu_of "$INFLUX_PID")
    # merge the generators' summaries into one step summary (p99 etc.: the highest of the generators')
    target=$(python3 - "$pfx" "${#GW_MQTT[@]}" "$before" <<'PY'
import json, sys
pfx, n, before = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
parts = [json.load(open(f"{pfx}-{i}.json")) for i in range(n)]
m = dict(parts[0])
for k in ("sent", "acknowledged", "refused", "unanswered_at_end", "lost_on_closed_connections", "behind", "devices",
          "offered_rate", "send_rate", "ack_rate", "connect_failed"):
    m[k] = sum(p[k] for p in parts)
codes = {}
for p in parts:
    for c, v in p["refused_by_reason_code"].items():
        codes[c] = codes.get(c, 0) + v
m["refused_by_reason_code"] = codes
m["latency_ms"] = {k: max(p["latency_ms"][k] for p in parts) for k in parts[0]["latency_ms"] if k != "count"}
m["latency_ms"]["count"] = sum(p["latency_ms"]["count"] for p in parts)
m["generators"] = [{k: p[k] for k in ("target", "devices", "offered_rate", "sent", "acknowledged", "refused", "latency_ms",
                                     "per_second")} for p in parts]
m.pop("per_second", None)
json.dump(m, open(f"{pfx}.json", "w"), indent=2)
print(before + m["sent"])
PY
)
    read -r got waited < <(wait_count "$db" "$target")
    python3 - "$pfx.json" "$t0" "$t1" "$HZ" "$((g1 - g0))" "$((k1 - k0))" "$((i1 - i0))" "$waited" "${#GW_PIDS[@]}" <<'PY'
import json, sys
f, t0, t1, hz, g, k, i, waited, n = sys.argv[1:]
s = json.load(open(f)); wall = float(t1) - float(t0); hz = int(hz)
s["cpu_cores_during_step"] = {"gateways": round(int(g) / hz / wall, 2), "kafka": round(int(k) / hz / wall, 2),
                              "influxd": round(int(i) / hz / wall, 2), "window_s": round(wall, 1)}
s["gateways"] = int(n)
s["storage_catch_up_s"] = float(waited)
json.dump(s, open(f, "w"), indent=2)
PY
    python3 "$BENCH_DIR/step.py" "$pfx.json" "$before" "$got" "$out" || true
    log "$name: CPU $(json_get "$pfx.json" cpu_cores_during_step) ; storage caught up after ${waited} s"
    # go on while nothing is lost and p99 stays within MAX_P99_MS (1 s as in b-gateway.sh)
    python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["steps"][-1]
sys.exit(0 if s["zero_loss"] and s["latency_ms"]["p99"] <= float(sys.argv[2]) else 1)' "$out" "$MAX_P99_MS" || break
  done
  python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
ok = [s["offered_rate"] for s in r["steps"] if s["zero_loss"]]
r["highest_zero_loss_rate"] = max(ok) if ok else 0
json.dump(r, open(sys.argv[1], "w"), indent=2)
print(f"[bench] highest zero-loss rate: {r['highest_zero_loss_rate']} msg/s")
PY
}

gateway_log_problems() { # LOG... -> the WARN/ERROR lines (first 40) of the gateway logs
  grep -h -E ' (WARN|ERROR) |Exception' "$@" 2>/dev/null | sort | uniq -c | sort -rn | head -40 || true
}

start_influxd
register_fleet "$DEVICES"
# token files: all devices for one generator, halves for two
cp "$TOKENS" "$BENCH_TMP/tokens-1-0.txt"
head -n $((DEVICES / 2)) "$TOKENS" > "$BENCH_TMP/tokens-2-0.txt"
tail -n +$((DEVICES / 2 + 1)) "$TOKENS" > "$BENCH_TMP/tokens-2-1.txt"
GW_PIDS=(); GW_MQTT=(); GW_HTTP=(); GW_LOGS=(); KAFKA_PID=""
PROBLEMS="$RESULTS/h-cluster-log-problems.txt"
: > "$PROBLEMS"

if [[ " $PHASES " == *" single "* ]]; then
  log "=== single node (spool on) ==="
  start_gateway   # lib.sh: database vigil, spool on, rules on; also writes users.yaml
  GW_PIDS=("$GATEWAY_PID"); GW_MQTT=("$MQTT_PORT"); GW_HTTP=("$HTTP_PORT"); GW_LOGS=("$BENCH_TMP/gateway.log")
  phase_ladder single vigil
  { echo "== single"; gateway_log_problems "${GW_LOGS[@]}"; } >> "$PROBLEMS"
  stop_gateways
else
  java -jar "$GATEWAY_JAR" user add bench --role admin --no-password --users "$BENCH_TMP/users.yaml" > /dev/null
fi

if [[ " $PHASES " == *" cluster"* ]]; then
  start_kafka
  # the cluster gateways do not create the database (the storage consumer's writer never issues CREATE DATABASE)
  curl -s -o /dev/null -XPOST "$INFLUX_URL/query" --data-urlencode 'q=CREATE DATABASE "vigil_cluster"'
  cluster_config topics vigil_cluster
  java -jar "$GATEWAY_JAR" cluster check -c "$CONF" --create >&2 || die "vigil cluster check --create failed"
fi
if [[ " $PHASES " == *" cluster1 "* ]]; then
  log "=== one cluster gateway ==="
  start_cluster_gateway g1 vigil_cluster
  phase_ladder cluster1 vigil_cluster
  curl -s "http://127.0.0.1:${GW_HTTP[0]}/metrics" | grep -E '^vigil_(cluster|messages|readings|influx_)' > "$RESULTS/h-cluster-metrics-1.txt" || true
  { echo "== cluster1"; gateway_log_problems "${GW_LOGS[@]}"; } >> "$PROBLEMS"
  cp "${GW_LOGS[0]}" "$BENCH_TMP/cluster1-g1.log"
  stop_gateways
fi
if [[ " $PHASES " == *" cluster2 "* ]]; then
  log "=== two cluster gateways ==="
  rm -rf "$BENCH_TMP/g1"
  start_cluster_gateway g1 vigil_cluster
  start_cluster_gateway g2 vigil_cluster
  # both members own partitions before the load starts
  for _ in $(seq 1 60); do
    a=$(curl -s "http://127.0.0.1:${GW_HTTP[0]}/metrics" | sed -n 's/^vigil_cluster_owned_partitions[^ ]* //p' | head -1)
    b=$(curl -s "http://127.0.0.1:${GW_HTTP[1]}/metrics" | sed -n 's/^vigil_cluster_owned_partitions[^ ]* //p' | head -1)
    python3 -c "import sys; sys.exit(0 if float('${a:-0}') > 0 and float('${b:-0}') > 0 else 1)" && break
    sleep 1
  done
  log "owned partitions: g1 ${a:-?}, g2 ${b:-?}"
  phase_ladder cluster2 vigil_cluster
  for i in 0 1; do
    curl -s "http://127.0.0.1:${GW_HTTP[$i]}/metrics" | grep -E '^vigil_(cluster|messages|readings|influx_)' > "$RESULTS/h-cluster-metrics-2-g$((i + 1)).txt" || true
  done
  { echo "== cluster2"; gateway_log_problems "${GW_LOGS[@]}"; } >> "$PROBLEMS"
  stop_gateways
fi
[ -n "${KAFKA_LOG:-}" ] && { echo "== kafka"; grep -h -E ' (WARN|ERROR) ' "$KAFKA_LOG" | cut -c14- | sort | uniq -c | sort -rn | head -20; } >> "$PROBLEMS" || true

python3 - "$RESULTS" "$COMMON_RATE" "$(machine)" "$PHASES" <<'PY'
import json, os, sys, datetime
res, common, machine, phases = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4].split()
out = {"machine": machine, "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"), "common_rate": common}
for p in phases:
    try:
        r = json.load(open(os.path.join(res, f"h-cluster-{p}.json")))
    except FileNotFoundError:
        continue
    at = [s for s in r["steps"] if s["offered_rate"] == common]
    out[p] = {"highest_zero_loss_rate": r["highest_zero_loss_rate"],
              f"p99_ms_at_{common}": at[0]["latency_ms"]["p99"] if at else None,
              f"p50_ms_at_{common}": at[0]["latency_ms"]["p50"] if at else None,
              f"cpu_cores_at_{common}": at[0]["cpu_cores_during_step"] if at else None}
def ratio(a, b):
    return round(out[a]["highest_zero_loss_rate"] / out[b]["highest_zero_loss_rate"], 3) \
        if a in out and b in out and out[b]["highest_zero_loss_rate"] else None
out["ratio_cluster1_to_single"] = ratio("cluster1", "single")
out["ratio_cluster2_to_cluster1"] = ratio("cluster2", "cluster1")
json.dump(out, open(os.path.join(res, "h-cluster.json"), "w"), indent=2)
print(json.dumps(out, indent=2))
PY
log "log problems (WARN/ERROR, counted): $PROBLEMS"
cat "$PROBLEMS" >&2
