"""Writes the Modbus golden cases (profile.yaml, registers.txt, expected.yaml per folder).

Register bytes come from Python's struct module, independent of the Java decoder under test.
Run from this folder: python3 generate.py
"""
import os
import struct

ORDERS = ["ABCD", "CDAB", "BADC", "DCBA"]


def arrange(be, order):
    """Wire bytes for big-endian bytes `be` in the given byte/word order."""
    if order == "ABCD":
        return be
    if order == "DCBA":
        return be[::-1]
    if order == "BADC":
        return b"".join(be[i + 1:i + 2] + be[i:i + 1] for i in range(0, len(be), 2))
    if order == "CDAB":
        words = [be[i:i + 2] for i in range(0, len(be), 2)]
        return b"".join(reversed(words))
    raise ValueError(order)


def hexs(b):
    return " ".join("%02x" % x for x in b)


def write(name, comment, fields, registers, memory, values, errors=None):
    os.makedirs(name, exist_ok=True)
    with open(os.path.join(name, "profile.yaml"), "w") as f:
        f.write("# %s\nfields:\n" % comment)
        for fl in fields:
            f.write("  - {%s}\n" % ", ".join("%s: %s" % kv for kv in fl.items()))
        f.write("modbus:\n  registers:\n")
        for r in registers:
            f.write("    - {%s}\n" % ", ".join("%s: %s" % kv for kv in r.items()))
    with open(os.path.join(name, "registers.txt"), "w") as f:
        f.write("# <table> <first address>: raw bytes as sent on the wire (two per register, one per bit)\n")
        for table, addr, data in memory:
            f.write("%s %d: %s\n" % (table, addr, data))
    with open(os.path.join(name, "expected.yaml"), "w") as f:
        f.write("values:\n")
        for k, v in values.items():
            f.write("  %s: %s\n" % (k, v))
        if errors:
            f.write("errors:\n")
            for k, v in errors.items():
                f.write("  %s: \"%s\"\n" % (k, v))


def orders_case(name, fmt, typ, value, shown, field_type="number"):
    size = struct.calcsize(fmt)
    words = size // 2
    fields, regs, mem, values = [], [], [], {}
    for i, o in enumerate(ORDERS):
        fname = "v_" + o.lower()
        fields.append({"name": fname, "type": field_type})
        regs.append({"field": fname, "table": "holding_register", "address": i * words, "type": typ, "order": o})
        mem.append(("holding_register", i * words, hexs(arrange(struct.pack(fmt, value), o))))
        values[fname] = shown
    write(name, "%s %s in every byte order" % (typ, shown), fields, regs, mem, values)


orders_case("int16-orders", ">h", "int16", -12345, -12345, "integer")
orders_case("uint16-orders", ">H", "uint16", 54321, 54321, "integer")
orders_case("int32-orders", ">i", "int32", -123456789, -123456789, "integer")
orders_case("uint32-orders", ">I", "uint32", 3000000000, 3000000000, "integer")
orders_case("int64-orders", ">q", "int64", -1234567890123456789, -1234567890123456789, "integer")
orders_case("float32-orders", ">f", "float32", 12.34, 12.34)
orders_case("float64-orders", ">d", "float64", -123.456789012345, -123.456789012345)

# strings: ABCD (high byte first) and BADC (low byte first), NUL padded
s = b"CEMS-01\x00"
write("string", "strings, NUL padded and trailing spaces stripped",
      [{"name": "model", "type": "string"}, {"name": "serial", "type": "string"}],
      [{"field": "model", "address": 0, "type": "string", "length": 4, "order": "ABCD"},
       {"field": "serial", "address": 10, "type": "string", "length": 3, "order": "BADC"}],
      [("holding_register", 0, hexs(s)),
       ("holding_register", 10, hexs(arrange(b"SN42  ", "BADC")))],
      {"model": "CEMS-01", "serial": "SN42"})

