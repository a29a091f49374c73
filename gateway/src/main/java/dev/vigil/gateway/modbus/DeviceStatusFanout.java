package dev.vigil.gateway.modbus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Passes offline / online announcements on to every listener that subscribed (the rules, metrics ...). */
public final class DeviceStatusFanout implements DeviceStatusListener {
    private final List<DeviceStatusListener> listeners = new CopyOnWriteArrayList<>();

    public void add(DeviceStatusListener listener) {
        listeners.add(listener);
    }

    @Override
    public void onOffline(String deviceId, long time, String reason) {
        for (DeviceStatusListener l : listeners) l.onOffline(deviceId, time, reason);
    }

    @Override
    public void onOnline(String deviceId, long time) {
        for (DeviceStatusListener l : listeners) l.onOnline(deviceId, time);
    }
}
