# Sourced by ./vigil for `./vigil demo`: InfluxDB, the gateway and a simulated fleet, on this machine.
# Uses the helpers of ./vigil (log, die, build, start_influx, JAVA, GATEWAY_JAR, SIM_JAR, VAR).

DEMO_PIDS=()

demo_usage() {
  cat <<'EOF'
Usage: ./vigil demo [--elevators N] [--vehicles N] [--seconds S] [--no-faults]

Builds Vigil, starts a local InfluxDB under ./var (unless INFLUX_URL is set), registers a demo
fleet in var/demo/devices.yaml, starts the gateway and the simulators, and prints where to look.
Stops everything on Ctrl-C (or after --seconds S).

The fleet: elevators over MQTT, hazardous-goods vehicles around Wuhai over CoAP, two CEMS
emission analysers and two transformer monitors polled over Modbus TCP.

  --elevators N   simulated elevators (default 6)
  --vehicles N    simulated vehicles (default 4)
  --seconds S     stop by itself after S seconds (default: run until Ctrl-C)
  --no-faults     no fault scenarios. By default: elevator elv-0002 traps a passenger after 20 s
                  (orange alert, cleared when the door opens 60 s later); vehicle veh-0001 opens its
                  e-lock outside an authorised zone (red alert); CEMS cems-001 ramps SO2 past 80 %
                  of its limit and then past the limit (pre-warning, then exceedance)
EOF
}

demo_cleanup() {
  local pid
  # Simulators and gateway first (the gateway flushes its pending writes), InfluxDB last.
  for pid in "${DEMO_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${DEMO_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$INFLUXD_PID" ] && kill "$INFLUXD_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}

demo_wait_http() {
  local url="$1" what="$2" log="$3"
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null -m 1 "$url" 2>/dev/null && return 0
    sleep 0.1
  done
  tail -n 30 "$log" >&2
  die "$what did not come up (log above, full log: $log)"
}

# influx_count MEASUREMENT [SINCE_MS]: number of points stored (since SINCE_MS, epoch ms)
influx_count() {
  curl -fsS -m 2 -G "$INFLUX_URL/query" --data-urlencode "db=$DEMO_DB" \
    --data-urlencode "q=SELECT count(floor) FROM \"$1\" WHERE time >= ${2:-0}ms" 2>/dev/null |
    sed -n 's/.*"values":\[\[[^,]*,\([0-9]*\)\]\].*/\1/p'
}

