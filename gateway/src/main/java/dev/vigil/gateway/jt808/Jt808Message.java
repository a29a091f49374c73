package dev.vigil.gateway.jt808;

/**
 * One decoded JT/T 808 message: its header and body bytes (unescaped, check code verified).
 *
 * @param header the header
 * @param body   the body, {@code header.bodyLength()} bytes (or the reassembled body of a split message)
 */
public record Jt808Message(Jt808Header header, byte[] body) {}
