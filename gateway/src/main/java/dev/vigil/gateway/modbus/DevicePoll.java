package dev.vigil.gateway.modbus;

import com.ghgande.j2mod.modbus.ModbusSlaveException;
import dev.vigil.profile.modbus.ReadRequest;
import dev.vigil.profile.modbus.RegisterDecodeException;
import dev.vigil.profile.modbus.RegisterSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Executes a device's read plan on its connection's thread: retries requests that got no answer
 * (the channel reconnects in between), and when a merged read is refused with an exception
 * response, re-reads its entries one by one so the exception is reported per register; such a
 * read stays split for this device from then on.
 */
final class DevicePoll {
    private final ModbusTarget target;
    private final int retries;
    private final Set<Integer> split = new HashSet<>();

    DevicePoll(ModbusTarget target, int retries) {
        this.target = target;
        this.retries = retries;
    }

    /** One poll; blocking, only on the channel's thread. */
    PollOutcome poll(ModbusChannel channel) {
        long started = System.nanoTime();
        long time = System.currentTimeMillis();
        Object[] values = new Object[target.profile().fields().size()];
        List<RegisterIssue> issues = new ArrayList<>();
        List<RegisterDecodeException> decodeErrors = new ArrayList<>();
        List<ReadRequest> plan = target.map().plan();
        int answered = 0;
        try {
            for (int i = 0; i < plan.size(); i++) {
                ReadRequest r = plan.get(i);
                if (split.contains(i)) {
                    answered += readSingly(channel, r, values, issues, decodeErrors);
                    continue;
                }
                try {
                    int[] data = readWithRetries(channel, r);
                    target.map().decode(r, data, values, decodeErrors);
                    answered += r.registers().size();
                } catch (ModbusSlaveException e) {
                    if (unitWide(e)) {
                        return new PollOutcome(time, null, issues, "Modbus exception " + e.getType()
                                + " (" + exceptionName(e.getType()) + ") for " + r, System.nanoTime() - started);
                    }
                    if (r.registers().size() > 1) {
                        int n = readSingly(channel, r, values, issues, decodeErrors);
                        // keep the read split only when the refusal was about some of its registers
                        if (n > 0) split.add(i);
                        answered += n;
                    } else {
                        issues.add(issue(r.registers().get(0), e));
                    }
                }
            }
        } catch (ModbusChannel.ChannelException e) {
            return new PollOutcome(time, null, issues, e.getMessage(), System.nanoTime() - started);
        }
        for (RegisterDecodeException e : decodeErrors) {
            RegisterSpec s = spec(e.field());
            issues.add(new RegisterIssue(e.field(), s.table(), s.address(), e.getMessage()));
        }
        boolean any = false;
        for (Object v : values) any |= v != null;
        String failure = any ? null : answered == 0
                ? "every register was refused: " + issues
                : "no register could be decoded: " + issues;
        return new PollOutcome(time, any ? values : null, issues, failure, System.nanoTime() - started);
    }

    private int readSingly(ModbusChannel channel, ReadRequest merged, Object[] values, List<RegisterIssue> issues,
                           List<RegisterDecodeException> decodeErrors) throws ModbusChannel.ChannelException {
        int answered = 0;
        for (RegisterSpec s : merged.registers()) {
            ReadRequest one = ReadRequest.single(s);
            try {
                target.map().decode(one, readWithRetries(channel, one), values, decodeErrors);
                answered++;
            } catch (ModbusSlaveException e) {
                issues.add(issue(s, e));
            }
        }
        return answered;
    }

    private int[] readWithRetries(ModbusChannel channel, ReadRequest r) throws ModbusSlaveException, ModbusChannel.ChannelException {
        ModbusChannel.ChannelException last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            try {
                return channel.read(target.unit(), r, target.timeoutMs());
            } catch (ModbusChannel.ChannelException e) {
                last = e;
                if (!e.retryable()) break;
            }
        }
        throw last;
    }

    /** Gateway exceptions (10, 11) and "busy" (6) say nothing about a register: the unit did not answer. */
    private static boolean unitWide(ModbusSlaveException e) {
        return e.getType() == 6 || e.getType() == 10 || e.getType() == 11;
    }

    private static RegisterIssue issue(RegisterSpec s, ModbusSlaveException e) {
        return new RegisterIssue(s.field(), s.table(), s.address(), "Modbus exception " + e.getType() + " (" + exceptionName(e.getType()) + ")");
    }

    /** The Modbus application protocol's name of an exception code. */
    static String exceptionName(int code) {
        return switch (code) {
            case 1 -> "illegal function";
            case 2 -> "illegal data address";
            case 3 -> "illegal data value";
            case 4 -> "server device failure";
            case 5 -> "acknowledge";
            case 6 -> "server device busy";
            case 8 -> "memory parity error";
            case 10 -> "gateway path unavailable";
            case 11 -> "gateway target device failed to respond";
            default -> "code " + code;
        };
    }

    private RegisterSpec spec(String field) {
        for (RegisterSpec s : target.map().registers()) if (s.field().equals(field)) return s;
        throw new IllegalStateException("no register for " + field);
    }
}
