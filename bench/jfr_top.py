#!/usr/bin/env python3
"""Summarises a JFR recording: the hottest methods (top frame) and the hottest Vigil frames of
jdk.ExecutionSample events, plus allocation by class. usage: jfr_top.py FILE.jfr"""
import collections
import json
import subprocess
import sys

def events(kind):
    out = subprocess.run(["jfr", "print", "--json", "--events", kind, sys.argv[1]],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]

def name(frame):
    m = frame["method"]
    return m["type"]["name"] + "." + m["name"]

samples = events("jdk.ExecutionSample")
top = collections.Counter()
vigil = collections.Counter()
for e in samples:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    if not frames:
        continue
    top[name(frames[0])] += 1
    for f in frames:
        if name(f).startswith("dev.vigil"):
            vigil[name(f)] += 1
            break
incl = collections.Counter()
for e in samples:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    for m in {name(f) for f in frames}:
        incl[m] += 1
n = len(samples) or 1
print(f"JFR {sys.argv[1].split('/')[-1]}: {len(samples)} execution samples")
print("\nTop 25 methods (top frame, % of samples):")
for m, c in top.most_common(25):
    print(f"  {100.0 * c / n:5.1f}%  {m}")
print("\nInclusive (method anywhere on the stack, % of samples), top 40:")
for m, c in incl.most_common(40):
    print(f"  {100.0 * c / n:5.1f}%  {m}")
print("\nInnermost dev.vigil frame on the stack (% of samples):")
for m, c in vigil.most_common(15):
    print(f"  {100.0 * c / n:5.1f}%  {m}")
# who pays for shared counters and histograms: the first caller outside the JDK's atomics and Micrometer's internals
SHARED = ("java.util.concurrent.atomic.", "java.lang.invoke.", "jdk.internal.", "org.HdrHistogram.", "io.micrometer.")
callers = collections.Counter()
shared = 0
for e in samples:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    if not frames or not name(frames[0]).startswith(SHARED):
        continue
    shared += 1
    caller = next((name(f) for f in frames if not name(f).startswith(SHARED)), "?")
    callers[caller] += 1
print(f"\nShared counters/histograms (top frame in atomics, Micrometer or HdrHistogram: {100.0 * shared / n:.1f}%), by first caller:")
for m, c in callers.most_common(12):
    print(f"  {100.0 * c / n:5.1f}%  {m}")
native = collections.Counter()
for e in events("jdk.NativeMethodSample"):
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    if frames:
        native[name(frames[0])] += 1
nn = sum(native.values()) or 1
print(f"\nThreads in native code ({sum(native.values())} samples), top frame:")
for m, c in native.most_common(10):
    print(f"  {100.0 * c / nn:5.1f}%  {m}")
alloc = collections.Counter()
for e in events("jdk.ObjectAllocationSample"):
    alloc[e["values"]["objectClass"]["name"]] += e["values"].get("weight", 0)
total = sum(alloc.values()) or 1
print("\nAllocation by class (jdk.ObjectAllocationSample weight):")
for c, w in alloc.most_common(15):
    print(f"  {100.0 * w / total:5.1f}%  {c}")
