#!/usr/bin/env bash
# (e) Many connected devices, each publishing once every 10 s (QoS 1): the gateway's heap (after a
# full GC: the live set) and RSS while they are all connected. Asks for 50,000 devices; a process
# cannot hold more connections than its open-file limit allows (ulimit -n), so the count is capped
# below it and the figures say so. Result: results/e-connections.json
source "$(dirname "$0")/lib.sh"
need_jars
WANT="${DEVICES:-50000}"
LIMIT=$(ulimit -n)
DEVICES=$WANT
if [ "$LIMIT" != unlimited ] && [ $((LIMIT - 2000)) -lt "$WANT" ]; then
  DEVICES=$((LIMIT - 2000))
  log "open-file limit $LIMIT: running $DEVICES devices instead of $WANT (raise ulimit -n for more)"
fi
HOLD="${HOLD_SECONDS:-40}"
start_influxd
register_fleet "$DEVICES"
start_gateway
load --port "$MQTT_PORT" --tokens "$TOKENS" --devices "$DEVICES" --interval-seconds 10 --duration "$HOLD" --qos 1 \
  --inflight 1 --source-addresses 4 --connect-concurrency 200 --summary "$BENCH_TMP/e.json" --label "e connections" &
LOAD_PID=$!
PIDS+=("$LOAD_PID")
# measure once everything is connected and a full publish round has passed
for _ in $(seq 1 600); do
  c=$(curl -s "http://127.0.0.1:$HTTP_PORT/metrics" | awk '/^vigil_devices_connected/ {print int($2)}')
  [ "${c:-0}" -ge "$DEVICES" ] && break
  sleep 1
done
sleep 15
connected=$(curl -s "http://127.0.0.1:$HTTP_PORT/metrics" | awk '/^vigil_devices_connected/ {print int($2)}')
rss_kb=$(ps -o rss= -p "$GATEWAY_PID" | tr -d ' ')
jcmd "$GATEWAY_PID" GC.run > /dev/null
sleep 1
heap_info=$(jcmd "$GATEWAY_PID" GC.heap_info)
used_kb=$(echo "$heap_info" | grep -m1 -o 'used [0-9]*K' | grep -o '[0-9]*')
wait "$LOAD_PID" || true
python3 - "$BENCH_TMP/e.json" "$RESULTS/e-connections.json" "$WANT" "$DEVICES" "$connected" "$rss_kb" "$used_kb" "$(machine)" "$GATEWAY_JAVA_OPTS" <<'PY'
import json, sys, datetime
s = json.load(open(sys.argv[1]))
want, devices, connected, rss_kb, used_kb = (int(x) for x in sys.argv[3:8])
s.pop("per_second", None)
r = {"requested_devices": want, "devices": devices, "connected_at_measurement": connected,
     "gateway_rss_mib": round(rss_kb / 1024), "gateway_heap_live_mib_after_full_gc": round(used_kb / 1024),
     "heap_kib_per_connection": round(used_kb / max(connected, 1), 1),
     "gateway_java_opts": sys.argv[9], "machine": sys.argv[8],
     "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"), "load": s}
if devices < want:
    r["note"] = (f"capped at {devices} by the open-file limit; linear estimate for {want}: "
                 f"{round(used_kb / max(connected, 1) * want / 1024)} MiB live heap")
json.dump(r, open(sys.argv[2], "w"), indent=2)
print(f"[bench] (e) {connected} connected: RSS {r['gateway_rss_mib']} MiB, live heap {r['gateway_heap_live_mib_after_full_gc']} MiB"
      + (" — " + r["note"] if "note" in r else ""))
PY
