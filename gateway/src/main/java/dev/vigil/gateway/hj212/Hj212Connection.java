package dev.vigil.gateway.hj212;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.gateway.pipeline.RawMessage;
import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.profile.hj212.Hj212FormatException;
import dev.vigil.profile.hj212.Hj212Frame;
import dev.vigil.profile.hj212.Hj212FrameDecoder;
import dev.vigil.profile.hj212.Hj212Mapping;
import dev.vigil.profile.hj212.Hj212Packet;
import dev.vigil.profile.hj212.Hj212Parser;
import dev.vigil.profile.hj212.Hj212Reassembler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * One data logger's TCP connection: cuts the stream into frames, checks each frame's MN and PW,
 * hands data uploads to the pipeline as JSON readings and writes the data response (CN 9014,
 * same QN) only when the pipeline reports them stored. Bad frames are dropped without a reply,
 * counted and logged; after {@code max_auth_failures} refused frames the connection is closed.
 *
 * <p>A message split into packets (Flag bit 1, PNUM / PNO, same QN) is put back together
 * ({@link Hj212Reassembler}) and handled once whole: one reading stored, one 9014 answered (same
 * QN) after it is durable. Single packets get no answer: an answer names the QN, and a logger
 * would take it for the whole message; a set never completed (timeout, too many pending, the
 * connection closed) is dropped, counted and logged, so the logger, unanswered, resends it.
 * Runs on the socket's event loop.
 */
