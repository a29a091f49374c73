package dev.vigil.profile.hj212;

import dev.vigil.profile.DeviceProfile;

import java.util.Map;

/**
 * How a profile takes HJ 212 data: which pollutant code (2017 and the legacy 2005 codes) fills
 * which field and where each value's data flag goes, read from the profile's {@code hj212:}
 * section (see {@code emission-cems.yaml}).
 *
 * @param codes       pollutant code to target field, e.g. "a21026" and "02" both to so2
 * @param readingFlag field that takes the reading's overall flag (N when every value is N,
 *                    else the first other flag), or null
 * @param periodField field that takes "minute", "hour" or "day" for CN 2051 / 2061 / 2031 data
 *                    (the storage puts such readings in their own measurement), or null
 */
public record Hj212Mapping(Map<String, Target> codes, String readingFlag, String periodField) {

    /** The section name in a profile file. */
    public static final String SECTION = "hj212";

    /**
     * Where one code goes.
     *
     * @param field the numeric field of the value
     * @param flag  the enum field of its data flag, or null
     */
    public record Target(String field, String flag) {}

    public Hj212Mapping {
        codes = Map.copyOf(codes);
    }

    /** The mapping of a profile, or null when the profile has no {@code hj212:} section. */
    public static Hj212Mapping of(DeviceProfile profile) {
        return profile.sections().get(SECTION) instanceof Hj212Mapping m ? m : null;
    }
}
