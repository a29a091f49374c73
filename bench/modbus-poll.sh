#!/usr/bin/env bash
# Modbus polling benchmark (not part of ./vigil test): 1,000 simulated CEMS analysers on 20 j2mod
# slave ports (50 unit ids each) polled every second by one ModbusPoller for 60 s; prints missed
# polls and poll latency percentiles (HdrHistogram). Exit status 0 when under 1 % missed.
# Usage: bench/modbus-poll.sh [devices ports interval_ms seconds warmup_seconds base_port]
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$PWD/bench/results/tmp"
mkdir -p "$tmp"
mvn -q -B -pl gateway -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$tmp/modbus-bench.cp"
cd gateway # the benchmark reads the profile's modbus section from ../device-profiles
exec java -Xms256m -Xmx1g \
    -cp "target/test-classes:target/classes:$(cat "$tmp/modbus-bench.cp")" \
    dev.vigil.gateway.modbus.PollBenchmark "$@"
