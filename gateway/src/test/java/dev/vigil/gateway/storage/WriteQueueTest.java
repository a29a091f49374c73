package dev.vigil.gateway.storage;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldType;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.vigil.gateway.storage.Readings.device;
import static dev.vigil.gateway.storage.Readings.field;
import static dev.vigil.gateway.storage.Readings.profile;
import static dev.vigil.gateway.storage.Readings.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class WriteQueueTest {
    private final DeviceProfile p = profile("q", field("n", FieldType.INTEGER));
    private final Device d = device("d", p, "", "");

    private WriteQueue.Entry entry(int n) {
        List<Telemetry> readings = new ArrayList<>();
        for (int i = 0; i < n; i++) readings.add(reading(d, p, i, (long) i));
        return new WriteQueue.Entry(readings, null, Promise.promise());
    }

    private static String describe(List<WriteQueue.Slice> batch, List<WriteQueue.Entry> entries) {
        StringBuilder sb = new StringBuilder();
        for (WriteQueue.Slice s : batch) {
            sb.append(entries.indexOf(s.entry())).append('[').append(s.from()).append(',').append(s.to()).append(") ");
        }
        return sb.toString().strip();
    }

    @Test
    void fullBatchesAreCutAcrossWritesAndTheRestIsHandedOutOnClose() throws Exception {
        WriteQueue q = new WriteQueue(3, 600_000);
        List<WriteQueue.Entry> e = List.of(entry(2), entry(2), entry(5));
        for (WriteQueue.Entry x : e) q.add(x);

        assertEquals("0[0,2) 1[0,1)", describe(q.take(), e));
        assertEquals("1[1,2) 2[0,2)", describe(q.take(), e));
        assertEquals("2[2,5)", describe(q.take(), e));
        q.close();
        assertNull(q.take());
        assertFalse(q.add(entry(1)));
    }

    @Test
    void aWriteIsDoneWhenItsLastPartIsWrittenAndFailsOnlyOnce() throws Exception {
        WriteQueue q = new WriteQueue(2, 600_000);
        WriteQueue.Entry big = entry(5);
        q.add(big);
        List<WriteQueue.Slice> first = q.take();
        List<WriteQueue.Slice> second = q.take();
        q.close();
        List<WriteQueue.Slice> third = q.take();

        assertEquals(List.of(), q.finished(second, null));
        Rejection failure = new Rejection(Rejection.Reason.STORAGE_FAILED, "boom");
        List<WriteQueue.Entry> failed = q.finished(first, failure);
        assertEquals(1, failed.size());
        assertSame(big, failed.get(0));
        assertEquals(List.of(), q.finished(third, null), "a failed write is not completed again");
    }

    @Test
    void aWriteSplitOverBatchesSucceedsAfterAllOfThem() throws Exception {
        WriteQueue q = new WriteQueue(2, 600_000);
        WriteQueue.Entry big = entry(3);
        q.add(big);
        List<WriteQueue.Slice> first = q.take();
        q.close();
        List<WriteQueue.Slice> second = q.take();
        assertEquals(List.of(), q.finished(second, null));
        assertEquals(List.of(big), q.finished(first, null));
    }
}
