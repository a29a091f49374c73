#!/usr/bin/env python3
"""Summarises a JFR recording: the hottest methods (top frame) and the hottest Vigil frames of
jdk.ExecutionSample events, plus allocation by class. usage: jfr_top.py FILE.jfr"""
import collections
import json
import subprocess
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ap_top import summarise  # noqa: E402

def events(kind):
    out = subprocess.run(["jfr", "print", "--json", "--events", kind, sys.argv[1]],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]

def name(frame):
    m = frame["method"]
    return m["type"]["name"] + "." + m["name"]

samples = events("jdk.ExecutionSample")
# the same tables as for an async-profiler profile (ap_top.py), from the execution samples (frames leaf first in JFR)
summarise((([name(f) for f in reversed(e["values"]["stackTrace"]["frames"])] if e["values"].get("stackTrace") else [], 1)
           for e in samples), f"JFR {sys.argv[1].split('/')[-1]} (execution samples)", 25, 40)
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
