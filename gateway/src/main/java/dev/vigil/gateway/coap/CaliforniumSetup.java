package dev.vigil.gateway.coap;

import dev.vigil.profile.DeviceRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * Builds Californium's configuration and endpoints in code. The configuration is created from
 * the module definitions directly, so Californium never reads or writes a
 * {@code Californium3.properties} file in the working directory.
 */
final class CaliforniumSetup {
    private CaliforniumSetup() {}

    static Configuration configuration(CoapConfig config) {
        Configuration c = new Configuration(org.eclipse.californium.core.config.CoapConfig.DEFINITIONS,
                UdpConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        c.set(org.eclipse.californium.core.config.CoapConfig.MAX_RESOURCE_BODY_SIZE, config.maxPayloadBytes());
        c.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        return c;
    }

    static CoapEndpoint plainEndpoint(Configuration c, CoapConfig config) {
        return new CoapEndpoint.Builder()
                .setConfiguration(c)
                .setInetSocketAddress(new InetSocketAddress(config.host(), config.port()))
                .build();
    }

    static CoapEndpoint dtlsEndpoint(Configuration c, CoapConfig config, Supplier<DeviceRegistry> registry) {
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(c)
                .setAddress(new InetSocketAddress(config.host(), config.dtlsPort()))
                .setAdvancedPskStore(new DevicePskStore(config.pskSecret(), registry))
                .build();
        return new CoapEndpoint.Builder()
                .setConfiguration(c)
                .setConnector(new DTLSConnector(dtls))
                .build();
    }
}
