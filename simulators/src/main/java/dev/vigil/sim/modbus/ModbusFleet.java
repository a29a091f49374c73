package dev.vigil.sim.modbus;

import com.ghgande.j2mod.modbus.ModbusException;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Many simulated units on consecutive ports, {@code unitsPerPort} unit ids (1..n) per port, whose
 * values are recomputed on a timer. Device i sits on port {@code basePort + i / unitsPerPort}, unit
 * {@code 1 + i % unitsPerPort}.
 */
public final class ModbusFleet implements AutoCloseable {

    /** Creates the simulated unit for device index i with the given unit id. */
    @FunctionalInterface
    public interface UnitFactory {
        SimulatedUnit create(int index, int unit);
    }

    private final List<ModbusSimServer> servers = new ArrayList<>();
    private final List<SimulatedUnit> units = new ArrayList<>();
    private final int basePort;
    private final int unitsPerPort;
    private final ScheduledExecutorService updater;
    private final long started = System.currentTimeMillis();

    private ModbusFleet(int basePort, int unitsPerPort) {
        this.basePort = basePort;
        this.unitsPerPort = unitsPerPort;
        this.updater = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-sim-modbus-updater");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the ports and starts updating values every {@code updateMs} (0 = never: fixed values).
     *
     * @param handlerThreads connection handler threads per port
     */
    public static ModbusFleet start(InetAddress bind, int basePort, int count, int unitsPerPort, int handlerThreads,
                                    long updateMs, UnitFactory factory) throws ModbusException {
        if (unitsPerPort < 1 || unitsPerPort > 247) throw new IllegalArgumentException("--units-per-port must be 1..247");
        ModbusFleet f = new ModbusFleet(basePort, unitsPerPort);
        try {
            for (int i = 0; i < count; i++) {
                int p = i / unitsPerPort;
                if (p == f.servers.size()) f.servers.add(new ModbusSimServer(bind, basePort + p, handlerThreads));
                SimulatedUnit u = factory.create(i, 1 + i % unitsPerPort);
                f.units.add(u);
                f.servers.get(p).add(u);
            }
            for (ModbusSimServer s : f.servers) s.open();
        } catch (ModbusException | RuntimeException e) {
            f.close();
            throw e;
        }
        if (updateMs > 0) {
            f.updater.scheduleAtFixedRate(() -> {
                long elapsed = System.currentTimeMillis() - f.started;
                for (SimulatedUnit u : f.units) u.update(elapsed);
            }, updateMs, updateMs, TimeUnit.MILLISECONDS);
        }
        return f;
    }

    public List<SimulatedUnit> units() { return List.copyOf(units); }

    public List<ModbusSimServer> servers() { return List.copyOf(servers); }

    public int portOf(int index) { return basePort + index / unitsPerPort; }

    public int unitOf(int index) { return 1 + index % unitsPerPort; }

    /** The server that serves device index i. */
    public ModbusSimServer serverOf(int index) { return servers.get(index / unitsPerPort); }

    /** Runs a task on the fleet's timer thread after a delay (fault injection). */
    public void schedule(Runnable task, long delayMs) {
        updater.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        updater.shutdownNow();
        servers.forEach(ModbusSimServer::close);
    }
}
