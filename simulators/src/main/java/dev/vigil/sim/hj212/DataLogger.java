package dev.vigil.sim.hj212;

import dev.vigil.profile.hj212.Hj212Frame;
import dev.vigil.profile.hj212.Hj212FrameDecoder;
import dev.vigil.profile.hj212.Hj212Packet;
import dev.vigil.profile.hj212.Hj212Parser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated HJ 212-2017 data logger (数采仪): a TCP connection to the platform, frames sent with
 * Flag=5 (answer wanted), and each frame resent with the same QN when no data response (CN 9014)
 * comes within the timeout, up to a number of times, as the standard prescribes. Reconnects when
 * the connection drops. Not thread-safe: one thread per logger.
 */
final class DataLogger implements AutoCloseable {
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter QN = DateTimeFormatter.ofPattern("uuuuMMddHHmmssSSS").withZone(BEIJING);
    static final DateTimeFormatter DATA_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withZone(BEIJING);

    private final String host;
    private final int port;
    private final String mn;
    private final String pw;
    private final long timeoutMs;
    private final int resends;
    private final Deque<String> replies = new ArrayDeque<>();
    private final Hj212FrameDecoder decoder = new Hj212FrameDecoder(9999, new Hj212FrameDecoder.Listener() {
        @Override
        public void onSegment(String s) {
            replies.add(s);
        }

        @Override
        public void onDrop(Hj212FrameDecoder.Drop reason, String detail) {
            System.err.println("bad frame from the platform (" + reason.label() + "): " + detail);
        }
    });
    final AtomicLong sent = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    final AtomicLong resent = new AtomicLong();
    final AtomicLong unanswered = new AtomicLong();
    private Socket socket;
    private long lastQn;

    DataLogger(String host, int port, String mn, String pw, long timeoutMs, int resends) {
        this.host = host;
        this.port = port;
        this.mn = mn;
        this.pw = pw;
        this.timeoutMs = timeoutMs;
        this.resends = resends;
    }

    String mn() {
        return mn;
    }

    /** Sends a data upload and waits for its 9014, resending with the same QN; false when never answered. */
    boolean upload(String cn, String cp) throws InterruptedException {
        long now = Math.max(System.currentTimeMillis(), lastQn + 1); // QN unique per logger
        lastQn = now;
        String qn = QN.format(Instant.ofEpochMilli(now));
        byte[] frame = Hj212Frame.encode("QN=" + qn + ";ST=31;CN=" + cn + ";PW=" + pw + ";MN=" + mn + ";Flag=5;CP=&&" + cp + "&&");
        for (int attempt = 0; attempt <= resends; attempt++) {
            if (attempt > 0) resent.incrementAndGet();
            try {
                OutputStream out = connection().getOutputStream();
                out.write(frame);
                out.flush();
                sent.incrementAndGet();
                if (awaitReply(qn)) {
                    answered.incrementAndGet();
                    return true;
                }
            } catch (IOException e) {
                System.err.println("HJ 212 logger " + mn + ": " + e.getMessage() + "; reconnecting");
                closeSocket();
                Thread.sleep(Math.min(timeoutMs, 2000));
            }
        }
        unanswered.incrementAndGet();
        return false;
    }

    private boolean awaitReply(String qn) throws IOException {
        long end = System.currentTimeMillis() + timeoutMs;
        byte[] buf = new byte[4096];
        InputStream in = socket.getInputStream();
        while (true) {
            while (!replies.isEmpty()) {
                String r = replies.poll();
                try {
                    Hj212Packet p = Hj212Parser.parse(r);
                    if ("9014".equals(p.cn()) && qn.equals(p.qn())) return true;
                } catch (RuntimeException e) {
                    System.err.println("unreadable reply: " + r);
                }
            }
            long left = end - System.currentTimeMillis();
            if (left <= 0) return false;
            socket.setSoTimeout((int) left);
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                return false;
            }
            if (n < 0) throw new IOException("connection closed by the platform");
            decoder.feed(buf, 0, n);
        }
    }

    private Socket connection() throws IOException {
        if (socket == null || socket.isClosed()) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1000, timeoutMs));
            s.setTcpNoDelay(true);
            socket = s;
            decoder.discardPending();
            replies.clear();
        }
        return socket;
    }

    private void closeSocket() {
        try {
            if (socket != null) socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        socket = null;
    }

    @Override
    public void close() {
        closeSocket();
    }
}
