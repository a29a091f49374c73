#!/usr/bin/env python3
"""Summarises an async-profiler collapsed-stack file (asprof -o collapsed): the hottest methods
(top frame), inclusive time, the innermost Vigil frame, and who pays for shared counters and
histograms. usage: ap_top.py FILE.collapsed"""
import collections
import sys

SHARED = ("java/util/concurrent/atomic/", "java/lang/invoke/", "jdk/internal/", "org/HdrHistogram/", "io/micrometer/")
# where the CPU goes, each sample counted once, in the first category whose pattern its stack holds
CATEGORIES = [("JIT compiler", "CompileBroker"), ("GC", "G1"), ("GC", "GangWorker"),
              ("kernel: futex (thread hand-off, park/unpark)", "sys_futex"), ("kernel: socket writes", "ksys_write"),
              ("kernel: socket writes", "do_writev"), ("kernel: socket reads", "ksys_read"), ("kernel: epoll", "epoll_wait"),
              ("kernel: other", "entry_SYSCALL"), ("rule evaluation", "RuleEngine.onTelemetry"),
              ("rule timer (Micrometer)", "recordRuleEvaluation"), ("rule contexts, other", "rulehost/"),
              ("JSON decode + validation", "TelemetryDecoder"), ("line-protocol encode", "LineProtocol"),
              ("line-protocol encode", "DiscardingSink"), ("spool", "spool/"), ("MQTT decode (Netty)", "MqttDecoder"),
              ("PUBACK", "MqttTelemetryEndpoint.acknowledge"), ("pipeline, other", "DefaultTelemetryPipeline"),
              ("MQTT endpoint, other", "MqttTelemetryEndpoint"), ("Vert.x MQTT", "io/vertx/mqtt"),
              ("Netty I/O and tasks", "io/netty"), ("Vert.x, other", "io/vertx")]
cats = collections.Counter()
top, incl, vigil, threads, callers = (collections.Counter() for _ in range(5))
total = shared = 0
for line in open(sys.argv[1]):
    stack, _, count = line.rstrip("\n").rpartition(" ")
    if not stack:
        continue
    c = int(count)
    frames = [f.removesuffix("_[j]").removesuffix("_[i]").removesuffix("_[0]").removesuffix("_[1]") for f in stack.split(";")]
    total += c
    cats[next((name for name, pat in CATEGORIES if pat in stack), "other")] += c
    top[frames[-1]] += c
    for f in set(frames):
        incl[f] += c
    v = next((f for f in reversed(frames) if f.startswith("dev/vigil")), None)
    if v:
        vigil[v] += c
    if frames[-1].startswith(SHARED):
        shared += c
        callers[next((f for f in reversed(frames) if not f.startswith(SHARED)), "?")] += c
n = total or 1
print(f"async-profiler {sys.argv[1].split('/')[-1]}: {total} CPU samples")
print("\nWhere the CPU goes (each sample once, first matching category):")
for m, c in cats.most_common():
    print(f"  {100.0 * c / n:5.1f}%  {m}")
print("\nTop 30 methods (top frame, % of samples):")
for m, c in top.most_common(30):
    print(f"  {100.0 * c / n:5.1f}%  {m}")
print("\nInclusive (method anywhere on the stack, % of samples), top 50:")
for m, c in incl.most_common(50):
    print(f"  {100.0 * c / n:5.1f}%  {m}")
print("\nInnermost dev.vigil frame on the stack (% of samples):")
for m, c in vigil.most_common(20):
    print(f"  {100.0 * c / n:5.1f}%  {m}")
print(f"\nShared counters/histograms (top frame in atomics, Micrometer or HdrHistogram: {100.0 * shared / n:.1f}%), by first caller:")
for m, c in callers.most_common(12):
    print(f"  {100.0 * c / n:5.1f}%  {m}")
