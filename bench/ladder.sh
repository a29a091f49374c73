# spool_drained: waits (up to 60 s) until the gateway's spool has replayed everything into InfluxDB,
# so that counting points there counts every acknowledged reading.
spool_drained() {
  [ -n "${HTTP_PORT:-}" ] || return 0
  for _ in $(seq 1 600); do
    curl -s "http://127.0.0.1:$HTTP_PORT/metrics" | grep -qE '^vigil_spool_readings [1-9]' || return 0
    sleep 0.1
  done
}

# ladder PORT RESULTS_FILE DB [--broker]: runs the load generator at each rate of $RATES for
# $STEP_SECONDS and judges each step with step.py; stops after the first failing step. Sourced.
ladder() {
  local port="$1" out="$2" db="$3" flag="${4:-}" rate before after
  rm -f "$out"
  # warm-up (JIT) at the first rate, not judged
  load --port "$port" --tokens "$TOKENS" --devices "$DEVICES" --rate "${RATES%% *}" --duration "${WARMUP_SECONDS:-10}" \
    --qos 1 --inflight "${INFLIGHT:-300}" --source-addresses 2 --drain-seconds 10 | tail -1
  [ -n "$flag" ] || spool_drained
  for rate in $RATES; do
    before=$(influx_count "$db" elevator)
    load --port "$port" --tokens "$TOKENS" --devices "$DEVICES" --rate "$rate" --duration "$STEP_SECONDS" --qos 1 \
      --inflight "${INFLIGHT:-300}" --source-addresses 2 --drain-seconds 10 --summary "$BENCH_TMP/step-$rate.json" \
      --label "$(basename "$out" .json) $rate msg/s"
    sleep "${SETTLE_SECONDS:-1}"
    [ -n "$flag" ] || spool_drained
    after=$(influx_count "$db" elevator)
    if ! python3 "$BENCH_DIR/step.py" "$BENCH_TMP/step-$rate.json" "$before" "$after" "$out" $flag; then
      break
    fi
  done
  python3 - "$out" "$(machine)" <<'PY'
import json, sys, datetime
r = json.load(open(sys.argv[1]))
ok = [s["offered_rate"] for s in r["steps"] if s["zero_loss"]]
ok100 = [s["offered_rate"] for s in r["steps"] if s["zero_loss"] and s["p99_within_100ms"]]
r["highest_zero_loss_rate"] = max(ok) if ok else 0
r["highest_zero_loss_rate_p99_within_100ms"] = max(ok100) if ok100 else 0
r["machine"] = sys.argv[2]
r["date"] = datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC")
json.dump(r, open(sys.argv[1], "w"), indent=2)
print(f"[bench] highest zero-loss rate: {r['highest_zero_loss_rate']} msg/s "
      f"(with p99 <= 100 ms: {r['highest_zero_loss_rate_p99_within_100ms']} msg/s)")
PY
}
