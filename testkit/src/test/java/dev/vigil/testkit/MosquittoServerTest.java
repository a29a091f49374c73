package dev.vigil.testkit;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MosquittoTest
class MosquittoServerTest {

    /** MQTT 3.1.1 CONNECT, clean session, keep-alive 60 s, empty client id. */
    private static final byte[] CONNECT = {
            0x10, 0x0C, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x00};

    @Test
    void brokerAnswersAnMqttConnectWithConnackAccepted(MosquittoServer broker) throws IOException {
        assertEquals("tcp://127.0.0.1:" + broker.port(), broker.uri());
        assertArrayEquals(new byte[] {0x20, 0x02, 0x00, 0x00}, connack(broker.port()));
    }

    @Test
    void mqtt5SharedSubscriptionReceivesPublishedMessages(MosquittoServer broker) throws Exception {
        String port = Integer.toString(broker.port());
        Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-V", "mqttv5",
                "-t", "$share/vigil/kit/shared", "-C", "1", "-W", "20").redirectErrorStream(true).start();
        try {
            // the subscription may not be in place yet: publish until the subscriber got one message
            for (int i = 0; i < 100 && sub.isAlive(); i++) {
                Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-V", "mqttv5",
                        "-t", "kit/shared", "-m", "hello").redirectErrorStream(true).start();
                assertEquals(0, pub.waitFor(), new String(pub.getInputStream().readAllBytes()));
                sub.waitFor(100, TimeUnit.MILLISECONDS);
            }
            assertTrue(sub.waitFor(20, TimeUnit.SECONDS));
            assertEquals("hello", new String(sub.getInputStream().readAllBytes()).strip());
            assertEquals(0, sub.exitValue());
        } finally {
            sub.destroyForcibly();
        }
    }

    @Test
    void privateBrokerRestartsOnTheSamePort() throws IOException {
        MosquittoServer own = MosquittoServer.start();
        try {
            int port = own.port();
            own.stop();
            assertFalse(FreePorts.accepts(port));
            own.restart();
            assertArrayEquals(new byte[] {0x20, 0x02, 0x00, 0x00}, connack(port));
            assertTrue(own.logTail(50).contains("mosquitto version"), own.logTail(50));
        } finally {
            own.close();
        }
        assertFalse(own.running());
    }

    private static byte[] connack(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(CONNECT);
            out.flush();
            byte[] answer = new byte[4];
            new DataInputStream(s.getInputStream()).readFully(answer);
            return answer;
        }
    }
}
