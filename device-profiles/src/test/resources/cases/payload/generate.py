"""Writes the JSON and CBOR payload golden cases (case.yaml, payload.json or payload.cbor.hex,
expected.yaml per folder; every-type.yaml where a case needs a profile with a field of every type).

CBOR bytes come from the small RFC 8949 encoder below (Python's struct module), independent of
Jackson, which the Java decoder under test uses. Run from this folder: python3 generate.py
"""
import json
import os
import shutil
import struct

NOW = 1764230400000  # 2025-11-27T08:00:00Z, the receive time of every case
T = NOW - 60_000      # a minute before it


# --- a minimal CBOR encoder (RFC 8949) ------------------------------------------------------

class Raw:
    """Bytes written as they are (NaN, Infinity, half floats, trailing data, truncation)."""
    def __init__(self, b):
        self.b = b


def head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    if n < 0x100:
        return bytes([major << 5 | 24, n])
    if n < 0x10000:
        return bytes([major << 5 | 25]) + struct.pack(">H", n)
    if n < 0x100000000:
        return bytes([major << 5 | 26]) + struct.pack(">I", n)
    return bytes([major << 5 | 27]) + struct.pack(">Q", n)


def cbor(v):
    if isinstance(v, Raw):
        return v.b
    if v is None:
        return b"\xf6"
    if v is True:
        return b"\xf5"
    if v is False:
        return b"\xf4"
    if isinstance(v, int):
        return head(0, v) if v >= 0 else head(1, -1 - v)
    if isinstance(v, float):
        return b"\xfb" + struct.pack(">d", v)
    if isinstance(v, bytes):
        return head(2, len(v)) + v
    if isinstance(v, str):
        b = v.encode("utf-8")
        return head(3, len(b)) + b
    if isinstance(v, list):
        return head(4, len(v)) + b"".join(cbor(x) for x in v)
    if isinstance(v, tuple):  # a map as (key, value) pairs, so that keys can repeat
        return head(5, len(v)) + b"".join(cbor(k) + cbor(x) for k, x in v)
    if isinstance(v, dict):
        return cbor(tuple(v.items()))
    raise TypeError(v)


def hexs(b):
    return " ".join("%02x" % x for x in b)


# --- writing cases ------------------------------------------------------------------------

