package dev.vigil.gateway.security;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The device id a client certificate carries: the single CN of its subject. */
class ServerTlsTest {
    @Test
    void theSingleCommonNameIsTheDevice() {
        assertEquals("elv-0001", ServerTls.commonName("CN=elv-0001,O=Vigil"));
        assertEquals("elv-0001", ServerTls.commonName("O=Vigil,CN=elv-0001"));
        assertEquals("a,b", ServerTls.commonName("CN=a\\,b,O=Vigil"));
    }

    @Test
    void noCommonNameOrSeveralIdentifyNoDevice() {
        assertNull(ServerTls.commonName("O=Vigil,OU=devices"));
        assertNull(ServerTls.commonName("CN=elv-0001,CN=elv-0002,O=Vigil"));
        assertNull(ServerTls.commonName("CN=,O=Vigil"));
        assertNull(ServerTls.commonName("not a name"));
    }
}
