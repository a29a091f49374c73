#!/usr/bin/env bash
# The spool's outage figures with the issue's full 60 s InfluxDB outage (./vigil test runs the same
# fault test with a 10 s outage): InfluxDB is stopped while Paho (MQTT 5 QoS 1), Californium (CoAP)
# and a Modbus slave send, then restarted; the test prints acknowledged / stored / lost and how
# long the replay of the backlog took. OUTAGE_SECONDS overrides the 60 s.
# Result: results/spool-outage.txt
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
mkdir -p "$BENCH_DIR/results"
cd "$ROOT"
mvn -B -q -pl gateway -am -P slow -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false \
  -Dtest='SpoolFaultTest#influxOutage*' -Dvigil.fault.outageSeconds="${OUTAGE_SECONDS:-60}" verify
grep -h "OUTAGE FIGURES" gateway/target/surefire-reports/dev.vigil.gateway.spool.SpoolFaultTest-output.txt \
  | tee "$BENCH_DIR/results/spool-outage.txt"