def yaml_scalar(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return json.dumps(v, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def yaml_map(d):
    return "{" + ", ".join("%s: %s" % (k, yaml_scalar(x)) for k, x in d.items()) + "}"


def case(name, comment, profile="elevator", json_text=None, cbor_value=None, readings=None, refusal=None,
         max_batch=None, profile_yaml=None, diagnostic=None):
    if os.path.isdir(name):
        shutil.rmtree(name)
    os.makedirs(name)
    with open(os.path.join(name, "case.yaml"), "w") as f:
        f.write("# %s\n" % comment)
        f.write("profile: %s\n" % ("every-type" if profile_yaml else profile))
        f.write("device: dev-1\n")
        f.write("received_at: %d\n" % NOW)
        if max_batch is not None:
            f.write("max_batch: %d\n" % max_batch)
    if profile_yaml:
        with open(os.path.join(name, "every-type.yaml"), "w") as f:
            f.write(profile_yaml)
    if json_text is not None:
        with open(os.path.join(name, "payload.json"), "w") as f:
            f.write(json_text + "\n")
    else:
        with open(os.path.join(name, "payload.cbor.hex"), "w") as f:
            f.write("# %s\n" % (diagnostic or "CBOR, hex bytes"))
            f.write(hexs(cbor(cbor_value)) + "\n")
    with open(os.path.join(name, "expected.yaml"), "w") as f:
        if refusal is not None:
            f.write("refusal:\n")
            f.write("  reason: %s\n" % refusal[0])
            f.write("  field: %s\n" % yaml_scalar(refusal[1]))
            f.write("  message: %s\n" % yaml_scalar(refusal[2]))
        else:
            f.write("readings:\n")
            for ts, values in readings:
                f.write("  - ts: %d\n    values: %s\n" % (ts, yaml_map(values)))


ELEVATOR_FIELDS = "[floor, direction, in_door_zone, door, occupied, speed, running, service_mode, power, safety_circuit, fault_code]"

EVERY_TYPE = """# one field of every type
name: every-type
version: 1
labels: {zh: 全类型, en: Every type}
fields:
  level:
    type: number
    unit: m
    min: -10
    max: 10
    labels: {zh: 液位, en: Level}
  count:
    type: integer
    min: 0
    max: 1000
    labels: {zh: 计数, en: Count}
  alarm:
    type: boolean
    labels: {zh: 报警, en: Alarm}
  state:
    type: enum
    values: [idle, busy]
    labels: {zh: 状态, en: State}
  plate:
    type: string
    max_length: 8
    labels: {zh: 车牌, en: Plate}
"""

# JSON
case("flat-object", "one reading as a flat object with ts",
     json_text='{"ts": %d, "floor": 3, "door": "open", "running": false, "occupied": true, "speed": 1.5}' % T,
     readings=[(T, {"floor": 3, "door": "open", "running": False, "occupied": True, "speed": 1.5})])
case("flat-object-without-ts", "no ts: the reading takes the receive time",
     json_text='{"floor": -2, "direction": "down"}',
     readings=[(NOW, {"floor": -2, "direction": "down"})])
case("thingsboard-ts-values", "ThingsBoard's {ts, values}",
     json_text='{"ts": %d, "values": {"floor": 12, "direction": "up", "speed": 1.75}}' % T,
     readings=[(T, {"floor": 12, "direction": "up", "speed": 1.75})])
case("thingsboard-extra-key", "a key beside ts and values",
     json_text='{"ts": %d, "values": {"floor": 12}, "floor": 3}' % T,
     refusal=("unknown_field", "floor", "unexpected key 'floor' beside \"ts\" and \"values\""))
case("backfill-array", "a backfill: an array of readings, each with its own ts",
     json_text='[{"ts": %d, "floor": 1}, {"ts": %d, "floor": 2}, {"ts": %d, "values": {"floor": 3}}]' % (T, T + 5000, T + 10000),
     readings=[(T, {"floor": 1}), (T + 5000, {"floor": 2}), (T + 10000, {"floor": 3})])
case("backfill-one-bad-reading", "a batch is all or nothing: one bad reading refuses it",
     json_text='[{"ts": %d, "floor": 1}, {"ts": %d, "floor": 101}]' % (T, T + 5000),
     refusal=("out_of_range", "floor", "reading 1: field 'floor': 101 is outside the valid range [-5, 100]"))
case("every-field-type", "number, integer, boolean, enum and string",
     profile_yaml=EVERY_TYPE,
     json_text='{"ts": %d, "level": -2.25, "count": 7, "alarm": true, "state": "busy", "plate": "蒙L12345"}' % T,
     readings=[(T, {"level": -2.25, "count": 7, "alarm": True, "state": "busy", "plate": "蒙L12345"})])
case("integral-number-for-integer", "7.0 is an integer value",
     profile_yaml=EVERY_TYPE, json_text='{"count": 7.0, "level": 3}',
     readings=[(NOW, {"count": 7, "level": 3.0})])
case("fraction-for-integer", "2.5 for an integer field",
     json_text='{"floor": 2.5}',
     refusal=("wrong_type", "floor", "field 'floor': expected integer, got 2.5"))
case("string-too-long", "a string longer than max_length",
     profile_yaml=EVERY_TYPE, json_text='{"plate": "蒙L123456789"}',
     refusal=("out_of_range", "plate", "field 'plate': string of 11 characters exceeds 8"))
case("enum-value-unknown", "a value the enum does not list",
     json_text='{"door": "ajar"}',
     refusal=("out_of_range", "door", "field 'door': 'ajar' is not one of [closed, open, closing, opening]"))
case("boolean-as-number", "1 for a boolean field",
     json_text='{"running": 1}',
     refusal=("wrong_type", "running", "field 'running': expected boolean (true/false), got number 1"))
case("out-of-range", "above the field's max",
     json_text='{"floor": 500}',
     refusal=("out_of_range", "floor", "field 'floor': 500 is outside the valid range [-5, 100]"))
case("out-of-range-with-unit", "below the field's min, with its unit",
     json_text='{"speed": -0.5}',
     refusal=("out_of_range", "speed", "field 'speed': -0.5 is outside the valid range [0, 20] m/s"))
case("wrong-type", "a string for an integer field",
     json_text='{"floor": "three"}',
     refusal=("wrong_type", "floor", "field 'floor': expected integer, got string \"three\""))
case("unknown-field", "a field the profile does not have",
     json_text='{"floor": 3, "colour": "red"}',
     refusal=("unknown_field", "colour", "unknown field 'colour': profile elevator has " + ELEVATOR_FIELDS))
case("duplicate-key", "the same key twice",
     json_text='{"floor": 3, "floor": 4}',
     refusal=("malformed", None, "invalid JSON: Duplicate field 'floor' (line 1, column 21)"))
case("nan", "NaN is not JSON",
     json_text='{"speed": NaN}',
     refusal=("malformed", None, "invalid JSON: Non-standard token 'NaN' (line 1, column 14)"))
case("infinity", "a number too large for a double reads as Infinity",
     json_text='{"speed": 1e999}',
     refusal=("out_of_range", "speed", "field 'speed': Infinity is not a finite number"))
case("ts-in-seconds", "ts in seconds instead of milliseconds",
     json_text='{"ts": %d, "floor": 3}' % (T // 1000),
     refusal=("timestamp_skew", "ts", "field 'ts': %d is 20398 days in the past (at most 30 days accepted); ts looks like seconds, send epoch milliseconds" % (T // 1000)))
case("ts-too-far-ahead", "ts ten minutes ahead of the receive time",
     json_text='{"ts": %d, "floor": 3}' % (NOW + 600_000),
     refusal=("timestamp_skew", "ts", "field 'ts': %d is 10 min in the future (at most 5 min accepted)" % (NOW + 600_000)))
case("ts-not-integer", "ts as a string",
     json_text='{"ts": "2025-11-27T08:00:00Z", "floor": 3}',
     refusal=("wrong_type", "ts", "field 'ts': expected epoch milliseconds as an integer, got string \"2025-11-27T08:00:00Z\""))
case("empty-array", "an empty backfill",
     json_text='[]',
     refusal=("malformed", None, "empty array: a backfill needs at least one reading"))
case("empty-object", "a reading without values",
     json_text='{"ts": %d}' % T,
     refusal=("malformed", None, "no field values in the reading"))
case("null-value", "null means absent",
     json_text='{"floor": null, "door": "closed"}',
     readings=[(NOW, {"door": "closed"})])
case("oversized-batch", "more readings than max_batch (3 here)",
     json_text='[{"floor": 1}, {"floor": 2}, {"floor": 3}, {"floor": 4}]', max_batch=3,
     refusal=("too_large", None, "backfill of 4 readings exceeds the limit of 3"))
case("nested-object-value", "an object where a value belongs",
     json_text='{"floor": {"value": 3}}',
     refusal=("wrong_type", "floor", "field 'floor': expected integer, got object {\"value\":3}"))
case("nested-array-in-backfill", "an array inside the backfill array",
     json_text='[[{"floor": 1}]]',
     refusal=("malformed", None, "reading 0: expected a JSON object of field values, got array"))
case("scalar-payload", "a bare number",
     json_text='42',
     refusal=("malformed", None, "expected a JSON object of field values, got number"))
case("truncated-json", "the payload ends inside the object",
     json_text='{"floor": 3',
     refusal=("malformed", None, "invalid JSON: Unexpected end-of-input: expected close marker for Object (opened at line 1, column 1) (line 2, column 1)"))

# CBOR
case("cbor-flat-object", "one reading as a CBOR map",
     cbor_value={"ts": T, "floor": 3, "door": "open", "running": False, "speed": 1.5},
     diagnostic='{"ts": %d, "floor": 3, "door": "open", "running": false, "speed": 1.5}' % T,
     readings=[(T, {"floor": 3, "door": "open", "running": False, "speed": 1.5})])
case("cbor-thingsboard-ts-values", "ThingsBoard's {ts, values} in CBOR",
     cbor_value={"ts": T, "values": {"floor": 12, "speed": 1.75}},
     diagnostic='{"ts": %d, "values": {"floor": 12, "speed": 1.75}}' % T,
     readings=[(T, {"floor": 12, "speed": 1.75})])
case("cbor-backfill-array", "a backfill as a CBOR array",
     cbor_value=[{"ts": T, "floor": 1}, {"ts": T + 5000, "floor": 2}],
     diagnostic='[{"ts": %d, "floor": 1}, {"ts": %d, "floor": 2}]' % (T, T + 5000),
     readings=[(T, {"floor": 1}), (T + 5000, {"floor": 2})])
case("cbor-every-field-type", "every type in CBOR, the number as a half-precision float",
     profile_yaml=EVERY_TYPE,
     cbor_value={"level": Raw(b"\xf9\x3e\x00"), "count": 7, "alarm": True, "state": "idle", "plate": "蒙L12345"},
     diagnostic='{"level": 1.5_1, "count": 7, "alarm": true, "state": "idle", "plate": "蒙L12345"}',
     readings=[(NOW, {"level": 1.5, "count": 7, "alarm": True, "state": "idle", "plate": "蒙L12345"})])
case("cbor-nan", "a CBOR half-precision NaN",
     cbor_value={"speed": Raw(b"\xf9\x7e\x00")}, diagnostic='{"speed": NaN}',
     refusal=("out_of_range", "speed", "field 'speed': NaN is not a finite number"))
case("cbor-infinity", "a CBOR half-precision Infinity",
     cbor_value={"speed": Raw(b"\xf9\x7c\x00")}, diagnostic='{"speed": Infinity}',
     refusal=("out_of_range", "speed", "field 'speed': Infinity is not a finite number"))
case("cbor-out-of-range", "above the field's max",
     cbor_value={"floor": 500}, diagnostic='{"floor": 500}',
     refusal=("out_of_range", "floor", "field 'floor': 500 is outside the valid range [-5, 100]"))
case("cbor-wrong-type", "a byte string for an integer field",
     cbor_value={"floor": b"\x03"}, diagnostic="{\"floor\": h'03'}",
     refusal=("wrong_type", "floor", "field 'floor': expected integer, got binary \"Aw==\""))
case("cbor-unknown-field", "a field the profile does not have",
     cbor_value={"floor": 3, "colour": "red"}, diagnostic='{"floor": 3, "colour": "red"}',
     refusal=("unknown_field", "colour", "unknown field 'colour': profile elevator has " + ELEVATOR_FIELDS))
case("cbor-duplicate-key", "the same key twice",
     cbor_value=(("floor", 3), ("floor", 4)), diagnostic='{"floor": 3, "floor": 4}',
     refusal=("malformed", None, "invalid CBOR: Duplicate field 'floor'"))
case("cbor-ts-too-far-ahead", "ts ten minutes ahead of the receive time",
     cbor_value={"ts": NOW + 600_000, "floor": 3}, diagnostic='{"ts": %d, "floor": 3}' % (NOW + 600_000),
     refusal=("timestamp_skew", "ts", "field 'ts': %d is 10 min in the future (at most 5 min accepted)" % (NOW + 600_000)))
case("cbor-empty-array", "an empty backfill",
     cbor_value=[], diagnostic="[]",
     refusal=("malformed", None, "empty array: a backfill needs at least one reading"))
case("cbor-trailing-data", "a second item after the map",
     cbor_value=Raw(cbor({"floor": 3}) + cbor(1)), diagnostic='{"floor": 3} 1',
     refusal=("malformed", None, "invalid CBOR: trailing data after the first item"))
case("cbor-truncated", "the map announces two pairs and has one",
     cbor_value=Raw(b"\xa2" + cbor("floor") + cbor(3)), diagnostic='{"floor": 3, (missing)',
     refusal=("malformed", None, "invalid CBOR: Unexpected end-of-input in Object value: expected 1 more properties"))
