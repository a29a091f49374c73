package dev.vigil.sim.vehicle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One vehicle's JT/T 808 terminal: a long TCP connection on which it registers (0x0100, once,
 * keeping the auth code), authenticates (0x0102), sends heartbeats (0x0002) and location reports
 * (0x0200). Readings taken while the network is down are kept and sent as blind-area backfill
 * (0x0704, type 1) when it is back; readings not acknowledged when a connection breaks are kept
 * too. Alarm bits: overspeed above 80 km/h, emergency while {@link #emergency} is set.
 */
final class Jt808Uplink implements Uplink {
    private static final int BATCH = 20;       // reports per 0x0704 (bodies stay under 1023 bytes)
    private static final int MAX_BACKLOG = 17_280;

    private final String deviceId;
    private final String phone;
    private final InetSocketAddress gateway;
    private final boolean v2019;
    private final UplinkStats stats;
    private final List<Map<String, Object>> backlog = new ArrayList<>();
    private final Map<Integer, List<Map<String, Object>>> unacked = new HashMap<>();
    private Socket socket;
    private OutputStream out;
    private String authCode;
    private int serial;
    volatile boolean emergency;

    Jt808Uplink(String deviceId, String phone, InetSocketAddress gateway, boolean v2019, UplinkStats stats) {
        this.deviceId = deviceId;
        this.phone = phone;
        this.gateway = gateway;
        this.v2019 = v2019;
        this.stats = stats;
    }

    @Override
    public synchronized void report(Map<String, Object> reading, boolean networkUp) {
        stats.readings.incrementAndGet();
        backlog.add(reading);
        if (backlog.size() > MAX_BACKLOG) backlog.remove(0);
        if (!networkUp) return;
        try {
            connect();
            if (backlog.size() == 1) {
                send(0x0200, Jt808Frames.location(reading, alarm(reading)), List.copyOf(backlog));
            } else {
                System.out.println(deviceId + ": back in coverage, backfilling " + backlog.size() + " reports (0x0704)");
                for (int i = 0; i < backlog.size(); i += BATCH) {
                    List<Map<String, Object>> part = List.copyOf(backlog.subList(i, Math.min(backlog.size(), i + BATCH)));
                    send(0x0704, batch(part), part);
                    stats.backfills.incrementAndGet();
                }
            }
            backlog.clear();
        } catch (IOException e) {
            stats.errors.incrementAndGet();
            System.err.println(deviceId + ": " + e.getMessage() + "; keeping " + backlog.size() + " reports for later");
            disconnect();
        }
    }

    /** Reports not acknowledged yet: buffered, or sent and awaiting 0x8001. */
    synchronized int pending() {
        return backlog.size() + unacked.values().stream().mapToInt(List::size).sum();
    }

    /** Closes the connection (the simulator stops). */
    synchronized void close() {
        disconnect();
    }

    /** Sends a heartbeat when connected (the gateway closes connections that stay silent). */
    synchronized void heartbeat() {
        if (out == null) return;
        try {
            send(0x0002, new byte[0], List.of());
        } catch (IOException e) {
            disconnect();
        }
    }

    private long alarm(Map<String, Object> r) {
        long a = emergency ? 1 : 0;
        if (r.get("speed") instanceof Number s && s.doubleValue() > 80) a |= 2;
        return a;
    }

    private byte[] batch(List<Map<String, Object>> reports) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Jt808Frames.put16(b, reports.size());
        b.write(1); // blind-area backfill
        for (Map<String, Object> r : reports) {
            byte[] item = Jt808Frames.location(r, alarm(r));
            Jt808Frames.put16(b, item.length);
            b.writeBytes(item);
        }
        return b.toByteArray();
    }

    private void send(int id, byte[] body, List<Map<String, Object>> readings) throws IOException {
        int s = nextSerial();
        if (!readings.isEmpty()) unacked.put(s, readings);
        stats.requests.incrementAndGet();
        out.write(Jt808Frames.frame(id, phone, s, v2019, body));
        out.flush();
    }

    private int nextSerial() {
        int s = serial;
        serial = (serial + 1) & 0xFFFF;
        return s;
    }

    /** Connects, registers when it has no auth code yet, authenticates, and starts reading replies. */
    private void connect() throws IOException {
        if (out != null) return;
        Socket s = new Socket();
        s.connect(gateway, 5000);
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        OutputStream o = s.getOutputStream();
        if (authCode == null || !authenticate(in, o)) {
            o.write(Jt808Frames.frame(0x0100, phone, nextSerial(), v2019, registration()));
            Jt808Frames.Reply r = await(in, 0x8100);
            if (r.body()[2] != 0) {
                s.close();
                throw new IOException("registration refused with result " + r.body()[2] + " (4: phone " + phone + " not registered)");
            }
            authCode = new String(r.body(), 3, r.body().length - 3, Jt808Frames.GBK);
            if (!authenticate(in, o)) {
                s.close();
                throw new IOException("authentication refused right after registration");
            }
        }
        s.setSoTimeout(0);
        socket = s;
        out = o;
        Thread reader = new Thread(() -> readReplies(s, in), deviceId + "-jt808");
        reader.setDaemon(true);
        reader.start();
        System.out.println(deviceId + ": JT/T 808 terminal " + phone + " authenticated");
    }

    private boolean authenticate(InputStream in, OutputStream o) throws IOException {
        byte[] code = authCode.getBytes(Jt808Frames.GBK);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (v2019) {
            body.write(code.length);
            body.writeBytes(code);
            body.writeBytes("860000000000000".getBytes(Jt808Frames.GBK));
            body.writeBytes(new byte[20]);
        } else {
            body.writeBytes(code);
        }
        o.write(Jt808Frames.frame(0x0102, phone, nextSerial(), v2019, body.toByteArray()));
        return await(in, 0x8001).body()[4] == 0;
    }

    private static Jt808Frames.Reply await(InputStream in, int id) throws IOException {
        for (int i = 0; i < 16; i++) {
            Jt808Frames.Reply r = Jt808Frames.read(in);
            if (r != null && r.id() == id) return r;
        }
        throw new IOException("no reply 0x" + Integer.toHexString(id));
    }

    private byte[] registration() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Jt808Frames.put16(b, 15);   // province: Inner Mongolia
        Jt808Frames.put16(b, 300);  // city: Wuhai
        b.writeBytes(java.util.Arrays.copyOf("VIGIL".getBytes(Jt808Frames.GBK), v2019 ? 11 : 5));
        b.writeBytes(java.util.Arrays.copyOf("SIM-808".getBytes(Jt808Frames.GBK), v2019 ? 30 : 20));
        b.writeBytes(java.util.Arrays.copyOf(deviceId.getBytes(Jt808Frames.GBK), v2019 ? 30 : 7));
        b.write(2); // plate colour: yellow
        b.writeBytes(("蒙L" + phone.substring(Math.max(0, phone.length() - 5))).getBytes(Jt808Frames.GBK));
        return b.toByteArray();
    }

    private void readReplies(Socket s, InputStream in) {
        try {
            while (true) {
                Jt808Frames.Reply r = Jt808Frames.read(in);
                if (r == null || r.id() != 0x8001 || r.body().length < 5) continue;
                acknowledged(r.u16(0), r.body()[4]);
            }
        } catch (IOException e) {
            synchronized (this) {
                if (socket == s) {
                    System.err.println(deviceId + ": " + e.getMessage());
                    disconnect();
                }
            }
        }
    }

    private synchronized void acknowledged(int replySerial, int result) {
        List<Map<String, Object>> readings = unacked.remove(replySerial);
        if (readings == null) return;
        if (result == 0) {
            stats.changed.incrementAndGet();
        } else {
            stats.refused.incrementAndGet();
            System.err.println(deviceId + ": gateway answered result " + result + " for " + readings.size() + " report(s)");
        }
    }

    private void disconnect() {
        for (List<Map<String, Object>> r : unacked.values()) backlog.addAll(0, r);
        unacked.clear();
        try {
            if (socket != null) socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        socket = null;
        out = null;
    }
}
