#!/usr/bin/env python3
"""A JT/T 808 terminal written from the standard (JT/T 808-2013 and -2019), Python standard library only.

It is the independent peer of Vigil's JT/T 808 endpoint in the tests: it shares no code with the
gateway. It runs a list of steps on one TCP connection and prints one JSON line per reply:

  python3 jt808_client.py --port 6808 --phone 013912345678 [--edition 2019] STEPS_JSON

STEPS_JSON is a JSON list of steps, e.g.
  [{"op": "register"}, {"op": "auth"}, {"op": "heartbeat"},
   {"op": "location", "lat": 39.671234, "lon": 106.820345, "speed": 54.3, "heading": 87, "ts": 1764230400000}]

Operations:
  register                       0x0100, expects 0x8100 (remembers the auth code)
  auth  [code]                   0x0102 with the remembered (or given) auth code, expects 0x8001
  heartbeat                      0x0002, expects 0x8001
  logout                         0x0003, expects 0x8001
  location {report}              0x0200, expects 0x8001
  batch {reports: [...]}         0x0704 type 1 (blind-area backfill), expects 0x8001
  split {reports, packets}       0x0704 split into that many packets, expects 0x8001 for the last
  bad_check / bad_escape / truncated / oversized {n}
                                 a broken frame (heartbeat-based); nothing comes back
  raw {hex}                      bytes as given; nothing expected
  wait_close                     sends nothing until the gateway closes the connection (idle timeout)
  heartbeat_until_close          heartbeats every 0.5 s until the gateway closes the connection (takeover)
A report: lat, lon (degrees, negative = south / west), altitude (m), speed (km/h), heading,
ts (epoch ms, whole seconds), alarm (DWORD), acc (bool), fix (bool, default true),
lock (the vendor item 0xE1 byte, omitted if absent), mileage (km, item 0x01).
"""
import argparse
import json
import socket
import struct
import sys
import time
from datetime import datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8))


def bcd(digits, n):
    digits = digits.rjust(2 * n, "0")
    return bytes(int(digits[i]) << 4 | int(digits[i + 1]) for i in range(0, 2 * n, 2))


def xor(data):
    c = 0
    for b in data:
        c ^= b
    return c


def escape(data):
    out = bytearray()
    for b in data:
        if b == 0x7E:
            out += b"\x7d\x02"
        elif b == 0x7D:
            out += b"\x7d\x01"
        else:
            out.append(b)
    return bytes(out)


def unescape(data):
    out = bytearray()
    i = 0
    while i < len(data):
        if data[i] == 0x7D:
            out.append({1: 0x7D, 2: 0x7E}[data[i + 1]])
            i += 2
        else:
            out.append(data[i])
            i += 1
    return bytes(out)


