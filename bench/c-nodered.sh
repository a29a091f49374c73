#!/usr/bin/env bash
# (c) The peer: Mosquitto in front of a Node-RED flow doing the same job (MQTT in -> function with
# the overspeed threshold -> join 5,000 / 0.1 s -> influxdb batch), fed by the same generator at the
# same offered rates; the points counted in InfluxDB decide (Mosquitto's PUBACK only means the
# broker has the message). Needs `npm ci` in bench/nodered once. Result: results/c-nodered.json
source "$(dirname "$0")/lib.sh"
source "$BENCH_DIR/ladder.sh"
need_jars
[ -d "$BENCH_DIR/nodered/node_modules/node-red" ] || (cd "$BENCH_DIR/nodered" && npm ci --no-audit --no-fund)
DEVICES="${DEVICES:-200}"; STEP_SECONDS="${STEP_SECONDS:-10}"; SETTLE_SECONDS="${SETTLE_SECONDS:-5}"
RATES="${RATES:-5000 10000 20000 30000 40000}"
start_influxd
curl -s -XPOST "$INFLUX_URL/query" --data-urlencode "q=CREATE DATABASE nodered" > /dev/null
start_mosquitto
register_fleet "$DEVICES"
sed -e "s/@MQTT_PORT@/$MOSQUITTO_PORT/" -e "s/@INFLUX_PORT@/${INFLUX_URL##*:}/" \
  "$BENCH_DIR/nodered/flow.template.json" > "$BENCH_TMP/flow.json"
NODE_RED_PORT=$(free_port) node "$BENCH_DIR/nodered/node_modules/node-red/red.js" --userDir "$BENCH_DIR/nodered" \
  --settings "$BENCH_DIR/nodered/settings.js" "$BENCH_TMP/flow.json" > "$BENCH_TMP/nodered.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 150); do grep -qs "Connected to broker" "$BENCH_TMP/nodered.log" && break; sleep 0.2; done
grep -q "Connected to broker" "$BENCH_TMP/nodered.log" || die "Node-RED did not connect to Mosquitto: $(tail -20 "$BENCH_TMP/nodered.log")"
log "Node-RED pid ${PIDS[-1]} subscribed through Mosquitto"
ladder "$MOSQUITTO_PORT" "$RESULTS/c-nodered.json" nodered --broker
