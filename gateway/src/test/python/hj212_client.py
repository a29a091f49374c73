#!/usr/bin/env python3
"""An HJ 212-2017 data logger (数采仪) client, written from the standard's text with Python's
standard library only, to drive Vigil's HJ 212 endpoint from the outside in tests.

Frame (standard, section 6.3): "##" + 4-digit data length + data segment + CRC (4 hex digits) + CR LF.
CRC (Appendix A): reg = 0xFFFF; per byte reg = (reg >> 8) ^ byte, then 8 rounds of shift right,
XOR 0xA001 when the dropped bit was 1.

Usage: hj212_client.py --port P --mn MN --pw PW [--influx URL --db DB --device ID] SCENARIO [ARGS]
Prints one line per event: REPLY <data segment>, NO_REPLY, CLOSED, STORED <count>.
Split messages (Flag bit 1): PNUM and PNO after Flag, each packet a whole frame with the same QN.
"""
import argparse
import datetime
import json
import socket
import sys
import time
import urllib.parse
import urllib.request

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def crc(data: bytes) -> int:
    reg = 0xFFFF
    for b in data:
        reg = (reg >> 8) ^ b
        for _ in range(8):
            lsb = reg & 1
            reg >>= 1
            if lsb:
                reg ^= 0xA001
    return reg


def frame(segment: str, lower=False, bad_crc=False, length=None) -> bytes:
    data = segment.encode("ascii")
    code = crc(data) ^ (0x0101 if bad_crc else 0)
    hexcode = "%04X" % code
    if lower:
        hexcode = hexcode.lower()
    n = len(data) if length is None else length
    return b"##" + ("%04d" % n).encode() + data + hexcode.encode() + b"\r\n"


