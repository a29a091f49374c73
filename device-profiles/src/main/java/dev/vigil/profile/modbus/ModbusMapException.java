package dev.vigil.profile.modbus;

/** A profile's Modbus register map is invalid; the message names the file:line or entry and what is accepted. */
public final class ModbusMapException extends IllegalArgumentException {

    public ModbusMapException(String message) {
        super(message);
    }
}
