package dev.vigil.rules;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.rules.zones.ZoneIndex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarmUpTest {

    @Test
    void everyProfileWithRulesIsExercisedAndAlertsAreRaisedAndCleared() {
        Map<String, DeviceProfile> profiles = Fixtures.profiles();
        RuleSetLoader.Result loaded = new RuleSetLoader(profiles).load(List.of());
        assertTrue(loaded.ok(), () -> loaded.problems().toString());
        List<AlertEvent> seen = new ArrayList<>();
        WarmUp.Result r = WarmUp.run(loaded.ruleSet(), profiles.values(), List.of(), ZoneIndex.empty(), EngineOptions.defaults(),
                2_048, 60_000_000_000L, seen::add);
        assertEquals(profiles.size() * 2_048L, r.readings());
        assertEquals(seen.size(), r.events());
        assertTrue(seen.stream().anyMatch(e -> e.kind() == AlertEvent.Kind.RAISED), "alerts raised");
        assertTrue(seen.stream().anyMatch(e -> e.kind() == AlertEvent.Kind.CLEARED), "alerts cleared");
        assertTrue(seen.stream().map(AlertEvent::profile).distinct().count() >= 3, "several profiles raise alerts");
    }

    @Test
    void theTimeBudgetStopsIt() {
        Map<String, DeviceProfile> profiles = Fixtures.profiles();
        RuleSet set = new RuleSetLoader(profiles).load(List.of()).ruleSet();
        WarmUp.Result r = WarmUp.run(set, profiles.values(), List.of(), ZoneIndex.empty(), EngineOptions.defaults(),
                1_000_000, 0, e -> { });
        assertEquals(0, r.readings());
    }
}
