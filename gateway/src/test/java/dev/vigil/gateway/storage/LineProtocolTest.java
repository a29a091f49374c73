package dev.vigil.gateway.storage;

import dev.vigil.lineprotocol.LineProtocolWriter;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldType;
import org.junit.jupiter.api.Test;

import static dev.vigil.gateway.storage.Readings.device;
import static dev.vigil.gateway.storage.Readings.field;
import static dev.vigil.gateway.storage.Readings.profile;
import static dev.vigil.gateway.storage.Readings.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a reading becomes a line; every escaping rule has its golden case in the line-protocol module. */
class LineProtocolTest {
    private final DeviceProfile p = Readings.allTypes("elevator");

    private static String line(dev.vigil.profile.Telemetry t) {
        LineProtocolWriter w = new LineProtocolWriter();
        assertTrue(LineProtocol.append(w, t));
        return w.toString();
    }

    @Test
    void typedFieldsTagsAndMillisecondTime() {
        Device d = device("el-1", p, "Acme", "east");
        assertEquals("elevator,device=el-1,enterprise=Acme,region=east "
                        + "speed=1.5,floor=-2i,door_open=true,state=\"moving\",note=\"ok\" 1700000000123\n",
                line(reading(d, p, 1700000000123L, 1.5, -2L, true, "moving", "ok")));
    }

    @Test
    void periodAveragesGoToTheirOwnMeasurementWithoutThePeriodField() {
        DeviceProfile cems = profile("emission-cems", field("so2", FieldType.NUMBER),
                new dev.vigil.profile.FieldSpec("period", FieldType.ENUM, "", null, null, java.util.List.of("minute", "hour", "day"),
                        0, "period", "period"));
        Device d = device("cems-1", cems, "Acme", "east");
        assertEquals("emission-cems_hour,device=cems-1,enterprise=Acme,region=east so2=30.5 7200000\n",
                line(reading(d, cems, 7_200_000, 30.5, "hour")));
        assertEquals("emission-cems,device=cems-1,enterprise=Acme,region=east so2=31.0 7230000\n",
                line(reading(d, cems, 7_230_000, 31.0, null)));
    }

    @Test
    void wholeNumbersStayFloatsAndAbsentValuesAreLeftOut() {
        Device d = device("el-1", p, "Acme", "east");
        assertEquals("elevator,device=el-1,enterprise=Acme,region=east speed=21.0,door_open=false 5\n",
                line(reading(d, p, 5, 21.0, null, false, null, null)));
        assertEquals("elevator,device=el-1,enterprise=Acme,region=east speed=1.0E-7 5\n",
                line(reading(d, p, 5, 1e-7, null, null, null, null)));
    }

    @Test
    void nonFiniteFloatsAreLeftOutAndAReadingWithoutValuesWritesNothing() {
        Device d = device("el-1", p, "Acme", "east");
        assertEquals("elevator,device=el-1,enterprise=Acme,region=east floor=3i 5\n",
                line(reading(d, p, 5, Double.NaN, 3L, null, null, null)));
        LineProtocolWriter w = new LineProtocolWriter();
        assertTrue(LineProtocol.append(w, reading(d, p, 4, null, 1L, null, null, null)));
        String keep = w.toString();
        assertFalse(LineProtocol.append(w, reading(d, p, 5, Double.POSITIVE_INFINITY, null, null, null, null)));
        assertEquals(keep, w.toString());
    }

    @Test
    void tagValuesEscapeCommasEqualsAndSpacesAndEmptyTagsAreLeftOut() {
        Device d = device("el 1,a=b", p, "上海 某某电梯, 有限公司", "");
        assertEquals("elevator,device=el\\ 1\\,a\\=b,enterprise=上海\\ 某某电梯\\,\\ 有限公司 floor=1i 5\n",
                line(reading(d, p, 5, null, 1L, null, null, null)));
    }

    @Test
    void tagValuesAreWrittenWithTheOneEncodersRules() {
        Device d = device("a\\b", p, "line\nbreak", "east\\\\");
        assertEquals("elevator,device=a\\b,enterprise=line\\ break,region=east floor=1i 5\n",
                line(reading(d, p, 5, null, 1L, null, null, null)));
        Device d2 = device("x\\,y", p, "\\", "r");
        assertEquals("elevator,device=x\\\\,y,region=r floor=1i 5\n",
                line(reading(d2, p, 5, null, 1L, null, null, null)));
    }

    @Test
    void stringFieldsEscapeQuotesAndBackslashes() {
        Device d = device("el-1", p, "Acme", "east");
        assertEquals("elevator,device=el-1,enterprise=Acme,region=east note=\"say \\\"hi\\\" C:\\\\dir\\\\\" 5\n",
                line(reading(d, p, 5, null, null, null, null, "say \"hi\" C:\\dir\\")));
    }

    @Test
    void measurementAndFieldKeysAreEscaped() {
        DeviceProfile odd = profile("power transformer,x", field("oil temp=top", FieldType.NUMBER));
        Device d = device("t1", odd, "", "");
        assertEquals("power\\ transformer\\,x,device=t1 oil\\ temp\\=top=65.5 5\n",
                line(reading(d, odd, 5, 65.5)));
    }
}
