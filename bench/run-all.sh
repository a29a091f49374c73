#!/usr/bin/env bash
# Runs every benchmark in turn (about 10-15 minutes on 2 cores) and rebuilds the table in
# bench/RESULTS.md from bench/results/*.json. Not part of ./vigil test.
set -euo pipefail
cd "$(dirname "$0")"
(cd .. && mvn -q -B -pl gateway,simulators -am package -DskipTests)
./a-raw-influx.sh
JFR=1 ./b-gateway.sh
./c-nodered.sh
./d-alert-latency.sh
./e-connections.sh
./f-cpu.sh
python3 report.py > RESULTS.table.md
echo "table written to bench/RESULTS.table.md; copy it into bench/RESULTS.md with the notes"
