#!/usr/bin/env python3
"""Adds the InfluxDB count to one load step's summary, judges it, and appends it to a results file.

usage: step.py SUMMARY.json STORED_BEFORE STORED_AFTER RESULTS.json [--broker]
A step is zero-loss when every offered message was sent, every sent message was acknowledged
(none refused, none unanswered) and InfluxDB holds exactly that many new points; whether p99
publish->PUBACK latency stayed within 100 ms is recorded beside it. With --broker (the Node-RED peer behind Mosquitto)
the PUBACK only means the broker has it, so the InfluxDB count is what decides.
"""
import json
import sys

summary_file, before, after, results_file = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
broker = "--broker" in sys.argv
s = json.load(open(summary_file))
stored = after - before
s["stored_in_influxdb"] = stored
s["stored_rate"] = round(stored / s["duration_s"])
problems = []
if s["behind"] > 0:
    problems.append(f"generator could not offer {s['behind']} messages (in-flight windows full)")
if s["refused"] > 0:
    problems.append(f"{s['refused']} refused {s['refused_by_reason_code']}")
if s["unanswered_at_end"] > 0 or s["lost_on_closed_connections"] > 0:
    problems.append(f"{s['unanswered_at_end']} unanswered, {s['lost_on_closed_connections']} lost on closed connections")
if stored != s["sent"]:
    problems.append(f"InfluxDB holds {stored} new points for {s['sent']} sent")
s["zero_loss"] = not problems
s["p99_within_100ms"] = s["latency_ms"]["p99"] <= 100
s["problems"] = problems
if not broker and not s["p99_within_100ms"]:
    s["problems"] = problems + [f"p99 {s['latency_ms']['p99']} ms > 100 ms"]
try:
    allr = json.load(open(results_file))
except (FileNotFoundError, json.JSONDecodeError):
    allr = {"steps": []}
allr["steps"].append(s)
json.dump(allr, open(results_file, "w"), indent=2)
rate = s["offered_rate"]
print(f"[step] offered {rate} msg/s: sent {s['sent']} acked {s['acknowledged']} stored {stored} "
      f"p99 {s['latency_ms']['p99']} ms -> {'ZERO LOSS' if not problems else '; '.join(problems)}"
      + ("" if broker or s["p99_within_100ms"] else " (p99 over 100 ms)"))
# the ladder goes on while nothing is lost and p99 stays under a second
sys.exit(0 if not problems and s["latency_ms"]["p99"] <= 1000 else 3)