class Terminal:
    def __init__(self, host, port, phone, edition, timeout):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.phone = phone
        self.v2019 = edition == 2019
        self.serial = 0
        self.auth_code = None
        self.buf = b""

    # -- frames ---------------------------------------------------------------------------
    def header(self, msg_id, body_len, split=None):
        props = body_len | (0x2000 if split else 0) | (0x4000 if self.v2019 else 0)
        h = struct.pack(">HH", msg_id, props)
        if self.v2019:
            h += bytes([1]) + bcd(self.phone, 10)
        else:
            h += bcd(self.phone, 6)
        h += struct.pack(">H", self.serial)
        if split:
            h += struct.pack(">HH", *split)
        return h

    def frame(self, msg_id, body, split=None, corrupt=False):
        raw = self.header(msg_id, len(body), split) + body
        serial = self.serial
        self.serial = (self.serial + 1) & 0xFFFF
        check = xor(raw) ^ (0x55 if corrupt else 0)
        return serial, b"\x7e" + escape(raw + bytes([check])) + b"\x7e"

    def send(self, msg_id, body, split=None):
        serial, f = self.frame(msg_id, body, split)
        self.sock.sendall(f)
        return serial

    def receive(self):
        while True:
            start = self.buf.find(b"\x7e")
            end = self.buf.find(b"\x7e", start + 1) if start >= 0 else -1
            if start >= 0 and end > start + 1:
                inner = unescape(self.buf[start + 1:end])
                self.buf = self.buf[end + 1:]
                if xor(inner[:-1]) != inner[-1]:
                    raise ValueError("reply with a bad check code")
                msg_id, props = struct.unpack(">HH", inner[:4])
                hlen = 17 if props & 0x4000 else 12
                return msg_id, props, inner[hlen:-1]
            if start >= 0 and end == start + 1:
                self.buf = self.buf[end:]
                continue
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("connection closed by the gateway")
            self.buf += data

    def expect(self, op, serial, msg_id):
        rid, props, body = self.receive()
        out = {"op": op, "serial": serial, "reply": "0x%04x" % rid, "v2019": bool(props & 0x4000)}
        if rid == 0x8001:
            rs, rmsg, result = struct.unpack(">HHB", body[:5])
            out.update(reply_serial=rs, reply_id="0x%04x" % rmsg, result=result)
        elif rid == 0x8100:
            rs, result = struct.unpack(">HB", body[:3])
            out.update(reply_serial=rs, result=result)
            if result == 0:
                self.auth_code = body[3:].decode("gbk")
                out["auth_code"] = self.auth_code
        print(json.dumps(out), flush=True)

    # -- message bodies -------------------------------------------------------------------
    def registration_body(self):
        if self.v2019:
            return (struct.pack(">HH", 15, 300) + b"VIGIL".ljust(11, b"\0") + b"PY-TERMINAL".ljust(30, b"\0")
                    + b"T0000001".ljust(30, b"\0") + bytes([2]) + "蒙L12345".encode("gbk"))
        return (struct.pack(">HH", 15, 300) + b"VIGIL" + b"PY-TERMINAL".ljust(20, b"\0") + b"T000001"
                + bytes([2]) + "蒙L12345".encode("gbk"))

    def auth_body(self, code):
        c = code.encode("gbk")
        if self.v2019:
            return bytes([len(c)]) + c + b"860000000000001" + b"py-1.0".ljust(20, b"\0")
        return c

    @staticmethod
    def report(r):
        status = (1 if r.get("acc") else 0) | (2 if r.get("fix", True) else 0)
        lat, lon = r.get("lat", 0.0), r.get("lon", 0.0)
        if lat < 0:
            status |= 4
        if lon < 0:
            status |= 8
        t = datetime.fromtimestamp(r["ts"] / 1000, BEIJING).strftime("%y%m%d%H%M%S")
        body = struct.pack(">IIIIHHH", r.get("alarm", 0), status, round(abs(lat) * 1e6), round(abs(lon) * 1e6),
                           r.get("altitude", 0), round(r.get("speed", 0) * 10), r.get("heading", 0)) + bcd(t, 6)
        if "mileage" in r:
            body += bytes([0x01, 4]) + struct.pack(">I", round(r["mileage"] * 10))
        if "lock" in r:
            body += bytes([0xE1, 1, r["lock"]])
        return body

    def batch_body(self, reports):
        body = struct.pack(">HB", len(reports), 1)
        for r in reports:
            b = self.report(r)
            body += struct.pack(">H", len(b)) + b
        return body

    # -- steps ----------------------------------------------------------------------------
    def run(self, step):
        op = step["op"]
        if op == "register":
            self.expect(op, self.send(0x0100, self.registration_body()), 0x0100)
        elif op == "auth":
            self.expect(op, self.send(0x0102, self.auth_body(step.get("code", self.auth_code or ""))), 0x0102)
        elif op == "heartbeat":
            self.expect(op, self.send(0x0002, b""), 0x0002)
        elif op == "logout":
            self.expect(op, self.send(0x0003, b""), 0x0003)
        elif op == "location":
            self.expect(op, self.send(0x0200, self.report(step)), 0x0200)
        elif op == "batch":
            self.expect(op, self.send(0x0704, self.batch_body(step["reports"])), 0x0704)
        elif op == "split":
            body = self.batch_body(step["reports"])
            n = step["packets"]
            size = -(-len(body) // n)
            parts = [body[i:i + size] for i in range(0, len(body), size)]
            last = None
            for i, p in enumerate(parts):
                last = self.send(0x0704, p, split=(len(parts), i + 1))
            self.expect(op, last, 0x0704)
        elif op == "bad_check":
            _, f = self.frame(0x0002, b"", corrupt=True)
            self.sock.sendall(f)
        elif op == "bad_escape":
            _, f = self.frame(0x0002, b"")
            self.sock.sendall(f[:5] + b"\x7d\x05" + f[5:])
        elif op == "truncated":
            _, f = self.frame(0x0200, self.report({"ts": step.get("ts", 1764230400000)}))
            self.sock.sendall(f[:20] + b"\x7e")
        elif op == "oversized":
            self.sock.sendall(b"\x7e" + b"\x01" * step.get("n", 5000) + b"\x7e")
        elif op == "wait_close":
            start = time.monotonic()
            try:
                while self.sock.recv(65536):
                    pass
                closed = True
            except socket.timeout:
                closed = False
            print(json.dumps({"op": op, "closed": closed, "waited_ms": round((time.monotonic() - start) * 1000)}), flush=True)
        elif op == "heartbeat_until_close":
            closed = False
            for _ in range(int(step.get("seconds", 30) / 0.5)):
                try:
                    self.send(0x0002, b"")
                    self.receive()
                except (OSError, EOFError):
                    closed = True
                    break
                time.sleep(0.5)
            print(json.dumps({"op": op, "closed": closed}), flush=True)
        elif op == "raw":
            self.sock.sendall(bytes.fromhex(step["hex"]))
        else:
            raise ValueError("unknown op " + op)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--phone", required=True)
    p.add_argument("--edition", type=int, choices=(2013, 2019), default=2013)
    p.add_argument("--timeout", type=float, default=10.0)
    p.add_argument("steps")
    a = p.parse_args()
    t = Terminal(a.host, a.port, a.phone, a.edition, a.timeout)
    try:
        for step in json.loads(a.steps):
            t.run(step)
    finally:
        t.sock.close()


if __name__ == "__main__":
    try:
        main()
    except (OSError, EOFError, ValueError) as e:
        print(json.dumps({"error": str(e)}), flush=True)
        sys.exit(1)