# bits: coils, discrete inputs and a bit inside a holding register
write("bits", "coils, discrete inputs and bits of a register",
      [{"name": "fan", "type": "boolean"}, {"name": "alarm", "type": "boolean"},
       {"name": "door", "type": "boolean"}, {"name": "heater", "type": "boolean"},
       {"name": "pump", "type": "boolean"}],
      [{"field": "fan", "table": "coil", "address": 0},
       {"field": "alarm", "table": "coil", "address": 2},
       {"field": "door", "table": "discrete_input", "address": 5, "type": "bit"},
       {"field": "heater", "table": "holding_register", "address": 7, "type": "bit", "bit": 0},
       {"field": "pump", "table": "holding_register", "address": 7, "type": "bit", "bit": 9}],
      [("coil", 0, "01 00 00"), ("discrete_input", 5, "01"),
       ("holding_register", 7, hexs(struct.pack(">H", 0x0200)))],
      {"fan": "true", "alarm": "false", "door": "true", "heater": "false", "pump": "true"})

# scale and offset
write("scale-offset", "value = raw * scale + offset, decimal arithmetic",
      [{"name": "temp", "type": "number"}, {"name": "pressure", "type": "number"},
       {"name": "count", "type": "integer"}, {"name": "flow", "type": "number"},
       {"name": "level", "type": "integer"}],
      [{"field": "temp", "table": "input_register", "address": 0, "type": "int16", "scale": 0.1},
       {"field": "pressure", "table": "input_register", "address": 1, "type": "uint16", "scale": 0.01, "offset": -10},
       {"field": "count", "table": "input_register", "address": 2, "type": "uint32", "order": "CDAB", "scale": 10},
       {"field": "flow", "table": "input_register", "address": 4, "type": "float32", "scale": 3600},
       {"field": "level", "table": "input_register", "address": 6, "type": "int16", "scale": 0.5}],
      [("input_register", 0, hexs(struct.pack(">h", -215) + struct.pack(">H", 1234)
                                   + arrange(struct.pack(">I", 70000), "CDAB") + struct.pack(">f", 0.25)
                                   + struct.pack(">h", 7)))],
      {"temp": -21.5, "pressure": 2.34, "count": 700000, "flow": 900.0},
      {"level": "scaled value 3.5 is not an integer"})

# HJ 212 data flag from an analyser status register (0 running, 1 maintenance, 2 fault, 3/5 calibration)
flags = "[N, F, M, S, D, C, T, B]"
enum = "{0: N, 1: M, 2: D, 3: C, 5: C}"
write("enum-status", "analyser status register -> HJ 212 data flag",
      [{"name": "flag_running", "type": "enum", "values": flags},
       {"name": "flag_maintenance", "type": "enum", "values": flags},
       {"name": "flag_fault", "type": "enum", "values": flags},
       {"name": "flag_calibration", "type": "enum", "values": flags},
       {"name": "flag_calibration5", "type": "enum", "values": flags},
       {"name": "flag_unknown", "type": "enum", "values": flags},
       {"name": "flag_defaulted", "type": "enum", "values": flags}],
      [{"field": "flag_running", "address": 0, "type": "uint16", "enum": enum},
       {"field": "flag_maintenance", "address": 1, "type": "uint16", "enum": enum},
       {"field": "flag_fault", "address": 2, "type": "uint16", "enum": enum},
       {"field": "flag_calibration", "address": 3, "type": "uint16", "enum": enum},
       {"field": "flag_calibration5", "address": 4, "type": "uint16", "enum": enum},
       {"field": "flag_unknown", "address": 5, "type": "uint16", "enum": enum},
       {"field": "flag_defaulted", "address": 6, "type": "uint16", "enum": enum, "enum_default": "D"}],
      [("holding_register", 0, hexs(struct.pack(">7H", 0, 1, 2, 3, 5, 7, 9)))],
      {"flag_running": "N", "flag_maintenance": "M", "flag_fault": "D", "flag_calibration": "C",
       "flag_calibration5": "C", "flag_defaulted": "D"},
      {"flag_unknown": "raw value 7 is not in the enumeration"})

# a float32 NaN (analysers send it for 'no value') is reported, not stored
write("float-nan", "NaN and infinity are per-register errors",
      [{"name": "so2", "type": "number"}, {"name": "nox", "type": "number"}, {"name": "o2", "type": "number"}],
      [{"field": "so2", "address": 0, "type": "float32"},
       {"field": "nox", "address": 2, "type": "float32"},
       {"field": "o2", "address": 4, "type": "float32"}],
      [("holding_register", 0, hexs(struct.pack(">f", float("nan")) + struct.pack(">f", float("inf"))
                                     + struct.pack(">f", 6.5)))],
      {"o2": 6.5},
      {"so2": "raw value NaN is not a finite number", "nox": "raw value Infinity is not a finite number"})
