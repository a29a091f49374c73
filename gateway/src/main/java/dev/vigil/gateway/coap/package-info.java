/**
 * The CoAP protocol adapter (Eclipse Californium, Scandium for DTLS).
 *
 * <h2>Resources</h2>
 * <ul>
 *   <li>{@code POST|PUT /api/v1/{access token}/telemetry}: ThingsBoard's convention, plain CoAP
 *       (udp/5683) or DTLS.</li>
 *   <li>{@code POST|PUT /telemetry}: over DTLS (udp/5684); the PSK identity is the device id and
 *       the key is derived from the gateway's master secret ({@link dev.vigil.gateway.coap.DevicePsk},
 *       {@code vigil device psk --id ID}).</li>
 * </ul>
 * Payload: one reading or an array (a backfill), JSON with Content-Format 50 or CBOR with 60.
 * Confirmable and non-confirmable requests are both answered.
 *
 * <h2>Responses</h2>
 * <table>
 *   <caption>What a device gets back; every error carries a text/plain diagnostic payload</caption>
 *   <tr><th>code</th><th>when</th></tr>
 *   <tr><td>2.04 Changed</td><td>stored: sent when the storage sink has written the reading(s)</td></tr>
 *   <tr><td>4.00 Bad Request</td><td>malformed JSON/CBOR, unknown field, wrong type, out of range, timestamp skew;
 *       the diagnostic names the reading and field</td></tr>
 *   <tr><td>4.01 Unauthorized</td><td>unknown access token; /telemetry without DTLS</td></tr>
 *   <tr><td>4.03 Forbidden</td><td>device known but not allowed (Rejection NOT_AUTHORIZED)</td></tr>
 *   <tr><td>4.04 Not Found</td><td>another path below /api/v1</td></tr>
 *   <tr><td>4.13 Request Entity Too Large</td><td>body above {@code coap.max_payload_bytes} (Size1 = the limit),
 *       or a backfill above the decoder's batch limit</td></tr>
 *   <tr><td>4.15 Unsupported Content-Format</td><td>no Content-Format, or neither 50 nor 60</td></tr>
 *   <tr><td>4.29 Too Many Requests</td><td>the optional per-device rate limit on single readings (Max-Age = wait);
 *       backfill arrays are never limited</td></tr>
 *   <tr><td>5.03 Service Unavailable</td><td>the gateway is overloaded or storage failed (Max-Age =
 *       {@code coap.retry_after_ms}, in whole seconds): keep the reading and retry</td></tr>
 * </table>
 *
 * <h2>Threads</h2>
 * Californium's threads only hand a request to the endpoint verticle's Vert.x context; the
 * response is sent when the pipeline's future completes. A confirmable request not answered
 * within {@code coap.ack_delay_ms} gets an empty ACK first and a separate response later.
 */
package dev.vigil.gateway.coap;
