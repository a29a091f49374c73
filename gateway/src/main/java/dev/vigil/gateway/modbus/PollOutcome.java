package dev.vigil.gateway.modbus;

import java.util.List;

/**
 * The result of one poll of one device, handed from the connection thread back to the poller.
 *
 * @param time        epoch ms when the poll started reading (the reading's time)
 * @param values      decoded values aligned with the profile's fields, or null when nothing was read
 * @param issues      registers that failed (exception responses, undecodable values)
 * @param failure     why the device gave no reading (timeout, connection refused, every register
 *                    refused ...), or null for a good poll
 * @param durationNanos time spent on the connection thread
 */
record PollOutcome(long time, Object[] values, List<RegisterIssue> issues, String failure, long durationNanos) {

    boolean ok() {
        return failure == null;
    }
}
