package dev.vigil.profile.hj212;

/** A data segment that does not follow HJ 212's layout; the message names the field at fault. */
public final class Hj212FormatException extends RuntimeException {
    public Hj212FormatException(String message) {
        super(message);
    }
}