def qn_now(offset_ms=0) -> str:
    t = datetime.datetime.now(BEIJING) + datetime.timedelta(milliseconds=offset_ms)
    return t.strftime("%Y%m%d%H%M%S") + "%03d" % (t.microsecond // 1000)


def data_time(epoch_ms: int) -> str:
    return datetime.datetime.fromtimestamp(epoch_ms / 1000, BEIJING).strftime("%Y%m%d%H%M%S")


def segment(qn, cn, pw, mn, cp, flag=5, st="31", pnum=None, pno=None) -> str:
    # standard, 6.3.3: PNUM (total packets) and PNO (this packet's number) follow Flag when Flag bit 1 is set
    packet = "" if pnum is None else "PNUM=%d;PNO=%d;" % (pnum, pno)
    return "QN=%s;ST=%s;CN=%s;PW=%s;MN=%s;Flag=%d;%sCP=&&%s&&" % (qn, st, cn, pw, mn, flag, packet, cp)


def data_cp(epoch_ms, values, suffix="Rtd") -> str:
    """values: list of (code, value, flag)."""
    items = ["DataTime=" + data_time(epoch_ms)]
    for code, value, flag in values:
        items.append("%s-%s=%s,%s-Flag=%s" % (code, suffix, value, code, flag))
    return ";".join(items)


class Logger:
    def __init__(self, args):
        self.args = args
        self.sock = socket.create_connection(("127.0.0.1", args.port), timeout=10)
        self.buf = b""

    def send(self, raw: bytes):
        self.sock.sendall(raw)

    def reply(self, timeout):
        """The next frame's data segment, None on timeout, or 'CLOSED'."""
        self.sock.settimeout(timeout)
        deadline = time.monotonic() + timeout
        while b"\r\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(4096)
            except socket.timeout:
                return None
            except ConnectionResetError:
                return "CLOSED"
            if not chunk:
                return "CLOSED"
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        assert line.startswith(b"##"), line
        n = int(line[2:6])
        data = line[6:6 + n]
        assert len(line) == 6 + n + 4, "reply length field does not match"
        assert int(line[6 + n:], 16) == crc(data), "reply CRC does not match"
        return data.decode("ascii")

    def expect(self, timeout=10):
        r = self.reply(timeout)
        print("NO_REPLY" if r is None else r if r == "CLOSED" else "REPLY " + r, flush=True)
        return r


def stored(args, measurement, epoch_ms):
    """Counts points of the device at exactly that time, straight from InfluxDB's HTTP API."""
    q = 'SELECT count(*) FROM "%s" WHERE device = \'%s\' AND time = %dms' % (measurement, args.device, epoch_ms)
    url = args.influx + "/query?" + urllib.parse.urlencode({"db": args.db, "q": q})
    with urllib.request.urlopen(url, timeout=10) as r:
        body = json.load(r)
    series = body["results"][0].get("series")
    if not series:
        return 0
    cols, row = series[0]["columns"], series[0]["values"][0]
    return max(v for c, v in zip(cols, row) if c != "time" and v is not None)


def send_data(lg, args, cn, epoch_ms, values, suffix, measurement, qn=None, **kw):
    qn = qn or qn_now()
    lg.send(frame(segment(qn, cn, args.pw, args.mn, data_cp(epoch_ms, values, suffix)), **kw))
    r = lg.expect()
    if r and r.startswith("QN=") and not r.startswith("QN=%s;" % qn):
        print("WRONG_QN", flush=True)  # an answer to another frame (e.g. a dropped one) came first
        sys.exit(1)
    if r and r.startswith("QN="):
        # the data response must come only once the reading is durable: it is in InfluxDB now
        print("STORED %d" % stored(args, measurement, epoch_ms), flush=True)
    return qn


def send_split(lg, args, cn, epoch_ms, parts, suffix, measurement, skip=()):
    """One message in len(parts) packets (Flag=7: 2017, answer wanted, split), each with its own
    header, the same QN, DataTime and its share of the values; packet numbers in skip are not sent."""
    qn = qn_now()
    for i, values in enumerate(parts):
        if i + 1 in skip:
            continue
        lg.send(frame(segment(qn, cn, args.pw, args.mn, data_cp(epoch_ms, values, suffix), flag=7, pnum=len(parts), pno=i + 1)))
    r = lg.expect(10 if not skip else 2)
    if r and r.startswith("QN="):
        if not r.startswith("QN=%s;" % qn):
            print("WRONG_QN", flush=True)
            sys.exit(1)
        print("STORED %d" % stored(args, measurement, epoch_ms), flush=True)
        lg.expect(1)  # one answer for the whole message, none per packet


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--mn", required=True)
    p.add_argument("--pw", required=True)
    p.add_argument("--influx")
    p.add_argument("--db")
    p.add_argument("--device")
    p.add_argument("scenario")
    p.add_argument("times", nargs="*", type=int, help="epoch ms of the readings")
    args = p.parse_args()
    lg = Logger(args)
    rtd = "emission-cems"
    t = args.times
    s = args.scenario
    if s == "rtd":
        # SO2, NOx, O2 normal; dust in maintenance (M); legacy 2005 code S03 for the temperature
        send_data(lg, args, "2011", t[0], [("a21026", "35.1", "N"), ("a21002", "42.0", "N"), ("a34013", "3.2", "M"),
                                           ("a19001", "6.5", "N"), ("S03", "48.5", "N")], "Rtd", rtd)
    elif s == "resend":
        qn = send_data(lg, args, "2011", t[0], [("a21026", "20.0", "N")], "Rtd", rtd)
        send_data(lg, args, "2011", t[0], [("a21026", "20.0", "N")], "Rtd", rtd, qn=qn)
    elif s == "hour":
        send_data(lg, args, "2061", t[0], [("a21026", "30.5", "N"), ("a21002", "40.25", "C")], "Avg", rtd + "_hour")
    elif s == "split":
        # a real-time message in three packets: answered once, stored once with every pollutant
        send_split(lg, args, "2011", t[0], [[("a21026", "31.5", "N"), ("a21002", "44.0", "N")],
                                            [("a34013", "2.5", "N"), ("a19001", "6.2", "N")],
                                            [("a01012", "51.0", "N"), ("a00000", "350.0", "N")]], "Rtd", rtd)
    elif s == "split-missing":
        # packet 2 of 3 never comes: no answer, nothing stored
        send_split(lg, args, "2011", t[0], [[("a21026", "32.5", "N")], [("a21002", "45.0", "N")], [("a19001", "6.3", "N")]],
                   "Rtd", rtd, skip=(2,))
    elif s == "station-hours":
        # the station's own hourly means (CN 2061): SO2 in maintenance (M) for t[0], valid (N) for t[1]
        send_data(lg, args, "2061", t[0], [("a21026", "500.0", "M"), ("a19001", "6.0", "N")], "Avg", rtd + "_hour")
        send_data(lg, args, "2061", t[1], [("a21026", "50.0", "N"), ("a19001", "6.0", "N")], "Avg", rtd + "_hour")
    elif s == "lowercase":
        send_data(lg, args, "2011", t[0], [("a21026", "21.0", "N")], "Rtd", rtd, lower=True)
    elif s == "bad-crc":
        lg.send(frame(segment(qn_now(), "2011", args.pw, args.mn, data_cp(t[0], [("a21026", "99.0", "N")])), bad_crc=True))
        send_data(lg, args, "2011", t[1], [("a21026", "22.0", "N")], "Rtd", rtd)
    elif s == "truncated":
        whole = frame(segment(qn_now(), "2011", args.pw, args.mn, data_cp(t[0], [("a21026", "98.0", "N")])))
        lg.send(whole[:len(whole) // 2])
        send_data(lg, args, "2011", t[1], [("a21026", "23.0", "N")], "Rtd", rtd)
    elif s == "oversized":
        lg.send(b"##9000QN=" + b"1" * 4000)
        send_data(lg, args, "2011", t[0], [("a21026", "24.0", "N")], "Rtd", rtd)
    elif s == "bad-length":
        seg = segment(qn_now(), "2011", args.pw, args.mn, data_cp(t[0], [("a21026", "97.0", "N")]))
        lg.send(frame(seg, length=len(seg) + 3))
        send_data(lg, args, "2011", t[1], [("a21026", "25.0", "N")], "Rtd", rtd)
    elif s == "refused-value":
        # SO2 99999 is outside the profile's range: no 9014 for it, the next frame is answered first
        lg.send(frame(segment(qn_now(), "2011", args.pw, args.mn, data_cp(t[0], [("a21026", "99999", "N")]))))
        send_data(lg, args, "2011", t[1], [("a21026", "26.0", "N")], "Rtd", rtd)
    elif s == "state":
        lg.send(frame(segment(qn_now(), "2081", args.pw, args.mn, "DataTime=%s;RestartTime=%s" % (data_time(t[0]), data_time(t[0] - 60000)))))
        lg.expect()
    elif s == "auth":
        # wrong PW or unknown MN (given on the command line): no reply, closed after repeated failures
        for i in range(5):
            try:
                lg.send(frame(segment(qn_now(i), "2011", args.pw, args.mn, data_cp(t[0], [("a21026", "1.0", "N")]))))
            except (BrokenPipeError, ConnectionResetError):
                print("CLOSED", flush=True)
                return
            if lg.expect(1) == "CLOSED":
                return
    elif s == "series":
        # readings at the given times: "so2:flag" pairs after the times are not needed, values alternate
        for i, ms in enumerate(t):
            send_data(lg, args, "2011", ms, [("a21026", "50.0" if i % 2 == 0 else "1000.0", "N" if i % 2 == 0 else "M"),
                                             ("a19001", "6.0", "N")], "Rtd", rtd)
    else:
        print("unknown scenario " + s, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
