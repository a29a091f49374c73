package dev.vigil.gateway.jt808;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.gateway.pipeline.RawMessage;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Rejection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * One terminal's TCP connection: frames in, messages dispatched, replies out — all on the
 * endpoint's event loop. Location messages go through the pipeline and are answered (0x8001)
 * only when their readings are stored; a bad frame is dropped, counted and logged, and the
 * connection carries on.
 */
final class Jt808Connection implements FrameSplitter.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(Jt808Connection.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static final int HEARTBEAT = 0x0002;
    static final int LOGOUT = 0x0003;
    static final int REGISTER = 0x0100;
    static final int AUTHENTICATE = 0x0102;
    static final int LOCATION = 0x0200;
    static final int BATCH = 0x0704;

    private final Jt808Endpoint.Shared shared;
    private final NetSocket socket;
    private final Vertx vertx;
    private final FrameSplitter splitter;
    private final Reassembler reassembler;
    private final String remote;
    private int outSerial;
    private int inFlight;
    private boolean paused;
    private volatile boolean closedByTakeover;
    private String deviceId;
    private String phoneKey;
    volatile long lastValidNanos = System.nanoTime();

    Jt808Connection(Jt808Endpoint.Shared shared, NetSocket socket, Vertx vertx) {
        this.shared = shared;
        this.socket = socket;
        this.vertx = vertx;
        this.splitter = new FrameSplitter(shared.config().maxFrameBytes());
        this.reassembler = new Reassembler(shared.config().maxMessageBytes());
        this.remote = String.valueOf(socket.remoteAddress());
    }

    void start() {
        socket.handler(this::received);
        socket.closeHandler(v -> closed());
        socket.exceptionHandler(t -> LOG.debug("JT/T 808 {} ({}): {}", remote, deviceId, t.toString()));
    }

    private void received(Buffer data) {
        byte[] bytes = data.getBytes();
        splitter.feed(bytes, 0, bytes.length, this);
    }

    @Override
    public void oversized(int limit) {
        drop(new FrameException(FrameException.Reason.OVERSIZED, "frame longer than jt808.max_frame_bytes (" + limit + "); skipped to the next 0x7e"));
    }

    @Override
    public void frame(byte[] escaped) {
        Jt808Message m;
        try {
            m = Jt808Codec.decode(escaped);
            if (!shared.config().accepts(m.header().v2019())) {
                throw new FrameException(FrameException.Reason.VERSION, (m.header().v2019() ? "2019" : "2013")
                        + " header, but jt808.versions is " + shared.config().versions());
            }
            if (m.header().split()) {
                m = reassembler.add(m);
                if (m == null) {
                    lastValidNanos = System.nanoTime();
                    return;
                }
            }
        } catch (FrameException e) {
            drop(e);
            return;
        }
        lastValidNanos = System.nanoTime();
        dispatch(m);
    }

    private void drop(FrameException e) {
        shared.stats().dropped(e.reason());
        LOG.warn("JT/T 808 {} ({}): frame dropped ({}): {}", remote, deviceId == null ? "not authenticated" : deviceId,
                e.reason().label(), e.getMessage());
    }

    private void dispatch(Jt808Message m) {
        Jt808Header h = m.header();
        switch (h.messageId()) {
            case REGISTER -> register(h);
            case AUTHENTICATE -> authenticate(h, m.body());
            default -> {
                if (deviceId == null || !h.phoneKey().equals(phoneKey)) {
                    LOG.info("JT/T 808 {}: message 0x{} from phone {} before authentication; answered 'failure'", remote,
                            Integer.toHexString(h.messageId()), h.phone());
                    reply(h, Replies.FAILURE);
                    return;
                }
                switch (h.messageId()) {
                    case HEARTBEAT -> reply(h, Replies.OK);
                    case LOGOUT -> logout(h);
                    case LOCATION -> location(h, m.body());
                    case BATCH -> batch(h, m.body());
                    default -> reply(h, Replies.UNSUPPORTED);
                }
            }
        }
    }

    private void register(Jt808Header h) {
        DeviceRegistry registry = shared.registry().get();
        Device d = shared.phones().lookup(registry, h.phone());
        if (d == null) {
            shared.stats().unknownPhone.increment();
            LOG.warn("JT/T 808 {}: registration of unknown phone {} refused (terminal not in database); register it with"
                    + " vigil device add --jt808-phone", remote, h.phone());
            send(h.reply(Replies.REGISTRATION_RESPONSE, nextSerial()), Replies.registration(h.serial(), Replies.TERMINAL_UNKNOWN, null));
            return;
        }
        String code = shared.codes().issue(d.id(), registry.salt());
        shared.saver().save(vertx).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("JT/T 808 {}: cannot store the auth code of {}: {}", remote, d.id(), ar.cause().getMessage());
                send(h.reply(Replies.REGISTRATION_RESPONSE, nextSerial()), Replies.registration(h.serial(), Replies.FAILURE, null));
                return;
            }
            shared.stats().registered.increment();
            LOG.info("JT/T 808 {}: terminal {} registered as {}", remote, h.phone(), d.id());
            send(h.reply(Replies.REGISTRATION_RESPONSE, nextSerial()), Replies.registration(h.serial(), Replies.OK, code));
        });
    }

    private void authenticate(Jt808Header h, byte[] body) {
        DeviceRegistry registry = shared.registry().get();
        Device d = shared.phones().lookup(registry, h.phone());
        String code;
        try {
            code = Replies.authCode(body, h.v2019());
        } catch (FrameException e) {
            drop(e);
            reply(h, Replies.MESSAGE_ERROR);
            return;
        }
        if (d == null || !shared.codes().matches(d.id(), registry.salt(), code)) {
            shared.stats().authFailed.increment();
            LOG.warn("JT/T 808 {}: authentication of phone {} refused ({})", remote, h.phone(),
                    d == null ? "phone not registered" : "wrong auth code for " + d.id());
            reply(h, Replies.FAILURE);
            return;
        }
        if (deviceId != null && !deviceId.equals(d.id())) shared.sessions().unbind(deviceId, this);
        deviceId = d.id();
        phoneKey = h.phoneKey();
        shared.sessions().bind(deviceId, this);
        LOG.info("JT/T 808 {}: {} authenticated (phone {}, {} header)", remote, deviceId, h.phone(), h.v2019() ? "2019" : "2013");
        reply(h, Replies.OK);
    }

    private void logout(Jt808Header h) {
        LOG.info("JT/T 808 {}: {} logged out", remote, deviceId);
        reply(h, Replies.OK);
        shared.sessions().unbind(deviceId, this);
        deviceId = null;
        phoneKey = null;
    }

    private void location(Jt808Header h, byte[] body) {
        LocationReport r;
        try {
            r = LocationReport.parse(body, 0, body.length);
        } catch (FrameException e) {
            drop(e);
            reply(h, Replies.MESSAGE_ERROR);
            return;
        }
        store(h, false, profile -> shared.mapper().reading(profile, r));
    }

    private void batch(Jt808Header h, byte[] body) {
        List<LocationReport> reports;
        try {
            reports = LocationReport.parseBatch(body);
        } catch (FrameException e) {
            drop(e);
            reply(h, Replies.MESSAGE_ERROR);
            return;
        }
        if (reports.isEmpty()) {
            reply(h, Replies.OK);
            return;
        }
        store(h, true, profile -> shared.mapper().batch(profile, reports));
    }

    /**
     * Hands the readings to the pipeline and answers 0x8001 when they are stored (or refused);
     * {@code backfill} marks a 0x0704 batch, whose old times are legitimate (no clock-drift check).
     */
    private void store(Jt808Header h, boolean backfill, java.util.function.Function<DeviceProfile, JsonNode> readings) {
        DeviceRegistry registry = shared.registry().get();
        Device d = registry.byId(deviceId);
        DeviceProfile profile = d == null ? null : registry.profileOf(d);
        if (profile == null) {
            LOG.warn("JT/T 808 {}: device {} is no longer registered; answered 'failure'", remote, deviceId);
            reply(h, Replies.FAILURE);
            return;
        }
        byte[] payload;
        try {
            payload = MAPPER.writeValueAsBytes(readings.apply(profile));
        } catch (JsonProcessingException e) {
            reply(h, Replies.FAILURE);
            return;
        }
        Future<Void> stored;
        try {
            stored = shared.pipeline().accept(new RawMessage("jt808", d.id(), payload, RawMessage.Format.JSON, System.currentTimeMillis(), backfill));
        } catch (RuntimeException e) {
            stored = Future.failedFuture(e);
        }
        if (++inFlight >= shared.config().maxInFlight() && !paused) {
            paused = true;
            socket.pause();
        }
        String id = d.id();
        stored.onComplete(ar -> {
            if (--inFlight < shared.config().maxInFlight() && paused) {
                paused = false;
                socket.resume();
            }
            if (ar.succeeded()) {
                reply(h, Replies.OK);
                return;
            }
            boolean payloadProblem = ar.cause() instanceof Rejection rej && rej.reason().isPayloadProblem();
            LOG.warn("JT/T 808 {}: {} message 0x{} serial {} not stored: {}", remote, id, Integer.toHexString(h.messageId()),
                    h.serial(), ar.cause().getMessage());
            reply(h, payloadProblem ? Replies.MESSAGE_ERROR : Replies.FAILURE);
        });
    }

    private void reply(Jt808Header h, int result) {
        send(h.reply(Replies.GENERAL_RESPONSE, nextSerial()), Replies.general(h.serial(), h.messageId(), result));
    }

    private void send(Jt808Header h, byte[] body) {
        if (closedByTakeover) return;
        socket.write(Buffer.buffer(Jt808Codec.encode(h, body)));
    }

    private int nextSerial() {
        int s = outSerial;
        outSerial = (outSerial + 1) & 0xFFFF;
        return s;
    }

    /** Another connection of the same terminal authenticated: close this one without fuss. */
    void takenOver() {
        closedByTakeover = true;
        LOG.info("JT/T 808 {}: {} connected again from another connection; closing this one", remote, deviceId);
        socket.close();
    }

    /** Closes a connection that sent no valid message for the idle timeout. */
    void idleTimeout(long idleMs) {
        LOG.info("JT/T 808 {} ({}): no message for {} ms; closing", remote, deviceId == null ? "not authenticated" : deviceId, idleMs);
        socket.close();
    }

    private void closed() {
        shared.connections().remove(this);
        if (deviceId != null) shared.sessions().unbind(deviceId, this);
        if (!closedByTakeover) LOG.debug("JT/T 808 {} ({}): connection closed", remote, deviceId);
    }
}
