package dev.vigil.gateway.modbus;

import java.util.List;

/**
 * What the poller knows about one device after its latest poll; an immutable snapshot.
 *
 * @param deviceId            the device
 * @param endpoint            "host:port" it is polled at
 * @param unit                its unit id
 * @param online              false after {@code offline_after} consecutive failed polls
 * @param consecutiveFailures failed polls since the last good one
 * @param polls               polls completed
 * @param failedPolls         polls that produced no reading
 * @param skippedPolls        ticks skipped because the previous poll was still running
 * @param lastPollTime        epoch ms of the latest completed poll, 0 before the first
 * @param lastSuccessTime     epoch ms of the latest good poll, 0 before the first
 * @param lastError           the latest failure, or null
 * @param registerIssues      registers that failed in the latest poll (exception responses, undecodable values)
 */
public record ModbusDeviceStatus(String deviceId, String endpoint, int unit, boolean online, int consecutiveFailures,
                                 long polls, long failedPolls, long skippedPolls, long lastPollTime,
                                 long lastSuccessTime, String lastError, List<RegisterIssue> registerIssues) {

    public ModbusDeviceStatus {
        registerIssues = List.copyOf(registerIssues);
    }
}
