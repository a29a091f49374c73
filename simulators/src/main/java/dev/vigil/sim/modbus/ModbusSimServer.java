package dev.vigil.sim.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A j2mod Modbus TCP slave on one port serving several simulated units (like a serial-to-TCP
 * gateway box in front of several analysers), with communication-loss controls: a unit can go
 * silent (requests for it get no answer) and the whole port can close and reopen.
 */
public final class ModbusSimServer implements AutoCloseable {
    private final InetAddress bind;
    private final int port;
    private final int handlerThreads;
    private final Map<Integer, SimulatedUnit> units = new LinkedHashMap<>();
    private ModbusSlave slave;

    /**
     * @param bind           address to listen on (loopback for tests)
     * @param port           TCP port (j2mod cannot listen on port 0: use {@link #freePort()})
     * @param handlerThreads connection handler threads (one per concurrently connected master)
     */
    public ModbusSimServer(InetAddress bind, int port, int handlerThreads) {
        this.bind = bind;
        this.port = port;
        this.handlerThreads = handlerThreads;
    }

    /** A currently free TCP port on loopback. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    public int port() {
        return port;
    }

    /** Adds a unit (before or after {@link #open()}). */
    public synchronized ModbusSimServer add(SimulatedUnit unit) {
        units.put(unit.unit(), unit);
        if (slave != null) slave.addProcessImage(unit.unit(), unit.image());
        return this;
    }

    public synchronized Map<Integer, SimulatedUnit> units() {
        return Map.copyOf(units);
    }

    /** Starts listening. */
    public synchronized void open() throws ModbusException {
        if (slave != null) return;
        // idle connections are kept for an hour: pollers may poll slowly (offline backoff)
        slave = ModbusSlaveFactory.createTCPSlave(bind, port, handlerThreads, false, 3600);
        for (SimulatedUnit u : units.values()) slave.addProcessImage(u.unit(), u.image());
        slave.open();
    }

    /**
     * A unit stops answering: each request for it is held for up to 2 s and then refused, so a
     * master with a shorter timeout sees no answer; the connection stays open.
     */
    public synchronized void silence(int unit) {
        SimulatedUnit u = units.get(unit);
        if (u != null) u.image().setSilent(true, 2_000);
    }

    /** A silenced unit answers again. */
    public synchronized void resume(int unit) {
        SimulatedUnit u = units.get(unit);
        if (u != null) u.image().setSilent(false, 0);
    }

    /** True while the port is open. */
    public synchronized boolean isOpen() {
        return slave != null;
    }

    /** Closes the port and every connection on it; {@link #open()} reopens it with the same units. */
    @Override
    public synchronized void close() {
        if (slave != null) {
            ModbusSlaveFactory.close(slave);
            slave = null;
        }
    }
}
