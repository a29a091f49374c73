package dev.vigil.gateway.security;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * TLS for the gateway's servers (MQTT, HTTP) from PEM files: the server certificate and key, and
 * optionally the CA that signs client certificates; and the identity a client certificate carries.
 */
public final class ServerTls {
    private ServerTls() {}

    /**
     * Switches TLS on in {@code options} with the server certificate and key ({@link PemKeyCertOptions}).
     *
     * @param clientCaFile PEM file of the CA(s) trusted for client certificates, or null for none
     * @param clientAuth   none, request or required
     */
    public static <T extends NetServerOptions> T apply(T options, String certFile, String keyFile, String clientCaFile, String clientAuth) {
        options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(certFile).setKeyPath(keyFile));
        if (clientCaFile != null) options.setTrustOptions(new PemTrustOptions().addCertPath(clientCaFile));
        options.setClientAuth(switch (clientAuth == null ? "none" : clientAuth) {
            case "request" -> ClientAuth.REQUEST;
            case "required" -> ClientAuth.REQUIRED;
            default -> ClientAuth.NONE;
        });
        return options;
    }

    /**
     * The verified certificate a TLS client presented.
     *
     * @param commonName the subject's CN, or null when the subject has no CN or more than one
     * @param subject    the whole subject (RFC 2253), for log lines
     */
    public record PeerCertificate(String commonName, String subject) {}

    /** The client's certificate (already checked against the client CA by the handshake), or null when it presented none. */
    public static PeerCertificate peerCertificate(SSLSession session) {
        if (session == null) return null;
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate x509)) return null;
        String subject = x509.getSubjectX500Principal().getName(X500Principal.RFC2253);
        return new PeerCertificate(commonName(subject), subject);
    }

    /** The single CN of an RFC 2253 name, or null. */
    static String commonName(String rfc2253) {
        List<String> cns = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(rfc2253).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) cns.add(String.valueOf(rdn.getValue()));
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return cns.size() == 1 && !cns.get(0).isEmpty() ? cns.get(0) : null;
    }
}
