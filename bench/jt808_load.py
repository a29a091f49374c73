#!/usr/bin/env python3
"""JT/T 808 load generator for bench/g-jt808.sh (Python standard library, asyncio).

Opens one TCP connection per terminal, registers (0x0100) and authenticates (0x0102), then sends
location reports (0x0200, 2013 headers) at a fixed total rate for a number of seconds, without
waiting for answers (as terminals with a send window do), and counts the platform's 0x8001
answers. Every report carries its own time (one second apart per terminal, going back from the
start, or from --back-hours before it), so each one is a distinct point in InfluxDB. Prints a JSON summary.

  python3 jt808_load.py --port P --phones FILE --rate 2000 --seconds 20
"""
import argparse
import asyncio
import json
import struct
import time
from datetime import datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8))


def bcd(digits, n):
    digits = digits.rjust(2 * n, "0")
    return bytes(int(digits[i]) << 4 | int(digits[i + 1]) for i in range(0, 2 * n, 2))


def frame(msg_id, phone_bcd, serial, body):
    raw = struct.pack(">HH", msg_id, len(body)) + phone_bcd + struct.pack(">H", serial) + body
    c = 0
    for b in raw:
        c ^= b
    return b"\x7e" + (raw + bytes([c])).replace(b"\x7d", b"\x7d\x01").replace(b"\x7e", b"\x7d\x02") + b"\x7e"


class Terminal:
    def __init__(self, phone, stats):
        self.phone = bcd(phone, 6)
        self.serial = 0
        self.stats = stats
        self.code = None
        self.waiters = {}

    async def connect(self, host, port):
        self.reader, self.writer = await asyncio.open_connection(host, port)
        asyncio.get_running_loop().create_task(self.read_loop())
        reply = await self.request(0x0100, struct.pack(">HH", 15, 300) + b"BENCH" + bytes(20) + b"T000001" + b"\x02" + b"B")
        if reply[2] != 0:
            raise RuntimeError("registration refused: %d" % reply[2])
        self.code = reply[3:]
        reply = await self.request(0x0102, self.code)
        if reply[4] != 0:
            raise RuntimeError("authentication refused")

    async def request(self, msg_id, body):
        fut = asyncio.get_running_loop().create_future()
        self.waiters[self.serial] = fut
        self.send(msg_id, body)
        return await asyncio.wait_for(fut, 30)

    def send(self, msg_id, body):
        self.writer.write(frame(msg_id, self.phone, self.serial, body))
        self.serial = (self.serial + 1) & 0xFFFF

    async def read_loop(self):
        buf = b""
        while True:
            data = await self.reader.read(65536)
            if not data:
                return
            buf += data
            parts = buf.split(b"\x7e")
            buf = parts.pop()
            for p in parts:
                if not p:
                    continue
                p = p.replace(b"\x7d\x02", b"\x7e").replace(b"\x7d\x01", b"\x7d")
                msg_id = (p[0] << 8) | p[1]
                body = p[12:-1]
                rs = (body[0] << 8) | body[1]
                fut = self.waiters.pop(rs, None)
                if fut is not None:
                    fut.set_result(body)
                elif msg_id == 0x8001:
                    if body[4] == 0:
                        self.stats["acknowledged"] += 1
                    else:
                        self.stats["refused"] += 1
                    self.stats["last_ack"] = time.monotonic()


def report(ts_ms, k):
    t = datetime.fromtimestamp(ts_ms / 1000, BEIJING).strftime("%y%m%d%H%M%S")
    return struct.pack(">IIIIHHH", 0, 3, 39_670_000 + k % 1000, 106_820_000 + k % 1000, 1090, 500 + k % 300, k % 360) \
        + bcd(t, 6) + b"\xe1\x01\x00"


async def main():
    a = argparse.ArgumentParser()
    a.add_argument("--host", default="127.0.0.1")
    a.add_argument("--port", type=int, required=True)
    a.add_argument("--phones", required=True)
    a.add_argument("--rate", type=int, required=True)
    a.add_argument("--seconds", type=int, default=20)
    a.add_argument("--connect-concurrency", type=int, default=200, help="registrations and authentications in flight at once")
    a.add_argument("--back-hours", type=int, default=0, help="start the reports' times this many hours back (one range per step)")
    o = a.parse_args()
    phones = [line.split("=", 1)[1].strip() for line in open(o.phones) if "=" in line]
    stats = {"acknowledged": 0, "refused": 0, "last_ack": 0.0}
    terminals = [Terminal(p, stats) for p in phones]
    gate = asyncio.Semaphore(o.connect_concurrency)

    async def connect(t):
        async with gate:
            await t.connect(o.host, o.port)
    t0 = time.monotonic()
    await asyncio.gather(*(connect(t) for t in terminals))
    connect_seconds = time.monotonic() - t0
    base = (int(time.time()) - 10 - o.back_hours * 3600) * 1000
    per_tick = o.rate / 100.0
    total = o.rate * o.seconds
    sent, due, k = 0, 0.0, 0
    start = time.monotonic()
    while sent < total:
        due = min(total, (time.monotonic() - start) * o.rate)
        while sent < due:
            t = terminals[sent % len(terminals)]
            n = sent // len(terminals)
            t.send(0x0200, report(base - n * 1000, n))
            sent += 1
        await asyncio.sleep(0.01)
    send_seconds = time.monotonic() - start
    deadline = time.monotonic() + 60
    while stats["acknowledged"] + stats["refused"] < sent and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    print(json.dumps({"terminals": len(terminals), "offered_rate": o.rate, "sent": sent,
                      "send_seconds": round(send_seconds, 3), "acknowledged": stats["acknowledged"],
                      "refused": stats["refused"], "connect_seconds": round(connect_seconds, 3),
                      "ack_seconds": round(stats["last_ack"] - start, 3) if stats["last_ack"] else None}))


if __name__ == "__main__":
    asyncio.run(main())
