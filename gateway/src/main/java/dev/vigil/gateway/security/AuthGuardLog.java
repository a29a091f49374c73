package dev.vigil.gateway.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one log line every adapter writes when an address starts a block for failed log-ins. */
public final class AuthGuardLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuthGuard.class);

    private AuthGuardLog() {}

    public static void blocked(String protocol, String address, AuthGuard guard) {
        AuthGuardConfig c = guard.config();
        LOG.warn("{}: blocking address {} for {} s after {} failed log-ins within {} s (auth_guard)", protocol, address,
                c.blockMs() / 1000, c.maxFailures(), c.windowMs() / 1000);
    }
}
