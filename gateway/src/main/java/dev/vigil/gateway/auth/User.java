package dev.vigil.gateway.auth;

import dev.vigil.gateway.history.Scope;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One user of the HTTP API and console, as kept in the users file.
 *
 * @param name         log-in name (letters of any script, digits, {@code . _ @ -}; at most 64)
 * @param role         what the user may do
 * @param regions      the regions a regulator or inspector sees (empty for the others)
 * @param enterprise   the enterprise an enterprise user sees (null for the others)
 * @param passwordHash {@link PasswordHash} text, or null: the user logs in with API tokens only
 * @param tokens       the user's API tokens (hashes only)
 */
public record User(String name, Role role, List<String> regions, String enterprise, String passwordHash, List<ApiToken> tokens) {
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._@-]{1,64}");

    public User {
        regions = regions == null ? List.of() : List.copyOf(regions);
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    /** What is wrong with this user's name, role and scope, or null. */
    public String problem() {
        if (name == null || !NAME.matcher(name).matches()) {
            return "name '" + name + "' must be 1-64 letters, digits or . _ @ - (no spaces)";
        }
        if (role == null) return "role must be one of admin, regulator, enterprise, inspector";
        boolean regional = role == Role.REGULATOR || role == Role.INSPECTOR;
        if (regional && regions.isEmpty()) return "a " + role.id() + " needs at least one region (--region)";
        if (!regional && !regions.isEmpty()) return "regions are only for regulators and inspectors, not for a " + role.id();
        if (role == Role.ENTERPRISE && (enterprise == null || enterprise.isBlank())) return "an enterprise user needs its enterprise (--enterprise)";
        if (role != Role.ENTERPRISE && enterprise != null) return "an enterprise is only for enterprise users, not for a " + role.id();
        if (passwordHash != null) return PasswordHash.problem(passwordHash);
        return null;
    }

    /** What this user may see. */
    public Scope scope() {
        return switch (role) {
            case ADMIN -> Scope.all();
            case ENTERPRISE -> Scope.enterprise(enterprise);
            case REGULATOR, INSPECTOR -> Scope.regions(Set.copyOf(regions));
        };
    }

    public User withPasswordHash(String hash) {
        return new User(name, role, regions, enterprise, hash, tokens);
    }

    public User withToken(ApiToken t) {
        List<ApiToken> more = new ArrayList<>(tokens);
        more.add(t);
        return new User(name, role, regions, enterprise, passwordHash, more);
    }

    public User withoutToken(String id) {
        return new User(name, role, regions, enterprise, passwordHash, tokens.stream().filter(t -> !t.id().equals(id)).toList());
    }
}