final class Hj212Connection implements Hj212FrameDecoder.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Hj212Connection.class);
    static final String PROTOCOL = "hj212";

    private final Vertx vertx;
    private final NetSocket socket;
    private final Hj212Config config;
    private final Hj212Stations stations;
    private final TelemetryPipeline pipeline;
    private final Hj212Stats stats;
    private final Hj212FrameDecoder decoder;
    private final Hj212Reassembler reassembler;
    private final String peer;
    private int authFailures;
    private boolean closing;

    Hj212Connection(Vertx vertx, NetSocket socket, Hj212Config config, Hj212Stations stations, TelemetryPipeline pipeline, Hj212Stats stats) {
        this.vertx = vertx;
        this.socket = socket;
        this.config = config;
        this.stations = stations;
        this.pipeline = pipeline;
        this.stats = stats;
        this.peer = String.valueOf(socket.remoteAddress());
        this.decoder = new Hj212FrameDecoder(config.maxDataBytes(), this);
        this.reassembler = new Hj212Reassembler(config.splitTimeoutMs(), config.splitMaxPending(), config.splitMaxPackets(), this::onIncomplete);
        socket.handler(this::onData);
    }

    private void onData(Buffer b) {
        if (!closing) decoder.feed(b.getBytes());
    }

    void onClose() {
        closing = true;
        reassembler.discardAll();
        int pending = decoder.discardPending();
        if (pending > 0) {
            stats.onDrop("truncated");
            LOG.warn("HJ 212 connection from {} closed in the middle of a frame: {} bytes dropped", peer, pending);
        }
    }

    private void onIncomplete(Hj212Reassembler.Incomplete i) {
        stats.onDrop(i.reason().label());
        LOG.warn("HJ 212 split message from {} (MN {}, QN {}, CN {}) dropped incomplete ({}): packets {} of {} received",
                peer, i.mn(), i.qn(), i.cn(), i.reason().name().toLowerCase(java.util.Locale.ROOT), i.received(), i.total());
    }

    @Override
    public void onDrop(Hj212FrameDecoder.Drop reason, String detail) {
        stats.onDrop(reason.label());
        LOG.warn("HJ 212 frame from {} dropped ({}): {}", peer, reason.label(), detail);
    }

    @Override
    public void onSegment(String segment) {
        stats.onFrame();
        long receivedAt = System.currentTimeMillis();
        Hj212Packet p;
        try {
            p = Hj212Parser.parse(segment);
        } catch (Hj212FormatException e) {
            stats.onDrop("malformed");
            LOG.warn("HJ 212 frame from {} dropped (malformed): {}", peer, e.getMessage());
            return;
        }
        Hj212Stations.Station station = stations.byMn(p.mn());
        Hj212Stations.Outcome auth = stations.check(station, p.pw());
        if (auth != Hj212Stations.Outcome.OK) {
            refuse(p, auth);
            return;
        }
        if (p.split()) {
            p = reassemble(p);
            if (p == null) return;
        }
        String period = Hj212Readings.period(p.cn());
        if (period == null || !period.isEmpty()) {
            upload(station, p, receivedAt);
        } else if (p.cn().equals("2021") || p.cn().equals("2081")) {
            stats.onStateMessage();
            LOG.info("HJ 212 station {} (MN {}) {}: {}", station.device().id(), p.mn(),
                    p.cn().equals("2081") ? "logger start (2081)" : "equipment state (2021)", p.cp());
            if (p.answerWanted()) respond(p);
        } else {
            LOG.debug("HJ 212 station {} sent CN {}, which the gateway does not take; ignored", station.device().id(), p.cn());
        }
    }

    /** Takes a packet of a split message: the whole message once its last packet is in, else null. */
    private Hj212Packet reassemble(Hj212Packet p) {
        stats.onSplitPacket();
        Hj212Packet whole;
        try {
            whole = reassembler.offer(p, System.currentTimeMillis());
        } catch (Hj212FormatException e) {
            stats.onDrop("malformed");
            LOG.warn("HJ 212 split packet from {} (MN {}, QN {}) dropped (malformed): {}", peer, p.mn(), p.qn(), e.getMessage());
            return null;
        }
        if (whole == null) {
            // one timer per packet: the one of a set's first packet drops the set when it is due
            vertx.setTimer(config.splitTimeoutMs(), id -> {
                if (!closing) reassembler.expire(System.currentTimeMillis());
            });
            return null;
        }
        stats.onSplitMessage();
        LOG.debug("HJ 212 split message from {} (MN {}, QN {}, CN {}) put together from {} packets", peer, p.mn(), p.qn(), p.cn(), p.pnum());
        return whole;
    }

    private void upload(Hj212Stations.Station station, Hj212Packet p, long receivedAt) {
        String deviceId = station.device().id();
        ObjectNode reading;
        try {
            var profile = stations.profileOf(station);
            Hj212Mapping mapping = profile == null ? null : Hj212Mapping.of(profile);
            if (mapping == null) {
                LOG.error("HJ 212 station {}: profile {} has no hj212: section, so its data cannot be mapped", deviceId, station.device().profile());
                return;
            }
            reading = Hj212Readings.reading(p, mapping);
        } catch (Hj212FormatException e) {
            stats.onDrop("malformed");
            LOG.warn("HJ 212 frame of station {} (QN {}) dropped (malformed): {}", deviceId, p.qn(), e.getMessage());
            return;
        }
        if (reading == null) {
            LOG.debug("HJ 212 frame of station {} (QN {}) carries no code its profile maps", deviceId, p.qn());
            if (p.answerWanted()) respond(p);
            return;
        }
        byte[] json = reading.toString().getBytes(StandardCharsets.UTF_8);
        // minute / hour / day data are period averages, legitimately older than their arrival
        boolean backfill = Hj212Readings.period(p.cn()) != null;
        pipeline.accept(new RawMessage(PROTOCOL, deviceId, json, RawMessage.Format.JSON, receivedAt, backfill))
                .onSuccess(v -> {
                    if (p.answerWanted()) respond(p);
                })
                .onFailure(t -> LOG.warn("HJ 212 frame of station {} (QN {}, CN {}) not stored, no 9014 sent: {}",
                        deviceId, p.qn(), p.cn(), t.getMessage()));
    }

    private void refuse(Hj212Packet p, Hj212Stations.Outcome auth) {
        String reason = auth == Hj212Stations.Outcome.UNKNOWN_MN ? "unknown_mn" : "wrong_pw";
        stats.onAuthFailure(reason);
        authFailures++;
        LOG.warn("HJ 212 frame from {} refused: {} (MN '{}', CN {}); failure {} of {}", peer,
                auth == Hj212Stations.Outcome.UNKNOWN_MN ? "unknown MN" : "wrong PW", p.mn(), p.cn(),
                authFailures, config.maxAuthFailures());
        if (authFailures >= config.maxAuthFailures() && !closing) {
            closing = true;
            LOG.warn("closing HJ 212 connection from {} after {} refused frames", peer, authFailures);
            socket.close();
        }
    }

    private void respond(Hj212Packet p) {
        if (closing) return;
        socket.write(Buffer.buffer(Hj212Frame.encode(Hj212Parser.dataResponse(p))));
    }
}
