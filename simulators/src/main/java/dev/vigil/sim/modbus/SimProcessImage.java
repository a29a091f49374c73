package dev.vigil.sim.modbus;

import com.ghgande.j2mod.modbus.procimg.DigitalIn;
import com.ghgande.j2mod.modbus.procimg.DigitalOut;
import com.ghgande.j2mod.modbus.procimg.IllegalAddressException;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import dev.vigil.profile.modbus.RegisterCodec;
import dev.vigil.profile.modbus.RegisterSpec;

/**
 * A j2mod process image of one simulated unit whose reads are consistent snapshots: a value
 * spanning several registers is never seen half-updated, because updates and range reads share a
 * lock and reads return copies. A silenced image holds each read back (up to a limit), so the
 * master times out as with a unit that stopped answering.
 */
public class SimProcessImage extends SimpleProcessImage {
    private final Object silenceLock = new Object();
    private boolean silent;
    private long silenceLimitMs = 2_000;

    /** An image with {@code registers} holding and input registers and {@code bits} coils and discrete inputs, all zero. */
    public SimProcessImage(int unit, int registers, int bits) {
        super(unit);
        for (int i = 0; i < registers; i++) {
            addRegister(new SimpleRegister(0));
            addInputRegister(new SimpleInputRegister(0));
        }
        for (int i = 0; i < bits; i++) {
            addDigitalOut(new SimpleDigitalOut(false));
            addDigitalIn(new SimpleDigitalIn(false));
        }
    }

    /**
     * Makes the unit stop answering (reads wait until it is resumed, at most {@code limitMs}, then
     * fail) or answer again.
     */
    public void setSilent(boolean silent, long limitMs) {
        synchronized (silenceLock) {
            this.silent = silent;
            this.silenceLimitMs = limitMs;
            silenceLock.notifyAll();
        }
    }

    private void holdWhileSilent() {
        synchronized (silenceLock) {
            long end = System.currentTimeMillis() + silenceLimitMs;
            try {
                while (silent) {
                    long left = end - System.currentTimeMillis();
                    if (left <= 0) throw new IllegalAddressException("unit is silent");
                    silenceLock.wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalAddressException("interrupted");
            }
        }
    }

    /** Writes a raw value (see {@link RegisterCodec#encode}) where the entry says. */
    public synchronized void write(RegisterSpec spec, Object raw) {
        int[] items = RegisterCodec.encode(spec, raw);
        for (int i = 0; i < items.length; i++) {
            int a = spec.address() + i;
            switch (spec.table()) {
                case HOLDING_REGISTER -> getRegister(a).setValue(items[i]);
                case INPUT_REGISTER -> ((SimpleInputRegister) getInputRegister(a)).setValue(items[i]);
                case COIL -> getDigitalOut(a).set(items[i] != 0);
                case DISCRETE_INPUT -> ((SimpleDigitalIn) getDigitalIn(a)).set(items[i] != 0);
            }
        }
    }

    @Override
    public Register[] getRegisterRange(int offset, int count) {
        holdWhileSilent();
        synchronized (this) {
            Register[] live = super.getRegisterRange(offset, count);
            Register[] copy = new Register[live.length];
            for (int i = 0; i < live.length; i++) copy[i] = new SimpleRegister(live[i].getValue());
            return copy;
        }
    }

    @Override
    public InputRegister[] getInputRegisterRange(int offset, int count) {
        holdWhileSilent();
        synchronized (this) {
            InputRegister[] live = super.getInputRegisterRange(offset, count);
            InputRegister[] copy = new InputRegister[live.length];
            for (int i = 0; i < live.length; i++) copy[i] = new SimpleInputRegister(live[i].getValue());
            return copy;
        }
    }

    @Override
    public DigitalOut[] getDigitalOutRange(int offset, int count) {
        holdWhileSilent();
        synchronized (this) {
            DigitalOut[] live = super.getDigitalOutRange(offset, count);
            DigitalOut[] copy = new DigitalOut[live.length];
            for (int i = 0; i < live.length; i++) copy[i] = new SimpleDigitalOut(live[i].isSet());
            return copy;
        }
    }

    @Override
    public DigitalIn[] getDigitalInRange(int offset, int count) {
        holdWhileSilent();
        synchronized (this) {
            DigitalIn[] live = super.getDigitalInRange(offset, count);
            DigitalIn[] copy = new DigitalIn[live.length];
            for (int i = 0; i < live.length; i++) copy[i] = new SimpleDigitalIn(live[i].isSet());
            return copy;
        }
    }
}
