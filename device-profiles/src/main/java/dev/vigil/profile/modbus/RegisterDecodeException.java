package dev.vigil.profile.modbus;

/** Raw register contents that cannot become the field's value (unmapped status code, NaN, not an integer ...). */
public final class RegisterDecodeException extends RuntimeException {
    private final String field;

    public RegisterDecodeException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    /** The profile field the register fills. */
    public String field() { return field; }
}
