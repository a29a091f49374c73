#!/usr/bin/env python3
"""Summarises an async-profiler collapsed-stack file (asprof -o collapsed): the hottest methods
(top frame), inclusive time, the innermost Vigil frame, and who pays for shared counters and
histograms; where the CPU goes by part of the gateway. jfr_top.py prints the same tables for a JFR
recording. usage: ap_top.py FILE.collapsed"""
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


def summarise(stacks, title, top_n=30, incl_n=50):
    """Prints the tables for (frames root first, sample count) pairs; frames as 'java/lang/String.equals'."""
    cats = collections.Counter()
    top, incl, vigil, callers = (collections.Counter() for _ in range(4))
    total = shared = 0
    for frames, c in stacks:
        if not frames:
            continue
        stack = ";".join(frames)
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

    def table(heading, counter, k):
        print(heading)
        for m, c in counter.most_common(k):
            print(f"  {100.0 * c / n:5.1f}%  {m}")

    print(f"{title}: {total} samples")
    table("\nWhere the CPU goes (each sample once, first matching category):", cats, len(cats))
    table(f"\nTop {top_n} methods (top frame, % of samples):", top, top_n)
    table(f"\nInclusive (method anywhere on the stack, % of samples), top {incl_n}:", incl, incl_n)
    table("\nInnermost dev.vigil frame on the stack (% of samples):", vigil, 20)
    table(f"\nShared counters/histograms (top frame in atomics, Micrometer or HdrHistogram: {100.0 * shared / n:.1f}%),"
          " by first caller:", callers, 12)


def collapsed(path):
    """(frames, count) pairs of an async-profiler collapsed-stack file."""
    for line in open(path):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if stack:
            yield [f.removesuffix("_[j]").removesuffix("_[i]").removesuffix("_[0]").removesuffix("_[1]")
                   for f in stack.split(";")], int(count)


if __name__ == "__main__":
    summarise(collapsed(sys.argv[1]), f"async-profiler {sys.argv[1].split('/')[-1]} (CPU)")
