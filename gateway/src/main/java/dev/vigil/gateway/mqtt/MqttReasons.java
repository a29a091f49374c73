package dev.vigil.gateway.mqtt;

import dev.vigil.profile.Rejection;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;

/** Maps pipeline refusals to MQTT 5 PUBACK reason codes and builds reason-string properties. */
final class MqttReasons {
    private MqttReasons() {}

    /** The PUBACK reason code for a refusal (MQTT 5.0 section 3.4.2.1). */
    static MqttPubAckReasonCode pubAck(Rejection.Reason reason) {
        return switch (reason) {
            case MALFORMED, UNKNOWN_FIELD, WRONG_TYPE, OUT_OF_RANGE, TIMESTAMP_SKEW, TOO_LARGE,
                 UNSUPPORTED_FORMAT -> MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID;
            case UNKNOWN_DEVICE, BAD_CREDENTIALS, NOT_AUTHORIZED -> MqttPubAckReasonCode.NOT_AUTHORIZED;
            case TOPIC_INVALID -> MqttPubAckReasonCode.TOPIC_NAME_INVALID;
            case OVERLOADED, RATE_LIMITED, AUTH_BLOCKED -> MqttPubAckReasonCode.QUOTA_EXCEEDED;
            case STORAGE_FAILED -> MqttPubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR;
        };
    }

    /** Properties holding a reason string, trimmed to a sane length. */
    static MqttProperties reasonString(String text) {
        MqttProperties p = new MqttProperties();
        String t = text.length() > 1000 ? text.substring(0, 1000) + "..." : text;
        p.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), t));
        return p;
    }
}
