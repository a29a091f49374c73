package dev.vigil.profile.jt808;

import dev.vigil.profile.DeviceProfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A profile's mapping of JT/T 808 additional-information items onto its fields: the
 * {@code jt808.items} section of the profile (checked with file:line errors when the profile is
 * read, see {@link ItemMappingReader}), or {@link #DEFAULT} when the profile has none.
 *
 * <p>The default reads item 0x01 (mileage, DWORD in 1/10 km, JT/T 808 table 27) into
 * {@code mileage} and vendor item 0xE1 (first byte 0 locked, 1 unlocked, 2 tampered) into
 * {@code lock} — for profiles that have those fields.
 */
public record ItemMapping(List<ItemRule> items) {

    /** The mapping used when a profile has no {@code jt808} section. */
    public static final ItemMapping DEFAULT = new ItemMapping(List.of(
            new ItemRule(0x01, "mileage", ItemRule.Width.DWORD, 0, 0.1, null),
            new ItemRule(0xE1, "lock", ItemRule.Width.BYTE, 0, 1, Map.of(0L, "locked", 1L, "unlocked", 2L, "tampered"))));

    public ItemMapping {
        items = List.copyOf(items);
    }

    /**
     * The mapping of a profile: its {@code jt808.items} section (already checked when the profile
     * was read), or the default rules whose field the profile has.
     */
    public static ItemMapping of(DeviceProfile profile) {
        Object section = profile.sections().get("jt808");
        if (section instanceof Map<?, ?> m && m.get("items") instanceof List<?> list) {
            List<ItemRule> rules = new ArrayList<>();
            for (Object o : list) rules.add(ItemMappingReader.rule((Map<?, ?>) o));
            return new ItemMapping(rules);
        }
        List<ItemRule> rules = new ArrayList<>();
        for (ItemRule r : DEFAULT.items) if (profile.field(r.field()) != null) rules.add(r);
        return new ItemMapping(rules);
    }

    /** Field values of the items present in a report (items absent or not decodable are left out). */
    public Map<String, Object> decode(Map<Integer, byte[]> reportItems) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ItemRule r : items) {
            byte[] content = reportItems.get(r.id());
            if (content == null) continue;
            Object v = r.decode(content);
            if (v != null) out.put(r.field(), v);
        }
        return out;
    }
}
