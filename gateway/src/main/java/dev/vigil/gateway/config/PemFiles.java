package dev.vigil.gateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Start-up checks of the PEM files a configuration names (certificates, private keys, CAs): each
 * must be readable and hold what its key says, and a refusal names the key and the file, so that a
 * wrong path is reported when the configuration is read rather than as a TLS error at the first connection.
 */
public final class PemFiles {
    private static final String BEGIN_CERT = "-----BEGIN CERTIFICATE-----";

    private PemFiles() {}

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** {@code section.cert_file} and {@code section.key_file} go together, and both are readable PEM files of their kind. */
    static void checkPair(String section, String certFile, String keyFile) {
        if ((certFile == null) != (keyFile == null)) {
            String set = certFile != null ? "cert_file" : "key_file";
            String missing = certFile != null ? "key_file" : "cert_file";
            throw new IllegalArgumentException(section + "." + missing + " is missing: " + section + "." + set
                    + " is set, and TLS needs both the certificate and its private key");
        }
        if (certFile == null) return;
        checkCertificates(section + ".cert_file", certFile);
        checkPrivateKey(section + ".key_file", keyFile);
    }

    /** The file named by {@code key} holds at least one PEM certificate. */
    public static void checkCertificates(String key, String file) {
        String text = read(key, file);
        if (!text.contains(BEGIN_CERT)) {
            throw new IllegalArgumentException(key + ": " + file + " holds no PEM certificate (" + BEGIN_CERT + ")");
        }
    }

    /** The file named by {@code key} holds an unencrypted PEM private key (PKCS#8, or PKCS#1 RSA, or SEC 1 EC). */
    public static void checkPrivateKey(String key, String file) {
        String text = read(key, file);
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new IllegalArgumentException(key + ": " + file + " holds an encrypted private key; the gateway needs it unencrypted "
                    + "(openssl pkey -in " + file + " -out KEY.pem) and readable by the gateway's user only");
        }
        if (!text.contains("-----BEGIN PRIVATE KEY-----") && !text.contains("-----BEGIN RSA PRIVATE KEY-----")
                && !text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new IllegalArgumentException(key + ": " + file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
    }

    private static String read(String key, String file) {
        Path p = Path.of(file);
        if (Files.isDirectory(p)) throw new IllegalArgumentException(key + ": " + file + " is a directory, not a PEM file");
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(key + ": cannot read " + file + " (no such file)");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(key + ": cannot read " + file + " (permission denied)");
        } catch (IOException e) {
            throw new IllegalArgumentException(key + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }
}
