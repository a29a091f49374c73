package dev.vigil.sim.hj212;

import dev.vigil.profile.hj212.Hj212Frame;
import dev.vigil.profile.hj212.Hj212FrameDecoder;
import dev.vigil.profile.hj212.Hj212Parser;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulated data logger resends an unanswered frame with the same QN, and stops once answered. */
class DataLoggerResendTest {

    @Test
    void unansweredFrameIsResentWithTheSameQn() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<List<String>> platform = CompletableFuture.supplyAsync(() -> {
                List<String> got = new ArrayList<>();
                try (Socket s = server.accept()) {
                    Hj212FrameDecoder d = new Hj212FrameDecoder(1024, new Hj212FrameDecoder.Listener() {
                        @Override
                        public void onSegment(String seg) {
                            got.add(seg);
                        }

                        @Override
                        public void onDrop(Hj212FrameDecoder.Drop reason, String detail) {
                            got.add("DROP " + reason);
                        }
                    });
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[4096];
                    while (got.size() < 2) {
                        int n = in.read(buf);
                        if (n < 0) break;
                        d.feed(buf, 0, n);
                    }
                    // the first frame goes unanswered; the second (the resend) is answered
                    s.getOutputStream().write(Hj212Frame.encode(Hj212Parser.dataResponse(Hj212Parser.parse(got.get(1)))));
                    s.getOutputStream().flush();
                    s.getInputStream().read(); // until the logger closes
                } catch (Exception e) {
                    got.add("ERROR " + e);
                }
                return got;
            });
            try (DataLogger logger = new DataLogger("127.0.0.1", server.getLocalPort(), "88888880000001", "123456", 500, 3)) {
                assertTrue(logger.upload("2011", "DataTime=20260101000000;a21026-Rtd=1.0,a21026-Flag=N"));
                assertEquals(2, logger.sent.get());
                assertEquals(1, logger.resent.get());
                assertEquals(1, logger.answered.get());
            }
            List<String> frames = platform.get(10, TimeUnit.SECONDS);
            assertEquals(2, frames.size(), frames.toString());
            assertEquals(frames.get(0), frames.get(1));
            assertTrue(frames.get(0).matches("QN=\\d{17};ST=31;CN=2011;PW=123456;MN=88888880000001;Flag=5;CP=&&DataTime=20260101000000;"
                    + "a21026-Rtd=1.0,a21026-Flag=N&&"), frames.get(0));
        }
    }
}
