# Shared helpers for the bench/ scripts (sourced, not run). Each script starts its own influxd,
# gateway, mosquitto and Node-RED on free loopback ports under one temp dir and stops exactly the
# processes it started when it exits.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
RESULTS="$BENCH_DIR/results"
GATEWAY_JAR="${GATEWAY_JAR:-$ROOT/gateway/target/vigil-gateway.jar}"  # another build of the gateway for a same-run comparison
SIM_JAR="$ROOT/simulators/target/vigil-simulators.jar"
GATEWAY_JAVA_OPTS="${GATEWAY_JAVA_OPTS:--Xms512m -Xmx2g}"
LOAD_JAVA_OPTS="${LOAD_JAVA_OPTS:--Xms256m -Xmx1g}"
PIDS=()
mkdir -p "$RESULTS"
BENCH_TMP="$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench-XXXXXX")"
# shellcheck source=../scripts/influxd-conf.sh
source "$ROOT/scripts/influxd-conf.sh"

log() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[bench]\033[0m %s\n' "$*" >&2; exit 1; }

cleanup() {
  local pid
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $BENCH_TMP"; else rm -rf "$BENCH_TMP"; fi
}
trap cleanup EXIT

need_jars() {
  if [ ! -f "$GATEWAY_JAR" ] || [ ! -f "$SIM_JAR" ]; then
    log "building the jars (mvn package -DskipTests) ..."
    (cd "$ROOT" && mvn -q -B -pl gateway,simulators -am package -DskipTests) || die "build failed"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_http() { # URL EXPECTED_STATUS SECONDS
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = "$2" ] && return 0
    sleep 0.1
  done
  return 1
}

# start_influxd: a private influxd; sets INFLUX_URL and INFLUX_PID.
start_influxd() {
  local dir="$BENCH_TMP/influxd" http rpc
  mkdir -p "$dir"
  http=$(free_port); rpc=$(free_port)
  # the one private-influxd config (config/influxd.conf.template); the bench only logs less
  render_influxd_conf "$dir" "$http" "$rpc" false warn > "$dir/influxdb.conf"
  influxd -config "$dir/influxdb.conf" > "$dir/influxd.log" 2>&1 &
  INFLUX_PID=$!
  PIDS+=("$INFLUX_PID")
  INFLUX_URL="http://127.0.0.1:$http"
  wait_http "$INFLUX_URL/ping" 204 30 || die "influxd did not start; $(tail -5 "$dir/influxd.log")"
  log "influxd pid $INFLUX_PID at $INFLUX_URL"
}

influx_query() { # DB QUERY -> JSON
  curl -s -G "$INFLUX_URL/query" --data-urlencode "db=$1" --data-urlencode "q=$2"
}

influx_count() { # DB MEASUREMENT -> number of points (counted on the field 'floor')
  influx_query "$1" "SELECT count(floor) FROM \"$2\"" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"][0]; print(r["series"][0]["values"][0][1] if "series" in r else 0)'
}

# register_fleet COUNT: a registry of COUNT elevators ld-000001... in $BENCH_TMP; tokens in $TOKENS.
register_fleet() {
  REGISTRY="$BENCH_TMP/devices.yaml"
  TOKENS="$BENCH_TMP/tokens.txt"
  rm -f "$REGISTRY"
  java -jar "$GATEWAY_JAR" device add-fleet --registry "$REGISTRY" --profiles "$ROOT/device-profiles/profiles" \
    --profile elevator --prefix ld- --count "$1" --enterprise bench --region bench --tokens-out "$TOKENS" >&2
}

# gateway_yaml MQTT_PORT HTTP_PORT DATABASE: what every bench gateway's vigil.yaml holds (to stdout): the shipped
# profiles and rules, the fleet's registry, loopback ports, CoAP and Modbus off, the users file of start_gateway,
# and the influx section last, so that a caller can add influx lines right after it.
gateway_yaml() {
  cat <<CONF
profiles: $ROOT/device-profiles/profiles
registry: $REGISTRY
rules: $ROOT/config/rules
zones: $ROOT/zones/wuhai
mqtt:
  host: 127.0.0.1
  port: $1
http:
  host: 127.0.0.1
  port: $2
coap:
  enabled: false
modbus:
  enabled: false
auth:
  users: $BENCH_TMP/users.yaml
influx:
  url: ${INFLUX_URL:-http://127.0.0.1:1}
  database: $3
  batch_size: ${BATCH:-5000}
  flush_interval_ms: ${FLUSH_MS:-20}
  max_pending: 400000
  writers: ${WRITERS:-2}
CONF
}

# start_gateway [EXTRA_INFLUX_YAML_LINES]: the gateway on free ports writing to database 'vigil'
# of $INFLUX_URL; sets MQTT_PORT, HTTP_PORT, GATEWAY_PID.
start_gateway() {
  MQTT_PORT=$(free_port); HTTP_PORT=$(free_port)
  local conf="$BENCH_TMP/vigil.yaml"
  # /api needs a log-in: an admin API token for the scripts' requests (API_AUTH, API_TOKEN)
  rm -f "$BENCH_TMP/users.yaml"
  java -jar "$GATEWAY_JAR" user add bench --role admin --no-password --users "$BENCH_TMP/users.yaml" > /dev/null || die "cannot add the bench user"
  API_TOKEN=$(java -jar "$GATEWAY_JAR" user token bench -q --users "$BENCH_TMP/users.yaml") || die "cannot issue the bench API token"
  API_AUTH="Authorization: Bearer $API_TOKEN"
  { gateway_yaml "$MQTT_PORT" "$HTTP_PORT" vigil; cat <<CONF
${1:-}
spool:
  enabled: ${SPOOL:-true}
  dir: $BENCH_TMP/spool
${HJ212_SECTION:-hj212:
  enabled: false}
CONF
  } > "$conf"
  # JT/T 808 is on by default (port 6808): off here unless the script configured it
  grep -q '^jt808:' "$conf" || printf 'jt808:\n  enabled: false\n' >> "$conf"
  # shellcheck disable=SC2086
  java $GATEWAY_JAVA_OPTS ${GATEWAY_EXTRA_OPTS:-} -jar "$GATEWAY_JAR" gateway -c "$conf" > "$BENCH_TMP/gateway.log" 2>&1 &
  GATEWAY_PID=$!
  PIDS+=("$GATEWAY_PID")
  wait_http "http://127.0.0.1:$HTTP_PORT/ready" 200 60 || die "gateway not ready; $(tail -20 "$BENCH_TMP/gateway.log")"
  log "gateway pid $GATEWAY_PID: MQTT $MQTT_PORT, HTTP $HTTP_PORT"
}

stop_gateway() {
  kill "$GATEWAY_PID" 2>/dev/null || true
  wait "$GATEWAY_PID" 2>/dev/null || true
}

# start_mosquitto: a private broker; sets MOSQUITTO_PORT.
start_mosquitto() {
  MOSQUITTO_PORT=$(free_port)
  local dir="$BENCH_TMP/mosquitto"
  mkdir -p "$dir"
  cat > "$dir/mosquitto.conf" <<CONF
listener $MOSQUITTO_PORT 127.0.0.1
allow_anonymous true
persistence false
max_inflight_messages 1000
max_queued_messages 100000
log_dest stderr
CONF
  mosquitto -c "$dir/mosquitto.conf" 2> "$dir/mosquitto.log" &
  PIDS+=("$!")
  local i
  for ((i = 0; i < 100; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$MOSQUITTO_PORT") 2>/dev/null && break
    sleep 0.1
  done
  log "mosquitto at 127.0.0.1:$MOSQUITTO_PORT"
}

# load ARGS...: the load generator (vigil simulate load).
load() {
  # shellcheck disable=SC2086
  java $LOAD_JAVA_OPTS -jar "$SIM_JAR" load "$@"
}

json_get() { # FILE KEY[.KEY...]
  python3 -c 'import json,sys
v=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v=v[k]
print(v)' "$1" "$2"
}

cpu_ticks() { # PID -> utime+stime in clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat"
}

machine() {
  printf '%s, %s cores, %s GiB RAM, %s' "$(uname -sr)" "$(nproc)" \
    "$(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo)" "$(java -version 2>&1 | head -1)"
}
