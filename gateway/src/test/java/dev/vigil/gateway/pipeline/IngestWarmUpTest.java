package dev.vigil.gateway.pipeline;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.TelemetryDecoder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestWarmUpTest {
    private static final TelemetryDecoder DECODER = new TelemetryDecoder(new TelemetryDecoder.Limits(300_000, 2_592_000_000L, 10_000));

    private static DeviceRegistry fleet() {
        Map<String, DeviceProfile> profiles = ProfileLoader.loadDirectory(Path.of("../device-profiles/profiles"));
        List<Device> devices = new ArrayList<>();
        for (String p : profiles.keySet()) devices.add(new Device("warm-" + p, p, "acme", "wuhai", Map.of(), null, null));
        return new DeviceRegistry("", devices, profiles);
    }

    @Test
    void decodesEveryShippedProfileAndRefusesOnlyThePayloadsBrokenOnPurpose() {
        DeviceRegistry reg = fleet();
        IngestWarmUp.Result r = IngestWarmUp.run(reg, DECODER, 1600, 60_000_000_000L);
        // 1,600 payloads per profile, in rounds of 16, for each of the four shipped profiles
        assertEquals(4 * 1600, r.payloads());
        // about 2 % are broken on purpose (broken JSON, a word where a value belongs); everything else validates
        assertTrue(r.refused() > 0 && r.refused() < r.payloads() * 5 / 100, () -> "refused " + r.refused() + " of " + r.payloads());
        // a backfill array carries 4 readings: at least one reading per accepted payload was encoded
        assertTrue(r.readings() >= r.payloads() - r.refused(), () -> r.readings() + " readings for " + r.payloads() + " payloads");
    }

    @Test
    void theDeliberatelyBrokenPayloadsAreRefusedAsMalformedOrInvalid() {
        DeviceRegistry reg = fleet();
        DeviceProfile elevator = reg.profiles().get("elevator");
        Device d = reg.byId("warm-elevator");
        SplittableRandom rnd = new SplittableRandom(1);
        int refused = 0, accepted = 0;
        long now = System.currentTimeMillis();
        for (int i = 0; i < 2000; i++) {
            byte[] p = IngestWarmUp.payload(elevator, rnd, now - 1000);
            try {
                assertTrue(DECODER.decodeJson(d, elevator, p, now, "test").readings().size() >= 1);
                accepted++;
            } catch (Rejection e) {
                refused++;
                assertTrue(e.reason() == Rejection.Reason.MALFORMED || e.reason() == Rejection.Reason.OUT_OF_RANGE
                        || e.reason() == Rejection.Reason.WRONG_TYPE, () -> "refused for " + e.reason() + ": " + e.getMessage());
            }
        }
        assertEquals(2000, refused + accepted);
        assertTrue(refused >= 10 && refused <= 100, "refused " + refused);
        assertThrows(Rejection.class, () -> DECODER.decodeJson(d, elevator, "{\"ts\":1,\"broken\"".getBytes(), now, "test"));
    }
}
