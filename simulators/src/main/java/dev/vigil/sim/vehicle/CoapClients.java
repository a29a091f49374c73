package dev.vigil.sim.vehicle;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Builds Californium clients for the vehicles: plain CoAP clients share one UDP endpoint and post
 * to {@code /api/v1/{token}/telemetry}; DTLS clients each get their own connector with the
 * vehicle's PSK (identity = device id) and post to {@code /telemetry}. Californium is configured
 * in code, so no properties file is written.
 */
final class CoapClients implements AutoCloseable {
    private final URI gateway;
    private final Configuration config;
    private CoapEndpoint shared;
    private final java.util.List<CoapEndpoint> endpoints = new java.util.ArrayList<>();

    CoapClients(URI gateway) {
        if (!"coap".equals(gateway.getScheme()) && !"coaps".equals(gateway.getScheme())) {
            throw new IllegalArgumentException("--gateway must be a coap:// or coaps:// URI, got " + gateway);
        }
        this.gateway = gateway;
        this.config = new Configuration(org.eclipse.californium.core.config.CoapConfig.DEFINITIONS,
                UdpConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
    }

    boolean dtls() {
        return "coaps".equals(gateway.getScheme());
    }

    private String base() {
        int port = gateway.getPort() > 0 ? gateway.getPort() : dtls() ? 5684 : 5683;
        return gateway.getScheme() + "://" + gateway.getHost() + ":" + port;
    }

    /** A client posting with the access token in the path. */
    synchronized CoapClient forToken(String token) {
        if (shared == null) {
            shared = new CoapEndpoint.Builder().setConfiguration(config).setInetSocketAddress(new InetSocketAddress(0)).build();
            endpoints.add(shared);
        }
        CoapClient c = new CoapClient(base() + "/api/v1/" + token + "/telemetry");
        c.setEndpoint(shared);
        return c;
    }

    /** A client in its own DTLS session, authenticated by the device's PSK. */
    synchronized CoapClient forPsk(String deviceId, String psk) {
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(deviceId, psk.getBytes(StandardCharsets.US_ASCII)))
                .build();
        CoapEndpoint ep = new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(dtls)).build();
        endpoints.add(ep);
        CoapClient c = new CoapClient(base() + "/telemetry");
        c.setEndpoint(ep);
        return c;
    }

    @Override
    public synchronized void close() {
        for (CoapEndpoint ep : endpoints) ep.destroy();
    }
}
