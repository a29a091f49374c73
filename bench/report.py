#!/usr/bin/env python3
"""Prints the Markdown table of bench/RESULTS.md from bench/results/*.json."""
import json
import os

R = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")

def load(name):
    try:
        return json.load(open(os.path.join(R, name)))
    except FileNotFoundError:
        return None

a, b, c, d, e, f = (load(n) for n in ["a-raw-influx.json", "b-gateway.json", "c-nodered.json",
                                       "d-alert-latency.json", "e-connections.json", "f-cpu.json"])
print("| | measured | target | met |")
print("|---|---|---|---|")
if a:
    print(f"| (a) raw InfluxDB, 5,000-line batches, 2 writers | {a['points_per_s']:,} points/s "
          f"({a['stored_in_influxdb']:,} stored) | — | — |")
if b:
    best = b["highest_zero_loss_rate"]
    print(f"| (b) gateway end to end, MQTT 5 QoS 1, highest zero-loss offered rate, rules on | {best:,.0f} msg/s | ≥ 100,000 | "
          f"{'yes' if best >= 100000 else 'no'} |")
    print(f"| (b) ... of which with p99 publish→PUBACK ≤ 100 ms | {b['highest_zero_loss_rate_p99_within_100ms']:,.0f} msg/s | — | — |")
    if "ratio_to_raw_influx" in b:
        ratio = b["ratio_to_raw_influx"]
        print(f"| (b)/(a) | {ratio} | ≥ 0.6 | {'yes' if ratio >= 0.6 else 'no'} |")
if c:
    best_c = c["highest_zero_loss_rate"]
    print(f"| (c) Node-RED behind Mosquitto, highest zero-loss offered rate | {best_c:,.0f} msg/s | (b) ≥ 3 × (c) | "
          + (f"{'yes' if b and b['highest_zero_loss_rate'] >= 3 * best_c else 'no'} ({round(b['highest_zero_loss_rate'] / best_c, 2) if b and best_c else '—'} ×) |"))
if d:
    if d.get("status") == "TODO":
        print(f"| (d) alert latency at 20,000 msg/s | TODO: {d['reason']} | p99 ≤ 5 ms | — |")
    else:
        print(f"| (d) alert latency at 20,000 msg/s | p50 {d['p50']} / p99 {d['p99']} / p99.9 {d['p99.9']} ms | p99 ≤ 5 ms | "
              f"{'yes' if d['p99'] <= 5 else 'no'} |")
if e:
    print(f"| (e) connected devices (publish every 10 s): live heap after full GC / RSS | {e['connected_at_measurement']:,} devices: "
          f"{e['gateway_heap_live_mib_after_full_gc']} MiB / {e['gateway_rss_mib']} MiB"
          + (f" ({e['note']})" if 'note' in e else "") + " | 50,000 in ≤ 2 GiB heap | "
          + ("yes" if e['devices'] >= 50000 and e['gateway_heap_live_mib_after_full_gc'] <= 2048 else "not measured at 50,000") + " |")
if f:
    print(f"| (f) gateway CPU per message (discarding sink, {f['rate_during_measurement']:,} msg/s) | {f['cpu_us_per_message']} µs "
          f"({f['event_loop_cpu_us_per_message']} µs on the event loops) | ≤ 5 µs | "
          f"{'yes' if f['cpu_us_per_message'] <= 5 else 'no'} |")
for name, r in (("(b) gateway", b), ("(c) Node-RED", c)):
    if not r:
        continue
    print(f"\n{name} steps:\n")
    print("| offered msg/s | sent | acknowledged | refused | stored in InfluxDB | p50 ms | p99 ms | verdict |")
    print("|---|---|---|---|---|---|---|---|")
    for s in r["steps"]:
        print(f"| {s['offered_rate']:,.0f} | {s['sent']:,} | {s['acknowledged']:,} | {s['refused']:,} | {s['stored_in_influxdb']:,} | "
              f"{s['latency_ms']['p50']} | {s['latency_ms']['p99']} | {'zero loss' if s['zero_loss'] else '; '.join(s['problems'])} |")
