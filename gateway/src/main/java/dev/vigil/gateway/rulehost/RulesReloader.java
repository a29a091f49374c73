package dev.vigil.gateway.rulehost;

import dev.vigil.profile.DeviceRegistry;
import dev.vigil.rules.RuleSetLoader;
import dev.vigil.rules.zones.ZoneIndex;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Notices changes to the rule files, the profile files and the zone files by polling their names,
 * sizes and modification times on a worker thread, and loads the changed set there (CEL
 * compilation and GeoJSON parsing stay off the event loop). A change is loaded once: a broken
 * file is reported once and not retried until it changes again.
 */
final class RulesReloader {

    /** A rules load: the loader's result and the rule files it read. */
    record RulesLoad(RuleSetLoader.Result result, List<Path> files) {}

    /** A zones load: the new index, or the problem. */
    record ZonesLoad(ZoneIndex index, String problem) {}

    private final Vertx vertx;
    private final Path rulesDir;
    private final Path zonesDir;
    private final Supplier<DeviceRegistry> registry;
    private final ZoneSource zones;
    private volatile String rulesPrint;
    private volatile String zonesPrint;
    private boolean busy;

    RulesReloader(Vertx vertx, Path rulesDir, Path zonesDir, Supplier<DeviceRegistry> registry, ZoneSource zones) {
        this.vertx = vertx;
        this.rulesDir = rulesDir;
        this.zonesDir = zonesDir;
        this.registry = registry;
        this.zones = zones;
    }

    /** Loads rules now (blocking; for start-up). */
    RulesLoad loadRules() {
        DeviceRegistry reg = registry.get();
        rulesPrint = RuleFiles.fingerprint(rulesDir, reg.profiles().values());
        return new RulesLoad(RuleFiles.load(rulesDir, reg.profiles()), RuleFiles.list(rulesDir));
    }

    /** Loads zones now (blocking; for start-up); throws with the problems. */
    ZoneIndex loadZones() throws Exception {
        zonesPrint = RuleFiles.zonesFingerprint(zonesDir);
        return zones.load();
    }

    /**
     * Checks for changes (call on the owner's context); the handlers run on that context, only
     * for what changed.
     */
    void check(Handler<RulesLoad> onRules, Handler<ZonesLoad> onZones) {
        if (busy) return;
        busy = true;
        DeviceRegistry reg = registry.get();
        Future<RulesLoad> rules = vertx.executeBlocking(() -> {
            String fp = RuleFiles.fingerprint(rulesDir, reg.profiles().values());
            if (fp.equals(rulesPrint)) return null;
            rulesPrint = fp;
            return new RulesLoad(RuleFiles.load(rulesDir, reg.profiles()), RuleFiles.list(rulesDir));
        }, false);
        Future<ZonesLoad> zs = vertx.executeBlocking(() -> {
            String fp = RuleFiles.zonesFingerprint(zonesDir);
            if (fp.equals(zonesPrint)) return null;
            zonesPrint = fp;
            try {
                return new ZonesLoad(zones.load(), null);
            } catch (Exception e) {
                return new ZonesLoad(null, e.getMessage());
            }
        }, false);
        Future.join(rules, zs).onComplete(ar -> {
            busy = false;
            if (rules.succeeded() && rules.result() != null) onRules.handle(rules.result());
            if (zs.succeeded() && zs.result() != null) onZones.handle(zs.result());
        });
    }
}
