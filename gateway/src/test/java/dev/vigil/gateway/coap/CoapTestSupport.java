package dev.vigil.gateway.coap;

import dev.vigil.gateway.pipeline.DefaultTelemetryPipeline;
import dev.vigil.gateway.support.RecordingSink;
import dev.vigil.gateway.support.TestPipeline;
import io.vertx.core.Vertx;
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
import java.util.concurrent.TimeUnit;

/**
 * Starts the endpoint on free ports over the real pipeline and a recording sink, and builds
 * Californium clients without a properties file.
 */
final class CoapTestSupport implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final RecordingSink sink = new RecordingSink();
    final DefaultTelemetryPipeline pipeline = TestPipeline.over(vertx, VehicleFixtures.registry(), sink);
    final CoapTelemetryEndpoint endpoint;
    private final java.util.List<CoapEndpoint> clientEndpoints = new java.util.ArrayList<>();

    CoapTestSupport(CoapConfig config) throws Exception {
        endpoint = new CoapTelemetryEndpoint(config.withPorts(0, 0), VehicleFixtures::registry, pipeline);
        vertx.deployVerticle(endpoint).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static CoapConfig plainConfig() {
        return CoapConfig.defaults().withMaxPayloadBytes(512);
    }

    static Configuration clientConfiguration() {
        Configuration c = new Configuration(org.eclipse.californium.core.config.CoapConfig.DEFINITIONS,
                UdpConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        c.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        c.set(org.eclipse.californium.core.config.CoapConfig.MAX_RETRANSMIT, 2);
        return c;
    }

    /** A client for a path on the plain endpoint. */
    CoapClient plain(String path) {
        CoapEndpoint ep = new CoapEndpoint.Builder().setConfiguration(clientConfiguration())
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        return client("coap://127.0.0.1:" + endpoint.plainPort() + path, ep);
    }

    /** A client for a path on the DTLS endpoint, with the given PSK identity and key. */
    CoapClient dtls(String path, String identity, byte[] key) {
        Configuration c = clientConfiguration();
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(c)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key))
                .build();
        CoapEndpoint ep = new CoapEndpoint.Builder().setConfiguration(c).setConnector(new DTLSConnector(dtls)).build();
        return client("coaps://127.0.0.1:" + endpoint.dtlsPort() + path, ep);
    }

    private CoapClient client(String uri, CoapEndpoint ep) {
        clientEndpoints.add(ep);
        CoapClient client = new CoapClient(uri);
        client.setEndpoint(ep);
        client.setTimeout(15_000L);
        return client;
    }

    @Override
    public void close() throws Exception {
        for (CoapEndpoint ep : clientEndpoints) ep.destroy();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
