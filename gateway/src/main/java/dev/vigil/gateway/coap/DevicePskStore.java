package dev.vigil.gateway.coap;

import dev.vigil.profile.DeviceRegistry;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;

import javax.crypto.SecretKey;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * Scandium's source of pre-shared keys on the gateway: the PSK identity is the device id, and
 * the key is derived on demand ({@link DevicePsk}) for devices present in the current registry.
 * An unknown identity gets no key, so its handshake fails.
 */
final class DevicePskStore implements AdvancedPskStore {
    private final String masterSecret;
    private final Supplier<DeviceRegistry> registry;

    DevicePskStore(String masterSecret, Supplier<DeviceRegistry> registry) {
        DevicePsk.checkSecret(masterSecret);
        this.masterSecret = masterSecret;
        this.registry = registry;
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return true;
    }

    @Override
    public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName, PskPublicInformation identity,
                                                  String hmacAlgorithm, SecretKey otherSecret, byte[] seed,
                                                  boolean useExtendedMasterSecret) {
        String id = identity.getPublicInfoAsString();
        SecretKey key = null;
        if (registry.get().byId(id) != null) {
            key = SecretUtil.create(DevicePsk.keyBytes(masterSecret, id), "PSK");
        }
        return new PskSecretResult(cid, identity, key);
    }

    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
        return null; // server side only: the gateway never opens DTLS sessions itself
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // results are returned synchronously
    }
}
