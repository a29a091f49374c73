package dev.vigil.gateway.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The users file ({@code auth.users}, default {@code config/users.yaml}): a YAML list under
 * {@code users:} of name, role, regions or enterprise, password hash and API token hashes. Written
 * by {@code vigil user ...} (whole file replaced atomically, readable by its owner only), read by
 * the gateway. A file with a problem is refused whole, naming the file, the user and the field.
 */
public final class UsersFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)); // every string quoted: a token id like 1234e567 stays text
    private static final Set<String> USER_KEYS = Set.of("name", "role", "regions", "enterprise", "password", "tokens");
    private static final Set<String> TOKEN_KEYS = Set.of("id", "sha256", "created", "label");
    private static final String HEADER = "# Vigil users: managed with `vigil user add|list|remove|passwd|token`.\n"
            + "# Passwords are stored as PBKDF2-HMAC-SHA256 hashes and API tokens as SHA-256 hashes, never in clear.\n";

    /** The file cannot be used; the message names the file and what is wrong. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private UsersFile() {}

    /** The users in {@code file}; an absent file has none. */
    public static List<User> load(Path file) {
        if (!Files.exists(file)) return List.of();
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new Refused(file + (loc == null ? "" : ":" + loc.getLineNr()) + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) return List.of();
        JsonNode list = root.get("users");
        if (!root.isObject() || list == null || !(list.isArray() || list.isNull()) || root.size() != 1) {
            throw new Refused(file + ": expected one key, users: a list of users");
        }
        List<User> users = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        Set<String> tokenIds = new java.util.HashSet<>();
        int i = 0;
        for (JsonNode u : list) {
            i++;
            String where = file + ": user " + i + (u.hasNonNull("name") ? " ('" + u.get("name").asText() + "')" : "") + ": ";
            if (!u.isObject()) throw new Refused(where + "expected name, role, ...");
            unknownKeys(u, USER_KEYS, where);
            String roleText = text(u, "role", where);
            Role role = Role.parse(roleText);
            if (role == null) throw new Refused(where + "role: '" + roleText + "' is not admin, regulator, enterprise or inspector");
            List<String> regions = new ArrayList<>();
            JsonNode r = u.get("regions");
            if (r != null && !r.isNull()) {
                if (!r.isArray()) throw new Refused(where + "regions: expected a list of region ids");
                r.forEach(x -> regions.add(x.asText()));
            }
            List<ApiToken> tokens = new ArrayList<>();
            JsonNode t = u.get("tokens");
            if (t != null && !t.isNull()) {
                if (!t.isArray()) throw new Refused(where + "tokens: expected a list");
                for (JsonNode tn : t) {
                    unknownKeys(tn, TOKEN_KEYS, where + "tokens: ");
                    ApiToken tok = new ApiToken(text(tn, "id", where + "tokens: "), text(tn, "sha256", where + "tokens: "),
                            tn.path("created").asText(""), tn.path("label").asText(""));
                    if (!tok.id().matches("[0-9a-f]{8}") || !tok.sha256().matches("[0-9a-f]{64}")) {
                        throw new Refused(where + "tokens: id must be 8 and sha256 64 lowercase hex digits");
                    }
                    if (!tokenIds.add(tok.id())) throw new Refused(where + "tokens: id " + tok.id() + " appears twice in the file");
                    tokens.add(tok);
                }
            }
            User user = new User(text(u, "name", where), role, regions,
                    u.hasNonNull("enterprise") ? u.get("enterprise").asText() : null,
                    u.hasNonNull("password") ? u.get("password").asText() : null, tokens);
            String problem = user.problem();
            if (problem != null) throw new Refused(where + problem);
            if (!names.add(user.name())) throw new Refused(where + "name '" + user.name() + "' appears twice");
            users.add(user);
        }
        return users;
    }

    /** Replaces {@code file} with these users (atomically; owner-only permissions where the file system has them). */
    public static void save(Path file, List<User> users) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (User u : users) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", u.name());
            m.put("role", u.role().id());
            if (!u.regions().isEmpty()) m.put("regions", u.regions());
            if (u.enterprise() != null) m.put("enterprise", u.enterprise());
            if (u.passwordHash() != null) m.put("password", u.passwordHash());
            if (!u.tokens().isEmpty()) {
                List<Map<String, Object>> tl = new ArrayList<>();
                for (ApiToken t : u.tokens()) {
                    Map<String, Object> tm = new LinkedHashMap<>();
                    tm.put("id", t.id());
                    tm.put("sha256", t.sha256());
                    tm.put("created", t.created());
                    tm.put("label", t.label());
                    tl.add(tm);
                }
                m.put("tokens", tl);
            }
            list.add(m);
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".users-", ".yaml");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.writeString(tmp, HEADER + YAML.writeValueAsString(Map.of("users", list)));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) throw new Refused(where + key + ": missing");
        return v.asText();
    }

    private static void unknownKeys(JsonNode n, Set<String> known, String where) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) throw new Refused(where + k + ": unknown key; known: " + String.join(", ", known.stream().sorted().toList()));
        }
    }
}
