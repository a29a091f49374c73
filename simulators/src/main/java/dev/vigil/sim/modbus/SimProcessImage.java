package dev.vigil.sim.modbus;

import com.ghgande.j2mod.modbus.procimg.DigitalIn;
import com.ghgande.j2mod.modbus.procimg.DigitalOut;
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
 * lock and reads return copies.
 */
public class SimProcessImage extends SimpleProcessImage {

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
    public synchronized Register[] getRegisterRange(int offset, int count) {
        Register[] live = super.getRegisterRange(offset, count);
        Register[] copy = new Register[live.length];
        for (int i = 0; i < live.length; i++) copy[i] = new SimpleRegister(live[i].getValue());
        return copy;
    }

    @Override
    public synchronized InputRegister[] getInputRegisterRange(int offset, int count) {
        InputRegister[] live = super.getInputRegisterRange(offset, count);
        InputRegister[] copy = new InputRegister[live.length];
        for (int i = 0; i < live.length; i++) copy[i] = new SimpleInputRegister(live[i].getValue());
        return copy;
    }

    @Override
    public synchronized DigitalOut[] getDigitalOutRange(int offset, int count) {
        DigitalOut[] live = super.getDigitalOutRange(offset, count);
        DigitalOut[] copy = new DigitalOut[live.length];
        for (int i = 0; i < live.length; i++) copy[i] = new SimpleDigitalOut(live[i].isSet());
        return copy;
    }

    @Override
    public synchronized DigitalIn[] getDigitalInRange(int offset, int count) {
        DigitalIn[] live = super.getDigitalInRange(offset, count);
        DigitalIn[] copy = new DigitalIn[live.length];
        for (int i = 0; i < live.length; i++) copy[i] = new SimpleDigitalIn(live[i].isSet());
        return copy;
    }
}