demo_main() {
  local elevators=6 vehicles=4 seconds="" faults=1
  while [ $# -gt 0 ]; do
    case "$1" in
      --elevators) elevators="$2"; shift 2 ;;
      --vehicles) vehicles="$2"; shift 2 ;;
      --seconds) seconds="$2"; shift 2 ;;
      --no-faults) faults=0; shift ;;
      -h|--help) demo_usage; return 0 ;;
      *) demo_usage >&2; die "unknown option $1" ;;
    esac
  done
  trap demo_cleanup EXIT
  trap 'exit 130' INT TERM

  build
  mkdir -p "$VAR/demo"
  start_influx
  # The influx shell is only for looking at the data by hand; the demo runs without it.
  command -v influx >/dev/null 2>&1 || (need influx influxdb-client) 2>/dev/null || log "note: no influx shell (apt-get install influxdb-client); curl works too"
  # The README's examples send readings by hand with these clients.
  command -v mosquitto_pub >/dev/null 2>&1 || (need mosquitto_pub mosquitto-clients) 2>/dev/null || log "note: no mosquitto_pub (apt-get install mosquitto-clients); the README's MQTT examples need it"
  command -v coap-client-openssl >/dev/null 2>&1 || (need coap-client-openssl libcoap3-bin) 2>/dev/null || log "note: no coap-client-openssl (apt-get install libcoap3-bin); the README's CoAP example needs it"
  # MQTT over TLS with a private CA made here (var/tls): openssl makes the certificates.
  local tls_port="${VIGIL_MQTT_TLS_PORT:-8883}" tls_dir="$VAR/tls" tls_env=()
  command -v openssl >/dev/null 2>&1 || (need openssl openssl) 2>/dev/null || log "note: no openssl (apt-get install openssl); MQTT over TLS is off in this demo"
  if command -v openssl >/dev/null 2>&1; then
    bash "$VIGIL_HOME/scripts/tls-certs.sh" "$tls_dir" >"$VAR/demo/tls.log" 2>&1 || { cat "$VAR/demo/tls.log" >&2; die "making the demo's TLS certificates failed"; }
    # device certificates signed by the same CA log their device in (client_auth: request keeps tokens working)
    tls_env=(VIGIL_MQTT_TLS_PORT="$tls_port" VIGIL_MQTT_CERT_FILE="$tls_dir/server.pem" VIGIL_MQTT_KEY_FILE="$tls_dir/server.key"
      VIGIL_MQTT_CLIENT_CA_FILE="$tls_dir/ca.pem" VIGIL_MQTT_CLIENT_AUTH=request)
  fi
  DEMO_DB="${INFLUX_DB:-vigil}"
  export INFLUX_DB="$DEMO_DB"

  local http_port="${VIGIL_HTTP_PORT:-8080}" mqtt_port="${VIGIL_MQTT_PORT:-1883}"
  log "registering the demo fleet in var/demo/devices.yaml ..."
  "$JAVA" -jar "$GATEWAY_JAR" demo-setup --dir "$VAR/demo" --elevators "$elevators" --vehicles "$vehicles" \
    --token-file "$VAR/demo-token" >"$VAR/demo/setup.log" 2>&1 \
    || { cat "$VAR/demo/setup.log" >&2; die "demo set-up failed"; }
  # Two tankers with JT/T 808 terminals, known to the gateway by their phone numbers.
  : >"$VAR/demo/jt808-phones.txt"
  for n in 1 2; do
    "$JAVA" -jar "$GATEWAY_JAR" device add -q --registry "$VAR/demo/devices.yaml" --id "veh-808-$n" --profile hazmat-vehicle \
      --enterprise "乌海危货运输公司" --region wuhai-haibowan --jt808-phone "01390000080$n" >/dev/null || die "cannot register veh-808-$n"
    echo "veh-808-$n=01390000080$n" >>"$VAR/demo/jt808-phones.txt"
  done
  local hj212_port="${VIGIL_HJ212_PORT:-9212}" hj212_mn=91150300MA0N0CEMS0001 hj212_pw=demo212
  "$JAVA" -jar "$GATEWAY_JAR" device add --registry "$VAR/demo/devices.yaml" --id cems-hj212 --profile emission-cems \
    --enterprise "乌海市某热电有限公司 Wuhai Thermal Power" --region wuhai-haibowan --site 39.7183,106.8897 --address "海勃湾区 热电厂 HJ 212 站 station" --hj212-mn "$hj212_mn" --hj212-password "$hj212_pw" -q \
    >>"$VAR/demo/setup.log" 2>&1 || { cat "$VAR/demo/setup.log" >&2; die "registering the HJ 212 station failed"; }

  local cscenario=(--scenario normal)
  [ "$faults" = 1 ] && cscenario=(--scenario exceedance --affected 1 --ramp-minutes 60 --speedup 30)
  log "starting 2 CEMS analysers and 2 transformer monitors (Modbus TCP on 5020-5021, 5030-5031) ..."
  "$JAVA" -jar "$SIM_JAR" cems --count 2 --base-port 5020 "${cscenario[@]}" >"$VAR/demo/cems.log" 2>&1 &
  DEMO_PIDS+=($!)
  "$JAVA" -jar "$SIM_JAR" transformers --count 2 --base-port 5030 >"$VAR/demo/transformers.log" 2>&1 &
  DEMO_PIDS+=($!)

  log "starting the gateway (MQTT :$mqtt_port${tls_env[*]:+, MQTT over TLS :$tls_port}, HTTP :$http_port; log var/demo/gateway.log) ..."
  env ${tls_env[@]+"${tls_env[@]}"} \
  VIGIL_SPOOL_DIR="${VIGIL_SPOOL_DIR:-$VAR/spool}" VIGIL_RULES="${VIGIL_RULES:-config/demo-rules}" VIGIL_REGISTRY="$VAR/demo/devices.yaml" VIGIL_AUTH_USERS="$VAR/demo/users.yaml" VIGIL_MQTT_PORT="$mqtt_port" VIGIL_HTTP_PORT="$http_port" \
    "$JAVA" ${JAVA_OPTS:-} -jar "$GATEWAY_JAR" gateway --config config/vigil.yaml >"$VAR/demo/gateway.log" 2>&1 &
  local gateway_pid=$!
  DEMO_PIDS+=($gateway_pid)
  demo_wait_http "http://127.0.0.1:$http_port/health" "the gateway" "$VAR/demo/gateway.log"

  local scenario=()
  [ "$faults" = 1 ] && scenario=(--scenario trapped --scenario-device elv-0002 --scenario-after 20s --fault-duration 60s)
  log "starting $elevators simulated elevators over MQTT (log var/demo/elevators.log) ..."
  "$JAVA" -jar "$SIM_JAR" elevators --count "$elevators" --broker "tcp://127.0.0.1:$mqtt_port" \
    --tokens "$VAR/demo/elevator-tokens.txt" --registry "$VAR/demo/devices.yaml" "${scenario[@]}" >"$VAR/demo/elevators.log" 2>&1 &
  DEMO_PIDS+=($!)

  local vscenario=(--scenario normal)
  [ "$faults" = 1 ] && vscenario=(--scenario lock-en-route --vehicle veh-0001 --scenario-after 40)
  if [ "$vehicles" -gt 0 ]; then
    log "starting $vehicles simulated vehicles over CoAP (log var/demo/vehicles.log) ..."
    "$JAVA" -jar "$SIM_JAR" vehicles --count "$vehicles" --gateway "coap://127.0.0.1:${VIGIL_COAP_PORT:-5683}" \
      --tokens "$VAR/demo/vehicle-tokens.txt" "${vscenario[@]}" >"$VAR/demo/vehicles.log" 2>&1 &
    DEMO_PIDS+=($!)
  fi
  log "starting 2 simulated vehicles over JT/T 808 (tcp :${VIGIL_JT808_PORT:-6808}; log var/demo/jt808.log) ..."
  "$JAVA" -jar "$SIM_JAR" jt808 --count 2 --gateway "127.0.0.1:${VIGIL_JT808_PORT:-6808}" --phones "$VAR/demo/jt808-phones.txt" \
    --scenario coverage-gap --scenario-after 60 $([ "$faults" = 1 ] && echo --emergency-after 90) >"$VAR/demo/jt808.log" 2>&1 &
  DEMO_PIDS+=($!)

  # One CEMS station over HJ 212-2017 (TCP), registered before the gateway starts.
  log "starting 1 CEMS data logger over HJ 212 on :$hj212_port (log var/demo/hj212.log) ..."
  "$JAVA" -jar "$SIM_JAR" hj212 --port "$hj212_port" --station "$hj212_mn=$hj212_pw" >"$VAR/demo/hj212.log" 2>&1 &
  DEMO_PIDS+=($!)


  local start=$SECONDS n="" since_ms
  since_ms="$(($(date +%s) * 1000))"
  while [ $((SECONDS - start)) -lt 120 ]; do   # generous: a busy machine starts four JVMs here
    n="$(influx_count elevator "$since_ms")"
    [ -n "$n" ] && [ "$n" -gt 0 ] && break
    sleep 0.5
  done
  [ -n "$n" ] && [ "$n" -gt 0 ] || { tail -n 20 "$VAR/demo/gateway.log" "$VAR/demo/elevators.log" >&2; die "no elevator readings reached InfluxDB"; }
  log "first elevator readings stored in InfluxDB after $((SECONDS - start)) s"

  local tls_line="" tls_example=""
  if [ ${#tls_env[@]} -gt 0 ]; then
    tls_line=$'\n'"  MQTT/TLS     ssl://localhost:$tls_port   (CA var/tls/ca.pem; device certificates with CN = device id: scripts/tls-certs.sh var/tls ID)"
    tls_example=$'\n'"  ... and over TLS (the gateway's certificate is signed by the demo's CA, var/tls/ca.pem):"$'\n'"\
    mosquitto_pub --cafile var/tls/ca.pem -p $tls_port -u elv-0001 -P \"\$(sed -n 's/^elv-0001=//p' var/demo/tokens.txt)\" \\"$'\n'"\
      -t devices/elv-0001/telemetry -q 1 -m '{\"floor\": 3, \"door\": \"open\", \"running\": false}'"
  fi
  cat <<EOF

  Vigil demo is running.  演示已启动。

  Console 控制台  http://127.0.0.1:$http_port/   (sign in with one of the users below; 中文 / English)
    work queue 处置工单 http://127.0.0.1:$http_port/#/cases     reports 监管报表 http://127.0.0.1:$http_port/#/reports

  InfluxDB     $INFLUX_URL   database "$DEMO_DB"
  MQTT         tcp://127.0.0.1:$mqtt_port   (devices/{id}/telemetry; tokens in var/demo/tokens.txt)$tls_line
  CoAP         coap://127.0.0.1:${VIGIL_COAP_PORT:-5683}/api/v1/{token}/telemetry
  JT/T 808     tcp://127.0.0.1:${VIGIL_JT808_PORT:-6808}   (veh-808-1 and veh-808-2; phones in var/demo/jt808-phones.txt)
  Modbus       CEMS analysers on 127.0.0.1:5020-5021, transformers on 5030-5031 (polled every 2 s)
  HJ 212       tcp://127.0.0.1:${VIGIL_HJ212_PORT:-9212}   station cems-hj212 (MN 91150300MA0N0CEMS0001), 2011 every 30 s
  HTTP         http://127.0.0.1:$http_port/health

  Users (用户; sign in to the console, or POST /api/v1/login; new passwords on every start, in var/demo/passwords.txt):
$(sed -n 's/^\([^#][^ ]*\) \([^ ]*\) \(.*\)$/    \1  (\2)  password \3/p' "$VAR/demo/passwords.txt")
  API token of the admin for curl (machine clients): var/demo-token
    curl -s -H "Authorization: Bearer \$(cat var/demo-token)" http://127.0.0.1:$http_port/api/v1/me

  Live early warnings (Server-Sent Events; WebSocket on the same URL):
    curl -N -H "Authorization: Bearer \$(cat var/demo-token)" http://127.0.0.1:$http_port/api/alerts/stream
  Open alerts, and acknowledging one:
    curl -s -H "Authorization: Bearer \$(cat var/demo-token)" 'http://127.0.0.1:$http_port/api/alerts?state=open'
    ID=\$(curl -s -H "Authorization: Bearer \$(cat var/demo-token)" 'http://127.0.0.1:$http_port/api/alerts?state=open&limit=1' | python3 -c 'import json,sys; print(json.load(sys.stdin)["alerts"][0]["id"])')
    curl -s -X POST -H "Authorization: Bearer \$(cat var/demo-token)" -H 'content-type: application/json' \\
      -d '{"user": "inspector-wang", "comment": "dispatched"}' "http://127.0.0.1:$http_port/api/alerts/\$ID/ack"
    (the newest open alert; alert ids are device/rule/time and may be sent as they are)
$( [ "$faults" = 1 ] && printf '%s\n' \
"  Faults on the way: about 20 s after start elv-0002 traps a passenger (orange alert ~20 s later," \
"  cleared when the door opens 60 s after the fault); veh-0001 opens its e-lock at the roadside" \
"  (red alert); cems-001 ramps SO2 over 2 minutes past 80 % of its limit (blue pre-warning), then" \
"  past the limit (orange, at the end of a 2-minute window: the demo compresses the CEMS windows" \
"  30x, see config/demo-rules)." \
"  Close the loop on elv-0002's trapped passenger: as regulator, 处置工单 → 签收, 派单; as property" \
"  (its enterprise), 处置完成 with what was done; as regulator again, 核查通过, 办结. Red cases not" \
"  received within 5 minutes escalate (⚠ 督办); config/deadlines.yaml has every deadline.")

  Look at the data (InfluxQL):
    influx -host 127.0.0.1 -port ${INFLUX_URL##*:} -database $DEMO_DB -precision rfc3339 -execute \\
      'SELECT * FROM elevator WHERE time > now() - 1m GROUP BY device ORDER BY time DESC LIMIT 3'
    curl -G '$INFLUX_URL/query' --data-urlencode 'db=$DEMO_DB' \\
      --data-urlencode 'q=SELECT last(floor), last(door), last(occupied) FROM elevator GROUP BY device'

  Send a reading yourself:
    mosquitto_pub -p $mqtt_port -u elv-0001 -P "\$(sed -n 's/^elv-0001=//p' var/demo/tokens.txt)" \\
      -t devices/elv-0001/telemetry -q 1 -m '{"floor": 3, "door": "open", "running": false}'$tls_example

  Vehicle tracks, emissions, transformers:
    influx -database $DEMO_DB -precision rfc3339 -execute \
      'SELECT lat, lon, speed, lock FROM "hazmat-vehicle" WHERE time > now() - 5m GROUP BY device ORDER BY time DESC LIMIT 3'
    influx -database $DEMO_DB -execute 'SELECT last(so2), last(nox), last(data_flag) FROM "emission-cems" GROUP BY device'
    influx -database $DEMO_DB -execute 'SELECT last(top_oil_temperature), last(load_current) FROM "power-transformer" GROUP BY device'

  Today's supervision report (online rate, valid-data rate, disposal times; also in the console):
    ./vigil report daily --date \$(TZ=Asia/Shanghai date +%F) --url http://127.0.0.1:$http_port --token "\$(cat var/demo-token)"

  Logs: var/demo/*.log      Stop: Ctrl-C
EOF

  if [ -n "$seconds" ]; then
    sleep "$seconds"
    log "demo stopping after $seconds s; elevator readings stored: $(influx_count elevator)"
  else
    wait "$gateway_pid"
  fi
}
