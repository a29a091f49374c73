package dev.vigil.gateway.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.io.ModbusTCPTransaction;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadCoilsResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.net.TCPMasterConnection;
import com.ghgande.j2mod.modbus.util.BitVector;
import dev.vigil.profile.modbus.ReadRequest;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * One Modbus TCP connection (host:port) shared by every unit id behind it, with its own thread:
 * requests on it are serialized (Modbus TCP servers and serial gateways answer one at a time), and
 * a blocked or dead endpoint only ever holds its own thread. Reconnects after refused/failed
 * connects wait a doubling, capped backoff; after a timeout or I/O error the socket is closed so a
 * late answer can never be taken for the next request's.
 *
 * <p>Threads: one per distinct endpoint, not per device; 1,000 devices behind 20 gateway boxes use
 * 20 threads. Each thread has a small stack and sleeps in socket reads.
 */
final class ModbusChannel {
    private final String host;
    private final int port;
    private final ModbusConfig config;
    private final ExecutorService thread;
    private TCPMasterConnection connection;
    private ModbusTCPTransaction transaction;
    private int transactionId;
    private int connectFailures;
    private long nextConnectAt;
    private String lastConnectError;

    ModbusChannel(String host, int port, ModbusConfig config) {
        this.host = host;
        this.port = port;
        this.config = config;
        String name = "vigil-modbus-" + host + ":" + port;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, name, 256 * 1024);
            t.setDaemon(true);
            return t;
        });
    }

    String endpoint() {
        return host + ":" + port;
    }

    /** Runs a task on this connection's thread, after the tasks already queued. */
    boolean submit(Runnable task) {
        try {
            thread.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Reads one planned request from a unit; blocking, only on this channel's thread.
     *
     * @return unsigned 16-bit registers, or 0/1 per bit, {@code request.count()} of them
     * @throws ModbusSlaveException when the unit answered with an exception response
     * @throws ChannelException     on connect failure, backoff, timeout or I/O error
     */
    int[] read(int unit, ReadRequest request, int timeoutMs) throws ModbusSlaveException, ChannelException {
        ensureConnected(timeoutMs);
        connection.setTimeout(timeoutMs);
        ModbusRequest req = switch (request.table()) {
            case COIL -> new ReadCoilsRequest(request.start(), request.count());
            case DISCRETE_INPUT -> new ReadInputDiscretesRequest(request.start(), request.count());
            case INPUT_REGISTER -> new ReadInputRegistersRequest(request.start(), request.count());
            case HOLDING_REGISTER -> new ReadMultipleRegistersRequest(request.start(), request.count());
        };
        req.setUnitID(unit);
        transactionId = transactionId >= 0xFFFF ? 1 : transactionId + 1;
        req.setTransactionID(transactionId);
        transaction.setRequest(req);
        try {
            transaction.execute();
        } catch (ModbusSlaveException e) {
            throw e; // an answer: the connection is fine
        } catch (ModbusException e) {
            drop();
            throw new ChannelException(describe(e, timeoutMs));
        } catch (RuntimeException e) {
            drop();
            throw new ChannelException("unexpected error: " + e);
        }
        return values(transaction.getResponse(), request);
    }

    private int[] values(ModbusResponse response, ReadRequest request) throws ChannelException {
        int[] out = new int[request.count()];
        if (response instanceof ReadMultipleRegistersResponse r) {
            check(r.getWordCount(), request);
            for (int i = 0; i < out.length; i++) out[i] = r.getRegisterValue(i) & 0xFFFF;
        } else if (response instanceof ReadInputRegistersResponse r) {
            check(r.getWordCount(), request);
            for (int i = 0; i < out.length; i++) out[i] = r.getRegisterValue(i) & 0xFFFF;
        } else if (response instanceof ReadCoilsResponse r) {
            bits(r.getCoils(), out, request);
        } else if (response instanceof ReadInputDiscretesResponse r) {
            bits(r.getDiscretes(), out, request);
        } else {
            drop();
            throw new ChannelException("unexpected response " + (response == null ? "null" : response.getClass().getSimpleName()) + " to " + request);
        }
        return out;
    }

    private void check(int words, ReadRequest request) throws ChannelException {
        if (words < request.count()) {
            drop();
            throw new ChannelException("short response: " + words + " registers for " + request);
        }
    }

    private void bits(BitVector v, int[] out, ReadRequest request) throws ChannelException {
        if (v.size() < out.length) {
            drop();
            throw new ChannelException("short response: " + v.size() + " bits for " + request);
        }
        for (int i = 0; i < out.length; i++) out[i] = v.getBit(i) ? 1 : 0;
    }

    private void ensureConnected(int timeoutMs) throws ChannelException {
        if (connection != null && connection.isConnected()) return;
        long now = System.currentTimeMillis();
        if (now < nextConnectAt) {
            throw new ChannelException("cannot connect to " + endpoint() + ": " + lastConnectError
                    + " (next attempt in " + (nextConnectAt - now) + " ms)", false);
        }
        try {
            TCPMasterConnection c = new TCPMasterConnection(InetAddress.getByName(host));
            c.setPort(port);
            c.setTimeout(timeoutMs);
            c.connect();
            connection = c;
            transaction = new ModbusTCPTransaction(c);
            transaction.setRetries(1);
            transaction.setCheckingValidity(true);
            transaction.setReconnecting(false);
            connectFailures = 0;
        } catch (Exception e) {
            connectFailures++;
            long backoff = config.backoffAfter(connectFailures);
            nextConnectAt = System.currentTimeMillis() + backoff;
            lastConnectError = rootMessage(e);
            throw new ChannelException("cannot connect to " + endpoint() + ": " + lastConnectError + " (next attempt in " + backoff + " ms)", false);
        }
    }

    /** Closes the socket; the next read reconnects (without backoff: the endpoint was reachable). */
    void drop() {
        if (connection != null) {
            connection.close();
            connection = null;
            transaction = null;
        }
    }

    /** Closes the connection on its thread and stops the thread; completes when done. */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!submit(() -> {
            drop();
            done.complete(null);
        })) {
            done.complete(null);
        }
        thread.shutdown();
        return done;
    }

    private static String describe(ModbusException e, int timeoutMs) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) return "timeout after " + timeoutMs + " ms";
        }
        String m = rootMessage(e);
        if (m != null && m.toLowerCase(java.util.Locale.ROOT).contains("timed out")) return "timeout after " + timeoutMs + " ms";
        return "I/O error: " + m;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    /** A request that got no Modbus answer: not connected, backoff, timeout or I/O error. */
    static final class ChannelException extends Exception {
        private final boolean retryable;

        ChannelException(String message) {
            this(message, true);
        }

        ChannelException(String message, boolean retryable) {
            super(message, null, false, false);
            this.retryable = retryable;
        }

        /** False when retrying now is pointless (connect refused, waiting for the backoff). */
        boolean retryable() {
            return retryable;
        }
    }
}
